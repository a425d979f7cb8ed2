//! The order in which the PDF draws a shaped Tibetan run, so that text extraction gives back
//! its characters exactly.
//!
//! HarfBuzz gives a base glyph and then its marks, which sit to the left of the pen with zero
//! advance. A reader (poppler) takes a span's box from its first glyph's x to its last glyph's
//! right edge, so a span ending on a mark looks shorter than the syllable and the reader puts
//! spaces inside the word. Drawn in x order, with the glyph reaching furthest right last, and
//! with one text range for the whole syllable, every syllable's box is the syllable: the text
//! extracts as typed (measured with pdftotext in its raw, default and layout modes). The page
//! looks the same: every glyph keeps its position.

use crate::layout::PlacedGlyph;

/// Characters that end a syllable: tsheg, non-breaking tsheg, shads, gter tsheg, space.
fn ends_syllable(c: char) -> bool {
    matches!(
        c,
        '\u{0F0B}' | '\u{0F0C}' | '\u{0F0D}' | '\u{0F0E}' | '\u{0F14}' | ' '
    )
}

/// The most text (in UTF-8 bytes: 32 Tibetan characters, longer than any real syllable) one
/// group of glyphs stands for.
const MAX_GROUP_BYTES: usize = 96;

/// `glyphs` (in shaping order, each with its cluster's range of `text`) regrouped by syllable:
/// in x order, the glyph with the rightmost right edge last, all with the syllable's range.
pub(super) fn syllable_order(glyphs: &[PlacedGlyph], text: &str) -> Vec<PlacedGlyph> {
    // Where syllables end, found once: a glyph's syllable is how many end before it.
    let ends: Vec<usize> = text
        .char_indices()
        .filter(|&(_, c)| ends_syllable(c))
        .map(|(i, _)| i)
        .collect();
    let syllable_of = |at: usize| ends.partition_point(|&e| e < at);
    let mut out = Vec::with_capacity(glyphs.len());
    let mut i = 0;
    while i < glyphs.len() {
        let s = syllable_of(glyphs[i].range.start);
        let mut j = i + 1;
        while j < glyphs.len() && syllable_of(glyphs[j].range.start) == s {
            // A "syllable" of more than a syllable's length (text with no tsheg) is grouped
            // cluster by cluster past that length: one text range per glyph group is one
            // ToUnicode entry, which readers (poppler) refuse beyond some 60 characters.
            let new_cluster = glyphs[j].range.start != glyphs[j - 1].range.start;
            if new_cluster && glyphs[j].range.start - glyphs[i].range.start >= MAX_GROUP_BYTES {
                break;
            }
            j += 1;
        }
        let mut group: Vec<PlacedGlyph> = glyphs[i..j].to_vec();
        let start = group.iter().map(|g| g.range.start).min().unwrap_or(0);
        let end = group.iter().map(|g| g.range.end).max().unwrap_or(0);
        // Marks (no advance) before their base at the same x.
        group.sort_by(|a, b| {
            a.x.total_cmp(&b.x)
                .then((a.advance != 0.0).cmp(&(b.advance != 0.0)))
        });
        let last = (0..group.len()).max_by(|&a, &b| {
            let edge = |k: usize| group[k].x + group[k].advance;
            edge(a).total_cmp(&edge(b)).then(a.cmp(&b))
        });
        if let Some(k) = last {
            let g = group.remove(k);
            group.push(g);
        }
        for mut g in group {
            g.range = start..end;
            out.push(g);
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(id: u16, x: f32, advance: f32, range: std::ops::Range<usize>) -> PlacedGlyph {
        PlacedGlyph {
            id,
            x,
            advance,
            range,
            dy: 0.0,
        }
    }

    #[test]
    fn marks_move_before_their_base_and_ranges_cover_the_syllable() {
        // "བོད་ཡིག" as HarfBuzz shapes it: བ + ོ (mark left of the pen), ད, ་, ཡ + ི, ག.
        let text = "བོད་ཡིག";
        let hb = vec![
            g(25, 0.0, 10.0, 0..6),
            g(1338, -0.6, 0.0, 0..6),
            g(20, 10.0, 9.0, 6..9),
            g(1259, 19.0, 3.0, 9..12),
            g(36, 22.0, 11.0, 12..18),
            g(1325, 21.6, 0.0, 12..18),
            g(6, 33.0, 11.0, 18..21),
        ];
        let out = syllable_order(&hb, text);
        let ids: Vec<u16> = out.iter().map(|g| g.id).collect();
        assert_eq!(ids, vec![1338, 25, 20, 1259, 1325, 36, 6]);
        assert!(out[..4].iter().all(|g| g.range == (0..12)));
        assert!(out[4..].iter().all(|g| g.range == (12..21)));
        assert_eq!(out.len(), hb.len());
    }

    #[test]
    fn a_syllable_without_end_is_grouped_cluster_by_cluster_past_its_length() {
        // 60 clusters of one character and one glyph each, with no tsheg between them.
        let text = "ཀ".repeat(60);
        let hb: Vec<PlacedGlyph> = (0..60)
            .map(|k| g(40, k as f32 * 10.0, 10.0, k * 3..k * 3 + 3))
            .collect();
        let out = syllable_order(&hb, &text);
        assert_eq!(out.len(), 60);
        assert!(out
            .iter()
            .all(|g| g.range.end - g.range.start <= MAX_GROUP_BYTES));
        assert_eq!(out[0].range, 0..MAX_GROUP_BYTES);
        assert_eq!(out[59].range.end, text.len());
    }
}
