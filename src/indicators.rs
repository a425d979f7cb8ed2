//! The numbers a report states, as records: what the workbook lists and what `check` adds up.
//! A number is written once, inline in the YAML text (`{500余人次|training}`); this module
//! reads its parts and finds the section and sentence it stands in.

use crate::hanzi::units::{self, Mismatch};
use crate::model::{
    Block, Decimal, InfoIndex, Inline, Loc, Paragraph, Quantity, Report, Section, Visit,
};

/// One indicator as the workbook lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub id: String,
    pub name: String,
    /// In `unit`: converted when the entry's `unit:` overrides the text's (1.2亿元 as 万元
    /// is 12000).
    pub value: Decimal,
    /// The number as printed (`500`).
    pub number: String,
    /// The whole quantity as printed (`500余人次`).
    pub text: String,
    pub unit: String,
    /// The unit as printed (`万` in 投资2200万), before the entry's `unit:` overrides it.
    pub printed_unit: String,
    /// Why the value could not be converted to the entry's `unit:`; the value is then the
    /// printed one and `check` refuses the report.
    pub unit_error: Option<Mismatch>,
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

impl Record {
    /// Digits after the decimal point to show: as printed (96.40% keeps two), or as the
    /// value needs once converted to another magnitude (3000万 as 亿元 is 0.3).
    pub fn decimals(&self) -> usize {
        let printed = self.number.split_once('.').map_or(0, |(_, d)| d.len());
        if units::split(&self.unit).power == units::split(&self.printed_unit).power {
            printed
        } else {
            self.value.normalize().scale() as usize
        }
    }
}

/// Whether a spreadsheet cell can hold `value` as a number without changing it: Excel keeps
/// 15 significant digits.
pub fn exact_in_excel(value: Decimal) -> bool {
    let m = value.normalize().mantissa().unsigned_abs();
    let digits = m.to_string();
    digits.trim_end_matches('0').len() <= 15
}

/// Every marked number in document order (title and body, then attachments).
pub fn collect(report: &Report) -> Vec<Record> {
    let mut out = Vec::new();
    let infos = report.info_index();
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
                paragraph(&infos, p, &ctx, &mut out);
            }
            Block::Section(s) => {
                let ctx = Ctx::of(&outer, path, Some(s));
                let heading = Paragraph {
                    inlines: s.heading.clone(),
                    loc: s.loc.clone(),
                };
                paragraph(&infos, &heading, &ctx, &mut out);
                if let Some(lead) = &s.lead {
                    paragraph(&infos, lead, &ctx, &mut out);
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
                        paragraph(&infos, &p, &ctx, &mut out);
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

fn paragraph(infos: &InfoIndex, p: &Paragraph, ctx: &Ctx, out: &mut Vec<Record>) {
    if !p.inlines.iter().any(|i| matches!(i, Inline::Indicator(_))) {
        return;
    }
    let sentences = Sentences::of(&p.text());
    let mut offset = 0;
    for inline in &p.inlines {
        let len = inline.text().chars().count();
        if let Inline::Indicator(q) = inline {
            out.push(record(infos, q, sentences.around(offset, len), ctx));
        }
        offset += len;
    }
}

fn record(infos: &InfoIndex, q: &Quantity, excerpt: String, ctx: &Ctx) -> Record {
    let info = infos.get(&q.id);
    let unit = info
        .and_then(|i| i.unit.clone())
        .unwrap_or_else(|| q.unit.clone());
    let (value, unit_error) = match units::convert(q.value, &q.unit, &unit) {
        Ok(v) => (v, None),
        Err(e) => (q.value, Some(e)),
    };
    Record {
        id: q.id.clone(),
        name: info.map(|i| i.name.clone()).unwrap_or_default(),
        value,
        number: q.number.clone(),
        text: q.text.clone(),
        unit,
        printed_unit: q.unit.clone(),
        unit_error,
        qualifier: q.qualifier.clone(),
        parent: info.and_then(|i| i.parent.clone()),
        part: ctx.part.clone(),
        subsection: ctx.subsection.clone(),
        excerpt,
        loc: q.loc.clone(),
    }
}

/// The sentence holding the characters `start..start+len`, ending punctuation included.
pub fn sentence_around(text: &str, start: usize, len: usize) -> String {
    Sentences::of(text).around(start, len)
}

/// Characters of an excerpt each side of its number at most: more than any sentence of a
/// real report holds.
const EXCERPT_REACH: usize = 200;

/// A paragraph's text with its sentence ends found once, for the excerpts of all its numbers:
/// a paragraph may hold thousands.
struct Sentences {
    chars: Vec<char>,
    /// Character index of every sentence-ending mark, in order.
    ends: Vec<usize>,
}

impl Sentences {
    fn of(text: &str) -> Sentences {
        let chars: Vec<char> = text.chars().collect();
        let ends = (0..chars.len())
            .filter(|&i| matches!(chars[i], '。' | '！' | '？' | '；'))
            .collect();
        Sentences { chars, ends }
    }

    fn around(&self, start: usize, len: usize) -> String {
        let n = self.chars.len();
        let before = self.ends.partition_point(|&e| e < start.min(n));
        let begin = before.checked_sub(1).map_or(0, |k| self.ends[k] + 1);
        let after = self.ends.partition_point(|&e| e < (start + len).min(n));
        let stop = self.ends.get(after).map_or(n, |&e| e + 1);
        // A sentence that runs on for pages (a list of a thousand numbers) is cut: each
        // number's excerpt would otherwise repeat all of it.
        let cut_begin = begin.max(start.saturating_sub(EXCERPT_REACH));
        let cut_stop = stop.min((start + len).saturating_add(EXCERPT_REACH));
        let mut excerpt: String = self.chars[cut_begin.min(cut_stop)..cut_stop]
            .iter()
            .collect::<String>()
            .trim()
            .to_string();
        if cut_begin > begin {
            excerpt.insert_str(0, "……");
        }
        if cut_stop < stop {
            excerpt.push_str("……");
        }
        excerpt
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentence as found by looking at the characters each side of the number.
    fn sentence_by_scanning(text: &str, start: usize, len: usize) -> String {
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

    #[test]
    fn excerpts_agree_with_scanning_at_every_place() {
        for t in [
            "甲。乙1件；丙？ 丁！",
            "。。",
            "无标点的一段话",
            "",
            "1件。",
            "。 2件 ",
        ] {
            let n = t.chars().count();
            for start in 0..=n + 1 {
                for len in 0..=n + 1 - start {
                    assert_eq!(
                        sentence_around(t, start, len),
                        sentence_by_scanning(t, start, len),
                        "{t:?} {start} {len}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_endless_sentence_is_cut_around_the_number() {
        let t = format!("{}办结1件{}。", "甲".repeat(500), "乙".repeat(500));
        let start = t.chars().position(|c| c == '1').unwrap();
        let e = sentence_around(&t, start, 2);
        assert_eq!(
            e,
            format!("……{}办结1件{}……", "甲".repeat(198), "乙".repeat(200))
        );
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
