//! Reports in the styles other offices use, each imported to the structure a person reading
//! it would name: run-in and separate headings, 1. and （1） levels, 主送机关, joint issuers,
//! numbers with spaces, decimals and percentages.

mod common;

use common::parse;
use gongwen::import;
use gongwen::model::{Block, Inline, Report};
use gongwen::yaml::to_yaml;

fn fixture(name: &str) -> String {
    let p = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// The report as an indented outline: `§2 （一）heading | lead…` for sections, `¶` for
/// paragraphs (`[3 points]` when it has 一是…), and the head and end elements.
fn outline(r: &Report) -> String {
    fn lead(inlines: &[Inline]) -> String {
        let n = inlines
            .iter()
            .filter(|i| matches!(i, Inline::PointLabel(_)))
            .count();
        let text: String = gongwen::model::inline_text(inlines)
            .chars()
            .take(8)
            .collect();
        if n > 0 {
            format!("{text}… [{n} points]")
        } else {
            format!("{text}…")
        }
    }
    fn blocks(bs: &[Block], depth: usize, out: &mut String) {
        for b in bs {
            let pad = "  ".repeat(depth);
            match b {
                Block::Paragraph(p) => out.push_str(&format!("{pad}¶ {}\n", lead(&p.inlines))),
                Block::Section(s) => {
                    out.push_str(&format!("{pad}§{} {}", s.level, s.full_heading()));
                    if let Some(l) = &s.lead {
                        out.push_str(&format!(" | {}", lead(&l.inlines)));
                    }
                    out.push('\n');
                    blocks(&s.body, depth + 1, out);
                }
                Block::Table(t) => out.push_str(&format!("{pad}table {} rows\n", t.rows.len())),
            }
        }
    }
    let mut out = String::new();
    if let Some(p) = &r.publication {
        out.push_str(&format!(
            "publication: {} / {} / {} / {} / {} / {}\n",
            p.index_number, p.doc_number, p.publisher, p.name, p.validity, p.published
        ));
    }
    match &r.title.lines {
        Some(l) => out.push_str(&format!("title: {}\n", l.join(" / "))),
        None => out.push_str(&format!("title: {}\n", r.title.text)),
    }
    if let Some(a) = &r.addressee {
        out.push_str(&format!("addressee: {a}\n"));
    }
    blocks(&r.body, 0, &mut out);
    for a in &r.attachments {
        out.push_str(&format!("attachment: {}\n", a.title));
    }
    if let Some(s) = &r.signature {
        out.push_str(&format!(
            "signature: {} / {}\n",
            s.issuers.join(" + "),
            s.date.map(|d| d.iso()).unwrap_or_default()
        ));
    }
    if let Some(n) = &r.note {
        out.push_str(&format!("note: {n}\n"));
    }
    out
}

/// Each number: printed text, value, qualifier, unit (after overrides), and its parent's text.
fn numbers(r: &Report) -> Vec<String> {
    let recs = gongwen::indicators::collect(r);
    recs.iter()
        .map(|x| {
            let parent = x
                .parent
                .as_ref()
                .and_then(|p| recs.iter().find(|y| &y.id == p))
                .map(|p| format!(" ⊂ {}", p.text))
                .unwrap_or_default();
            format!("{} = {}{} {}{parent}", x.text, x.value, x.qualifier, x.unit)
        })
        .collect()
}

/// Non-blank characters, for "nothing invented, nothing dropped" (labels and line breaks
/// aside, the text must be the same).
fn ink(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Imports, checks the YAML round trip, and returns the report as the YAML reads back.
fn import_checked(name: &str) -> (Report, import::Imported) {
    let text = fixture(name);
    let imported = import::from_text(&text);
    let yaml = to_yaml(&imported.report, &import::header_comment(name));
    let back = parse(&yaml);
    assert_eq!(
        back, imported.report,
        "{name}: the YAML reads back differently\n{yaml}"
    );
    (back, imported)
}

/// The input text after its metadata lines, with the punctuation fixed as the import does.
fn body_ink(text: &str, meta_lines: usize) -> String {
    let mut s = gongwen::hanzi::Summary::default();
    let rest: Vec<String> = text
        .lines()
        .skip(meta_lines)
        .enumerate()
        .map(|(i, l)| gongwen::hanzi::punct::normalise(l, i + 1, &mut s))
        .collect();
    ink(&rest.join("\n"))
}

fn exported_body_ink(r: &Report) -> String {
    let t = gongwen::export::text::write(r);
    let skip = if r.publication.is_some() { 7 } else { 0 };
    ink(&t.lines().skip(skip).collect::<Vec<_>>().join("\n"))
}

#[test]
fn separate_headings_four_levels_spaces_and_joint_issuers() {
    let (r, imported) = import_checked("gaer-sfj-2025.txt");
    assert_eq!(
        outline(&r),
        "\
title: 噶尔县司法局关于2025年度法治政府建设 / 工作情况的报告
addressee: 县委、县政府
¶ 2025年，县司…
§1 一、主要工作及成效
  §2 （一）加强制度建设
    §3 1.规范性文件审查
      ¶ 全年审查县政府规…
    §3 2.重大行政决策
      ¶ 公布重大行政决策…
  §2 （二）规范行政执法
    §3 1.执法监督
      ¶ 开展行政执法案卷…
    §3 2.行政复议
      ¶ 全年受理行政复议…
§1 二、存在的问题
  §2 （一）队伍力量薄弱
    ¶ 全县专职法制审核…
§1 三、下一步打算
  §2 （一）提升执法能力
    ¶ 2026年计划组…
attachment: 2025年度行政执法统计表
attachment: 2026年法治政府建设工作要点
signature: 噶尔县司法局 + 噶尔县依法治县办公室 / 2026-01-15
"
    );
    assert_eq!(
        numbers(&r),
        [
            "12 件 = 12 件",
            "18 份 = 18 份",
            "46 条 = 46 条",
            "100% = 100 %",
            "3 项 = 3 项",
            "2 次 = 2 次",
            "86 卷 = 86 卷",
            "96.4% = 96.4 %",
            "18 次 = 18 次",
            "320人次 = 320 人次",
            "5 件 = 5 件",
            "3 件 = 3 件 ⊂ 5 件",
            "1 件 = 1 件 ⊂ 5 件",
            "1 件 = 1 件 ⊂ 5 件",
            "7 名 = 7 名",
            "不少于 6 次 = 6不少于 次",
        ]
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    // Half-width , : ; ( ) in Chinese text became full-width, and were counted.
    let counts = imported.punctuation.counts();
    assert!(counts.contains(&(':', '：', 2)), "{counts:?}");
    assert!(counts.contains(&(';', '；', 1)), "{counts:?}");
    assert!(counts.contains(&('(', '（', 4)), "{counts:?}");
    assert_eq!(
        body_ink(&fixture("gaer-sfj-2025.txt"), 0),
        exported_body_ink(&r)
    );
}

#[test]
fn run_in_headings_points_breakdowns_and_a_note() {
    let (r, imported) = import_checked("baga-township-2025.txt");
    assert_eq!(
        outline(&r),
        "\
title: 巴嘎乡人民政府2025年法治政府建设工作报告
addressee: 县人民政府
¶ 今年以来，我乡坚…
§1 一、工作开展情况
  §2 （一）强化组织保障。 | 乡党委、政府主要…
  §2 （二）深化普法宣传。 | 围绕“八五”普法… [3 points]
  §2 （三）化解矛盾纠纷
    §3 1.排查调处。 | 全年排查矛盾纠纷…
    §3 2.法律援助。 | 办理法律援助案件…
      §4 （1）民事援助。 | 重点为农牧民工讨…
      §4 （2）刑事援助。 | 为犯罪嫌疑人提供…
§1 二、存在问题
  ¶ 法治宣传的针对性…
§1 三、下一步工作计划
  ¶ 一是持续抓好“八… [2 points]
signature: 巴嘎乡人民政府 / 2025-12-20
note: 此件公开发布
"
    );
    assert_eq!(
        numbers(&r),
        [
            "4次 = 4 次",
            "9个 = 9 个",
            "32场次 = 32 场次",
            "约3000份 = 3000约 份",
            "15期 = 15 期",
            "万余人次 = 10000余 人次",
            "56名 = 56 名",
            "47件 = 47 件",
            "45件 = 45 件",
            "95.7% = 95.7 %",
            "12件 = 12 件",
            "9件 = 9 件 ⊂ 12件",
            "3件 = 3 件 ⊂ 12件",
            "1,075万元 = 1075 万元",
            "30余万元 = 30余 万元",
            "3人次 = 3 人次",
            "不少于60人次 = 60不少于 人次",
        ]
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert!(imported.punctuation.is_empty());
    // This office's layout is the one the text writer prints: the round trip is exact.
    let text = fixture("baga-township-2025.txt");
    let want: String = text.lines().map(|l| format!("{}\n", l.trim())).collect();
    assert_eq!(gongwen::export::text::write(&r), want);
}

#[test]
fn metadata_with_full_width_colons_level_four_and_issuers_on_two_lines() {
    let (r, imported) = import_checked("zhada-joint-2025.txt");
    assert_eq!(
        outline(&r),
        "\
publication: 000014349/2026-00021 / 札政发〔2026〕2号 / 札达县人民政府 / 札达县人民政府 札达县司法局关于2025年度法治政府建设情况的报告 / 有效 / 2026-01-20
title: 札达县人民政府　札达县司法局 / 关于2025年度法治政府建设情况的报告
addressee: 地区行署
¶ 根据《法治政府建…
§1 一、主要做法
  §2 （一）健全依法决策机制
    §3 1.落实合法性审查
      §4 （1）审查范围。 | 县政府常务会议审…
      §4 （2）审查质量。 | 出具审查意见书4…
    §3 2.发挥法律顾问作用
      ¶ 县政府聘请法律顾…
  §2 （二）推进严格规范公正文明执法
    ¶ 全县持证执法人员…
§1 二、2026年工作安排
  ¶ 继续深化法治政府…
attachment: 札达县2025年法治政府建设主要指标
signature: 札达县人民政府 + 札达县司法局 / 2026-01-16
"
    );
    assert_eq!(
        numbers(&r),
        [
            "38项 = 38 项",
            "57份 = 57 份",
            "41份 = 41 份",
            "98.5% = 98.5 %",
            "3名 = 3 名",
            "6次 = 6 次",
            "216名 = 216 名",
            "12.5% = 12.5 %",
            "134件 = 134 件",
            "86.2万元 = 86.2 万元",
        ]
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(
        body_ink(&fixture("zhada-joint-2025.txt"), 6),
        exported_body_ink(&r)
    );
}

#[test]
fn what_cannot_be_placed_is_kept_and_reported() {
    let text = "\
报告
一、情况
（一）甲。内容。
（三）乙。跳过了二。
1.没有上级的三级标题
办件10件，其中咨询8件，投诉5件。
署名单位
2025年12月31日
";
    let imported = import::from_text(text);
    let codes: Vec<(&str, usize)> = imported.warnings.iter().map(|d| (d.code, d.line)).collect();
    assert!(codes.contains(&("import-renumbered", 4)), "{codes:?}");
    assert!(codes.iter().any(|c| c.0 == "import-breakdown"), "{codes:?}");
    let r = &imported.report;
    // 1. under （三） is fine; the text stays, nothing is lost.
    let printed = gongwen::export::text::write(r);
    for l in text.lines().filter(|l| !l.starts_with("（三）")) {
        assert!(printed.contains(l), "lost {l:?} in\n{printed}");
    }
    // Without a parent the sums are not checked, so the YAML still loads.
    parse(&to_yaml(r, &[]));

    let skipped = import::from_text("报告\n一、情况\n（1）直接四级。内容。\n");
    assert_eq!(skipped.warnings[0].code, "import-level-skipped");
    assert!(gongwen::export::text::write(&skipped.report).contains("（1）直接四级。内容。"));
}
