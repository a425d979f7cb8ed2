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
    /// The source line, for the snippet under the message.
    pub source_line: Option<String>,
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

    /// Fill in the file name and the quoted source line.
    pub fn in_file(mut self, file: &str, source: &str) -> Diagnostic {
        self.file = file.to_string();
        if self.line > 0 {
            self.source_line = source.lines().nth(self.line - 1).map(str::to_string);
        }
        self
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
            // Count display columns: CJK characters are two cells wide in a terminal.
            let caret: usize = src
                .chars()
                .take(this.column.saturating_sub(1))
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
