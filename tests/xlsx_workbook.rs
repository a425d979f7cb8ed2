//! The sample's workbook read back with calamine: every number the YAML marks is a row, with
//! its value, qualifier, unit and sentence; the 其中 breakdown adds up; the metadata is the
//! report's; the same YAML gives the same bytes.

mod common;

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use common::report;
use gongwen::export::xlsx;
use gongwen::hanzi::parse_quantity;

const SAMPLE: &str = "input/purang-2025.yaml";

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("the workbook opens")
}

/// `{500余人次|lecture_attendance}` marks in the YAML text, in order: (printed text, id).
/// Read from the file itself, so the test follows the YAML and not the model.
fn marks(path: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find('}') else { break };
        let inner = &rest[..close];
        if let Some((shown, id)) = inner.rsplit_once('|') {
            if !inner.contains('{')
                && !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            {
                out.push((shown.to_string(), id.to_string()));
            }
        }
    }
    out
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number cell, found {other:?}"),
    }
}

#[test]
fn one_row_per_marked_number_with_value_qualifier_and_sentence() {
    let bytes = xlsx::write(&report(SAMPLE)).unwrap();
    let mut wb = open(&bytes);
    assert_eq!(wb.sheet_names(), vec!["指标", "校验", "报告信息"]);
    let sheet = wb.worksheet_range("指标").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(text(&rows[0][0]), "普兰县2025年法治政府建设年度报告指标表");
    let header: Vec<String> = rows[1].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "序号",
            "部分",
            "小节",
            "指标编码",
            "指标名称",
            "数值",
            "单位",
            "限定",
            "上级指标",
            "原文摘录"
        ]
    );

    let marks = marks(SAMPLE);
    assert_eq!(marks.len(), 40, "the sample marks 40 numbers");
    let data = &rows[2..];
    assert_eq!(data.len(), marks.len(), "one row per marked number");
    for (i, (row, (shown, id))) in data.iter().zip(&marks).enumerate() {
        assert_eq!(number(&row[0]), (i + 1) as f64);
        assert_eq!(text(&row[3]), *id, "row {} id", i + 1);
        let parts = parse_quantity(shown).unwrap();
        let value: f64 = parts.value.to_string().parse().unwrap();
        let expected = if parts.unit == "%" {
            value / 100.0
        } else {
            value
        };
        let got = number(&row[5]);
        assert!(
            (got - expected).abs() < 1e-12,
            "{id}: 数值 {got}, YAML says {shown}"
        );
        assert_eq!(text(&row[7]), parts.qualifier, "{id}: 限定 of {shown}");
        assert!(
            text(&row[9]).contains(shown.as_str()),
            "{id}: 原文摘录 `{}` lacks `{shown}`",
            text(&row[9])
        );
        assert!(!text(&row[4]).is_empty(), "{id}: 指标名称 empty");
    }

    let find = |id: &str| {
        data.iter()
            .find(|r| text(&r[3]) == id)
            .unwrap_or_else(|| panic!("no row for {id}"))
    };
    let r = find("lecture_attendance");
    assert_eq!(
        (number(&r[5]), text(&r[6]), text(&r[7])),
        (500.0, "人次".into(), "余".into())
    );
    let r = find("online_views");
    assert_eq!((number(&r[5]), text(&r[7])), (10000.0, "余".into()));
    let r = find("training_per_year");
    assert_eq!((number(&r[5]), text(&r[7])), (4.0, "不少于".into()));
    let r = find("service_center_investment");
    assert_eq!((number(&r[5]), text(&r[6])), (2200.0, "万元".into()));
    let r = find("filing_pass_rate");
    assert_eq!((number(&r[5]), text(&r[6])), (1.0, "%".into()));
    let r = find("hotline_complaints");
    assert_eq!(text(&r[8]), "hotline_cases");
    assert_eq!(text(&r[1]), "一、工作开展情况");
    assert_eq!(text(&r[2]), "（二）聚焦重点任务，提升法治政府建设质效");
    let r = find("study_meetings");
    assert_eq!(text(&r[8]), "", "only breakdowns name a parent");
}

#[test]
fn breakdowns_are_checked_with_live_formulas() {
    let bytes = xlsx::write(&report(SAMPLE)).unwrap();
    let mut wb = open(&bytes);
    let sheet = wb.worksheet_range("校验").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().skip(2).collect();
    assert_eq!(rows.len(), 1, "the sample has one 其中 breakdown");
    let r = rows[0];
    assert_eq!(text(&r[1]), "hotline_cases");
    assert_eq!(number(&r[3]), 1020.0);
    assert_eq!(number(&r[4]), 815.0 + 205.0);
    assert_eq!(number(&r[5]), 0.0);
    assert_eq!(text(&r[7]), "相符");
    assert!(text(&r[6]).contains("815件") && text(&r[6]).contains("205件"));

    let formulas = wb.worksheet_formula("校验").unwrap();
    let f: Vec<String> = formulas.rows().flat_map(|r| r.to_vec()).collect();
    let joined = f.join(" | ");
    assert!(
        joined.contains("SUMIFS('指标'!$F$3:$F$42,'指标'!$D$3:$D$42,B3)"),
        "{joined}"
    );
    assert!(
        joined.contains("SUMIFS('指标'!$F$3:$F$42,'指标'!$I$3:$I$42,B3)"),
        "{joined}"
    );
    assert!(joined.contains("D3-E3"), "{joined}");
}

#[test]
fn a_breakdown_that_does_not_add_up_is_flagged() {
    // The clerk typed 215 for 205 (check refuses such a YAML, but a workbook built from an
    // edited model must still tell the truth).
    use gongwen::model::{Block, Inline, Paragraph};
    fn fix(p: &mut Paragraph) {
        for i in &mut p.inlines {
            if let Inline::Indicator(q) = i {
                if q.id == "hotline_complaints" {
                    q.value = 215.into();
                    q.number = "215".into();
                    q.text = "215件".into();
                }
            }
        }
    }
    fn walk(blocks: &mut [Block]) {
        for b in blocks {
            match b {
                Block::Paragraph(p) => fix(p),
                Block::Section(s) => {
                    if let Some(l) = &mut s.lead {
                        fix(l);
                    }
                    walk(&mut s.body);
                }
                Block::Table(_) => {}
            }
        }
    }
    let mut r = report(SAMPLE);
    walk(&mut r.body);
    let bytes = xlsx::write(&r).unwrap();
    let mut wb = open(&bytes);
    let sheet = wb.worksheet_range("校验").unwrap();
    let row: Vec<Data> = sheet.rows().nth(2).unwrap().to_vec();
    assert_eq!(number(&row[4]), 1030.0);
    assert_eq!(number(&row[5]), -10.0);
    assert_eq!(text(&row[7]), "不符");
}

#[test]
fn report_information_and_properties_come_from_the_report() {
    let bytes = xlsx::write(&report(SAMPLE)).unwrap();
    let mut wb = open(&bytes);
    let sheet = wb.worksheet_range("报告信息").unwrap();
    let get = |label: &str| -> Data {
        sheet
            .rows()
            .find(|r| text(&r[0]) == label)
            .unwrap_or_else(|| panic!("no {label} row"))[1]
            .clone()
    };
    assert_eq!(text(&get("标题")), "普兰县2025年法治政府建设年度报告");
    assert_eq!(text(&get("发文机关")), "普兰县人民政府");
    assert_eq!(text(&get("索引号")), "pnx/2026-00010");
    assert_eq!(text(&get("发文字号")), "无");
    let date = |d: Data| match d {
        // Excel serial days count from 1899-12-30, 25569 days before 1970-01-01.
        Data::DateTime(dt) => dt.as_f64() as i64 - 25569,
        other => panic!("expected a date cell, found {other:?}"),
    };
    let days = |s: &str| gongwen::model::Date::parse(s).unwrap().days_since_epoch();
    assert_eq!(date(get("成文日期")), days("2025-12-31"));
    assert_eq!(date(get("发布日期")), days("2026-01-12"));
    assert_eq!(number(&get("指标个数")), 40.0);
    assert_eq!(
        text(&get("生成工具")),
        format!("gongwen {}", env!("CARGO_PKG_VERSION"))
    );

    let props = wb.workbook_properties().expect("document properties");
    assert_eq!(
        props.title.as_deref(),
        Some("普兰县2025年法治政府建设年度报告指标表")
    );
    assert_eq!(props.creator.as_deref(), Some("普兰县人民政府"));
    assert_eq!(props.company.as_deref(), Some("普兰县人民政府"));
    assert_eq!(props.created.as_deref(), Some("2025-12-31T00:00:00Z"));
    assert_eq!(props.modified.as_deref(), Some("2025-12-31T00:00:00Z"));
}

#[test]
fn same_yaml_same_bytes() {
    let r = report(SAMPLE);
    let a = xlsx::write(&r).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = xlsx::write(&report(SAMPLE)).unwrap();
    assert!(a == b, "two builds of the same YAML differ");
}

#[test]
fn the_joint_notice_with_a_table_and_attachments_builds() {
    let bytes = xlsx::write(&report("input/joint-notice.yaml")).unwrap();
    let mut wb = open(&bytes);
    let sheet = wb.worksheet_range("指标").unwrap();
    let ids: Vec<String> = sheet.rows().skip(2).map(|r| text(&r[3])).collect();
    let expected: Vec<String> = marks("input/joint-notice.yaml")
        .into_iter()
        .map(|m| m.1)
        .collect();
    let mut a = ids.clone();
    let mut b = expected.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b, "every marked number of the joint notice has a row");
    let r = sheet
        .rows()
        .find(|r| text(&r[3]) == "rectification_rate")
        .unwrap();
    assert!((number(&r[5]) - 0.964).abs() < 1e-15);
}
