//! Numbers that are right: values are exact decimals, `unit:` converts between magnitudes,
//! a mark that holds no number is refused where it stands, and a 其中 breakdown is compared
//! in one unit, within its total unless the entry says `complete: true`.

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use common::{build, check, load, report, SAMPLE};
use gongwen::diag::{Diagnostic, Severity};
use gongwen::export::xlsx;
use gongwen::indicators::{collect, Record};
use gongwen::model::Decimal;

const SIGNED: &str = "signature:\n  issuers: 某县人民政府\n  date: 2025-12-31\n";

/// A report whose body is `body` and whose `indicators:` are `indicators` (YAML lines).
fn yaml(body: &str, indicators: &str) -> String {
    format!("title: 报告\nbody:\n  - {body}\n{SIGNED}indicators:\n{indicators}")
}

fn loaded(yaml: &str) -> gongwen::Loaded {
    gongwen::parse(yaml, "t.yaml").unwrap_or_else(|d| panic!("rejected: {d:?}\n{yaml}"))
}

fn errors(yaml: &str) -> Vec<Diagnostic> {
    match gongwen::parse(yaml, "t.yaml") {
        Ok(l) => panic!("accepted, warnings {:?}\n{yaml}", l.warnings),
        Err(e) => e,
    }
}

fn record<'a>(records: &'a [Record], id: &str) -> &'a Record {
    records
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn an_override_converts_the_value() {
    let y = yaml(
        "总投资{1.2亿元|t}，新建{3000万|u}，投资{2200万|x}。",
        "  t: {name: 总投资, unit: 万元}\n  u: {name: 新建投资, unit: 亿元}\n  x: {name: 投资, unit: 万元}\n",
    );
    let l = loaded(&y);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    let r = collect(&l.report);
    assert_eq!(
        (record(&r, "t").value, record(&r, "t").unit.as_str()),
        (dec("12000"), "万元")
    );
    assert_eq!(
        (record(&r, "u").value, record(&r, "u").unit.as_str()),
        (dec("0.3"), "亿元")
    );
    assert_eq!(
        (record(&r, "x").value, record(&r, "x").unit.as_str()),
        (dec("2200"), "万元")
    );
    // The text still prints what the clerk wrote.
    assert_eq!(record(&r, "t").text, "1.2亿元");

    // The workbook holds the converted values.
    let bytes = xlsx::write(&l.report).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("指标").unwrap();
    let values: Vec<Data> = sheet.rows().skip(2).map(|row| row[5].clone()).collect();
    assert_eq!(
        values,
        [Data::Float(12000.0), Data::Float(0.3), Data::Float(2200.0)]
    );
}

#[test]
fn an_override_to_another_kind_of_unit_is_an_error_at_the_entry() {
    let y = yaml("办件{12件|a}。", "  a: {name: 办件, unit: 元}\n");
    let e = errors(&y);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].code, "unit-mismatch");
    assert_eq!(e[0].path.as_deref(), Some("indicators.a"));
    assert_eq!(e[0].line, 8);
    assert!(e[0].message.contains("12件"), "{}", e[0].message);
}

#[test]
fn a_breakdown_across_magnitudes_adds_up() {
    let y = yaml(
        "总投资{1.2亿元|t}，其中一期{8000万元|a}，二期{4000万元|b}。",
        "  t: {name: 总投资, complete: true}\n  a: {name: 一期, parent: t}\n  b: {name: 二期, parent: t}\n",
    );
    let l = loaded(&y);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);

    // The 校验 sheet converts too: 1.2亿元 is 12000 万元 there, and the formulas say so.
    let bytes = xlsx::write(&l.report).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("校验").unwrap();
    let row: Vec<Data> = sheet.rows().nth(2).unwrap().to_vec();
    assert_eq!(row[3], Data::Float(12000.0));
    assert_eq!(row[4], Data::Float(12000.0));
    assert_eq!(row[7], Data::String("相符".into()));
    let formulas = wb.worksheet_formula("校验").unwrap();
    let f: Vec<String> = formulas.rows().flat_map(|r| r.to_vec()).collect();
    let joined = f.join(" | ");
    assert!(joined.contains("\"亿元\")*10000"), "{joined}");

    // One 万元 more and the complete breakdown no longer adds up.
    let e = errors(&y.replace("4000万元", "4001万元"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].code, "breakdown-sum");
    assert!(e[0].message.contains("12001万元"), "{}", e[0].message);
}

/// 岳阳: "清理900余件，其中废止139件、修改18件" — the rest were kept, and not listed.
fn partial(entry: &str) -> String {
    yaml(
        "清理规范性文件{900余件|cleared}，其中废止{139件|repealed}、修改{18件|amended}。",
        &format!(
            "  cleared: {entry}\n  repealed: {{name: 废止件数, parent: cleared, catalogue: reg_cleanup_repealed}}\n  amended: {{name: 修改件数, parent: cleared, catalogue: reg_cleanup_amended}}\n"
        ),
    )
}

#[test]
fn a_partial_breakdown_passes_unless_it_says_it_is_complete() {
    let l = loaded(&partial("{name: 清理件数, catalogue: reg_cleanup_total}"));
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);

    let e = errors(&partial(
        "{name: 清理件数, catalogue: reg_cleanup_total, complete: true}",
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].code, "breakdown-sum");
    assert_eq!(e[0].path.as_deref(), Some("indicators.cleared"));
    assert!(e[0].help.as_deref().unwrap().contains("complete"));

    // Parts beyond their total are wrong either way.
    let over = yaml(
        "办件{100件|t}，其中咨询{80件|a}，投诉{30件|b}。",
        "  t: 办件\n  a: {name: 咨询, parent: t}\n  b: {name: 投诉, parent: t}\n",
    );
    let e = errors(&over);
    assert_eq!(e[0].code, "breakdown-sum");
    assert!(e[0].message.contains("more than"), "{}", e[0].message);
}

#[test]
fn a_partial_breakdown_is_within_its_total_on_the_check_sheet() {
    let l = loaded(&partial("{name: 清理件数, catalogue: reg_cleanup_total}"));
    let bytes = xlsx::write(&l.report).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("校验").unwrap();
    let row: Vec<Data> = sheet.rows().nth(2).unwrap().to_vec();
    assert_eq!(row[5], Data::Float(900.0 - 157.0));
    assert_eq!(row[7], Data::String("未超出（分项未列全）".into()));
    let formulas = wb.worksheet_formula("校验").unwrap();
    let f: Vec<String> = formulas.rows().flat_map(|r| r.to_vec()).collect();
    assert!(f.iter().any(|f| f.contains("IF(F3>0")), "{f:?}");
}

#[test]
fn a_mark_that_is_not_a_number_is_an_error_where_it_stands() {
    for (mark, col) in [
        ("{1e10个|x}", 7),
        ("{1,2,3件|x}", 7),
        ("{个|x}", 7),
        ("{|x}", 7),
    ] {
        let y = yaml(&format!("共有{mark}。"), "  x: 数量\n");
        let e = errors(&y);
        assert_eq!(e.len(), 1, "{mark}: {e:?}");
        assert_eq!(e[0].code, "bad-mark", "{mark}");
        assert_eq!((e[0].line, e[0].column), (3, col), "{mark}");
        assert_eq!(e[0].severity, Severity::Error);
    }
    // What was valid stays valid: thousands separators, Chinese numerals, decimals.
    let y = yaml(
        "办件{1,020件|a}，培训{十二次|b}，覆盖{万余人次|c}，通过率{96.4%|d}。",
        "  a: 办件\n  b: 培训\n  c: 覆盖\n  d: 通过率\n",
    );
    let r = collect(&loaded(&y).report);
    let values: Vec<Decimal> = r.iter().map(|r| r.value).collect();
    assert_eq!(values, [dec("1020"), dec("12"), dec("10000"), dec("96.4")]);
}

#[test]
fn a_long_value_is_exact_and_a_text_cell_with_a_warning() {
    let digits = "1234567890123456789012345";
    let y = yaml(&format!("编号总数{{{digits}个|n}}。"), "  n: 编号总数\n");
    let l = loaded(&y);
    let r = collect(&l.report);
    assert_eq!(r[0].value.to_string(), digits);
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    let w = &l.warnings[0];
    assert_eq!(w.code, "value-not-exact-in-excel");
    assert_eq!((w.line, w.column), (3, 9));

    let bytes = xlsx::write(&l.report).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("指标").unwrap();
    let row: Vec<Data> = sheet.rows().nth(2).unwrap().to_vec();
    assert_eq!(row[5], Data::String(digits.into()));
    assert!(
        matches!(&row[9], Data::String(s) if s.contains(digits)),
        "{row:?}"
    );

    // The binary says so where the number stands, and still builds.
    let run = check(&y, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("value-not-exact-in-excel"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("r.yaml:3:9"), "{}", run.stderr);
    let run = build(&y, &["xlsx", "text"], &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = String::from_utf8(run.files["r.txt"].clone()).unwrap();
    assert!(text.contains(&format!("{digits}个")), "{text}");
}

#[test]
fn the_binary_refuses_scientific_notation_at_the_mark() {
    let run = check(&yaml("共有{1e10个|x}。", "  x: 数量\n"), &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("r.yaml:3:7"), "{}", run.stderr);
    assert!(run.stderr.contains("scientific notation"), "{}", run.stderr);
}

#[test]
fn the_sample_loads_cleanly_with_its_values() {
    let l = load(SAMPLE);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    let r = collect(&report(SAMPLE));
    assert_eq!(r.len(), 40);
    assert_eq!(record(&r, "service_center_investment").value, dec("2200"));
    assert!(l.report.info("hotline_cases").unwrap().complete);
    // 815 + 205 = 1020 keeps its teeth: the breakdown is complete.
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let e = errors(&text.replace("{205件|", "{204件|"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].code, "breakdown-sum");
}
