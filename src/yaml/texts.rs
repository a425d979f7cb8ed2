//! Every text the reader puts in the model passes here once: characters no output can carry
//! are errors, located to the character in the YAML; the rest is tidied by the rules in
//! [`crate::hanzi::hygiene`], so every format prints the same text.

use crate::diag::Diagnostic;
use crate::hanzi::hygiene::{code_point, tidy, tidy_pieces, unprintable_chars};
use crate::model::{Inline, Loc};

use super::locate::{offset_loc, scalar_map};
use super::read::Builder;
use super::schema::OneOrMany;

impl Builder<'_> {
    /// Reports each character of the scalar at `path` that can be neither printed nor stored.
    pub(super) fn printable(&mut self, value: &str, path: &str) {
        let mut bad = unprintable_chars(value).peekable();
        if bad.peek().is_none() {
            return;
        }
        let base = self.locs.loc(path);
        let map = scalar_map(&self.lines, &base, value);
        let (mut counted, mut index) = (0, 0);
        for (offset, c) in bad {
            index += value[counted..offset].chars().count();
            counted = offset;
            let loc = match map.as_ref().and_then(|m| m.at.get(index)) {
                Some(&(line, column)) => Loc {
                    path: base.path.clone(),
                    line,
                    column,
                },
                None => offset_loc(&base, value, offset),
            };
            let name = code_point(c);
            self.errors.push(
                Diagnostic::error(
                    "unprintable-character",
                    format!("the character {name} can be neither printed nor stored in the documents"),
                )
                .help("delete it (in a quoted text, delete the escape that writes it); such control characters usually come along when text is copied out of another program")
                .zh(format!("字符 {name} 无法打印，也无法保存到文档中"))
                .help_zh("请删除该字符（在引号内的文字中，删除写出它的转义）；这类控制字符多是从其他程序复制文字时带入的")
                .at(&loc),
            );
        }
    }

    /// The value with the line breaks YAML folded into spaces given back, so that tidying
    /// joins them like the line breaks of a `|` block.
    pub(super) fn unfolded(&self, value: &str, path: &str) -> String {
        if !value.contains(' ') {
            return value.to_string();
        }
        match scalar_map(&self.lines, &self.locs.loc(path), value) {
            Some(map) => map.unfold(value),
            None => value.to_string(),
        }
    }

    /// A text without marks (title, addressee, issuers …): checked and tidied.
    pub(super) fn text(&mut self, value: &str, path: &str) -> String {
        self.printable(value, path);
        tidy(&self.unfolded(value, path))
    }

    /// One text or a list of texts, each checked and tidied.
    pub(super) fn texts(&mut self, v: OneOrMany, path: &str) -> Vec<String> {
        match v {
            OneOrMany::One(s) => vec![self.text(&s, path)],
            OneOrMany::Many(list) => list
                .iter()
                .enumerate()
                .map(|(i, s)| self.text(s, &format!("{path}[{i}]")))
                .collect(),
        }
    }

    /// A text that is printed exactly as written (the website's publication data): checked
    /// only.
    pub(super) fn verbatim(&mut self, value: String, path: &str) -> String {
        self.printable(&value, path);
        value
    }
}

/// Tidies the running text between marks; the marks print as written.
pub(super) fn tidy_inlines(inlines: Vec<Inline>) -> Vec<Inline> {
    let pieces: Vec<(&str, bool)> = inlines
        .iter()
        .map(|i| (i.text(), matches!(i, Inline::Text(_))))
        .collect();
    let tidied = tidy_pieces(&pieces);
    inlines
        .into_iter()
        .zip(tidied)
        .filter_map(|(inline, text)| match inline {
            Inline::Text(_) if text.is_empty() => None,
            Inline::Text(_) => Some(Inline::Text(text)),
            other => Some(other),
        })
        .collect()
}
