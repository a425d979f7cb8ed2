//! A face's glyph ids by character, looked up in its `cmap` once and remembered.
//!
//! A report asks for the same few hundred characters thousands of times (every line of the
//! layout, the glyph checks, each face of a fallback chain), while a face maps tens of
//! thousands. Looking up only what is asked costs nothing up front, and remembering the
//! answer turns the binary search of a `cmap` subtable into one load.
//!
//! The memo is shared by every thread that lays out with the same fonts, so it takes no lock:
//! each slot is an atomic filled at most once per character with a value that any thread
//! would compute alike, and pages of slots are made only for the blocks a report touches.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

/// Characters in one page of slots.
const PAGE: usize = 256;
/// Pages covering the Basic Multilingual Plane, where nearly every character of a report is.
const PAGES: usize = 0x1_0000 / PAGE;

/// A slot not looked up yet.
const UNKNOWN: u32 = 0;
/// A slot whose character the face lacks.
const ABSENT: u32 = 1;
/// Added to a glyph id so that it cannot be taken for [`UNKNOWN`] or [`ABSENT`].
const OFFSET: u32 = 2;

type Page = [AtomicU32; PAGE];

pub(crate) struct GlyphMemo {
    pages: Box<[OnceLock<Box<Page>>]>,
}

impl GlyphMemo {
    pub(crate) fn new() -> Self {
        GlyphMemo {
            pages: (0..PAGES).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The glyph of `c`, from the memo or else from `look` (which is then remembered).
    pub(crate) fn get_or(&self, c: char, look: impl FnOnce() -> Option<u16>) -> Option<u16> {
        let cp = u32::from(c) as usize;
        let Some(page) = self.pages.get(cp / PAGE) else {
            // Outside the BMP: rare enough to look up every time.
            return look();
        };
        let slot =
            &page.get_or_init(|| Box::new(std::array::from_fn(|_| AtomicU32::new(0))))[cp % PAGE];
        // Relaxed is enough: a slot holds a whole answer, and a race only computes it twice.
        match slot.load(Ordering::Relaxed) {
            UNKNOWN => {
                let glyph = look();
                let value = glyph.map_or(ABSENT, |g| u32::from(g) + OFFSET);
                slot.store(value, Ordering::Relaxed);
                glyph
            }
            ABSENT => None,
            v => u16::try_from(v - OFFSET).ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn looks_up_each_character_once() {
        let memo = GlyphMemo::new();
        let calls = Cell::new(0);
        let look = |g: Option<u16>| {
            calls.set(calls.get() + 1);
            g
        };
        assert_eq!(memo.get_or('中', || look(Some(0))), Some(0));
        assert_eq!(memo.get_or('中', || look(Some(9))), Some(0));
        assert_eq!(memo.get_or('\u{e000}', || look(None)), None);
        assert_eq!(memo.get_or('\u{e000}', || look(Some(3))), None);
        assert_eq!(memo.get_or('A', || look(Some(u16::MAX))), Some(u16::MAX));
        assert_eq!(memo.get_or('A', || look(None)), Some(u16::MAX));
        assert_eq!(calls.get(), 3);
    }

    #[test]
    fn characters_beyond_the_bmp_are_looked_up_every_time() {
        let memo = GlyphMemo::new();
        assert_eq!(memo.get_or('𠀀', || Some(7)), Some(7));
        assert_eq!(memo.get_or('𠀀', || None), None);
    }
}
