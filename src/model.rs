//! The report as data. Every exporter reads this tree and nothing else: the YAML is parsed
//! once (in `source`) and no writer ever looks at the source text again.

use std::fmt;

pub use rust_decimal::Decimal;

/// Where a piece of the report was written in the YAML source, so that any later stage
/// (check, fonts, layout) can point the clerk at the right line.
#[derive(Clone, Debug, Default, Eq)]
pub struct Loc {
    /// YAML path, e.g. `body[0].body[1].heading`.
    pub path: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
}

/// Locations are not content: two reports that say the same thing are equal even when the
/// text sits on other lines (an imported report is compared with the hand-written one).
impl PartialEq for Loc {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// Line and column of every node of the source, by YAML path, for checks that run after
/// loading. Like [`Loc`], it is not content and never makes two reports differ.
#[derive(Clone, Debug, Default)]
pub struct SourceMap(pub std::collections::HashMap<String, (usize, usize)>);

impl PartialEq for SourceMap {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl SourceMap {
    pub fn loc(&self, path: &str) -> Loc {
        let (line, column) = self.0.get(path).copied().unwrap_or((0, 0));
        Loc {
            path: path.to_string(),
            line,
            column,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A real calendar date, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1000..=9999).contains(&year) && (1..=days).contains(&day)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// `2025-12-31` (also accepts `2025年12月31日`).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let parts: Vec<&str> = if let Some(rest) = s.strip_suffix('日') {
            rest.split(['年', '月']).collect()
        } else {
            s.split('-').collect()
        };
        if parts.len() != 3
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        Date::new(
            parts[0].parse().ok()?,
            parts[1].parse().ok()?,
            parts[2].parse().ok()?,
        )
    }

    /// The official form: Arabic numerals, full year, no leading zeros (2025年12月31日).
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The inverse of [`Date::days_since_epoch`].
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(i32::try_from(year).ok()?, month as u32, day as u32)
    }

    /// Days since 1970-01-01, for timestamps in document metadata.
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.chinese())
    }
}

/// The website publication block (索引号, 发文字号, …). Printed by the text exporter exactly as
/// written; the PDF and DOCX carry it as metadata only.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Publication {
    /// 索引号
    pub index_number: String,
    /// 发文字号 as published (may be empty)
    pub doc_number: String,
    /// 发文机构
    pub publisher: String,
    /// 名称
    pub name: String,
    /// 公文时效
    pub validity: String,
    /// 发布日期, as written (e.g. `2026-01-12`)
    pub published: String,
    /// 发布日期 parsed, when it is a date
    pub published_date: Option<Date>,
}

/// The GB/T 9704 head (版头). Every part is optional.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Head {
    /// 份号, six digits
    pub copy_number: Option<String>,
    /// 密级
    pub secrecy: Option<String>,
    /// 保密期限
    pub secrecy_period: Option<String>,
    /// 紧急程度
    pub urgency: Option<String>,
    /// 发文机关标志: one issuer, or several for a joint document
    pub issuers: Vec<String>,
    /// "文件" after the issuer name(s), or nothing
    pub issuer_suffix: Option<String>,
    /// The Tibetan line of a bilingual 发文机关标志, printed above the Chinese name(s)
    pub issuer_tibetan: Option<String>,
    /// 发文字号, e.g. 普政发〔2026〕1号
    pub doc_number: Option<String>,
    /// 签发人 (上行文 only)
    pub signers: Vec<String>,
    /// 上行文: the red head sits lower and 签发人 is printed
    pub upward: bool,
}

impl Head {
    pub fn is_empty(&self) -> bool {
        self.copy_number.is_none()
            && self.secrecy.is_none()
            && self.urgency.is_none()
            && self.issuers.is_empty()
            && self.doc_number.is_none()
    }

    /// 密级和保密期限 as printed: 秘密★1年
    pub fn secrecy_line(&self) -> Option<String> {
        let s = self.secrecy.as_ref()?;
        Some(match &self.secrecy_period {
            Some(p) => format!("{s}★{p}"),
            None => s.clone(),
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Title {
    /// The whole title on one line.
    pub text: String,
    /// Lines forced by the author; `None` lets the layout split a long title itself.
    pub lines: Option<Vec<String>>,
    pub loc: Loc,
}

/// A piece of running text.
#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    Text(String),
    /// A number the report states, written once and listed in the workbook.
    Indicator(Quantity),
    /// Generated lead-in of a point: 一是, 二是, …
    PointLabel(String),
}

impl Inline {
    pub fn text(&self) -> &str {
        match self {
            Inline::Text(s) | Inline::PointLabel(s) => s,
            Inline::Indicator(q) => &q.text,
        }
    }
}

/// A number as it stands in the text: `500余人次` is value 500, qualifier 余, unit 人次.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    pub id: String,
    /// Exactly as printed in the text.
    pub text: String,
    /// The number part as printed (`500`, `2200`, `万`).
    pub number: String,
    /// Exact, as printed: `1.2` is 1.2 and a 25-digit number keeps its digits.
    pub value: Decimal,
    /// 余 多 约 近 不少于 …; empty when the number is exact.
    pub qualifier: String,
    pub unit: String,
    pub loc: Loc,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Paragraph {
    pub inlines: Vec<Inline>,
    pub loc: Loc,
}

impl Paragraph {
    pub fn text(&self) -> String {
        inline_text(&self.inlines)
    }

    /// True when the paragraph is a run of 一是…二是… points.
    pub fn has_points(&self) -> bool {
        self.inlines
            .iter()
            .any(|i| matches!(i, Inline::PointLabel(_)))
    }
}

pub fn inline_text(inlines: &[Inline]) -> String {
    inlines.iter().map(Inline::text).collect()
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// 1 to 4: 一、 / （一） / 1. / （1）
    pub level: u8,
    /// 1-based position among its siblings; the label is generated from it.
    pub ordinal: u32,
    pub heading: Vec<Inline>,
    /// Text that continues the heading's paragraph (a run-in heading:
    /// "（一）强化组织领导。一是……"). `None`: the heading stands on its own line.
    pub lead: Option<Paragraph>,
    pub body: Vec<Block>,
    pub loc: Loc,
}

impl Section {
    /// 一、 / （一） / 1. / （1）
    pub fn label(&self) -> String {
        section_label(self.level, self.ordinal)
    }

    pub fn heading_text(&self) -> String {
        inline_text(&self.heading)
    }

    /// The heading line as printed, with its label.
    pub fn full_heading(&self) -> String {
        format!("{}{}", self.label(), self.heading_text())
    }
}

pub fn section_label(level: u8, ordinal: u32) -> String {
    let n = chinese_number(ordinal);
    match level {
        1 => format!("{n}、"),
        2 => format!("（{n}）"),
        3 => format!("{ordinal}."),
        _ => format!("（{ordinal}）"),
    }
}

/// 一是 二是 … 十是 十一是
pub fn point_label(ordinal: u32) -> String {
    format!("{}是", chinese_number(ordinal))
}

/// Chinese numerals as used in headings: 一 … 十, 十一 … 九十九.
pub fn chinese_number(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        20..=99 => {
            let tail = if n.is_multiple_of(10) {
                ""
            } else {
                D[(n % 10) as usize]
            };
            format!("{}十{}", D[(n / 10) as usize], tail)
        }
        _ => n.to_string(),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub caption: Option<String>,
    pub header: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Section(Section),
    Table(Table),
}

/// 附件: listed in the 附件说明 after the body; each may have pages of its own.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attachment {
    pub title: String,
    pub body: Vec<Block>,
    pub loc: Loc,
}

/// 署名 and 成文日期.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Signature {
    pub issuers: Vec<String>,
    pub date: Option<Date>,
    /// 加盖印章: the date sits 4 characters from the right and the name is centred over it.
    pub sealed: bool,
    pub loc: Loc,
}

/// 版记: 抄送, 印发机关, 印发日期.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imprint {
    pub cc: Vec<String>,
    pub printer: String,
    pub date: Option<Date>,
    pub loc: Loc,
}

impl Imprint {
    /// 抄送：A，B。 as printed (bodies separated by 、, ending with 。)
    pub fn cc_line(&self) -> Option<String> {
        (!self.cc.is_empty()).then(|| format!("抄送：{}。", self.cc.join("、")))
    }
}

/// What the report says about an indicator besides its number.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IndicatorInfo {
    pub id: String,
    pub name: String,
    /// For 其中 breakdowns: the id of the total.
    pub parent: Option<String>,
    /// Overrides the unit read from the text (投资2200万 → 万元); the value is converted
    /// (1.2亿元 read as 万元 is 12000).
    pub unit: Option<String>,
    /// For the total of a 其中 breakdown: the breakdown lists every part, so the parts must
    /// add up to it. Otherwise they may add up to less, as a report names only some.
    pub complete: bool,
    /// The catalogue entry this indicator stands for, when its id is not the entry's own.
    pub catalogue: Option<String>,
    /// What the number is when it is not this year's value: a target (`kind: target`) or a
    /// change against last year (`kind: change`); `None` for an actual value.
    pub kind: Option<crate::catalogue::Kind>,
    pub loc: Loc,
}

/// Font choices written in the report, by role key (title, body, heading1, heading2,
/// page_number): a family name or a file path.
pub type FontChoices = std::collections::BTreeMap<String, String>;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    pub publication: Option<Publication>,
    pub head: Head,
    pub title: Title,
    /// 主送机关, without the closing colon
    pub addressee: Option<String>,
    pub body: Vec<Block>,
    pub attachments: Vec<Attachment>,
    pub signature: Option<Signature>,
    /// 附注, without the parentheses
    pub note: Option<String>,
    pub imprint: Option<Imprint>,
    /// In the order they are listed in the YAML.
    pub indicator_info: Vec<IndicatorInfo>,
    pub fonts: FontChoices,
    pub source_map: SourceMap,
}

impl Report {
    /// All sections of the body (not of the attachments), depth first, in document order.
    pub fn sections(&self) -> Vec<&Section> {
        let mut out = Vec::new();
        let mut in_body = true;
        self.walk(&mut |v| match v {
            Visit::Attachment(_) => in_body = false,
            Visit::Block {
                block: Block::Section(s),
                ..
            } if in_body => out.push(s),
            Visit::Block { .. } => {}
        });
        out
    }

    /// Visits every block of the body, then each attachment and its blocks, depth first in
    /// document order: a section before its body. One walk for every reader of the tree, so
    /// that none of them forgets the attachments or a nesting level.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(Visit<'a, '_>)) {
        let mut path = Vec::new();
        walk_blocks(&self.body, &mut path, f);
        for a in &self.attachments {
            f(Visit::Attachment(a));
            walk_blocks(&a.body, &mut path, f);
        }
    }

    /// The entry of indicator `id`, the first if it is listed twice. A search of the list:
    /// whoever looks up every number of a report takes an [`Report::info_index`] once.
    pub fn info(&self, id: &str) -> Option<&IndicatorInfo> {
        self.indicator_info.iter().find(|i| i.id == id)
    }

    /// The entries by id, answering as [`Report::info`] does, for looking up many numbers:
    /// a report may list 100,000 indicators.
    pub fn info_index(&self) -> InfoIndex<'_> {
        let mut by_id = std::collections::HashMap::with_capacity(self.indicator_info.len());
        for info in &self.indicator_info {
            by_id.entry(info.id.as_str()).or_insert(info);
        }
        InfoIndex(by_id)
    }

    /// The issuer for metadata: the signature, else the red head, else the publisher.
    pub fn author(&self) -> String {
        if let Some(s) = self.signature.as_ref().filter(|s| !s.issuers.is_empty()) {
            return s.issuers.join("、");
        }
        if !self.head.issuers.is_empty() {
            return self.head.issuers.join("、");
        }
        self.publication
            .as_ref()
            .map(|p| p.publisher.clone())
            .unwrap_or_default()
    }

    /// The report date: 成文日期, else 发布日期, else SOURCE_DATE_EPOCH (the convention of
    /// reproducible builds). Never the clock: the same YAML must give the same files.
    pub fn date(&self) -> Option<Date> {
        self.signature
            .as_ref()
            .and_then(|s| s.date)
            .or_else(|| self.publication.as_ref().and_then(|p| p.published_date))
            .or_else(|| {
                let secs: i64 = std::env::var("SOURCE_DATE_EPOCH")
                    .ok()?
                    .trim()
                    .parse()
                    .ok()?;
                Date::from_days_since_epoch(secs.div_euclid(86_400))
            })
    }
}

/// One step of [`Report::walk`].
#[derive(Clone, Copy, Debug)]
pub enum Visit<'a, 'p> {
    /// An attachment begins; its blocks follow (none when its body is empty).
    Attachment(&'a Attachment),
    Block {
        block: &'a Block,
        /// The sections the block stands in, outermost first; a section is not in its own
        /// path. Its length is the block's depth.
        path: &'p [&'a Section],
    },
}

/// [`Report::info`] for many look-ups; see [`Report::info_index`].
pub struct InfoIndex<'a>(std::collections::HashMap<&'a str, &'a IndicatorInfo>);

impl<'a> InfoIndex<'a> {
    pub fn get(&self, id: &str) -> Option<&'a IndicatorInfo> {
        self.0.get(id).copied()
    }
}

fn walk_blocks<'a>(
    blocks: &'a [Block],
    path: &mut Vec<&'a Section>,
    f: &mut impl FnMut(Visit<'a, '_>),
) {
    for block in blocks {
        f(Visit::Block { block, path });
        if let Block::Section(s) = block {
            path.push(s);
            walk_blocks(&s.body, path, f);
            path.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_standard() {
        assert_eq!(section_label(1, 3), "三、");
        assert_eq!(section_label(2, 12), "（十二）");
        assert_eq!(section_label(3, 2), "2.");
        assert_eq!(section_label(4, 1), "（1）");
        assert_eq!(point_label(1), "一是");
        assert_eq!(chinese_number(20), "二十");
        assert_eq!(chinese_number(21), "二十一");
    }

    #[test]
    fn dates_are_checked_and_printed_officially() {
        assert_eq!(
            Date::parse("2025-12-31").unwrap().chinese(),
            "2025年12月31日"
        );
        assert_eq!(Date::parse("2026年1月2日").unwrap().iso(), "2026-01-02");
        assert!(Date::parse("2025-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2025-13-01").is_none());
        assert_eq!(Date::parse("1970-01-02").unwrap().days_since_epoch(), 1);
        assert_eq!(Date::parse("2026-01-12").unwrap().days_since_epoch(), 20465);
        for d in ["2024-02-29", "2025-12-31", "2026-01-12", "1999-03-01"] {
            let date = Date::parse(d).unwrap();
            assert_eq!(
                Date::from_days_since_epoch(date.days_since_epoch()),
                Some(date)
            );
        }
    }

    #[test]
    fn walk_visits_body_then_attachments_depth_first() {
        let para = |t: &str| {
            Block::Paragraph(Paragraph {
                inlines: vec![Inline::Text(t.to_string())],
                loc: Loc::default(),
            })
        };
        let section = |level: u8, h: &str, body: Vec<Block>| {
            Block::Section(Section {
                level,
                ordinal: 1,
                heading: vec![Inline::Text(h.to_string())],
                lead: None,
                body,
                loc: Loc::default(),
            })
        };
        let table = Block::Table(Table {
            caption: None,
            header: vec![],
            rows: vec![],
            loc: Loc::default(),
        });
        let attachment = |title: &str, body: Vec<Block>| Attachment {
            title: title.to_string(),
            body,
            loc: Loc::default(),
        };
        let report = Report {
            body: vec![
                para("p0"),
                section(1, "A", vec![para("p1"), section(2, "B", vec![table])]),
                section(1, "C", vec![]),
            ],
            attachments: vec![
                attachment("att1", vec![section(1, "D", vec![para("p2")])]),
                attachment("att2", vec![]),
            ],
            ..Report::default()
        };
        let mut seen = Vec::new();
        report.walk(&mut |v| {
            seen.push(match v {
                Visit::Attachment(a) => format!("@{}", a.title),
                Visit::Block { block, path } => {
                    let what = match block {
                        Block::Paragraph(p) => p.text(),
                        Block::Section(s) => s.heading_text(),
                        Block::Table(_) => "table".to_string(),
                    };
                    let path: Vec<String> = path.iter().map(|s| s.heading_text()).collect();
                    format!("{}{what}", path.concat())
                }
            })
        });
        assert_eq!(
            seen,
            ["p0", "A", "Ap1", "AB", "ABtable", "C", "@att1", "D", "Dp2", "@att2"]
        );
        let sections: Vec<String> = report.sections().iter().map(|s| s.heading_text()).collect();
        assert_eq!(sections, ["A", "B", "C"], "the body's sections only");
    }
}
