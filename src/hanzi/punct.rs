//! Punctuation in Chinese text.
//!
//! Half-width punctuation in Chinese text (`,` `(` `)` `:` `;` `?` `!`) becomes full-width.
//! Web pages and pasted text often carry the ASCII forms; the official text uses the
//! full-width ones. A mark is changed only where Chinese text stands next to it, so numbers
//! such as `1,075` and times such as `8:30` keep their ASCII forms. The importer records every
//! change, because the clerk must be able to see what the import touched.
//!
//! And the 禁则: the marks a printed line may not start or end with.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::diag::Lang;

use super::classes::is_cjk;

/// One changed character: where (1-based line and column, in characters) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub line: usize,
    pub column: usize,
    pub from: char,
    pub to: char,
}

/// Every punctuation change made by an import.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub changes: Vec<Change>,
}

impl Summary {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// (from, to, how many), in a fixed order.
    pub fn counts(&self) -> Vec<(char, char, usize)> {
        let mut m: BTreeMap<(char, char), usize> = BTreeMap::new();
        for c in &self.changes {
            *m.entry((c.from, c.to)).or_default() += 1;
        }
        m.into_iter().map(|((f, t), n)| (f, t, n)).collect()
    }

    /// The summary as printed after an import: one line per kind of change, with the first
    /// `first` locations (line:column) of each.
    pub fn render(&self, first: usize, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        if self.changes.is_empty() {
            return if zh {
                "标点：未改动\n"
            } else {
                "punctuation: nothing changed\n"
            }
            .to_string();
        }
        let mut out = if zh {
            format!("标点：中文里的 {} 个半角标点改为全角\n", self.changes.len())
        } else {
            format!(
                "punctuation: {} half-width marks in Chinese text made full-width\n",
                self.changes.len()
            )
        };
        for (from, to, n) in self.counts() {
            let places: Vec<String> = self
                .changes
                .iter()
                .filter(|c| c.from == from && c.to == to)
                .take(first)
                .map(|c| format!("{}:{}", c.line, c.column))
                .collect();
            let more = if n > first { ", …" } else { "" };
            let at = if zh { "行:列" } else { "at" };
            let _ = writeln!(
                out,
                "  {from} → {to}  {n:>4}  ({at} {}{more})",
                places.join(", ")
            );
        }
        out
    }
}

/// The full-width form official text uses for a half-width mark.
pub fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        '(' => '（',
        ')' => '）',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        _ => return None,
    })
}

/// Never at the start of a line (full-width and half-width forms).
pub const FORBIDDEN_START: &str = "，。、；：？！）」』》〉】〕〗”’…—·%‰％,.;:?!)]}";
/// Never at the end of a line.
pub const FORBIDDEN_END: &str = "（「『《〈【〔〖“‘([{";

pub fn forbidden_start(c: char) -> bool {
    FORBIDDEN_START.contains(c)
}

pub fn forbidden_end(c: char) -> bool {
    FORBIDDEN_END.contains(c)
}

/// Which characters of `chars` are half-width marks to make full-width. Only characters for
/// which `may_change` holds are changed, but all of them give context.
pub(crate) fn marks_to_widen(chars: &[char], may_change: impl Fn(usize) -> bool) -> Vec<bool> {
    let cjk_at = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_some_and(|&c| is_cjk(c));
    let near_cjk = |i: usize| cjk_at(i.checked_sub(1)) || cjk_at(Some(i + 1));
    let mut convert = vec![false; chars.len()];
    // Brackets go by pairs, so that `(2021-2025)` in Chinese text changes both or neither.
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' => open.push(i),
            ')' => match open.pop() {
                Some(o) => {
                    let yes = near_cjk(o) || near_cjk(i);
                    convert[o] = yes;
                    convert[i] = yes;
                }
                None => convert[i] = near_cjk(i),
            },
            ',' | ':' | ';' | '?' | '!' => convert[i] = near_cjk(i),
            _ => {}
        }
    }
    for o in open {
        convert[o] = near_cjk(o);
    }
    for (i, c) in convert.iter_mut().enumerate() {
        *c = *c && may_change(i);
    }
    convert
}

/// `text` with the half-width marks in Chinese text made full-width.
pub fn widen(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let convert = marks_to_widen(&chars, |_| true);
    chars
        .iter()
        .zip(convert)
        .map(|(&c, yes)| full_width(c).filter(|_| yes).unwrap_or(c))
        .collect()
}

/// Normalises one line of imported text; `line` is its 1-based number, for the summary.
pub fn normalise(text: &str, line: usize, summary: &mut Summary) -> String {
    let chars: Vec<char> = text.chars().collect();
    let convert = marks_to_widen(&chars, |_| true);
    let mut out = String::with_capacity(text.len() + 16);
    for (i, &c) in chars.iter().enumerate() {
        match full_width(c).filter(|_| convert[i]) {
            Some(to) => {
                summary.changes.push(Change {
                    line,
                    column: i + 1,
                    from: c,
                    to,
                });
                out.push(to);
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalise(s, 1, &mut Summary::default())
    }

    #[test]
    fn chinese_context_only() {
        assert_eq!(
            n("《纲要(2021-2025)》的收官之年,也是"),
            "《纲要（2021-2025）》的收官之年，也是"
        );
        assert_eq!(n("(一)强化"), "（一）强化");
        assert_eq!(n("(1)规范"), "（1）规范");
        assert_eq!(n("资金1,075万元"), "资金1,075万元");
        assert_eq!(n("at 8:30 (UTC)"), "at 8:30 (UTC)");
        assert_eq!(n("附件:1.统计表"), "附件：1.统计表");
        assert_eq!(n("是否落实?是!"), "是否落实？是！");
    }

    #[test]
    fn summary_counts_and_places() {
        let mut s = Summary::default();
        normalise("甲,乙,丙", 3, &mut s);
        normalise("(一)", 4, &mut s);
        assert_eq!(
            s.counts(),
            vec![('(', '（', 1), (')', '）', 1), (',', '，', 2)]
        );
        let r = s.render(1, Lang::En);
        assert!(r.contains(", → ，     2  (at 3:2, …)"), "{r}");
    }
}
