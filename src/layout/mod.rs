//! Layout: the composed document → pages of positioned glyphs and rules on the GB/T 9704
//! grid. All typographic decisions (line breaking, 禁则, squeezing, pagination) live here; the
//! PDF writer only serialises what this produces, and the text comes from
//! [`crate::compose`] unchanged.
//!
//! Coordinates are in points from the page's top-left corner; y grows downwards.

mod body;
mod chars;
mod draw;
mod flow;
mod head;
mod imprint;
pub mod lines;
mod table;
pub mod tibetan;
pub mod title;

use crate::compose::{compose, Composition, Content};
use crate::diag::Diagnostic;
use crate::fonts::{FontSet, Role};
use crate::model::Report;
use crate::style::{page, Element};
use draw::Ctx;

pub fn mm(v: f32) -> f32 {
    page::mm_to_pt(v)
}

/// The type area and grid, in pt.
pub mod grid {
    use super::mm;
    use crate::style::page;

    pub fn left() -> f32 {
        mm(page::LEFT_MM)
    }
    pub fn top() -> f32 {
        mm(page::TOP_MM)
    }
    pub fn width() -> f32 {
        mm(page::TYPE_WIDTH_MM)
    }
    pub fn height() -> f32 {
        mm(page::TYPE_HEIGHT_MM)
    }
    pub fn right() -> f32 {
        left() + width()
    }
    pub fn bottom() -> f32 {
        top() + height()
    }
    /// Line pitch (225/22 mm).
    pub fn row() -> f32 {
        mm(page::LINE_PITCH_MM)
    }
    /// Character pitch (156/28 mm).
    pub fn col() -> f32 {
        mm(page::CHAR_PITCH_MM)
    }
    pub fn rows() -> usize {
        page::LINES_PER_PAGE
    }
    pub fn row_top(r: usize) -> f32 {
        top() + r as f32 * row()
    }
    /// The em box of a CJK face spans 0.88 em above the baseline to 0.12 em below; it is
    /// centred in its grid row.
    pub fn baseline_in_row(size: f32) -> f32 {
        (row() - size) / 2.0 + super::ASCENT * size
    }
    /// Baseline of a body line (16 pt) on grid row `r`.
    pub fn body_baseline(r: usize) -> f32 {
        row_top(r) + baseline_in_row(crate::style::size::SAN)
    }
}

/// Ideographic em-box top above the baseline, in em.
pub const ASCENT: f32 = 0.88;

/// A glyph placed on the page.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedGlyph {
    pub id: u16,
    /// Glyph origin, pt from the left page edge.
    pub x: f32,
    /// The face's own advance at this size (pt): the glyph's em box is `x .. x + advance`.
    pub advance: f32,
    /// Bytes of `TextRun::text` this glyph stands for (the glyphs of a shaped cluster share
    /// the cluster's range).
    pub range: std::ops::Range<usize>,
    /// Shift up from the run's baseline, pt (a shaped mark placed above or below its base).
    pub dy: f32,
}

/// Glyphs of one face on one baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    pub role: Role,
    /// Position of the face in `FontSet::chain(role)`.
    pub face: usize,
    pub size: f32,
    pub color: [u8; 3],
    /// pt from the top page edge.
    pub baseline: f32,
    pub glyphs: Vec<PlacedGlyph>,
    pub text: String,
    /// What the run prints in the document's structure (for the tagged PDF).
    pub tag: StructRef,
    /// BCP 47 language of a run in another language than the document's (`bo`: shaped
    /// Tibetan, whose glyphs are not one per character).
    pub lang: Option<&'static str>,
}

/// Where a run stands in the composition, so that the PDF writer can tag it without reading
/// the layout's intent from positions. Filled where the flow is built; the default (no part)
/// marks what prints no part's text (page numbers), which the writer makes an artifact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StructRef {
    /// Index of the composition part in `Composition::parts`.
    pub part: Option<usize>,
    /// A table cell's (row, column), rows counted as `TablePart::all_rows` gives them.
    pub cell: Option<(usize, usize)>,
}

/// A horizontal rule: `y` is its centre line.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub x0: f32,
    pub x1: f32,
    pub y0: f32,
    pub y1: f32,
    pub color: [u8; 3],
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Text(TextRun),
    /// A filled rectangle (rules of the 版记, the red rule, table borders).
    Rule(Rule),
}

/// What a line of text is, for checks and tests.
#[derive(Clone, Debug, PartialEq)]
pub struct LineInfo {
    pub element: Element,
    /// Grid row (0–21) of lines that sit on the grid.
    pub row: Option<usize>,
    pub baseline: f32,
    /// Left edge of the first slot and right edge of the last, pt from the page's left edge.
    pub left: f32,
    pub right: f32,
    pub text: String,
    /// Full-width characters on the line.
    pub full_width: usize,
    /// Room the characters take before justification, in grid characters (a mark squeezed to
    /// half width counts one half).
    pub chars: f32,
    pub justified: bool,
    pub last_of_paragraph: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// Printed page number; `None` on a blank page and on the page holding only the 版记.
    pub number: Option<u32>,
    pub blank: bool,
    /// The page holds only the 版记 (after the body ended on an odd page).
    pub imprint_only: bool,
    pub items: Vec<Item>,
    pub lines: Vec<LineInfo>,
    /// Grid rows used by the flow of text (for checks).
    pub rows_used: usize,
}

/// A bookmark: level 0 for 一、 headings, 1 for （一） headings.
#[derive(Clone, Debug, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y: f32,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    /// Characters no face has (drawn as boxes).
    pub missing: Vec<char>,
    /// Located warnings about what the layout had to change (e.g. a forced title line wider
    /// than the type area, wrapped); `check` and `build` print them.
    pub warnings: Vec<Diagnostic>,
}

impl Document {
    pub fn lines(&self) -> impl Iterator<Item = (usize, &LineInfo)> {
        self.pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.lines.iter().map(move |l| (i, l)))
    }
}

pub const PAGE_WIDTH: f32 = page::WIDTH_MM * page::PT_PER_MM;
pub const PAGE_HEIGHT: f32 = page::HEIGHT_MM * page::PT_PER_MM;

/// Lays the report out on pages.
pub fn layout(report: &Report, fonts: &FontSet) -> Result<Document, Diagnostic> {
    layout_composition(&compose(report), fonts)
}

/// Lays a composition out on pages.
pub fn layout_composition(c: &Composition, fonts: &FontSet) -> Result<Document, Diagnostic> {
    let mut cx = Ctx::new(fonts);
    let mut first_page = Vec::new();
    let head = c.head();
    // The head must leave the whole title room on the first page (it is kept together).
    let title_rows = c
        .flow()
        .find_map(|p| match &p.content {
            Content::Title { text, lines } if p.element == Element::Title => Some(
                body::title_lines(fonts, p.element, text, lines.as_ref())
                    .0
                    .len(),
            ),
            _ => None,
        })
        .unwrap_or(0);
    let (start_row, head_lines) = head::head(&mut cx, &head, title_rows, &mut first_page);
    tag_head(c, &mut first_page);
    if start_row + title_rows.max(1) > grid::rows() {
        let at = head.mark.map(|m| m.0.loc.clone()).unwrap_or_default();
        return Err(Diagnostic::error(
            "head-too-tall",
            "the head of the document leaves no room for the title on the first page",
        )
        .zh("版头占满了首页，标题没有位置")
        .help("shorten the head: fewer issuers in the issuer mark, or fewer lines above it")
        .help_zh("请精简版头：减少发文机关标志中的机关，或减少其上方的行")
        .at(&at));
    }
    for part in c.flow() {
        let from = cx.flow.len();
        body::part(&mut cx, part);
        let index = c.parts.iter().position(|p| std::ptr::eq(p, part));
        for f in &mut cx.flow[from..] {
            f.tag_part(index);
        }
    }
    if let Some(e) = cx.errors.first() {
        return Err(e.clone());
    }
    let mut doc = flow::paginate(
        std::mem::take(&mut cx.flow),
        start_row,
        first_page,
        head_lines,
    );
    if let Some(part) = c.imprint() {
        let before: Vec<usize> = doc.pages.iter().map(|p| p.items.len()).collect();
        imprint::imprint(&mut cx, part, &mut doc);
        let index = c.parts.iter().position(|p| std::ptr::eq(p, part));
        for (i, page) in doc.pages.iter_mut().enumerate() {
            let from = before.get(i).copied().unwrap_or(0);
            tag_items(&mut page.items[from..], index);
        }
    }
    imprint::page_numbers(fonts, &mut doc);
    doc.missing = std::mem::take(&mut cx.missing);
    doc.warnings = std::mem::take(&mut cx.warnings);
    Ok(doc)
}

/// Marks the runs of `items` as printing composition part `part` (keeping a table cell's place).
fn tag_items(items: &mut [Item], part: Option<usize>) {
    for it in items {
        if let Item::Text(t) = it {
            t.tag.part = part;
        }
    }
}

/// The 版头's runs belong to the head part whose text they print: the head is drawn line by
/// line in its own order, and each line's text is a piece of exactly one head part.
fn tag_head(c: &Composition, items: &mut [Item]) {
    let heads: Vec<(usize, String)> = c
        .parts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.element.in_head())
        .map(|(i, p)| (i, p.text()))
        .collect();
    for it in items {
        if let Item::Text(t) = it {
            let run = t.text.trim();
            t.tag.part = heads
                .iter()
                .find(|(_, text)| !run.is_empty() && text.contains(run))
                .map(|(i, _)| *i);
        }
    }
}
