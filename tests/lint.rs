//! `gongwen check` lint rules: each one warns with a location and a fix, and
//! `--deny-warnings` turns warnings into a failing exit code.

mod common;

use gongwen::diag::{Diagnostic, Severity};

fn warnings(yaml: &str) -> Vec<Diagnostic> {
    match gongwen::parse(yaml, "t.yaml") {
        Ok(l) => l.warnings,
        Err(d) => panic!("rejected: {d:?}"),
    }
}

fn only(yaml: &str, code: &str) -> Diagnostic {
    let w: Vec<Diagnostic> = warnings(yaml)
        .into_iter()
        .filter(|d| d.code == code)
        .collect();
    assert_eq!(w.len(), 1, "expected one {code}: {w:?}");
    assert_eq!(w[0].severity, Severity::Warning);
    w[0].clone()
}

const SIGNED: &str = "signature:\n  issuers: 某县人民政府\n  date: 2025-12-31\n";

#[test]
fn half_width_punctuation_between_chinese() {
    let d = only(
        "title: 报告\nbody:\n  - 甲乙,丙丁。\n",
        "half-width-punctuation",
    );
    assert_eq!((d.line, d.column), (3, 7));
    assert!(d.help.unwrap().contains('，'));
    // Between Latin letters or digits it is fine.
    assert!(warnings("title: 报告\nbody:\n  - 版本1,2和a(b)c均可。\n").is_empty());
}

#[test]
fn unmarked_numbers() {
    let d = only(
        "title: 报告\nbody:\n  - 全年办理案件12件。\n",
        "unmarked-number",
    );
    assert_eq!((d.line, d.column), (3, 11));
    assert!(d.message.contains("12件"));
    assert!(d.help.unwrap().contains("{12件|some_id}"));
    // Years, names, book titles and marked numbers are not reported.
    let ok = "title: 报告\nbody:\n  - 2025年《纲要（2021-2025）》“12345热线”办理{12件|a}。\nindicators:\n  a: 件数\n";
    assert!(warnings(ok).is_empty(), "{:?}", warnings(ok));
}

#[test]
fn doc_number_form() {
    let head = |n: &str| {
        format!("head:\n  issuers: 某县人民政府\n  doc_number: {n}\ntitle: 报告\nbody: [正文。]\n")
    };
    assert!(only(&head("某政发[2026]1号"), "doc-number")
        .message
        .contains("uses `[`"));
    assert!(only(&head("某政发〔2026〕第1号"), "doc-number")
        .message
        .contains("第"));
    let d = only(&head("某政发〔2026〕001号"), "doc-number");
    assert!(d.message.contains("leading zeros"));
    assert_eq!(d.help.unwrap(), "no leading zeros: 某政发〔2026〕1号");
    assert_eq!((d.line, d.path.as_deref()), (3, Some("head.doc_number")));
    assert!(warnings(&head("某政发〔2026〕12号")).is_empty());
}

#[test]
fn signed_after_published() {
    let yaml =
        format!("publication:\n  published: 2025-12-30\ntitle: 报告\nbody: [正文。]\n{SIGNED}");
    let d = only(&yaml, "date-order");
    assert!(
        d.message.contains("2025年12月31日") && d.message.contains("2025年12月30日"),
        "{}",
        d.message
    );
    assert_eq!(d.path.as_deref(), Some("signature"));
}

#[test]
fn signature_differs_from_issuer_mark() {
    let yaml =
        format!("head:\n  issuers: 某县人民政府办公室\ntitle: 报告\nbody: [正文。]\n{SIGNED}");
    let d = only(&yaml, "signature-issuer");
    assert!(d.message.contains("某县人民政府办公室"));
    assert_eq!(d.line, 6);
}

#[test]
fn unused_indicator_and_empty_section() {
    let d = only(
        "title: 报告\nbody: [正文。]\nindicators:\n  a: 件数\n",
        "unused-indicator",
    );
    assert_eq!((d.line, d.path.as_deref()), (4, Some("indicators.a")));
    let d = only(
        "title: 报告\nbody:\n  - heading: 空的部分\n",
        "empty-section",
    );
    assert!(d.message.contains("一、空的部分"));
    assert_eq!(d.line, 3);
}

#[test]
fn title_over_three_lines() {
    let long = "关于".repeat(31);
    let d = only(&format!("title: {long}\nbody: [正文。]\n"), "long-title");
    assert!(d.message.contains("4 lines"), "{}", d.message);
    assert!(warnings("title: 普兰县2025年法治政府建设年度报告\nbody: [正文。]\n").is_empty());
}

#[test]
fn deny_warnings_fails_the_check() {
    let dir = common::tempdir();
    let f = dir.path().join("r.yaml");
    std::fs::write(&f, "title: 报告\nbody:\n  - 甲,乙。\n").unwrap();
    let run = |extra: &[&str]| {
        common::bin()
            .arg("check")
            .args(extra)
            .arg(&f)
            .output()
            .unwrap()
    };
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("警告[half-width-punctuation]"));
    assert_eq!(run(&["--deny-warnings"]).status.code(), Some(1));
}

#[test]
fn space_between_number_and_chinese() {
    let d = only(
        "title: 报告\nbody:\n  - 全县共{12 件|a}。\nindicators:\n  a: 件数\n",
        "space-in-text",
    );
    assert_eq!((d.line, d.column), (3, 11));
    assert!(d.message.contains("`2` and `件`"), "{}", d.message);
    // A space between Chinese words is the writer's choice (“谁执法 谁普法”).
    assert!(warnings("title: 报告\nbody:\n  - 坚持“谁执法 谁普法”原则。\n").is_empty());
}
