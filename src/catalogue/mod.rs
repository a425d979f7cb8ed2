//! The indicator catalogue: the concepts that 法治政府建设年度报告 state again and again (收到
//! 行政复议申请, 法律援助案件, 普法宣传活动 …), each with a stable id, its Chinese name, unit,
//! kind and the phrases that introduce it in real reports. It is what makes reports written
//! independently by different offices comparable: the importer maps numbers onto it, `check`
//! points at ids that look like a catalogue concept, and the merged workbook joins reports by
//! catalogue id only.
//!
//! The built-in catalogue is `catalogue.yaml` beside this file, compiled into the binary and
//! versioned; an office adds its own file (`--catalogue FILE`), which extends it or overrides
//! entries by id.

pub mod matcher;

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::diag::Diagnostic;
use crate::model::IndicatorInfo;

pub use matcher::{Match, Role};

/// What kind of number an entry is: only counts and amounts add up across reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A number of things or events (件, 次, 人次 …).
    Count,
    /// A share (%).
    Rate,
    /// Money (万元 …).
    Amount,
    /// A change against last year (同比增长8.3%, 下降2个百分点).
    Change,
    /// A goal for next year (不少于, 力争, 年内).
    Target,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s.trim() {
            "count" => Kind::Count,
            "rate" => Kind::Rate,
            "amount" => Kind::Amount,
            "change" => Kind::Change,
            "target" => Kind::Target,
            _ => return None,
        })
    }

    pub fn key(self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Rate => "rate",
            Kind::Amount => "amount",
            Kind::Change => "change",
            Kind::Target => "target",
        }
    }

    /// Whether values of different reports may be summed into a total.
    pub fn sums(self) -> bool {
        matches!(self, Kind::Count | Kind::Amount)
    }
}

/// One concept of the catalogue.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub id: String,
    /// 中文名, as the workbook's row label.
    pub name: String,
    /// The unit values are compared in (values in other magnitudes are converted).
    pub unit: String,
    pub kind: Kind,
    /// The group of the 纲要's task areas it belongs to (组织领导, 行政执法 …).
    pub group: String,
    /// For a 其中 item: the id of its total.
    pub parent: Option<String>,
    /// Phrases that introduce the number in real reports ("收到行政复议申请", "新收行政复议案件").
    pub phrases: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalogue {
    /// Version of the built-in catalogue, then of each office file added to it.
    pub version: String,
    entries: Vec<Entry>,
    /// Position of the first entry of each id: every number of a report is looked up, and an
    /// office's catalogue may be long.
    by_id: HashMap<String, usize>,
    /// The entries as the matcher compares numbers with them, worked out once rather than
    /// for every number of every report.
    index: matcher::Index,
}

impl Catalogue {
    pub fn new(version: String, entries: Vec<Entry>) -> Catalogue {
        let mut by_id = HashMap::with_capacity(entries.len());
        for (k, e) in entries.iter().enumerate() {
            by_id.entry(e.id.clone()).or_insert(k);
        }
        let index = matcher::Index::new(&entries);
        Catalogue {
            version,
            entries,
            by_id,
            index,
        }
    }

    /// The catalogue shipped with gongwen.
    pub fn builtin() -> &'static Catalogue {
        static BUILTIN: OnceLock<Catalogue> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            crate::yaml::read_catalogue(include_str!("catalogue.yaml"), "catalogue.yaml")
                .expect("the built-in catalogue is valid (tested)")
        })
    }

    /// An office's catalogue file.
    pub fn load(path: &std::path::Path) -> Result<Catalogue, Vec<Diagnostic>> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![Diagnostic::error(
                "unreadable",
                format!("cannot read the catalogue {name}: {e}"),
            )
            .zh(format!(
                "无法读取指标目录 {name}：{}",
                crate::diag::io_error_zh(&e)
            ))
            .help("check the file name given with --catalogue")
            .help_zh("请检查 --catalogue 给出的文件名")]
        })?;
        crate::yaml::read_catalogue(&text, &name)
    }

    /// This catalogue with `other`'s entries added: an entry with an id already here replaces
    /// it in place, a new one comes after the others.
    pub fn extended_by(&self, other: &Catalogue) -> Catalogue {
        let mut entries = self.entries.clone();
        let mut by_id = self.by_id.clone();
        for e in &other.entries {
            match by_id.get(&e.id) {
                Some(&k) => entries[k] = e.clone(),
                None => {
                    by_id.insert(e.id.clone(), entries.len());
                    entries.push(e.clone());
                }
            }
        }
        Catalogue::new(format!("{}+{}", self.version, other.version), entries)
    }

    /// Entries in catalogue order (the workbook's row order).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.position(id).map(|k| &self.entries[k])
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The catalogue entry a report's indicator stands for: the one it names with
    /// `catalogue:`, else the one whose id it uses, else none (an uncatalogued indicator).
    pub fn entry_for(&self, info: &IndicatorInfo) -> Option<&Entry> {
        match &info.catalogue {
            Some(c) => self.get(c),
            None => self.get(&info.id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_loads_with_unique_ids_and_known_parents() {
        let c = Catalogue::builtin();
        assert!(!c.entries().is_empty());
        let mut ids = std::collections::BTreeSet::new();
        for e in c.entries() {
            assert!(ids.insert(e.id.as_str()), "{} twice", e.id);
            assert!(!e.name.is_empty() && !e.unit.is_empty(), "{}", e.id);
        }
        for e in c.entries() {
            if let Some(p) = &e.parent {
                assert!(c.get(p).is_some(), "{}: parent {p} unknown", e.id);
            }
        }
    }

    #[test]
    fn an_office_file_overrides_by_id_and_appends_new_entries() {
        let base = Catalogue::builtin();
        let first = base.entries()[0].clone();
        let office = Catalogue::new(
            "office-1".into(),
            vec![
                Entry {
                    name: "改名".into(),
                    ..first.clone()
                },
                Entry {
                    id: "office_own".into(),
                    ..first.clone()
                },
            ],
        );
        let c = base.extended_by(&office);
        assert_eq!(c.entries()[0].name, "改名");
        assert_eq!(c.entries().last().unwrap().id, "office_own");
        assert_eq!(c.entries().len(), base.entries().len() + 1);
    }
}
