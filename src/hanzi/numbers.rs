//! Finding the numbers a report states in plain text: `500余人次`, `96.4%`, `万余次`,
//! `不少于4次`, `18 次`. Each becomes an indicator with the words before it as a first name,
//! and 其中 breakdowns get their total as parent. Years, dates, document and article numbers,
//! and anything inside 《…》, “…” or 〔…〕 are left alone: they are not quantities.

use super::quantity::{parse_quantity, Parts, PREFIX_QUALIFIERS};

/// Measure words and units a counted number ends with, longest first within each start.
const UNITS: &[&str] = &[
    "个百分点",
    "平方公里",
    "平方米",
    "万人次",
    "人次",
    "场次",
    "件次",
    "户次",
    "家次",
    "批次",
    "期次",
    "车次",
    "班次",
    "架次",
    "小时",
    "公里",
    "公顷",
    "千米",
    "课时",
    "学时",
    "万元",
    "亿元",
    "千元",
    "万人",
    "万件",
    "万份",
    "万册",
    "万亩",
    "万吨",
    "万户",
    "万次",
    "万条",
    "元",
    "次",
    "场",
    "件",
    "个",
    "本",
    "名",
    "家",
    "条",
    "节",
    "期",
    "项",
    "人",
    "户",
    "起",
    "份",
    "篇",
    "批",
    "所",
    "处",
    "座",
    "台",
    "辆",
    "天",
    "亩",
    "吨",
    "部",
    "套",
    "册",
    "张",
    "间",
    "宗",
    "例",
    "轮",
    "支",
    "位",
    "类",
    "门",
    "卷",
    "万",
    "亿",
    "%",
    "％",
    "‰",
];

/// Clause words that say a bare 万 means 万元 (投资2200万).
const MONEY_WORDS: &[&str] = &[
    "投资", "资金", "经费", "金额", "资产", "收入", "支出", "预算", "拨付", "筹集", "款", "费",
];

const LEADING_FILLERS: &[&str] = &[
    "其中", "全年", "共计", "合计", "累计", "共", "组织", "召开", "开展", "举办", "完成", "办理",
    "对", "在", "并", "已", "先后", "同时", "另外", "此外", "年内", "计划", "为",
];
const TRAILING_FILLERS: &[&str] = &[
    "累计达",
    "达到",
    "共计",
    "合计",
    "累计",
    "总计",
    "为",
    "达",
    "共",
    "了",
    "是",
    "仅",
    "只有",
];

/// One number found in a paragraph.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// Byte range in the paragraph text.
    pub start: usize,
    pub end: usize,
    pub parts: Parts,
    pub name: String,
    /// 万元 for a bare 万 in a money clause.
    pub unit_override: Option<String>,
    /// Index (in this paragraph's list) of the total this number is a 其中 part of.
    pub parent: Option<usize>,
}

impl Found {
    pub fn unit(&self) -> &str {
        self.unit_override.as_deref().unwrap_or(&self.parts.unit)
    }
}

fn is_delim(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '：' | '、' | '！' | '？' | ',' | ';' | ':' | '!' | '?' | '\t'
    )
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | '！' | '？' | ';' | '!' | '?')
}

/// How far (in bytes, about 200 characters) a number's clause is looked for either side of
/// it: more than any clause of a report, and what keeps a paragraph of thousands of numbers
/// with no punctuation from being read again for each of them.
const CLAUSE_REACH: usize = 600;

/// `text[..start]`, less what lies more than [`CLAUSE_REACH`] bytes before `start`.
fn reach_back(text: &str, start: usize) -> &str {
    &text[text.ceil_char_boundary(start.saturating_sub(CLAUSE_REACH))..start]
}

/// `text[end..]`, less what lies more than [`CLAUSE_REACH`] bytes after `end`.
fn reach_on(text: &str, end: usize) -> &str {
    &text[end..text.floor_char_boundary(end + CLAUSE_REACH)]
}

fn chinese_numeral(c: char) -> bool {
    "零一二两三四五六七八九十百千万亿".contains(c)
}

/// Every number with a unit in `text`, in order, and the notes for the clerk (其中 items
/// that do not add up), in English and Chinese.
pub fn find(text: &str) -> (Vec<Found>, Vec<(String, String)>) {
    let cs: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| cs.get(i).map(|p| p.1);
    let byte = |i: usize| cs.get(i).map_or(text.len(), |p| p.0);
    let mut out = Vec::new();
    let mut depth: i32 = 0;
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i].1;
        match c {
            '《' | '“' | '〔' | '「' => {
                depth += 1;
                i += 1;
                continue;
            }
            '》' | '”' | '〕' | '」' => {
                depth = (depth - 1).max(0);
                i += 1;
                continue;
            }
            _ => {}
        }
        if depth > 0 {
            i += 1;
            continue;
        }
        let prev = i.checked_sub(1).and_then(at);
        let arabic = c.is_ascii_digit()
            && !prev.is_some_and(|p| p.is_ascii_alphanumeric() || "._-/~—－".contains(p));
        let chinese = chinese_numeral(c) && !prev.is_some_and(chinese_numeral);
        if !arabic && !chinese {
            i += 1;
            continue;
        }
        // The number itself.
        let mut j = i;
        if arabic {
            while let Some(d) = at(j) {
                let digit_follows = at(j + 1).is_some_and(|n| n.is_ascii_digit());
                if d.is_ascii_digit() || ((d == '.' || d == ',') && digit_follows) {
                    j += 1;
                } else {
                    break;
                }
            }
        } else {
            while at(j).is_some_and(chinese_numeral) {
                j += 1;
            }
        }
        let numeral: String = cs[i..j].iter().map(|p| p.1).collect();
        let ordinal = prev == Some('第');
        // Spaces, 余/多, spaces, unit.
        let mut k = j;
        while at(k) == Some(' ') {
            k += 1;
        }
        let mut approx = false;
        if matches!(at(k), Some('余' | '多')) {
            approx = true;
            k += 1;
            while at(k) == Some(' ') {
                k += 1;
            }
        }
        let rest = &text[byte(k)..];
        let unit = UNITS.iter().find(|u| rest.starts_with(**u)).copied();
        // Chinese numerals count only as 十余 / 万余 / 三百多: plain 三个 一起 is ordinary words.
        let chinese_ok = !chinese || (approx && numeral.contains(['十', '百', '千', '万', '亿']));
        let duration = unit == Some("个") && rest["个".len()..].starts_with('月');
        let (Some(unit), false, true, false) = (unit, ordinal, chinese_ok, duration) else {
            i = j.max(i + 1);
            continue;
        };
        let end_char = k + unit.chars().count();
        // The qualifier may stand before the number with a space between (不少于 6 次).
        let before = text[..byte(i)].trim_end_matches(' ');
        let start = PREFIX_QUALIFIERS
            .iter()
            .filter(|q| before.ends_with(**q))
            .max_by_key(|q| q.len())
            .map_or(byte(i), |q| before.len() - q.len());
        let end = byte(end_char);
        let Ok(parts) = parse_quantity(&text[start..end]) else {
            i = j.max(i + 1);
            continue;
        };
        let clause = clause_before(text, start);
        let unit_override = (matches!(unit, "万" | "亿")
            && MONEY_WORDS.iter().any(|w| clause.contains(w)))
        .then(|| format!("{unit}元"));
        out.push(Found {
            start,
            end,
            parts,
            name: name_for(text, start, end),
            unit_override,
            parent: None,
        });
        i = end_char;
    }
    let notes = breakdowns(text, &mut out);
    (out, notes)
}

/// The text from the last clause mark before `start` up to `start`.
fn clause_before(text: &str, start: usize) -> &str {
    let head = reach_back(text, start);
    let from = head
        .char_indices()
        .rev()
        .find(|&(_, c)| is_delim(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &head[from..]
}

fn strip_fillers(mut s: &str) -> &str {
    // A point label (一是) begins the sentence, not the name.
    if let Some(p) = s.find('是') {
        if p > 0 && s[..p].chars().all(chinese_numeral) {
            s = &s[p + '是'.len_utf8()..];
        }
    }
    loop {
        s = s.trim();
        let before = s;
        // A year or date that opens the clause (2026年计划…) is not part of the name.
        if let Some(p) = s.find('年') {
            if p >= 4 && s[..p].bytes().all(|b| b.is_ascii_digit()) {
                s = &s[p + '年'.len_utf8()..];
            }
        }
        for f in LEADING_FILLERS {
            if let Some(r) = s.strip_prefix(f) {
                s = r;
            }
        }
        for f in TRAILING_FILLERS {
            if let Some(r) = s.strip_suffix(f) {
                s = r;
            }
        }
        for q in PREFIX_QUALIFIERS {
            if let Some(r) = s.strip_suffix(q) {
                s = r;
            }
        }
        if s == before {
            return s.trim();
        }
    }
}

/// A first name for the number at `start..end`: the words before it in its clause, else the
/// words after it (对12家单位进行评查 → 单位进行评查). A person corrects it later.
fn name_for(text: &str, start: usize, end: usize) -> String {
    let mut before = strip_fillers(clause_before(text, start));
    // 经费由县级财政部门拨付2万元: the name is what comes before 由.
    if let Some(i) = before.find('由') {
        if before[..i].chars().count() >= 2 {
            before = &before[..i];
        }
    }
    if before.chars().count() >= 2 {
        return before
            .chars()
            .rev()
            .take(24)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
    }
    let tail = reach_on(text, end);
    let to = tail
        .char_indices()
        .find(|&(_, c)| is_delim(c))
        .map_or(tail.len(), |(i, _)| i);
    let after = tail[..to].trim_start_matches('的').trim();
    let name: String = after.chars().take(24).collect();
    if name.chars().count() >= 2 {
        name
    } else if !before.is_empty() {
        before.to_string()
    } else {
        "数字".to_string()
    }
}

/// 其中: the numbers after it, up to the end of its sentence and while they share the unit
/// of the last number before it, are parts of that total. A breakdown is kept only when it can
/// be right: exact parts must add up to an exact total.
fn breakdowns(text: &str, found: &mut [Found]) -> Vec<(String, String)> {
    // More parts than a report ever lists: such a run is no breakdown.
    const MAX_PARTS: usize = 64;
    let mut notes = Vec::new();
    let sentence_ends: Vec<usize> = text
        .char_indices()
        .filter(|&(_, c)| is_sentence_end(c))
        .map(|(i, _)| i)
        .collect();
    let mut search = 0;
    while let Some(p) = text[search..].find("其中") {
        let at = search + p;
        search = at + "其中".len();
        // The numbers follow one another: those before 其中 are a prefix of the list.
        let Some(total) = found.partition_point(|f| f.end <= at).checked_sub(1) else {
            continue;
        };
        let sentence_end = sentence_ends
            .get(sentence_ends.partition_point(|&e| e < at))
            .copied()
            .unwrap_or(text.len());
        let unit = found[total].unit().to_string();
        let kids: Vec<usize> = (total + 1..found.len())
            .take_while(|&k| found[k].start < sentence_end && found[k].unit() == unit)
            .take(MAX_PARTS + 2)
            .filter(|&k| found[k].start > at)
            .collect();
        if kids.is_empty() || kids.len() > MAX_PARTS {
            continue;
        }
        let exact = found[total].parts.qualifier.is_empty()
            && kids.iter().all(|&k| found[k].parts.qualifier.is_empty());
        let sum: rust_decimal::Decimal = kids.iter().map(|&k| found[k].parts.value).sum();
        if exact && sum != found[total].parts.value {
            let parts: Vec<&str> = kids
                .iter()
                .map(|&k| &text[found[k].start..found[k].end])
                .collect();
            let total_text = &text[found[total].start..found[total].end];
            notes.push((
                format!(
                    "其中 items {} do not add up to {total_text}; no parent was set",
                    parts.join(" + ")
                ),
                format!(
                    "“其中”分项 {} 之和不等于 {total_text}，未设 parent",
                    parts.join(" + ")
                ),
            ));
            continue;
        }
        for k in kids {
            found[k].parent = Some(total);
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(s: &str) -> Vec<String> {
        find(s)
            .0
            .iter()
            .map(|f| s[f.start..f.end].to_string())
            .collect()
    }

    #[test]
    fn what_counts_as_a_number() {
        assert_eq!(
            marks("开展“法律十进”活动26场次，举办讲座10余场次，覆盖500余人次，通过率96.4%。"),
            ["26场次", "10余场次", "500余人次", "96.4%"]
        );
        assert_eq!(
            marks("累计达万余次，每年培训不少于4次，会议18 次"),
            ["万余次", "不少于4次", "18 次"]
        );
        assert_eq!(
            marks("2025年是《纲要（2021-2025）》收官之年，“12345政务服务”热线，有对外通道三个方面，第3条，普政发〔2026〕3号，无一起被撤销，3个月"),
            Vec::<String>::new()
        );
        assert_eq!(marks("资金1,075万元"), ["1,075万元"]);
    }

    #[test]
    fn names_units_and_parents() {
        let t = "“12345政务服务”热线办件1020件，其中咨询815件，投诉205件，处理留言7条。投资2200万新建中心，对12家单位进行评查。";
        let (f, notes) = find(t);
        assert!(notes.is_empty());
        let names: Vec<&str> = f.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "“12345政务服务”热线办件",
                "咨询",
                "投诉",
                "处理留言",
                "投资",
                "单位进行评查"
            ]
        );
        assert_eq!(f[1].parent, Some(0));
        assert_eq!(f[2].parent, Some(0));
        assert_eq!(f[3].parent, None);
        assert_eq!(f[4].unit(), "万元");
        let (_, notes) = find("办件100件，其中咨询80件，投诉10件。");
        assert_eq!(notes.len(), 1, "{notes:?}");
    }
}
