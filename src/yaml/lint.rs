//! Warnings about running text, on the text as written.

use crate::diag::Diagnostic;
use crate::hanzi::{full_width, is_cjk};
use crate::model::Loc;

use super::locate::LocCursor;
use super::read::Builder;

impl Builder<'_> {
    /// Warnings about running text, located to the character: half-width punctuation between
    /// Chinese characters, and numbers that read like indicators but are not marked.
    pub(super) fn lint_text(&mut self, text: &str, base: &Loc) {
        // Marks are masked so that their numbers (already marked) are not reported.
        let mut masked = String::with_capacity(text.len());
        let mut depth = 0;
        for c in text.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth > 0 => depth -= 1,
                _ => {}
            }
            masked.push(if depth > 0 || c == '}' { '\u{25A1}' } else { c });
        }
        let chars: Vec<char> = masked.chars().collect();
        // Masking keeps every character in its place but not its bytes.
        let bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        let byte_at = |i: usize| bytes.get(i).copied().unwrap_or(text.len());
        let mut at = LocCursor::new(base, text);
        let cjk = |c: Option<&char>| c.is_some_and(|&c| is_cjk(c));
        for (i, &c) in chars.iter().enumerate() {
            let Some(full) = full_width(c) else { continue };
            if cjk(i.checked_sub(1).and_then(|j| chars.get(j))) || cjk(chars.get(i + 1)) {
                self.warnings.push(
                    Diagnostic::warning(
                        "half-width-punctuation",
                        format!("half-width `{c}` between Chinese characters"),
                    )
                    .help(format!("official text uses the full-width `{full}`"))
                    .zh(format!("中文之间使用了半角“{c}”"))
                    .help_zh(format!("公文应使用全角“{full}”"))
                    .at(&at.loc(byte_at(i))),
                );
            }
        }
        // A space between a number and Chinese text ("7 名", "共 12 件") is a habit of web and
        // spreadsheet copy; official text sets them tight.
        let raw: Vec<char> = text.chars().collect();
        for i in 1..raw.len().saturating_sub(1) {
            let (before, after) = (raw[i - 1], raw[i + 1]);
            let digit = |c: char| c.is_ascii_digit() || c == '%';
            if raw[i] == ' '
                && ((digit(before) && is_cjk(after)) || (is_cjk(before) && digit(after)))
            {
                self.warnings.push(
                    Diagnostic::warning("space-in-text", format!("a space between `{before}` and `{after}`"))
                        .help("official text sets numbers and Chinese characters without a space: delete it")
                        .zh(format!("“{before}”与“{after}”之间有空格"))
                        .help_zh("公文中数字与汉字之间不加空格，请删去")
                        .at(&at.loc(byte_at(i))),
                );
            }
        }
        let (mut masked_byte, mut masked_char) = (0, 0);
        for f in crate::hanzi::numbers::find(&masked).0 {
            let printed = &masked[f.start..f.end];
            if f.start < masked_byte {
                (masked_byte, masked_char) = (0, 0);
            }
            masked_char += masked[masked_byte..f.start].chars().count();
            masked_byte = f.start;
            let start = masked_char;
            self.warnings.push(
                Diagnostic::warning("unmarked-number", format!("the number {} is not marked as an indicator", printed))
                    .help(format!(
                        "write it as {{{}|some_id}} and name some_id under `indicators:`, so that it reaches the workbook",
                        printed
                    ))
                    .zh(format!("数字 {} 没有标记为指标", printed)).help_zh(format!("写成 {{{}|编码}}，并在 `indicators:` 下给出名称，这个数字才会进入指标表", printed)).at(&at.loc(byte_at(start))),
            );
        }
    }
}
