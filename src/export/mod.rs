//! Writers: each turns the report model into one output format and returns the file's bytes.
//! Writing the bytes to disk (atomically) is the caller's job, so no writer leaves a half file.

use std::fmt;

pub mod docx;
pub mod pdf;
pub mod text;
pub mod xlsx;

/// A writer could not produce its output; the message is for the person at the terminal.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportError(pub String);

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ExportError {}
