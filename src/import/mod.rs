//! Import: a report that exists as published text, a Word file or a PDF → the YAML source, so
//! that nobody retypes last year's report. The readers build the report model (as
//! [`crate::yaml`] does from YAML) and [`crate::yaml::to_yaml`] writes it in the style of the
//! hand-written sources.
//!
//! The import never invents text and never drops any: what it cannot place stays a plain
//! paragraph and a warning says so.

pub mod assemble;
pub mod docx;
pub mod pdf;
pub mod text;

use std::path::Path;

use crate::catalogue::Catalogue;
use crate::diag::Diagnostic;
use crate::model::Report;

/// An imported report with what the clerk should know about it.
#[derive(Debug)]
pub struct Imported {
    pub report: Report,
    /// Places the import was unsure of; `line` is the input line (text) or paragraph (DOCX).
    pub warnings: Vec<Diagnostic>,
    /// Every half-width mark made full-width.
    pub punctuation: crate::hanzi::Summary,
}

/// The input could not be read at all: a diagnostic in both languages, like every other
/// message gongwen gives, naming the file and what to do.
pub type ImportError = Diagnostic;

/// Imports plain text (UTF-8).
pub fn from_text(text: &str) -> Imported {
    text::import(text, Catalogue::builtin())
}

/// Imports a DOCX file's bytes.
pub fn from_docx(bytes: &[u8]) -> Result<Imported, ImportError> {
    docx::import(bytes, Catalogue::builtin())
}

/// Imports a PDF file's bytes: the YAML a gongwen PDF carries, else the text of its pages.
pub fn from_pdf(bytes: &[u8]) -> Result<Imported, ImportError> {
    pdf::import(bytes, Catalogue::builtin())
}

/// Imports plain text, mapping its numbers onto `catalogue` (an office's catalogue added to
/// the built-in one) rather than the built-in catalogue.
pub fn from_text_with(text: &str, catalogue: &Catalogue) -> Imported {
    text::import(text, catalogue)
}

/// Imports a file, with numbers mapped onto the built-in catalogue (see [`from_path_with`]).
pub fn from_path(path: &Path) -> Result<Imported, ImportError> {
    from_path_with(path, Catalogue::builtin())
}

/// Imports a file: a DOCX (by its zip signature or extension), a PDF (by its `%PDF-`
/// header, which may follow some junk bytes) or UTF-8 text; numbers are mapped onto
/// `catalogue` (an office's catalogue added to the built-in one).
pub fn from_path_with(path: &Path, catalogue: &Catalogue) -> Result<Imported, ImportError> {
    let name = path.display().to_string();
    let in_file = |d: Diagnostic| {
        let mut d = d;
        d.file = name.clone();
        d
    };
    let bytes = std::fs::read(path).map_err(|e| {
        crate::diag::io_failure("unreadable", "cannot read", "无法读取", path, &e)
            .help("check the file name and that you may read it")
            .help_zh("请检查文件名以及是否有读取权限")
    })?;
    let is_docx = bytes.starts_with(b"PK\x03\x04")
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if is_docx {
        return docx::import(&bytes, catalogue).map_err(in_file);
    }
    // Readers accept the header anywhere in the first KB; so does the import.
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return pdf::import(&bytes, catalogue).map_err(in_file);
    }
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("doc"))
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
    {
        return Err(in_file(
            Diagnostic::error("old-word-file", "this is an old Word (.doc) file")
                .help("save it as .docx (Word: Save As → Word Document) and import that")
                .zh("这是旧版 Word（.doc）文件")
                .help_zh("请另存为 .docx（Word：另存为 → Word 文档）后再导入"),
        ));
    }
    match String::from_utf8(bytes) {
        Ok(t) => {
            let mut imported = text::import(&t, catalogue);
            // Quoted here, where the text is at hand, each of thousands of warnings costs
            // its own line only.
            imported.warnings = crate::diag::in_file_all(imported.warnings, &name, &t);
            Ok(imported)
        }
        Err(_) => Err(in_file(
            Diagnostic::error("not-utf8", "the file is not UTF-8 text")
                .help("save it as UTF-8 (Notepad: Save As → Encoding: UTF-8) and import again")
                .zh("文件不是 UTF-8 编码的文本")
                .help_zh("请另存为 UTF-8（记事本：另存为 → 编码选 UTF-8）后再导入"),
        )),
    }
}

/// The comment that heads an imported YAML file.
pub fn header_comment(source_name: &str) -> Vec<String> {
    vec![
        format!("由 gongwen import 从 {source_name} 导入。请核对标题、层次和署名；"),
        "正文中的数字写成 {数字和单位|指标编码}，指标名称（文末 indicators）凡是自动生成的，请改成准确的名称。".to_string(),
        "指标编码已尽量对应指标目录（注释“目录：…”）；注有“未对应目录，请核对”的，请核对名称，能对应的加上 catalogue: 目录编码。".to_string(),
    ]
}
