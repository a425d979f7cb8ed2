//! The OFD package: a ZIP whose first entry is `OFD.xml`. Every entry carries the same fixed
//! date (1980-01-01, the earliest a ZIP can carry), so the same parts give the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Zips `parts` (path with forward slashes, bytes) in the order given.
pub fn zip(parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut z = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        z.start_file(name.as_str(), options)
            .map_err(|e| format!("{name}: {e}"))?;
        z.write_all(bytes).map_err(|e| format!("{name}: {e}"))?;
    }
    z.finish()
        .map(Cursor::into_inner)
        .map_err(|e| e.to_string())
}
