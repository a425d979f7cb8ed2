//! A paragraph's characters with their faces and advances: Chinese and Latin one by one from
//! the cmap of the role's fallback chain, Tibetan runs shaped whole (see [`super::tibetan`]).

use super::tibetan::{self, ClusterGlyph};
use crate::fonts::{FontSet, Role};
use crate::hanzi::is_wide;

/// One character of a paragraph with its font and natural advance.
#[derive(Clone, Debug)]
pub struct PChar {
    pub c: char,
    pub role: Role,
    /// Position of the face in `fonts.chain(role)`.
    pub face: usize,
    pub glyph: u16,
    /// The face's advance at the paragraph's size, in pt.
    pub advance: f32,
    pub wide: bool,
    /// Tibetan: the glyphs of the shaped cluster this character starts (their advances sum
    /// to `advance`). Empty for a character drawn with its cmap glyph.
    pub cluster: Vec<ClusterGlyph>,
    /// Part of a shaped cluster started by an earlier character: takes no room, draws nothing.
    pub in_cluster: bool,
}

/// Looks a character up in the role's fallback chain. A character no face has is drawn
/// with the primary face's missing-glyph box (glyph 0) and reported by the caller.
pub fn shape_char(fonts: &FontSet, role: Role, c: char, size: f32) -> PChar {
    let (face, glyph, advance) = match fonts.glyph_in_chain(role, c) {
        Some((pos, f, g)) => (pos, g, f.advance(g)),
        None => (0, 0, fonts.face(role).advance(0)),
    };
    let advance = advance * size;
    let wide = is_wide(c);
    PChar {
        c,
        role,
        face,
        glyph,
        advance: if advance > 0.0 { advance } else { size },
        wide,
        cluster: Vec::new(),
        in_cluster: false,
    }
}

/// Chinese and Latin characters one by one from the cmap; Tibetan runs shaped whole.
pub fn shape(fonts: &FontSet, segments: &[(String, Role)], size: f32) -> Vec<PChar> {
    let mut out = Vec::new();
    for (t, r) in segments {
        if !t.chars().any(tibetan::is_tibetan) {
            out.extend(t.chars().map(|c| shape_char(fonts, *r, c, size)));
            continue;
        }
        for (piece, shaped) in tibetan::split(t) {
            if shaped {
                out.extend(tibetan::shape_run(fonts, *r, piece, size));
            } else {
                out.extend(piece.chars().map(|c| shape_char(fonts, *r, c, size)));
            }
        }
    }
    out
}
