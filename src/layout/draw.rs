//! Shaped characters to positioned glyph runs, and single unbroken lines.

use super::flow::Flow;
use super::lines::{break_lines, shape, LineOut, Measure, PChar};
use super::{grid, tibetan, Item, LineInfo, PlacedGlyph, Rule, StructRef, TextRun};
use crate::fonts::{FontSet, Role};
use crate::style::Element;

/// Turns laid-out characters into text runs (one per face) at absolute x (`x0` + glyph x)
/// and a baseline relative to the caller's origin.
pub(super) fn runs(
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
    // Index in the current run's glyphs where the shaped cluster being drawn starts.
    let mut cluster_at: Option<usize> = None;
    for &(ci, x, _) in glyphs {
        let pc = &chars[ci];
        if pc.in_cluster {
            // The cluster's glyphs stand for this character too.
            if let (Some(r), Some(at)) = (cur.as_mut(), cluster_at) {
                r.text.push(pc.c);
                let end = r.text.len();
                for g in &mut r.glyphs[at..] {
                    g.range.end = end;
                }
            }
            continue;
        }
        cluster_at = None;
        if pc.glyph == 0 && pc.c.is_whitespace() {
            // A space no face has takes its room and draws nothing: the .notdef glyph is
            // not allowed in an archival PDF.
            continue;
        }
        if pc.glyph == 0 {
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
        let lang = tibetan::shaped(pc).then_some(tibetan::LANG);
        let same = cur
            .as_ref()
            .is_some_and(|r| r.role == pc.role && r.face == pc.face && r.lang == lang);
        if !same {
            if let Some(r) = cur.take() {
                out.push(Item::Text(r));
            }
            cur = Some(TextRun {
                role: pc.role,
                face: pc.face,
                size,
                color,
                baseline: if lang.is_some() {
                    baseline - tibetan::RAISE * size
                } else {
                    baseline
                },
                glyphs: Vec::new(),
                text: String::new(),
                tag: StructRef::default(),
                lang,
            });
        }
        let r = cur.as_mut().expect("run started above");
        let start = r.text.len();
        r.text.push(pc.c);
        if pc.cluster.is_empty() {
            r.glyphs.push(PlacedGlyph {
                id: pc.glyph,
                x: x0 + x,
                advance: pc.advance,
                range: start..r.text.len(),
                dy: 0.0,
            });
            continue;
        }
        cluster_at = Some(r.glyphs.len());
        let mut pen = x0 + x;
        for g in &pc.cluster {
            r.glyphs.push(PlacedGlyph {
                id: g.id,
                x: pen + g.dx,
                advance: g.advance,
                range: start..r.text.len(),
                dy: g.dy,
            });
            pen += g.advance;
        }
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

pub(super) struct Ctx<'a> {
    pub fonts: &'a FontSet,
    pub flow: Vec<Flow>,
    /// Characters no face has (drawn as boxes).
    pub missing: Vec<char>,
    /// What the layout changed from what the author asked for (a forced title line wrapped).
    pub warnings: Vec<crate::diag::Diagnostic>,
    /// What the layout refuses to draw (a table wider than the type area): `check` reports
    /// these as errors instead of an overprinted page.
    pub errors: Vec<crate::diag::Diagnostic>,
}

/// Placement of a single line of text that is not broken (titles, dates, names).
#[derive(Clone, Copy)]
pub(super) enum Place {
    Left(f32),
    Right(f32),
    Center(f32),
}

impl<'a> Ctx<'a> {
    pub fn new(fonts: &'a FontSet) -> Ctx<'a> {
        Ctx {
            fonts,
            flow: Vec::new(),
            missing: Vec::new(),
            warnings: Vec::new(),
            errors: Vec::new(),
        }
    }

    pub fn shape(&mut self, segs: &[(String, Role)], size: f32) -> Vec<PChar> {
        let chars = shape(self.fonts, segs, size);
        for c in &chars {
            if c.glyph == 0 && !c.c.is_whitespace() && !c.in_cluster && !self.missing.contains(&c.c)
            {
                self.missing.push(c.c);
            }
        }
        chars
    }

    /// A paragraph broken into grid lines. `keep_chars`: the number of leading characters that
    /// are a heading (the lines holding them are kept with the next line).
    #[allow(clippy::too_many_arguments)]
    pub fn paragraph(
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
        let mut chars = chars;
        if chars.iter().any(tibetan::shaped) {
            for lo in &lines {
                tibetan::reshape_line(self.fonts, &mut chars, lo.start, lo.end, size);
            }
        }
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
    pub fn single(
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

    pub fn width(&mut self, text: &str, role: Role, size: f32, pitch: f32) -> f32 {
        shape(self.fonts, &[(text.to_string(), role)], size)
            .iter()
            .map(|pc| if pc.wide { pitch } else { pc.advance })
            .sum()
    }
}

pub(super) fn line_info(
    chars: &[PChar],
    lo: &LineOut,
    x0: f32,
    baseline: f32,
    element: Element,
) -> LineInfo {
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

pub(super) fn body_measure() -> Measure {
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
