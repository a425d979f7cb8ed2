//! The tidying every text of a report gets once, when it is loaded, so that the PDF, the DOCX,
//! the workbook and the plain text all print the same characters:
//!
//! - half-width `, ( ) : ; ! ?` in Chinese text become full-width (brackets by pairs, as the
//!   importer does);
//! - a line break next to Chinese text vanishes: Chinese has no spaces between words, and a
//!   line that an editor wrapped must not print a gap (the reader hands over a line that YAML
//!   folded into a space as a line break, so that it goes too). Between Latin words a run of
//!   spaces, tabs and line breaks becomes one space. Spaces typed inside a line stay, as one:
//!   a published slogan such as “谁执法 谁普法” has one;
//! - leading and trailing whitespace goes.
//!
//! Characters that can be neither printed nor stored in the output files are found by
//! [`unprintable`]; the reader reports them as errors instead of tidying them away.

use super::classes::is_cjk;
use super::punct::{full_width, marks_to_widen};

/// A character no output can carry: C0 controls other than TAB, LF and CR, DEL, C1 controls
/// and the Unicode noncharacters. XML (DOCX, XLSX) cannot store the controls at all, and no
/// font has a glyph for any of them.
pub fn unprintable(c: char) -> bool {
    let u = u32::from(c);
    matches!(u, 0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F..=0x9F | 0xFDD0..=0xFDEF)
        || u & 0xFFFE == 0xFFFE
}

/// Every unprintable character of `text` with its byte offset.
pub fn unprintable_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    text.char_indices().filter(|&(_, c)| unprintable(c))
}

/// The name of a character in messages: `U+0007`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// One text, tidied.
pub fn tidy(text: &str) -> String {
    tidy_pieces(&[(text, true)]).pop().unwrap_or_default()
}

/// A text made of pieces, tidied as one: `(piece, may_change)`. A piece that may not change
/// (an indicator mark, printed as written) still counts as the neighbour of the pieces around
/// it. Returns the pieces in the same order, some perhaps empty.
pub fn tidy_pieces(pieces: &[(&str, bool)]) -> Vec<String> {
    let mut chars = Vec::new();
    let mut piece = Vec::new();
    let mut fixed = Vec::new();
    for (n, (text, may_change)) in pieces.iter().enumerate() {
        for c in text.chars() {
            chars.push(if *may_change && c == '\t' { ' ' } else { c });
            piece.push(n);
            fixed.push(!may_change);
        }
    }
    let widen = marks_to_widen(&chars, |i| !fixed[i]);
    for (c, yes) in chars.iter_mut().zip(widen) {
        if yes {
            *c = full_width(*c).unwrap_or(*c);
        }
    }
    let space: Vec<bool> = (0..chars.len())
        .map(|i| !fixed[i] && matches!(chars[i], ' ' | '\n' | '\r'))
        .collect();
    let mut keep = vec![true; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if !space[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && space[i] {
            i += 1;
        }
        let (before, after) = (
            start.checked_sub(1).map(|j| chars[j]),
            chars.get(i).copied(),
        );
        let line_break = (start..i).any(|k| chars[k] != ' ');
        let gone = match (before, after) {
            (Some(b), Some(a)) => line_break && (is_cjk(b) || is_cjk(a)),
            _ => true,
        };
        for (k, kept) in keep.iter_mut().enumerate().take(i).skip(start) {
            *kept = !gone && k == start;
        }
        if !gone {
            chars[start] = ' ';
        }
    }
    let mut out = vec![String::new(); pieces.len()];
    for (k, &c) in chars.iter().enumerate() {
        if keep[k] {
            out[piece[k]].push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_marks_in_chinese_become_full_width() {
        assert_eq!(tidy("按规定(注)执行"), "按规定（注）执行");
        assert_eq!(tidy("甲,乙;丙:丁?戊!"), "甲，乙；丙：丁？戊！");
        assert_eq!(tidy("《纲要(2021-2025)》"), "《纲要（2021-2025）》");
        assert_eq!(
            tidy("资金1,075万元，8:30 (UTC)"),
            "资金1,075万元，8:30 (UTC)"
        );
    }

    #[test]
    fn line_breaks_join_by_script() {
        assert_eq!(tidy("第一段，\n接着写"), "第一段，接着写");
        assert_eq!(tidy("第一段，\r\n接着写"), "第一段，接着写");
        assert_eq!(tidy("谁执法  谁普法"), "谁执法 谁普法");
        assert_eq!(tidy("全面\n  推进"), "全面推进");
        assert_eq!(tidy("open\nsource"), "open source");
        assert_eq!(tidy("open  \n  source"), "open source");
        assert_eq!(tidy("甲,\n乙"), "甲，乙");
        assert_eq!(tidy("使用 WPS 软件"), "使用 WPS 软件");
        assert_eq!(tidy("使用\nWPS\n软件"), "使用WPS软件");
    }

    #[test]
    fn tabs_are_spaces_and_ends_are_trimmed() {
        assert_eq!(tidy("\t标题\t"), "标题");
        assert_eq!(tidy("a\tb"), "a b");
        assert_eq!(tidy("甲\t乙"), "甲 乙");
        assert_eq!(tidy("  \n "), "");
    }

    #[test]
    fn fixed_pieces_give_context_but_stay() {
        assert_eq!(
            tidy_pieces(&[
                ("共", true),
                ("3次", false),
                (",其中\n", true),
                ("1次 ", false)
            ]),
            vec!["共", "3次", "，其中", "1次 "]
        );
        assert_eq!(
            tidy_pieces(&[("(共", true), ("3次", false), (")", true)]),
            vec!["（共", "3次", "）"]
        );
    }

    #[test]
    fn unprintable_characters() {
        for c in [
            '\u{0}', '\u{7}', '\u{B}', '\u{1F}', '\u{7F}', '\u{80}', '\u{9F}',
        ] {
            assert!(unprintable(c), "{}", code_point(c));
        }
        for c in [
            '\u{FDD0}',
            '\u{FDEF}',
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{1FFFE}',
            '\u{10FFFF}',
        ] {
            assert!(unprintable(c), "{}", code_point(c));
        }
        for c in [
            '\t',
            '\n',
            '\r',
            ' ',
            'a',
            '中',
            '\u{A0}',
            '\u{FFFD}',
            '\u{20000}',
        ] {
            assert!(!unprintable(c), "{}", code_point(c));
        }
        assert_eq!(code_point('\u{7}'), "U+0007");
        assert_eq!(
            unprintable_chars("a\u{7}中\u{FFFE}").collect::<Vec<_>>(),
            vec![(1, '\u{7}'), (5, '\u{FFFE}')]
        );
    }
}
