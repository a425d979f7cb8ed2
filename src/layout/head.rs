//! The head (版头): 份号, 密级, 紧急程度, the red 发文机关标志, 发文字号 and 签发人, the red rule.
//!
//! Nothing here is drawn outside the type area or on top of another part: a field too long
//! for its line wraps inside the type area (see [`wrap`]), the mark shrinks and then wraps, and
//! the 签发人 names are arranged in lines beside the 发文字号 (GB/T 9704 7.2.6).

mod bilingual;

use super::draw::{runs, Ctx, Place};
use super::lines::{break_lines, Measure};
use super::{grid, mm, Item, LineInfo, Rule, ASCENT};
use crate::compose::{Content, HeadParts, SIGNER_GAP, SIGNER_LABEL};
use crate::fonts::Role;
use crate::style::page::SIGNERS_PER_LINE;
use crate::style::{page, Element, RED, SIGNER_NAME_ROLE};

/// `text` cut into lines no wider than `max` (full-width characters on `pitch`): by the line
/// breaker's rules (禁则, Latin break points) where it can, and character by character for what
/// it leaves too wide, so that a caller placing the lines inside `max` never leaves it.
pub(super) fn wrap(
    cx: &mut Ctx,
    text: &str,
    role: Role,
    size: f32,
    pitch: f32,
    max: f32,
) -> Vec<String> {
    if text.is_empty() || cx.width(text, role, size, pitch) <= max {
        return vec![text.to_string()];
    }
    let chars = cx.shape(&[(text.to_string(), role)], size);
    let m = Measure {
        pitch,
        size,
        width: max,
        first_indent: 0.0,
        rest_indent: 0.0,
        justify: false,
    };
    let mut out = Vec::new();
    for lo in break_lines(&chars, &m) {
        let line: String = chars[lo.start..lo.end.min(chars.len())]
            .iter()
            .map(|c| c.c)
            .collect();
        let line = line.trim().to_string();
        if line.is_empty() {
            continue;
        }
        // Last resort: a run the breaker keeps whole is cut where the width runs out.
        let mut cur = String::new();
        for ch in line.chars() {
            let mut next = cur.clone();
            next.push(ch);
            // The breaker fills a line to the width exactly; rounding must not cut it again.
            if !cur.is_empty() && cx.width(&next, role, size, pitch) > max + 0.01 {
                out.push(std::mem::take(&mut cur));
                cur.push(ch);
            } else {
                cur = next;
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    if out.is_empty() {
        out.push(text.to_string());
    }
    out
}

/// Places the head's parts on the first page; returns the grid row where the title starts.
/// `title_rows` is how many rows the title takes: the mark shrinks (down to
/// [`page::ISSUER_MARK_MIN_PT`]) until the head leaves it room on the first page.
pub(super) fn head(
    cx: &mut Ctx,
    head: &HeadParts,
    title_rows: usize,
    out: &mut Vec<Item>,
) -> (usize, Vec<LineInfo>) {
    let mut infos = Vec::new();
    // 份号, 密级★期限, 紧急程度: one after another from the top left (7.2.1–7.2.2); a field
    // wider than the type area goes on as many lines as it needs.
    let mut r = 0;
    for part in &head.lines {
        let el = part.element;
        let st = el.style();
        for l in wrap(
            cx,
            &part.text(),
            st.role,
            st.size_pt,
            grid::col(),
            grid::width(),
        ) {
            let (items, mut info, _) = cx.single(
                &[(l, st.role)],
                st.size_pt,
                grid::col(),
                Place::Left(grid::left()),
                grid::row_top(r) + grid::baseline_in_row(st.size_pt),
                st.color,
                el,
            );
            info.row = Some(r);
            out.extend(items);
            infos.push(info);
            r += 1;
        }
    }
    let next_row = if r > 0 { r + 1 } else { 0 };
    if !head.ruled() {
        return (next_row, infos);
    }
    let mut size = Element::IssuerMark.style().size_pt;
    loop {
        let mut items = Vec::new();
        let mut lines = Vec::new();
        let start = below_top_lines(cx, head, size, next_row, &mut items, &mut lines);
        let fits = start + title_rows.max(1) <= grid::rows();
        if fits || head.mark.is_none() || size <= page::ISSUER_MARK_MIN_PT {
            out.extend(items);
            infos.extend(lines);
            return (start, infos);
        }
        size -= 1.0;
    }
}

/// The mark at most `size` pt, the 发文字号 with the 签发人 and the red rule, below the lines of
/// the top left that end before `next_row`. Returns the row where the title starts.
fn below_top_lines(
    cx: &mut Ctx,
    head: &HeadParts,
    size: f32,
    next_row: usize,
    out: &mut Vec<Item>,
    infos: &mut Vec<LineInfo>,
) -> usize {
    let mut bottom = grid::top();
    if let Some((part, names, suffix, upward)) = head.mark {
        // The mark never rises onto the lines above it, however many they are.
        let mut top = (grid::top()
            + mm(if upward {
                page::ISSUER_MARK_TOP_UPWARD_MM
            } else {
                page::ISSUER_MARK_TOP_MM
            }))
        .max(grid::row_top(next_row));
        if let Content::IssuerMark { tibetan, .. } = &part.content {
            if !tibetan.is_empty() {
                top = bilingual::tibetan_line(cx, tibetan, top, grid::row_top(next_row), size, out);
            }
        }
        bottom = issuer_mark(cx, names, suffix, top, size, out);
    }
    // 发文字号 two rows below the mark (7.2.4).
    let r = (((bottom - grid::top()) / grid::row()).ceil() as usize + 2).max(next_row);
    let mut rule_row = r;
    if let Some((num, signers)) = head.number {
        let st = Element::DocNumber.style();
        let last = number_and_signers(cx, num, signers, r, out, infos);
        let base = grid::row_top(last) + grid::baseline_in_row(st.size_pt);
        let rule_y = base + 0.12 * st.size_pt + mm(page::RED_RULE_GAP_MM);
        out.push(Item::Rule(Rule {
            x0: grid::left(),
            x1: grid::right(),
            y0: rule_y - mm(page::RED_RULE_MM) / 2.0,
            y1: rule_y + mm(page::RED_RULE_MM) / 2.0,
            color: RED,
        }));
        rule_row = ((rule_y - grid::top()) / grid::row()).ceil() as usize;
    }
    // The title sits two rows below the red rule.
    rule_row + 2
}

/// Adds a piece of a line to the line's info (one info per printed line).
pub(super) fn merge_info(into: &mut Option<LineInfo>, info: LineInfo) {
    match into {
        None => *into = Some(info),
        Some(l) => {
            l.text.push_str(&info.text);
            l.left = l.left.min(info.left);
            l.right = l.right.max(info.right);
            l.full_width += info.full_width;
            l.chars += info.chars;
        }
    }
}

/// The 发文字号 from row `r`, with the 签发人 of a 上行文. Returns the row of the 发文字号.
///
/// Without 签发人 the number is centred (7.2.4). With them (7.2.6): "签发人：" and the names
/// right-aligned one character from the right edge, the names in columns as wide as the
/// widest name, usually two a line, later lines starting under the first name; the number one
/// character from the left edge on the line of the last name. When the number would touch the
/// names there, the lines take one name each, and failing that the number gets its own line
/// below them.
fn number_and_signers(
    cx: &mut Ctx,
    num: &str,
    signers: &[String],
    r: usize,
    out: &mut Vec<Item>,
    infos: &mut Vec<LineInfo>,
) -> usize {
    let st = Element::DocNumber.style();
    let sg = Element::Signer.style();
    let col = grid::col();
    let size = st.size_pt;
    let place_number = |cx: &mut Ctx,
                        text: String,
                        place: Place,
                        row: usize,
                        out: &mut Vec<Item>,
                        infos: &mut Vec<LineInfo>| {
        let (items, mut info, _) = cx.single(
            &[(text, st.role)],
            size,
            col,
            place,
            grid::row_top(row) + grid::baseline_in_row(size),
            st.color,
            Element::DocNumber,
        );
        info.row = Some(row);
        out.extend(items);
        infos.push(info);
    };
    if signers.is_empty() {
        let lines = wrap(cx, num, st.role, size, col, grid::width());
        let n = lines.len();
        for (k, l) in lines.into_iter().enumerate() {
            let place = Place::Center(grid::left() + grid::width() / 2.0);
            place_number(cx, l, place, r + k, out, infos);
        }
        return r + n - 1;
    }
    let right = grid::right() - col;
    let label_w = cx.width(SIGNER_LABEL, sg.role, sg.size_pt, col);
    let gap = cx.width(SIGNER_GAP, SIGNER_NAME_ROLE, sg.size_pt, col);
    // The number, one character in from the left, wrapped only if it is itself too wide.
    let num_lines = wrap(cx, num, st.role, size, col, grid::width() - col);
    let num_w = cx.width(
        num_lines.last().map_or("", String::as_str),
        st.role,
        size,
        col,
    );
    let num_end = grid::left() + col + num_w;
    // Names right of the label's column, inside the type area.
    let room = right - grid::left() - label_w;
    let widest = signers
        .iter()
        .map(|n| cx.width(n, SIGNER_NAME_ROLE, sg.size_pt, col))
        .fold(0.0, f32::max);
    let cell = widest.min(room);
    let block = |k: usize| label_w + k as f32 * cell + (k.max(1) - 1) as f32 * gap;
    let clear_of_number = |k: usize| right - block(k) >= num_end + col;
    let fits = |k: usize| block(k) <= right - grid::left();
    let per_line = (1..=SIGNERS_PER_LINE.min(signers.len()).max(1))
        .rev()
        .find(|&k| fits(k) && clear_of_number(k))
        .or_else(|| {
            (1..=SIGNERS_PER_LINE.min(signers.len()).max(1))
                .rev()
                .find(|&k| fits(k))
        })
        .unwrap_or(1);
    let number_own_line = num_lines.len() > 1 || !clear_of_number(per_line);
    let names_x0 = right - (block(per_line) - label_w);
    // Lines of (column, text): a name too wide for its column is cut over several lines.
    let mut lines: Vec<Vec<(usize, String)>> = Vec::new();
    for group in signers.chunks(per_line) {
        if per_line == 1 {
            for piece in wrap(cx, &group[0], SIGNER_NAME_ROLE, sg.size_pt, col, cell) {
                lines.push(vec![(0, piece)]);
            }
        } else {
            lines.push(
                group
                    .iter()
                    .enumerate()
                    .map(|(j, n)| (j, n.clone()))
                    .collect(),
            );
        }
    }
    let (mut names_out, mut names_info) = (Vec::new(), Vec::new());
    for (i, line) in lines.iter().enumerate() {
        let row = r + i;
        let base = grid::row_top(row) + grid::baseline_in_row(sg.size_pt);
        let mut info: Option<LineInfo> = None;
        if i == 0 {
            let (items, l, _) = cx.single(
                &[(SIGNER_LABEL.to_string(), sg.role)],
                sg.size_pt,
                col,
                Place::Right(names_x0),
                base,
                sg.color,
                Element::Signer,
            );
            names_out.extend(items);
            merge_info(&mut info, l);
        }
        for (j, name) in line {
            let (items, l, _) = cx.single(
                &[(name.clone(), SIGNER_NAME_ROLE)],
                sg.size_pt,
                col,
                Place::Left(names_x0 + *j as f32 * (cell + gap)),
                base,
                sg.color,
                Element::Signer,
            );
            names_out.extend(items);
            merge_info(&mut info, l);
        }
        if let Some(mut l) = info {
            l.row = Some(row);
            names_info.push(l);
        }
    }
    let mut row = r + lines.len() - 1;
    if number_own_line {
        row += 1;
    }
    let n = num_lines.len();
    for (k, l) in num_lines.into_iter().enumerate() {
        place_number(cx, l, Place::Left(grid::left() + col), row + k, out, infos);
    }
    // The 签发人 are read after the 发文字号, as the composition has them.
    out.extend(names_out);
    infos.extend(names_info);
    row + n - 1
}

/// The red 发文机关标志 at most `max_size` pt, its top at `top`: one issuer on a line, or several
/// stacked (joint documents) with the suffix ("文件") beside the stack, centred on it (7.2.3).
/// The size shrinks until the widest line fits the type area; at the least size, a name still
/// too wide goes on several lines. Returns the bottom of the mark.
fn issuer_mark(
    cx: &mut Ctx,
    names: &[String],
    suffix: &str,
    top: f32,
    max_size: f32,
    out: &mut Vec<Item>,
) -> f32 {
    let st = Element::IssuerMark.style();
    let suffix = suffix.to_string();
    let role = st.role;
    let mut size = max_size;
    let joint = names.len() > 1;
    let measure = |cx: &mut Ctx, s: &str, size: f32| cx.width(s, role, size, size);
    let suffix_w = |cx: &mut Ctx, size: f32| {
        if suffix.is_empty() {
            0.0
        } else {
            size * 0.5 + measure(cx, &suffix, size)
        }
    };
    // Shrink to fit the type area.
    loop {
        let w = if joint {
            let nw = names
                .iter()
                .map(|n| measure(cx, n, size))
                .fold(0.0, f32::max);
            nw + suffix_w(cx, size)
        } else {
            measure(cx, &format!("{}{}", names[0], suffix), size)
        };
        if w <= grid::width() || size <= page::ISSUER_MARK_MIN_PT {
            break;
        }
        size -= 1.0;
    }
    let center = grid::left() + grid::width() / 2.0;
    let pitch = size * page::ISSUER_MARK_LEADING;
    if !joint {
        let lines = wrap(
            cx,
            &format!("{}{}", names[0], suffix),
            role,
            size,
            size,
            grid::width(),
        );
        let n = lines.len();
        for (i, l) in lines.into_iter().enumerate() {
            let (items, _, _) = cx.single(
                &[(l, role)],
                size,
                size,
                Place::Center(center),
                top + i as f32 * pitch + ASCENT * size,
                st.color,
                Element::IssuerMark,
            );
            out.extend(items);
        }
        return top + (n - 1) as f32 * pitch + size;
    }
    let sw = suffix_w(cx, size).min(grid::width() / 2.0);
    let mut lines = Vec::new();
    for n in names {
        lines.extend(wrap(cx, n, role, size, size, grid::width() - sw));
    }
    let nw = lines
        .iter()
        .map(|n| measure(cx, n, size))
        .fold(0.0, f32::max);
    let x0 = center - (nw + sw) / 2.0;
    for (i, n) in lines.iter().enumerate() {
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
    let stack_h = (lines.len() - 1) as f32 * pitch + size;
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
