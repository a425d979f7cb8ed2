//! The YAML source: the sample loads completely, the text exporter reproduces the published
//! report, and every kind of bad input gets a message that names where and what.

mod common;

use common::SAMPLE;
use gongwen::diag::Diagnostic;
use gongwen::indicators::collect;
use gongwen::model::{Block, Decimal, Inline};

const PUBLISHED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/purang-2025.published.txt"
);

fn sample_text() -> String {
    std::fs::read_to_string(SAMPLE).unwrap()
}

fn errors(yaml: &str) -> Vec<Diagnostic> {
    match gongwen::parse(yaml, "test.yaml") {
        Ok(_) => panic!("expected the input to be rejected:\n{yaml}"),
        Err(d) => d.into_iter().filter(|d| d.is_error()).collect(),
    }
}

/// The published text with the only allowed change: after the metadata block, half-width
/// , ( ) become full-width.
fn expected_text() -> String {
    let published = std::fs::read_to_string(PUBLISHED).unwrap();
    let lines: Vec<&str> = published.split('\n').collect();
    let mut out: Vec<String> = lines[..7].iter().map(|s| s.to_string()).collect();
    out.extend(
        lines[7..]
            .iter()
            .map(|l| l.replace(',', "，").replace('(', "（").replace(')', "）")),
    );
    out.join("\n")
}

#[test]
fn text_export_reproduces_the_published_report() {
    let loaded = gongwen::load(SAMPLE.as_ref()).unwrap();
    let text = gongwen::export::text::write(&loaded.report);
    let expected = expected_text();
    if text != expected {
        for (i, (a, b)) in text.lines().zip(expected.lines()).enumerate() {
            assert_eq!(a, b, "line {} differs", i + 1);
        }
        assert_eq!(text.lines().count(), expected.lines().count(), "line count");
        assert_eq!(text, expected);
    }
    // The metadata lines are reproduced exactly as published, half-width colons included.
    assert!(text.contains("\n- 索引号:pnx/2026-00010\n- 发文字号:\n"));
    assert!(text.contains("《法治政府建设实施纲要（2021-2025）》"));
}

#[test]
fn sample_loads_without_warnings() {
    let loaded = gongwen::load(SAMPLE.as_ref()).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let r = &loaded.report;
    assert_eq!(r.title.text, "普兰县2025年法治政府建设年度报告");
    let sig = r.signature.as_ref().unwrap();
    assert_eq!(sig.issuers, ["普兰县人民政府"]);
    assert_eq!(sig.date.unwrap().chinese(), "2025年12月31日");
    let publication = r.publication.as_ref().unwrap();
    assert_eq!(publication.index_number, "pnx/2026-00010");
    assert_eq!(publication.published_date.unwrap().iso(), "2026-01-12");
    // Three parts, each with its numbered subsections; labels are generated.
    let parts: Vec<String> = r
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Section(s) => Some(s.full_heading()),
            _ => None,
        })
        .collect();
    assert_eq!(
        parts,
        [
            "一、工作开展情况",
            "二、存在的问题与不足",
            "三、下一步工作打算"
        ]
    );
    let subsections: Vec<String> = r
        .sections()
        .iter()
        .filter(|s| s.level == 2)
        .map(|s| s.label())
        .collect();
    assert_eq!(subsections.len(), 10);
    assert_eq!(subsections[9], "（四）");
    // 一是/二是 lead-ins come from the structure.
    let labels: Vec<&str> = r.sections()[1]
        .lead
        .as_ref()
        .unwrap()
        .inlines
        .iter()
        .filter_map(|i| match i {
            Inline::PointLabel(l) => Some(l.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(labels, ["一是", "二是", "三是"]);
}

#[test]
fn sample_marks_every_reported_number() {
    let loaded = gongwen::load(SAMPLE.as_ref()).unwrap();
    let records = collect(&loaded.report);
    assert!(records.len() >= 38, "only {} indicators", records.len());
    let get = |id: &str| {
        records
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let a = get("lecture_attendance");
    assert_eq!(
        (
            a.value,
            a.qualifier.as_str(),
            a.unit.as_str(),
            a.text.as_str()
        ),
        (Decimal::from(500), "余", "人次", "500余人次")
    );
    let v = get("online_views");
    assert_eq!(
        (v.value, v.qualifier.as_str(), v.unit.as_str()),
        (Decimal::from(10000), "余", "次")
    );
    let t = get("training_per_year");
    assert_eq!(
        (t.value, t.qualifier.as_str()),
        (Decimal::from(4), "不少于")
    );
    assert_eq!(get("service_center_investment").unit, "万元");
    assert_eq!(
        get("hotline_consultations").parent.as_deref(),
        Some("hotline_cases")
    );
    assert_eq!(
        get("hotline_complaints").parent.as_deref(),
        Some("hotline_cases")
    );
    assert_eq!(get("hotline_cases").value, Decimal::from(1020));
    assert!(get("filing_pass_rate").excerpt.contains("备案通过率100%"));
    assert_eq!(
        get("hotline_cases").subsection,
        "（二）聚焦重点任务，提升法治政府建设质效。"
    );
    assert_eq!(get("hotline_cases").part, "一、工作开展情况");
    // Every qualified number keeps its qualifier.
    let qualified = records.iter().filter(|r| !r.qualifier.is_empty()).count();
    assert!(qualified >= 7, "{qualified} qualified");
    for r in &records {
        assert!(
            r.excerpt.contains(&r.text),
            "{}: excerpt lacks {}",
            r.id,
            r.text
        );
        assert!(!r.name.is_empty(), "{} has no name", r.id);
    }
}

#[test]
fn check_verifies_the_breakdown_sum() {
    // 815 + 205 = 1020 holds in the sample; change one child and check refuses.
    let broken = sample_text().replace(
        "{815件|hotline_consultations}",
        "{816件|hotline_consultations}",
    );
    let e = errors(&broken);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].code, "breakdown-sum");
    assert!(
        e[0].message.contains("816件 + 205件 add up to 1021"),
        "{}",
        e[0].message
    );
    assert!(e[0].message.contains("1020件"));
    assert_eq!(e[0].path.as_deref(), Some("indicators.hotline_cases"));
    let line = sample_text()
        .lines()
        .position(|l| l.starts_with("  hotline_cases:"))
        .unwrap()
        + 1;
    assert_eq!(e[0].line, line);
}

#[test]
fn misspelt_key_names_line_and_suggests_the_key() {
    let yaml = "title: 报告\nbody:\n  - 正文。\nsignatur:\n  issuers: 某县人民政府\n";
    let e = errors(yaml);
    assert_eq!(e[0].code, "unknown-key");
    assert_eq!(e[0].message, "unknown key `signatur`");
    assert_eq!(e[0].line, 4);
    assert!(
        e[0].help
            .as_deref()
            .unwrap()
            .contains("did you mean `signature`?"),
        "{:?}",
        e[0].help
    );
    // Nested: a misspelt key inside a section names its path.
    let yaml = "title: 报告\nbody:\n  - heading: 一\n    bdy:\n      - x\n";
    let e = errors(yaml);
    assert_eq!(e[0].line, 4);
    assert!(e[0].help.as_deref().unwrap().contains("`body`"));
    assert_eq!(e[0].path.as_deref(), Some("body[0]"));
}

#[test]
fn not_yaml_names_line_and_column() {
    let e = errors("title: 报告\nbody:\n  - [未闭合\n  - x\n");
    assert_eq!(e[0].code, "yaml");
    assert!(e[0].line >= 3, "{e:?}");
    assert!(e[0].column >= 1);
    let e = errors("title: 报告\nbody:\n\t- 制表符缩进\n");
    assert_eq!(e[0].line, 3, "{e:?}");
}

#[test]
fn wrong_type_names_the_key() {
    let e = errors("title: 报告\nbody: 只有一段\n");
    assert_eq!(e[0].code, "wrong-type");
    assert_eq!(e[0].path.as_deref(), Some("body"));
    assert_eq!(e[0].line, 2);
    let e = errors("title: 报告\nbody: []\nsignature:\n  issuers: 县政府\n  sealed: 是\n");
    assert_eq!(e[0].path.as_deref(), Some("signature.sealed"));
    assert_eq!(e[0].line, 5);
}

#[test]
fn semantic_errors_name_the_yaml_path_and_line() {
    // A duplicate indicator id.
    let yaml = "title: 报告\nbody:\n  - 甲{3次|a}，乙{4次|a}。\nindicators:\n  a: 次数\n";
    let e = errors(yaml);
    assert_eq!(e[0].code, "duplicate-indicator");
    assert_eq!(e[0].path.as_deref(), Some("body[0]"));
    assert_eq!((e[0].line, e[0].column), (3, 14));
    // An invalid date.
    let yaml = "title: 报告\nbody: [正文。]\nsignature:\n  issuers: 县政府\n  date: 2025-02-30\n";
    let e = errors(yaml);
    assert_eq!(e[0].code, "invalid-date");
    assert_eq!(e[0].path.as_deref(), Some("signature.date"));
    assert_eq!(e[0].line, 5);
    // An empty section would make the numbering jump (一、 then 三、).
    let yaml = "title: 报告\nbody:\n  - heading: 第一部分\n    body: [甲。]\n  - heading:\n  - heading: 第三部分\n    body: [乙。]\n";
    let e = errors(yaml);
    assert_eq!(e[0].code, "empty-section");
    assert!(e[0].message.contains("二、"), "{}", e[0].message);
    assert_eq!(e[0].path.as_deref(), Some("body[1].heading"));
    assert_eq!(e[0].line, 5);
    // An indicator without a name, and an unknown parent.
    let yaml = "title: 报告\nbody:\n  - 共{3件|a}。\nindicators:\n  b: {name: 乙, parent: c}\n";
    let e = errors(yaml);
    let codes: Vec<&str> = e.iter().map(|d| d.code).collect();
    assert!(
        codes.contains(&"unnamed-indicator") && codes.contains(&"unknown-parent"),
        "{codes:?}"
    );
}

#[test]
fn marks_are_checked() {
    let e = errors("title: 报告\nbody:\n  - 共{3件}。\n");
    assert_eq!(e[0].code, "bad-mark");
    assert_eq!((e[0].line, e[0].column), (3, 6));
    let e = errors("title: 报告\nbody:\n  - 共{若干件|a}。\nindicators:\n  a: 件数\n");
    assert_eq!(e[0].code, "bad-mark");
    let e = errors("title: 报告\nbody:\n  - 共{3件|a。\n");
    assert_eq!(e[0].code, "unclosed-mark");
    // Literal braces are written twice.
    let ok = gongwen::parse("title: 报告\nbody:\n  - 甲{{乙}}丙。\n", "t.yaml").unwrap();
    assert_eq!(
        gongwen::export::text::write(&ok.report),
        "报告\n甲{乙}丙。\n"
    );
}

#[test]
fn diagnostics_print_like_a_compiler() {
    let e = errors("title: 报告\nbody: []\nsignatur: x\n");
    let shown = e[0].to_string();
    assert!(
        shown.starts_with("error[unknown-key]: unknown key `signatur`\n"),
        "{shown}"
    );
    assert!(shown.contains("--> test.yaml:3:1"), "{shown}");
    assert!(shown.contains(" 3 | signatur: x"), "{shown}");
    assert!(shown.contains("help: did you mean `signature`?"), "{shown}");
}

#[test]
fn schema_validates_the_samples_and_is_current() {
    let text = gongwen::yaml::schema();
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/input/gongwen.schema.json"
    ))
    .unwrap();
    assert!(
        committed.trim_end() == text.trim_end(),
        "input/gongwen.schema.json is stale: run `gongwen schema > input/gongwen.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for file in ["purang-2025.yaml", "joint-notice.yaml"] {
        let text = std::fs::read_to_string(format!("{}/input/{file}", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
        let yaml: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        let errs: Vec<String> = validator
            .iter_errors(&yaml)
            .map(|e| e.to_string())
            .collect();
        assert!(errs.is_empty(), "{file}: {errs:?}");
    }
    // And it rejects what the loader rejects.
    let bad: serde_json::Value = serde_yaml::from_str("title: x\nbody: []\nsignatur: y\n").unwrap();
    assert!(!validator.is_valid(&bad));
    let bad: serde_json::Value =
        serde_yaml::from_str("title: x\nbody:\n  - heading: a\n    bdy: []\n").unwrap();
    assert!(!validator.is_valid(&bad));
}
