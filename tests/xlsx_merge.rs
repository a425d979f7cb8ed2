//! `gongwen xlsx --merge`: reports are joined by indicator catalogue entry only, a column per
//! report, totals as formulas where summing means something, a report's own ids listed per
//! report and never summed, the same report twice refused, two years of one issuer compared.

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use common::{parse, report};
use gongwen::catalogue::{Catalogue, Entry, Kind};
use gongwen::export::xlsx::{self, MergeInput};
use gongwen::model::Report;

/// A small catalogue of our own (the built-in one grows and is reordered by others): two
/// groups interleaved, so that rows show they are grouped, and one entry of every kind.
fn catalogue() -> Catalogue {
    let e =
        |id: &str, name: &str, unit: &str, kind: &str, group: &str, parent: Option<&str>| Entry {
            id: id.into(),
            name: name.into(),
            unit: unit.into(),
            kind: Kind::parse(kind).unwrap(),
            group: group.into(),
            parent: parent.map(Into::into),
            phrases: Vec::new(),
        };
    Catalogue::new(
        "test-1".into(),
        vec![
            e(
                "org_law_meetings",
                "常务会议、专题会议研究学习法治建设次数",
                "次",
                "count",
                "组织领导",
                None,
            ),
            e(
                "gov_hotline_cases",
                "12345热线受理件数",
                "件",
                "count",
                "政府职能与政务服务",
                None,
            ),
            e(
                "org_funds_rule_of_law",
                "依法治县（法治政府）工作经费",
                "万元",
                "amount",
                "组织领导",
                None,
            ),
            e(
                "gov_hotline_consult",
                "热线咨询类",
                "件",
                "count",
                "政府职能与政务服务",
                Some("gov_hotline_cases"),
            ),
            e(
                "rec_received",
                "收到行政复议申请数",
                "件",
                "count",
                "行政复议与行政应诉",
                None,
            ),
            e(
                "rec_correction_rate",
                "行政复议纠错率",
                "%",
                "rate",
                "行政复议与行政应诉",
                None,
            ),
            e(
                "rec_change",
                "行政复议案件同比变化",
                "%",
                "change",
                "行政复议与行政应诉",
                None,
            ),
            e(
                "tgt_trainings",
                "下一年执法培训目标次数",
                "次",
                "target",
                "行政执法",
                None,
            ),
        ],
    )
}

/// A report of `issuer` for `year` stating each (id, name, quantity) in a sentence of its own.
fn yaml(issuer: &str, year: i32, items: &[(&str, &str, &str)]) -> String {
    let place = issuer.trim_end_matches("人民政府");
    let mut y = format!("title: {place}{year}年法治政府建设年度报告\nbody:\n");
    for (id, name, q) in items {
        y += &format!("  - 全年{name}{{{q}|{id}}}。\n");
    }
    y += &format!(
        "signature:\n  issuers: {issuer}\n  date: {}-01-15\n  sealed: true\nindicators:\n",
        year + 1
    );
    for (id, name, _) in items {
        y += &format!("  {id}: {name}\n");
    }
    y
}

/// Three offices whose reports name the catalogue's concepts in their own words and orders;
/// each also has its own `n01_ci`, which means something different in each.
fn three() -> Vec<(String, Report)> {
    let a = yaml(
        "普兰县人民政府",
        2025,
        &[
            ("rec_received", "收到行政复议申请", "4件"),
            ("org_law_meetings", "召开法治建设专题会议", "3次"),
            ("n01_ci", "作出行政处罚决定", "6次"),
            ("gov_hotline_cases", "热线办件", "1020件"),
            ("org_funds_rule_of_law", "拨付工作经费", "2万元"),
            ("rec_correction_rate", "行政复议纠错率", "5.5%"),
            ("tgt_trainings", "明年组织执法培训", "不少于3次"),
        ],
    );
    let b = yaml(
        "札达县人民政府",
        2025,
        &[
            ("org_funds_rule_of_law", "拨付法治政府工作经费", "25000元"),
            ("gov_hotline_cases", "12345热线受理", "480件"),
            ("org_law_meetings", "常务会议专题研究法治建设", "4次"),
            ("n01_ci", "召开依法治县委员会会议", "9次"),
            ("rec_correction_rate", "复议纠错率", "4%"),
            ("rec_change", "行政复议案件同比增长", "12.5%"),
        ],
    );
    let c = yaml(
        "普兰县司法局",
        2025,
        &[
            ("gov_hotline_consult", "解答热线咨询", "300余件"),
            ("org_law_meetings", "局党组会议研究法治建设", "5次"),
            ("rec_received", "收到复议申请", "2件"),
        ],
    );
    vec![
        ("a.yaml".into(), parse(&a)),
        ("b.yaml".into(), parse(&b)),
        ("c.yaml".into(), parse(&c)),
    ]
}

fn merge(reports: &[(String, Report)], c: &Catalogue) -> Vec<u8> {
    let inputs: Vec<MergeInput> = reports
        .iter()
        .map(|(file, report)| MergeInput { file, report })
        .collect();
    xlsx::merge(&inputs, c).unwrap_or_else(|d| panic!("{d}"))
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn num(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        Data::Empty => None,
        Data::String(s) if s.is_empty() => None,
        other => panic!("expected a number or nothing, found {other:?}"),
    }
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

struct Sheet {
    rows: Vec<Vec<Data>>,
    formulas: Vec<String>,
}

impl Sheet {
    /// The data row whose column `col` holds `id`, among the rows after `skip`.
    fn find(&self, skip: usize, col: usize, id: &str) -> Vec<&[Data]> {
        self.rows[skip..]
            .iter()
            .filter(|r| r.get(col).is_some_and(|c| text(c) == id))
            .map(|r| r.as_slice())
            .collect()
    }
}

struct Book {
    names: Vec<String>,
    wb: Xlsx<Cursor<Vec<u8>>>,
}

impl Book {
    fn read(bytes: &[u8]) -> Book {
        let wb = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
        Book {
            names: wb.sheet_names(),
            wb,
        }
    }

    fn sheet(&mut self, name: &str) -> Sheet {
        let range = self.wb.worksheet_range(name).unwrap();
        // Rows from the sheet's first row, whatever its first used cell.
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<Data>> = vec![Vec::new(); r0 as usize];
        for r in range.rows() {
            let mut row = vec![Data::Empty; c0 as usize];
            row.extend(r.iter().cloned());
            rows.push(row);
        }
        let formulas = self
            .wb
            .worksheet_formula(name)
            .unwrap()
            .rows()
            .flat_map(|r| r.to_vec())
            .filter(|f| !f.is_empty())
            .collect();
        Sheet { rows, formulas }
    }
}

/// The 汇总 sheet: row 1 the band of 机关类别, row 2 the column labels, data from row 3.
struct Matrix {
    band: Vec<String>,
    header: Vec<String>,
    sheet: Sheet,
}

impl Matrix {
    fn of(book: &mut Book) -> Matrix {
        let sheet = book.sheet("汇总");
        Matrix {
            band: sheet.rows[1].iter().map(text).collect(),
            header: sheet.rows[2].iter().map(text).collect(),
            sheet,
        }
    }

    fn ids(&self) -> Vec<String> {
        self.sheet.rows[3..].iter().map(|r| text(&r[2])).collect()
    }

    fn row(&self, id: &str) -> &[Data] {
        let found = self.sheet.find(3, 2, id);
        assert_eq!(found.len(), 1, "{id}: one row expected");
        found[0]
    }

    fn col(&self, label: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == label)
            .unwrap_or_else(|| panic!("no column {label} in {:?}", self.header))
    }

    fn value(&self, id: &str, label: &str) -> Option<f64> {
        num(&self.row(id)[self.col(label)])
    }

    fn note(&self, id: &str) -> String {
        text(&self.row(id)[self.col("备注")])
    }
}

#[test]
fn each_catalogue_concept_lands_on_one_row_in_catalogue_order() {
    let mut book = Book::read(&merge(&three(), &catalogue()));
    assert_eq!(book.names, ["汇总", "未入目录", "来源"]);
    let m = Matrix::of(&mut book);
    assert_eq!(
        m.header,
        [
            "序号",
            "领域",
            "指标编码",
            "指标名称",
            "单位",
            "类型",
            "普兰县2025年",
            "札达县2025年",
            "普兰县司法局2025年",
            "合计",
            "填报份数",
            "备注"
        ]
    );
    assert_eq!(m.band[0], "机关类别");
    assert_eq!(m.band[6..9], ["县级政府", "县级政府", "部门"]);
    // Catalogue order grouped by the entry's group, whatever order each report states them in.
    assert_eq!(
        m.ids(),
        [
            "org_law_meetings",
            "org_funds_rule_of_law",
            "gov_hotline_cases",
            "gov_hotline_consult",
            "rec_received",
            "rec_correction_rate",
            "rec_change",
            "tgt_trainings"
        ]
    );
    let r = m.row("org_law_meetings");
    assert_eq!(
        (text(&r[1]), text(&r[3]), text(&r[4]), text(&r[5])),
        (
            "组织领导".to_string(),
            "常务会议、专题会议研究学习法治建设次数".to_string(),
            "次".to_string(),
            "数量".to_string()
        ),
        "the row speaks the catalogue's words, not a report's"
    );
    let v = |id: &str| {
        (
            m.value(id, "普兰县2025年"),
            m.value(id, "札达县2025年"),
            m.value(id, "普兰县司法局2025年"),
            m.value(id, "合计"),
            m.value(id, "填报份数"),
        )
    };
    assert_eq!(
        v("org_law_meetings"),
        (Some(3.0), Some(4.0), Some(5.0), Some(12.0), Some(3.0))
    );
    assert_eq!(
        v("gov_hotline_cases"),
        (Some(1020.0), Some(480.0), None, Some(1500.0), Some(2.0))
    );
    // 25000 元 is 2.5 万元, the catalogue's unit.
    assert_eq!(
        v("org_funds_rule_of_law"),
        (Some(2.0), Some(2.5), None, Some(4.5), Some(2.0))
    );
    assert_eq!(
        v("rec_received"),
        (Some(4.0), None, Some(2.0), Some(6.0), Some(2.0))
    );
    assert!(m
        .note("gov_hotline_consult")
        .contains("其中项，属于“12345热线受理件数”"));
    assert!(m
        .note("gov_hotline_consult")
        .contains("含约数（普兰县司法局2025年）"));

    let n = 3
        + 1
        + m.ids()
            .iter()
            .position(|i| i == "org_law_meetings")
            .unwrap();
    assert!(
        m.sheet.formulas.contains(&format!("SUM(G{n}:I{n})")),
        "{:?}",
        m.sheet.formulas
    );
    assert!(m.sheet.formulas.contains(&format!("COUNT(G{n}:I{n})")));
}

#[test]
fn only_counts_and_amounts_get_a_total() {
    let mut book = Book::read(&merge(&three(), &catalogue()));
    let m = Matrix::of(&mut book);
    // Rates are compared, not added; stored as fractions like in the single workbook.
    assert_eq!(m.value("rec_correction_rate", "普兰县2025年"), Some(0.055));
    assert_eq!(m.value("rec_correction_rate", "札达县2025年"), Some(0.04));
    assert_eq!(m.value("rec_correction_rate", "合计"), None);
    assert_eq!(m.note("rec_correction_rate"), "比率，不合计");
    assert_eq!(m.value("rec_change", "合计"), None);
    assert_eq!(m.note("rec_change"), "增减，不合计");
    assert_eq!(m.value("tgt_trainings", "普兰县2025年"), Some(3.0));
    assert_eq!(m.value("tgt_trainings", "合计"), None);
    assert!(m.note("tgt_trainings").starts_with("目标，不合计"));
    let sums = m
        .sheet
        .formulas
        .iter()
        .filter(|f| f.starts_with("SUM("))
        .count();
    assert_eq!(
        sums, 5,
        "org_law_meetings, funds, hotline, consult, received"
    );
}

#[test]
fn an_own_id_shared_by_two_reports_is_listed_per_report_and_never_summed() {
    let mut book = Book::read(&merge(&three(), &catalogue()));
    let m = Matrix::of(&mut book);
    assert!(!m.ids().contains(&"n01_ci".to_string()));
    let loose = book.sheet("未入目录");
    assert_eq!(
        loose.rows[1].iter().map(text).collect::<Vec<_>>(),
        [
            "序号",
            "报告",
            "指标编码",
            "指标名称",
            "数值",
            "单位",
            "原文摘录",
            "出处"
        ]
    );
    let rows = loose.find(2, 2, "n01_ci");
    assert_eq!(rows.len(), 2, "one row per report");
    let seen: Vec<(String, String, Option<f64>, String)> = rows
        .iter()
        .map(|r| (text(&r[1]), text(&r[3]), num(&r[4]), text(&r[6])))
        .collect();
    assert_eq!(seen[0].0, "普兰县2025年");
    assert_eq!(seen[0].1, "作出行政处罚决定");
    assert_eq!(seen[0].2, Some(6.0));
    assert_eq!(seen[0].3, "全年作出行政处罚决定6次。");
    assert_eq!((seen[1].0.as_str(), seen[1].2), ("札达县2025年", Some(9.0)));
    assert!(text(&rows[0][7]).starts_with("a.yaml:"), "{:?}", rows[0]);
    assert!(loose.formulas.is_empty(), "nothing is added up there");
    assert_eq!(loose.rows.len(), 4);
}

#[test]
fn the_sample_reports_share_no_catalogue_id_so_nothing_is_joined() {
    // Before the catalogue, the merge joined these two reports by their own ids and added
    // 普兰's study_meetings to 札达's. Their ids are their own: every number is listed under
    // its report, none is added.
    let both = vec![
        (
            "input/purang-2025.yaml".to_string(),
            report("input/purang-2025.yaml"),
        ),
        (
            "tests/fixtures/zhada-2025.yaml".to_string(),
            report("tests/fixtures/zhada-2025.yaml"),
        ),
    ];
    let own = Catalogue::new("empty".into(), Vec::new());
    let mut book = Book::read(&merge(&both, &own));
    let m = Matrix::of(&mut book);
    assert!(m.sheet.rows[3][0]
        .to_string()
        .contains("没有数字对应指标目录"));
    assert!(!m.sheet.formulas.iter().any(|f| f.starts_with("SUM(")));
    let loose = book.sheet("未入目录");
    assert_eq!(loose.rows.len() - 2, 40 + 18);
    assert_eq!(loose.find(2, 2, "study_meetings").len(), 2);
}

#[test]
fn sample_ids_in_a_catalogue_join_with_units_converted() {
    // The sample names its catalogue entries; a neighbouring county's report written with the
    // same own ids is linked to the same entries: their numbers join, in the catalogue's units.
    let e = |id: &str, unit: &str, kind: Kind| Entry {
        id: id.into(),
        name: format!("目录：{id}"),
        unit: unit.into(),
        kind,
        group: "测试".into(),
        parent: None,
        phrases: Vec::new(),
    };
    let c = Catalogue::new(
        "office-1".into(),
        vec![
            e("med_amount", "元", Kind::Amount),
            e("org_law_meetings", "次", Kind::Count),
            e("org_training_sessions", "次", Kind::Count),
            e("reg_filing_rate", "%", Kind::Rate),
        ],
    );
    let both = vec![
        ("purang.yaml".to_string(), report("input/purang-2025.yaml")),
        (
            "zhada.yaml".to_string(),
            linked(report("tests/fixtures/zhada-2025.yaml")),
        ),
    ];
    fn linked(mut r: gongwen::model::Report) -> gongwen::model::Report {
        for i in &mut r.indicator_info {
            i.catalogue = match i.id.as_str() {
                "mediation_amount" => Some("med_amount".into()),
                "study_meetings" => Some("org_law_meetings".into()),
                "law_lectures" => Some("org_training_sessions".into()),
                "filing_pass_rate" => Some("reg_filing_rate".into()),
                _ => None,
            };
        }
        r
    }
    let mut book = Book::read(&merge(&both, &c));
    let m = Matrix::of(&mut book);
    assert_eq!(
        m.ids(),
        [
            "med_amount",
            "org_law_meetings",
            "org_training_sessions",
            "reg_filing_rate"
        ]
    );
    let (p, z) = ("普兰县2025年", "札达县2025年");
    // 1075 万元 and 326.8 万元 in 元, exactly.
    assert_eq!(m.value("med_amount", p), Some(10_750_000.0));
    assert_eq!(m.value("med_amount", z), Some(3_268_000.0));
    assert_eq!(m.value("med_amount", "合计"), Some(14_018_000.0));
    assert_eq!(m.value("org_law_meetings", "合计"), Some(7.0));
    // 场次 is not 次: shown as the report printed it, not added.
    assert_eq!(m.value("org_training_sessions", z), Some(3.0));
    assert_eq!(m.value("org_training_sessions", "合计"), None);
    assert!(
        m.note("org_training_sessions")
            .contains("单位与目录（次）不同，未换算"),
        "{}",
        m.note("org_training_sessions")
    );
    assert_eq!(m.value("reg_filing_rate", z), Some(0.985));
    assert_eq!(m.value("reg_filing_rate", "合计"), None);
    let loose = book.sheet("未入目录");
    assert_eq!(loose.rows.len() - 2, 40 + 18 - 4 * 2);
}

#[test]
fn two_years_of_one_issuer_are_compared() {
    let reports = vec![
        (
            "purang-2025.yaml".to_string(),
            parse(&yaml(
                "普兰县人民政府",
                2025,
                &[
                    ("org_law_meetings", "召开专题会议", "5次"),
                    ("gov_hotline_cases", "热线办件", "20件"),
                    ("org_funds_rule_of_law", "工作经费", "2万元"),
                    ("rec_correction_rate", "纠错率", "4%"),
                ],
            )),
        ),
        (
            "purang-2024.yaml".to_string(),
            parse(&yaml(
                "普兰县人民政府",
                2024,
                &[
                    ("rec_correction_rate", "纠错率", "5.5%"),
                    ("org_law_meetings", "召开专题会议", "3次"),
                    ("gov_hotline_cases", "热线办件", "0件"),
                ],
            )),
        ),
        (
            "zhada-2025.yaml".to_string(),
            parse(&yaml(
                "札达县人民政府",
                2025,
                &[("org_law_meetings", "常务会议研究", "4次")],
            )),
        ),
    ];
    let mut book = Book::read(&merge(&reports, &catalogue()));
    assert_eq!(book.names, ["汇总", "同比", "未入目录", "来源"]);
    let m = Matrix::of(&mut book);
    // A county's two years are not added together: one total per year.
    assert_eq!(
        m.header[6..11],
        [
            "普兰县2025年",
            "普兰县2024年",
            "札达县2025年",
            "2024年合计",
            "2025年合计"
        ]
    );
    assert_eq!(m.value("org_law_meetings", "2025年合计"), Some(9.0));
    assert_eq!(m.value("org_law_meetings", "2024年合计"), Some(3.0));
    assert!(
        m.sheet.formulas.contains(&"SUM(G4,I4)".to_string()),
        "{:?}",
        m.sheet.formulas
    );
    assert!(m.sheet.formulas.contains(&"SUM(H4)".to_string()));

    let cmp = book.sheet("同比");
    assert_eq!(
        cmp.rows[1].iter().map(text).collect::<Vec<_>>(),
        [
            "序号",
            "发文机关",
            "指标编码",
            "指标名称",
            "单位",
            "类型",
            "比较年度",
            "基期数值",
            "本期数值",
            "增减",
            "增减率",
            "备注"
        ]
    );
    let row = |id: &str| {
        let r = cmp.find(2, 2, id);
        assert_eq!(r.len(), 1, "{id}");
        r[0].to_vec()
    };
    let r = row("org_law_meetings");
    assert_eq!(text(&r[1]), "普兰县人民政府");
    assert_eq!(text(&r[6]), "2024年→2025年");
    assert_eq!(
        (num(&r[7]), num(&r[8]), num(&r[9])),
        (Some(3.0), Some(5.0), Some(2.0))
    );
    assert!(close(num(&r[10]), 2.0 / 3.0));
    let n = 3 + cmp.rows[2..]
        .iter()
        .position(|x| text(&x[2]) == "org_law_meetings")
        .unwrap();
    assert!(
        cmp.formulas.contains(&format!("I{n}-H{n}")),
        "{:?}",
        cmp.formulas
    );
    assert!(cmp.formulas.contains(&format!("(I{n}-H{n})/H{n}")));
    // From nothing to 20: a change, but no percentage of zero.
    let r = row("gov_hotline_cases");
    assert_eq!((num(&r[9]), num(&r[10])), (Some(20.0), None));
    // Rates: the difference in 百分点, no relative change.
    let r = row("rec_correction_rate");
    assert!(close(num(&r[9]), -1.5), "{r:?}");
    assert_eq!(num(&r[10]), None);
    assert_eq!(text(&r[11]), "比率，增减以百分点计");
    let r = row("org_funds_rule_of_law");
    assert_eq!(
        (num(&r[7]), num(&r[8]), num(&r[9])),
        (None, Some(2.0), None)
    );
    assert_eq!(text(&r[11]), "普兰县2024年未填报");
    assert_eq!(cmp.rows.len() - 2, 4, "札达 has one year only");
}

#[test]
fn the_same_report_twice_is_refused_naming_both_files() {
    let r = report("input/purang-2025.yaml");
    let inputs = [
        MergeInput {
            file: "a.yaml",
            report: &r,
        },
        MergeInput {
            file: "b.yaml",
            report: &r,
        },
    ];
    let d = xlsx::merge(&inputs, &catalogue()).unwrap_err();
    assert_eq!(d.code, "same-report");
    assert_eq!(d.file, "b.yaml");
    assert!(d.line > 0, "located at the second report's title");
    assert!(
        d.message.contains("a.yaml") && d.message.contains("b.yaml"),
        "{}",
        d.message
    );
    let zh = d.message_zh.as_deref().unwrap();
    assert!(zh.contains("a.yaml") && zh.contains("同一份报告"), "{zh}");
    assert!(xlsx::merge(&[], &catalogue()).is_err());

    // Another version of the report (another date) is not the same report: both are columns.
    let mut later = r.clone();
    later.signature.as_mut().unwrap().date = gongwen::model::Date::new(2026, 1, 5);
    let both = vec![("a.yaml".to_string(), r), ("b.yaml".to_string(), later)];
    let m = Matrix::of(&mut Book::read(&merge(&both, &catalogue())));
    assert_eq!(m.header[6..8], ["普兰县2025年（1）", "普兰县2025年（2）"]);
}

#[test]
fn the_command_line_refuses_a_report_given_twice() {
    let dir = common::tempdir();
    let text = yaml(
        "普兰县人民政府",
        2025,
        &[("org_law_meetings", "召开专题会议", "3次")],
    );
    let a = common::write(dir.path(), "a.yaml", &text);
    let out = dir.path().join("汇总.xlsx");
    let o = common::gongwen(&["xlsx", "--merge", &a, &a, "-o", out.to_str().unwrap()]);
    let err = common::stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("same-report") && err.contains("same issuer, title and date"),
        "{err}"
    );
    assert!(
        err.matches("a.yaml").count() >= 3,
        "both files and the location: {err}"
    );
    assert!(
        err.contains(&format!("{a}:1:")),
        "located at the title: {err}"
    );
    assert!(!out.exists(), "nothing is written");

    // Two counties built from the built-in catalogue's ids merge.
    let b = common::write(
        dir.path(),
        "b.yaml",
        &yaml(
            "札达县人民政府",
            2025,
            &[("org_law_meetings", "常务会议研究", "4次")],
        ),
    );
    let o = common::gongwen(&["xlsx", "--merge", &a, &b, "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let m = Matrix::of(&mut Book::read(&std::fs::read(&out).unwrap()));
    assert_eq!(m.value("org_law_meetings", "合计"), Some(7.0));
}

#[test]
fn sources_and_properties_name_the_reports() {
    let bytes = merge(&three(), &catalogue());
    let mut book = Book::read(&bytes);
    let src = book.sheet("来源");
    let rows: Vec<Vec<String>> = src
        .rows
        .iter()
        .map(|r| r.iter().map(text).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "列",
            "列名",
            "机关类别",
            "标题",
            "发文机关",
            "索引号",
            "成文日期",
            "文件",
            "入目录指标",
            "未入目录指标"
        ]
    );
    assert_eq!(
        rows[1][..5],
        [
            "G",
            "普兰县2025年",
            "县级政府",
            "普兰县2025年法治政府建设年度报告",
            "普兰县人民政府"
        ]
    );
    assert_eq!(rows[1][7..], ["a.yaml", "6", "1"]);
    assert_eq!(rows[3][..3], ["I", "普兰县司法局2025年", "部门"]);
    assert_eq!(rows[5][..4], ["指标目录版本", "", "", "test-1"]);
    let props = book.wb.workbook_properties().expect("document properties");
    // The latest report date, never the clock.
    assert_eq!(props.created.as_deref(), Some("2026-01-15T00:00:00Z"));
    assert_eq!(
        props.company.as_deref(),
        Some("普兰县人民政府、札达县人民政府、普兰县司法局")
    );
}

#[test]
fn same_reports_same_bytes_and_order_gives_the_columns() {
    let a = merge(&three(), &catalogue());
    let b = merge(&three(), &catalogue());
    assert!(a == b, "two merges of the same reports differ");
    let mut reversed = three();
    reversed.reverse();
    let m = Matrix::of(&mut Book::read(&merge(&reversed, &catalogue())));
    assert_eq!(
        m.header[6..9],
        ["普兰县司法局2025年", "札达县2025年", "普兰县2025年"]
    );
    assert_eq!(
        m.ids()[0],
        "org_law_meetings",
        "rows keep the catalogue's order"
    );
    assert_eq!(m.value("gov_hotline_cases", "合计"), Some(1500.0));
}

/// The prefecture office's whole path on six offices' reports written independently: each
/// published text imported (numbers mapped onto the built-in catalogue), then merged. Every
/// concept the offices state lands on one row, with each office's value in its column.
#[test]
fn six_offices_imported_and_merged_put_each_concept_on_one_row() {
    let dir = common::tempdir();
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalogue");
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 6);
    let mut yamls = Vec::new();
    // Concept → how many offices state it as this year's number.
    let mut stated: std::collections::BTreeMap<String, usize> = Default::default();
    for n in &names {
        let out = dir.path().join(format!("{n}.yaml"));
        let o = common::gongwen(&[
            "import",
            fixtures.join(format!("{n}.txt")).to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{n}: {}", common::stderr(&o));
        yamls.push(out.to_str().unwrap().to_string());
        // What the import linked (tests/catalogue_mapping.rs holds it to the labelled
        // expectations): each concept this office states as this year's number.
        let r = common::report(&out);
        let mut seen = std::collections::BTreeSet::new();
        for info in &r.indicator_info {
            if info.kind.is_some() {
                continue;
            }
            if let Some(e) = Catalogue::builtin().entry_for(info) {
                if seen.insert(e.id.clone()) {
                    *stated.entry(e.id.clone()).or_default() += 1;
                }
            }
        }
    }
    let book_path = dir.path().join("汇总.xlsx");
    let mut args = vec!["xlsx", "--merge"];
    args.extend(yamls.iter().map(String::as_str));
    args.extend(["-o", book_path.to_str().unwrap()]);
    let o = common::gongwen(&args);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let mut book = Book::read(&std::fs::read(&book_path).unwrap());
    let m = Matrix::of(&mut book);
    let reports = 6;
    let first_report = m.col("类型") + 1;
    let mut shared = 0;
    for (id, &offices) in &stated {
        let row = m.row(id); // exactly one row per concept
        let filled = row[first_report..first_report + reports]
            .iter()
            .filter(|c| !matches!(c, Data::Empty) && !text(c).is_empty())
            .count();
        assert!(
            filled >= offices,
            "{id}: {offices} offices state it, {filled} report columns filled"
        );
        if offices >= 2 {
            shared += 1;
        }
    }
    assert!(
        shared >= 10,
        "only {shared} concepts are stated by two offices or more"
    );
}

/// A goal for next year stands for the same concept as this year's number but is not one:
/// it gets a row of its own ("…（目标）"), never added into the actuals.
#[test]
fn targets_and_changes_never_stand_among_the_actuals() {
    let a = parse(&yaml(
        "普兰县人民政府",
        2025,
        &[("rec_received", "收到行政复议申请", "4件")],
    ));
    let b_text = yaml(
        "札达县人民政府",
        2025,
        &[
            ("rec_received", "收到行政复议申请", "6件"),
            ("rec_received_target", "明年力争办理行政复议", "不少于8件"),
        ],
    )
    .replace(
        "  rec_received_target: 明年力争办理行政复议\n",
        "  rec_received_target: {name: 明年力争办理行政复议, catalogue: rec_received, kind: target}\n",
    );
    let b = parse(&b_text);
    let reports = vec![("a.yaml".to_string(), a), ("b.yaml".to_string(), b)];
    let mut book = Book::read(&merge(&reports, Catalogue::builtin()));
    let m = Matrix::of(&mut book);
    assert_eq!(m.value("rec_received", "合计"), Some(10.0));
    assert_eq!(m.value("rec_received_target", "札达县2025年"), Some(8.0));
    assert_eq!(m.value("rec_received_target", "合计"), None);
    let ids = m.ids();
    let at = |id: &str| ids.iter().position(|x| x == id).unwrap();
    assert_eq!(at("rec_received_target"), at("rec_received") + 1);
}
