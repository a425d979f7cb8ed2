//! Layout: the report model → pages of positioned glyphs and rules on the GB/T 9704 grid.
//! All typographic decisions (line breaking, 禁则, squeezing, pagination) live here; the PDF
//! writer only serialises what this produces.
//!
//! Coordinates are in points from the page's top-left corner; y grows downwards.

pub mod lines;
pub mod title;

use crate::diag::Diagnostic;
use crate::fonts::{FontSet, Role};
use crate::model::{Attachment, Block, Date, Inline, Report, Section, Table};
use crate::style::{page, Element, BLACK, RED};
use lines::{break_lines, normalize, shape, shape_char, LineOut, Measure, PChar};

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
    /// Bytes of `TextRun::text` this glyph stands for.
    pub range: std::ops::Range<usize>,
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

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Content,
    Blank,
    PageBreak,
}

/// One slot of the flow: a line (or a table row) occupying `rows` grid rows. Items and
/// lines are positioned relative to the top of the first row.
#[derive(Clone, Debug)]
struct Flow {
    kind: Kind,
    rows: usize,
    items: Vec<Item>,
    lines: Vec<LineInfo>,
    keep_with_next: bool,
    outline: Option<(u8, String)>,
    /// A table row that starts a page is preceded by its table's header row again.
    repeat: Option<Box<Flow>>,
}

impl Flow {
    fn blank() -> Flow {
        Flow {
            kind: Kind::Blank,
            rows: 1,
            items: Vec::new(),
            lines: Vec::new(),
            keep_with_next: false,
            outline: None,
            repeat: None,
        }
    }
    fn page_break() -> Flow {
        Flow {
            kind: Kind::PageBreak,
            rows: 0,
            ..Flow::blank()
        }
    }
    fn line(items: Vec<Item>, line: LineInfo) -> Flow {
        Flow {
            kind: Kind::Content,
            rows: 1,
            items,
            lines: vec![line],
            keep_with_next: false,
            outline: None,
            repeat: None,
        }
    }
}

fn shift(items: &mut [Item], lines: &mut [LineInfo], dy: f32, row: Option<usize>) {
    for it in items {
        match it {
            Item::Text(t) => t.baseline += dy,
            Item::Rule(r) => {
                r.y0 += dy;
                r.y1 += dy;
            }
        }
    }
    for l in lines {
        l.baseline += dy;
        if let Some(r) = row {
            l.row = Some(r + l.row.unwrap_or(0));
        }
    }
}

/// Turns laid-out characters into text runs (one per face) at absolute x (`x0` + glyph x)
/// and a baseline relative to the caller's origin.
fn runs(
    chars: &[PChar],
    glyphs: &[(usize, f32, f32)],
    x0: f32,
    baseline: f32,
    size: f32,
    color: [u8; 3],
) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    let mut cur: Option<TextRun> = None;
    let mut boxes: Vec<Item> = Vec::new();
    for &(ci, x, _) in glyphs {
        let pc = &chars[ci];
        if pc.glyph == 0 && !pc.c.is_whitespace() {
            // No face has this character (the clerk is told so). Drawing the fonts' .notdef
            // glyph would break PDF/A, so the layout draws its own hollow box in its place.
            boxes.extend(missing_box(
                x0 + x,
                baseline,
                pc.advance.max(size * 0.5),
                size,
                color,
            ));
            continue;
        }
        let same = cur
            .as_ref()
            .is_some_and(|r| r.role == pc.role && r.face == pc.face);
        if !same {
            if let Some(r) = cur.take() {
                out.push(Item::Text(r));
            }
            cur = Some(TextRun {
                role: pc.role,
                face: pc.face,
                size,
                color,
                baseline,
                glyphs: Vec::new(),
                text: String::new(),
            });
        }
        let r = cur.as_mut().expect("run started above");
        let start = r.text.len();
        r.text.push(pc.c);
        r.glyphs.push(PlacedGlyph {
            id: pc.glyph,
            x: x0 + x,
            advance: pc.advance,
            range: start..r.text.len(),
        });
    }
    if let Some(r) = cur {
        out.push(Item::Text(r));
    }
    out.extend(boxes);
    out
}

/// A hollow box standing for a character no font has: four thin rules inside its em.
fn missing_box(x: f32, baseline: f32, advance: f32, size: f32, color: [u8; 3]) -> Vec<Item> {
    let (l, r) = (x + advance * 0.15, x + advance * 0.85);
    let (top, bottom) = (baseline - size * 0.8, baseline + size * 0.05);
    let w = size * 0.04;
    let rule = |x0: f32, x1: f32, y0: f32, y1: f32| {
        Item::Rule(Rule {
            x0,
            x1,
            y0,
            y1,
            color,
        })
    };
    vec![
        rule(l, r, top, top + w),
        rule(l, r, bottom - w, bottom),
        rule(l, l + w, top, bottom),
        rule(r - w, r, top, bottom),
    ]
}

struct Ctx<'a> {
    fonts: &'a FontSet,
    flow: Vec<Flow>,
    missing: Vec<char>,
}

/// Placement of a single line of text that is not broken (titles, dates, names).
#[derive(Clone, Copy)]
enum Place {
    Left(f32),
    Right(f32),
    Center(f32),
}

impl<'a> Ctx<'a> {
    fn shape(&mut self, segs: &[(String, Role)], size: f32) -> Vec<PChar> {
        let chars = shape(self.fonts, segs, size);
        for c in &chars {
            if c.glyph == 0 && !c.c.is_whitespace() && !self.missing.contains(&c.c) {
                self.missing.push(c.c);
            }
        }
        chars
    }

    /// A paragraph broken into grid lines. `keep_chars`: the number of leading characters that
    /// are a heading (the lines holding them are kept with the next line).
    #[allow(clippy::too_many_arguments)]
    fn paragraph(
        &mut self,
        segs: &[(String, Role)],
        first: Element,
        rest: Element,
        m: Measure,
        keep_chars: usize,
        x0: f32,
    ) -> Vec<Flow> {
        let size = m.size;
        let chars = self.shape(segs, size);
        if chars.is_empty() {
            return Vec::new();
        }
        let lines = break_lines(&chars, &m);
        let color = first.style().color;
        lines
            .iter()
            .enumerate()
            .map(|(i, lo)| {
                let base = grid::baseline_in_row(size);
                let items = runs(&chars, &lo.glyphs, x0, base, size, color);
                let info = line_info(&chars, lo, x0, base, if i == 0 { first } else { rest });
                let mut f = Flow::line(items, info);
                f.keep_with_next = lo.start < keep_chars;
                f
            })
            .collect()
    }

    /// One unbroken line: full-width characters on `pitch`, others at their own advance.
    #[allow(clippy::too_many_arguments)]
    fn single(
        &mut self,
        segs: &[(String, Role)],
        size: f32,
        pitch: f32,
        place: Place,
        baseline: f32,
        color: [u8; 3],
        element: Element,
    ) -> (Vec<Item>, LineInfo, f32) {
        let chars = self.shape(segs, size);
        let mut glyphs = Vec::new();
        let mut x = 0.0;
        for (i, c) in chars.iter().enumerate() {
            if c.wide {
                glyphs.push((i, x + (pitch - size) / 2.0, pitch));
                x += pitch;
            } else {
                glyphs.push((i, x, c.advance));
                x += c.advance;
            }
        }
        let w = x;
        let x0 = match place {
            Place::Left(l) => l,
            Place::Right(r) => r - w,
            Place::Center(c) => c - w / 2.0,
        };
        let lo = LineOut {
            start: 0,
            end: chars.len(),
            glyphs,
            indent: 0.0,
            right: w,
            justified: false,
            last: true,
            natural: w,
        };
        let items = runs(&chars, &lo.glyphs, x0, baseline, size, color);
        let info = line_info(&chars, &lo, x0, baseline, element);
        (items, info, w)
    }

    fn width(&mut self, text: &str, role: Role, size: f32, pitch: f32) -> f32 {
        text.chars()
            .map(|c| {
                let pc = shape_char(self.fonts, role, c, size);
                if pc.wide {
                    pitch
                } else {
                    pc.advance
                }
            })
            .sum()
    }
}

fn line_info(chars: &[PChar], lo: &LineOut, x0: f32, baseline: f32, element: Element) -> LineInfo {
    let text: String = lo.glyphs.iter().map(|&(i, _, _)| chars[i].c).collect();
    LineInfo {
        element,
        row: None,
        baseline,
        left: x0 + lo.indent,
        right: x0 + lo.right,
        full_width: lo.glyphs.iter().filter(|&&(i, _, _)| chars[i].wide).count(),
        chars: lo.natural / grid::col(),
        text,
        justified: lo.justified,
        last_of_paragraph: lo.last,
    }
}

fn body_measure() -> Measure {
    let s = Element::Body.style();
    Measure {
        pitch: grid::col(),
        size: s.size_pt,
        width: grid::width(),
        first_indent: s.first_line_indent * grid::col(),
        rest_indent: 0.0,
        justify: true,
    }
}

fn text_of(inlines: &[Inline]) -> String {
    normalize(&crate::model::inline_text(inlines))
}

/// Lays the report out on pages.
pub fn layout(report: &Report, fonts: &FontSet) -> Result<Document, Diagnostic> {
    let mut cx = Ctx {
        fonts,
        flow: Vec::new(),
        missing: Vec::new(),
    };
    let mut first_page = Vec::new();
    let (start_row, head_lines) = head(&mut cx, report, &mut first_page);
    if start_row >= grid::rows() {
        return Err(Diagnostic::error(
            "head-too-tall",
            "the head of the document leaves no room for the title on the first page",
        )
        .zh("版头占满了首页，标题没有位置")
        .help("shorten the head: fewer issuers in the issuer mark, or fewer lines above it")
        .help_zh("请精简版头：减少发文机关标志中的机关，或减少其上方的行")
        .at(&report.source_map.loc("head.issuers")));
    }
    title_block(&mut cx, report);
    if let Some(a) = &report.addressee {
        let m = Measure {
            first_indent: 0.0,
            ..body_measure()
        };
        let t = format!("{}：", normalize(a.trim_end_matches(['：', ':'])));
        let f = cx.paragraph(
            &[(t, Element::Addressee.style().role)],
            Element::Addressee,
            Element::Addressee,
            m,
            0,
            grid::left(),
        );
        cx.flow.extend(f);
    }
    blocks(&mut cx, &report.body);
    end_block(&mut cx, report);
    for (i, a) in report.attachments.iter().enumerate() {
        attachment(&mut cx, a, i, report.attachments.len());
    }
    let mut doc = paginate(cx.flow, start_row, first_page, head_lines);
    if let Some(imp) = &report.imprint {
        imprint(
            &mut Ctx {
                fonts,
                flow: Vec::new(),
                missing: Vec::new(),
            },
            imp,
            &mut doc,
        );
    }
    page_numbers(fonts, &mut doc);
    doc.missing = cx.missing;
    Ok(doc)
}

/// The head (份号, 密级, 紧急程度, 红头, 发文字号, 签发人, red rule), placed on the first
/// page; returns the grid row where the title starts.
fn head(cx: &mut Ctx, report: &Report, out: &mut Vec<Item>) -> (usize, Vec<LineInfo>) {
    let h = &report.head;
    let mut lines_top: Vec<(String, Element)> = Vec::new();
    if let Some(c) = &h.copy_number {
        lines_top.push((c.clone(), Element::CopyNumber));
    }
    if let Some(s) = h.secrecy_line() {
        lines_top.push((s, Element::Secrecy));
    }
    if let Some(u) = &h.urgency {
        lines_top.push((u.clone(), Element::Urgency));
    }
    let mut infos = Vec::new();
    for (r, (t, el)) in lines_top.iter().enumerate() {
        let st = el.style();
        let (items, mut info, _) = cx.single(
            &[(t.clone(), st.role)],
            st.size_pt,
            grid::col(),
            Place::Left(grid::left()),
            grid::row_top(r) + grid::baseline_in_row(st.size_pt),
            st.color,
            *el,
        );
        info.row = Some(r);
        out.extend(items);
        infos.push(info);
    }
    let mut next_row = lines_top.len();
    if !lines_top.is_empty() {
        next_row += 1;
    }
    if h.issuers.is_empty() && h.doc_number.is_none() {
        return (next_row, infos);
    }
    let mut bottom = grid::top();
    if !h.issuers.is_empty() {
        bottom = issuer_mark(cx, report, out);
    }
    // 发文字号 two rows below the mark.
    let r = (((bottom - grid::top()) / grid::row()).ceil() as usize + 2).max(next_row);
    let mut rule_row = r;
    if let Some(num) = &h.doc_number {
        let st = Element::DocNumber.style();
        let base = grid::row_top(r) + grid::baseline_in_row(st.size_pt);
        let num = normalize(num);
        let upward = h.upward && !h.signers.is_empty();
        let place = if upward {
            Place::Left(grid::left() + grid::col())
        } else {
            Place::Center(grid::left() + grid::width() / 2.0)
        };
        let (items, mut info, _) = cx.single(
            &[(num, st.role)],
            st.size_pt,
            grid::col(),
            place,
            base,
            st.color,
            Element::DocNumber,
        );
        info.row = Some(r);
        out.extend(items);
        infos.push(info);
        if upward {
            let sg = Element::Signer.style();
            let names = h.signers.join("　");
            let (items, mut info, _) = cx.single(
                &[("签发人：".to_string(), sg.role), (names, Role::Heading2)],
                sg.size_pt,
                grid::col(),
                Place::Right(grid::right() - grid::col()),
                base,
                sg.color,
                Element::Signer,
            );
            info.row = Some(r);
            out.extend(items);
            infos.push(info);
        }
        let rule_y = base + 0.12 * st.size_pt + mm(page::RED_RULE_GAP_MM);
        out.push(Item::Rule(Rule {
            x0: grid::left(),
            x1: grid::right(),
            y0: rule_y - mm(RED_RULE_MM) / 2.0,
            y1: rule_y + mm(RED_RULE_MM) / 2.0,
            color: RED,
        }));
        rule_row = ((rule_y - grid::top()) / grid::row()).ceil() as usize;
    }
    // The title sits two rows below the red rule.
    (rule_row + 2, infos)
}

/// Width of the red rule under the 发文字号.
const RED_RULE_MM: f32 = 0.5;

/// The red 发文机关标志: one issuer on a line, or several stacked (joint documents) with the
/// suffix ("文件") beside the stack. Returns the bottom of the mark.
fn issuer_mark(cx: &mut Ctx, report: &Report, out: &mut Vec<Item>) -> f32 {
    let h = &report.head;
    let st = Element::IssuerMark.style();
    let suffix = h.issuer_suffix.clone().unwrap_or_default();
    let top = grid::top()
        + mm(if h.upward {
            page::ISSUER_MARK_TOP_UPWARD_MM
        } else {
            page::ISSUER_MARK_TOP_MM
        });
    let role = st.role;
    let mut size = st.size_pt;
    let names: Vec<String> = h.issuers.iter().map(|s| normalize(s)).collect();
    let joint = names.len() > 1;
    let measure = |cx: &mut Ctx, s: &str, size: f32| cx.width(s, role, size, size);
    // Shrink to fit the type area.
    loop {
        let w = if joint {
            let nw = names
                .iter()
                .map(|n| measure(cx, n, size))
                .fold(0.0, f32::max);
            nw + if suffix.is_empty() {
                0.0
            } else {
                size * 0.5 + measure(cx, &suffix, size)
            }
        } else {
            measure(cx, &format!("{}{}", names[0], suffix), size)
        };
        if w <= grid::width() || size <= 12.0 {
            break;
        }
        size -= 1.0;
    }
    let center = grid::left() + grid::width() / 2.0;
    if !joint {
        let (items, _, _) = cx.single(
            &[(format!("{}{}", names[0], suffix), role)],
            size,
            size,
            Place::Center(center),
            top + ASCENT * size,
            st.color,
            Element::IssuerMark,
        );
        out.extend(items);
        return top + size;
    }
    let pitch = size * 1.2;
    let nw = names
        .iter()
        .map(|n| measure(cx, n, size))
        .fold(0.0, f32::max);
    let sw = if suffix.is_empty() {
        0.0
    } else {
        size * 0.5 + measure(cx, &suffix, size)
    };
    let x0 = center - (nw + sw) / 2.0;
    for (i, n) in names.iter().enumerate() {
        // Each name is spread to the width of the longest, so the stack is a block.
        let chars = cx.shape(&[(n.clone(), role)], size);
        let natural: f32 = chars
            .iter()
            .map(|c| if c.wide { size } else { c.advance })
            .sum();
        let gaps = chars.len().saturating_sub(1).max(1) as f32;
        let extra = if chars.len() > 1 {
            (nw - natural) / gaps
        } else {
            0.0
        };
        let mut x = if chars.len() > 1 {
            0.0
        } else {
            (nw - natural) / 2.0
        };
        let mut glyphs = Vec::new();
        for (k, c) in chars.iter().enumerate() {
            glyphs.push((k, x, if c.wide { size } else { c.advance }));
            x += if c.wide { size } else { c.advance } + extra;
        }
        let base = top + i as f32 * pitch + ASCENT * size;
        out.extend(runs(&chars, &glyphs, x0, base, size, st.color));
    }
    let stack_h = (names.len() - 1) as f32 * pitch + size;
    if !suffix.is_empty() {
        let base = top + stack_h / 2.0 - size / 2.0 + ASCENT * size;
        let (items, _, _) = cx.single(
            &[(suffix, role)],
            size,
            size,
            Place::Left(x0 + nw + size * 0.5),
            base,
            st.color,
            Element::IssuerMark,
        );
        out.extend(items);
    }
    top + stack_h
}

/// Width of a string set in a face's natural advances (used by title splitting).
fn natural_width(fonts: &FontSet, text: &str, role: Role, size: f32) -> f32 {
    text.chars()
        .map(|c| {
            let p = shape_char(fonts, role, c, size);
            if p.wide {
                size
            } else {
                p.advance
            }
        })
        .sum()
}

fn title_lines(
    fonts: &FontSet,
    text: &str,
    forced: Option<&Vec<String>>,
    size: f32,
) -> Vec<String> {
    if let Some(l) = forced.filter(|l| !l.is_empty()) {
        return l.iter().map(|s| normalize(s)).collect();
    }
    let text = normalize(text);
    let role = Element::Title.style().role;
    // Leave a character's room on each side so a full title line does not touch the edges.
    let max = grid::width() - 2.0 * size;
    title::split(&text, max, &|s| natural_width(fonts, s, role, size))
}

fn title_block(cx: &mut Ctx, report: &Report) {
    let st = Element::Title.style();
    let lines = title_lines(
        cx.fonts,
        &report.title.text,
        report.title.lines.as_ref(),
        st.size_pt,
    );
    let n = lines.len();
    for (i, l) in lines.into_iter().enumerate() {
        let (items, info, _) = cx.single(
            &[(l, st.role)],
            st.size_pt,
            st.size_pt,
            Place::Center(grid::left() + grid::width() / 2.0),
            grid::baseline_in_row(st.size_pt),
            st.color,
            Element::Title,
        );
        let mut f = Flow::line(items, info);
        f.keep_with_next = i + 1 < n;
        cx.flow.push(f);
    }
    if n > 0 {
        cx.flow.push(Flow::blank());
    }
}

fn blocks(cx: &mut Ctx, bs: &[Block]) {
    for b in bs {
        match b {
            Block::Paragraph(p) => {
                let t = text_of(&p.inlines);
                let f = cx.paragraph(
                    &[(t, Role::Body)],
                    Element::Body,
                    Element::Body,
                    body_measure(),
                    0,
                    grid::left(),
                );
                cx.flow.extend(f);
            }
            Block::Section(s) => section(cx, s),
            Block::Table(t) => table(cx, t),
        }
    }
}

fn section(cx: &mut Ctx, s: &Section) {
    let el = Element::heading(s.level);
    let st = el.style();
    let heading = format!("{}{}", s.label(), text_of(&s.heading));
    let hn = heading.chars().count();
    let mut segs = vec![(heading.clone(), st.role)];
    let standalone = s.lead.is_none();
    if let Some(lead) = &s.lead {
        segs.push((text_of(&lead.inlines), Role::Body));
    }
    let m = Measure {
        first_indent: st.first_line_indent * grid::col(),
        ..body_measure()
    };
    let mut f = cx.paragraph(
        &segs,
        el,
        if standalone { el } else { Element::Body },
        m,
        hn,
        grid::left(),
    );
    if standalone {
        for l in &mut f {
            l.keep_with_next = true;
        }
    }
    if let Some(first) = f.first_mut() {
        if s.level <= 2 {
            let title = heading.trim_end_matches(['。', '，', '；']).to_string();
            first.outline = Some((s.level - 1, title));
        }
    }
    cx.flow.extend(f);
    blocks(cx, &s.body);
}

/// A table: a caption line, then rows of cells on the grid with thin rules.
fn table(cx: &mut Ctx, t: &Table) {
    let ts = Element::Table.style();
    if let Some(c) = &t.caption {
        let (items, info, _) = cx.single(
            &[(normalize(c), Role::Heading1)],
            Element::Body.style().size_pt,
            grid::col(),
            Place::Center(grid::left() + grid::width() / 2.0),
            grid::baseline_in_row(Element::Body.style().size_pt),
            BLACK,
            Element::Table,
        );
        let mut f = Flow::line(items, info);
        f.keep_with_next = true;
        cx.flow.push(f);
    }
    let ncols = std::iter::once(&t.header)
        .chain(&t.rows)
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    if ncols == 0 {
        return;
    }
    let colw = grid::width() / ncols as f32;
    let thin = mm(page::THIN_RULE_MM);
    let all: Vec<(bool, &Vec<Vec<Inline>>)> = std::iter::once((true, &t.header))
        .filter(|(_, h)| !h.is_empty())
        .chain(t.rows.iter().map(|r| (false, r)))
        .collect();
    let mut header_flow: Option<Box<Flow>> = None;
    for (header, row) in all {
        let role = if header { Role::Heading1 } else { ts.role };
        let mut cells = Vec::new();
        let mut rows = 1;
        for (ci, cell) in row.iter().enumerate() {
            let text = text_of(cell);
            let m = Measure {
                pitch: ts.size_pt,
                size: ts.size_pt,
                width: colw - ts.size_pt,
                first_indent: 0.0,
                rest_indent: 0.0,
                justify: false,
            };
            let chars = cx.shape(&[(text, role)], ts.size_pt);
            let ls = break_lines(&chars, &m);
            rows = rows.max(ls.len());
            cells.push((ci, chars, ls));
        }
        let mut items = Vec::new();
        let mut infos = Vec::new();
        for (ci, chars, ls) in &cells {
            for (k, lo) in ls.iter().enumerate() {
                let w = lo.right - lo.indent;
                let x0 = grid::left() + *ci as f32 * colw + (colw - w) / 2.0 - lo.indent;
                let base = k as f32 * grid::row() + grid::baseline_in_row(ts.size_pt);
                items.extend(runs(chars, &lo.glyphs, x0, base, ts.size_pt, BLACK));
                let mut info = line_info(chars, lo, x0, base, Element::Table);
                info.row = Some(k);
                infos.push(info);
            }
        }
        let h = rows as f32 * grid::row();
        items.push(Item::Rule(Rule {
            x0: grid::left(),
            x1: grid::right(),
            y0: -thin / 2.0,
            y1: thin / 2.0,
            color: BLACK,
        }));
        // Every row closes itself: a page break may fall after any row.
        items.push(Item::Rule(Rule {
            x0: grid::left(),
            x1: grid::right(),
            y0: h - thin / 2.0,
            y1: h + thin / 2.0,
            color: BLACK,
        }));
        for c in 0..=ncols {
            let x = grid::left() + c as f32 * colw;
            items.push(Item::Rule(Rule {
                x0: x - thin / 2.0,
                x1: x + thin / 2.0,
                y0: -thin / 2.0,
                y1: h + thin / 2.0,
                color: BLACK,
            }));
        }
        let f = Flow {
            kind: Kind::Content,
            rows,
            items,
            lines: infos,
            keep_with_next: header,
            outline: None,
            repeat: if header { None } else { header_flow.clone() },
        };
        if header {
            header_flow = Some(Box::new(f.clone()));
        }
        cx.flow.push(f);
    }
}

/// 附件说明, 署名, 成文日期, 附注: kept on the page of the last body line.
fn end_block(cx: &mut Ctx, report: &Report) {
    let keep_from = cx.flow.len().saturating_sub(1);
    let body = body_measure();
    let col = grid::col();
    if !report.attachments.is_empty() {
        cx.flow.push(Flow::blank());
        let n = report.attachments.len();
        for (i, a) in report.attachments.iter().enumerate() {
            let title = normalize(&a.title);
            let (text, first_indent, rest_indent) = if n == 1 {
                (format!("附件：{title}"), 2.0 * col, 5.0 * col)
            } else {
                let num = format!("{}.", i + 1);
                let nw = cx.width(&num, Role::Body, body.size, col);
                let lead = if i == 0 { "附件：" } else { "" };
                (
                    format!("{lead}{num}{title}"),
                    if i == 0 { 2.0 * col } else { 5.0 * col },
                    5.0 * col + nw,
                )
            };
            let m = Measure {
                first_indent,
                rest_indent,
                ..body
            };
            let f = cx.paragraph(
                &[(text, Role::Body)],
                Element::AttachmentNote,
                Element::AttachmentNote,
                m,
                0,
                grid::left(),
            );
            cx.flow.extend(f);
        }
    }
    if let Some(sig) = &report.signature {
        let size = Element::Signature.style().size_pt;
        let date_text = sig.date.map(|d: Date| d.chinese());
        let names: Vec<String> = sig.issuers.iter().map(|s| normalize(s)).collect();
        if sig.sealed {
            // Room for the seal: its top stays within one line of the text above.
            cx.flow.push(Flow::blank());
            cx.flow.push(Flow::blank());
            let dw = date_text
                .as_ref()
                .map_or(0.0, |d| cx.width(d, Role::Body, size, col));
            let date_right = grid::right() - Element::Date.style().right_indent * col;
            let center = if date_text.is_some() {
                date_right - dw / 2.0
            } else {
                grid::right() - 4.0 * col - 3.0 * col
            };
            if !names.is_empty() {
                let widths: Vec<f32> = names
                    .iter()
                    .map(|n| cx.width(n, Role::Body, size, col))
                    .collect();
                let maxw = widths.iter().copied().fold(0.0, f32::max);
                // Seals of a joint document sit side by side without touching (≈ 42 mm each).
                let spacing = (maxw + 2.0 * col).max(mm(45.0));
                let k = names.len();
                let mut items = Vec::new();
                let mut info0 = None;
                for (i, n) in names.iter().enumerate() {
                    let c =
                        (center - (k - 1 - i) as f32 * spacing).max(grid::left() + widths[i] / 2.0);
                    let (it, info, _) = cx.single(
                        &[(n.clone(), Role::Body)],
                        size,
                        col,
                        Place::Center(c),
                        grid::baseline_in_row(size),
                        BLACK,
                        Element::Signature,
                    );
                    items.extend(it);
                    let info0: &mut Option<LineInfo> = &mut info0;
                    match info0 {
                        None => *info0 = Some(info),
                        Some(l) => {
                            l.text.push_str(&info.text);
                            l.right = info.right;
                            l.full_width += info.full_width;
                        }
                    }
                }
                if let Some(info) = info0 {
                    cx.flow.push(Flow::line(items, info));
                }
            }
            if let Some(d) = &date_text {
                let (items, info, _) = cx.single(
                    &[(d.clone(), Role::Body)],
                    size,
                    col,
                    Place::Right(date_right),
                    grid::baseline_in_row(size),
                    BLACK,
                    Element::Date,
                );
                cx.flow.push(Flow::line(items, info));
            }
        } else {
            cx.flow.push(Flow::blank());
            let right = grid::right() - Element::Signature.style().right_indent * col;
            let mut first_x = None;
            for n in &names {
                let (items, info, _) = cx.single(
                    &[(n.clone(), Role::Body)],
                    size,
                    col,
                    Place::Right(right),
                    grid::baseline_in_row(size),
                    BLACK,
                    Element::Signature,
                );
                first_x.get_or_insert(info.left);
                cx.flow.push(Flow::line(items, info));
            }
            if let Some(d) = &date_text {
                let dw = cx.width(d, Role::Body, size, col);
                let mut x = first_x.unwrap_or(right - dw) + 2.0 * col;
                if x + dw > right {
                    x = right - dw;
                }
                let (items, info, _) = cx.single(
                    &[(d.clone(), Role::Body)],
                    size,
                    col,
                    Place::Left(x),
                    grid::baseline_in_row(size),
                    BLACK,
                    Element::Date,
                );
                cx.flow.push(Flow::line(items, info));
            }
        }
    }
    if let Some(note) = &report.note {
        let t = format!("（{}）", normalize(note));
        let f = cx.paragraph(
            &[(t, Role::Body)],
            Element::Note,
            Element::Note,
            body_measure(),
            0,
            grid::left(),
        );
        cx.flow.extend(f);
    }
    // The end block stays with the last body line.
    let n = cx.flow.len();
    if n > keep_from + 1 {
        for f in &mut cx.flow[keep_from..n - 1] {
            f.keep_with_next = true;
        }
    }
}

fn attachment(cx: &mut Ctx, a: &Attachment, i: usize, n: usize) {
    cx.flow.push(Flow::page_break());
    let st = Element::AttachmentLabel.style();
    let label = if n > 1 {
        format!("附件{}", i + 1)
    } else {
        "附件".to_string()
    };
    let (items, info, _) = cx.single(
        &[(label, st.role)],
        st.size_pt,
        grid::col(),
        Place::Left(grid::left()),
        grid::baseline_in_row(st.size_pt),
        st.color,
        Element::AttachmentLabel,
    );
    let mut f = Flow::line(items, info);
    f.keep_with_next = true;
    cx.flow.push(f);
    let mut b = Flow::blank();
    b.keep_with_next = true;
    cx.flow.push(b);
    let ts = Element::AttachmentTitle.style();
    let lines = title_lines(cx.fonts, &a.title, None, ts.size_pt);
    for l in lines {
        let (items, info, _) = cx.single(
            &[(l, ts.role)],
            ts.size_pt,
            ts.size_pt,
            Place::Center(grid::left() + grid::width() / 2.0),
            grid::baseline_in_row(ts.size_pt),
            ts.color,
            Element::AttachmentTitle,
        );
        let mut f = Flow::line(items, info);
        f.keep_with_next = true;
        cx.flow.push(f);
    }
    cx.flow.push(Flow::blank());
    blocks(cx, &a.body);
}

fn paginate(
    flow: Vec<Flow>,
    start_row: usize,
    first: Vec<Item>,
    head_lines: Vec<LineInfo>,
) -> Document {
    let rows = grid::rows();
    let mut doc = Document::default();
    doc.pages.push(Page {
        items: first,
        lines: head_lines,
        ..Page::default()
    });
    let mut row = start_row;
    let mut i = 0;
    let new_page = |doc: &mut Document, row: &mut usize| {
        doc.pages.last_mut().expect("a page").rows_used = *row;
        doc.pages.push(Page::default());
        *row = 0;
    };
    while i < flow.len() {
        let f = &flow[i];
        match f.kind {
            Kind::PageBreak => {
                new_page(&mut doc, &mut row);
                i += 1;
                continue;
            }
            Kind::Blank => {
                if row == 0 && doc.pages.len() > 1 && !f.keep_with_next {
                    i += 1;
                    continue;
                }
            }
            Kind::Content => {}
        }
        // The chain of lines that must stay together with this one.
        let mut need = 0;
        let mut j = i;
        while j < flow.len() && flow[j].kind != Kind::PageBreak {
            need += flow[j].rows;
            if !flow[j].keep_with_next {
                break;
            }
            j += 1;
        }
        if row > 0 && row + need > rows && need <= rows {
            new_page(&mut doc, &mut row);
            if f.kind == Kind::Blank && !f.keep_with_next {
                i += 1;
                continue;
            }
        }
        if row + f.rows > rows {
            new_page(&mut doc, &mut row);
        }
        if let (0, Some(h)) = (row, &f.repeat) {
            if h.rows + f.rows <= rows {
                let (mut items, mut lines) = (h.items.clone(), h.lines.clone());
                shift(&mut items, &mut lines, grid::row_top(0), Some(0));
                let p = doc.pages.last_mut().expect("a page");
                p.items.extend(items);
                p.lines.extend(lines);
                row = h.rows;
            }
        }
        let dy = grid::row_top(row);
        let mut items = f.items.clone();
        let mut lines = f.lines.clone();
        shift(&mut items, &mut lines, dy, Some(row));
        let pi = doc.pages.len() - 1;
        if let Some((level, title)) = &f.outline {
            doc.outline.push(OutlineEntry {
                level: *level,
                title: title.clone(),
                page: pi,
                y: dy,
            });
        }
        let p = doc.pages.last_mut().expect("a page");
        p.items.extend(items);
        p.lines.extend(lines);
        row += f.rows;
        i += 1;
    }
    doc.pages.last_mut().expect("a page").rows_used = row;
    doc
}

/// 版记 at the bottom of the last even page: thick rule, 抄送, thin rule, 印发机关 and 印发日期,
/// thick rule on the bottom edge of the type area.
fn imprint(cx: &mut Ctx, imp: &crate::model::Imprint, doc: &mut Document) {
    let st = Element::Imprint.style();
    let size = st.size_pt;
    let indent = st.left_indent * size;
    let mut blocks: Vec<Flow> = Vec::new();
    if let Some(cc) = imp.cc_line() {
        let m = Measure {
            pitch: size,
            size,
            width: grid::width() - st.right_indent * size,
            first_indent: indent,
            rest_indent: indent + 3.0 * size,
            justify: true,
        };
        blocks.extend(cx.paragraph(
            &[(normalize(&cc), st.role)],
            Element::Imprint,
            Element::Imprint,
            m,
            0,
            grid::left(),
        ));
    }
    let cc_rows = blocks.len();
    {
        let base = grid::baseline_in_row(size);
        let (mut items, mut info, _) = cx.single(
            &[(normalize(&imp.printer), st.role)],
            size,
            size,
            Place::Left(grid::left() + indent),
            base,
            BLACK,
            Element::Imprint,
        );
        if let Some(d) = imp.date {
            let (it, inf, _) = cx.single(
                &[(format!("{}印发", d.chinese()), st.role)],
                size,
                size,
                Place::Right(grid::right() - st.right_indent * size),
                base,
                BLACK,
                Element::Imprint,
            );
            items.extend(it);
            info.text.push_str(&inf.text);
            info.right = inf.right;
            info.full_width += inf.full_width;
        }
        blocks.push(Flow::line(items, info));
    }
    let need = blocks.len();
    let rows = grid::rows();
    let last = doc.pages.len() - 1;
    let even = (last + 1).is_multiple_of(2);
    let used = doc.pages[last].rows_used;
    let target = if even && used + need <= rows {
        last
    } else {
        if even {
            // The body ends on a full even page: an empty odd page, then the 版记 page.
            doc.pages.push(Page {
                blank: true,
                ..Page::default()
            });
        }
        doc.pages.push(Page::default());
        doc.pages.len() - 1
    };
    let start = rows - need;
    let p = &mut doc.pages[target];
    let thick = mm(page::THICK_RULE_MM);
    let thin = mm(page::THIN_RULE_MM);
    let rule = |y: f32, w: f32| {
        Item::Rule(Rule {
            x0: grid::left(),
            x1: grid::right(),
            y0: y - w / 2.0,
            y1: y + w / 2.0,
            color: BLACK,
        })
    };
    p.items.push(rule(grid::row_top(start), thick));
    if cc_rows > 0 {
        p.items.push(rule(grid::row_top(start + cc_rows), thin));
    }
    // The last rule lies on the bottom edge of the type area.
    p.items.push(rule(grid::bottom() - thick / 2.0, thick));
    for (k, f) in blocks.into_iter().enumerate() {
        let mut items = f.items;
        let mut lines = f.lines;
        shift(
            &mut items,
            &mut lines,
            grid::row_top(start + k),
            Some(start + k),
        );
        p.items.extend(items);
        p.lines.extend(lines);
    }
    // A page holding only the 版记 carries no number.
    p.imprint_only = target != last;
}

/// "— N —" 14 pt, its top 7 mm below the type area; odd pages right, even pages left, one
/// character in from the edge. Blank pages and a page holding only the 版记 have none.
fn page_numbers(fonts: &FontSet, doc: &mut Document) {
    let st = Element::PageNumber.style();
    let size = st.size_pt;
    let base = grid::bottom() + mm(page::PAGE_NUMBER_GAP_MM) + ASCENT * size;
    for (i, p) in doc.pages.iter_mut().enumerate() {
        if p.blank || p.imprint_only {
            p.number = None;
            continue;
        }
        let n = i as u32 + 1;
        let text = format!("— {n} —");
        let chars: Vec<PChar> = text
            .chars()
            .map(|c| shape_char(fonts, st.role, c, size))
            .collect();
        let mut glyphs = Vec::new();
        let mut x = 0.0;
        for (k, c) in chars.iter().enumerate() {
            let w = if c.c == ' ' { size / 2.0 } else { c.advance };
            glyphs.push((k, x, w));
            x += w;
        }
        let x0 = if n % 2 == 1 {
            grid::right() - size - x
        } else {
            grid::left() + size
        };
        p.items
            .extend(runs(&chars, &glyphs, x0, base, size, st.color));
        p.number = Some(n);
    }
}
