//! The filing-ready PDF (krilla): serialises the pages that `layout` produced.

use super::ExportError;
use crate::fonts::FontSet;
use crate::model::Report;

pub fn write(_report: &Report, _fonts: &FontSet) -> Result<Vec<u8>, ExportError> {
    Err(ExportError("the PDF writer is not built yet".into()))
}
