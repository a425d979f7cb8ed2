//! The parts of the flow: title, paragraphs and headings, tables, the end block and the
//! attachment pages. Every text comes from the composition as it is; this module only
//! decides where it goes.

use super::draw::{body_measure, Ctx, Place};
use super::flow::{Flow, Kind};
use super::head::{merge_info, wrap};
use super::lines::{shape_char, Measure};
use super::tibetan;
use super::{grid, mm, title, LineInfo};
use crate::compose::{spans_text, AttachmentItem, Content, Part, Span, ATTACHMENT_LEAD};
use crate::diag::Diagnostic;
use crate::fonts::{FontSet, Role};
use crate::model::Loc;
use crate::style::{page, Element, BLACK};

/// Lays one part into the flow.
pub(super) fn part(cx: &mut Ctx, part: &Part) {
    let from = cx.flow.len();
    if part.page_break_before {
        cx.flow.push(Flow::page_break());
    }
    match &part.content {
        Content::Blank => cx.flow.push(Flow::blank()),
        Content::Title { text, lines } => {
            title_lines_into(cx, part.element, text, lines.as_ref(), &part.loc)
        }
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

/// Cuts `line` where its width (from `measure`) would pass `max`: the last resort for a piece of
/// a title the splitter could not bring inside the type area.
fn cut(line: String, max: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    if measure(&line) <= max {
        return vec![line];
    }
    // Pieces that are never cut: a Tibetan syllable (or, when one syllable is wider than the
    // line, a letter with its marks), any other character alone.
    let chars: Vec<char> = line.chars().collect();
    let syllables = groups(&chars, |i| {
        !tibetan::may_break_between(chars[i - 1], chars[i])
    });
    let mut out = Vec::new();
    let mut cur = String::new();
    for piece in syllables {
        let parts = if measure(&piece) > max {
            let letters: Vec<char> = piece.chars().collect();
            groups(&letters, |i| tibetan::is_mark(letters[i]))
        } else {
            vec![piece]
        };
        for part in parts {
            let next = format!("{cur}{part}");
            if !cur.is_empty() && measure(&next) > max {
                out.push(std::mem::replace(&mut cur, part));
            } else {
                cur = next;
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `chars` in groups: each character joins the group before it when `joins(its index)`.
fn groups(chars: &[char], joins: impl Fn(usize) -> bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match out.last_mut() {
            Some(last) if joins(i) => last.push(c),
            _ => out.push(c.to_string()),
        }
    }
    out
}

/// A title's lines: the author's, or split to fit the type area keeping words whole. An
/// author's line wider than the type area is split the same way (it would run into the
/// margins); those lines are returned second, for a warning.
pub(super) fn title_lines(
    fonts: &FontSet,
    element: Element,
    text: &str,
    forced: Option<&Vec<String>>,
) -> (Vec<String>, Vec<String>) {
    let st = element.style();
    let (role, size) = (st.role, st.size_pt);
    let measure = |s: &str| natural_width(fonts, s, role, size);
    // Leave a character's room on each side so a full title line does not touch the edges.
    let max = grid::width() - 2.0 * size;
    let mut too_wide = Vec::new();
    let lines = match forced.filter(|l| !l.is_empty()) {
        Some(forced) => {
            let mut out = Vec::new();
            for l in forced {
                if measure(l) > grid::width() {
                    too_wide.push(l.clone());
                    out.extend(title::split(l, max, &measure));
                } else {
                    out.push(l.clone());
                }
            }
            out
        }
        None => title::split(text, max, &measure),
    };
    let lines = lines
        .into_iter()
        .flat_map(|l| cut(l, grid::width(), &measure))
        .collect();
    (lines, too_wide)
}

/// The document title or an attachment's title, centred, one flow line per title line.
fn title_lines_into(
    cx: &mut Ctx,
    element: Element,
    text: &str,
    forced: Option<&Vec<String>>,
    loc: &Loc,
) {
    let st = element.style();
    let (lines, too_wide) = title_lines(cx.fonts, element, text, forced);
    for l in too_wide {
        cx.warnings.push(
            Diagnostic::warning(
                "title-line-too-wide",
                format!("the title line “{l}” is wider than the type area; it is wrapped"),
            )
            .zh(format!("标题行“{l}”超出版心宽度，已自动回行"))
            .help("split this line of `title:` into shorter lines")
            .help_zh("请把 title 中的这一行分成较短的几行")
            .at(loc),
        );
    }
    for l in lines {
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

/// 署名 and 成文日期 (GB/T 9704 7.3.5).
fn signature(cx: &mut Ctx, names: &[String], sealed: bool, date: Option<&str>) {
    if sealed {
        sealed_signature(cx, names, date);
    } else {
        unsealed_signature(cx, names, date);
    }
}

/// One line of the end block at the given places: (text, placement, element) on one baseline.
fn end_line(cx: &mut Ctx, pieces: &[(String, Place, Element)]) {
    let size = Element::Signature.style().size_pt;
    let mut items = Vec::new();
    let mut info: Option<LineInfo> = None;
    for (text, place, el) in pieces {
        let (it, l, _) = cx.single(
            &[(text.clone(), Role::Body)],
            size,
            grid::col(),
            *place,
            grid::baseline_in_row(size),
            BLACK,
            *el,
        );
        items.extend(it);
        merge_info(&mut info, l);
    }
    if let Some(info) = info {
        cx.flow.push(Flow::line(items, info));
    }
}

/// Sealed (7.3.5.1, 7.3.5.2): the date 右空四字, the last issuer's name centred over it. The
/// names of a joint document stand in rows, each centred under its own seal place; the places
/// are evenly spaced at least a seal's width plus a gap apart (the seals never touch), as many
/// to a row as keep every seal inside the type area, the rows as even as they can be and
/// right-aligned on the last place, a seal's height apart, the date under the last row.
fn sealed_signature(cx: &mut Ctx, names: &[String], date: Option<&str>) {
    let size = Element::Signature.style().size_pt;
    let col = grid::col();
    let dw = date.map_or(0.0, |d| cx.width(d, Role::Body, size, col));
    let date_right = grid::right() - Element::Date.style().right_indent * col;
    let seal = mm(page::SEAL_MM);
    // A name wider than the type area goes on several lines.
    let pieces: Vec<Vec<String>> = names
        .iter()
        .map(|n| wrap(cx, n, Role::Body, size, col, grid::width()))
        .collect();
    let widths: Vec<f32> = pieces
        .iter()
        .map(|p| {
            p.iter()
                .map(|l| cx.width(l, Role::Body, size, col))
                .fold(0.0, f32::max)
        })
        .collect();
    let maxw = widths.iter().copied().fold(0.0, f32::max);
    // Room a place needs on each side of its centre: its seal, or its name if wider.
    let half = (seal / 2.0).max(maxw / 2.0);
    let center = if date.is_some() {
        date_right - dw / 2.0
    } else {
        date_right - 3.0 * col
    }
    .min(grid::right() - half);
    if !names.is_empty() {
        let spacing = (maxw + 2.0 * col).max(mm(page::SEAL_SPACING_MM));
        let room = (center - half - grid::left()).max(0.0);
        let per_row = (1 + (room / spacing).floor() as usize).min(names.len());
        let nrows = names.len().div_ceil(per_row);
        // Rows as even as they can be, the fuller ones first.
        let (base, extra) = (names.len() / nrows, names.len() % nrows);
        let seal_rows = (seal / grid::row()).ceil() as usize;
        let mut from = 0;
        for r in 0..nrows {
            let m = base + usize::from(r < extra);
            let row = from..from + m;
            from += m;
            let lines = row.clone().map(|i| pieces[i].len()).max().unwrap_or(1);
            for t in 0..lines {
                let line: Vec<(String, Place, Element)> = row
                    .clone()
                    .enumerate()
                    .filter_map(|(j, i)| {
                        let c = center - (m - 1 - j) as f32 * spacing;
                        pieces[i]
                            .get(t)
                            .map(|p| (p.clone(), Place::Center(c), Element::Signature))
                    })
                    .collect();
                end_line(cx, &line);
            }
            if r + 1 < nrows {
                // The next row's seals must not reach this row's.
                for _ in lines..seal_rows.max(lines + 1) {
                    cx.flow.push(Flow::blank());
                }
            }
        }
    }
    if let Some(d) = date {
        end_line(
            cx,
            &[(d.to_string(), Place::Right(date_right), Element::Date)],
        );
    }
}

/// Unsealed (7.3.5.3): the names 右空二字, the lead issuer first and the others below it; the
/// date on the next line, its first character two characters right of the last name's. A date
/// longer than that allows ends 右空二字 and the names move left by as much. A name too wide
/// for the room left of that edge wraps inside the type area.
fn unsealed_signature(cx: &mut Ctx, names: &[String], date: Option<&str>) {
    let size = Element::Signature.style().size_pt;
    let col = grid::col();
    let edge = grid::right() - Element::Signature.style().right_indent * col;
    let dw = date.map_or(0.0, |d| cx.width(d, Role::Body, size, col));
    let lay = |cx: &mut Ctx, right: f32| -> (Vec<String>, f32) {
        let lines: Vec<String> = names
            .iter()
            .flat_map(|n| wrap(cx, n, Role::Body, size, col, right - grid::left()))
            .collect();
        let last = lines
            .last()
            .map_or(0.0, |l| cx.width(l, Role::Body, size, col));
        (lines, last)
    };
    let (mut lines, mut last) = lay(cx, edge);
    let mut right = edge;
    if date.is_some() && !lines.is_empty() {
        let over = (right - last + 2.0 * col + dw - edge).max(0.0);
        if over > 0.0 {
            right = (edge - over).max(grid::left() + col);
            (lines, last) = lay(cx, right);
        }
    }
    for l in &lines {
        end_line(cx, &[(l.clone(), Place::Right(right), Element::Signature)]);
    }
    if let Some(d) = date {
        let x = if lines.is_empty() {
            edge - dw
        } else {
            (right - last + 2.0 * col).min(edge - dw)
        };
        end_line(
            cx,
            &[(
                d.to_string(),
                Place::Left(x.max(grid::left())),
                Element::Date,
            )],
        );
    }
}
