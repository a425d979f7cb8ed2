//! Text hygiene at load time: every text reaches the model tidied once, whichever format is
//! written from it, and characters no document can carry are errors that name the character
//! and where it stands in the YAML.

mod common;

use common::parse as report;
use gongwen::diag::Diagnostic;
use gongwen::model::{Block, Inline, Report};

fn errors(yaml: &str) -> Vec<Diagnostic> {
    match gongwen::parse(yaml, "test.yaml") {
        Ok(_) => panic!("expected the input to be rejected:\n{yaml}"),
        Err(d) => d.into_iter().filter(|d| d.is_error()).collect(),
    }
}

fn paragraph(r: &Report, i: usize) -> String {
    match &r.body[i] {
        Block::Paragraph(p) => p.text(),
        other => panic!("not a paragraph: {other:?}"),
    }
}

fn body(lines: &str) -> String {
    format!("title: 报告\nbody:\n{lines}")
}

#[test]
fn a_folded_line_joins_chinese_without_a_space() {
    let r = report(&body(
        "  - 第一段，\n    接着写。\n  - open\n    source 软件\n",
    ));
    assert_eq!(paragraph(&r, 0), "第一段，接着写。");
    assert_eq!(paragraph(&r, 1), "open source 软件");
}

#[test]
fn a_literal_block_joins_its_lines() {
    let r = report(&body(
        "  - |\n    第一行\n    第二行\n    open\n    source\n",
    ));
    assert_eq!(paragraph(&r, 0), "第一行第二行open source");
}

#[test]
fn tabs_and_escaped_line_breaks() {
    let r = report(&body(
        "  - \"甲\\t乙\\tand\\tthen\"\n  - \"第一行\\n第二行\"\n",
    ));
    assert_eq!(paragraph(&r, 0), "甲 乙 and then");
    assert_eq!(paragraph(&r, 1), "第一行第二行");
}

#[test]
fn half_width_marks_in_chinese_become_full_width_in_the_model() {
    let yaml = "title: 关于(试行)办法的报告\naddressee: \"县委,县政府:\"\nbody:\n  - 按规定(注)执行\n  - 共{3次|a},其中{1次|b}。\nnote: (此件公开发布)\nindicators:\n  a: 甲\n  b: 乙\n";
    let r = report(yaml);
    assert_eq!(r.title.text, "关于（试行）办法的报告");
    assert_eq!(r.addressee.as_deref(), Some("县委，县政府"));
    assert_eq!(paragraph(&r, 0), "按规定（注）执行");
    assert_eq!(paragraph(&r, 1), "共3次，其中1次。");
    let Block::Paragraph(p) = &r.body[1] else {
        unreachable!()
    };
    assert!(matches!(&p.inlines[1], Inline::Indicator(q) if q.text == "3次"));
    assert_eq!(r.note.as_deref(), Some("此件公开发布"));
}

#[test]
fn the_lint_still_reads_the_text_as_written() {
    let loaded = gongwen::parse(&body("  - 按规定(注)执行\n"), "test.yaml").unwrap();
    assert!(
        loaded
            .warnings
            .iter()
            .any(|d| d.code == "half-width-punctuation" && d.line == 3),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn publication_fields_are_kept_as_written() {
    let yaml = "publication:\n  name: 报告(全文),  附件\ntitle: 报告\nbody:\n  - 正文。\n";
    let r = report(yaml);
    assert_eq!(r.publication.unwrap().name, "报告(全文),  附件");
}

#[test]
fn a_control_character_is_an_error_at_its_place() {
    let e = errors(&body("  - 正文。\n  - \"第一\\u0007段\"\n"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].code, "unprintable-character");
    assert!(e[0].message.contains("U+0007"), "{}", e[0].message);
    assert!(e[0].message_zh.as_deref().unwrap().contains("U+0007"));
    assert!(e[0].help.is_some() && e[0].help_zh.is_some());
    // `  - "第一\u0007段"`: the escape starts at column 8.
    assert_eq!((e[0].line, e[0].column), (4, 8));
    assert_eq!(e[0].path.as_deref(), Some("body[1]"));
}

#[test]
fn a_noncharacter_is_an_error() {
    let e = errors("title: \"报告\\uFFFE\"\nbody:\n  - 正文。\n");
    assert_eq!(e[0].code, "unprintable-character");
    assert!(e[0].message.contains("U+FFFE"), "{}", e[0].message);
    assert_eq!((e[0].line, e[0].column), (1, 11));
    let e = errors("title: 报告\nbody:\n  - 正文。\npublication:\n  name: \"a\\x85\"\n");
    assert!(e[0].message.contains("U+0085"), "{}", e[0].message);
    assert_eq!((e[0].line, e[0].column), (5, 11));
}

#[test]
fn a_noncharacter_in_a_block_or_a_folded_line_is_found_where_it_stands() {
    let e = errors(&body("  - |\n    第一行\n    甲\u{FDD0}乙\n"));
    assert_eq!((e[0].line, e[0].column), (5, 6), "{e:?}");
    let e = errors(&body("  - 第一段，\n    接着\u{FDD0}写\n"));
    assert_eq!((e[0].line, e[0].column), (4, 7), "{e:?}");
    let e = errors(&body("  - '它''s \u{FDD0}'\n"));
    assert_eq!((e[0].line, e[0].column), (3, 11), "{e:?}");
}
