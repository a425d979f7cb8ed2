//! The page grid of [`crate::style::page`] in Word's units (twips = 1/20 pt).

use crate::style::{page, Element};

pub fn mm_to_twips(mm: f32) -> i32 {
    (page::mm_to_pt(mm) * 20.0).round() as i32
}

/// The grid's line pitch in twips, rounded down so that 22 lines fit the type area
/// (225 mm / 22 = 579.8 twips: 579, as office templates write it).
pub fn pitch_twips() -> i32 {
    (page::mm_to_pt(page::LINE_PITCH_MM) * 20.0).floor() as i32
}

/// The character pitch for text of `size_pt`: the 28-per-line grid for body text, scaled.
pub fn char_pitch_pt(size_pt: f32) -> f32 {
    page::mm_to_pt(page::CHAR_PITCH_MM) * size_pt / Element::Body.style().size_pt
}

/// An indent of `chars` characters of `size_pt` text.
pub fn char_twips(chars: f32, size_pt: f32) -> i32 {
    (chars * char_pitch_pt(size_pt) * 20.0).round() as i32
}

/// Letter spacing (twips, negative) that brings full-width characters onto the character
/// pitch: 3号 text is 16 pt wide, the grid 15.79 pt, so −0.2 pt (Word's smallest step is
/// 0.05 pt) puts the characters 15.8 pt apart. LibreOffice does not stretch Chinese lines when
/// justifying, so this advance is the pitch an editor sees.
pub fn char_spacing(size_pt: f32) -> i32 {
    ((char_pitch_pt(size_pt) - size_pt) * 20.0).round() as i32
}

/// The width of the text column in twips: the type area, widened by the fraction of a point
/// that 28 characters at the rounded letter spacing need (0.2 pt, well inside the ±1 mm the
/// standard allows for the margins).
pub fn text_width_twips() -> i32 {
    let size = Element::Body.style().size_pt;
    let advance = (size * 20.0) as i32 + char_spacing(size);
    type_width_twips().max(advance * page::CHARS_PER_LINE as i32 + 4)
}

/// The right margin that gives [`text_width_twips`].
pub fn right_margin_twips() -> i32 {
    mm_to_twips(page::WIDTH_MM) - mm_to_twips(page::LEFT_MM) - text_width_twips()
}

/// Exact line height of an element: as many grid lines as its size needs.
pub fn line_twips(size_pt: f32) -> i32 {
    let pitch = pitch_twips();
    let need = (size_pt * 1.25 * 20.0).ceil() as i32;
    let rows = ((need + pitch - 1) / pitch).max(1);
    rows * pitch
}

/// The type area width in twips.
pub fn type_width_twips() -> i32 {
    mm_to_twips(page::TYPE_WIDTH_MM)
}

/// Characters XML 1.0 can carry. The reader refuses the others in a report; a writer still
/// never lets one through, since Word and LibreOffice refuse the whole file for one of them.
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Text as docx-rs should receive it: only characters XML can carry.
pub fn xml_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(xml_char) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.chars().filter(|&c| xml_char(c)).collect())
    }
}

pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if !xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_in_twips() {
        assert_eq!(pitch_twips(), 579);
        assert!(22 * pitch_twips() <= mm_to_twips(page::TYPE_HEIGHT_MM));
        assert_eq!(char_spacing(16.0), -4);
        // 28 characters fit a line, 29 do not.
        let advance = 16.0 * 20.0 + char_spacing(16.0) as f32;
        let width = text_width_twips() as f32;
        assert!((right_margin_twips() - mm_to_twips(page::RIGHT_MM)).abs() < 20);
        assert!(28.0 * advance <= width && 29.0 * advance > width);
        assert_eq!(char_twips(2.0, 16.0), 632);
        assert_eq!(line_twips(16.0), 579);
        assert_eq!(line_twips(22.0), 579);
        assert_eq!(line_twips(36.0), 2 * 579);
    }
}
