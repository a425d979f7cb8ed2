//! Writers: each turns the report model into one output format and returns the file's bytes.
//! Writing the bytes to disk (atomically) is the caller's job, so no writer leaves a half file.
//! A writer reports a failure as a [`Diagnostic`] in both languages, like every other stage.

pub mod docx;
pub mod ofd;
pub mod pdf;
mod pdf_syllables;
mod pdf_tags;
pub mod text;
pub mod xlsx;

use crate::diag::Diagnostic;

/// A writer could not produce its output: never the content's fault (check finds those), so
/// the message names the writer and what the library underneath said.
pub fn writer_failed(format: &str, detail: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        "writer-failed",
        format!("the {format} could not be written: {detail}"),
    )
    .zh(format!("{format} 文件无法生成：{detail}"))
    .help("this is a defect of gongwen, not of the report: please send the YAML to the maintainers")
    .help_zh("这是 gongwen 的缺陷，不是报告的问题：请把 YAML 文件发给维护者")
}
