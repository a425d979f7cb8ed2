//! Chinese line breaking on the character grid: 禁则, punctuation squeezing, justification.
//!
//! A paragraph is cut into unbreakable units (one full-width character, a run of Latin letters
//! and digits measured with the font's own advances, a "——" or "……" pair). Lines are filled
//! greedily; a break that would start a line with a closing mark or end one with an opening
//! mark is repaired by squeezing punctuation to half width (pulling the mark up) before
//! pushing a character down.

use crate::fonts::{FontSet, Role};
use crate::hanzi::{forbidden_end, forbidden_start, is_wide};

/// Closing marks whose glyph sits in the left half of the em: the right half can be dropped.
const SQUEEZE_CLOSE: &str = "，。、；：）」』》〉】〕〗”’";
/// Opening marks whose glyph sits in the right half of the em: the left half can be dropped.
const SQUEEZE_OPEN: &str = "（「『《〈【〔〖“‘";

/// Published texts often put ASCII , ( ) : ; ? ! between Chinese characters; official output
/// uses the full-width forms.
pub fn normalize(text: &str) -> String {
    crate::hanzi::punct::widen(text)
}

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
}

/// Looks a character up in the role's fallback chain. A character no face has is drawn
/// with the primary face's missing-glyph box (glyph 0) and reported by the caller.
pub fn shape_char(fonts: &FontSet, role: Role, c: char, size: f32) -> PChar {
    let chain = fonts.chain(role);
    let found = chain
        .iter()
        .enumerate()
        .find_map(|(i, f)| f.glyph_id(c).map(|g| (i, g)));
    let (face, glyph) = found.unwrap_or((0, 0));
    let advance = chain.get(face).map_or(1.0, |f| f.advance(glyph)) * size;
    let wide = is_wide(c);
    PChar {
        c,
        role,
        face,
        glyph,
        advance: if advance > 0.0 { advance } else { size },
        wide,
    }
}

pub fn shape(fonts: &FontSet, segments: &[(String, Role)], size: f32) -> Vec<PChar> {
    segments
        .iter()
        .flat_map(|(t, r)| t.chars().map(move |c| (c, *r)))
        .map(|(c, r)| shape_char(fonts, r, c, size))
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Squeeze {
    No,
    Close,
    Open,
}

#[derive(Clone, Debug)]
struct Unit {
    /// Continues a run of Latin letters and digits after a hyphen or slash ("2021-|2025"):
    /// a break here is a last resort against a visibly stretched line.
    soft: bool,
    start: usize,
    end: usize,
    width: f32,
    squeeze: Squeeze,
    space: bool,
}

/// A laid-out line: which characters, and where each one's slot starts (pt from the left edge
/// of the line box), plus the x offset of the glyph origin inside its slot.
#[derive(Clone, Debug, PartialEq)]
pub struct LineOut {
    pub start: usize,
    pub end: usize,
    /// (char index, glyph origin x from the line box's left edge, slot width)
    pub glyphs: Vec<(usize, f32, f32)>,
    /// Offset of the line's first slot from the line box's left edge (the indent).
    pub indent: f32,
    /// Right end of the last slot.
    pub right: f32,
    pub justified: bool,
    pub last: bool,
    /// Sum of the slot widths before justification, in pt.
    pub natural: f32,
}

/// Widths used when breaking a paragraph.
#[derive(Clone, Copy, Debug)]
pub struct Measure {
    /// Slot width of a full-width character (the grid pitch for body text).
    pub pitch: f32,
    /// Font size, for centring a glyph in its slot.
    pub size: f32,
    /// Width of the line box.
    pub width: f32,
    /// Indent of the first line and of the following lines.
    pub first_indent: f32,
    pub rest_indent: f32,
    /// Justify full lines to both edges.
    pub justify: bool,
}

fn units(chars: &[PChar], pitch: f32) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].c;
        if c == ' ' {
            out.push(Unit {
                start: i,
                end: i + 1,
                width: chars[i].advance,
                squeeze: Squeeze::No,
                space: true,
                soft: false,
            });
            i += 1;
            continue;
        }
        if !chars[i].wide {
            let mut j = i;
            let mut w = 0.0;
            let mut soft = false;
            while j < chars.len() && !chars[j].wide && chars[j].c != ' ' {
                w += chars[j].advance;
                j += 1;
                let hyphen = matches!(chars[j - 1].c, '-' | '/' | '–');
                if hyphen
                    && chars.get(j).is_some_and(|n| n.c.is_ascii_alphanumeric())
                    && j >= 2
                    && chars[j - 2].c.is_ascii_alphanumeric()
                {
                    out.push(Unit {
                        start: i,
                        end: j,
                        width: w,
                        squeeze: Squeeze::No,
                        space: false,
                        soft,
                    });
                    i = j;
                    w = 0.0;
                    soft = true;
                }
            }
            out.push(Unit {
                start: i,
                end: j,
                width: w,
                squeeze: Squeeze::No,
                space: false,
                soft,
            });
            i = j;
            continue;
        }
        // "——" and "……" are never split.
        if (c == '—' || c == '…') && chars.get(i + 1).is_some_and(|n| n.c == c) {
            out.push(Unit {
                start: i,
                end: i + 2,
                width: 2.0 * pitch,
                squeeze: Squeeze::No,
                space: false,
                soft: false,
            });
            i += 2;
            continue;
        }
        let squeeze = if SQUEEZE_CLOSE.contains(c) {
            Squeeze::Close
        } else if SQUEEZE_OPEN.contains(c) {
            Squeeze::Open
        } else {
            Squeeze::No
        };
        out.push(Unit {
            start: i,
            end: i + 1,
            width: pitch,
            squeeze,
            space: false,
            soft: false,
        });
        i += 1;
    }
    out
}

fn can_break(chars: &[PChar], u: &[Unit], k: usize, soft_ok: bool) -> bool {
    if k == 0 || k >= u.len() {
        return true;
    }
    if u[k].soft && !soft_ok {
        return false;
    }
    let next = chars[u[k].start].c;
    let prev = chars[u[k - 1].end - 1].c;
    !forbidden_start(next) && !forbidden_end(prev)
}

/// Which units of `u[a..b]` to squeeze, and by how much (at most half a character each), so
/// the line fits `avail`; `None` when even squeezing every allowed mark is not enough. Only as
/// much is taken as the line needs.
#[allow(clippy::too_many_arguments)]
fn squeezes(
    chars: &[PChar],
    u: &[Unit],
    a: usize,
    b: usize,
    avail: f32,
    pitch: f32,
    compress_all: bool,
) -> Option<Vec<(usize, f32)>> {
    let width: f32 = u[a..b].iter().map(|x| x.width).sum();
    let mut need = width - avail;
    let mut out: Vec<(usize, f32)> = Vec::new();
    let eps = 0.01;
    if need <= eps {
        return Some(out);
    }
    let half = pitch / 2.0;
    let take = |i: usize, need: &mut f32, out: &mut Vec<(usize, f32)>| {
        let amount = half.min(*need);
        out.push((i, amount));
        *need -= amount;
    };
    if u[b - 1].squeeze == Squeeze::Close {
        take(b - 1, &mut need, &mut out);
    }
    let mut i = b.saturating_sub(1);
    while need > eps && i > a {
        let (l, r) = (i - 1, i);
        let pair = u[l].squeeze != Squeeze::No && u[r].squeeze != Squeeze::No;
        let used = |k: usize, out: &Vec<(usize, f32)>| out.iter().any(|&(j, _)| j == k);
        if pair && u[l].squeeze == Squeeze::Close && !used(l, &out) {
            take(l, &mut need, &mut out);
        } else if pair && u[r].squeeze == Squeeze::Open && !used(r, &out) {
            take(r, &mut need, &mut out);
        }
        i -= 1;
    }
    if !compress_all {
        return (need <= eps).then_some(out);
    }
    // Still too wide: any bracket or quote (not a stop or comma) on the line may give up its empty half, from the
    // end of the line back. Compressing punctuation is how Chinese typesetting absorbs a
    // long unbreakable run; the alternative, pushing the run down, leaves a stretched line.
    let mut i = b;
    while need > eps && i > a {
        i -= 1;
        let used = out.iter().any(|&(j, _)| j == i);
        if !used && BRACKETS.contains(chars[u[i].start].c) {
            take(i, &mut need, &mut out);
        }
    }
    // Last, a run of digits or Latin letters may close up by a tenth of its width — less than
    // a hair between glyphs — so that "（2021-2025）" stays whole on its line.
    let mut i = b;
    while need > eps && i > a {
        i -= 1;
        let unit = &u[i];
        if unit.squeeze == Squeeze::No
            && !unit.space
            && unit.end - unit.start > 1
            && unit.width < pitch * 8.0
        {
            let latin = out.iter().all(|&(j, _)| j != i)
                && unit.width > 0.0
                && (unit.end - unit.start) as f32 * pitch > unit.width;
            if latin {
                let amount = (unit.width * LATIN_CLOSE_UP).min(need);
                out.push((i, amount));
                need -= amount;
            }
        }
    }
    (need <= eps).then_some(out)
}

/// Marks that may be compressed anywhere on a line (标号); stops and commas (点号) only at
/// the line end or next to another mark.
const BRACKETS: &str = "（）《》〈〉「」『』【】〔〕〖〗“”‘’";

/// How much of its width a Latin or digit run may give up to stay on its line.
const LATIN_CLOSE_UP: f32 = 0.10;

/// Where to end the line that starts at unit `pos`, given that units `pos..k` fit: at `k` if
/// that break is allowed, else pull the next mark(s) up by squeezing punctuation, else push
/// characters down to the nearest allowed break.
#[allow(clippy::too_many_arguments)]
fn choose(
    chars: &[PChar],
    u: &[Unit],
    pos: usize,
    k: usize,
    avail: f32,
    pitch: f32,
    soft_ok: bool,
    compress_all: bool,
) -> (usize, Vec<(usize, f32)>) {
    let n = u.len();
    if k == n {
        return (n, Vec::new());
    }
    if can_break(chars, u, k, soft_ok) {
        return (k, Vec::new());
    }
    let reach = if compress_all { 4 } else { 2 };
    let pulled = (k + 1..=(k + reach).min(n)).find_map(|k2| {
        if !can_break(chars, u, k2, soft_ok) {
            return None;
        }
        squeezes(chars, u, pos, k2, avail, pitch, compress_all).map(|s| (k2, s))
    });
    if let Some(p) = pulled {
        return p;
    }
    let pushed = (pos + 1..k)
        .rev()
        .find(|&k2| can_break(chars, u, k2, soft_ok));
    (pushed.unwrap_or(k), Vec::new())
}

/// Breaks a shaped paragraph into lines.
pub fn break_lines(chars: &[PChar], m: &Measure) -> Vec<LineOut> {
    let u = units(chars, m.pitch);
    let n = u.len();
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < n {
        // A space never starts a line.
        if u[pos].space && !out.is_empty() {
            pos += 1;
            continue;
        }
        let indent = if out.is_empty() {
            m.first_indent
        } else {
            m.rest_indent
        };
        let avail = m.width - indent;
        let mut k = pos;
        let mut w = 0.0;
        while k < n && w + u[k].width <= avail + 0.01 {
            w += u[k].width;
            k += 1;
        }
        if k == pos {
            k = pos + 1;
        }
        let (mut end, mut sq) = choose(chars, &u, pos, k, avail, m.pitch, false, false);
        let width: f32 = u[pos..end].iter().map(|x| x.width).sum();
        // A line that would be visibly stretched because a Latin or digit run was pushed down:
        // first try to keep the run by compressing every bracket on the line.
        if end < n && avail - width > 1.5 * m.pitch {
            let (e2, s2) = choose(chars, &u, pos, k, avail, m.pitch, false, true);
            if e2 > end {
                (end, sq) = (e2, s2);
            }
        }
        // A break inside "2021-2025" only when the line would otherwise be visibly stretched.
        let width: f32 = u[pos..end].iter().map(|x| x.width).sum();
        if end < n && avail - width > 1.5 * m.pitch {
            let soft = (pos + 1..=k.min(n - 1)).rev().find(|&k2| {
                u[k2].soft && u[pos..k2].iter().map(|x| x.width).sum::<f32>() <= avail + 0.01
            });
            if let Some(k2) = soft {
                (end, sq) = choose(chars, &u, pos, k2, avail, m.pitch, true, false);
            }
        }
        let last = end == n;
        out.push(place(chars, &u, pos, end, &sq, indent, avail, last, m));
        pos = end;
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn place(
    chars: &[PChar],
    u: &[Unit],
    a: usize,
    mut b: usize,
    sq: &[(usize, f32)],
    indent: f32,
    avail: f32,
    last: bool,
    m: &Measure,
) -> LineOut {
    // A trailing space takes no room.
    let mut trailing_space = false;
    if b > a + 1 && u[b - 1].space {
        b -= 1;
        trailing_space = true;
    }
    let squeezed = |i: usize| sq.iter().find(|&&(j, _)| j == i).map_or(0.0, |&(_, a)| a);
    let widths: Vec<f32> = (a..b).map(|i| u[i].width - squeezed(i)).collect();
    let total: f32 = widths.iter().sum();
    let gaps = (b - a).saturating_sub(1);
    let justify = m.justify && !last && gaps > 0 && total < avail;
    let extra = if justify {
        (avail - total) / gaps as f32
    } else {
        0.0
    };
    let mut glyphs = Vec::new();
    let mut x = indent;
    for (j, i) in (a..b).enumerate() {
        let unit = &u[i];
        let mut cx = x;
        for (ci, pc) in chars.iter().enumerate().take(unit.end).skip(unit.start) {
            if pc.wide {
                let slot = if unit.end - unit.start == 2 {
                    m.pitch
                } else {
                    widths[j]
                };
                // Centre the em on the full slot; an opening mark squeezed to half width
                // loses its empty left half.
                let mut origin = cx + (m.pitch - m.size) / 2.0;
                if unit.squeeze == Squeeze::Open {
                    origin -= squeezed(i);
                }
                glyphs.push((ci, origin, slot));
                cx += slot;
            } else {
                // A closed-up Latin run shares its squeeze evenly between its glyphs.
                let per = squeezed(i) / (unit.end - unit.start) as f32;
                glyphs.push((ci, cx, pc.advance - per));
                cx += pc.advance - per;
            }
        }
        x += widths[j] + extra;
    }
    let right = x - extra;
    let _ = trailing_space;
    LineOut {
        start: u[a].start,
        end: u[b - 1].end,
        glyphs,
        indent,
        right,
        justified: justify,
        last,
        natural: total,
    }
}
