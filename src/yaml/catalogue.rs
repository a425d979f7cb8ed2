//! The indicator catalogue's file format (the built-in `catalogue.yaml` and an office's own
//! `--catalogue FILE`), read with the same located messages as a report.

use serde::Deserialize;

use super::locate::{yaml_error, Locations};
use crate::catalogue::{Catalogue, Entry, Kind};
use crate::diag::Diagnostic;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalogue {
    version: String,
    entries: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: String,
    name: String,
    unit: String,
    kind: String,
    #[serde(default)]
    group: String,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    phrases: Vec<String>,
}

/// Parses a catalogue file; `file` is used in messages only.
pub fn read_catalogue(text: &str, file: &str) -> Result<Catalogue, Vec<Diagnostic>> {
    let fail = |d: Diagnostic| vec![d.in_file(file, text)];
    let locs = Locations::scan(text).map_err(|d| fail(*d))?;
    let raw: RawCatalogue = serde_yaml::from_str(text).map_err(|e| fail(yaml_error(&e, &locs)))?;
    let mut errors = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for (i, e) in raw.entries.into_iter().enumerate() {
        let at = |field: &str| {
            let (line, column) = locs
                .map
                .get(&format!("entries[{i}].{field}"))
                .copied()
                .unwrap_or((0, 0));
            crate::model::Loc {
                path: format!("entries[{i}].{field}"),
                line,
                column,
            }
        };
        let Some(kind) = Kind::parse(&e.kind) else {
            errors.push(
                Diagnostic::error("catalogue-kind", format!("unknown kind `{}`", e.kind))
                    .zh(format!("未知的指标类别“{}”", e.kind))
                    .help("write one of count, rate, amount, change, target")
                    .help_zh("请写 count、rate、amount、change、target 之一")
                    .at(&at("kind")),
            );
            continue;
        };
        if !ids.insert(e.id.clone()) {
            errors.push(
                Diagnostic::error(
                    "catalogue-duplicate",
                    format!("the id `{}` is listed twice", e.id),
                )
                .zh(format!("编码“{}”出现了两次", e.id))
                .help("give each concept one entry")
                .help_zh("每个指标只写一项")
                .at(&at("id")),
            );
            continue;
        }
        entries.push(Entry {
            id: e.id,
            name: e.name,
            unit: e.unit,
            kind,
            group: e.group,
            parent: e.parent,
            phrases: e.phrases,
        });
    }
    if errors.is_empty() {
        Ok(Catalogue::new(raw.version, entries))
    } else {
        Err(crate::diag::in_file_all(errors, file, text))
    }
}
