//! Diagnostics written for the clerk at the terminal: where (file:line:column and the YAML
//! path), what is wrong, and what to do about it.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable short name of the rule, e.g. `unknown-key`.
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
    /// The same message and help in Chinese, the language of the offices that use gongwen.
    pub message_zh: Option<String>,
    pub help_zh: Option<String>,
    pub file: String,
    /// YAML path such as `body[0].body[1].heading`, when known.
    pub path: Option<String>,
    /// 1-based; 0 when unknown.
    pub line: usize,
    pub column: usize,
    /// The source line, for the snippet under the message: around the column only when
    /// the line is long, cut with `…`.
    pub source_line: Option<String>,
    /// Characters of the source line left out before `source_line` begins.
    pub source_skip: usize,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            help: None,
            message_zh: None,
            help_zh: None,
            file: String::new(),
            path: None,
            line: 0,
            column: 0,
            source_line: None,
            source_skip: 0,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn zh(mut self, message: impl Into<String>) -> Diagnostic {
        self.message_zh = Some(message.into());
        self
    }

    pub fn help_zh(mut self, help: impl Into<String>) -> Diagnostic {
        self.help_zh = Some(help.into());
        self
    }

    /// Message and help in the language asked for (English where no translation exists).
    pub fn text(&self, lang: Lang) -> (&str, Option<&str>) {
        match lang {
            Lang::Zh => (
                self.message_zh.as_deref().unwrap_or(&self.message),
                self.help_zh.as_deref().or(self.help.as_deref()),
            ),
            Lang::En => (&self.message, self.help.as_deref()),
        }
    }

    /// The diagnostic as a compiler would print it.
    pub fn render(&self, lang: Lang) -> String {
        Rendered(self, lang).to_string()
    }

    pub fn at(mut self, loc: &crate::model::Loc) -> Diagnostic {
        if !loc.path.is_empty() {
            self.path = Some(loc.path.clone());
        }
        self.line = loc.line;
        self.column = loc.column;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Fill in the file name and the quoted source line. Reads the source up to the line
    /// unless the line is already quoted from this file: for many diagnostics of one source,
    /// [`in_file_all`] reads it once.
    pub fn in_file(mut self, file: &str, source: &str) -> Diagnostic {
        if self.line > 0 && !(self.file == file && self.source_line.is_some()) {
            match source.lines().nth(self.line - 1) {
                Some(line) => self.quote(line, &|n| line.char_indices().nth(n).map(|(b, _)| b)),
                None => self.source_line = None,
            }
        }
        self.file = file.to_string();
        self
    }

    /// [`Diagnostic::in_file`] with the source's lines found beforehand.
    pub fn in_source(mut self, file: &str, lines: &SourceLines) -> Diagnostic {
        self.file = file.to_string();
        if self.line > 0 {
            match lines.line(self.line) {
                Some(line) => {
                    let n = self.line;
                    self.quote(line, &|c| lines.byte_of_char(n, c))
                }
                None => self.source_line = None,
            }
        }
        self
    }
}

impl Diagnostic {
    /// Quotes `line`, or the part of it around the column when it is long: a paragraph of a
    /// megabyte on one line may draw thousands of warnings, and each would copy all of it.
    /// `byte_of` gives the byte where a character of the line starts.
    fn quote(&mut self, line: &str, byte_of: &dyn Fn(usize) -> Option<usize>) {
        const REACH: usize = 80;
        self.source_skip = 0;
        if line.len() <= 4 * REACH {
            self.source_line = Some(line.to_string());
            return;
        }
        let column = self.column.saturating_sub(1);
        let from = column.saturating_sub(REACH);
        let start = byte_of(from).unwrap_or(line.len());
        let end = byte_of(column + REACH).unwrap_or(line.len());
        let mut quoted = String::with_capacity(end - start + 6);
        if from > 0 {
            quoted.push('…');
        }
        quoted.push_str(&line[start..end]);
        if end < line.len() {
            quoted.push('…');
        }
        self.source_line = Some(quoted);
        self.source_skip = from;
    }
}

/// Every diagnostic placed in `file`, its source lines quoted: a report may draw 100,000
/// warnings, and looking each line up from the start of the text would take time in the
/// square of that.
pub fn in_file_all(
    diagnostics: impl IntoIterator<Item = Diagnostic>,
    file: &str,
    source: &str,
) -> Vec<Diagnostic> {
    let lines = SourceLines::new(source);
    diagnostics
        .into_iter()
        .map(|d| d.in_source(file, &lines))
        .collect()
}

/// A text's lines by number, as [`str::lines`] splits them.
pub struct SourceLines<'a> {
    lines: Vec<&'a str>,
    /// Where each character of a long line starts, for the lines asked about: found once
    /// however many diagnostics point into the line.
    chars: std::cell::RefCell<std::collections::HashMap<usize, Vec<usize>>>,
}

impl<'a> SourceLines<'a> {
    pub fn new(source: &'a str) -> SourceLines<'a> {
        SourceLines {
            lines: source.lines().collect(),
            chars: Default::default(),
        }
    }

    /// Line `n`, 1-based.
    pub fn line(&self, n: usize) -> Option<&'a str> {
        n.checked_sub(1).and_then(|i| self.lines.get(i)).copied()
    }

    /// The byte where character `c` of line `n` starts.
    fn byte_of_char(&self, n: usize, c: usize) -> Option<usize> {
        let line = self.line(n)?;
        let mut chars = self.chars.borrow_mut();
        let starts = chars
            .entry(n)
            .or_insert_with(|| line.char_indices().map(|(b, _)| b).collect());
        starts.get(c).copied()
    }
}

/// The language of messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Rendered(self, Lang::En).fmt(f)
    }
}

struct Rendered<'a>(&'a Diagnostic, Lang);

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Rendered(d, lang) = *self;
        let zh = lang == Lang::Zh;
        let kind = match (d.severity, zh) {
            (Severity::Error, false) => "error",
            (Severity::Warning, false) => "warning",
            (Severity::Error, true) => "错误",
            (Severity::Warning, true) => "警告",
        };
        let (message, help) = d.text(lang);
        writeln!(f, "{kind}[{}]: {message}", d.code)?;
        let this = d;
        let mut place = this.file.clone();
        if this.line > 0 {
            place.push_str(&format!(":{}:{}", this.line, this.column.max(1)));
        }
        if let Some(path) = &this.path {
            if place.is_empty() {
                place = format!("{} {path}", if zh { "位置" } else { "at" });
            } else {
                place.push_str(&format!(" ({} {path})", if zh { "位置" } else { "at" }));
            }
        }
        if !place.is_empty() {
            writeln!(f, "  --> {place}")?;
        }
        if let Some(src) = &this.source_line {
            let n = this.line.to_string();
            let pad = " ".repeat(n.len());
            writeln!(f, " {pad} |")?;
            writeln!(f, " {n} | {src}")?;
            // Count display columns: CJK characters are two cells wide in a terminal. A line
            // quoted from the middle starts with `…` in place of what was left out.
            let before = this.column.saturating_sub(1);
            let before = match this.source_skip {
                0 => before,
                skip => before.saturating_sub(skip) + 1,
            };
            let caret: usize = src
                .chars()
                .take(before)
                .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
                .sum();
            writeln!(f, " {pad} | {}^", " ".repeat(caret))?;
        }
        if let Some(help) = help {
            writeln!(f, "  = {}: {help}", if zh { "提示" } else { "help" })?;
        }
        Ok(())
    }
}

/// Diagnostics as JSON lines, for editors and other tools.
pub fn to_json(d: &Diagnostic, lang: Lang) -> String {
    let (message, help) = d.text(lang);
    serde_json::json!({
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "code": d.code,
        "message": message,
        "help": help,
        "file": d.file,
        "path": d.path,
        "line": d.line,
        "column": d.column,
    })
    .to_string()
}

/// An operating-system error in Chinese: the standard library words its errors in English
/// only, and a clerk reading Chinese messages should not meet an English sentence.
pub fn io_error_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => "没有权限",
        K::AlreadyExists => "已存在",
        K::NotADirectory => "路径中有一项不是文件夹",
        K::IsADirectory => "这是一个文件夹",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::ReadOnlyFilesystem => "磁盘是只读的",
        K::StorageFull => "磁盘空间不足",
        K::QuotaExceeded => "超出了磁盘配额",
        K::FileTooLarge => "文件超过了允许的大小",
        K::InvalidFilename => "文件名无效",
        K::InvalidData => "内容无效",
        K::UnexpectedEof => "文件不完整",
        K::Interrupted => "操作被中断",
        K::OutOfMemory => "内存不足",
        K::ResourceBusy => "文件正被占用",
        _ => "系统错误",
    };
    match e.raw_os_error() {
        Some(n) => format!("{what}（系统错误码 {n}）"),
        None => what.to_string(),
    }
}

/// An operating-system failure on a file as a diagnostic in both languages: `what_en` and
/// `what_zh` say what could not be done ("cannot write", "无法写入").
pub fn io_failure(
    code: &'static str,
    what_en: &str,
    what_zh: &str,
    path: &std::path::Path,
    e: &std::io::Error,
) -> Diagnostic {
    Diagnostic::error(code, format!("{what_en} {}: {e}", path.display())).zh(format!(
        "{what_zh} {}：{}",
        path.display(),
        io_error_zh(e)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Diagnostic {
        let mut d = Diagnostic::warning("w", "m");
        d.line = line;
        d.column = column;
        d
    }

    #[test]
    fn a_long_line_is_quoted_around_the_column() {
        let line = format!("{}X{}", "中".repeat(500), "文".repeat(500));
        let source = format!("first\n{line}\n");
        let d = at(2, 501).in_file("f.yaml", &source);
        let quoted = d.source_line.clone().unwrap();
        assert_eq!(quoted, format!("…{}X{}…", "中".repeat(80), "文".repeat(79)));
        assert_eq!(d.source_skip, 420);
        // The caret stands under the X: 1 + 80 characters two cells wide before it.
        let rendered = d.render(Lang::En);
        let caret = rendered.lines().find(|l| l.ends_with('^')).unwrap();
        assert_eq!(caret, format!("   | {}^", " ".repeat(162)));
        // Found once for all the diagnostics of the source, the quote is the same.
        let all = in_file_all(vec![at(2, 501), at(1, 3)], "f.yaml", &source);
        assert_eq!(all[0], d);
        assert_eq!(all[1].source_line.as_deref(), Some("first"));
    }

    #[test]
    fn a_short_line_is_quoted_whole() {
        let d = at(1, 2).in_file("f.yaml", "title: 报告\n");
        assert_eq!(d.source_line.as_deref(), Some("title: 报告"));
        assert_eq!(d.source_skip, 0);
        assert_eq!(at(3, 1).in_file("f.yaml", "a\n").source_line, None);
    }
}
