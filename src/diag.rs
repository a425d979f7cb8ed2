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

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{kind}[{}]: {}", self.code, self.message)?;
        let mut place = self.file.clone();
        if self.line > 0 {
            place.push_str(&format!(":{}:{}", self.line, self.column.max(1)));
        }
        if let Some(path) = &self.path {
            if place.is_empty() {
                place = format!("at {path}");
            } else {
                place.push_str(&format!(" (at {path})"));
            }
        }
        if !place.is_empty() {
            writeln!(f, "  --> {place}")?;
        }
        if let Some(src) = &self.source_line {
            let n = self.line.to_string();
            let pad = " ".repeat(n.len());
            writeln!(f, " {pad} |")?;
            writeln!(f, " {n} | {src}")?;
            // Count display columns: CJK characters are two cells wide in a terminal.
            let caret: usize = src
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
                .sum();
            writeln!(f, " {pad} | {}^", " ".repeat(caret))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// Diagnostics as JSON lines, for editors and other tools.
pub fn to_json(d: &Diagnostic) -> String {
    serde_json::json!({
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "code": d.code,
        "message": d.message,
        "help": d.help,
        "file": d.file,
        "path": d.path,
        "line": d.line,
        "column": d.column,
    })
    .to_string()
}
