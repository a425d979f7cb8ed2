//! Chinese line breaking on the character grid: 禁则, punctuation squeezing, justification.
//!
//! A paragraph is cut into unbreakable units (one full-width character, a run of Latin letters
//! and digits measured with the font's own advances, a "——" or "……" pair). Lines are filled
//! greedily; a break that would start a line with a closing mark or end one with an opening
//! mark is repaired by squeezing punctuation to half width (pulling the mark up) before
//! pushing a character down.

pub use super::chars::{shape, shape_char, PChar};
use super::tibetan;
use crate::hanzi::{forbidden_end, forbidden_start};

/// Closing marks whose glyph sits in the left half of the em: the right half can be dropped.
const SQUEEZE_CLOSE: &str = "，。、；：）」』》〉】〕〗”’";
/// Opening marks whose glyph sits in the right half of the em: the left half can be dropped.
const SQUEEZE_OPEN: &str = "（「『《〈【〔〖“‘";

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
    /// A Tibetan syllable: never cut, never closed up (its marks would slide off their bases).
    shaped: bool,
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

/// Marks that may be compressed anywhere on a line (标号); stops and commas (点号) only at
/// the line end or next to another mark.
const BRACKETS: &str = "（）《》〈〉「」『』【】〔〕〖〗“”‘’";

/// Slack below which two widths count as equal: slot widths are sums of f32 pitches.
const EPS: f32 = 0.01;

/// Everything that decides where a paragraph's lines end: the box (from [`Measure`]) and how
/// far the breaker may squeeze punctuation or close up Latin runs before it pushes a character
/// to the next line. The limits are fields rather than constants so that a caller (and a test)
/// can see and vary exactly what the house style allows.
#[derive(Clone, Copy, Debug)]
pub struct Breaker {
    /// The line box and the grid pitch.
    pub m: Measure,
    /// Share of a pitch a squeezable mark may give up: its empty half, never the ink.
    pub squeeze: f32,
    /// Share of its width a run of Latin letters or digits may give up to stay on its line:
    /// a tenth is less than a hair between glyphs.
    pub latin_close_up: f32,
    /// Runs at least this many pitches wide are never closed up: on a long run a tenth is
    /// visible, and such a run is better broken or pushed down.
    pub close_up_max: f32,
    /// Room left at the end of a full line, in pitches, above which the line would be
    /// visibly stretched: the breaker then tries the costlier repairs.
    pub stretch: f32,
    /// How many units past the fitting break punctuation squeezing may pull up; the second
    /// applies when every bracket on the line may be compressed.
    pub reach: usize,
    pub reach_compressed: usize,
    /// Most a justified line may add to each gap between its units, in pitches. A line that
    /// would need more is left ragged: room at the line end reads better than a line torn
    /// apart, and no gap between ideographs grows past pitch + 1.5 mm.
    pub max_gap: f32,
    /// Runs at least this many pitches wide may be cut anywhere, as a last resort against
    /// a short line; shorter ones ("12345", "2021-2025", a phone number) move down whole.
    pub cut_min: f32,
    /// Most room, in pitches, an ideograph after a Latin run may move right to get back on
    /// its grid column.
    pub snap: f32,
}

impl Breaker {
    /// The house limits: half-width squeezing, a tenth of close-up on runs under 8
    /// characters, repairs tried beyond 1.5 characters of stretch.
    pub fn new(m: Measure) -> Self {
        Breaker {
            m,
            squeeze: 0.5,
            latin_close_up: 0.10,
            close_up_max: 8.0,
            stretch: 1.5,
            reach: 2,
            reach_compressed: 4,
            max_gap: 0.25,
            cut_min: 6.0,
            snap: 0.5,
        }
    }

    /// Breaks a shaped paragraph into lines. Every character lands on exactly one line, in
    /// order, except spaces at a line start; an empty paragraph has no lines.
    pub fn lines(&self, chars: &[PChar]) -> Vec<LineOut> {
        let mut p = Para {
            b: self,
            chars,
            u: units(chars, self.m.pitch),
        };
        p.lines()
    }
}

/// Breaks a shaped paragraph into lines with the house limits (see [`Breaker::new`]).
pub fn break_lines(chars: &[PChar], m: &Measure) -> Vec<LineOut> {
    Breaker::new(*m).lines(chars)
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
                shaped: false,
            });
            i += 1;
            continue;
        }
        if tibetan::shaped(&chars[i]) {
            let j = tibetan::unit_end(chars, i);
            out.push(Unit {
                start: i,
                end: j,
                width: chars[i..j].iter().map(|c| c.advance).sum(),
                squeeze: Squeeze::No,
                space: false,
                soft: false,
                shaped: true,
            });
            i = j;
            continue;
        }
        if !chars[i].wide {
            let mut j = i;
            let mut w = 0.0;
            let mut soft = false;
            while j < chars.len()
                && !chars[j].wide
                && chars[j].c != ' '
                && !tibetan::shaped(&chars[j])
            {
                w += chars[j].advance;
                j += 1;
                if natural_break(chars, j) {
                    out.push(Unit {
                        start: i,
                        end: j,
                        width: w,
                        squeeze: Squeeze::No,
                        space: false,
                        soft,
                        shaped: false,
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
                shaped: false,
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
                shaped: false,
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
            shaped: false,
        });
        i += 1;
    }
    out
}

/// Whether a run of Latin letters and digits may break before `chars[j]`, at a point where a
/// reader expects a URL, a path or a long number to go on (after `/ . - _ ? & =` and between
/// digit groups "1,234,567"). A decimal point ("3.5") never breaks: it would read as two
/// numbers. Such a break is still soft: taken only against a visibly short line.
fn natural_break(chars: &[PChar], j: usize) -> bool {
    let (Some(p), Some(n)) = (j.checked_sub(1).map(|i| chars[i].c), chars.get(j)) else {
        return false;
    };
    let n = n.c;
    // Nothing before the mark but other marks ("//" of a URL): breaking there strands them.
    let word_before = chars[..j - 1]
        .iter()
        .rev()
        .take_while(|c| !c.wide && c.c != ' ')
        .any(|c| c.c.is_ascii_alphanumeric());
    if !n.is_ascii_alphanumeric() || !word_before {
        return false;
    }
    let before = chars[j - 2].c;
    match p {
        '-' | '–' => before.is_ascii_alphanumeric(),
        '/' | '_' | '?' | '&' | '=' => true,
        '.' => !(before.is_ascii_digit() && n.is_ascii_digit()),
        ',' => before.is_ascii_digit() && n.is_ascii_digit(),
        _ => false,
    }
}

/// One paragraph being broken: its characters, their units and the limits.
struct Para<'a> {
    b: &'a Breaker,
    chars: &'a [PChar],
    u: Vec<Unit>,
}

/// Squeezes taken on a line: (unit index, pt given up).
type Squeezes = Vec<(usize, f32)>;

impl Para<'_> {
    fn width(&self, a: usize, b: usize) -> f32 {
        self.u[a..b].iter().map(|x| x.width).sum()
    }

    /// Splits the Latin run `u[k]` after as many characters as fit in `room` (at least one),
    /// the last resort for a URL or word with no natural break where one is needed. The
    /// second part is soft, like a natural break inside a run. False when `u[k]` is not a
    /// run of several half-width characters, or (unless `force`) when not even one fits.
    fn split_run(&mut self, k: usize, room: f32, force: bool) -> bool {
        let unit = self.u[k].clone();
        let latin = !unit.space
            && !unit.shaped
            && unit.squeeze == Squeeze::No
            && unit.end - unit.start > 1
            && self.chars[unit.start..unit.end].iter().all(|c| !c.wide);
        // A Tibetan syllable wider than the whole line is cut between its shaped clusters.
        let syllable = unit.shaped && force;
        if !(latin || syllable) || (!force && self.chars[unit.start].advance > room + EPS) {
            return false;
        }
        // The end of the piece that starts at `m`: one character, or one shaped cluster.
        let piece_end = |m: usize| {
            let mut e = m + 1;
            while syllable && e < unit.end && self.chars[e].in_cluster {
                e += 1;
            }
            e
        };
        let width = |a: usize, b: usize| self.chars[a..b].iter().map(|c| c.advance).sum::<f32>();
        let mut w = 0.0;
        let mut m = unit.start;
        loop {
            let e = piece_end(m);
            if e >= unit.end || w + width(m, e) > room + EPS {
                break;
            }
            w += width(m, e);
            m = e;
        }
        if m == unit.start {
            let e = piece_end(m);
            if e >= unit.end {
                return false;
            }
            w = width(m, e);
            m = e;
        }
        let rest = Unit {
            start: m,
            end: unit.end,
            width: unit.width - w,
            soft: true,
            ..unit.clone()
        };
        self.u[k] = Unit {
            end: m,
            width: w,
            ..unit
        };
        self.u.insert(k + 1, rest);
        true
    }

    fn lines(&mut self) -> Vec<LineOut> {
        let b = self.b;
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < self.u.len() {
            let (u, n) = (&self.u, self.u.len());
            // A space never starts a line.
            if u[pos].space && !out.is_empty() {
                pos += 1;
                continue;
            }
            let indent = if out.is_empty() {
                b.m.first_indent
            } else {
                b.m.rest_indent
            };
            let avail = b.m.width - indent;
            let mut k = pos;
            let mut w = 0.0;
            while k < n && w + u[k].width <= avail + EPS {
                w += u[k].width;
                k += 1;
            }
            // A run wider than the whole line is cut where the line ends; any other unit that
            // wide (it cannot be cut) takes a line of its own rather than stall the loop.
            if k == pos {
                if self.split_run(k, avail, true) {
                    continue;
                }
                k = pos + 1;
            }
            let n = self.u.len();
            let (mut end, mut sq) = self.choose(pos, k, avail, false, false);
            let stretched = |p: &Self, end: usize| {
                end < p.u.len() && avail - p.width(pos, end) > b.stretch * b.m.pitch
            };
            // A line that would be visibly short because a Latin or digit run was pushed
            // down: first try to keep the run by compressing every bracket on the line.
            if stretched(self, end) {
                let (e2, s2) = self.choose(pos, k, avail, false, true);
                if e2 > end {
                    (end, sq) = (e2, s2);
                }
            }
            // A break inside "2021-2025" or after a URL's "/" only when the line would
            // otherwise be visibly short.
            if stretched(self, end) {
                let soft = (pos + 1..=k.min(n - 1))
                    .rev()
                    .find(|&k2| self.u[k2].soft && self.width(pos, k2) <= avail + EPS);
                if let Some(k2) = soft {
                    (end, sq) = self.choose(pos, k2, avail, true, false);
                }
            }
            // Last resort against a short line: cut the run that did not fit anywhere, filling
            // the line ("https://…/very-long-na|me"); undone when it does not help.
            if stretched(self, end) && k < n && self.u[k].width >= b.cut_min * b.m.pitch {
                let saved = self.u[k].clone();
                if self.split_run(k, avail - self.width(pos, k), false) {
                    let (e2, s2) = self.choose(pos, k + 1, avail, true, false);
                    if e2 > end {
                        (end, sq) = (e2, s2);
                    } else {
                        self.u[k] = saved;
                        self.u.remove(k + 1);
                    }
                }
            }
            // A cut run must not hand the next line a closing mark ("…xyz|，"): the run's
            // last character goes down with it.
            if end < self.u.len() && end > pos + 1 && !self.can_break(end, true) {
                let run = &self.u[end - 1];
                let room = run.width - self.chars[run.end - 1].advance;
                if run.soft && self.split_run(end - 1, room, false) {
                    sq.retain(|&(i, _)| i < end - 1);
                }
            }
            let last = end == self.u.len();
            out.push(self.place(pos, end, &sq, indent, avail, last));
            pos = end;
        }
        out
    }

    fn can_break(&self, k: usize, soft_ok: bool) -> bool {
        let u = &self.u;
        if k == 0 || k >= u.len() {
            return true;
        }
        if u[k].soft && !soft_ok {
            return false;
        }
        let next = self.chars[u[k].start].c;
        let prev = self.chars[u[k - 1].end - 1].c;
        !forbidden_start(next)
            && !forbidden_end(prev)
            && !tibetan::forbidden_start(next)
            && !tibetan::forbidden_end(prev)
    }

    /// Which units of `u[a..b]` to squeeze, and by how much, so the line fits `avail`; `None`
    /// when even squeezing every allowed mark is not enough. Only as much is taken as the
    /// line needs.
    fn squeezes(&self, a: usize, b: usize, avail: f32, compress_all: bool) -> Option<Squeezes> {
        let u = &self.u;
        let mut need = self.width(a, b) - avail;
        let mut out: Squeezes = Vec::new();
        if need <= EPS {
            return Some(out);
        }
        let half = self.b.m.pitch * self.b.squeeze;
        let take = |i: usize, need: &mut f32, out: &mut Squeezes| {
            let amount = half.min(*need);
            out.push((i, amount));
            *need -= amount;
        };
        if u[b - 1].squeeze == Squeeze::Close {
            take(b - 1, &mut need, &mut out);
        }
        let mut i = b.saturating_sub(1);
        while need > EPS && i > a {
            let (l, r) = (i - 1, i);
            let pair = u[l].squeeze != Squeeze::No && u[r].squeeze != Squeeze::No;
            let used = |k: usize, out: &Squeezes| out.iter().any(|&(j, _)| j == k);
            if pair && u[l].squeeze == Squeeze::Close && !used(l, &out) {
                take(l, &mut need, &mut out);
            } else if pair && u[r].squeeze == Squeeze::Open && !used(r, &out) {
                take(r, &mut need, &mut out);
            }
            i -= 1;
        }
        if !compress_all {
            return (need <= EPS).then_some(out);
        }
        // Still too wide: any bracket or quote (not a stop or comma) on the line may give up
        // its empty half, from the end of the line back. Compressing punctuation is how
        // Chinese typesetting absorbs a long unbreakable run; the alternative, pushing the run
        // down, leaves a stretched line.
        let mut i = b;
        while need > EPS && i > a {
            i -= 1;
            let used = out.iter().any(|&(j, _)| j == i);
            if !used && BRACKETS.contains(self.chars[u[i].start].c) {
                take(i, &mut need, &mut out);
            }
        }
        // Last, a run of digits or Latin letters may close up a little so that
        // "（2021-2025）" stays whole on its line.
        let mut i = b;
        while need > EPS && i > a {
            i -= 1;
            let unit = &u[i];
            if unit.squeeze == Squeeze::No
                && !unit.space
                && !unit.shaped
                && unit.end - unit.start > 1
                && unit.width < self.b.m.pitch * self.b.close_up_max
            {
                let latin = out.iter().all(|&(j, _)| j != i)
                    && unit.width > 0.0
                    && (unit.end - unit.start) as f32 * self.b.m.pitch > unit.width;
                if latin {
                    let amount = (unit.width * self.b.latin_close_up).min(need);
                    out.push((i, amount));
                    need -= amount;
                }
            }
        }
        (need <= EPS).then_some(out)
    }

    /// Where to end the line that starts at unit `pos`, given that units `pos..k` fit: at `k`
    /// if that break is allowed, else pull the next mark(s) up by squeezing punctuation, else
    /// push characters down to the nearest allowed break.
    fn choose(
        &self,
        pos: usize,
        k: usize,
        avail: f32,
        soft_ok: bool,
        compress_all: bool,
    ) -> (usize, Squeezes) {
        let n = self.u.len();
        if k == n {
            return (n, Vec::new());
        }
        if self.can_break(k, soft_ok) {
            return (k, Vec::new());
        }
        let reach = if compress_all {
            self.b.reach_compressed
        } else {
            self.b.reach
        };
        let pulled = (k + 1..=(k + reach).min(n)).find_map(|k2| {
            if !self.can_break(k2, soft_ok) {
                return None;
            }
            self.squeezes(pos, k2, avail, compress_all).map(|s| (k2, s))
        });
        if let Some(p) = pulled {
            return p;
        }
        let pushed = (pos + 1..k).rev().find(|&k2| self.can_break(k2, soft_ok));
        (pushed.unwrap_or(k), Vec::new())
    }

    fn place(
        &self,
        a: usize,
        mut b: usize,
        sq: &[(usize, f32)],
        indent: f32,
        avail: f32,
        last: bool,
    ) -> LineOut {
        let (cfg, u) = (self.b, &self.u);
        // A trailing space takes no room.
        if b > a + 1 && u[b - 1].space {
            b -= 1;
        }
        let squeezed = |i: usize| sq.iter().find(|&&(j, _)| j == i).map_or(0.0, |&(_, a)| a);
        let widths: Vec<f32> = (a..b).map(|i| u[i].width - squeezed(i)).collect();
        let total: f32 = widths.iter().sum();
        let gaps = (b - a).saturating_sub(1);
        let wide = |i: usize| self.chars[u[i].start].wide;
        // A full-width character after a Latin run or a space starts on the next grid column
        // when the line has the room: the runs take their own width, the ideographs keep the
        // columns of the lines above and below. The room is shared on both sides of the run
        // (as Han–Latin spacing), and taken only up to half a pitch, so no more than a
        // quarter pitch opens on either side: a wider hole would read as a missing character.
        let mut slack = (avail - total).max(0.0);
        let mut before = vec![0.0; b - a];
        let mut x = indent;
        let mut run_start = None;
        for (j, i) in (a..b).enumerate() {
            if !wide(i) && run_start.is_none() {
                run_start = Some(j);
            }
            if j > 0 && wide(i) && !wide(i - 1) {
                let off = x.rem_euclid(cfg.m.pitch);
                let shift = if off > EPS && cfg.m.pitch - off > EPS {
                    cfg.m.pitch - off
                } else {
                    0.0
                };
                // After a space the hole is the space itself: widened to the column, it
                // reads as the word gap it is, however wide.
                let space = u[i - 1].space;
                let limit = if space { slack } else { cfg.m.pitch * cfg.snap };
                if shift <= limit.min(slack) + EPS {
                    let shift = shift.min(slack);
                    slack -= shift;
                    x += shift;
                    match run_start {
                        Some(r) if r > 0 && !space => {
                            before[r] += shift / 2.0;
                            before[j] += shift / 2.0;
                        }
                        _ => before[j] += shift,
                    }
                }
            }
            if wide(i) {
                run_start = None;
            }
            x += widths[j];
        }
        // What is left is spread over the gaps only on a line that holds Latin or digits (its
        // ideographs are off the columns anyway) and only up to `max_gap` a gap. A line of
        // ideographs alone, pushed down by the 禁则, stays on the grid and ends short.
        let latin = (a..b).any(|i| !wide(i) && !u[i].space);
        let justify = cfg.m.justify
            && !last
            && gaps > 0
            && latin
            && slack > EPS
            && slack / gaps as f32 <= cfg.max_gap * cfg.m.pitch + EPS;
        let extra = if justify { slack / gaps as f32 } else { 0.0 };
        let mut glyphs = Vec::new();
        let mut x = indent;
        for (j, i) in (a..b).enumerate() {
            let unit = &u[i];
            x += before[j];
            let mut cx = x;
            for (ci, pc) in self
                .chars
                .iter()
                .enumerate()
                .take(unit.end)
                .skip(unit.start)
            {
                if pc.wide {
                    let slot = if unit.end - unit.start == 2 {
                        cfg.m.pitch
                    } else {
                        widths[j]
                    };
                    // Centre the em on the full slot; an opening mark squeezed to half width
                    // loses its empty left half.
                    let mut origin = cx + (cfg.m.pitch - cfg.m.size) / 2.0;
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::Role;
    use crate::hanzi::is_wide;

    const PITCH: f32 = 16.0;
    /// Smaller than the pitch so that centring in the slot shows in the positions.
    const SIZE: f32 = 15.0;
    const WIDTH: f32 = 28.0 * PITCH;

    fn breaker(first_indent: f32) -> Breaker {
        Breaker::new(Measure {
            pitch: PITCH,
            size: SIZE,
            width: WIDTH,
            first_indent,
            rest_indent: 0.0,
            justify: true,
        })
    }

    /// Characters as a CJK face would shape them, without a font: full-width ones take an em,
    /// Latin letters and digits half an em, a space a quarter.
    fn pchars(text: &str) -> Vec<PChar> {
        text.chars()
            .map(|c| {
                let wide = is_wide(c);
                let advance = match c {
                    _ if wide => SIZE,
                    ' ' => 0.25 * SIZE,
                    _ => 0.5 * SIZE,
                };
                PChar {
                    c,
                    role: Role::Body,
                    face: 0,
                    glyph: 1,
                    advance,
                    wide,
                    cluster: Vec::new(),
                    in_cluster: false,
                }
            })
            .collect()
    }

    fn texts(chars: &[PChar], lines: &[LineOut]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.glyphs.iter().map(|&(i, _, _)| chars[i].c).collect())
            .collect()
    }

    fn run(text: &str, first_indent: f32) -> (Vec<String>, Vec<LineOut>) {
        let chars = pchars(text);
        let lines = breaker(first_indent).lines(&chars);
        (texts(&chars, &lines), lines)
    }

    const FILLER: &str = "法治政府建设实施纲要确保文件内容合法合规程序正当严格落实规范性文件";

    /// Every line of `text` broken with each possible first-line offset: the rules that must
    /// hold wherever the line end falls.
    fn sweep(token: &str, check: &dyn Fn(&[String])) {
        for k in 0..FILLER.chars().count() {
            let pre: String = FILLER.chars().take(k).collect();
            let text = format!("{pre}{token}{FILLER}{FILLER}");
            let (t, lines) = run(&text, 2.0 * PITCH);
            assert_eq!(t.concat(), text, "no character lost or added");
            for (l, s) in lines.iter().zip(&t) {
                let first = s.chars().next().expect("no empty line");
                let last = s.chars().last().expect("no empty line");
                assert!(!forbidden_start(first), "line starts with {first}: {t:?}");
                assert!(!forbidden_end(last), "line ends with {last}: {t:?}");
                assert!(l.natural <= WIDTH - l.indent + EPS, "overfull: {s}");
            }
            check(&t);
        }
    }

    #[test]
    fn full_width_characters_fill_a_line_exactly() {
        let text: String = FILLER.chars().chain(FILLER.chars()).take(56).collect();
        let (t, lines) = run(&text, 0.0);
        assert_eq!(t.len(), 2, "{t:?}");
        for l in &lines {
            assert_eq!(l.glyphs.len(), 28);
            assert_eq!(l.natural, WIDTH);
            assert_eq!(l.right, WIDTH);
            assert!(!l.justified, "nothing to spread on a full line");
        }
        assert!(!lines[0].last && lines[1].last);
    }

    /// Full-width characters sit on the character pitch, centred in their slots.
    #[test]
    fn ideographs_sit_on_the_character_pitch() {
        let text = "将法治政府建设纳入年度重点工作和绩效考核体系与经济发展民生保障等工作同部署同推进同考核成立由政府县长任组长的法治政府建设领导小组";
        let (_, lines) = run(text, 2.0 * PITCH);
        assert_eq!(lines[0].glyphs.len(), 26, "first line: 2 characters indent");
        let l = &lines[1];
        assert_eq!(l.glyphs.len(), 28);
        for (k, &(_, x, slot)) in l.glyphs.iter().enumerate() {
            let want = k as f32 * PITCH + (PITCH - SIZE) / 2.0;
            assert_eq!(x, want, "glyph {k}");
            assert_eq!(slot, PITCH);
        }
    }

    #[test]
    fn first_line_is_indented_by_two_characters() {
        let (t, lines) = run(&FILLER.repeat(2), 2.0 * PITCH);
        assert_eq!(t[0].chars().count(), 26);
        assert_eq!(lines[0].indent, 2.0 * PITCH);
        assert_eq!(lines[0].glyphs[0].1, 2.0 * PITCH + (PITCH - SIZE) / 2.0);
        assert_eq!(lines[1].indent, 0.0);
        assert_eq!(lines[1].glyphs[0].1, (PITCH - SIZE) / 2.0);
        assert_eq!(t[1].chars().count(), 28);
    }

    #[test]
    fn no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one() {
        for token in [
            "严格落实“第一议题”制度，",
            "《重大行政决策程序暂行条例》，",
            "乡镇（街道）调委会",
            "是否合法？！确实",
            "见《通知》、《办法》；",
            "问题——整改",
            "意见建议等诉求……",
            "备案通过率100%。",
        ] {
            sweep(token, &|_| {});
        }
        sweep("问题——整改", &|t| never_split(t, "——"));
        sweep("意见建议等诉求……", &|t| never_split(t, "……"));
        sweep("备案通过率100%。", &|t| never_split(t, "100%。"));
    }

    fn never_split(t: &[String], run: &str) {
        assert!(t.iter().any(|l| l.contains(run)), "{run} was split: {t:?}");
    }

    /// A closing mark that would start a line is pulled up by squeezing punctuation when the
    /// line has room to give (its end mark and an adjacent pair), instead of pushing the
    /// character before it down.
    #[test]
    fn squeezing_pulls_a_mark_up() {
        // With the indent 26 characters fit and end with "”"; "。" would start line 2.
        let text = "一二三四五六七八九十一二三四五六七八九十一二三“六”。后续文字";
        let (t, lines) = run(text, 2.0 * PITCH);
        assert!(t[0].ends_with("“六”。"), "{t:?}");
        let l = &lines[0];
        assert_eq!(
            l.natural,
            WIDTH - l.indent,
            "squeezed by exactly one character"
        );
        let narrow: Vec<f32> = l
            .glyphs
            .iter()
            .map(|g| g.2)
            .filter(|&w| w < PITCH)
            .collect();
        assert_eq!(
            narrow,
            vec![PITCH / 2.0, PITCH / 2.0],
            "”。 each give up half"
        );
        assert!(!l.justified);
    }

    /// A run of Latin letters and digits is one unit; a year range breaks after its hyphen only
    /// when keeping it whole would leave a visibly stretched line.
    #[test]
    fn latin_and_digit_runs_stay_whole() {
        sweep("设立12345政务服务热线", &|t| {
            never_split(t, "12345")
        });
        sweep("互联网+政务服务ABCdef", &|t| {
            never_split(t, "ABCdef")
        });
        sweep("（2021-2025）》的收官之年", &|t| {
            if !t.iter().any(|l| l.contains("2021-2025")) {
                let cut = t.iter().position(|l| l.ends_with("2021-"));
                let cut = cut.unwrap_or_else(|| panic!("split off the hyphen: {t:?}"));
                assert!(t[cut + 1].starts_with("2025"), "{t:?}");
            }
        });
        // Where brackets can absorb it, the range stays whole even across a line end.
        let pre: String = FILLER.chars().take(21).collect();
        let (t, _) = run(&format!("{pre}（2021-2025）{FILLER}"), 2.0 * PITCH);
        assert!(t[0].ends_with("（2021-2025）"), "{t:?}");
    }

    /// A line of ideographs that a pushed-down run leaves short is not stretched: every
    /// character stays on its grid column and the room is left at the line end.
    #[test]
    fn a_short_line_of_ideographs_stays_on_the_grid() {
        let pre: String = FILLER.chars().take(23).collect();
        let (t, lines) = run(&format!("{pre}（2021-2025）{FILLER}"), 2.0 * PITCH);
        assert_eq!(t[0], pre, "the range was pushed down whole: {t:?}");
        let l = &lines[0];
        assert!(!l.justified);
        assert_eq!(l.right, l.indent + 23.0 * PITCH);
        assert_on_columns(l);
    }

    fn on_column(x: f32) -> bool {
        ((x - (PITCH - SIZE) / 2.0) / PITCH).fract().abs() < 1e-3
    }

    fn assert_on_columns(l: &LineOut) {
        for &(i, x, _) in &l.glyphs {
            assert!(on_column(x), "char {i} at {x} is off the columns: {l:?}");
        }
    }

    /// The line: 26 characters fit after the indent, but the 27th is “ (never at a
    /// line end) and nothing can be pulled up without squeezing marks inside the line. The
    /// line ends at 深化, on the grid, with one column left free; no bracket is compressed.
    #[test]
    fn a_line_that_fits_is_not_squeezed() {
        let text =
            "（二）聚焦重点任务，提升法治政府建设质效。一是深化“放管服”改革，优化法治化营商环境。";
        let (t, lines) = run(text, 2.0 * PITCH);
        assert!(t[0].ends_with("一是深化"), "{t:?}");
        let l = &lines[0];
        assert!(l.glyphs.iter().all(|g| g.2 == PITCH), "nothing squeezed");
        assert!(!l.justified);
        assert_on_columns(l);
        // A line that needs no repair at all fills the measure on the columns.
        let (t, lines) = run(&format!("（一）{FILLER}"), 2.0 * PITCH);
        assert_eq!(t[0].chars().count(), 26);
        assert_on_columns(&lines[0]);
        assert_eq!(lines[0].right, WIDTH);
    }

    /// Digits take their own width; the ideographs after them move to the next column, so
    /// the line still ends on the right edge with every ideograph on the grid.
    #[test]
    fn ideographs_after_digits_realign_to_the_next_column() {
        // 8 digits of 7.5 pt are 3.75 pitches: the next ideograph moves a quarter pitch,
        // shared on both sides of the run.
        let text = format!("共{}件次{}", "12345678", FILLER.repeat(2));
        let (t, lines) = run(&text, 2.0 * PITCH);
        let l = &lines[0];
        assert!(t[0].starts_with("共12345678件次"), "{t:?}");
        let (gong, d1, d8, jian) = (l.glyphs[0].1, l.glyphs[1].1, l.glyphs[8].1, l.glyphs[9].1);
        let slot = (PITCH - SIZE) / 2.0;
        let before = d1 - (gong - slot + PITCH);
        let after = (jian - slot) - (d8 + 7.5);
        assert!((before - PITCH / 8.0).abs() < 1e-3, "{before}");
        assert!((after - PITCH / 8.0).abs() < 1e-3, "{after}");
        for &(i, x, _) in &l.glyphs {
            if pchars(&text)[i].wide {
                assert!(on_column(x), "{} at {x}", pchars(&text)[i].c);
            }
        }
        assert!((l.right - WIDTH).abs() < 1e-3, "ends at {}", l.right);
    }

    /// A line with Latin or digits is justified only while no gap grows past `max_gap`;
    /// beyond that it is left ragged rather than torn apart.
    #[test]
    fn justification_never_tears_a_line_apart() {
        let b = breaker(0.0);
        for k in 0..FILLER.chars().count() {
            let pre: String = FILLER.chars().take(k).collect();
            let text = format!("{pre}ABC{}{FILLER}", "x".repeat(9));
            let chars = pchars(&text);
            for l in b.lines(&chars) {
                let gaps = (l.glyphs.len() - 1).max(1) as f32;
                let spread = (l.right - l.indent - l.natural) / gaps;
                assert!(
                    spread <= b.max_gap * PITCH + 1e-3,
                    "{spread} per gap: {l:?}"
                );
                assert!(l.right <= WIDTH + 1e-3);
            }
        }
    }

    /// A URL breaks after its / . - _ ? & = rather than running off the line; no line is
    /// wider than the measure and nothing is lost.
    #[test]
    fn a_url_breaks_at_its_natural_points() {
        let url = "https://www.example.gov.cn/zwgk/fdzdgknr/fzzfjs/2025_report/index.html?id=12345&lang=zh-CN&from=search_result&page=1";
        let text = format!("详见{url}公布的全文。");
        let (t, lines) = run(&text, 2.0 * PITCH);
        assert_eq!(t.concat(), text);
        assert!(lines.len() >= 3, "{t:?}");
        for (l, s) in lines.iter().zip(&t) {
            assert!(l.natural <= WIDTH - l.indent + EPS, "overfull: {s}");
            assert!(l.right <= WIDTH + EPS, "past the edge: {s}");
            let mut g = l.glyphs.iter().map(|g| g.1);
            assert!(g.all(|x| x + SIZE / 2.0 <= WIDTH + EPS), "{s}");
        }
        for s in &t[..t.len() - 1] {
            let end = s.chars().last().unwrap();
            if s.contains("example") || s.contains("id=") {
                assert!("/.-_?&=".contains(end) || !end.is_ascii(), "{t:?}");
            }
        }
    }

    #[test]
    fn natural_breaks_in_runs() {
        let at = |s: &str| -> Vec<usize> {
            let c = pchars(s);
            (0..c.len()).filter(|&j| natural_break(&c, j)).collect()
        };
        assert_eq!(at("a/b.c-d_e?f&g=h"), vec![2, 4, 6, 8, 10, 12, 14]);
        assert_eq!(at("1,234,567"), vec![2, 6], "between digit groups");
        assert!(at("3.1415926").is_empty(), "a decimal point never breaks");
        assert!(at("https://x").len() == 1, "only after the second slash");
        assert!(at("//a").is_empty(), "nothing before the marks");
    }

    /// A word with no natural break wider than the line is cut at the line end (the last
    /// resort): no line is wider than the measure, and the short line before it is filled.
    #[test]
    fn a_word_longer_than_the_line_is_cut() {
        let word = "a".repeat(70);
        for text in [
            format!("前文{word}后文"),
            format!("前文{word}，后文"),
            word.clone(),
        ] {
            let (t, lines) = run(&text, 2.0 * PITCH);
            assert_eq!(t.concat(), text);
            for (l, s) in lines.iter().zip(&t) {
                assert!(l.right <= WIDTH + EPS, "past the edge: {s}");
                let first = s.chars().next().unwrap();
                assert!(!forbidden_start(first), "{t:?}");
            }
            assert!(
                lines[0].right > WIDTH - 1.5 * PITCH,
                "first line filled: {t:?}"
            );
        }
        // Short runs are never cut anywhere.
        let (t, _) = run(&format!("{FILLER}13800138000{FILLER}"), 2.0 * PITCH);
        never_split(&t, "13800138000");
    }

    #[test]
    fn last_line_is_not_justified() {
        let (t, lines) = run(&format!("{FILLER}前后"), 0.0);
        let last = lines.last().unwrap();
        assert!(last.last && !last.justified, "{t:?}");
        assert_eq!(last.right, last.natural);
        assert_eq!(
            last.natural,
            (t.last().unwrap().chars().count()) as f32 * PITCH
        );
        assert!(lines[..lines.len() - 1].iter().all(|l| !l.last));
    }

    #[test]
    fn one_character_is_one_line() {
        let (t, lines) = run("是", 2.0 * PITCH);
        assert_eq!(t, vec!["是"]);
        let l = &lines[0];
        assert!(l.last && !l.justified);
        assert_eq!((l.start, l.end), (0, 1));
        assert_eq!(
            l.glyphs,
            vec![(0, 2.0 * PITCH + (PITCH - SIZE) / 2.0, PITCH)]
        );
        assert_eq!(l.right, 3.0 * PITCH);
    }

    #[test]
    fn empty_paragraph_has_no_lines() {
        assert!(breaker(2.0 * PITCH).lines(&[]).is_empty());
    }
}
