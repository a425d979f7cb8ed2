//! The 版记 at the foot of the last even page, and the page numbers.

use super::draw::{runs, Ctx, Place};
use super::flow::{shift, Flow};
use super::head::{merge_info, wrap};
use super::lines::{shape_char, Measure, PChar};
use super::{grid, mm, Document, Item, LineInfo, Page, Rule, ASCENT};
use crate::compose::{page_number, Content, Part};
use crate::fonts::FontSet;
use crate::style::{page, Element, BLACK};

/// 版记 at the bottom of the last even page: thick rule, 抄送, thin rule, 印发机关 and 印发日期,
/// thick rule on the bottom edge of the type area.
pub(super) fn imprint(cx: &mut Ctx, part: &Part, doc: &mut Document) {
    let Content::Imprint { cc, printer, date } = &part.content else {
        return;
    };
    let st = Element::Imprint.style();
    let size = st.size_pt;
    let indent = st.left_indent * size;
    let mut blocks: Vec<Flow> = Vec::new();
    if let Some(cc) = cc {
        let m = Measure {
            pitch: size,
            size,
            width: grid::width() - st.right_indent * size,
            first_indent: indent,
            rest_indent: indent + 3.0 * size,
            justify: true,
        };
        blocks.extend(cx.paragraph(
            &[(cc.clone(), st.role)],
            Element::Imprint,
            Element::Imprint,
            m,
            0,
            grid::left(),
        ));
    }
    let cc_rows = blocks.len();
    {
        // 印发机关 1 character in, 印发日期 1 character from the right on the same line. A
        // 印发机关 too long for the room left of the date goes on as many lines as it needs
        // above the date's line, never into it; a date too long for the line has a line of
        // its own.
        let base = grid::baseline_in_row(size);
        let date_right = grid::right() - st.right_indent * size;
        let dw = date
            .as_ref()
            .map_or(0.0, |d| cx.width(d, st.role, size, size));
        let full = date_right - grid::left() - indent;
        let date_alone = dw > full;
        let room = if date.is_none() || date_alone {
            full
        } else {
            // Keep a character's room between the two.
            (full - dw - size).max(size)
        };
        let mut lines: Vec<(Vec<Item>, Option<LineInfo>)> =
            wrap(cx, printer, st.role, size, size, room)
                .into_iter()
                .map(|l| {
                    let (items, info, _) = cx.single(
                        &[(l, st.role)],
                        size,
                        size,
                        Place::Left(grid::left() + indent),
                        base,
                        BLACK,
                        Element::Imprint,
                    );
                    (items, Some(info))
                })
                .collect();
        if let Some(d) = date {
            let place = |cx: &mut Ctx, text: String| {
                cx.single(
                    &[(text, st.role)],
                    size,
                    size,
                    Place::Right(date_right),
                    base,
                    BLACK,
                    Element::Imprint,
                )
            };
            match lines.last_mut() {
                Some(last) if !date_alone => {
                    let (it, inf, _) = place(cx, d.clone());
                    last.0.extend(it);
                    merge_info(&mut last.1, inf);
                }
                _ => {
                    for piece in wrap(cx, d, st.role, size, size, full) {
                        let (it, inf, _) = place(cx, piece);
                        lines.push((it, Some(inf)));
                    }
                }
            }
        }
        for (items, info) in lines {
            if let Some(info) = info {
                blocks.push(Flow::line(items, info));
            }
        }
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
pub(super) fn page_numbers(fonts: &FontSet, doc: &mut Document) {
    let st = Element::PageNumber.style();
    let size = st.size_pt;
    let base = grid::bottom() + mm(page::PAGE_NUMBER_GAP_MM) + ASCENT * size;
    for (i, p) in doc.pages.iter_mut().enumerate() {
        if p.blank || p.imprint_only {
            p.number = None;
            continue;
        }
        let n = i as u32 + 1;
        let text = page_number(n);
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
