//! Column widths and row heights for Chinese text. Spreadsheet autofit measures a CJK
//! character as one narrow digit, so widths are computed here: a full-width character takes
//! about two width units. LibreOffice does not grow wrapped rows when it opens a file, so
//! wrapped rows get their height from the number of lines computed here.

/// Width units of one character (a unit is the width of a digit in the default font).
pub fn char_width(c: char) -> f64 {
    if is_wide(c) {
        2.0
    } else if c.is_ascii_uppercase() || matches!(c, 'm' | 'w' | 'M' | 'W' | '%') {
        1.3
    } else {
        1.05
    }
}

/// Characters drawn full width by a CJK font: ideographs, kana, hangul, full-width forms and
/// CJK punctuation, and the curly quotes Chinese text uses (drawn full width by CJK fonts).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2018..=0x201F
        | 0x2026
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

pub fn text_width(s: &str) -> f64 {
    s.chars().map(char_width).sum()
}

/// Cell padding in width units (the gap Excel and LibreOffice leave at both edges).
const PADDING: f64 = 1.0;

/// Lines a wrapped cell of `width` units needs for `text`, breaking anywhere (Chinese text
/// breaks between any two characters; the ASCII ids and numbers in it are short).
pub fn lines(text: &str, width: f64) -> usize {
    let room = (width - PADDING).max(2.0);
    let mut count = 0;
    for para in text.split('\n') {
        count += 1;
        let mut used = 0.0;
        for c in para.chars() {
            let w = char_width(c);
            if used + w > room && used > 0.0 {
                count += 1;
                used = 0.0;
            }
            used += w;
        }
    }
    count
}

/// Height in points of a row showing `lines` lines of 11 pt CJK text (CJK faces have a
/// line height of about 1.4 em), within the 409 pt a spreadsheet row can have.
pub fn row_height(lines: usize) -> f64 {
    ((lines.max(1) as f64) * 15.5 + 3.0).min(409.0)
}

/// A column: its natural width is the widest of its cells, kept between `min` and `max`;
/// text wider than `max` wraps.
pub struct Column {
    pub min: f64,
    pub max: f64,
    pub natural: f64,
}

impl Column {
    pub fn new(min: f64, max: f64) -> Column {
        Column {
            min,
            max,
            natural: 0.0,
        }
    }

    pub fn fit(&mut self, text: &str) {
        self.natural = self.natural.max(text_width(text) + PADDING + 0.5);
    }

    pub fn width(&self) -> f64 {
        self.natural.clamp(self.min, self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_counts_double() {
        assert_eq!(text_width("指标"), 4.0);
        assert!(text_width("“12345”") >= 9.0);
    }

    #[test]
    fn wrapping_counts_lines() {
        assert_eq!(lines("一二三四五", 11.0), 1);
        assert_eq!(lines("一二三四五六", 11.0), 2);
        assert_eq!(lines("一二\n三", 40.0), 2);
    }
}
