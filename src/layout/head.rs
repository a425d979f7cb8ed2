//! The head (版头): 份号, 密级, 紧急程度, the red 发文机关标志, 发文字号 and 签发人, the red rule.

use super::draw::{runs, Ctx, Place};
use super::{grid, mm, Item, LineInfo, Rule, ASCENT};
use crate::compose::{HeadParts, SIGNER_GAP, SIGNER_LABEL};
use crate::style::{page, Element, RED, SIGNER_NAME_ROLE};

/// Places the head's parts on the first page; returns the grid row where the title starts.
pub(super) fn head(cx: &mut Ctx, head: &HeadParts, out: &mut Vec<Item>) -> (usize, Vec<LineInfo>) {
    let mut infos = Vec::new();
    for (r, part) in head.lines.iter().enumerate() {
        let el = part.element;
        let st = el.style();
        let (items, mut info, _) = cx.single(
            &[(part.text(), st.role)],
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
    }
    let top_lines = head.lines.len();
    let mut next_row = top_lines;
    if top_lines > 0 {
        next_row += 1;
    }
    if !head.ruled() {
        return (next_row, infos);
    }
    let mut bottom = grid::top();
    if let Some((_, names, suffix, upward)) = head.mark {
        bottom = issuer_mark(cx, names, suffix, upward, out);
    }
    // 发文字号 two rows below the mark.
    let r = (((bottom - grid::top()) / grid::row()).ceil() as usize + 2).max(next_row);
    let mut rule_row = r;
    if let Some((num, signers)) = head.number {
        let st = Element::DocNumber.style();
        let base = grid::row_top(r) + grid::baseline_in_row(st.size_pt);
        let upward = !signers.is_empty();
        let place = if upward {
            Place::Left(grid::left() + grid::col())
        } else {
            Place::Center(grid::left() + grid::width() / 2.0)
        };
        let (items, mut info, _) = cx.single(
            &[(num.to_string(), st.role)],
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
            let names = signers.join(SIGNER_GAP);
            let (items, mut info, _) = cx.single(
                &[
                    (SIGNER_LABEL.to_string(), sg.role),
                    (names, SIGNER_NAME_ROLE),
                ],
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
            y0: rule_y - mm(page::RED_RULE_MM) / 2.0,
            y1: rule_y + mm(page::RED_RULE_MM) / 2.0,
            color: RED,
        }));
        rule_row = ((rule_y - grid::top()) / grid::row()).ceil() as usize;
    }
    // The title sits two rows below the red rule.
    (rule_row + 2, infos)
}

/// The red 发文机关标志: one issuer on a line, or several stacked (joint documents) with the
/// suffix ("文件") beside the stack. Returns the bottom of the mark.
fn issuer_mark(
    cx: &mut Ctx,
    names: &[String],
    suffix: &str,
    upward: bool,
    out: &mut Vec<Item>,
) -> f32 {
    let st = Element::IssuerMark.style();
    let suffix = suffix.to_string();
    let top = grid::top()
        + mm(if upward {
            page::ISSUER_MARK_TOP_UPWARD_MM
        } else {
            page::ISSUER_MARK_TOP_MM
        });
    let role = st.role;
    let mut size = st.size_pt;
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
