//! Which characters are Chinese text and which are set full width. One table serves both
//! questions, so that the reader's punctuation rules, the linter, the importer and the line
//! breaker never disagree about a character.

/// What a character is to Chinese typesetting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Hanzi, radicals, bopomofo and CJK strokes.
    Han,
    /// CJK punctuation and full-width forms: 、。《》「」〔〕，：；（）.
    Punct,
    /// The half-width forms of 。「」、: Chinese punctuation, but narrow.
    NarrowPunct,
    /// General punctuation that Chinese text sets full width: “ ” ‘ ’ — … ·.
    SharedPunct,
    /// Kana and hangul: full width, but not Chinese text.
    OtherScript,
    /// Symbols CJK fonts draw full width (① ■ ☆ ※ № ℃ §): they stand in Chinese text without
    /// making the marks beside them Chinese punctuation.
    Symbol,
}

use Class::*;

/// Sorted, non-overlapping ranges (first, last, class). A character outside every range is
/// Latin, digits or other narrow text.
const TABLE: &[(u32, u32, Class)] = &[
    (0x00A7, 0x00A7, Symbol),      // §
    (0x00B7, 0x00B7, SharedPunct), // ·
    (0x1100, 0x115F, OtherScript), // hangul jamo
    (0x2014, 0x2014, SharedPunct), // —
    (0x2018, 0x2019, SharedPunct), // ‘ ’
    (0x201C, 0x201D, SharedPunct), // “ ”
    (0x2026, 0x2026, SharedPunct), // …
    (0x203B, 0x203B, Symbol),      // ※
    (0x2103, 0x2103, Symbol),      // ℃
    (0x2116, 0x2116, Symbol),      // №
    (0x2460, 0x24FF, Symbol),      // ① ⑴ ⒈
    (0x25A0, 0x25FF, Symbol),      // ■ □ ▲ ○
    (0x2600, 0x26FF, Symbol),      // ☆ ☎
    (0x2E80, 0x2FFF, Han),         // radicals, ideographic description
    (0x3000, 0x303E, Punct),       // 、。《》「」〔〕 and the ideographic space
    (0x3040, 0x30FF, OtherScript), // kana
    (0x3100, 0x312F, Han),         // bopomofo
    (0x3130, 0x318F, OtherScript), // hangul compatibility jamo
    (0x3190, 0x31EF, Han),         // kanbun, bopomofo extended, strokes
    (0x31F0, 0x31FF, OtherScript), // katakana extension
    (0x3200, 0x33FF, Symbol),      // ㈠ ㊀ and CJK compatibility units
    (0x3400, 0x4DBF, Han),         // extension A
    (0x4DC0, 0x4DFF, Symbol),      // hexagrams
    (0x4E00, 0x9FFF, Han),
    (0xAC00, 0xD7A3, OtherScript), // hangul syllables
    (0xF900, 0xFAFF, Han),         // compatibility ideographs
    (0xFE30, 0xFE4F, Punct),       // vertical forms
    (0xFF01, 0xFF60, Punct),       // full-width forms ，：；（）
    (0xFF61, 0xFF64, NarrowPunct), // ｡｢｣､
    (0xFFE0, 0xFFE6, Punct),       // ￥ ￡
    (0x20000, 0x3FFFD, Han),       // extensions B and later
];

/// The class of `c`, or `None` for Latin, digits and other narrow text.
pub fn class(c: char) -> Option<Class> {
    let u = u32::from(c);
    // Most characters of a mixed text are ASCII: skip the search for them.
    if u < 0xA7 {
        return None;
    }
    TABLE
        .binary_search_by(|&(lo, hi, _)| {
            if hi < u {
                std::cmp::Ordering::Less
            } else if lo > u {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .ok()
        .map(|i| TABLE[i].2)
}

/// Chinese text, or punctuation that only stands in Chinese text: where it stands next to a
/// half-width mark, the mark is Chinese punctuation written in the wrong width.
pub fn is_cjk(c: char) -> bool {
    matches!(class(c), Some(Han | Punct | NarrowPunct | SharedPunct))
}

/// Set full width on the character grid (one em): ideographs, CJK punctuation, full-width
/// forms, kana and hangul, and the symbols and general punctuation CJK fonts draw full width.
pub fn is_wide(c: char) -> bool {
    matches!(class(c), Some(class) if class != NarrowPunct)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_disjoint() {
        for w in TABLE.windows(2) {
            assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0, "{:X?}", w);
        }
    }

    /// The line breaker's list before the table: every character keeps its width, so the
    /// printed pages do not move.
    fn old_is_wide(c: char) -> bool {
        matches!(u32::from(c),
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3040..=0x9FFF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF01..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD
            | 0x2460..=0x24FF
            | 0x25A0..=0x25FF
            | 0x2600..=0x26FF
        ) || matches!(
            c,
            '“' | '”' | '‘' | '’' | '—' | '…' | '·' | '※' | '№' | '℃' | '§'
        )
    }

    /// The importer's list before the table.
    fn old_is_cjk(c: char) -> bool {
        matches!(u32::from(c),
            0x3000..=0x303F
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF
            | 0xFF00..=0xFFEF
            | 0x20000..=0x2FFFF
            | 0x2014 | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2026 | 0x00B7)
    }

    #[test]
    fn widths_are_unchanged() {
        for c in (0..=0x3FFFF).filter_map(char::from_u32) {
            assert_eq!(is_wide(c), old_is_wide(c), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn chinese_text_is_unchanged_where_it_matters() {
        // The old list counted halfwidth katakana and hangul (U+FF65–U+FFDC) and the narrow
        // symbols after them as Chinese, and missed radicals, bopomofo, strokes, vertical
        // forms and extension G; none of these stands next to a mark in a report.
        let moved = |u: u32| {
            matches!(u,
                0x303F | 0xFF00 | 0xFF65..=0xFFDF | 0xFFE7..=0xFFEF
                | 0x2E80..=0x2FFF | 0x3100..=0x312F | 0x3190..=0x31EF
                | 0xFE30..=0xFE4F | 0x30000..=0x3FFFD)
        };
        for c in (0..=0x3FFFF).filter_map(char::from_u32) {
            if !moved(u32::from(c)) {
                assert_eq!(is_cjk(c), old_is_cjk(c), "U+{:04X}", u32::from(c));
            }
        }
        for c in "中文，。、：；（）《》“”—…·￥".chars() {
            assert!(is_cjk(c) && is_wide(c), "{c}");
        }
        for c in "①■□※№℃§あ한".chars() {
            assert!(!is_cjk(c) && is_wide(c), "{c}");
        }
        for c in "a1,.()% ".chars() {
            assert!(!is_cjk(c) && !is_wide(c), "{c}");
        }
    }
}
