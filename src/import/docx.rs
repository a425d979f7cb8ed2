//! DOCX → report model (written next).

use super::{ImportError, Imported};

pub fn import(_bytes: &[u8]) -> Result<Imported, ImportError> {
    Err(ImportError(
        "DOCX import is not built yet".into(),
        "尚不支持导入 DOCX".into(),
    ))
}
