//! A budget on what the YAML's aliases repeat. An alias (`*points`) stands for the whole node
//! its anchor (`&points`) names, and serde_yaml builds a copy of that node for every alias: a
//! few hundred kilobytes of aliases to an anchored list can stand for gigabytes of text. The
//! size the YAML will have once expanded is added up from the parser's events, before
//! serde_yaml expands anything, and a YAML that would pass the budget is refused at the alias
//! that crosses it.

use std::collections::HashMap;

use crate::diag::Diagnostic;

/// The YAML may grow to this many times the file's size once its aliases are expanded …
pub const EXPANSION_FACTOR: u64 = 8;
/// … or to this size, for small files that reuse an anchored text a few times.
pub const EXPANSION_FLOOR: u64 = 1 << 20;

/// The size of the YAML as expanded so far, counted as the bytes of its scalars and one for
/// each node (so that a flood of empty nodes counts too).
pub(super) struct Expansion {
    budget: u64,
    total: u64,
    /// Expanded size of each anchored node, by the parser's anchor id.
    anchored: HashMap<usize, u64>,
    /// For each open collection, its anchor id and the total when it opened.
    open: Vec<Option<(usize, u64)>>,
    /// Where the budget was crossed: line and column (1-based) of the alias.
    pub(super) crossed: Option<(usize, usize)>,
}

impl Expansion {
    /// The budget of a YAML text of `len` bytes.
    pub(super) fn for_text(len: usize) -> Expansion {
        Expansion {
            budget: budget(len),
            total: 0,
            anchored: HashMap::new(),
            open: Vec::new(),
            crossed: None,
        }
    }

    pub(super) fn scalar(&mut self, value: &str, anchor: usize) {
        let size = value.len() as u64 + 1;
        self.total = self.total.saturating_add(size);
        if anchor > 0 {
            self.anchored.insert(anchor, size);
        }
    }

    pub(super) fn open(&mut self, anchor: usize) {
        self.open.push((anchor > 0).then_some((anchor, self.total)));
        self.total = self.total.saturating_add(1);
    }

    pub(super) fn close(&mut self) {
        if let Some(Some((anchor, from))) = self.open.pop() {
            self.anchored.insert(anchor, self.total - from);
        }
    }

    /// An alias at `at` (line, column): it adds its anchored node's size again.
    pub(super) fn alias(&mut self, anchor: usize, at: (usize, usize)) {
        // An alias inside the node it names (a recursive alias) counts what is known so far;
        // serde_yaml refuses the recursion itself.
        let size = self.anchored.get(&anchor).copied().unwrap_or_else(|| {
            self.open
                .iter()
                .flatten()
                .find(|(a, _)| *a == anchor)
                .map_or(1, |(_, from)| self.total - from)
        });
        self.total = self.total.saturating_add(size);
        if self.total > self.budget && self.crossed.is_none() {
            self.crossed = Some(at);
        }
    }

    /// The refusal, when the budget was crossed.
    pub(super) fn error(&self) -> Option<Diagnostic> {
        let (line, column) = self.crossed?;
        let limit = size_text(self.budget);
        let mut d = Diagnostic::error(
            "alias-expansion",
            format!(
                "with this alias (*…) the YAML would grow past {limit} once its aliases are replaced by the text they stand for; at most {EXPANSION_FACTOR} times the file's size (and at least {}) is accepted",
                size_text(EXPANSION_FLOOR)
            ),
        )
        .help("an alias repeats the whole anchored (&…) text each time it is used: write the text out where it belongs, or reuse it less often")
        .zh(format!(
            "用到此处的别名（*…）时，把别名全部换成所指的文字后 YAML 将超过 {limit}；展开后最多为文件大小的 {EXPANSION_FACTOR} 倍（至少允许 {}）",
            size_text(EXPANSION_FLOOR)
        ))
        .help_zh("别名每用一次就把锚点（&…）处的整段文字重复一遍：请在需要处直接写出文字，或减少引用次数");
        d.line = line;
        d.column = column;
        Some(d)
    }
}

/// The most a YAML text of `len` bytes may grow to once expanded.
pub fn budget(len: usize) -> u64 {
    (len as u64)
        .saturating_mul(EXPANSION_FACTOR)
        .max(EXPANSION_FLOOR)
}

fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1u64 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1 << 10))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expanded(events: impl FnOnce(&mut Expansion)) -> u64 {
        let mut e = Expansion::for_text(0);
        events(&mut e);
        e.total
    }

    #[test]
    fn an_alias_adds_its_anchored_node_again() {
        // [&a [x, y], *a]: the outer list, the inner list, x, y, and the alias's copy of the
        // inner list.
        let total = expanded(|e| {
            e.open(0);
            e.open(1);
            e.scalar("x", 0);
            e.scalar("y", 0);
            e.close();
            e.alias(1, (1, 1));
            e.close();
        });
        assert_eq!(total, 1 + 5 + 5);
    }

    #[test]
    fn nested_aliases_multiply() {
        // &a "xxxxxxxxx" (10), &b [*a, *a, *a] (1 + 30), then [*b, *b]: 10 + 31 + 62 + 1.
        let total = expanded(|e| {
            e.open(0);
            e.scalar("xxxxxxxxx", 1);
            e.open(2);
            for _ in 0..3 {
                e.alias(1, (1, 1));
            }
            e.close();
            e.alias(2, (2, 1));
            e.alias(2, (3, 1));
            e.close();
        });
        assert_eq!(total, 1 + 10 + 31 + 62);
    }

    #[test]
    fn the_first_alias_past_the_budget_is_the_one_named() {
        let mut e = Expansion::for_text(0);
        e.scalar(&"x".repeat(1000), 1);
        let mut line = 1;
        while e.crossed.is_none() {
            line += 1;
            e.alias(1, (line, 3));
        }
        assert_eq!(e.crossed, Some((line, 3)));
        assert_eq!(line as u64 - 1, EXPANSION_FLOOR / 1001);
        let d = e.error().expect("an error");
        assert_eq!((d.line, d.column, d.code), (line, 3, "alias-expansion"));
    }

    #[test]
    fn sizes_saturate() {
        let mut e = Expansion::for_text(usize::MAX);
        e.scalar("x", 1);
        for _ in 0..200 {
            e.open(2);
            e.alias(1, (1, 1));
            e.alias(1, (1, 1));
            e.close();
            let a = *e.anchored.get(&2).unwrap();
            e.anchored.insert(1, a);
        }
        assert_eq!(e.total, u64::MAX);
    }
}
