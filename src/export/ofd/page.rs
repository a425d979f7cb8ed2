//! One page's `Content.xml`: the layout's items in their drawing order, a TextObject for
//! each run of glyphs and a filled PathObject for each rule, in millimetres from the page's
//! top-left corner like the layout's points.

use super::fonts::{drawn_char, Embedded, Fonts};
use super::units::{boxed, mm, um, Um};
use super::xml::Xml;
use super::Ids;
use crate::layout::{Item, Page, Rule, TextRun};

/// Room around a rule inside its PathObject's Boundary: a reader may clip to the Boundary,
/// and one with no height is rejected.
const RULE_PAD: Um = 100;

/// The Content.xml of `page`.
pub fn content(page: &Page, fonts: &Fonts, ids: &mut Ids) -> Vec<u8> {
    let mut x = Xml::new("Page", &[]);
    x.open("Content", &[]);
    let layer = ids.next().to_string();
    x.open("Layer", &[("ID", &layer)]);
    for item in &page.items {
        match item {
            Item::Rule(r) => rule(&mut x, r, ids),
            Item::Text(run) => match fonts.of(run) {
                Some(font) if run.lang.is_some() => super::shaped::text(&mut x, run, font, ids),
                Some(font) => text(&mut x, run, font, ids),
                None => {}
            },
        }
    }
    x.finish()
}

pub(super) fn colour(c: [u8; 3]) -> String {
    format!("{} {} {}", c[0], c[1], c[2])
}

/// A rule: the rectangle the PDF fills, filled.
/// Opens a TextObject of `run` in `font` whose Boundary is `[left, top, right, bottom]`, with
/// the run's colour.
pub(super) fn open_text_object(
    x: &mut Xml,
    run: &TextRun,
    font: &Embedded,
    ids: &mut Ids,
    [left, top, right, bottom]: [Um; 4],
) {
    let id = ids.next().to_string();
    let font_id = font.id.to_string();
    x.open(
        "TextObject",
        &[
            ("ID", &id),
            (
                "Boundary",
                &boxed(left, top, (right - left).max(1), (bottom - top).max(1)),
            ),
            ("Font", &font_id),
            ("Size", &mm(um(run.size).max(1))),
        ],
    );
    x.leaf("FillColor", &[("Value", &colour(run.color))], "");
}

fn rule(x: &mut Xml, r: &Rule, ids: &mut Ids) {
    let (l, rt) = (um(r.x0.min(r.x1)), um(r.x0.max(r.x1)));
    let (t, b) = (um(r.y0.min(r.y1)), um(r.y0.max(r.y1)));
    let (w, h) = (rt - l, b - t);
    if w <= 0 || h <= 0 {
        return;
    }
    let p = RULE_PAD;
    let id = ids.next().to_string();
    let boundary = boxed(l - p, t - p, w + 2 * p, h + 2 * p);
    let path = format!(
        "M {a} {a} L {r} {a} L {r} {bt} L {a} {bt} C",
        a = mm(p),
        r = mm(p + w),
        bt = mm(p + h)
    );
    x.open(
        "PathObject",
        &[
            ("ID", &id),
            ("Boundary", &boundary),
            ("Stroke", "false"),
            ("Fill", "true"),
        ],
    );
    x.leaf("FillColor", &[("Value", &colour(r.color))], "");
    x.leaf("AbbreviatedData", &[], &path);
    x.close();
}

/// A run: one TextObject, one TextCode for each stretch of glyphs between spaces, every
/// glyph at the origin the layout gave it (X, then DeltaX from glyph to glyph).
fn text(x: &mut Xml, run: &TextRun, font: &Embedded, ids: &mut Ids) {
    let mut codes: Vec<Vec<(char, Um, u16)>> = Vec::new();
    let mut open = false;
    for g in &run.glyphs {
        match drawn_char(run, g) {
            Some(c) => {
                if !open {
                    codes.push(Vec::new());
                    open = true;
                }
                if let (Some(code), Some(gid)) = (codes.last_mut(), font.subset_id(g.id)) {
                    code.push((c, um(g.x), gid));
                }
            }
            None => open = false,
        }
    }
    codes.retain(|c| !c.is_empty());
    let (Some(first), Some(last)) = (run.glyphs.first(), run.glyphs.last()) else {
        return;
    };
    if codes.is_empty() {
        return;
    }
    // The box of the run's em boxes, with room for what a glyph draws beyond its em box
    // (accents, a descender, an overhanging stroke).
    let pad = um(run.size * 0.25).max(1);
    let left = um(first.x) - pad;
    let right = um(last.x + last.advance) + pad;
    let top = um(run.baseline - run.size * 1.1);
    let bottom = um(run.baseline + run.size * 0.4);
    let baseline = um(run.baseline);
    open_text_object(x, run, font, ids, [left, top, right, bottom]);
    for code in &codes {
        for (pos, &(c, _, gid)) in code.iter().enumerate() {
            if font.mapped(c) != Some(gid) {
                x.open(
                    "CGTransform",
                    &[
                        ("CodePosition", &pos.to_string()),
                        ("CodeCount", "1"),
                        ("GlyphCount", "1"),
                    ],
                );
                x.leaf("Glyphs", &[], &gid.to_string());
                x.close();
            }
        }
        let chars: String = code.iter().map(|&(c, _, _)| c).collect();
        let deltas: Vec<String> = code.windows(2).map(|w| mm(w[1].1 - w[0].1)).collect();
        let x0 = mm(code[0].1 - left);
        let y0 = mm(baseline - top);
        let joined = deltas.join(" ");
        let mut attrs = vec![("X", x0.as_str()), ("Y", y0.as_str())];
        if !deltas.is_empty() {
            attrs.push(("DeltaX", &joined));
        }
        x.leaf("TextCode", &attrs, &chars);
    }
    x.close();
}
