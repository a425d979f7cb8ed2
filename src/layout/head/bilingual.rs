//! The Tibetan line of a bilingual 发文机关标志 (藏汉双语): centred above the Chinese name(s) in
//! the mark's red, so that the Chinese mark keeps its GB/T 9704 place whenever there is room
//! above it.

use super::super::draw::{Ctx, Place};
use super::super::{grid, Item};
use super::wrap;
use crate::style::{page, Element};

/// The Tibetan line's size as a share of the mark's: Uchen letters with their vowel signs
/// stand taller than ideographs of the same size.
const SHARE: f32 = 0.55;
/// Room a Tibetan line takes above and below its baseline, in em: the tallest common stacks
/// reach 1.08 em above the raised baseline (1.28 em above this one), the deepest 0.70 em below.
const ABOVE: f32 = 1.3;
const BELOW: f32 = 0.75;
/// Space between the Tibetan line and the Chinese name, in em of the Tibetan line.
const GAP: f32 = 0.25;

/// Draws `text` above a mark that would start at `mark_top` (never above `min_top`) and returns
/// where the Chinese mark starts.
pub(super) fn tibetan_line(
    cx: &mut Ctx,
    text: &str,
    mark_top: f32,
    min_top: f32,
    mark_size: f32,
    out: &mut Vec<Item>,
) -> f32 {
    let st = Element::IssuerMark.style();
    let mut size = mark_size * SHARE;
    let least = page::ISSUER_MARK_MIN_PT * SHARE;
    while size > least && cx.width(text, st.role, size, size) > grid::width() {
        size -= 1.0;
    }
    let lines = wrap(cx, text, st.role, size, size, grid::width());
    let pitch = size * (ABOVE + BELOW);
    let height = lines.len() as f32 * pitch;
    let top = (mark_top - height - GAP * size).max(min_top);
    let center = grid::left() + grid::width() / 2.0;
    for (i, l) in lines.into_iter().enumerate() {
        let (items, _, _) = cx.single(
            &[(l, st.role)],
            size,
            size,
            Place::Center(center),
            top + i as f32 * pitch + ABOVE * size,
            st.color,
            Element::IssuerMark,
        );
        out.extend(items);
    }
    mark_top.max(top + height + GAP * size)
}
