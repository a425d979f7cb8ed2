//! One report, read and rendered in memory: what `build` writes and `check` discards, so that
//! both meet the same failures.

use std::path::Path;

use gongwen::diag::{self, Diagnostic};
use gongwen::Format;

use super::fontsets::FontSets;
use super::printer::{Failure, Messages, Printer};

/// The bytes of each format of one report, not yet written.
pub type Rendered = Vec<(Format, Vec<u8>)>;

/// Loads one report, its warnings added to `messages`; a failure says which exit code.
pub fn load_one(
    printer: &Printer,
    input: &Path,
    messages: &mut Messages,
) -> Result<gongwen::Loaded, Failure> {
    match gongwen::yaml::load_with(input, &printer.catalogue) {
        Ok(mut l) => {
            messages.diagnostics(std::mem::take(&mut l.warnings));
            Ok(l)
        }
        Err(diags) => {
            // A file that cannot be read at all is a usage problem (2), not a wrong report (1).
            let unreadable = diags.iter().any(|d| d.code == "unreadable");
            messages.diagnostics(diags);
            Err(if unreadable {
                Failure::Reported
            } else {
                Failure::Input
            })
        }
    }
}

/// One report read, its fonts resolved and every asked format rendered in memory, its
/// messages added to `messages`.
pub fn prepare(
    printer: &Printer,
    input: &Path,
    formats: &[Format],
    fonts: &FontSets,
    messages: &mut Messages,
) -> Result<(gongwen::Loaded, Rendered), Failure> {
    let l = load_one(printer, input, messages)?;
    let file = input.display().to_string();
    let set = if formats.iter().any(|f| f.needs_fonts()) {
        let set = fonts.for_report(printer, input, &l, messages)?;
        // Say which characters print from a fallback face, or from none (an empty box).
        messages.diagnostics(
            gongwen::check::glyphs(&l.report, &set)
                .into_iter()
                .map(|d| d.in_file(&file, &l.source)),
        );
        Some(set)
    } else {
        None
    };
    let mut rendered = Vec::new();
    let mut failed = false;
    let composition = gongwen::compose::compose(&l.report);
    for &f in formats {
        match gongwen::render_composed_warned(&l.report, &composition, f, set.as_deref()) {
            Ok((bytes, warned)) => {
                // The layout's warnings (a forced title line wrapped, …), located in the YAML.
                messages.diagnostics(warned.into_iter().map(|d| d.in_file(&file, &l.source)));
                rendered.push((f, bytes));
            }
            Err(d) => {
                messages.diagnostics([d.in_file(&file, &l.source)]);
                failed = true;
            }
        }
    }
    if failed {
        return Err(Failure::Input);
    }
    Ok((l, rendered))
}

pub fn parse_formats(format: &[String]) -> Result<Vec<Format>, Failure> {
    if format.is_empty() {
        return Ok(Format::ALL.to_vec());
    }
    let mut v = Vec::new();
    for f in format {
        let parsed = Format::parse(f).ok_or_else(|| {
            Failure::usage(
                Diagnostic::error("unknown-format", format!("unknown format `{f}`"))
                    .help("formats: pdf, docx, xlsx, text, ofd")
                    .zh(format!("未知的格式 `{f}`"))
                    .help_zh("可用的格式：pdf、docx、xlsx、text、ofd"),
            )
        })?;
        if !v.contains(&parsed) {
            v.push(parsed);
        }
    }
    Ok(v)
}

pub fn cannot_write(path: &Path, e: &std::io::Error) -> Diagnostic {
    diag::io_failure("cannot-write", "cannot write", "无法写入", path, e)
        .help("check that the folder exists, that you may write to it and that the disk has room")
        .help_zh("请检查文件夹是否存在、是否有写入权限以及磁盘空间是否足够")
}

pub fn cannot_create_folder(path: &Path, e: &std::io::Error) -> Diagnostic {
    diag::io_failure(
        "cannot-create-folder",
        "cannot create the output folder",
        "无法创建输出文件夹",
        path,
        e,
    )
    .help("choose another output folder with -o")
    .help_zh("请用 -o 选择另一个输出文件夹")
}
