//! Importing the published text of the Purang report: the text round trip, the structure and
//! the numbers of the hand-written YAML, and the YAML writer's own round trip.

mod common;

use common::parse;
use gongwen::import;
use gongwen::model::{Block, Inline};
use gongwen::yaml::to_yaml;

const SAMPLE_TXT: &str = include_str!("fixtures/purang-2025.published.txt");
const SAMPLE_YAML: &str = include_str!("../input/purang-2025.yaml");
const JOINT_YAML: &str = include_str!("../input/joint-notice.yaml");

/// The published sample with its ASCII , ( ) after the metadata block made full-width.
fn expected_text() -> String {
    let mut out = String::new();
    for (i, line) in SAMPLE_TXT.lines().enumerate() {
        if i < 7 {
            out.push_str(line);
        } else {
            out.extend(line.chars().map(|c| match c {
                ',' => '，',
                '(' => '（',
                ')' => '）',
                c => c,
            }));
        }
        out.push('\n');
    }
    out
}

#[test]
fn sample_text_round_trips() {
    let imported = import::from_text(SAMPLE_TXT);
    let yaml = to_yaml(&imported.report, &import::header_comment("sample.txt"));
    let report = parse(&yaml);
    let text = gongwen::export::text::write(&report);
    let expected = expected_text();
    if text != expected {
        for (n, (a, b)) in text.lines().zip(expected.lines()).enumerate() {
            assert_eq!(a, b, "line {} differs", n + 1);
        }
        assert_eq!(text.lines().count(), expected.lines().count(), "line count");
        assert_eq!(text, expected);
    }
    // Nothing was unplaced on the way.
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn sample_punctuation_summary() {
    let imported = import::from_text(SAMPLE_TXT);
    let counts = imported.punctuation.counts();
    let body = &SAMPLE_TXT[SAMPLE_TXT
        .find("普兰县2025年法治政府建设年度报告\n2025")
        .unwrap()..];
    let n = |c: char| body.chars().filter(|&x| x == c).count();
    assert_eq!(
        counts,
        vec![
            ('(', '（', n('(')),
            (')', '）', n(')')),
            (',', '，', n(','))
        ]
    );
    assert!(n(',') > 100);
    let summary = imported.punctuation.render(3, gongwen::diag::Lang::En);
    assert!(
        summary.contains(&format!(", → ，  {:>4}  (at 9:", n(','))),
        "{summary}"
    );
    // The metadata block keeps its half-width colons.
    let p = imported.report.publication.as_ref().unwrap();
    assert_eq!(p.index_number, "pnx/2026-00010");
    assert_eq!(p.published, "2026-01-12");
    assert_eq!(p.name, "普兰县2025年法治政府建设年度报告");
}

/// A block's shape: kind, level, heading and the text with marks replaced by their print.
#[derive(Debug, PartialEq)]
enum Shape {
    Para(String, usize),
    Section(u8, u32, String, Option<(String, usize)>, Vec<Shape>),
    Table,
}

fn points(inlines: &[Inline]) -> usize {
    inlines
        .iter()
        .filter(|i| matches!(i, Inline::PointLabel(_)))
        .count()
}

fn shape(blocks: &[Block]) -> Vec<Shape> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => Shape::Para(p.text(), points(&p.inlines)),
            Block::Section(s) => Shape::Section(
                s.level,
                s.ordinal,
                s.heading_text(),
                s.lead.as_ref().map(|l| (l.text(), points(&l.inlines))),
                shape(&s.body),
            ),
            Block::Table(_) => Shape::Table,
        })
        .collect()
}

#[test]
fn sample_has_the_structure_and_numbers_of_the_hand_written_yaml() {
    let hand = parse(SAMPLE_YAML);
    let imported = parse(&to_yaml(&import::from_text(SAMPLE_TXT).report, &[]));
    assert_eq!(shape(&imported.body), shape(&hand.body));
    assert_eq!(imported.title, hand.title);
    assert_eq!(imported.signature, hand.signature);
    assert_eq!(imported.publication, hand.publication);

    let want = gongwen::indicators::collect(&hand);
    let got = gongwen::indicators::collect(&imported);
    assert_eq!(want.len(), 40);
    // Match by position in the text (the excerpt and the printed number), never by id.
    let same = want
        .iter()
        .filter(|w| {
            got.iter().any(|g| {
                g.excerpt == w.excerpt
                    && g.text == w.text
                    && g.value == w.value
                    && g.unit == w.unit
                    && g.qualifier == w.qualifier
            })
        })
        .count();
    assert!(
        same * 10 >= want.len() * 9,
        "only {same} of {} indicators match",
        want.len()
    );
    // Nothing that is not a number of the report was marked.
    for g in &got {
        assert!(
            want.iter()
                .any(|w| w.excerpt == g.excerpt && w.text == g.text),
            "marked a number the hand-written YAML does not: {} in {}",
            g.text,
            g.excerpt
        );
    }
    // 其中 breakdowns point at their total.
    let id_of = |text: &str, excerpt_has: &str| {
        got.iter()
            .find(|g| g.text == text && g.excerpt.contains(excerpt_has))
            .unwrap()
            .id
            .clone()
    };
    let total = id_of("1020件", "热线办件");
    for part in ["815件", "205件"] {
        let r = got.iter().find(|g| g.text == part).unwrap();
        assert_eq!(r.parent.as_deref(), Some(total.as_str()), "{part}");
    }
    let invest = got.iter().find(|g| g.text == "2200万").unwrap();
    assert_eq!(invest.unit, "万元");
    eprintln!("{same} of {} indicators match", want.len());
}

#[test]
fn yaml_writer_round_trips_the_hand_written_reports() {
    for (name, src) in [("purang", SAMPLE_YAML), ("joint", JOINT_YAML)] {
        let model = parse(src);
        let yaml = to_yaml(&model, &[]);
        let back = parse(&yaml);
        assert_eq!(back, model, "{name}:\n{yaml}");
    }
}

#[test]
fn yaml_writer_round_trips_the_imported_model() {
    let imported = import::from_text(SAMPLE_TXT).report;
    let yaml = to_yaml(&imported, &[]);
    assert_eq!(parse(&yaml), imported, "{yaml}");
}

#[test]
fn imported_yaml_reads_like_the_hand_written_one() {
    let yaml = to_yaml(&import::from_text(SAMPLE_TXT).report, &[]);
    for want in [
        "publication:\n  index_number: pnx/2026-00010\n  doc_number: \"\"\n",
        "  published: 2026-01-12\n\ntitle: 普兰县2025年法治政府建设年度报告\n\nbody:\n  - 2025年是",
        "  - heading: 工作开展情况\n    body:\n      - heading: 强化组织领导，筑牢法治政府建设根基。\n        points:\n          - 压实主体责任。",
        "      - heading: 法治建设均衡性不足。\n        text: 部分乡镇",
        "覆盖干部职工{500余人次|",
        "signature:\n  issuers: 普兰县人民政府\n  date: 2025-12-31\n  sealed: true\n",
        // The first number is the catalogue concept of 常务会议、专题会议, and says so.
        "\nindicators:\n  org_law_meetings: 法治建设专题会议  # 目录：",
    ] {
        assert!(yaml.contains(want), "missing {want:?} in\n{yaml}");
    }
    // One paragraph per line: no folded scalars.
    assert!(!yaml.contains(": >") && !yaml.contains(": |"));
}
