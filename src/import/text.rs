//! Plain text as a website publishes a report (or as pasted from one): an optional metadata
//! block (索引号, 发文字号, …), the title, then one paragraph per line, then 署名 and 成文日期.
//! The inverse of `export::text` for that layout.

use crate::catalogue::Catalogue;
use crate::diag::Diagnostic;
use crate::model::{Date, Head, Publication};

use super::assemble::{Assembler, Para};
use super::Imported;
use crate::hanzi::punct::{self, Summary};

/// Metadata keys as websites print them → the field they fill.
const META_KEYS: &[(&str, Field)] = &[
    ("索引号", Field::Index),
    ("发文字号", Field::DocNumber),
    ("文号", Field::DocNumber),
    ("发文机构", Field::Publisher),
    ("发布机构", Field::Publisher),
    ("名称", Field::Name),
    ("公文时效", Field::Validity),
    ("时效", Field::Validity),
    ("有效性", Field::Validity),
    ("发布日期", Field::Published),
];

#[derive(Clone, Copy, PartialEq)]
enum Field {
    Index,
    DocNumber,
    Publisher,
    Name,
    Validity,
    Published,
}

/// `- 索引号:pnx/2026-00010` → (索引号, pnx/2026-00010). The value is kept exactly as published.
fn meta_line(line: &str) -> Option<(String, &str)> {
    let t = line.trim_start();
    let t = t.strip_prefix('-').map_or(t, str::trim_start);
    let i = t.find([':', '：'])?;
    let key: String = t[..i].chars().filter(|c| !c.is_whitespace()).collect();
    let sep = t[i..].chars().next()?.len_utf8();
    let known = META_KEYS.iter().any(|(k, _)| *k == key);
    // An unknown key counts only in the website's "- key:value" form.
    let listed = line.trim_start().starts_with('-') && key.chars().count() <= 8;
    (known || listed).then(|| (key, t[i + sep..].trim_end()))
}

/// The website's metadata block at the start of a report, read.
pub(super) struct Block {
    pub publication: Publication,
    /// Website fields the report has no place for, and a name line that is not the 名称:
    /// kept as paragraphs after the title.
    pub extra: Vec<Para>,
    /// The first line after the block.
    pub next: usize,
    pub warnings: Vec<Diagnostic>,
}

/// The metadata block (索引号, 发文字号, …) at the start of `lines` (input line number, text):
/// from the first line, or after one name line (the title, which the block's 名称 repeats).
/// Shared by the DOCX importer for documents not written by gongwen.
pub(super) fn metadata_block(lines: &[(usize, &str)]) -> Option<Block> {
    let block_from = [0usize, 1].into_iter().find(|&s| {
        lines.get(s).is_some_and(|(_, l)| {
            meta_line(l).is_some_and(|(k, _)| META_KEYS.iter().any(|(m, _)| *m == k))
        })
    });
    let from = block_from?;
    let mut warnings = Vec::new();
    let mut extra: Vec<Para> = Vec::new();
    let mut p = Publication::default();
    let mut i = from;
    while let Some((line_no, (key, value))) =
        lines.get(i).and_then(|(n, l)| Some((*n, meta_line(l)?)))
    {
        match META_KEYS.iter().find(|(k, _)| *k == key).map(|x| x.1) {
            Some(Field::Index) => p.index_number = value.to_string(),
            Some(Field::DocNumber) => p.doc_number = value.to_string(),
            Some(Field::Publisher) => p.publisher = value.to_string(),
            Some(Field::Name) => p.name = value.to_string(),
            Some(Field::Validity) => p.validity = value.to_string(),
            Some(Field::Published) => p.published = value.to_string(),
            None => {
                let mut d = Diagnostic::warning(
                        "import-unplaced",
                        format!("the website field {key} has no place in the report; it was kept as the first paragraph"),
                    )
                    .help("delete the paragraph from the YAML if it is not part of the report")
                    .zh(format!("网站信息“{key}”在报告中没有对应位置，作为第一段保留"))
                    .help_zh("如果它不属于报告，请从 YAML 中删除这一段");
                d.line = line_no;
                d.column = 1;
                warnings.push(d);
                extra.push(Para::new(lines[i].1.trim(), line_no, None));
            }
        }
        i += 1;
    }
    if !p.published.trim().is_empty() {
        p.published_date = Date::parse(&p.published);
        if p.published_date.is_none() {
            let mut d = Diagnostic::warning(
                "import-date",
                format!("发布日期 {} is not a date gongwen can read", p.published),
            )
            .help("write it as 2026-01-12 in the YAML")
            .zh(format!("发布日期 {} 无法识别为日期", p.published))
            .help_zh("请在 YAML 中写成 2026-01-12 的形式");
            d.line = lines[from].0;
            warnings.push(d);
        }
    }
    if from == 1 {
        let name_line = lines[0].1.trim();
        if name_line != p.name && !p.name.is_empty() {
            let mut d = Diagnostic::warning(
                    "import-unplaced",
                    format!("the first line ({name_line}) differs from 名称 and was kept as the first paragraph"),
                )
                .zh(format!("第一行（{name_line}）与“名称”不同，作为第一段保留"));
            d.line = lines[0].0;
            warnings.push(d);
            extra.insert(0, Para::new(name_line, lines[0].0, None));
        } else if p.name.is_empty() {
            p.name = name_line.to_string();
        }
    }
    Some(Block {
        publication: p,
        extra,
        next: i,
        warnings,
    })
}

/// A page number as printed at a page's foot and kept by a copy from a PDF: `— 1 —`, `-1-`,
/// `- 12 -`, `第1页`, `第 1 页 共 5 页`. A bare number is not one: it may be the report's.
pub fn is_page_number(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let dash = |c: char| matches!(c, '-' | '—' | '–' | '－' | '─' | '―' | '‒');
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    if t.starts_with(dash) && t.ends_with(dash) {
        return digits(t.trim_matches(dash));
    }
    let Some((n, rest)) = t.strip_prefix('第').and_then(|r| r.split_once('页')) else {
        return false;
    };
    let rest = rest.trim_start_matches(['/', '，', ',']);
    digits(n)
        && (rest.is_empty()
            || rest
                .strip_prefix('共')
                .and_then(|r| r.strip_suffix('页'))
                .is_some_and(digits))
}

/// Imports a report from plain text.
pub fn import(text: &str, catalogue: &Catalogue) -> Imported {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let mut asm = Assembler::new(catalogue);
    let (publication, extra, next) = match metadata_block(&lines) {
        Some(b) => {
            asm.warnings.extend(b.warnings);
            (Some(b.publication), b.extra, b.next)
        }
        None => (None, Vec::new(), 0),
    };
    let mut summary = Summary::default();
    let mut paras: Vec<Para> = Vec::new();
    // Page numbers of text copied from a PDF are not the report's.
    for &(n, l) in lines[next..].iter().filter(|(_, l)| !is_page_number(l)) {
        let fixed = punct::normalise(l, n, &mut summary);
        let mut p = Para::new(fixed.trim(), n, None);
        if fixed.contains('\t') {
            p.cells = Some(fixed.split('\t').map(|c| c.trim().to_string()).collect());
        }
        paras.push(p);
    }
    // Unplaceable website fields go right after the title.
    if !extra.is_empty() && !paras.is_empty() {
        let at = 1.min(paras.len());
        paras.splice(at..at, extra);
    }
    let report = asm.assemble(paras, publication, Head::default());
    Imported {
        report,
        warnings: asm.warnings,
        punctuation: summary,
    }
}

#[cfg(test)]
mod tests {
    use super::is_page_number;

    #[test]
    fn page_numbers() {
        for t in [
            "— 1 —",
            "-1-",
            "- 12 -",
            "第1页",
            "第 3 页 共 5 页",
            "－ 2 －",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in [
            "2025年",
            "7",
            "-1",
            "一、工作开展情况",
            "第一章",
            "1.5万元",
            "- 索引号:",
        ] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
