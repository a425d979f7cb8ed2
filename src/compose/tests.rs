use super::*;
use crate::model::*;

fn report(yaml: &str) -> Report {
    crate::parse(yaml, "t.yaml").expect("valid").report
}

#[test]
fn end_block_labels_and_brackets_are_composed_once() {
    let r = report(
        "title: 关于测试的报告\naddressee: 某某局：\nbody:\n  - 正文。\nattachments:\n  - title: 甲表\n  - title: 乙表\nsignature:\n  issuers: 某县人民政府\n  date: 2026-01-05\nnote: （此件公开发布）\n",
    );
    let c = compose(&r);
    let texts: Vec<String> = c.flow().map(Part::text).filter(|t| !t.is_empty()).collect();
    assert_eq!(
        texts,
        [
            "关于测试的报告",
            "某某局：",
            "正文。",
            "附件：1.甲表",
            "2.乙表",
            "某县人民政府2026年1月5日",
            "（此件公开发布）",
            "附件1",
            "甲表",
            "附件2",
            "乙表"
        ]
    );
    // The end block is kept with the last body line.
    let body = c.parts.iter().position(|p| p.text() == "正文。").unwrap();
    assert!(c.parts[body].keep_with_next);
    let note = c
        .parts
        .iter()
        .position(|p| p.element == Element::Note)
        .unwrap();
    assert!(!c.parts[note].keep_with_next);
    assert!(c.parts[note + 1].page_break_before);
}

#[test]
fn metadata_prefers_the_printed_doc_number_and_a_fixed_undated_date() {
    let r = report(
        "publication:\n  index_number: x/1\n  doc_number: 网〔2026〕9号\n  publisher: 某县\n  name: 报告\n  validity: ''\n  published: ''\nhead:\n  doc_number: 某政发〔2026〕1号\ntitle: 报告\nbody:\n  - 正文。\n",
    );
    let m = compose(&r).meta;
    assert_eq!(m.doc_number.as_deref(), Some("某政发〔2026〕1号"));
    assert_eq!(m.field("发文字号"), Some("某政发〔2026〕1号"));
    if std::env::var_os("SOURCE_DATE_EPOCH").is_none() {
        assert_eq!(m.date, None);
        assert_eq!(m.date_or_undated(), UNDATED);
    }
}

#[test]
fn run_in_heading_is_one_part_with_heading_and_body_spans() {
    let r = report(
        "title: 报告\nbody:\n  - heading: 总体情况\n    body:\n      - heading: 强化领导。\n        text: 召开会议{3次|m}。\nindicators:\n  m: 会议次数\n",
    );
    let c = compose(&r);
    let h2 = c
        .parts
        .iter()
        .find(|p| p.element == Element::Heading2)
        .unwrap();
    let Content::Text(spans) = &h2.content else {
        panic!("text")
    };
    assert_eq!(spans[0].text, "（一）强化领导。");
    assert_eq!(spans[0].element, Element::Heading2);
    assert_eq!(spans[1].element, Element::Body);
    assert_eq!(spans[2].indicator.as_deref(), Some("m"));
    assert_eq!(h2.outline, Some((1, "（一）强化领导".to_string())));
    assert!(!h2.keep_with_next);
    let h1 = c
        .parts
        .iter()
        .find(|p| p.element == Element::Heading1)
        .unwrap();
    assert!(h1.keep_with_next);
    assert_eq!(page_number(7), "— 7 —");
}
