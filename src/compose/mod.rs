//! Composition: the report → the ordered parts of the printed document, each with its final
//! text. Every writer (PDF layout, DOCX, text, and any later one) only serialises these parts;
//! none of them builds a string another one also builds. What the document *says* — labels,
//! 附件 numbering, 附注 brackets, the 签发人 line, the 版记 lines, the page-number form, the
//! title, dates and 发文字号 of the metadata — is decided here, once. Where it goes on the page
//! is each writer's business, with every number from [`crate::style`].

mod meta;
mod parts;

pub use meta::{Meta, UNDATED};
pub use parts::{spans_text, AttachmentItem, Content, Part, Span, TablePart};

use crate::model::{Block, Inline, Report, Section};
use crate::style::Element;

/// The page number as printed: "— 7 —". The DOCX writes the same text around a PAGE field.
pub const PAGE_NUMBER_PREFIX: &str = "— ";
pub const PAGE_NUMBER_SUFFIX: &str = " —";

pub fn page_number(n: u32) -> String {
    format!("{PAGE_NUMBER_PREFIX}{n}{PAGE_NUMBER_SUFFIX}")
}

/// Label before the 附件说明.
pub const ATTACHMENT_LEAD: &str = "附件：";
/// Label before the 签发人 names.
pub const SIGNER_LABEL: &str = "签发人：";
/// Between the 签发人 names on one line.
pub const SIGNER_GAP: &str = "　";

/// The composed document: metadata and the parts in reading order.
#[derive(Clone, Debug, PartialEq)]
pub struct Composition {
    pub meta: Meta,
    pub parts: Vec<Part>,
}

impl Composition {
    /// The parts of the 版头 sorted by where they go on the first page.
    pub fn head(&self) -> HeadParts<'_> {
        let mut h = HeadParts::default();
        for p in self.parts.iter().filter(|p| p.element.in_head()) {
            match &p.content {
                Content::IssuerMark {
                    names,
                    suffix,
                    upward,
                    ..
                } => h.mark = Some((p, names, suffix, *upward)),
                Content::DocNumber { number, signers } => h.number = Some((number, signers)),
                _ => h.lines.push(p),
            }
        }
        h
    }

    /// Every part after the 版头 and before the 版记.
    pub fn flow(&self) -> impl Iterator<Item = &Part> {
        self.parts
            .iter()
            .filter(|p| !p.element.in_head() && p.element != Element::Imprint)
    }

    pub fn imprint(&self) -> Option<&Part> {
        self.parts.iter().find(|p| p.element == Element::Imprint)
    }
}

/// The 版头 as the writers place it.
#[derive(Default)]
pub struct HeadParts<'a> {
    /// 份号, 密级, 紧急程度: one line each at the top of the type area.
    pub lines: Vec<&'a Part>,
    /// The 发文机关标志: its part (for its YAML place), names, suffix, 上行文.
    pub mark: Option<(&'a Part, &'a [String], &'a str, bool)>,
    /// 发文字号 and the 签发人 printed on its line.
    pub number: Option<(&'a str, &'a [String])>,
}

impl HeadParts<'_> {
    /// A red rule closes the head when it has a mark or a 发文字号.
    pub fn ruled(&self) -> bool {
        self.mark.is_some() || self.number.is_some()
    }
}

/// Composes a report.
pub fn compose(report: &Report) -> Composition {
    let mut c = Composer::default();
    c.head(report);
    c.title(report);
    for b in &report.body {
        c.block(b, 0);
    }
    c.end(report);
    c.attachment_pages(report);
    c.imprint(report);
    Composition {
        meta: Meta::of(report),
        parts: c.parts,
    }
}

#[derive(Default)]
struct Composer {
    parts: Vec<Part>,
}

impl Composer {
    fn push(&mut self, part: Part) {
        self.parts.push(part);
    }

    fn blank(&mut self) {
        self.push(Part::new(Element::Body, Content::Blank));
    }

    /// A blank line that stays with what follows (inside an attachment's head).
    fn blank_kept(&mut self) {
        self.push(Part::new(Element::Body, Content::Blank).keep());
    }

    fn head(&mut self, report: &Report) {
        let h = &report.head;
        let at = |path: &str| report.source_map.loc(path);
        let line = |e: Element, t: &str, path: &str| {
            let mut p = Part::new(e, Content::Text(vec![Span::plain(e, t)]));
            p.loc = at(path);
            p
        };
        if let Some(c) = &h.copy_number {
            self.push(line(Element::CopyNumber, c, "head.copy_number"));
        }
        if let Some(s) = h.secrecy_line() {
            self.push(line(Element::Secrecy, &s, "head.secrecy"));
        }
        if let Some(u) = &h.urgency {
            self.push(line(Element::Urgency, u, "head.urgency"));
        }
        if !h.issuers.is_empty() {
            let mut p = Part::new(
                Element::IssuerMark,
                Content::IssuerMark {
                    names: h.issuers.clone(),
                    suffix: h.issuer_suffix.clone().unwrap_or_default(),
                    upward: h.upward,
                    tibetan: h.issuer_tibetan.clone().unwrap_or_default(),
                },
            );
            p.loc = at("head.issuers");
            self.push(p);
        }
        if let Some(n) = &h.doc_number {
            // 签发人 is printed on 上行文 only, on the line of the 发文字号.
            let signers = if h.upward {
                h.signers.clone()
            } else {
                Vec::new()
            };
            let mut p = Part::new(
                Element::DocNumber,
                Content::DocNumber {
                    number: n.clone(),
                    signers,
                },
            );
            p.loc = at("head.doc_number");
            self.push(p);
        }
    }

    fn title(&mut self, report: &Report) {
        let t = &report.title;
        let lines = t.lines.clone().filter(|l| !l.is_empty());
        let mut p = Part::new(
            Element::Title,
            Content::Title {
                text: t.text.clone(),
                lines,
            },
        );
        p.keep_lines = true;
        p.loc = t.loc.clone();
        self.push(p);
        self.blank();
        if let Some(a) = &report.addressee {
            let text = format!("{}：", a.trim_end_matches(['：', ':']));
            let mut p = Part::new(
                Element::Addressee,
                Content::Text(vec![Span::plain(Element::Addressee, &text)]),
            );
            p.loc = report.source_map.loc("addressee");
            self.push(p);
        }
    }

    fn block(&mut self, b: &Block, depth: usize) {
        match b {
            Block::Paragraph(p) => {
                let mut part = Part::new(
                    Element::Body,
                    Content::Text(spans(Element::Body, &p.inlines)),
                );
                part.depth = Some(depth);
                part.loc = p.loc.clone();
                self.push(part);
            }
            Block::Section(s) => {
                self.section(s);
                for b in &s.body {
                    self.block(b, depth + 1);
                }
            }
            Block::Table(t) => {
                let cells = |row: &Vec<Vec<Inline>>| -> Vec<Vec<Span>> {
                    row.iter().map(|c| spans(Element::Table, c)).collect()
                };
                let table = TablePart {
                    caption: t.caption.clone(),
                    header: cells(&t.header),
                    rows: t.rows.iter().map(cells).collect(),
                };
                let mut part = Part::new(Element::Table, Content::Table(table));
                part.depth = Some(depth);
                part.loc = t.loc.clone();
                self.push(part);
            }
        }
    }

    fn section(&mut self, s: &Section) {
        let e = Element::heading(s.level);
        let mut text = vec![Span::plain(e, &s.label())];
        text.extend(spans(e, &s.heading));
        let standalone = s.lead.is_none();
        if let Some(lead) = &s.lead {
            text.extend(spans(Element::Body, &lead.inlines));
        }
        let mut part = Part::new(e, Content::Text(merge_plain(text)));
        part.keep_with_next = standalone;
        part.keep_lines = standalone;
        part.loc = s.loc.clone();
        if s.level <= 2 {
            let title = format!("{}{}", s.label(), s.heading_text());
            part.outline = Some((
                s.level - 1,
                title.trim_end_matches(['。', '，', '；']).to_string(),
            ));
        }
        self.push(part);
    }

    /// 附件说明, 署名, 成文日期, 附注: kept on the page of the last body line.
    fn end(&mut self, report: &Report) {
        let from = self.parts.len();
        let n = report.attachments.len();
        if n > 0 {
            self.blank();
            for (i, a) in report.attachments.iter().enumerate() {
                let item = AttachmentItem {
                    lead: if i == 0 { ATTACHMENT_LEAD } else { "" }.to_string(),
                    number: if n > 1 {
                        format!("{}.", i + 1)
                    } else {
                        String::new()
                    },
                    title: a.title.clone(),
                };
                let mut part = Part::new(Element::AttachmentNote, Content::AttachmentNote(item));
                part.loc = a.loc.clone();
                self.push(part);
            }
        }
        if let Some(sig) = &report.signature {
            // A sealed document leaves room for the seal above the signature.
            let gap = if sig.sealed { 2 } else { 1 };
            for _ in 0..gap {
                self.blank();
            }
            let mut part = Part::new(
                Element::Signature,
                Content::Signature {
                    names: sig.issuers.clone(),
                    sealed: sig.sealed,
                    date: sig.date.map(|d| d.chinese()),
                },
            );
            part.loc = sig.loc.clone();
            self.push(part);
        }
        if let Some(note) = &report.note {
            let inner = note
                .trim()
                .trim_start_matches(['（', '('])
                .trim_end_matches(['）', ')']);
            let text = format!("（{inner}）");
            let mut p = Part::new(
                Element::Note,
                Content::Text(vec![Span::plain(Element::Note, &text)]),
            );
            p.loc = report.source_map.loc("note");
            self.push(p);
        }
        // The end block stays together, with the last body line.
        let end = self.parts.len();
        if end > from {
            for p in &mut self.parts[from..end] {
                p.keep_lines = true;
            }
            for p in &mut self.parts[from.saturating_sub(1)..end - 1] {
                p.keep_with_next = true;
            }
        }
    }

    /// Each attachment on pages of its own: 附件N at the top left, its title, its body.
    fn attachment_pages(&mut self, report: &Report) {
        let n = report.attachments.len();
        for (i, a) in report.attachments.iter().enumerate() {
            let label = if n > 1 {
                format!("附件{}", i + 1)
            } else {
                "附件".to_string()
            };
            let mut l = Part::new(
                Element::AttachmentLabel,
                Content::Text(vec![Span::plain(Element::AttachmentLabel, &label)]),
            )
            .keep();
            l.page_break_before = true;
            l.loc = a.loc.clone();
            self.push(l);
            self.blank_kept();
            let mut t = Part::new(
                Element::AttachmentTitle,
                Content::Title {
                    text: a.title.clone(),
                    lines: None,
                },
            )
            .keep();
            t.loc = a.loc.clone();
            self.push(t);
            if !a.body.is_empty() {
                self.blank();
            }
            for b in &a.body {
                self.block(b, 0);
            }
        }
    }

    fn imprint(&mut self, report: &Report) {
        let Some(imp) = &report.imprint else {
            return;
        };
        let mut part = Part::new(
            Element::Imprint,
            Content::Imprint {
                cc: imp.cc_line(),
                printer: imp.printer.clone(),
                date: imp.date.map(|d| format!("{}印发", d.chinese())),
            },
        );
        part.loc = imp.loc.clone();
        self.push(part);
    }
}

/// Inline content as spans of one element: text runs, and each indicator as its own span
/// (the DOCX wraps it in a bookmark).
fn spans(element: Element, inlines: &[Inline]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for i in inlines {
        match i {
            Inline::Indicator(q) => out.push(Span {
                element,
                text: q.text.clone(),
                indicator: Some(q.id.clone()),
            }),
            other => out.push(Span::plain(element, other.text())),
        }
    }
    merge_plain(out)
}

/// Joins neighbouring plain spans of the same element, so each writer sees the fewest runs.
fn merge_plain(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        if s.text.is_empty() && s.indicator.is_none() {
            continue;
        }
        match out.last_mut() {
            Some(last)
                if last.indicator.is_none()
                    && s.indicator.is_none()
                    && last.element == s.element =>
            {
                last.text.push_str(&s.text);
            }
            _ => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests;
