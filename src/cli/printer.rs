//! Messages to the clerk: diagnostics, "wrote …" lines and summaries. Reports built on several
//! threads collect their messages in a [`Messages`] each, printed in one piece when the report
//! is done, so that the messages of two reports never interleave.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use gongwen::catalogue::Catalogue;
use gongwen::diag::{self, Diagnostic, Lang};
use indicatif::ProgressBar;

/// Why a run stopped. Every message has been printed, or is carried here to print.
pub enum Failure {
    /// The input is wrong (exit 1); the messages are printed.
    Input,
    /// A usage or environment problem (exit 2) whose messages are printed.
    Reported,
    /// A usage or environment problem (exit 2) to print.
    Usage(Box<Diagnostic>),
}

impl Failure {
    pub fn usage(d: Diagnostic) -> Failure {
        Failure::Usage(Box::new(d))
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Input => 1,
            Failure::Reported | Failure::Usage(_) => 2,
        }
    }

    /// The more serious of two failures of one run (a usage problem outranks a wrong input).
    pub fn worst(a: Option<Failure>, b: Failure) -> Option<Failure> {
        match a {
            Some(a) if a.exit_code() >= b.exit_code() => Some(a),
            _ => Some(b),
        }
    }
}

enum Item {
    Diagnostic(Diagnostic),
    Wrote(PathBuf, usize),
    Line(String),
}

/// The messages of one report, in order, printed together by [`Printer::emit`].
#[derive(Default)]
pub struct Messages {
    items: Vec<Item>,
    /// Warnings among them (for `--deny-warnings`).
    pub warnings: usize,
    /// The first error, which the summary gives as the reason a report failed.
    pub first_error: Option<Diagnostic>,
}

impl Messages {
    pub fn diagnostics(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        for d in diagnostics {
            if d.is_error() {
                if self.first_error.is_none() {
                    self.first_error = Some(d.clone());
                }
            } else {
                self.warnings += 1;
            }
            self.items.push(Item::Diagnostic(d));
        }
    }

    pub fn wrote(&mut self, path: &Path, len: usize) {
        self.items.push(Item::Wrote(path.to_path_buf(), len));
    }

    pub fn line(&mut self, text: String) {
        self.items.push(Item::Line(text));
    }
}

pub struct Printer {
    pub json: bool,
    pub lang: Lang,
    /// The indicator catalogue of the run (built-in, plus `--catalogue`); it travels with the
    /// printer because every command that loads or imports a report has the printer at hand.
    pub catalogue: Catalogue,
    /// Messages already shown by [`Printer::fresh`].
    seen: Mutex<HashSet<String>>,
    /// The progress bar of a batch on a terminal: messages are printed above it, and the
    /// "wrote …" lines, which the bar and the summary stand for, are left out.
    progress: Mutex<Option<ProgressBar>>,
    /// Held while one report's messages are printed.
    printing: Mutex<()>,
}

impl Printer {
    pub fn new(json: bool, lang: Lang, catalogue: Catalogue) -> Printer {
        Printer {
            json,
            lang,
            catalogue,
            seen: Mutex::new(HashSet::new()),
            progress: Mutex::new(None),
            printing: Mutex::new(()),
        }
    }

    pub fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    /// Prints diagnostics now.
    pub fn print(&self, diagnostics: &[Diagnostic]) {
        let mut m = Messages::default();
        m.diagnostics(diagnostics.iter().cloned());
        self.emit(m);
    }

    /// Prints a line to stderr now, above the progress bar if there is one.
    pub fn say(&self, text: &str) {
        let mut m = Messages::default();
        m.line(text.to_string());
        self.emit(m);
    }

    /// Says now that a file was written.
    pub fn wrote(&self, path: &Path, len: usize) {
        let mut m = Messages::default();
        m.wrote(path, len);
        self.emit(m);
    }

    /// Prints one report's messages in one piece.
    pub fn emit(&self, messages: Messages) {
        if messages.items.is_empty() {
            return;
        }
        let _one_at_a_time = self.printing.lock().unwrap_or_else(|e| e.into_inner());
        let bar = self
            .progress
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let above_bar = bar.is_some();
        let write = || self.write(&messages.items, above_bar);
        match bar {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }

    fn write(&self, items: &[Item], bar: bool) {
        // A closed pipe or a full disk under stderr must not stop the build: the files are
        // what matters, so write errors of messages are ignored.
        let mut err = std::io::stderr().lock();
        let mut out = std::io::stdout().lock();
        for item in items {
            let _ = match item {
                Item::Diagnostic(d) if self.json => {
                    writeln!(out, "{}", diag::to_json(d, self.lang))
                }
                Item::Diagnostic(d) => write!(err, "{}", d.render(self.lang)),
                Item::Wrote(..) if bar => Ok(()),
                Item::Wrote(path, len) => match self.lang {
                    Lang::Zh => writeln!(err, "已写入 {}（{len} 字节）", path.display()),
                    Lang::En => writeln!(err, "wrote {} ({len} bytes)", path.display()),
                },
                Item::Line(text) => writeln!(err, "{text}"),
            };
        }
        let _ = out.flush();
    }

    /// The messages not shown before: a `--font` name that is not installed concerns every
    /// report of the run but is said once.
    pub fn fresh(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        diagnostics
            .into_iter()
            .filter(|d| seen.insert(d.render(Lang::En)))
            .collect()
    }

    pub fn set_progress(&self, bar: Option<ProgressBar>) {
        *self.progress.lock().unwrap_or_else(|e| e.into_inner()) = bar;
    }
}
