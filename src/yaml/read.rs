//! YAML → report model. Every error names file:line:column.

use crate::diag::Diagnostic;
use crate::model::*;

use super::locate::{closest, yaml_error, Locations};
use super::schema::*;

/// The largest source accepted: a real report is a few tens of kilobytes.
pub const MAX_SOURCE_BYTES: usize = 8 * 1024 * 1024;
/// Sections nest 一、 / （一） / 1. / （1）: four levels.
pub const MAX_LEVEL: u8 = 4;

// ---------------------------------------------------------------------------------------------
// Loading

/// A loaded report and the warnings met on the way.
pub struct Loaded {
    pub report: Report,
    pub warnings: Vec<Diagnostic>,
    /// The YAML text, for quoting source lines in later messages without reading it again.
    pub source: String,
}

/// Parses a report. `file` is used in messages only.
pub fn parse(text: &str, file: &str) -> Result<Loaded, Vec<Diagnostic>> {
    parse_with(text, file, crate::catalogue::Catalogue::builtin())
}

/// Parses a report, checking its indicators against `catalogue` (an office's catalogue
/// added to the built-in one).
pub fn parse_with(
    text: &str,
    file: &str,
    catalogue: &crate::catalogue::Catalogue,
) -> Result<Loaded, Vec<Diagnostic>> {
    let fail = |d: Diagnostic| Err(vec![d.in_file(file, text)]);
    if text.len() > MAX_SOURCE_BYTES {
        return fail(
            Diagnostic::error(
                "too-large",
                format!(
                    "the file is {} MB; a report source is at most {} MB",
                    text.len() >> 20,
                    MAX_SOURCE_BYTES >> 20
                ),
            )
            .help("check that this is the report's YAML file")
            .zh(format!(
                "文件有 {} MB；报告源文件最大 {} MB",
                text.len() >> 20,
                MAX_SOURCE_BYTES >> 20
            ))
            .help_zh("请确认这是报告的 YAML 文件"),
        );
    }
    let locs = match Locations::scan(text) {
        Ok(l) => l,
        Err(d) => return fail(*d),
    };
    let raw: RawReport = match serde_yaml::from_str(text) {
        Ok(r) => r,
        Err(e) => return fail(yaml_error(&e, &locs)),
    };
    let mut b = Builder {
        lines: text.lines().collect(),
        locs: &locs,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let report = b.report(raw);
    let mut errors = b.errors;
    let mut warnings = b.warnings;
    if errors.is_empty() {
        for d in crate::check::check_with(&report, catalogue) {
            if d.is_error() {
                errors.push(d);
            } else {
                warnings.push(d);
            }
        }
    }
    warnings.sort_by_key(|d| (d.line, d.column));
    let source_lines = crate::diag::SourceLines::new(text);
    let finish = |v: Vec<Diagnostic>| {
        v.into_iter()
            .map(|d| d.in_source(file, &source_lines))
            .collect::<Vec<_>>()
    };
    if errors.is_empty() {
        Ok(Loaded {
            report,
            warnings: finish(warnings),
            source: text.to_string(),
        })
    } else {
        let mut all = finish(errors);
        all.extend(finish(warnings));
        Err(all)
    }
}

/// Reads and parses a report file.
pub fn load(path: &std::path::Path) -> Result<Loaded, Vec<Diagnostic>> {
    load_with(path, crate::catalogue::Catalogue::builtin())
}

/// Reads and parses a report file, checking it against `catalogue`.
pub fn load_with(
    path: &std::path::Path,
    catalogue: &crate::catalogue::Catalogue,
) -> Result<Loaded, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return Err(vec![Diagnostic::error(
                "unreadable",
                format!("cannot read {name}: {e}"),
            )
            .help("check the file name and that you may read it")
            .zh(format!("无法读取 {name}：{}", crate::diag::io_error_zh(&e)))
            .help_zh("请检查文件名以及是否有读取权限")])
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => parse_with(
            text.strip_prefix('\u{feff}').unwrap_or(&text),
            &name,
            catalogue,
        ),
        Err(e) => {
            let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let mut d = Diagnostic::error("not-utf8", "the file is not UTF-8 text")
                .help("save it as UTF-8 (in Notepad: Save As → Encoding: UTF-8)")
                .zh("文件不是 UTF-8 编码的文本")
                .help_zh("请另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）");
            d.file = name;
            d.line = line;
            d.column = 1;
            Err(vec![d])
        }
    }
}
// ---------------------------------------------------------------------------------------------
// Raw structures → model

pub(super) struct Builder<'a> {
    /// The YAML text's lines, for locating characters inside a scalar.
    pub(super) lines: Vec<&'a str>,
    pub(super) locs: &'a Locations,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) warnings: Vec<Diagnostic>,
}

impl Builder<'_> {
    fn report(&mut self, raw: RawReport) -> Report {
        let publication = raw.publication.map(|p| {
            let published = p.published.unwrap_or_default();
            let published_date = if published.trim().is_empty() {
                None
            } else {
                let d = Date::parse(&published);
                if d.is_none() {
                    self.bad_date("publication.published", &published);
                }
                d
            };
            let mut field = |v: Option<String>, key: &str| {
                self.verbatim(v.unwrap_or_default(), &format!("publication.{key}"))
            };
            Publication {
                index_number: field(p.index_number, "index_number"),
                doc_number: field(p.doc_number, "doc_number"),
                publisher: field(p.publisher, "publisher"),
                name: field(p.name, "name"),
                validity: field(p.validity, "validity"),
                published: field(Some(published), "published"),
                published_date,
            }
        });
        let head = raw.head.map(|h| {
            let mut one =
                |v: Option<String>, key: &str| v.map(|v| self.text(&v, &format!("head.{key}")));
            let copy_number = one(h.copy_number, "copy_number");
            let secrecy = one(h.secrecy, "secrecy");
            let secrecy_period = one(h.secrecy_period, "secrecy_period");
            let urgency = one(h.urgency, "urgency");
            let issuer_suffix = one(h.issuer_suffix, "issuer_suffix");
            let issuer_tibetan = one(h.issuer_tibetan, "issuer_tibetan");
            let doc_number = one(h.doc_number, "doc_number");
            Head {
                copy_number,
                secrecy,
                secrecy_period,
                urgency,
                issuers: h
                    .issuers
                    .map(|v| self.texts(v, "head.issuers"))
                    .unwrap_or_default(),
                issuer_suffix,
                issuer_tibetan,
                doc_number,
                signers: h
                    .signers
                    .map(|v| self.texts(v, "head.signers"))
                    .unwrap_or_default(),
                upward: h.upward.unwrap_or(false),
            }
        });
        let title = match raw.title {
            OneOrMany::One(t) => Title {
                text: self.text(&t, "title"),
                lines: None,
                loc: self.locs.loc("title"),
            },
            many => {
                let lines = self.texts(many, "title");
                Title {
                    text: lines.concat(),
                    lines: Some(lines),
                    loc: self.locs.loc("title"),
                }
            }
        };
        if title.text.is_empty() {
            self.errors.push(
                Diagnostic::error("empty-title", "the title is empty")
                    .zh("标题为空")
                    .at(&title.loc),
            );
        }
        let addressee = raw.addressee.map(|a| {
            self.text(&a, "addressee")
                .trim_end_matches(['：', ':'])
                .to_string()
        });
        let body = self.blocks(raw.body, "body", 1);
        let attachments = raw
            .attachments
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                let path = format!("attachments[{i}]");
                Attachment {
                    title: self.text(&a.title, &format!("{path}.title")),
                    body: self.blocks(a.body.unwrap_or_default(), &format!("{path}.body"), 1),
                    loc: self.locs.loc(&path),
                }
            })
            .collect();
        let signature = raw.signature.map(|s| Signature {
            issuers: self.texts(s.issuers, "signature.issuers"),
            date: s.date.and_then(|d| self.date("signature.date", &d)),
            sealed: s.sealed.unwrap_or(false),
            loc: self.locs.loc("signature"),
        });
        let imprint = raw.imprint.map(|i| Imprint {
            cc: i
                .cc
                .map(|v| self.texts(v, "imprint.cc"))
                .unwrap_or_default(),
            printer: self.text(&i.printer, "imprint.printer"),
            date: i.date.and_then(|d| self.date("imprint.date", &d)),
            loc: self.locs.loc("imprint"),
        });
        let indicator_info = raw
            .indicators
            .map(|m| m.0)
            .unwrap_or_default()
            .into_iter()
            .map(|(id, v)| {
                let path = format!("indicators.{id}");
                let raw = match v {
                    StringOr::Str(name) => {
                        self.printable(&name, &path);
                        RawIndicator::from(name)
                    }
                    StringOr::Map(m) => {
                        // The workbook stores these as written: they must be storable.
                        self.printable(&m.name, &format!("{path}.name"));
                        if let Some(u) = &m.unit {
                            self.printable(u, &format!("{path}.unit"));
                        }
                        m
                    }
                };
                IndicatorInfo {
                    loc: self.locs.loc(&format!("indicators.{id}")),
                    id,
                    name: raw.name,
                    parent: raw.parent,
                    unit: raw.unit,
                    catalogue: raw.catalogue,
                    kind: raw.kind.map(|k| match k {
                        RawKind::Count => crate::catalogue::Kind::Count,
                        RawKind::Rate => crate::catalogue::Kind::Rate,
                        RawKind::Amount => crate::catalogue::Kind::Amount,
                        RawKind::Change => crate::catalogue::Kind::Change,
                        RawKind::Target => crate::catalogue::Kind::Target,
                    }),
                    complete: raw.complete,
                }
            })
            .collect();
        let fonts = raw.fonts.unwrap_or_default();
        for key in fonts.keys() {
            if !FONT_ROLES.contains(&key.as_str()) {
                let d = Diagnostic::error("unknown-key", format!("unknown font role `{key}`"))
                    .zh(format!("未知的字体角色 `{key}`"))
                    .at(&self.locs.loc(&format!("fonts.{key}")));
                let valid: Vec<String> = FONT_ROLES.iter().map(|s| s.to_string()).collect();
                let roles = FONT_ROLES.join(", ");
                let d = match closest(key, &valid) {
                    Some(s) => d
                        .help(format!("did you mean `{s}`? (roles: {roles})"))
                        .help_zh(format!("是否应为 `{s}`？（角色：{roles}）")),
                    None => d
                        .help(format!("roles: {roles}"))
                        .help_zh(format!("角色：{roles}")),
                };
                self.errors.push(d);
            }
        }
        Report {
            publication,
            head: head.unwrap_or_default(),
            title,
            addressee,
            body,
            attachments,
            signature,
            note: raw.note.map(|n| {
                self.text(&n, "note")
                    .trim_start_matches('（')
                    .trim_end_matches('）')
                    .to_string()
            }),
            imprint,
            indicator_info,
            fonts,
            source_map: SourceMap(self.locs.map.clone()),
        }
    }

    fn date(&mut self, path: &str, text: &str) -> Option<Date> {
        let d = Date::parse(text);
        if d.is_none() {
            self.bad_date(path, text);
        }
        d
    }

    fn bad_date(&mut self, path: &str, text: &str) {
        self.errors.push(
            Diagnostic::error("invalid-date", format!("`{text}` is not a real date"))
                .help("write the date as 2025-12-31")
                .zh(format!("`{text}` 不是有效日期"))
                .help_zh("请写成 2025-12-31")
                .at(&self.locs.loc(path)),
        );
    }
}

const FONT_ROLES: [&str; 5] = ["title", "body", "heading1", "heading2", "page_number"];
