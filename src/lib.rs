//! gongwen: one YAML source of a government report to a filing-ready PDF (GB/T 9704-2012),
//! an editable DOCX and a workbook of the indicators it reports.

pub mod diag;
pub mod fonts;
pub mod indicators;
pub mod model;
pub mod style;
