//! `gongwen xlsx --merge`: the sample and a second county's report give one comparison matrix,
//! rows matched by indicator id, a column per report, totals as formulas.

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use common::report;
use gongwen::export::xlsx;
use gongwen::model::Report;

fn both() -> Vec<Report> {
    vec![
        report("input/purang-2025.yaml"),
        report("tests/fixtures/zhada-2025.yaml"),
    ]
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
        other => panic!("expected a number or nothing, found {other:?}"),
    }
}

struct Matrix {
    header: Vec<String>,
    rows: Vec<Vec<Data>>,
    formulas: Vec<String>,
}

impl Matrix {
    fn read(bytes: &[u8]) -> Matrix {
        let mut wb = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
        assert_eq!(wb.sheet_names(), vec!["汇总", "来源"]);
        let range = wb.worksheet_range("汇总").unwrap();
        let all: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        let formulas = wb
            .worksheet_formula("汇总")
            .unwrap()
            .rows()
            .flat_map(|r| r.to_vec())
            .filter(|f| !f.is_empty())
            .collect();
        Matrix {
            header: all[1].iter().map(text).collect(),
            rows: all[2..].to_vec(),
            formulas,
        }
    }

    fn row(&self, id: &str) -> &[Data] {
        self.rows
            .iter()
            .find(|r| text(&r[1]) == id)
            .unwrap_or_else(|| panic!("no row for {id}"))
    }

    /// (普兰, 札达, 合计, 填报份数)
    fn values(&self, id: &str) -> (Option<f64>, Option<f64>, Option<f64>, f64) {
        let r = self.row(id);
        (num(&r[4]), num(&r[5]), num(&r[6]), num(&r[7]).unwrap())
    }
}

#[test]
fn the_matrix_matches_rows_by_id() {
    let bytes = xlsx::merge(&both()).unwrap();
    let m = Matrix::read(&bytes);
    assert_eq!(
        m.header,
        [
            "序号",
            "指标编码",
            "指标名称",
            "单位",
            "普兰县2025年",
            "札达县2025年",
            "合计",
            "填报份数",
            "备注"
        ]
    );
    // 40 ids in 普兰, 18 in 札达 of which 15 are shared: 43 rows.
    assert_eq!(m.rows.len(), 43);
    let ids: Vec<String> = m.rows.iter().map(|r| text(&r[1])).collect();
    assert_eq!(ids[0], "study_meetings");
    assert_eq!(
        ids[40..],
        [
            "litigation_cases",
            "leaders_in_court_rate",
            "legal_guide_trainings"
        ],
        "ids new in the second report come after the first report's, in its order"
    );
    let shared = m.rows.iter().filter(|r| num(&r[7]) == Some(2.0)).count();
    assert_eq!(shared, 15);

    assert_eq!(
        m.values("study_meetings"),
        (Some(3.0), Some(4.0), Some(7.0), 2.0)
    );
    assert_eq!(
        m.values("service_cases"),
        (Some(9938.0), Some(6412.0), Some(16350.0), 2.0)
    );
    assert_eq!(
        m.values("hotline_cases"),
        (Some(1020.0), Some(480.0), Some(1500.0), 2.0)
    );
    assert_eq!(
        m.values("hotline_complaints"),
        (Some(205.0), Some(90.0), Some(295.0), 2.0)
    );
    assert_eq!(
        m.values("funds_rule_of_law"),
        (Some(2.0), Some(2.5), Some(4.5), 2.0)
    );
    let (a, b, t, _) = m.values("mediation_amount");
    assert_eq!((a, b), (Some(1075.0), Some(326.8)));
    assert!((t.unwrap() - 1401.8).abs() < 1e-9);
    assert_eq!(
        m.values("contracts_reviewed"),
        (Some(17.0), None, Some(17.0), 1.0)
    );
    assert_eq!(
        m.values("litigation_cases"),
        (None, Some(5.0), Some(5.0), 1.0)
    );
    assert_eq!(
        m.values("legal_aid_consultations"),
        (Some(50.0), Some(100.0), Some(150.0), 2.0)
    );
    assert!(text(&m.row("legal_aid_consultations")[8]).contains("含约数"));

    // Rates are compared, not added; stored as fractions like in the single workbook.
    assert_eq!(
        m.values("filing_pass_rate"),
        (Some(1.0), Some(0.985), None, 2.0)
    );
    assert_eq!(text(&m.row("filing_pass_rate")[8]), "比率不合计");
    assert_eq!(text(&m.row("filing_pass_rate")[3]), "%");
    assert_eq!(text(&m.row("litigation_cases")[2]), "办理行政应诉案件件数");

    let n = ids.iter().position(|i| i == "study_meetings").unwrap() + 3;
    assert!(
        m.formulas.contains(&format!("SUM(E{n}:F{n})")),
        "{:?}",
        &m.formulas[..4]
    );
    assert!(m.formulas.contains(&format!("COUNT(E{n}:F{n})")));
}

#[test]
fn sources_and_properties_name_the_reports() {
    let bytes = xlsx::merge(&both()).unwrap();
    let mut wb = Xlsx::new(Cursor::new(bytes)).unwrap();
    let src = wb.worksheet_range("来源").unwrap();
    let rows: Vec<Vec<String>> = src
        .rows()
        .skip(1)
        .map(|r| r.iter().map(text).collect())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0][..5],
        [
            "E",
            "普兰县2025年",
            "普兰县2025年法治政府建设年度报告",
            "普兰县人民政府",
            "pnx/2026-00010"
        ]
    );
    assert_eq!(
        rows[1][..5],
        [
            "F",
            "札达县2025年",
            "札达县2025年法治政府建设年度报告",
            "札达县人民政府",
            "zdx/2026-00004"
        ]
    );
    let props = wb.workbook_properties().expect("document properties");
    // The latest report date, never the clock.
    assert_eq!(props.created.as_deref(), Some("2025-12-31T00:00:00Z"));
    assert_eq!(
        props.company.as_deref(),
        Some("普兰县人民政府、札达县人民政府")
    );
}

#[test]
fn order_of_reports_gives_the_columns_and_the_same_date() {
    let mut reports = both();
    reports.reverse();
    let bytes = xlsx::merge(&reports).unwrap();
    let m = Matrix::read(&bytes);
    assert_eq!(m.header[4..6], ["札达县2025年", "普兰县2025年"]);
    assert_eq!(m.rows.len(), 43);
    assert_eq!(text(&m.rows[0][1]), "study_meetings");
    assert_eq!(
        m.values("hotline_cases"),
        (Some(480.0), Some(1020.0), Some(1500.0), 2.0)
    );
    let mut wb = Xlsx::new(Cursor::new(bytes)).unwrap();
    let props = wb.workbook_properties().unwrap();
    assert_eq!(props.created.as_deref(), Some("2025-12-31T00:00:00Z"));
}

#[test]
fn different_units_are_not_added() {
    let mut reports = both();
    let info = reports[1]
        .indicator_info
        .iter_mut()
        .find(|i| i.id == "mediation_amount")
        .unwrap();
    info.unit = Some("元".into());
    let m = Matrix::read(&xlsx::merge(&reports).unwrap());
    let (_, _, total, count) = m.values("mediation_amount");
    assert_eq!((total, count), (None, 2.0));
    let note = text(&m.row("mediation_amount")[8]);
    assert!(
        note.contains("单位不一致") && note.contains("札达县2025年 元"),
        "{note}"
    );
}

#[test]
fn same_reports_same_bytes_and_same_labels_disambiguated() {
    let a = xlsx::merge(&both()).unwrap();
    let b = xlsx::merge(&both()).unwrap();
    assert!(a == b, "two merges of the same reports differ");

    let twice = vec![
        report("input/purang-2025.yaml"),
        report("input/purang-2025.yaml"),
    ];
    let m = Matrix::read(&xlsx::merge(&twice).unwrap());
    assert_eq!(m.header[4..6], ["普兰县2025年（1）", "普兰县2025年（2）"]);
    assert!(xlsx::merge(&[]).is_err());
}
