//! Which catalogue concept a number in running text stands for, from the words around it.
//!
//! Reports word one concept many ways (收到/新收/受理 行政复议申请, 件/宗/起), and a wrong
//! concept is worse than none: a clerk reviews the unmatched numbers anyway, but a number filed
//! under the wrong id silently corrupts every comparison made from it. So the rules are strict:
//! a phrase must stand right before the number (its last part in the number's own clause), the
//! units must be of one family, and when two concepts fit equally well, neither is chosen.

use super::{Catalogue, Entry};
use crate::hanzi::numbers;

/// What a number says about its concept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// This year's value.
    Actual,
    /// A goal (下一步工作打算, 不少于, 力争, 年内).
    Target,
    /// A change against last year (同比增长8.3%, 下降2个百分点).
    Change,
}

/// A number mapped onto the catalogue.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Match<'c> {
    pub entry: &'c Entry,
    pub role: Role,
}

/// Verb variants folded into one form before phrases are compared, longest first at each
/// place, so that a phrase written once covers every wording the reports use.
const FOLD: &[(&str, &str)] = &[
    ("新受理", "收"),
    ("新收", "收"),
    ("收到", "收"),
    ("受理", "收"),
    ("收案", "收"),
    ("接收", "收"),
    ("办结", "结"),
    ("审结", "结"),
    ("结案", "结"),
    ("审核", "审查"),
];

/// Words that open a clause without naming anything: a clause of only these gives the name
/// after the number (对12家单位进行评查).
const FILLERS: &[&str] = &[
    "其中", "全年", "共计", "累计", "共", "组织", "开展", "对", "有", "为", "达", "先后", "另",
];

/// Words that make a number a change against last year.
const CHANGE_WORDS: &[&str] = &[
    "同比",
    "环比",
    "较上年",
    "比上年",
    "较去年",
    "比去年",
    "上年同期",
    "较上一年",
];

/// Words that make a number a goal.
const TARGET_WORDS: &[&str] = &["力争", "年内", "不少于", "不低于", "确保达到"];

/// Headings (and openings of paragraphs) of the next year's plans: numbers under them are
/// targets, whatever words stand before them.
pub fn is_plan_heading(text: &str) -> bool {
    let t = text.trim();
    [
        "下一步",
        "工作打算",
        "工作安排",
        "工作计划",
        "工作思路",
        "下一年度",
        "明年",
        "今后工作",
        "下步工作",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// Folds verb variants (see [`FOLD`]).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    'outer: while let Some(c) = rest.chars().next() {
        for (from, to) in FOLD {
            if let Some(r) = rest.strip_prefix(from) {
                out.push_str(to);
                rest = r;
                continue 'outer;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Unit families: numbers are compared only within one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    /// Things and cases (件, 份, 宗, 起, 卷, 条, 项, 个, 家 …).
    Things,
    /// Events and sessions (场, 场次, 期, 节, 轮, 批次 …).
    Events,
    /// People (人, 名, 人次 …).
    Persons,
    Money,
    Percent,
    /// 个百分点: only ever a change of a rate.
    Points,
    /// 次 and 件次 count either things or events (出庭应诉3次, 清理2次).
    Times,
}

fn family(unit: &str) -> Option<Family> {
    let u = unit.trim();
    Some(match u {
        "次" | "件次" | "万次" => Family::Times,
        "%" | "％" | "‰" => Family::Percent,
        "个百分点" => Family::Points,
        "人" | "名" | "人次" | "万人" | "万人次" | "位" | "余人" => Family::Persons,
        "场" | "场次" | "期" | "期次" | "节" | "轮" | "批次" | "批" | "课时" | "学时" | "班次" => {
            Family::Events
        }
        _ if u.ends_with('元') => Family::Money,
        "件" | "份" | "宗" | "起" | "卷" | "条" | "篇" | "项" | "个" | "部" | "本" | "家"
        | "户" | "户次" | "家次" | "例" | "类" | "所" | "处" | "套" | "册" | "张" | "万件"
        | "万份" | "万条" | "万册" | "万户" => Family::Things,
        _ => return None,
    })
}

/// Whether a number in `unit` may be a value of an entry kept in `entry_unit`.
pub fn units_compatible(entry_unit: &str, unit: &str) -> bool {
    families_compatible(family(entry_unit), family(unit))
}

fn families_compatible(entry: Option<Family>, number: Option<Family>) -> bool {
    let (Some(a), Some(b)) = (entry, number) else {
        return false;
    };
    a == b
        || matches!(
            (a, b),
            (Family::Times, Family::Things | Family::Events)
                | (Family::Things | Family::Events, Family::Times)
        )
}

fn is_clause_mark(c: char) -> bool {
    matches!(c, '，' | '：' | ',' | ':') || is_sentence_end(c)
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | '！' | '？' | ';' | '!' | '?')
}

/// The words around a number, split as the matcher needs them.
#[derive(Clone, Debug, PartialEq)]
struct Around<'t> {
    /// The sentence before the near part (context: 行政复议 before 办结1件).
    context: &'t str,
    /// From the last clause mark or the previous number to the number.
    near: &'t str,
    /// The clause after the number, up to the next clause mark.
    after: &'t str,
}

/// How far before a number (in bytes, about 500 characters) its words are looked for: far
/// beyond any sentence of a report, and what keeps a paragraph of thousands of numbers in one
/// endless sentence from being read again for each of them.
const REACH: usize = 1500;

/// How far before a number (in bytes, about 100 characters) the number before it in its
/// clause is looked for.
const NEAR_REACH: usize = 300;

/// The start of the text a number's words are looked for in: `REACH` bytes back, on a
/// character boundary.
fn reach_back(text: &str, start: usize) -> usize {
    reach_back_by(text, start, REACH)
}

fn reach_back_by(text: &str, start: usize, reach: usize) -> usize {
    text.ceil_char_boundary(start.saturating_sub(reach))
}

fn around(text: &str, start: usize, end: usize) -> Around<'_> {
    let from = reach_back(text, start);
    let head = &text[from..start];
    // Just after the last character of `head` that `mark` accepts (its start when none does).
    let after_last = |mark: fn(char) -> bool| {
        from + head
            .char_indices()
            .rev()
            .find(|&(_, c)| mark(c))
            .map_or(0, |(i, c)| i + c.len_utf8())
    };
    let sentence = after_last(is_sentence_end);
    let clause = after_last(is_clause_mark);
    // The previous number of the clause ends the near part's reach: in 刑事案件6件、认罪认罚9件
    // the second number is 认罪认罚, not 刑事案件. It is looked for close by only: a clause
    // without punctuation may run on for thousands of numbers.
    let close = clause.max(reach_back_by(text, start, NEAR_REACH));
    let previous = numbers::find(&text[close..start])
        .0
        .last()
        .map_or(clause, |f| close + f.end);
    let tail = &text[end..text.floor_char_boundary(end + REACH)];
    let after_end = tail
        .char_indices()
        .find(|&(_, c)| is_clause_mark(c))
        .map_or(tail.len(), |(i, _)| i);
    Around {
        context: &text[sentence.min(previous)..previous],
        near: &text[previous..start],
        after: &tail[..after_end],
    }
}

/// What role the words give a number.
fn role(a: &Around, printed: &str, unit: &str, next_year: bool) -> Role {
    if unit.trim() == "个百分点" || CHANGE_WORDS.iter().any(|w| a.near.contains(w)) {
        Role::Change
    } else if next_year
        || TARGET_WORDS
            .iter()
            .any(|w| a.near.contains(w) || printed.starts_with(w))
    {
        Role::Target
    } else {
        Role::Actual
    }
}

/// A catalogue's entries as the matcher compares numbers with them, worked out once per
/// catalogue: phrases folded, and filed by the first character of their last part, so that a
/// number is scored against the few phrases that can stand before it rather than all of them.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Index {
    entries: Vec<Comparable>,
    /// (entry, phrase) by the first character of the phrase's last part.
    by_first: std::collections::HashMap<char, Vec<(usize, usize)>>,
}

#[derive(Clone, Debug, PartialEq)]
struct Comparable {
    family: Option<Family>,
    phrases: Vec<Phrase>,
}

impl Index {
    pub(super) fn new(entries: &[Entry]) -> Index {
        let mut index = Index::default();
        for (k, e) in entries.iter().enumerate() {
            let phrases: Vec<Phrase> = e.phrases.iter().map(|p| Phrase::new(p)).collect();
            for (j, p) in phrases.iter().enumerate() {
                if let Some(c) = p.first {
                    index.by_first.entry(c).or_default().push((k, j));
                }
            }
            index.entries.push(Comparable {
                family: family(&e.unit),
                phrases,
            });
        }
        index
    }

    /// (entry, phrase) of every phrase whose last part may occur in `near`, in catalogue
    /// order.
    fn candidates(&self, near: &str) -> Vec<(usize, usize)> {
        let mut chars: Vec<char> = near.chars().collect();
        chars.sort_unstable();
        chars.dedup();
        let mut out: Vec<(usize, usize)> = chars
            .iter()
            .filter_map(|c| self.by_first.get(c))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out
    }
}

/// A catalogue phrase as it is compared: its parts (separated by `…`), folded.
#[derive(Clone, Debug, PartialEq)]
struct Phrase {
    parts: Vec<String>,
    /// The first character of the last part: a text without it cannot match.
    first: Option<char>,
    /// Characters of the last part, and of all parts.
    last_chars: usize,
    chars: usize,
}

impl Phrase {
    fn new(phrase: &str) -> Phrase {
        let parts: Vec<String> = phrase
            .split('…')
            .map(fold)
            .filter(|p| !p.is_empty())
            .collect();
        Phrase {
            first: parts.last().and_then(|p| p.chars().next()),
            last_chars: parts.last().map_or(0, |p| p.chars().count()),
            chars: parts.iter().map(|p| p.chars().count()).sum(),
            parts,
        }
    }
}

/// The score of a phrase against folded text, best first: the characters of its last part
/// (what stands next to the number names it: 法律十进 outranks 普法…活动), then of all its
/// parts, then how close to the number the last part ends. `None` when it does not match.
/// Parts separated by `…` must occur in order; the last within `near`, the others anywhere
/// before it.
fn score(phrase: &Phrase, context: &str, near: &str) -> Option<(usize, usize, usize)> {
    let (last, earlier) = phrase.parts.split_last()?;
    let at = near.rfind(last.as_str())?;
    if !earlier.is_empty() {
        let whole = format!("{context}{}", &near[..at]);
        let mut limit = whole.len();
        for p in earlier.iter().rev() {
            limit = whole[..limit].rfind(p.as_str())?;
        }
    }
    Some((phrase.last_chars, phrase.chars, at + last.len()))
}

/// The role of the number at `start..end` of `text`, whatever its concept.
pub fn role_at(text: &str, start: usize, end: usize, unit: &str, next_year: bool) -> Role {
    role(
        &around(text, start, end),
        &text[start..end],
        unit,
        next_year,
    )
}

impl Catalogue {
    /// The concept of the number at `start..end` of `text` (a paragraph), with its unit
    /// (after any override: 万元 for 投资2200万) and whether it stands among next year's plans.
    /// `None` unless exactly one concept fits best.
    pub fn match_at(
        &self,
        text: &str,
        start: usize,
        end: usize,
        unit: &str,
        next_year: bool,
    ) -> Option<Match<'_>> {
        self.match_within(text, start, end, unit, next_year, 0)
    }

    /// [`Catalogue::match_at`], `depth` changes deep in a chain of changes (同比增长8.3%,
    /// 增幅… each the change of the number before): a chain is followed a few steps back, not
    /// through a whole paragraph of them.
    fn match_within(
        &self,
        text: &str,
        start: usize,
        end: usize,
        unit: &str,
        next_year: bool,
        depth: usize,
    ) -> Option<Match<'_>> {
        const CHAIN: usize = 4;
        let a = around(text, start, end);
        let role = role(&a, &text[start..end], unit, next_year);
        if let Some(entry) = self.best(&a, unit, role) {
            return Some(Match { entry, role });
        }
        // 同比增长8.3% alone names nothing: it is the change of the number before it.
        if role == Role::Change && depth < CHAIN && strip_fillers(a.near).chars().count() <= 6 {
            let from = reach_back(text, start);
            let sentence = from
                + text[from..start]
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| is_sentence_end(c))
                    .map_or(0, |(i, c)| i + c.len_utf8());
            let previous = numbers::find(&text[sentence..start]).0.pop()?;
            let prev = self.match_within(
                text,
                sentence + previous.start,
                sentence + previous.end,
                previous.unit(),
                next_year,
                depth + 1,
            )?;
            return Some(Match {
                entry: prev.entry,
                role,
            });
        }
        None
    }

    fn best(&self, a: &Around, unit: &str, role: Role) -> Option<&Entry> {
        let context = fold(a.context);
        let near = fold(a.near);
        let mut best = self.best_in(&context, &near, unit, role);
        // A clause that names nothing before its number names it after (对12家单位进行评查).
        if best.is_none() && strip_fillers(a.near).chars().count() <= 2 {
            let after = fold(a.after);
            best = self.best_in("", &after, unit, role);
        }
        // Nor after it: the clause before names it (开展“法律进乡村”活动，全年不少于20场次),
        // unless that clause has a number of its own.
        if best.is_none() && strip_fillers(a.near).chars().count() <= 2 && a.after.trim().is_empty()
        {
            if let Some(body) = a.context.strip_suffix(is_clause_mark) {
                let from = body
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| is_clause_mark(c))
                    .map_or(0, |(i, c)| i + c.len_utf8());
                let prior = &body[from..];
                if numbers::find(prior).0.is_empty() {
                    let near = fold(prior);
                    best = self.best_in("", &near, unit, role);
                }
            }
        }
        best
    }

    /// The entry whose phrases score best against `near` (and `context` before it).
    fn best_in(&self, context: &str, near: &str, unit: &str, role: Role) -> Option<&Entry> {
        let number = family(unit);
        let mut scored: Vec<((usize, usize, usize), &Entry)> = Vec::new();
        for group in self.index.candidates(near).chunk_by(|a, b| a.0 == b.0) {
            let k = group[0].0;
            let (e, c) = (&self.entries()[k], &self.index.entries[k]);
            // A change may be in % or 个百分点 of any concept; other numbers keep the unit's
            // family (a 万元 number is never a count of 件).
            let compatible = match role {
                Role::Change => number != Some(Family::Points) || e.unit == "%",
                _ => families_compatible(c.family, number),
            };
            if !compatible {
                continue;
            }
            if let Some(s) = group
                .iter()
                .filter_map(|&(_, p)| score(&c.phrases[p], context, near))
                .max()
            {
                scored.push((s, e));
            }
        }
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        match scored.as_slice() {
            [] => None,
            [(s, e), (t, f), ..] if s == t && e.id != f.id => None,
            [(_, e), ..] => Some(e),
        }
    }
}

/// Every marked number of a report (body and attachments, not tables, whose cells say too
/// little) that the matcher maps onto `catalogue`, with the indicator id it carries.
pub fn matches_in<'c>(
    report: &crate::model::Report,
    catalogue: &'c Catalogue,
) -> Vec<(String, Match<'c>)> {
    use crate::model::{Block, Inline, Paragraph, Visit};
    let mut out = Vec::new();
    let infos = report.info_index();
    let mut paragraph = |p: &Paragraph, next_year: bool| {
        let text = p.text();
        let mut at = 0;
        for inline in &p.inlines {
            let len = inline.text().len();
            if let Inline::Indicator(q) = inline {
                let unit = infos
                    .get(&q.id)
                    .and_then(|i| i.unit.clone())
                    .unwrap_or_else(|| q.unit.clone());
                if let Some(m) = catalogue.match_at(&text, at, at + len, &unit, next_year) {
                    out.push((q.id.clone(), m));
                }
            }
            at += len;
        }
    };
    report.walk(&mut |v| {
        let Visit::Block { block, path } = v else {
            return;
        };
        let planned = path.iter().any(|s| is_plan_heading(&s.full_heading()));
        match block {
            Block::Paragraph(p) => {
                let opens = p.text().trim_start().starts_with("下一步");
                paragraph(p, planned || opens);
            }
            Block::Section(s) => {
                let planned = planned || is_plan_heading(&s.full_heading());
                let heading = Paragraph {
                    inlines: s.heading.clone(),
                    loc: s.loc.clone(),
                };
                paragraph(&heading, planned);
                if let Some(lead) = &s.lead {
                    paragraph(lead, planned);
                }
            }
            Block::Table(_) => {}
        }
    });
    out
}

fn strip_fillers(s: &str) -> &str {
    let mut s = s.trim();
    loop {
        let before = s;
        for f in FILLERS {
            s = s.strip_prefix(f).unwrap_or(s).trim();
        }
        if s == before {
            return s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str, number: &str, next_year: bool) -> Option<(String, Role)> {
        let start = text.find(number).expect("number in text");
        let end = start + number.len();
        let (found, _) = numbers::find(text);
        let unit = found
            .iter()
            .find(|f| f.start <= start && f.end >= end)
            .map(|f| f.unit().to_string())
            .expect("a found number");
        Catalogue::builtin()
            .match_at(text, start, end, &unit, next_year)
            .map(|m| (m.entry.id.clone(), m.role))
    }

    fn actual(text: &str, number: &str) -> Option<String> {
        id(text, number, false).map(|(i, r)| {
            assert_eq!(r, Role::Actual, "{text}");
            i
        })
    }

    #[test]
    fn verbs_and_units_vary() {
        for t in [
            "全年收到行政复议申请32件",
            "新收行政复议案件32件",
            "共受理行政复议申请32宗",
            "行政复议机关新收案件32件",
        ] {
            assert_eq!(actual(t, "32").as_deref(), Some("rec_received"), "{t}");
        }
        for t in [
            "收到行政复议申请40件，办结38件",
            "行政复议新收案件40件，审结38件",
            "新收行政复议案件40件，结案38件",
        ] {
            assert_eq!(actual(t, "38").as_deref(), Some("rec_closed"), "{t}");
        }
        assert_eq!(
            actual("开展普法宣传活动120场", "120").as_deref(),
            Some("edu_events")
        );
        assert_eq!(
            actual("开展普法宣传活动120期", "120").as_deref(),
            Some("edu_events")
        );
        assert_eq!(
            actual("提供法律咨询300名", "300").as_deref(),
            Some("aid_consultations")
        );
    }

    #[test]
    fn clearing_documents_is_not_reviewing_them() {
        let t = "清理规范性文件900余件，其中废止139件、修改18件";
        assert_eq!(actual(t, "900").as_deref(), Some("reg_cleanup_total"));
        assert_eq!(
            actual("审查规范性文件12件", "12").as_deref(),
            Some("reg_normdocs_reviewed")
        );
    }

    #[test]
    fn the_nearest_clause_names_the_number() {
        let t = "共办理刑事案件律师辩护6件、认罪认罚9件、修改合同26件、代写文书95件";
        assert_eq!(actual(t, "6件").as_deref(), Some("aid_criminal"));
        assert_eq!(actual(t, "9件").as_deref(), Some("aid_plea_witness"));
        assert_eq!(actual(t, "26件"), None);
        assert_eq!(actual(t, "95件").as_deref(), Some("aid_documents"));
        let t = "以“八五”普法为抓手，开展“法律十进”活动26场次";
        assert_eq!(actual(t, "26").as_deref(), Some("edu_law_into_events"));
        let t = "对12家单位进行行政执法案卷评查，评查案卷66件";
        assert_eq!(actual(t, "12").as_deref(), Some("enf_review_units"));
        assert_eq!(actual(t, "66").as_deref(), Some("enf_case_files_reviewed"));
    }

    #[test]
    fn units_of_another_family_never_match() {
        // 万元 is never a count of 件; 人次 is never a count of 场次.
        assert_eq!(actual("受理法律援助案件120万元", "120"), None);
        assert_eq!(
            actual("带头参加现场旁听庭审活动3次", "3").as_deref(),
            Some("org_court_hearing_sessions")
        );
        assert_eq!(
            actual("带动行政执法人员旁听庭审20人次", "20").as_deref(),
            Some("org_court_hearing_attendance")
        );
        assert!(units_compatible("件", "宗"));
        assert!(units_compatible("场次", "期"));
        assert!(units_compatible("件", "次"));
        assert!(!units_compatible("件", "万元"));
        assert!(!units_compatible("人次", "场次"));
        assert!(!units_compatible("件", "万"));
    }

    #[test]
    fn nothing_when_unsure() {
        assert_eq!(actual("投资2200万元新建政务服务中心", "2200"), None);
        assert_eq!(actual("受理消费者投诉320件", "320"), None);
        assert_eq!(actual("新建村级服务站12个", "12"), None);
    }

    #[test]
    fn targets_and_changes_are_marked() {
        assert_eq!(
            id("每年组织执法人员专业培训不少于4次", "不少于4次", false),
            Some(("enf_training_sessions".into(), Role::Target))
        );
        assert_eq!(
            id("开展普法宣传活动50场次", "50", true),
            Some(("edu_events".into(), Role::Target))
        );
        assert_eq!(
            id("办结行政复议案件45件，同比增长8.3%", "8.3%", false),
            Some(("rec_closed".into(), Role::Change))
        );
        assert_eq!(
            id("行政机关败诉率同比下降2个百分点", "2个百分点", false),
            Some(("lit_loss_rate".into(), Role::Change))
        );
    }

    #[test]
    fn folding() {
        assert_eq!(
            fold("新受理行政复议案件，办结、审核"),
            "收行政复议案件，结、审查"
        );
        assert!(is_plan_heading("2026年工作安排"));
        assert!(is_plan_heading("下一步工作打算"));
        assert!(!is_plan_heading("工作开展情况"));
    }
}
