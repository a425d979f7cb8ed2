//! The editable DOCX (docx-rs), with named styles from `style`.

use super::ExportError;
use crate::fonts::FontSet;
use crate::model::Report;

pub fn write(_report: &Report, _fonts: &FontSet) -> Result<Vec<u8>, ExportError> {
    Err(ExportError("the DOCX writer is not built yet".into()))
}
