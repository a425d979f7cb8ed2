//! The parts of the flow: title, paragraphs and headings, tables, the end block and the
//! attachment pages. Every text comes from the composition as it is; this module only
//! decides where it goes.

use super::draw::{body_measure, Ctx, Place};
use super::flow::{Flow, Kind};
use super::lines::{shape_char, Measure};
use super::{grid, mm, title, LineInfo};
use crate::compose::{spans_text, AttachmentItem, Content, Part, Span, ATTACHMENT_LEAD};
use crate::fonts::{FontSet, Role};
use crate::style::{page, Element, BLACK};

/// Lays one part into the flow.
pub(super) fn part(cx: &mut Ctx, part: &Part) {
    let from = cx.flow.len();
    if part.page_break_before {
        cx.flow.push(Flow::page_break());
    }
    match &part.content {
        Content::Blank => cx.flow.push(Flow::blank()),
        Content::Title { text, lines } => title_lines_into(cx, part.element, text, lines.as_ref()),
        Content::Text(spans) => text(cx, part, spans),
        Content::Table(t) => super::table::table(cx, t, &part.loc),
        Content::AttachmentNote(item) => attachment_note(cx, item),
        Content::Signature {
            names,
            sealed,
            date,
        } => signature(cx, names, *sealed, date.as_deref()),
        Content::IssuerMark { .. } | Content::DocNumber { .. } | Content::Imprint { .. } => {}
    }
    // What stays together: the part's own lines, and its last line with what follows.
    let lines: Vec<usize> = (from..cx.flow.len())
        .filter(|&i| cx.flow[i].kind != Kind::PageBreak)
        .collect();
    if let Some((&last, rest)) = lines.split_last() {
        if part.keep_lines {
            for &i in rest {
                cx.flow[i].keep_with_next = true;
            }
        }
        if part.keep_with_next {
            cx.flow[last].keep_with_next = true;
        }
    }
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

/// A title's lines: the author's, or split to fit the type area keeping words whole.
fn title_lines(
    fonts: &FontSet,
    text: &str,
    forced: Option<&Vec<String>>,
    size: f32,
) -> Vec<String> {
    if let Some(l) = forced.filter(|l| !l.is_empty()) {
        return l.clone();
    }
    let role = Element::Title.style().role;
    // Leave a character's room on each side so a full title line does not touch the edges.
    let max = grid::width() - 2.0 * size;
    title::split(text, max, &|s| natural_width(fonts, s, role, size))
}

/// The document title or an attachment's title, centred, one flow line per title line.
fn title_lines_into(cx: &mut Ctx, element: Element, text: &str, forced: Option<&Vec<String>>) {
    let st = element.style();
    for l in title_lines(cx.fonts, text, forced, st.size_pt) {
        let (items, info, _) = cx.single(
            &[(l, st.role)],
            st.size_pt,
            st.size_pt,
            Place::Center(grid::left() + grid::width() / 2.0),
            grid::baseline_in_row(st.size_pt),
            st.color,
            element,
        );
        cx.flow.push(Flow::line(items, info));
    }
}

/// Running text: a paragraph, a heading (standing alone or running into its text), the
/// addressee, the 附注, an attachment's label.
fn text(cx: &mut Ctx, part: &Part, spans: &[Span]) {
    let el = part.element;
    let st = el.style();
    if el == Element::AttachmentLabel {
        let (items, info, _) = cx.single(
            &[(spans_text(spans), st.role)],
            st.size_pt,
            grid::col(),
            Place::Left(grid::left()),
            grid::baseline_in_row(st.size_pt),
            st.color,
            el,
        );
        cx.flow.push(Flow::line(items, info));
        return;
    }
    // A heading's own characters take the heading's face; the text it runs into, the body's.
    let mut segs: Vec<(String, Role)> = Vec::new();
    let mut heading_chars = 0;
    let heading = matches!(
        el,
        Element::Heading1 | Element::Heading2 | Element::Heading3 | Element::Heading4
    );
    for s in spans {
        let role = if s.element == el { st.role } else { Role::Body };
        if heading && s.element == el {
            heading_chars += s.text.chars().count();
        }
        match segs.last_mut() {
            Some((t, r)) if *r == role => t.push_str(&s.text),
            _ => segs.push((s.text.clone(), role)),
        }
    }
    let standalone = heading && spans.iter().all(|s| s.element == el);
    let m = Measure {
        first_indent: st.first_line_indent * grid::col(),
        ..body_measure()
    };
    let rest = if heading && !standalone {
        Element::Body
    } else {
        el
    };
    let mut f = cx.paragraph(&segs, el, rest, m, heading_chars, grid::left());
    if let (Some(first), Some(o)) = (f.first_mut(), &part.outline) {
        first.outline = Some(o.clone());
    }
    cx.flow.append(&mut f);
}

/// One line of the 附件说明: "附件：" two characters in, later lines under the title's first
/// character.
fn attachment_note(cx: &mut Ctx, item: &AttachmentItem) {
    let body = body_measure();
    let col = grid::col();
    let lead = ATTACHMENT_LEAD.chars().count() as f32;
    let (first_indent, rest_indent) = if item.number.is_empty() {
        (2.0 * col, (2.0 + lead) * col)
    } else {
        let nw = cx.width(&item.number, Role::Body, body.size, col);
        (
            if item.lead.is_empty() {
                (2.0 + lead) * col
            } else {
                2.0 * col
            },
            (2.0 + lead) * col + nw,
        )
    };
    let m = Measure {
        first_indent,
        rest_indent,
        ..body
    };
    let f = cx.paragraph(
        &[(item.text(), Role::Body)],
        Element::AttachmentNote,
        Element::AttachmentNote,
        m,
        0,
        grid::left(),
    );
    cx.flow.extend(f);
}

/// 署名 and 成文日期: sealed, the date 4 characters from the right and the names centred over
/// it, side by side for a joint document; unsealed, the names 2 characters from the right and
/// the date below, 2 characters further right than the name starts.
fn signature(cx: &mut Ctx, names: &[String], sealed: bool, date: Option<&str>) {
    let size = Element::Signature.style().size_pt;
    let col = grid::col();
    if sealed {
        let dw = date.map_or(0.0, |d| cx.width(d, Role::Body, size, col));
        let date_right = grid::right() - Element::Date.style().right_indent * col;
        let center = if date.is_some() {
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
            // Seals of a joint document sit side by side without touching.
            let spacing = (maxw + 2.0 * col).max(mm(page::SEAL_SPACING_MM));
            let k = names.len();
            let mut items = Vec::new();
            let mut info0: Option<LineInfo> = None;
            for (i, n) in names.iter().enumerate() {
                let c = (center - (k - 1 - i) as f32 * spacing).max(grid::left() + widths[i] / 2.0);
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
                match &mut info0 {
                    None => info0 = Some(info),
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
        if let Some(d) = date {
            let (items, info, _) = cx.single(
                &[(d.to_string(), Role::Body)],
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
        let right = grid::right() - Element::Signature.style().right_indent * col;
        let mut first_x = None;
        for n in names {
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
        if let Some(d) = date {
            let dw = cx.width(d, Role::Body, size, col);
            let mut x = first_x.unwrap_or(right - dw) + 2.0 * col;
            if x + dw > right {
                x = right - dw;
            }
            let (items, info, _) = cx.single(
                &[(d.to_string(), Role::Body)],
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
