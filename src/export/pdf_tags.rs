//! The tagged PDF's structure (PDF/UA-1): which structure element each drawn glyph belongs
//! to, and the tag tree, built from the composition so that the reading order is the
//! composition's order whatever the pages did to it.
//!
//! The mapping:
//! - the title and each attachment's title: `H1`; headings of level 1–4 (一、 （一） 1. （1）):
//!   `H2`–`H5`, so that no level is skipped below the title's `H1` (PDF/UA numbered headings);
//! - a run-in heading ("（一）强化组织领导。一是……"): one `P`, as the DOCX keeps it one body
//!   paragraph: it reads as the paragraph it is printed as, and its bookmark leads to it. An
//!   `H` plus a `P` would cost the sample a heading title per run-in heading (~1.4 KB), a
//!   `Span` for the sentence ~950 bytes, against its 200 KB budget, for nothing a screen
//!   reader announces;
//! - body paragraphs, the 主送机关, 附注, the 附件 label, the 版头's lines, each 署名 name, the
//!   成文日期 and each 版记 line: `P`;
//! - tables: `Table` (its caption a `Caption`), `TR`, `TH` (column scope) for the header row,
//!   `TD`; a header row repeated on a later page is a pagination artifact there;
//! - the 附件说明: an `L` whose `Caption` is "附件：" and whose `LI`s hold the number as `Lbl`
//!   and the attachment's title as `LBody`;
//! - page numbers, rules (the red rule, table borders, the 版记's rules) and boxes drawn for
//!   characters no font has: artifacts.
//!
//! A paragraph split across pages is one `P`: its marked content on both pages hangs under
//! the same element.

use std::collections::HashMap;
use std::num::NonZeroU16;
use std::ops::Range;

use krilla::tagging::{
    ArtifactType, Identifier, ListNumbering, Node, TableHeaderScope, Tag, TagGroup, TagKind,
    TagTree,
};

use crate::compose::{spans_text, Composition, Content, Part};
use crate::layout::TextRun;
use crate::style::Element;

/// What a stretch of drawn content is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// Piece `.1` of composition part `.0` (see [`pieces`]).
    Leaf(usize, usize),
    /// Page numbers, and a table header repeated on a later page.
    Pagination,
    /// Rules and other drawing that carries no text.
    Layout,
}

impl Target {
    pub fn artifact(self) -> Option<ArtifactType> {
        match self {
            Target::Leaf(..) => None,
            Target::Pagination => Some(ArtifactType::PageNumber),
            // Untyped: `/Artifact BMC` needs no property list, and a rule is plainly layout.
            Target::Layout => Some(ArtifactType::Other),
        }
    }
}

/// The texts a part is tagged as, in reading order. [`Structure::tree`] gives each its element;
/// both follow the same order per content kind.
fn pieces(part: &Part) -> Vec<String> {
    match &part.content {
        Content::Blank => Vec::new(),
        Content::Table(t) => std::iter::once(t.caption.clone().unwrap_or_default())
            .chain(
                t.all_rows()
                    .flat_map(|(_, row)| row.iter().map(|c| spans_text(c))),
            )
            .collect(),
        Content::AttachmentNote(a) => vec![a.lead.clone(), a.number.clone(), a.title.clone()],
        Content::Signature { names, date, .. } => {
            names.iter().cloned().chain(date.clone()).collect()
        }
        Content::Imprint { cc, printer, date } => vec![
            cc.clone().unwrap_or_default(),
            printer.clone(),
            date.clone().unwrap_or_default(),
        ],
        other => vec![other.text()],
    }
}

/// The heading level of a part that stands as a heading: the title and attachment titles `H1`,
/// heading levels 1–4 `H2`–`H5`; a heading that runs into its paragraph is none.
fn heading_level(part: &Part) -> Option<u16> {
    if run_in(part) {
        return None;
    }
    level(part.element)
}

fn level(e: Element) -> Option<u16> {
    match e {
        Element::Title | Element::AttachmentTitle => Some(1),
        Element::Heading1 => Some(2),
        Element::Heading2 => Some(3),
        Element::Heading3 => Some(4),
        Element::Heading4 => Some(5),
        _ => None,
    }
}

/// A heading that runs into its paragraph: heading spans followed by body spans.
fn run_in(part: &Part) -> bool {
    match &part.content {
        Content::Text(spans) => {
            level(part.element).is_some() && spans.iter().any(|s| s.element != part.element)
        }
        _ => false,
    }
}

/// One part's pieces and how far its drawn glyphs have got through them.
struct Plan {
    text: String,
    /// Byte end of each piece in `text`.
    ends: Vec<usize>,
    cursor: usize,
    last: usize,
    /// Piece index of each table row's first cell (piece 0 is the caption).
    rows: Vec<usize>,
    has_header: bool,
    body_row_drawn: bool,
}

impl Plan {
    fn new(part: &Part) -> Plan {
        let pieces = pieces(part);
        let mut text = String::new();
        let mut ends = Vec::new();
        for p in &pieces {
            text.push_str(p);
            ends.push(text.len());
        }
        let (rows, has_header) = match &part.content {
            Content::Table(t) => {
                let mut at = 1;
                let rows = t
                    .all_rows()
                    .map(|(_, r)| {
                        let first = at;
                        at += r.len();
                        first
                    })
                    .collect();
                (rows, !t.header.is_empty())
            }
            _ => (Vec::new(), false),
        };
        Plan {
            text,
            ends,
            cursor: 0,
            last: 0,
            rows,
            has_header,
            body_row_drawn: false,
        }
    }

    /// The piece a drawn glyph's text falls in: its next occurrence in the part's text from
    /// where the previous glyph was found. The layout drops spaces it does not draw and draws
    /// boxes for characters no font has, so the walk skips what it does not meet; a glyph it
    /// cannot find stays in the previous glyph's piece.
    fn locate(&mut self, s: &str) -> usize {
        if let Some(at) = self.text.get(self.cursor..).and_then(|t| t.find(s)) {
            let pos = self.cursor + at;
            self.cursor = pos + s.len();
            // Empty pieces end where the previous one ends: take the first piece ending after.
            self.last = self.ends.iter().position(|&e| e > pos).unwrap_or(self.last);
        }
        self.last
    }
}

/// The structure of one document as its pages are drawn: plans per part and the marked
/// content gathered for each piece.
pub(super) struct Structure<'a> {
    c: &'a Composition,
    plans: HashMap<usize, Plan>,
    leaves: HashMap<(usize, usize), Vec<Identifier>>,
}

impl<'a> Structure<'a> {
    pub fn new(c: &'a Composition) -> Structure<'a> {
        Structure {
            c,
            plans: HashMap::new(),
            leaves: HashMap::new(),
        }
    }

    /// The run's glyphs cut where their target changes, in drawing order.
    pub fn segments(&mut self, run: &TextRun) -> Vec<(Target, Range<usize>)> {
        let Some(part) = run
            .tag
            .part
            .and_then(|p| self.c.parts.get(p).map(|x| (p, x)))
        else {
            return vec![(Target::Pagination, 0..run.glyphs.len())];
        };
        let (pi, p) = part;
        let plan = self.plans.entry(pi).or_insert_with(|| Plan::new(p));
        let target = if let Some((row, col)) = run.tag.cell {
            if plan.has_header && row == 0 && plan.body_row_drawn {
                Target::Pagination
            } else {
                if row > 0 || !plan.has_header {
                    plan.body_row_drawn = true;
                }
                let first = plan.rows.get(row).copied().unwrap_or(1);
                Target::Leaf(pi, first + col)
            }
        } else if matches!(p.content, Content::Table(_)) {
            Target::Leaf(pi, 0)
        } else {
            let mut out: Vec<(Target, Range<usize>)> = Vec::new();
            for (gi, g) in run.glyphs.iter().enumerate() {
                // The glyphs of one shaped cluster share its text: located once, or the walk
                // would jump to the text's next occurrence.
                let shared = gi > 0 && run.glyphs[gi - 1].range == g.range;
                if let (true, Some((_, r))) = (shared, out.last_mut()) {
                    r.end = gi + 1;
                    continue;
                }
                let s = run.text.get(g.range.clone()).unwrap_or("");
                let t = Target::Leaf(pi, plan.locate(s));
                match out.last_mut() {
                    Some((lt, r)) if *lt == t => r.end = gi + 1,
                    _ => out.push((t, gi..gi + 1)),
                }
            }
            return out;
        };
        vec![(target, 0..run.glyphs.len())]
    }

    pub fn add(&mut self, target: Target, id: Identifier) {
        if let Target::Leaf(p, k) = target {
            self.leaves.entry((p, k)).or_default().push(id);
        }
        // Artifacts are not in the tree; krilla hands out a dummy identifier for them.
    }

    /// The tag tree in the composition's order. Every identifier handed out for a leaf is
    /// used exactly once, as krilla requires.
    pub fn tree(mut self, lang: &str) -> TagTree {
        let mut tree = TagTree::new().with_lang(Some(lang.to_string()));
        let mut list: Option<TagGroup> = None;
        let c = self.c;
        for (i, part) in c.parts.iter().enumerate() {
            let mut leaf = |k: usize| -> Vec<Node> {
                self.leaves
                    .remove(&(i, k))
                    .unwrap_or_default()
                    .into_iter()
                    .map(Node::from)
                    .collect()
            };
            if let Content::AttachmentNote(a) = &part.content {
                let l = list.get_or_insert_with(|| {
                    let numbering = if a.number.is_empty() {
                        ListNumbering::None
                    } else {
                        ListNumbering::Decimal
                    };
                    TagGroup::new(Tag::L(numbering))
                });
                push_group(l, Tag::Caption, leaf(0));
                let mut li = TagGroup::new(Tag::LI);
                push_group(&mut li, Tag::Lbl, leaf(1));
                push_group(&mut li, Tag::LBody, leaf(2));
                push(l, li);
                continue;
            }
            if matches!(part.content, Content::Blank) {
                continue;
            }
            if let Some(l) = list.take() {
                push_tree(&mut tree, l);
            }
            match &part.content {
                Content::Table(t) => {
                    let mut table = TagGroup::new(Tag::Table);
                    push_group(&mut table, Tag::Caption, leaf(0));
                    let mut k = 1;
                    for (header, row) in t.all_rows() {
                        let mut tr = TagGroup::new(Tag::TR);
                        for _ in row {
                            let cell: TagKind = if header {
                                Tag::TH(TableHeaderScope::Column).into()
                            } else {
                                Tag::TD.into()
                            };
                            push_group(&mut tr, cell, leaf(k));
                            k += 1;
                        }
                        push(&mut table, tr);
                    }
                    push_tree(&mut tree, table);
                }
                Content::Signature { .. } | Content::Imprint { .. } => {
                    for k in 0..pieces(part).len() {
                        push_tree_group(&mut tree, Tag::P, leaf(k));
                    }
                }
                _ => {
                    let ps = pieces(part);
                    match heading_level(part) {
                        Some(level) => {
                            let title = ps[0].trim().to_string();
                            let level = NonZeroU16::new(level).expect("levels start at 1");
                            push_tree_group(&mut tree, Tag::Hn(level, Some(title)), leaf(0));
                        }
                        None => push_tree_group(&mut tree, Tag::P, leaf(0)),
                    }
                }
            }
        }
        if let Some(l) = list.take() {
            push_tree(&mut tree, l);
        }
        tree
    }
}

/// A group of `children` under `parent`; none when nothing of it was drawn (an empty cell or
/// piece), which krilla would drop anyway.
fn push_group(parent: &mut TagGroup, tag: impl Into<TagKind>, children: Vec<Node>) {
    if !children.is_empty() {
        parent.push(TagGroup::with_children(tag, children));
    }
}

fn push(parent: &mut TagGroup, child: TagGroup) {
    if !child.children.is_empty() {
        parent.push(child);
    }
}

fn push_tree_group(tree: &mut TagTree, tag: impl Into<TagKind>, children: Vec<Node>) {
    if !children.is_empty() {
        tree.push(TagGroup::with_children(tag, children));
    }
}

fn push_tree(tree: &mut TagTree, child: TagGroup) {
    if !child.children.is_empty() {
        tree.push(child);
    }
}
