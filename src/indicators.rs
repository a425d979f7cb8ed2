//! The numbers a report states, as records: what the workbook lists and what `check` adds up.
//! A number is written once, inline in the YAML text (`{500余人次|training}`); this module
//! reads its parts and finds the section and sentence it stands in.

use crate::model::{Block, Inline, Loc, Paragraph, Quantity, Report, Section, Visit};

/// Words that make a number approximate or a bound. Kept with the number: 500余人次 is not 500人次.
pub const PREFIX_QUALIFIERS: [&str; 8] = [
    "不少于",
    "不低于",
    "不超过",
    "不到",
    "超过",
    "逾",
    "近",
    "约",
];
pub const SUFFIX_QUALIFIERS: [&str; 4] = ["余", "多", "以上", "左右"];

/// The parts of a printed quantity such as `500余人次`, `96.4%`, `万余次`, `不少于4次`.
#[derive(Clone, Debug, PartialEq)]
pub struct Parts {
    pub number: String,
    pub value: f64,
    pub qualifier: String,
    pub unit: String,
}

/// Reads a printed quantity. Errors say what was expected, for the clerk.
pub fn parse_quantity(text: &str) -> Result<Parts, String> {
    let mut rest = text.trim();
    let mut qualifier = String::new();
    if let Some(q) = PREFIX_QUALIFIERS.iter().find(|q| rest.starts_with(**q)) {
        qualifier.push_str(q);
        rest = rest[q.len()..].trim_start();
    }
    let (number, value, after) = if rest.starts_with(|c: char| c.is_ascii_digit()) {
        let end = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == ','))
            .map_or(rest.len(), |(i, _)| i);
        let digits = rest[..end].trim_end_matches(['.', ',']);
        let value: f64 = digits
            .replace(',', "")
            .parse()
            .map_err(|_| format!("`{digits}` is not a number"))?;
        (digits.to_string(), value, &rest[digits.len()..])
    } else {
        let end = rest
            .char_indices()
            .find(|&(_, c)| chinese_digit(c).is_none())
            .map_or(rest.len(), |(i, _)| i);
        let numeral = &rest[..end];
        let value = chinese_value(numeral).ok_or_else(|| {
            format!("`{text}` does not contain a number (write it as 500余人次, 96.4%, 万余次, 不少于4次)")
        })?;
        (numeral.to_string(), value, &rest[end..])
    };
    // Published text sometimes has a space before the unit (18 次): the unit is still 次.
    let mut unit = after.trim_start();
    if let Some(q) = SUFFIX_QUALIFIERS.iter().find(|q| unit.starts_with(**q)) {
        qualifier.push_str(q);
        unit = unit[q.len()..].trim_start();
    }
    Ok(Parts {
        number,
        value,
        qualifier,
        unit: unit.to_string(),
    })
}

fn chinese_digit(c: char) -> Option<u32> {
    "零一二两三四五六七八九十百千万亿".find(c).map(|_| c as u32)
}

/// 十 → 10, 二十五 → 25, 百 → 100, 三千 → 3000, 万 → 10000, 一万二千 → 12000.
fn chinese_value(s: &str) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|v| v as f64)
            .or((c == '两').then_some(2.0))
    };
    let (mut total, mut section, mut current) = (0.0, 0.0, 0.0);
    for c in s.chars() {
        if let Some(d) = digit(c) {
            current = d;
            continue;
        }
        let unit = match c {
            '十' => 10.0,
            '百' => 100.0,
            '千' => 1000.0,
            '万' => 10_000.0,
            '亿' => 100_000_000.0,
            _ => return None,
        };
        if unit >= 10_000.0 {
            section += current;
            total += if section == 0.0 { 1.0 } else { section } * unit;
            section = 0.0;
        } else {
            section += if current == 0.0 { 1.0 } else { current } * unit;
        }
        current = 0.0;
    }
    Some(total + section + current)
}

/// One indicator as the workbook lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub id: String,
    pub name: String,
    pub value: f64,
    /// The number as printed (`500`).
    pub number: String,
    /// The whole quantity as printed (`500余人次`).
    pub text: String,
    pub unit: String,
    pub qualifier: String,
    pub parent: Option<String>,
    /// Level-1 heading with its label (一、工作开展情况), empty before the first.
    pub part: String,
    /// Level-2 heading with its label, empty when none.
    pub subsection: String,
    /// The sentence the number stands in, as printed.
    pub excerpt: String,
    pub loc: Loc,
}

/// Every marked number in document order (title and body, then attachments).
pub fn collect(report: &Report) -> Vec<Record> {
    let mut out = Vec::new();
    let mut outer = String::new();
    report.walk(&mut |v| {
        let (block, path) = match v {
            Visit::Attachment(a) => {
                outer = format!("附件：{}", a.title);
                return;
            }
            Visit::Block { block, path } => (block, path),
        };
        match block {
            Block::Paragraph(p) => {
                let ctx = Ctx::of(&outer, path, None);
                paragraph(report, p, &ctx, &mut out);
            }
            Block::Section(s) => {
                let ctx = Ctx::of(&outer, path, Some(s));
                let heading = Paragraph {
                    inlines: s.heading.clone(),
                    loc: s.loc.clone(),
                };
                paragraph(report, &heading, &ctx, &mut out);
                if let Some(lead) = &s.lead {
                    paragraph(report, lead, &ctx, &mut out);
                }
            }
            Block::Table(t) => {
                let ctx = Ctx::of(&outer, path, None);
                for row in t.rows.iter().chain(std::iter::once(&t.header)) {
                    for cell in row {
                        let p = Paragraph {
                            inlines: cell.clone(),
                            loc: t.loc.clone(),
                        };
                        paragraph(report, &p, &ctx, &mut out);
                    }
                }
            }
        }
    });
    out
}

/// The headings a number is filed under.
struct Ctx {
    part: String,
    subsection: String,
}

impl Ctx {
    /// `outer`: the part before any level-1 heading (empty in the body, 附件：title in an
    /// attachment). A level-1 heading starts a new part with no subsection; a level-2 one
    /// names the subsection; deeper levels leave both as they are.
    fn of(outer: &str, path: &[&Section], this: Option<&Section>) -> Ctx {
        let mut ctx = Ctx {
            part: outer.to_string(),
            subsection: String::new(),
        };
        for s in path.iter().copied().chain(this) {
            match s.level {
                1 => {
                    ctx.part = s.full_heading();
                    ctx.subsection.clear();
                }
                2 => ctx.subsection = s.full_heading(),
                _ => {}
            }
        }
        ctx
    }
}

fn paragraph(report: &Report, p: &Paragraph, ctx: &Ctx, out: &mut Vec<Record>) {
    let mut offset = 0;
    for inline in &p.inlines {
        if let Inline::Indicator(q) = inline {
            out.push(record(report, q, p, offset, ctx));
        }
        offset += inline.text().chars().count();
    }
}

fn record(report: &Report, q: &Quantity, p: &Paragraph, offset: usize, ctx: &Ctx) -> Record {
    let info = report.info(&q.id);
    Record {
        id: q.id.clone(),
        name: info.map(|i| i.name.clone()).unwrap_or_default(),
        value: q.value,
        number: q.number.clone(),
        text: q.text.clone(),
        unit: info
            .and_then(|i| i.unit.clone())
            .unwrap_or_else(|| q.unit.clone()),
        qualifier: q.qualifier.clone(),
        parent: info.and_then(|i| i.parent.clone()),
        part: ctx.part.clone(),
        subsection: ctx.subsection.clone(),
        excerpt: sentence_around(&p.text(), offset, q.text.chars().count()),
        loc: q.loc.clone(),
    }
}

/// The sentence holding the characters `start..start+len`, ending punctuation included.
pub fn sentence_around(text: &str, start: usize, len: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let ends = |c: char| matches!(c, '。' | '！' | '？' | '；');
    let begin = chars[..start.min(chars.len())]
        .iter()
        .rposition(|&c| ends(c))
        .map_or(0, |i| i + 1);
    let stop = chars[(start + len).min(chars.len())..]
        .iter()
        .position(|&c| ends(c))
        .map_or(chars.len(), |i| start + len + i + 1);
    chars[begin..stop]
        .iter()
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> (String, f64, String, String) {
        let p = parse_quantity(s).unwrap();
        (p.number, p.value, p.qualifier, p.unit)
    }

    #[test]
    fn qualifiers_are_never_lost() {
        assert_eq!(
            parts("500余人次"),
            ("500".into(), 500.0, "余".into(), "人次".into())
        );
        assert_eq!(
            parts("4000多人"),
            ("4000".into(), 4000.0, "多".into(), "人".into())
        );
        assert_eq!(
            parts("万余次"),
            ("万".into(), 10000.0, "余".into(), "次".into())
        );
        assert_eq!(parts("近百"), ("百".into(), 100.0, "近".into(), "".into()));
        assert_eq!(
            parts("不少于4次"),
            ("4".into(), 4.0, "不少于".into(), "次".into())
        );
        assert_eq!(parts("96.4%"), ("96.4".into(), 96.4, "".into(), "%".into()));
        assert_eq!(
            parts("2200万"),
            ("2200".into(), 2200.0, "".into(), "万".into())
        );
        assert_eq!(
            parts("1,075万元"),
            ("1,075".into(), 1075.0, "".into(), "万元".into())
        );
        assert_eq!(
            parts("二十五项"),
            ("二十五".into(), 25.0, "".into(), "项".into())
        );
        assert_eq!(parts("18 次"), ("18".into(), 18.0, "".into(), "次".into()));
        assert_eq!(
            parts("不少于 6 次"),
            ("6".into(), 6.0, "不少于".into(), "次".into())
        );
        assert!(parse_quantity("余次").is_err());
    }

    #[test]
    fn excerpt_is_the_sentence() {
        let t = "甲。审查规范性文件11件，合同17件，备案通过率100%。乙";
        let start = t.chars().position(|c| c == '1').unwrap();
        assert_eq!(
            sentence_around(t, start, 3),
            "审查规范性文件11件，合同17件，备案通过率100%。"
        );
    }
}
