//! The report model → YAML source, in the style of the hand-written reports in `input/`:
//! plain scalars wherever YAML reads them back as the same text, one paragraph per line,
//! `points:` for 一是/二是 paragraphs, `{500余人次|id}` marks and an `indicators:` table.
//! `yaml::parse` of the result gives back the same model.

use std::fmt::Write as _;

use crate::model::*;

/// The YAML text of `report`. `comment` lines (without `#`) head the file.
pub fn to_yaml(report: &Report, comment: &[String]) -> String {
    to_yaml_with(report, comment, crate::catalogue::Catalogue::builtin())
}

/// As [`to_yaml`], each indicator entry saying which concept of `catalogue` it stands for,
/// or that it stands for none: the clerk then reviews only the entries not matched.
pub fn to_yaml_with(
    report: &Report,
    comment: &[String],
    catalogue: &crate::catalogue::Catalogue,
) -> String {
    let mut w = Writer::default();
    for c in comment {
        w.line(0, &format!("# {c}"));
    }
    w.blank();
    if let Some(p) = &report.publication {
        w.line(0, "publication:");
        w.kv(1, "index_number", &p.index_number);
        w.kv(1, "doc_number", &p.doc_number);
        w.kv(1, "publisher", &p.publisher);
        w.kv(1, "name", &p.name);
        w.kv(1, "validity", &p.validity);
        w.kv(1, "published", &p.published);
        w.blank();
    }
    if !head_is_default(&report.head) {
        let h = &report.head;
        w.line(0, "head:");
        w.opt(1, "copy_number", &h.copy_number);
        w.opt(1, "secrecy", &h.secrecy);
        w.opt(1, "secrecy_period", &h.secrecy_period);
        w.opt(1, "urgency", &h.urgency);
        if !h.issuers.is_empty() {
            w.one_or_many(1, "issuers", &h.issuers);
        }
        w.opt(1, "issuer_suffix", &h.issuer_suffix);
        w.opt(1, "issuer_tibetan", &h.issuer_tibetan);
        w.opt(1, "doc_number", &h.doc_number);
        if !h.signers.is_empty() {
            w.one_or_many(1, "signers", &h.signers);
        }
        if h.upward {
            w.line(1, "upward: true");
        }
        w.blank();
    }
    match &report.title.lines {
        Some(lines) => w.list(0, "title", lines),
        None => w.kv(0, "title", &report.title.text),
    }
    w.blank();
    if let Some(a) = &report.addressee {
        w.kv(0, "addressee", a);
        w.blank();
    }
    if report.body.is_empty() {
        w.line(0, "body: []");
    } else {
        w.line(0, "body:");
        w.blocks(1, &report.body);
    }
    w.blank();
    if !report.attachments.is_empty() {
        w.line(0, "attachments:");
        for a in &report.attachments {
            w.line(1, &format!("- title: {}", scalar(&a.title)));
            if !a.body.is_empty() {
                w.line(2, "body:");
                w.blocks(3, &a.body);
            }
        }
        w.blank();
    }
    if let Some(s) = &report.signature {
        w.line(0, "signature:");
        if s.issuers.is_empty() {
            w.line(1, "issuers: []");
        } else {
            w.one_or_many(1, "issuers", &s.issuers);
        }
        if let Some(d) = s.date {
            w.line(1, &format!("date: {}", d.iso()));
        }
        if s.sealed {
            w.line(1, "sealed: true");
        }
        w.blank();
    }
    if let Some(n) = &report.note {
        w.kv(0, "note", n);
        w.blank();
    }
    if let Some(i) = &report.imprint {
        w.line(0, "imprint:");
        if !i.cc.is_empty() {
            w.one_or_many(1, "cc", &i.cc);
        }
        w.kv(1, "printer", &i.printer);
        if let Some(d) = i.date {
            w.line(1, &format!("date: {}", d.iso()));
        }
        w.blank();
    }
    if !report.fonts.is_empty() {
        w.line(0, "fonts:");
        for (k, v) in &report.fonts {
            w.kv(1, k, v);
        }
        w.blank();
    }
    if !report.indicator_info.is_empty() {
        w.line(
            0,
            "# 指标名称。编码写在正文数字处；“其中”分项用 parent 指向总数。",
        );
        w.line(0, "indicators:");
        for i in &report.indicator_info {
            let key = scalar(&i.id);
            let note = match catalogue.entry_for(i) {
                Some(e) => format!("  # 目录：{}", e.name),
                None => "  # 未对应目录，请核对".to_string(),
            };
            if i.parent.is_none()
                && i.unit.is_none()
                && i.catalogue.is_none()
                && i.kind.is_none()
                && !i.complete
            {
                w.line(1, &format!("{key}: {}{note}", scalar(&i.name)));
            } else {
                let mut parts = vec![format!("name: {}", flow_scalar(&i.name))];
                if let Some(p) = &i.parent {
                    parts.push(format!("parent: {}", flow_scalar(p)));
                }
                if let Some(u) = &i.unit {
                    parts.push(format!("unit: {}", flow_scalar(u)));
                }
                if let Some(c) = &i.catalogue {
                    parts.push(format!("catalogue: {}", flow_scalar(c)));
                }
                if let Some(k) = i.kind {
                    parts.push(format!("kind: {}", k.key()));
                }
                if i.complete {
                    parts.push("complete: true".into());
                }
                w.line(1, &format!("{key}: {{{}}}{note}", parts.join(", ")));
            }
        }
    }
    while w.out.ends_with("\n\n") {
        w.out.pop();
    }
    w.out
}

fn head_is_default(h: &Head) -> bool {
    *h == Head::default()
}

#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    fn line(&mut self, indent: usize, s: &str) {
        for _ in 0..indent {
            self.out.push_str("  ");
        }
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn kv(&mut self, indent: usize, key: &str, value: &str) {
        self.line(indent, &format!("{key}: {}", scalar(value)));
    }

    fn opt(&mut self, indent: usize, key: &str, value: &Option<String>) {
        if let Some(v) = value {
            self.kv(indent, key, v);
        }
    }

    /// One item as a plain value; several as `[a, b]` when they fit, else a block list.
    fn one_or_many(&mut self, indent: usize, key: &str, items: &[String]) {
        if items.len() == 1 {
            self.kv(indent, key, &items[0]);
        } else {
            let flow: Vec<String> = items.iter().map(|s| flow_scalar(s)).collect();
            self.line(indent, &format!("{key}: [{}]", flow.join(", ")));
        }
    }

    fn list(&mut self, indent: usize, key: &str, items: &[String]) {
        self.line(indent, &format!("{key}:"));
        for i in items {
            self.line(indent + 1, &format!("- {}", scalar(i)));
        }
    }

    fn blocks(&mut self, indent: usize, blocks: &[Block]) {
        for b in blocks {
            match b {
                Block::Paragraph(p) if !p.has_points() => {
                    self.line(indent, &format!("- {}", scalar(&marked(&p.inlines))));
                }
                Block::Paragraph(p) => {
                    let (text, points) = split_points(&p.inlines);
                    let mut first = true;
                    let mut key = |w: &mut Writer, s: String| {
                        let prefix = if first { "- " } else { "  " };
                        first = false;
                        w.line(indent, &format!("{prefix}{s}"));
                    };
                    if let Some(t) = text {
                        key(self, format!("text: {}", scalar(&t)));
                    }
                    key(self, "points:".to_string());
                    for pt in points {
                        self.line(indent + 2, &format!("- {}", scalar(&pt)));
                    }
                }
                Block::Section(s) => {
                    self.line(
                        indent,
                        &format!("- heading: {}", scalar(&marked(&s.heading))),
                    );
                    if let Some(lead) = &s.lead {
                        let (text, points) = split_points(&lead.inlines);
                        if let Some(t) = text {
                            self.line(indent + 1, &format!("text: {}", scalar(&t)));
                        } else if points.is_empty() {
                            self.line(indent + 1, "text: \"\"");
                        }
                        if !points.is_empty() {
                            self.line(indent + 1, "points:");
                            for pt in points {
                                self.line(indent + 2, &format!("- {}", scalar(&pt)));
                            }
                        }
                    }
                    if !s.body.is_empty() {
                        self.line(indent + 1, "body:");
                        self.blocks(indent + 2, &s.body);
                    }
                }
                Block::Table(t) => {
                    self.line(indent, "- table:");
                    if let Some(c) = &t.caption {
                        self.kv(indent + 2, "caption", c);
                    }
                    if !t.header.is_empty() {
                        let cells: Vec<String> =
                            t.header.iter().map(|c| flow_scalar(&marked(c))).collect();
                        self.line(indent + 2, &format!("header: [{}]", cells.join(", ")));
                    }
                    if t.rows.is_empty() {
                        self.line(indent + 2, "rows: []");
                    } else {
                        self.line(indent + 2, "rows:");
                        for r in &t.rows {
                            let cells: Vec<String> =
                                r.iter().map(|c| flow_scalar(&marked(c))).collect();
                            self.line(indent + 3, &format!("- [{}]", cells.join(", ")));
                        }
                    }
                }
            }
        }
    }
}

/// The inline text before the first point label, and each point's text.
fn split_points(inlines: &[Inline]) -> (Option<String>, Vec<String>) {
    let mut text: Option<String> = None;
    let mut points: Vec<String> = Vec::new();
    let mut current: Vec<Inline> = Vec::new();
    let mut in_points = false;
    for i in inlines {
        if let Inline::PointLabel(_) = i {
            if in_points {
                points.push(marked(&current));
            } else if !current.is_empty() {
                text = Some(marked(&current));
            }
            current.clear();
            in_points = true;
        } else {
            current.push(i.clone());
        }
    }
    if in_points {
        points.push(marked(&current));
    } else if !current.is_empty() || inlines.is_empty() {
        text = Some(marked(&current));
    }
    (text, points)
}

/// Inline text with marks: braces in the text doubled, numbers as `{printed|id}`.
pub fn marked(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::PointLabel(t) => {
                s.push_str(&t.replace('{', "{{").replace('}', "}}"))
            }
            Inline::Indicator(q) => {
                let _ = write!(s, "{{{}|{}}}", q.text, q.id);
            }
        }
    }
    s
}

/// A scalar in block context: plain when YAML reads it back as this very string.
pub fn scalar(s: &str) -> String {
    if plain_ok(s, false) {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// A scalar inside `[…]` or `{…}`.
pub fn flow_scalar(s: &str) -> String {
    if plain_ok(s, true) {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn plain_ok(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s != s.trim() || s.contains(['\n', '\r', '\t']) || s.chars().any(char::is_control) {
        return false;
    }
    // Indicator characters may not start a plain scalar.
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        // `-x` `?x` `:x` are plain in YAML 1.2, but not every reader agrees: quote them.
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    // Anything YAML would read as another type.
    let lower = s.to_ascii_lowercase();
    const WORDS: [&str; 14] = [
        "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".nan", ".inf", "-.inf",
        "+.inf",
    ];
    if WORDS.contains(&lower.as_str()) {
        return false;
    }
    let numeric = s
        .trim_start_matches(['+', '-'])
        .chars()
        .all(|c| c.is_ascii_hexdigit() || "._xXoO+-eE:".contains(c));
    if numeric && s.chars().any(|c| c.is_ascii_digit()) {
        // Dates (2026-01-12) read back as strings in serde_yaml, but a plain 2026 or 1e3 does
        // not everywhere; only a full date stays plain, as in the hand-written files.
        return Date::parse(s).is_some() && s.len() == 10;
    }
    true
}

fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_where_safe() {
        assert_eq!(scalar("普兰县人民政府"), "普兰县人民政府");
        assert_eq!(scalar("pnx/2026-00010"), "pnx/2026-00010");
        assert_eq!(scalar("2026-01-12"), "2026-01-12");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(scalar("000123"), "\"000123\"");
        assert_eq!(scalar("{3次|a}，会议"), "\"{3次|a}，会议\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("“八五”普法"), "“八五”普法");
        assert_eq!(flow_scalar("其中：咨询"), "其中：咨询");
        assert_eq!(flow_scalar("a,b"), "\"a,b\"");
        assert_eq!(scalar("say \"hi\""), "say \"hi\"");
        assert_eq!(scalar("\"hi\" said"), "\"\\\"hi\\\" said\"");
    }
}
