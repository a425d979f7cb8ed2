//! The DOCX read back with docx-rs's reader, as an editor's software would open it: the
//! named styles exist with the fonts and sizes of the style table, every paragraph carries
//! the right style, and the text is the report's text.

mod common;

use gongwen::model::{inline_text, Block, Report};
use gongwen::style::Element;
use serde_json::Value;

fn build(yaml: &str) -> (Report, Vec<u8>) {
    let loaded = common::load(yaml);
    let bytes =
        gongwen::export::docx::write(&loaded.report, common::bundled_fonts()).expect("DOCX");
    (loaded.report, bytes)
}

fn read(bytes: &[u8]) -> Value {
    let docx = docx_rs::read_docx(bytes).expect("docx-rs reads the DOCX back");
    serde_json::from_str(&docx.json()).expect("json")
}

/// (style name, text) of every paragraph in the document body, table cells included.
fn paragraphs(doc: &Value) -> Vec<(String, String)> {
    let names: std::collections::BTreeMap<String, String> = doc["styles"]["styles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["styleId"].as_str().unwrap().to_string(),
                s["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    fn text_of(v: &Value, out: &mut String) {
        match v {
            Value::Object(m) => {
                if m.get("type").and_then(Value::as_str) == Some("text") {
                    out.push_str(m["data"]["text"].as_str().unwrap_or(""));
                    return;
                }
                if m.get("type").and_then(Value::as_str) == Some("tab") {
                    out.push('\t');
                    return;
                }
                for (_, x) in m {
                    text_of(x, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| text_of(x, out)),
            _ => {}
        }
    }
    fn walk(
        v: &Value,
        names: &std::collections::BTreeMap<String, String>,
        out: &mut Vec<(String, String)>,
    ) {
        match v {
            Value::Object(m) => {
                if m.get("type").and_then(Value::as_str) == Some("paragraph") {
                    let d = &m["data"];
                    let id = d["property"]["style"].as_str().unwrap_or("Normal");
                    let mut t = String::new();
                    text_of(&d["children"], &mut t);
                    out.push((names.get(id).cloned().unwrap_or(id.to_string()), t));
                    return;
                }
                for (_, x) in m {
                    walk(x, names, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, names, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&doc["document"]["children"], &names, &mut out);
    out
}

fn expected_blocks(blocks: &[Block], out: &mut Vec<(String, String)>) {
    for b in blocks {
        match b {
            Block::Paragraph(p) => out.push(("正文".into(), p.text())),
            Block::Section(s) => {
                // A run-in heading is a body paragraph whose heading sentence carries the
                // heading's character style.
                let name = match &s.lead {
                    Some(_) => "正文".to_string(),
                    None => Element::heading(s.level).style().name.to_string(),
                };
                let mut t = s.full_heading();
                if let Some(lead) = &s.lead {
                    t.push_str(&lead.text());
                }
                out.push((name, t));
                expected_blocks(&s.body, out);
            }
            Block::Table(t) => {
                if let Some(c) = &t.caption {
                    out.push(("表题".into(), c.clone()));
                }
                for row in std::iter::once(&t.header).chain(&t.rows) {
                    for cell in row {
                        out.push(("表格".into(), inline_text(cell)));
                    }
                }
            }
        }
    }
}

/// Everything the report says, in order, with the style it must carry. Empty paragraphs
/// (grid lines left blank on purpose) are not listed.
fn expected(report: &Report) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let name = |e: Element| e.style().name.to_string();
    let h = &report.head;
    if let Some(n) = &h.copy_number {
        out.push((name(Element::CopyNumber), n.clone()));
    }
    if let Some(s) = h.secrecy_line() {
        out.push((name(Element::Secrecy), s));
    }
    if let Some(u) = &h.urgency {
        out.push((name(Element::Urgency), u.clone()));
    }
    let suffix = h.issuer_suffix.clone().unwrap_or_default();
    match h.issuers.len() {
        0 => {}
        1 => out.push((
            name(Element::IssuerMark),
            format!("{}{suffix}", h.issuers[0]),
        )),
        _ => {
            for i in &h.issuers {
                out.push((name(Element::IssuerMark), i.clone()));
            }
            if !suffix.is_empty() {
                out.push((name(Element::IssuerMark), suffix));
            }
        }
    }
    if let Some(n) = &h.doc_number {
        if h.upward && !h.signers.is_empty() {
            let rows: Vec<_> = h.signers.chunks(2).collect();
            for (i, r) in rows.iter().enumerate() {
                let num = if i + 1 == rows.len() { n.as_str() } else { "" };
                let label = if i == 0 { "签发人：" } else { "" };
                out.push((
                    name(Element::Signer),
                    format!("{num}\t{label}{}", r.join("　")),
                ));
            }
        } else {
            out.push((name(Element::DocNumber), n.clone()));
        }
    }
    let title = match &report.title.lines {
        Some(l) if !l.is_empty() => l.concat(),
        _ => report.title.text.clone(),
    };
    out.push((name(Element::Title), title));
    if let Some(a) = &report.addressee {
        out.push((name(Element::Addressee), format!("{a}：")));
    }
    expected_blocks(&report.body, &mut out);
    let many = report.attachments.len() > 1;
    for (i, a) in report.attachments.iter().enumerate() {
        let t = match (many, i) {
            (false, _) => format!("附件：{}", a.title),
            (true, 0) => format!("附件：1.{}", a.title),
            (true, _) => format!("{}.{}", i + 1, a.title),
        };
        out.push((name(Element::AttachmentNote), t));
    }
    if let Some(s) = &report.signature {
        for i in &s.issuers {
            out.push((name(Element::Signature), i.clone()));
        }
        if let Some(d) = s.date {
            out.push((name(Element::Date), d.chinese()));
        }
    }
    if let Some(n) = &report.note {
        out.push((name(Element::Note), format!("（{n}）")));
    }
    for (i, a) in report.attachments.iter().enumerate() {
        let label = if many {
            format!("附件{}", i + 1)
        } else {
            "附件".into()
        };
        out.push((name(Element::AttachmentLabel), label));
        out.push((name(Element::AttachmentTitle), a.title.clone()));
        expected_blocks(&a.body, &mut out);
    }
    if let Some(imp) = &report.imprint {
        if let Some(cc) = imp.cc_line() {
            out.push((name(Element::Imprint), cc));
        }
        let mut t = imp.printer.clone();
        if let Some(d) = imp.date {
            t.push_str(&format!("\t{}印发", d.chinese()));
        }
        out.push((name(Element::Imprint), t));
    }
    out
}

fn check_text_and_styles(yaml: &str) {
    let (report, bytes) = build(yaml);
    let doc = read(&bytes);
    let got: Vec<(String, String)> = paragraphs(&doc)
        .into_iter()
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let want = expected(&report);
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "{yaml}: paragraph {i} differs");
    }
    assert_eq!(got.len(), want.len(), "{yaml}: paragraph count");
    // Blank grid lines are empty 正文 paragraphs, nothing else.
    for (style, t) in paragraphs(&doc) {
        if t.is_empty() {
            assert!(
                style == "正文" || style == "表格",
                "{yaml}: empty paragraph in {style}"
            );
        }
    }
}

#[test]
fn sample_text_and_styles_read_back() {
    check_text_and_styles("input/purang-2025.yaml");
}

#[test]
fn joint_notice_text_and_styles_read_back() {
    check_text_and_styles("input/joint-notice.yaml");
}

#[test]
fn named_styles_carry_the_official_fonts_and_sizes() {
    let (_, bytes) = build("input/purang-2025.yaml");
    let doc = read(&bytes);
    let styles = doc["styles"]["styles"].as_array().unwrap();
    let wanted = [
        Element::Title,
        Element::Addressee,
        Element::Body,
        Element::Heading1,
        Element::Heading2,
        Element::Heading3,
        Element::Heading4,
        Element::AttachmentNote,
        Element::Signature,
        Element::Date,
        Element::Note,
        Element::Imprint,
        Element::Table,
    ];
    let names: Vec<&str> = wanted.iter().map(|e| e.style().name).collect();
    assert_eq!(
        names,
        [
            "公文标题",
            "主送机关",
            "正文",
            "一级标题",
            "二级标题",
            "三级标题",
            "四级标题",
            "附件说明",
            "署名",
            "成文日期",
            "附注",
            "版记",
            "表格"
        ]
    );
    for e in Element::ALL {
        let st = e.style();
        let s = styles
            .iter()
            .find(|s| s["name"] == st.name)
            .unwrap_or_else(|| panic!("style {} missing", st.name));
        assert_eq!(s["styleType"], "paragraph", "{}", st.name);
        let r = &s["runProperty"];
        assert_eq!(r["sz"], (st.size_pt * 2.0) as u64, "{} size", st.name);
        assert_eq!(
            r["fonts"]["eastAsia"],
            st.role.official_family(),
            "{} eastAsia font",
            st.name
        );
        assert_eq!(r["fonts"]["ascii"], st.role.latin_family(), "{}", st.name);
        assert_eq!(r["fonts"]["hiAnsi"], st.role.latin_family(), "{}", st.name);
        let p = &s["paragraphProperty"];
        let want_align = match st.align {
            gongwen::style::Align::Left => "left",
            gongwen::style::Align::Center => "center",
            gongwen::style::Align::Right => "right",
            gongwen::style::Align::Justify => "both",
        };
        assert_eq!(p["alignment"], want_align, "{} alignment", st.name);
        let first = p["indent"]["specialIndent"]["val"].as_i64().unwrap_or(0);
        if st.first_line_indent > 0.0 {
            // Two characters of 3号 on the 28-per-line grid: 2 × 15.79 pt.
            let want = (st.first_line_indent * 156.0 / 28.0 / 25.4 * 72.0 * 20.0 * st.size_pt
                / 16.0)
                .round() as i64;
            assert_eq!(first, want, "{} first-line indent", st.name);
        }
        let outline = p.get("outlineLvl").and_then(Value::as_u64);
        assert_eq!(
            outline,
            st.outline_level.map(u64::from),
            "{} outline level",
            st.name
        );
    }
    // Body lines on the 22-line grid.
    let body = styles.iter().find(|s| s["name"] == "正文").unwrap();
    assert_eq!(body["paragraphProperty"]["lineSpacing"]["line"], 579);
    assert_eq!(
        body["paragraphProperty"]["lineSpacing"]["lineRule"],
        "exact"
    );
}

#[test]
fn runs_carry_the_east_asian_hint_and_indicators_are_bookmarked_plain_text() {
    let (_, bytes) = build("input/purang-2025.yaml");
    let xml = part(&bytes, "word/document.xml");
    let runs = xml.matches("</w:r>").count();
    let hinted = xml.matches(r#"w:hint="eastAsia""#).count();
    assert!(runs > 20, "{runs} runs");
    assert!(
        hinted >= runs,
        "every run carries the eastAsia hint ({hinted} of {runs})"
    );
    for forbidden in ["w:fldChar", "w:sdt", "w:fldSimple"] {
        assert!(!xml.contains(forbidden), "{forbidden} in the body");
    }
    // The number is ordinary text the editor types over, in its own run inside a bookmark
    // named after its id (what the import reads back).
    assert!(xml.contains(
        r#"常务会议、法治建设专题会议</w:t></w:r><w:bookmarkStart w:id="0" w:name="study_meetings" /><w:r><w:rPr><w:rFonts w:hint="eastAsia" /></w:rPr><w:t xml:space="preserve">3次</w:t></w:r><w:bookmarkEnd w:id="0" />"#
    ));
    let report = common::report("input/purang-2025.yaml");
    let indicators = gongwen::indicators::collect(&report).len();
    assert_eq!(xml.matches("<w:bookmarkStart ").count(), indicators);
    assert_eq!(xml.matches("<w:bookmarkEnd ").count(), indicators);
}

/// A part of the package, found by its local file header. The writer stores parts
/// uncompressed; a compressed part fails loudly here.
fn part(bytes: &[u8], name: &str) -> String {
    let n = name.as_bytes();
    for pos in 30..bytes.len().saturating_sub(n.len()) {
        if &bytes[pos..pos + n.len()] != n || &bytes[pos - 30..pos - 26] != b"PK\x03\x04" {
            continue;
        }
        let h = &bytes[pos - 30..pos];
        let u16_at = |i: usize| u16::from_le_bytes([h[i], h[i + 1]]) as usize;
        let u32_at = |i: usize| u32::from_le_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]) as usize;
        assert_eq!(u16_at(26), n.len());
        assert_eq!(u16_at(8), 0, "{name} is stored uncompressed");
        let start = pos + n.len() + u16_at(28);
        let size = u32_at(18);
        return String::from_utf8(bytes[start..start + size].to_vec()).expect("UTF-8 part");
    }
    panic!("{name} not in the package")
}

#[test]
fn footers_number_pages_with_a_page_field() {
    let (_, bytes) = build("input/purang-2025.yaml");
    for (f, align) in [("word/footer1.xml", "right"), ("word/footer2.xml", "left")] {
        let x = part(&bytes, f);
        assert!(x.contains("w:fldCharType=\"begin\""), "{f}");
        assert!(x.contains(" PAGE "), "{f}");
        assert!(x.contains("— "), "{f}");
        assert!(x.contains(" —"), "{f}");
        assert!(
            x.contains(&format!("<w:jc w:val=\"{align}\"")),
            "{f} {align}"
        );
        assert!(x.contains("GwPageNumber"), "{f}");
    }
    let settings = part(&bytes, "word/settings.xml");
    assert!(settings.contains("<w:evenAndOddHeaders/>"));
    let doc = read(&bytes);
    let styles = doc["styles"]["styles"].as_array().unwrap();
    let pn = styles.iter().find(|s| s["name"] == "页码").unwrap();
    assert_eq!(pn["runProperty"]["fonts"]["eastAsia"], "宋体");
    assert_eq!(pn["runProperty"]["sz"], 28);
}

#[test]
fn properties_come_from_the_report() {
    let (report, bytes) = build("input/purang-2025.yaml");
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains(&format!("<dc:title>{}</dc:title>", report.title.text)));
    assert!(core.contains("<dc:creator>普兰县人民政府</dc:creator>"));
    assert!(core.contains(">2025-12-31T00:00:00Z</dcterms:created>"));
    assert!(core.contains(">2025-12-31T00:00:00Z</dcterms:modified>"));
    let doc = read(&bytes);
    let props = &doc["docProps"]["custom"]["properties"];
    assert_eq!(props["索引号"], "pnx/2026-00010");
    // What the import needs and the page does not show: the whole website block and every
    // indicator's name, parent and unit, one property each.
    assert_eq!(props["gongwen.format"], "1");
    let publication: Value =
        serde_json::from_str(props["gongwen.publication"].as_str().unwrap()).unwrap();
    assert_eq!(publication["publisher"], "普兰县人民政府");
    assert_eq!(publication["published"], "2026-01-12");
    assert_eq!(
        props["gongwen.indicator.0001"],
        r#"{"catalogue":"org_law_meetings","id":"study_meetings","name":"县政府常务会议、法治建设专题会议次数"}"#
    );
    let n = report.indicator_info.len();
    assert!(props[format!("gongwen.indicator.{n:04}")].is_string());
    assert!(props[format!("gongwen.indicator.{:04}", n + 1)].is_null());
    let entry = |id: &str| -> Value {
        (1..=n)
            .map(|k| {
                serde_json::from_str::<Value>(
                    props[format!("gongwen.indicator.{k:04}")].as_str().unwrap(),
                )
                .unwrap()
            })
            .find(|v| v["id"] == id)
            .unwrap()
    };
    assert_eq!(entry("hotline_consultations")["parent"], "hotline_cases");
    assert_eq!(entry("service_center_investment")["unit"], "万元");

    let (_, bytes) = build("input/joint-notice.yaml");
    let doc = read(&bytes);
    assert_eq!(
        doc["docProps"]["custom"]["properties"]["发文字号"],
        "普政发〔2026〕3号"
    );
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains(">2026-01-08T00:00:00Z</dcterms:created>"));
}

#[test]
fn same_report_same_bytes() {
    for yaml in ["input/purang-2025.yaml", "input/joint-notice.yaml"] {
        let (_, a) = build(yaml);
        let (_, b) = build(yaml);
        assert!(a == b, "{yaml}: two builds differ");
    }
}
