//! The indicators workbook (rust_xlsxwriter).

use super::ExportError;
use crate::model::Report;

pub fn write(_report: &Report) -> Result<Vec<u8>, ExportError> {
    Err(ExportError("the XLSX writer is not built yet".into()))
}

/// One comparison workbook: a column per report, rows matched by indicator id.
pub fn merge(_reports: &[Report]) -> Result<Vec<u8>, ExportError> {
    Err(ExportError("the XLSX merge is not built yet".into()))
}
