//! Tibetan in a Chinese document: shaped runs, syllable units for the line breaker, and the
//! breaking rules of Tibetan (after tsheg and shad, never inside a syllable).
//!
//! A Tibetan run is shaped as a whole with HarfBuzz's rules; each shaped cluster is carried by
//! the paragraph character that starts it, so the breaker and the grid keep their one
//! character model: the cluster's other characters take no room.

use super::lines::{shape_char, PChar};
use crate::fonts::shaping::shape_tibetan;
use crate::fonts::{FontSet, Role};

/// Tibetan lines sit this much (in em) above the Chinese baseline, which puts the Tibetan
/// headline on the ideographs' em-box top: the usual Chinese–Tibetan alignment. Stacks then
/// stay inside the grid row (tallest common stack 1.08 em above, deepest 0.70 em below).
pub const RAISE: f32 = 0.20;

/// The language tag of a Tibetan run (PDF `Lang`, DOCX `w:bidi`).
pub const LANG: &str = "bo";

/// One glyph of a shaped cluster, in pt at the paragraph's size.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterGlyph {
    pub id: u16,
    pub advance: f32,
    /// Offset from the pen, right and up.
    pub dx: f32,
    pub dy: f32,
}

pub fn is_tibetan(c: char) -> bool {
    ('\u{0F00}'..='\u{0FFF}').contains(&c)
}

/// Characters after which a line may end (UAX #14 class BA), and the shads and gter tsheg
/// (class EX) which end a phrase.
fn break_after(c: char) -> bool {
    matches!(
        c,
        '\u{0F0B}' | '\u{0F34}' | '\u{0F7F}' | '\u{0F85}' | '\u{0FBE}' | '\u{0FBF}' | '\u{0FD2}'
    ) || no_break_before(c)
}

/// Shads and gter tsheg never start a line (class EX).
fn no_break_before(c: char) -> bool {
    matches!(c, '\u{0F0D}'..='\u{0F11}' | '\u{0F14}')
}

/// Head marks (class BB) and the non-breaking tsheg and other glue (class GL) hold on to what
/// follows.
fn holds_next(c: char) -> bool {
    matches!(
        c,
        '\u{0F01}'..='\u{0F04}'
            | '\u{0F06}'..='\u{0F0A}'
            | '\u{0F0C}'
            | '\u{0F12}'
            | '\u{0FD0}'
            | '\u{0FD1}'
            | '\u{0FD3}'
            | '\u{0FD9}'
            | '\u{0FDA}'
    )
}

/// Combining marks of Tibetan (vowel signs, subjoined letters and the marks above and below):
/// they belong to the letter before them and never start a line.
pub fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0F18}'
            | '\u{0F19}'
            | '\u{0F35}'
            | '\u{0F37}'
            | '\u{0F39}'
            | '\u{0F3E}'
            | '\u{0F3F}'
            | '\u{0F71}'..='\u{0F84}'
            | '\u{0F86}'
            | '\u{0F87}'
            | '\u{0F8D}'..='\u{0FBC}'
            | '\u{0FC6}'
    )
}

/// Whether text that is not laid out by the paragraph breaker (a title line, a line cut to
/// fit) may break between `prev` and `next` as far as Tibetan goes: not inside a syllable, so
/// between two Tibetan characters only after a tsheg or shad; never before a mark or a shad.
pub fn may_break_between(prev: char, next: char) -> bool {
    if is_mark(next) || forbidden_start(next) || forbidden_end(prev) {
        return false;
    }
    !(is_tibetan(prev) && is_tibetan(next)) || break_after(prev)
}

/// Closing brackets of Tibetan (class CL): never at a line start.
pub fn forbidden_start(c: char) -> bool {
    no_break_before(c) || matches!(c, '\u{0F3B}' | '\u{0F3D}')
}

/// Opening brackets and head marks: never at a line end.
pub fn forbidden_end(c: char) -> bool {
    holds_next(c) || matches!(c, '\u{0F3A}' | '\u{0F3C}')
}

/// Whether a character was shaped as part of a Tibetan run.
pub fn shaped(pc: &PChar) -> bool {
    !pc.cluster.is_empty() || pc.in_cluster
}

/// End (exclusive) of the syllable unit starting at `chars[i]`: the syllable with its tsheg, or
/// a phrase's last syllable with its shads ("། །" stays whole).
pub fn unit_end(chars: &[PChar], i: usize) -> usize {
    let mut j = i + 1;
    while j < chars.len() && shaped(&chars[j]) {
        let (prev, next) = (chars[j - 1].c, chars[j].c);
        let boundary = (break_after(prev) || prev == ' ')
            && !no_break_before(next)
            && next != ' '
            && !holds_next(prev)
            && !chars[j].in_cluster;
        if boundary {
            break;
        }
        j += 1;
    }
    j
}

/// Pieces of a segment's text: `(text, tibetan)`, Tibetan runs maximal. A space between two
/// shads ("། །") belongs to the run: it is part of the punctuation.
pub fn split(text: &str) -> Vec<(&str, bool)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let in_run = |k: usize| {
        let c = chars[k].1;
        is_tibetan(c)
            || (c == ' '
                && k > 0
                && no_break_before(chars[k - 1].1)
                && chars.get(k + 1).is_some_and(|&(_, n)| no_break_before(n)))
    };
    let mut out: Vec<(&str, bool)> = Vec::new();
    let mut start = 0;
    for k in 0..chars.len() {
        let t = in_run(k);
        if k > 0 && t != in_run(k - 1) {
            out.push((&text[start..chars[k].0], !t));
            start = chars[k].0;
        }
    }
    if let Some(k) = chars.len().checked_sub(1) {
        out.push((&text[start..], in_run(k)));
    }
    out
}

/// Shapes a Tibetan run: one paragraph character per input character, each cluster carried by
/// its first character. Falls back to the cmap, character by character, when no face of the
/// role's chain has Tibetan or the face cannot be shaped.
pub fn shape_run(fonts: &FontSet, role: Role, text: &str, size: f32) -> Vec<PChar> {
    let per_char = || {
        text.chars()
            .map(|c| shape_char(fonts, role, c, size))
            .collect()
    };
    let chain = fonts.chain(role);
    let Some(first) = text.chars().find(|&c| is_tibetan(c)) else {
        return per_char();
    };
    let Some(face) = chain.iter().position(|f| f.has_char(first)) else {
        return per_char();
    };
    let Some(glyphs) = shape_tibetan(chain[face], text) else {
        return per_char();
    };
    text.char_indices()
        .map(|(at, c)| {
            let cluster: Vec<ClusterGlyph> = glyphs
                .iter()
                .filter(|g| g.cluster == at)
                .map(|g| ClusterGlyph {
                    id: g.id,
                    advance: g.advance * size,
                    dx: g.dx * size,
                    dy: g.dy * size,
                })
                .collect();
            let missing = cluster.iter().any(|g| g.id == 0);
            let glyph = cluster.first().map_or(0, |g| g.id);
            PChar {
                c,
                role,
                face,
                glyph: if missing { 0 } else { glyph },
                advance: cluster.iter().map(|g| g.advance).sum(),
                wide: false,
                in_cluster: cluster.is_empty(),
                cluster,
            }
        })
        .collect()
}

/// Shapes the Tibetan runs of `chars[start..end]` again, as the line that holds them draws
/// them: a kerned tsheg at the line end loses its kerning, as HarfBuzz gives it for the run.
pub fn reshape_line(fonts: &FontSet, chars: &mut [PChar], start: usize, end: usize, size: f32) {
    let mut i = start;
    while i < end {
        if !shaped(&chars[i]) {
            i += 1;
            continue;
        }
        let role = chars[i].role;
        let mut j = i + 1;
        while j < end && shaped(&chars[j]) && chars[j].role == role {
            j += 1;
        }
        let text: String = chars[i..j].iter().map(|c| c.c).collect();
        let line = shape_run(fonts, role, &text, size);
        if line.len() == j - i {
            chars[i..j].clone_from_slice(&line);
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_shad_space_shad_in_the_run() {
        let parts = split("普兰县སྤུ་ཧྲེང་། །ཡིག 2025");
        assert_eq!(
            parts,
            vec![("普兰县", false), ("སྤུ་ཧྲེང་། །ཡིག", true), (" 2025", false)]
        );
        assert!(split("").is_empty());
    }

    #[test]
    fn breaks_between_syllables_only() {
        // སྤུ་ཧྲེང་: after the tsheg, not between ས and its subjoined པ or before the vowel.
        assert!(may_break_between('་', 'ཧ'));
        assert!(!may_break_between('ས', '\u{0FA4}'));
        assert!(!may_break_between('\u{0FA4}', '\u{0F74}'));
        assert!(!may_break_between('ཧ', 'ྲ'));
        assert!(!may_break_between('ང', '།'));
        // Beside Chinese, as anywhere Chinese may break.
        assert!(may_break_between('县', 'ས'));
        assert!(may_break_between('།', '二'));
    }

    #[test]
    fn classes() {
        assert!(break_after('་') && break_after('།'));
        assert!(forbidden_start('།') && !forbidden_start('་'));
        assert!(forbidden_end('༄') && forbidden_end('༼'));
        assert!(is_tibetan('ཀ') && !is_tibetan('中'));
    }
}
