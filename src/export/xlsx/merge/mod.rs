//! The comparison workbook: what the prefecture office does with every county's report.
//!
//! Reports are joined by indicator catalogue entry only. A report's own ids (`n01_ci`,
//! `study_meetings`) mean nothing outside it: joining by them put "法治建设专题会议 3次" of one
//! county and "行政处罚决定 6次" of another on one row and summed them. So a number reaches
//! the matrix only through the entry it stands for ([`Catalogue::entry_for`]), in the entry's
//! unit; the rest is listed per report, never summed; totals exist only where summing means
//! something (counts and amounts); and an issuer's two years become a comparison of their own.

mod sheets;
mod values;

use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

use super::*;
use crate::catalogue::{Catalogue, Entry, Kind};
use crate::indicators::{self, Record};
use crate::model::IndicatorInfo;
use values::Scaled;

/// A report of the merge with what the workbook says about it.
struct Source<'a> {
    file: &'a str,
    report: &'a Report,
    /// 普兰县2025年: the column heading.
    label: String,
    issuer: String,
    year: Option<i32>,
    scope: Scope,
    records: Vec<Record>,
}

/// What kind of body issued a report, for the header row under the column labels: a
/// prefecture compares county governments with county governments, not with a 司法局.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    County,
    Department,
    Township,
    Unknown,
}

impl Scope {
    /// From the (first) issuer's name: 乡/镇/街道 (人民政府, 办事处) are townships, any other
    /// 人民政府 a county-level government, a 局/委/办/中心 … a department.
    fn of(issuer: &str) -> Scope {
        let first = issuer.split('、').next().unwrap_or("").trim();
        let (place, government) = match first.strip_suffix("人民政府") {
            Some(p) => (p, true),
            None => (first, false),
        };
        let place = place.strip_suffix("办事处").unwrap_or(place);
        if ["乡", "镇", "街道", "苏木"]
            .iter()
            .any(|s| place.ends_with(s))
        {
            Scope::Township
        } else if government && !place.is_empty() {
            Scope::County
        } else if ["局", "委", "办", "中心", "委员会", "办公室", "署", "所"]
            .iter()
            .any(|s| place.ends_with(s))
        {
            Scope::Department
        } else {
            Scope::Unknown
        }
    }

    fn zh(self) -> &'static str {
        match self {
            Scope::County => "县级政府",
            Scope::Department => "部门",
            Scope::Township => "乡镇（街道）",
            Scope::Unknown => "未识别",
        }
    }
}

/// The kind of a catalogue entry as the workbook names it.
fn kind_zh(kind: Kind) -> &'static str {
    match kind {
        Kind::Count => "数量",
        Kind::Rate => "比率",
        Kind::Amount => "金额",
        Kind::Change => "增减",
        Kind::Target => "目标",
    }
}

/// One report's value on a catalogue row.
struct Cell<'a> {
    record: &'a Record,
    /// In the entry's unit; `None` when the report's unit is of another base (场 for 次).
    scaled: Option<Scaled>,
}

/// One row of the matrix: a catalogue entry and, per report, the first number standing for it.
struct Row<'a> {
    /// The catalogue entry; for a target or a year-on-year change of it, an entry of its own
    /// ("…（目标）", kind target), so that goals and changes never stand among the actuals.
    entry: std::borrow::Cow<'a, Entry>,
    /// The catalogue entry the row follows in order.
    base: &'a Entry,
    cells: Vec<Option<Cell<'a>>>,
    /// Further numbers of one report for the same entry: shown in the note, not added (one
    /// may be part of the other).
    extra: Vec<(usize, &'a Record)>,
}

/// A number that stands for no catalogue entry, listed under its report.
struct Loose<'a> {
    source: usize,
    record: &'a Record,
}

/// Two reports of one issuer, an earlier and a later year.
struct Pair {
    earlier: usize,
    later: usize,
}

/// A totals column: the reports of one year (or all, when they share one).
struct Total {
    label: String,
    sources: Vec<usize>,
}

struct Plan<'a> {
    catalogue: &'a Catalogue,
    sources: &'a [Source<'a>],
    rows: Vec<Row<'a>>,
    loose: Vec<Loose<'a>>,
    pairs: Vec<Pair>,
    totals: Vec<Total>,
}

/// The same report given twice (same issuer, title and date) would be counted twice: the
/// error names both files and points at the second one's title.
pub fn same_report(inputs: &[MergeInput]) -> Result<(), Diagnostic> {
    let key = |r: &Report| (r.author(), r.title.text.clone(), r.date());
    for (j, b) in inputs.iter().enumerate() {
        if let Some((i, a)) = inputs[..j]
            .iter()
            .enumerate()
            .find(|(_, a)| key(a.report) == key(b.report))
        {
            let (nth_a, nth_b) = (i + 1, j + 1);
            let (fa, fb) = (a.file, b.file);
            return Err(Diagnostic::error(
                "same-report",
                format!(
                    "report {nth_b} ({fb}) is the same report as report {nth_a} ({fa}): same issuer, title and date; its numbers would be counted twice"
                ),
            )
            .zh(format!(
                "第{nth_b}份报告（{fb}）与第{nth_a}份报告（{fa}）是同一份报告（发文机关、标题、日期均相同），汇总会把它的数字计算两次"
            ))
            .help("give each report once; of two versions of one report, merge the one to be counted")
            .help_zh("每份报告只给一次；同一报告有两个版本时，只汇总要统计的那一份")
            .at(&b.report.title.loc)
            .in_file(fb, ""));
        }
    }
    Ok(())
}

pub fn build(inputs: &[MergeInput], catalogue: &Catalogue) -> Result<Vec<u8>, XlsxError> {
    let sources = sources(inputs);
    let plan = plan(&sources, catalogue);

    let mut wb = Workbook::new();
    wb.set_default_format(&base(), DEFAULT_ROW_PX, DEFAULT_COL_PX)?;
    let mut issuers: Vec<&str> = Vec::new();
    for s in plan.sources {
        if !s.issuer.is_empty() && !issuers.contains(&s.issuer.as_str()) {
            issuers.push(&s.issuer);
        }
    }
    let latest = plan.sources.iter().filter_map(|s| s.report.date()).max();
    let labels: Vec<&str> = plan.sources.iter().map(|s| s.label.as_str()).collect();
    let title = format!("指标汇总表（{}）", labels.join("、"));
    let props = DocProperties::new()
        .set_title(&title)
        .set_subject("指标汇总表")
        .set_author(issuers.join("、"))
        .set_company(issuers.join("、"))
        .set_comment(format!(
            "由 {} 按指标目录 {} 汇总 {} 份报告生成",
            generator(),
            catalogue.version,
            plan.sources.len()
        ))
        .set_creation_datetime(&timestamp(latest)?);
    wb.set_properties(&props);

    sheets::matrix(wb.add_worksheet(), &title, &plan)?;
    // Only when an issuer comes with two years: an empty comparison sheet is noise.
    if !plan.pairs.is_empty() {
        sheets::comparison(wb.add_worksheet(), &plan)?;
    }
    sheets::uncatalogued(wb.add_worksheet(), &plan)?;
    sheets::sources(wb.add_worksheet(), &plan)?;
    wb.save_to_buffer()
}

fn sources<'a>(inputs: &[MergeInput<'a>]) -> Vec<Source<'a>> {
    let mut out: Vec<Source> = inputs
        .iter()
        .map(|i| {
            let r = i.report;
            let issuer = r.author();
            let year = title_year(&r.title.text).or_else(|| r.date().map(|d| d.year));
            Source {
                file: i.file,
                report: r,
                label: label(r, &issuer, year),
                scope: Scope::of(&issuer),
                issuer,
                year,
                records: indicators::collect(r),
            }
        })
        .collect();
    // Equal labels (two versions of a report) get a number, so every column can be named.
    let base: Vec<String> = out.iter().map(|s| s.label.clone()).collect();
    for (i, s) in out.iter_mut().enumerate() {
        if base.iter().filter(|l| **l == base[i]).count() > 1 {
            let nth = base[..i].iter().filter(|l| **l == base[i]).count() + 1;
            s.label = format!("{}（{nth}）", base[i]);
        }
    }
    out
}

/// 普兰县人民政府 + 2025 → 普兰县2025年: the issuer without 人民政府 and the year the report
/// covers (the year in its title, else the year of its date).
fn label(r: &Report, issuer: &str, year: Option<i32>) -> String {
    let place = issuer
        .strip_suffix("人民政府")
        .filter(|p| !p.is_empty())
        .unwrap_or(issuer);
    let year = year.map(|y| format!("{y}年")).unwrap_or_default();
    let label = format!("{place}{year}");
    if label.is_empty() {
        r.title.text.clone()
    } else {
        label
    }
}

/// The first `2025年` in a title.
fn title_year(title: &str) -> Option<i32> {
    let chars: Vec<char> = title.chars().collect();
    chars.windows(5).find_map(|w| {
        (w[..4].iter().all(char::is_ascii_digit) && w[4] == '年')
            .then(|| w[..4].iter().collect::<String>().parse().ok())
            .flatten()
    })
}

fn plan<'a>(sources: &'a [Source<'a>], catalogue: &'a Catalogue) -> Plan<'a> {
    let mut rows: Vec<Row> = Vec::new();
    let mut loose = Vec::new();
    for (k, s) in sources.iter().enumerate() {
        for record in &s.records {
            let own = IndicatorInfo {
                id: record.id.clone(),
                ..IndicatorInfo::default()
            };
            let info = s.report.info(&record.id).unwrap_or(&own);
            let Some(base) = catalogue.entry_for(info) else {
                loose.push(Loose { source: k, record });
                continue;
            };
            let entry = match info.kind {
                Some(kind @ (Kind::Target | Kind::Change)) if kind != base.kind => {
                    std::borrow::Cow::Owned(Entry {
                        id: format!("{}_{}", base.id, kind.key()),
                        name: format!("{}（{}）", base.name, kind_zh(kind)),
                        kind,
                        parent: None,
                        ..base.clone()
                    })
                }
                _ => std::borrow::Cow::Borrowed(base),
            };
            let pos = match rows.iter().position(|r| r.entry.id == entry.id) {
                Some(p) => p,
                None => {
                    rows.push(Row {
                        entry,
                        base,
                        cells: (0..sources.len()).map(|_| None).collect(),
                        extra: Vec::new(),
                    });
                    rows.len() - 1
                }
            };
            let row = &mut rows[pos];
            if row.cells[k].is_some() {
                row.extra.push((k, record));
            } else {
                row.cells[k] = Some(Cell {
                    record,
                    scaled: values::value_in(record, &row.entry.unit),
                });
            }
        }
    }
    // Catalogue order, grouped by the entry's group (groups in the order the catalogue first
    // names them): every report's numbers stand in one order whatever order its text has.
    let entries = catalogue.entries();
    let rank = |e: &Entry| {
        let p = catalogue.position(&e.id).unwrap_or(usize::MAX);
        let g = entries.iter().position(|x| x.group == e.group).unwrap_or(p);
        (g, p)
    };
    // A target or change follows its entry.
    rows.sort_by_key(|r| (rank(r.base), r.entry.kind != r.base.kind));
    Plan {
        catalogue,
        sources,
        rows,
        loose,
        pairs: pairs(sources),
        totals: totals(sources),
    }
}

/// Consecutive years of each issuer that has more than one (issuers in the order their
/// first report was given). Of two reports of one issuer and year, the first given counts.
fn pairs(sources: &[Source]) -> Vec<Pair> {
    let mut issuers: Vec<&str> = Vec::new();
    for s in sources {
        if !s.issuer.is_empty() && !issuers.contains(&s.issuer.as_str()) {
            issuers.push(&s.issuer);
        }
    }
    let mut out = Vec::new();
    for issuer in issuers {
        let mut years: Vec<(i32, usize)> = Vec::new();
        for (k, s) in sources.iter().enumerate() {
            if let Some(y) = s.year.filter(|_| s.issuer == issuer) {
                if !years.iter().any(|(x, _)| *x == y) {
                    years.push((y, k));
                }
            }
        }
        years.sort();
        out.extend(years.windows(2).map(|w| Pair {
            earlier: w[0].1,
            later: w[1].1,
        }));
    }
    out
}

/// One totals column when the reports cover one year; one per year otherwise, since adding
/// a county's 2024 to its 2025 counts it twice.
fn totals(sources: &[Source]) -> Vec<Total> {
    let mut years: Vec<Option<i32>> = sources.iter().map(|s| s.year).collect();
    years.sort();
    years.dedup();
    if years.len() <= 1 {
        return vec![Total {
            label: "合计".to_string(),
            sources: (0..sources.len()).collect(),
        }];
    }
    // Years ascending, a report without a year last.
    years.sort_by_key(|y| (y.is_none(), *y));
    years
        .into_iter()
        .map(|y| Total {
            label: match y {
                Some(y) => format!("{y}年合计"),
                None => "年份不详合计".to_string(),
            },
            sources: (0..sources.len())
                .filter(|k| sources[*k].year == y)
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_come_from_titles() {
        assert_eq!(title_year("普兰县2025年法治政府建设年度报告"), Some(2025));
        assert_eq!(title_year("年度报告"), None);
    }

    #[test]
    fn scope_from_the_issuer() {
        assert_eq!(Scope::of("普兰县人民政府"), Scope::County);
        assert_eq!(Scope::of("噶尔县人民政府、阿里地区行署"), Scope::County);
        assert_eq!(Scope::of("普兰县司法局"), Scope::Department);
        assert_eq!(Scope::of("普兰县发展和改革委员会"), Scope::Department);
        assert_eq!(Scope::of("普兰县政务服务中心"), Scope::Department);
        assert_eq!(Scope::of("普兰镇人民政府"), Scope::Township);
        assert_eq!(Scope::of("巴嘎乡人民政府"), Scope::Township);
        assert_eq!(Scope::of("城关街道办事处"), Scope::Township);
        assert_eq!(Scope::of(""), Scope::Unknown);
    }
}
