//! What a gongwen DOCX carries for the way back (`gongwen import`): every indicator's number
//! sits inside a bookmark named after its id, and custom document properties hold what the
//! printed text does not show — the indicator table (name, parent, unit override), the website
//! publication block, and how deep each table sits in the sections. Word, WPS and LibreOffice
//! keep bookmarks and custom properties when they save, so an editor who types a new number
//! inside a bookmark changes that indicator's value and nothing else.
//!
//! Property names are ASCII (`gongwen.…`); values are JSON or plain text. One property per
//! indicator keeps every value short.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::model::{IndicatorInfo, Publication, Report};

/// Present in every DOCX this writer makes: the document says which bookmarks are
/// indicators and where its paragraphs and tables sit in the sections.
pub const FORMAT: &str = "gongwen.format";
pub const FORMAT_VERSION: &str = "1";
/// `gongwen.indicator.0001` …: one indicator entry (JSON object), in the report's order.
pub const INDICATOR_PREFIX: &str = "gongwen.indicator.";
/// `gongwen.bookmark.<name>` = id, for bookmarks not named by their id itself (ids that are
/// not usable bookmark names, repeated ids, ids without an entry).
pub const BOOKMARK_PREFIX: &str = "gongwen.bookmark.";
/// The website block as a JSON object, when the report has one.
pub const PUBLICATION: &str = "gongwen.publication";
/// Section depth (0 = top level) of each paragraph and table of the body and the attachment
/// pages, in document order, comma-separated. The printed page cannot show that a paragraph
/// after a section's last one closes it ("特此报告。" at the top level).
pub const BLOCK_DEPTHS: &str = "gongwen.depths";

/// Prefix of the bookmark names given to ids that cannot name a bookmark themselves.
const MAPPED_PREFIX: &str = "gw_";

/// Word's rule for a bookmark name an editor sees and keeps: up to 40 characters, a letter
/// first, then letters, digits and `_`. ASCII only, so every program reads it the same. Names
/// starting with `gw_` are kept for the mapped ones.
pub fn usable_as_bookmark(id: &str) -> bool {
    id.len() <= 40
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !id.to_ascii_lowercase().starts_with(MAPPED_PREFIX)
}

/// Bookmarks handed out while the document is written, in document order.
#[derive(Default)]
pub struct Bookmarks {
    next: u32,
    /// Names used so far, lower-cased: Word compares bookmark names without case.
    used: BTreeSet<String>,
    /// (bookmark name, id) for every bookmark whose name alone does not say its id.
    pub mapped: Vec<(String, String)>,
}

impl Bookmarks {
    /// The next bookmark for an occurrence of `id`: its numeric id and its name. `listed`:
    /// the id has an entry in the report's indicator table.
    pub fn open(&mut self, id: &str, listed: bool) -> (usize, String) {
        let n = self.next as usize;
        self.next += 1;
        let plain = usable_as_bookmark(id) && !self.used.contains(&id.to_ascii_lowercase());
        let name = if plain {
            id.to_string()
        } else {
            format!("{MAPPED_PREFIX}{}", self.mapped.len() + 1)
        };
        if !plain || !listed {
            self.mapped.push((name.clone(), id.to_string()));
        }
        self.used.insert(name.to_ascii_lowercase());
        (n, name)
    }
}

/// One indicator entry as stored.
pub fn indicator_json(i: &IndicatorInfo) -> String {
    let mut m = Map::new();
    m.insert("id".into(), json!(i.id));
    m.insert("name".into(), json!(i.name));
    if let Some(p) = &i.parent {
        m.insert("parent".into(), json!(p));
    }
    if let Some(u) = &i.unit {
        m.insert("unit".into(), json!(u));
    }
    if let Some(c) = &i.catalogue {
        m.insert("catalogue".into(), json!(c));
    }
    if let Some(k) = i.kind {
        m.insert("kind".into(), json!(k.key()));
    }
    // Only when set, so that a DOCX of a report without complete breakdowns is as before.
    if i.complete {
        m.insert("complete".into(), json!(true));
    }
    Value::Object(m).to_string()
}

pub fn indicator_from_json(s: &str) -> Option<IndicatorInfo> {
    let v: Value = serde_json::from_str(s).ok()?;
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    Some(IndicatorInfo {
        id: text("id")?,
        name: text("name").unwrap_or_default(),
        parent: text("parent"),
        unit: text("unit"),
        complete: v.get("complete").and_then(Value::as_bool).unwrap_or(false),
        catalogue: text("catalogue"),
        kind: text("kind").and_then(|k| crate::catalogue::Kind::parse(&k)),
        loc: Default::default(),
    })
}

pub fn publication_json(p: &Publication) -> String {
    json!({
        "index_number": p.index_number,
        "doc_number": p.doc_number,
        "publisher": p.publisher,
        "name": p.name,
        "validity": p.validity,
        "published": p.published,
    })
    .to_string()
}

pub fn publication_from_json(s: &str) -> Option<Publication> {
    let v: Value = serde_json::from_str(s).ok()?;
    let text = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let published = text("published");
    Some(Publication {
        index_number: text("index_number"),
        doc_number: text("doc_number"),
        publisher: text("publisher"),
        name: text("name"),
        validity: text("validity"),
        published_date: crate::model::Date::parse(&published),
        published,
    })
}

/// The gongwen properties, in a fixed order.
pub fn properties(
    report: &Report,
    marks: &Bookmarks,
    block_depths: &[usize],
) -> Vec<(String, String)> {
    let mut props = vec![(FORMAT.to_string(), FORMAT_VERSION.to_string())];
    if let Some(p) = &report.publication {
        props.push((PUBLICATION.to_string(), publication_json(p)));
    }
    if !block_depths.is_empty() {
        let depths: Vec<String> = block_depths.iter().map(usize::to_string).collect();
        props.push((BLOCK_DEPTHS.to_string(), depths.join(",")));
    }
    for (k, i) in report.indicator_info.iter().enumerate() {
        props.push((format!("{INDICATOR_PREFIX}{:04}", k + 1), indicator_json(i)));
    }
    for (name, id) in &marks.mapped {
        props.push((format!("{BOOKMARK_PREFIX}{name}"), id.clone()));
    }
    props
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bookmark_names() {
        assert!(usable_as_bookmark("hotline_cases"));
        assert!(!usable_as_bookmark("热线"));
        assert!(!usable_as_bookmark("1st"));
        assert!(!usable_as_bookmark("a-b"));
        assert!(!usable_as_bookmark("gw_1"));
        assert!(!usable_as_bookmark(&"a".repeat(41)));
        let mut b = Bookmarks::default();
        assert_eq!(b.open("hotline", true), (0, "hotline".to_string()));
        assert_eq!(b.open("热线", true), (1, "gw_1".to_string()));
        assert_eq!(b.open("Hotline", true), (2, "gw_2".to_string()));
        assert_eq!(b.open("unlisted", false), (3, "unlisted".to_string()));
        assert_eq!(
            b.mapped,
            [
                ("gw_1".to_string(), "热线".to_string()),
                ("gw_2".to_string(), "Hotline".to_string()),
                ("unlisted".to_string(), "unlisted".to_string()),
            ]
        );
    }
}
