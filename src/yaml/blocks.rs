//! Body text → model blocks: paragraphs, sections, tables and the indicator marks in them.

use crate::diag::Diagnostic;
use crate::hanzi::parse_quantity;
use crate::model::*;

use super::locate::LocCursor;
use super::read::{Builder, MAX_LEVEL};
use super::schema::*;
use super::texts::tidy_inlines;

impl Builder<'_> {
    pub(super) fn blocks(&mut self, raw: Vec<RawBlock>, path: &str, level: u8) -> Vec<Block> {
        let mut out = Vec::new();
        let mut ordinal = 0;
        for (i, item) in raw.into_iter().enumerate() {
            let path = format!("{path}[{i}]");
            match item {
                StringOr::Str(s) => out.push(Block::Paragraph(self.paragraph(&s, &path))),
                StringOr::Map(m) => {
                    if let Some(b) = self.block_map(m, &path, level, &mut ordinal) {
                        out.push(b);
                    }
                }
            }
        }
        out
    }

    fn block_map(
        &mut self,
        m: RawBlockMap,
        path: &str,
        level: u8,
        ordinal: &mut u32,
    ) -> Option<Block> {
        let loc = self.locs.loc(path);
        if let Some(t) = m.table {
            if m.heading.is_some() || m.text.is_some() || m.points.is_some() || m.body.is_some() {
                self.errors.push(
                    Diagnostic::error("mixed-block", "a table stands alone in its list item")
                        .help("put the heading, text or points in a list item of their own")
                        .zh("表格须单独作为一个列表项")
                        .help_zh("请把 heading、text 或 points 放在另一个列表项中")
                        .at(&loc),
                );
            }
            return Some(Block::Table(self.table(t, &format!("{path}.table"))));
        }
        let lead = match (&m.text, &m.points) {
            (None, None) => None,
            _ => Some(self.lead(m.text.as_deref(), m.points.as_deref(), path)),
        };
        let Some(heading) = m.heading else {
            if m.body.is_some() {
                self.errors.push(
                    Diagnostic::error(
                        "missing-key",
                        "`body` belongs to a section, which needs a `heading`",
                    )
                    .help("add `heading:` to this item, or move its body up one level")
                    .zh("`body` 属于层次，须有 `heading`")
                    .help_zh("为此项加上 `heading:`，或把 body 的内容上移一级")
                    .at(&loc),
                );
            }
            return lead.map(Block::Paragraph).or_else(|| {
                self.errors.push(
                    Diagnostic::error("empty-item", "this list item is empty")
                        .help("write a paragraph, or a `heading`, `points` or `table`")
                        .zh("此列表项为空")
                        .help_zh("请写一个段落，或 `heading`、`points`、`table`")
                        .at(&loc),
                );
                None
            });
        };
        *ordinal += 1;
        let heading_path = format!("{path}.heading");
        let heading_text = heading.trim();
        if heading_text.is_empty() {
            self.errors.push(
                Diagnostic::error(
                    "empty-section",
                    format!(
                        "section {} has no heading: its number would be printed with nothing after it, or the numbering would jump",
                        section_label(level, *ordinal)
                    ),
                )
                .help("write the heading, or delete the section")
                // An empty value has no position of its own: point at the item.
                .zh(format!("层次 {} 没有标题：序号后将什么也没有，或序号会跳号", section_label(level, *ordinal))).help_zh("请写出标题，或删除该层次").at(&Loc { path: heading_path.clone(), ..loc.clone() }),
            );
        }
        if level > MAX_LEVEL {
            self.errors.push(
                Diagnostic::error(
                    "too-deep",
                    "sections nest at most four levels (一、 （一） 1. （1）)",
                )
                .help("move this section up a level, or write it as a paragraph")
                .zh("层次最多四级（一、（一）1.（1））")
                .help_zh("请把此层次上移一级，或写成段落")
                .at(&loc),
            );
        }
        if lead.is_some() && !heading_text.ends_with(['。', '！', '？']) {
            self.warnings.push(
                Diagnostic::warning(
                    "run-in-heading",
                    format!(
                        "heading {}{heading_text} runs into its text but does not end with 。",
                        section_label(level, *ordinal)
                    ),
                )
                .help("end the heading with 。, or move the text under `body:` so the heading stands on its own line")
                .zh(format!("标题 {}{heading_text} 与正文同段，但没有以“。”结尾", section_label(level, *ordinal))).help_zh("在标题末尾加“。”，或把正文移到 `body:` 下，使标题单独成行").at(&self.locs.loc(&heading_path)),
            );
        }
        let body = self.blocks(
            m.body.unwrap_or_default(),
            &format!("{path}.body"),
            level + 1,
        );
        if lead.is_none() && body.is_empty() && !heading_text.is_empty() {
            self.warnings.push(
                Diagnostic::warning(
                    "empty-section",
                    format!(
                        "section {}{heading_text} has nothing under it",
                        section_label(level, *ordinal)
                    ),
                )
                .help("add `text`, `points` or `body`, or delete the section")
                .zh(format!(
                    "层次 {}{heading_text} 下面没有内容",
                    section_label(level, *ordinal)
                ))
                .help_zh("请加上 `text`、`points` 或 `body`，或删除该层次")
                .at(&loc),
            );
        }
        Some(Block::Section(Section {
            level: level.min(MAX_LEVEL),
            ordinal: *ordinal,
            heading: self.inlines(&heading, &heading_path),
            lead,
            body,
            loc,
        }))
    }

    fn lead(&mut self, text: Option<&str>, points: Option<&[String]>, path: &str) -> Paragraph {
        let mut inlines = Vec::new();
        if let Some(t) = text {
            inlines.extend(self.inlines(t, &format!("{path}.text")));
        }
        for (i, p) in points.unwrap_or_default().iter().enumerate() {
            inlines.push(Inline::PointLabel(point_label(i as u32 + 1)));
            inlines.extend(self.inlines(p, &format!("{path}.points[{i}]")));
        }
        Paragraph {
            inlines,
            loc: self.locs.loc(path),
        }
    }

    fn paragraph(&mut self, text: &str, path: &str) -> Paragraph {
        Paragraph {
            inlines: self.inlines(text, path),
            loc: self.locs.loc(path),
        }
    }

    fn table(&mut self, t: RawTable, path: &str) -> Table {
        let cells = |row: Vec<String>, rpath: String, me: &mut Self| -> Vec<Vec<Inline>> {
            row.into_iter()
                .enumerate()
                .map(|(j, c)| me.inlines(&c, &format!("{rpath}[{j}]")))
                .collect()
        };
        let header = t
            .header
            .map(|h| cells(h, format!("{path}.header"), self))
            .unwrap_or_default();
        let rows = t
            .rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| cells(r, format!("{path}.rows[{i}]"), self))
            .collect();
        Table {
            caption: t.caption.map(|c| self.text(&c, &format!("{path}.caption"))),
            header,
            rows,
            loc: self.locs.loc(path),
        }
    }

    /// Text with indicator marks: `{500余人次|training}`. `{{` and `}}` stand for braces.
    /// The lints and the marks read the text as written; the running text between the marks
    /// is then tidied.
    pub(super) fn inlines(&mut self, value: &str, path: &str) -> Vec<Inline> {
        self.printable(value, path);
        let text = value.trim();
        // The same bytes as `text` except that folded line breaks are '\n' again: the marks
        // keep their positions, and the running text is taken from here.
        let soft = self.unfolded(value, path);
        let soft = soft.trim();
        let base = self.locs.loc(path);
        self.lint_text(text, &base);
        let mut at = LocCursor::new(&base, text);
        let mut out = Vec::new();
        let mut plain = String::new();
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|p| p.1) == Some('{') => {
                    chars.next();
                    plain.push('{');
                }
                '}' if chars.peek().map(|p| p.1) == Some('}') => {
                    chars.next();
                    plain.push('}');
                }
                '{' => {
                    let Some(len) = text[i + 1..].find('}') else {
                        self.errors.push(
                            Diagnostic::error(
                                "unclosed-mark",
                                "`{` opens an indicator mark that is never closed",
                            )
                            .help("write a number as {500余人次|id}; write a literal brace as {{")
                            .zh("指标标记的“{”没有对应的“}”")
                            .help_zh("数字写成 {500余人次|编码}；要写花括号本身请写 {{")
                            .at(&at.loc(i)),
                        );
                        plain.push_str(&soft[i..]);
                        break;
                    };
                    let inner = &text[i + 1..i + 1 + len];
                    while chars.peek().is_some_and(|&(j, _)| j <= i + 1 + len) {
                        chars.next();
                    }
                    if !plain.is_empty() {
                        out.push(Inline::Text(std::mem::take(&mut plain)));
                    }
                    if let Some(q) = self.mark(inner, at.loc(i)) {
                        out.push(Inline::Indicator(q));
                    } else {
                        plain.push_str(inner);
                    }
                }
                ' ' => plain.push(char::from(soft.as_bytes()[i])),
                _ => plain.push(c),
            }
        }
        if !plain.is_empty() {
            out.push(Inline::Text(plain));
        }
        tidy_inlines(out)
    }

    fn mark(&mut self, inner: &str, loc: Loc) -> Option<Quantity> {
        let Some((printed, id)) = inner.split_once('|') else {
            self.errors.push(
                Diagnostic::error(
                    "bad-mark",
                    format!("the mark {{{inner}}} has no indicator id"),
                )
                .help(format!(
                    "write it as {{{inner}|some_id}} and name some_id under `indicators:`"
                ))
                .zh(format!("标记 {{{inner}}} 没有指标编码"))
                .help_zh(format!(
                    "写成 {{{inner}|编码}}，并在 `indicators:` 下给出该编码的名称"
                ))
                .at(&loc),
            );
            return None;
        };
        let id = id.trim();
        if id.is_empty() || id.chars().any(|c| c.is_whitespace() || "{}|".contains(c)) {
            self.errors.push(
                Diagnostic::error("bad-mark", format!("`{id}` is not a usable indicator id"))
                    .help("use letters, digits and _ (e.g. hotline_cases)")
                    .zh(format!("`{id}` 不能作为指标编码"))
                    .help_zh("请用字母、数字和下划线（如 hotline_cases）")
                    .at(&loc),
            );
            return None;
        }
        match parse_quantity(printed) {
            Ok(p) => Some(Quantity {
                id: id.to_string(),
                text: printed.to_string(),
                number: p.number,
                value: p.value,
                qualifier: p.qualifier,
                unit: p.unit,
                loc,
            }),
            Err(msg) => {
                self.errors.push(
                    Diagnostic::error("bad-mark", msg)
                        .zh(format!("标记中的“{printed}”不是可识别的数字"))
                        .help_zh("写成 500余人次、96.4%、万余次、不少于4次 等形式；不用科学计数法（1e10），千位分隔符每三位一个（1,020）")
                        .at(&loc),
                );
                None
            }
        }
    }
}
