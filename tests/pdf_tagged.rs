//! The tagged, accessible PDF (issue 13): `pdfinfo` sees the tags, the XMP names PDF/UA-1 next
//! to PDF/A-3b, krilla's validators for both (which run on every export) let the documents
//! through, and the structure tree, read back with lopdf, holds the title, each heading level,
//! every paragraph and the table cells with their text, in the composition's reading order.

mod common;

use std::collections::HashMap;

use gongwen::compose::{compose, spans_text, Content};
use gongwen::model::Report;
use gongwen::style::Element;
use gongwen::Format;
use pdf_extract::content::Content as Ops;
use pdf_extract::{Dictionary, Document, Object, ObjectId};

use common::squash;

/// A structure element as read back: its type, depth under the root, and its text (the text
/// of the marked content it and its children own, in order).
#[derive(Debug)]
struct Elem {
    kind: String,
    depth: usize,
    text: String,
}

/// A font's ToUnicode map: glyph code (two bytes, Identity-H) → text.
fn to_unicode(doc: &Document, font: &Dictionary) -> HashMap<u16, String> {
    let mut map = HashMap::new();
    let Ok(Object::Reference(id)) = font.get(b"ToUnicode") else {
        return map;
    };
    let Ok(Object::Stream(s)) = doc.get_object(*id) else {
        return map;
    };
    let data = s
        .decompressed_content()
        .unwrap_or_else(|_| s.content.clone());
    let text = String::from_utf8_lossy(&data);
    let hex = |h: &str| u32::from_str_radix(h.trim_matches(['<', '>']), 16).ok();
    let utf16 = |h: &str| {
        let h = h.trim_matches(['<', '>']);
        let units: Vec<u16> = (0..h.len() / 4)
            .filter_map(|i| u16::from_str_radix(&h[i * 4..i * 4 + 4], 16).ok())
            .collect();
        String::from_utf16_lossy(&units)
    };
    let mut mode = "";
    for line in text.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            mode = "char";
        } else if line.ends_with("beginbfrange") {
            mode = "range";
        } else if line.starts_with("end") {
            mode = "";
        } else {
            let f: Vec<&str> = line.split_whitespace().collect();
            match (mode, f.as_slice()) {
                ("char", [code, dst]) => {
                    if let Some(c) = hex(code) {
                        map.insert(c as u16, utf16(dst));
                    }
                }
                ("range", [lo, hi, dst]) if dst.starts_with('<') => {
                    if let (Some(lo), Some(hi)) = (hex(lo), hex(hi)) {
                        let base: Vec<u16> = utf16(dst).encode_utf16().collect();
                        for (k, c) in (lo..=hi).enumerate() {
                            let mut u = base.clone();
                            if let Some(last) = u.last_mut() {
                                *last += k as u16;
                            }
                            map.insert(c as u16, String::from_utf16_lossy(&u));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    map
}

/// The text of each marked-content sequence (by MCID) on a page.
fn marked_texts(doc: &Document, page: ObjectId) -> HashMap<i64, String> {
    let fonts: HashMap<Vec<u8>, HashMap<u16, String>> = doc
        .get_page_fonts(page)
        .expect("page fonts")
        .into_iter()
        .map(|(name, f)| (name, to_unicode(doc, f)))
        .collect();
    let content = doc.get_page_content(page).expect("page content");
    let ops = Ops::decode(&content).expect("content decodes");
    let mut out: HashMap<i64, String> = HashMap::new();
    let mut stack: Vec<Option<i64>> = Vec::new();
    let mut font: Option<&HashMap<u16, String>> = None;
    let show = |bytes: &[u8], font: Option<&HashMap<u16, String>>, s: &mut String| {
        for pair in bytes.chunks(2) {
            let code = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
            if let Some(t) = font.and_then(|f| f.get(&code)) {
                s.push_str(t);
            }
        }
    };
    for op in &ops.operations {
        match op.operator.as_str() {
            "BDC" => {
                let mcid = op.operands.get(1).and_then(|p| match p {
                    Object::Dictionary(d) => d.get(b"MCID").ok().and_then(|m| m.as_i64().ok()),
                    _ => None,
                });
                stack.push(mcid);
            }
            "BMC" => stack.push(None),
            "EMC" => {
                stack.pop();
            }
            "Tf" => {
                font = op
                    .operands
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .and_then(|n| fonts.get(n));
            }
            "Tj" | "TJ" => {
                let Some(Some(mcid)) = stack.last() else {
                    continue;
                };
                let s = out.entry(*mcid).or_default();
                for o in &op.operands {
                    match o {
                        Object::String(b, _) => show(b, font, s),
                        Object::Array(a) => {
                            for x in a {
                                if let Object::String(b, _) = x {
                                    show(b, font, s);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The structure tree in document order (pre-order), each element with its text.
fn structure(bytes: &[u8]) -> Vec<Elem> {
    let doc = Document::load_mem(bytes).expect("PDF loads");
    let mut texts: HashMap<(ObjectId, i64), String> = HashMap::new();
    for (_, page) in doc.get_pages() {
        for (mcid, t) in marked_texts(&doc, page) {
            texts.insert((page, mcid), t);
        }
    }
    let catalog = doc.catalog().expect("catalog");
    let root = catalog
        .get(b"StructTreeRoot")
        .and_then(|r| r.as_reference())
        .expect("a StructTreeRoot");
    let root = doc.get_dictionary(root).expect("root dictionary");
    let mut out = Vec::new();
    fn walk(
        doc: &Document,
        texts: &HashMap<(ObjectId, i64), String>,
        kid: &Object,
        page: Option<ObjectId>,
        depth: usize,
        out: &mut Vec<Elem>,
    ) -> String {
        match kid {
            Object::Integer(mcid) => page
                .and_then(|p| texts.get(&(p, *mcid)))
                .cloned()
                .unwrap_or_default(),
            Object::Array(a) => a
                .iter()
                .map(|k| walk(doc, texts, k, page, depth, out))
                .collect(),
            Object::Reference(id) => walk(
                doc,
                texts,
                doc.get_object(*id).expect("kid"),
                page,
                depth,
                out,
            ),
            Object::Dictionary(d) => {
                let page = d.get(b"Pg").and_then(|p| p.as_reference()).ok().or(page);
                if d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"MCR") {
                    let mcid = d.get(b"MCID").and_then(|m| m.as_i64()).unwrap_or(-1);
                    return page
                        .and_then(|p| texts.get(&(p, mcid)))
                        .cloned()
                        .unwrap_or_default();
                }
                let kind = d
                    .get(b"S")
                    .and_then(|s| s.as_name())
                    .map(|s| String::from_utf8_lossy(s).into_owned())
                    .unwrap_or_default();
                let at = out.len();
                out.push(Elem {
                    kind,
                    depth,
                    text: String::new(),
                });
                let text = d
                    .get(b"K")
                    .map(|k| walk(doc, texts, k, page, depth + 1, out))
                    .unwrap_or_default();
                out[at].text = text.clone();
                text
            }
            _ => String::new(),
        }
    }
    let k = root.get(b"K").expect("root kids");
    walk(&doc, &texts, k, None, 0, &mut out);
    out
}

fn pdf(r: &Report) -> Vec<u8> {
    common::render(r, Format::Pdf)
}

fn kinds<'a>(s: &'a [Elem], kind: &str) -> Vec<&'a Elem> {
    s.iter().filter(|e| e.kind == kind).collect()
}

/// `wanted` appear among `have`'s texts in this order (others may stand between them).
fn in_order(what: &str, have: &[&Elem], wanted: &[String]) {
    let mut it = have.iter();
    for w in wanted {
        assert!(
            it.any(|e| squash(&e.text) == squash(w)),
            "{what}: {w:?} not found in order among {:?}",
            have.iter().map(|e| &e.text).collect::<Vec<_>>()
        );
    }
}

/// Everything the composition prints, in its order: what the tree must read back.
fn composed_text(r: &Report) -> String {
    compose(r).parts.iter().map(|p| squash(&p.text())).collect()
}

/// Checks shared by every document: one Document root, the title as the first `H1`, heading
/// levels as composed, every body paragraph a `P`, and the whole tree reading as the
/// composition, with page numbers and repeated table headers left out as artifacts.
fn check_structure(name: &str, r: &Report, s: &[Elem]) {
    assert_eq!(s[0].kind, "Document", "{name}: the root element");
    assert_eq!(s.iter().filter(|e| e.depth == 0).count(), 1, "{name}");
    let c = compose(r);
    let title = c
        .parts
        .iter()
        .find(|p| p.element == Element::Title)
        .expect("a title")
        .text();
    assert_eq!(
        squash(&kinds(s, "H1")[0].text),
        squash(&title),
        "{name}: the title"
    );
    for (level, el) in [
        (2, Element::Heading1),
        (3, Element::Heading2),
        (4, Element::Heading3),
        (5, Element::Heading4),
    ] {
        // A heading standing on its own line is an H; one running into its text is its
        // paragraph's beginning.
        let standing: Vec<String> = c
            .parts
            .iter()
            .filter(|p| p.element == el)
            .filter(
                |p| matches!(&p.content, Content::Text(sp) if sp.iter().all(|x| x.element == el)),
            )
            .map(|p| p.text())
            .collect();
        let tag = format!("H{level}");
        in_order(&format!("{name} {tag}"), &kinds(s, &tag), &standing);
        assert_eq!(kinds(s, &tag).len(), standing.len(), "{name}: {tag} count");
        let running: Vec<String> = c
            .parts
            .iter()
            .filter(|p| p.element == el)
            .filter(
                |p| matches!(&p.content, Content::Text(sp) if sp.iter().any(|x| x.element != el)),
            )
            .map(|p| p.text())
            .collect();
        in_order(&format!("{name} run-in {tag}"), &kinds(s, "P"), &running);
    }
    let paragraphs: Vec<String> = c
        .parts
        .iter()
        .filter(|p| p.element == Element::Body && matches!(p.content, Content::Text(_)))
        .map(|p| p.text())
        .collect();
    assert!(!paragraphs.is_empty());
    in_order(&format!("{name} P"), &kinds(s, "P"), &paragraphs);
    let leaves: String = s
        .iter()
        .filter(|e| e.depth == 1)
        .map(|e| squash(&e.text))
        .collect();
    assert_eq!(
        leaves,
        composed_text(r),
        "{name}: the tree reads as the composition"
    );
}

#[test]
fn pdfinfo_sees_the_tags_and_the_xmp_names_pdf_ua_1_and_pdf_a_3b() {
    for p in [common::sample(), common::joint()] {
        let bytes = pdf(&common::report(&p));
        let dir = common::tempdir();
        let f = dir.path().join("t.pdf");
        std::fs::write(&f, &bytes).unwrap();
        let info = common::tool("pdfinfo", &[f.to_str().unwrap()], "poppler-utils");
        assert!(info.contains("Tagged:          yes"), "{p:?}: {info}");
        let xmp = String::from_utf8_lossy(&bytes);
        assert!(
            xmp.contains("<pdfuaid:part>1</pdfuaid:part>"),
            "{p:?}: PDF/UA-1 id"
        );
        assert!(
            xmp.contains("<pdfaid:part>3</pdfaid:part>"),
            "{p:?}: PDF/A-3 id"
        );
        assert!(xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
        assert!(xmp.contains("/Lang(zh-CN)"), "{p:?}: document language");
    }
}

#[test]
fn the_sample_reads_as_title_headings_and_paragraphs() {
    let r = common::report(common::sample());
    let s = structure(&pdf(&r));
    check_structure("sample", &r, &s);
    // No table, list or heading levels beyond what the sample has.
    assert!(kinds(&s, "Table").is_empty());
    assert_eq!(kinds(&s, "H1").len(), 1);
    assert!(!kinds(&s, "H2").is_empty());
}

#[test]
fn the_joint_notice_has_its_table_list_and_attachment_titles() {
    let r = common::report(common::joint());
    let s = structure(&pdf(&r));
    check_structure("joint", &r, &s);
    // The title and the two attachments' titles.
    assert_eq!(kinds(&s, "H1").len(), 3);
    let c = compose(&r);
    let table = c
        .parts
        .iter()
        .find_map(|p| match &p.content {
            Content::Table(t) => Some(t.clone()),
            _ => None,
        })
        .expect("a table");
    let th: Vec<String> = table.header.iter().map(|c| spans_text(c)).collect();
    assert_eq!(
        kinds(&s, "TH")
            .iter()
            .map(|e| e.text.clone())
            .collect::<Vec<_>>(),
        th
    );
    let td: Vec<String> = table
        .rows
        .iter()
        .flat_map(|r| r.iter().map(|c| spans_text(c)))
        .collect();
    assert_eq!(
        kinds(&s, "TD")
            .iter()
            .map(|e| e.text.clone())
            .collect::<Vec<_>>(),
        td
    );
    assert_eq!(kinds(&s, "TR").len(), 1 + table.rows.len());
    assert_eq!(kinds(&s, "Caption")[0].text, "2025年度主要指标");
    // The 附件说明: a list captioned 附件：, one item per attachment, numbered.
    assert_eq!(kinds(&s, "L").len(), 1);
    assert_eq!(kinds(&s, "LI").len(), 2);
    assert_eq!(
        kinds(&s, "Lbl")
            .iter()
            .map(|e| e.text.as_str())
            .collect::<Vec<_>>(),
        ["1.", "2."]
    );
    assert_eq!(kinds(&s, "LBody")[0].text, "普兰县2025年度行政执法统计表");
    // 署名 (two issuers), 成文日期, 附注, the 版记's lines: paragraphs.
    let ps: Vec<String> = kinds(&s, "P").iter().map(|e| e.text.clone()).collect();
    for want in [
        "普兰县人民政府",
        "普兰县司法局",
        "2026年1月8日",
        "（联系人：王芳，电话：0897-2601234）",
        "普兰县人民政府办公室",
    ] {
        assert!(ps.iter().any(|p| squash(p) == want), "{want} in {ps:?}");
    }
}

/// Every level of heading standing on its own line, and a table of 60 rows: its header row
/// repeats on the next page, and is read once.
#[test]
fn every_heading_level_and_a_table_over_two_pages() {
    let rows: String = (1..=60)
        .map(|i| format!("        - [第{i}项, \"{{{i}件|n{i}}}\"]\n"))
        .collect();
    let names: String = (1..=60).map(|i| format!("  n{i}: 指标{i}\n")).collect();
    let yaml = format!(
        "title: 普兰县2025年法治政府建设年度报告\n\
         body:\n\
         \x20 - 开篇段落。\n\
         \x20 - heading: 一级标题\n\
         \x20   body:\n\
         \x20     - heading: 二级标题\n\
         \x20       body:\n\
         \x20         - heading: 三级标题\n\
         \x20           body:\n\
         \x20             - heading: 四级标题\n\
         \x20               body:\n\
         \x20                 - 四级标题下的段落。\n\
         \x20 - table:\n\
         \x20     caption: 指标表\n\
         \x20     header: [指标, 数量]\n\
         \x20     rows:\n{rows}\
         signature:\n\
         \x20 issuers: 普兰县人民政府\n\
         \x20 date: 2025-12-31\n\
         indicators:\n{names}"
    );
    let r = common::parse(&yaml);
    let bytes = pdf(&r);
    let s = structure(&bytes);
    check_structure("levels", &r, &s);
    for (tag, text) in [
        ("H2", "一、一级标题"),
        ("H3", "（一）二级标题"),
        ("H4", "1.三级标题"),
        ("H5", "（1）四级标题"),
    ] {
        assert_eq!(
            kinds(&s, tag)
                .iter()
                .map(|e| squash(&e.text))
                .collect::<Vec<_>>(),
            [text],
            "{tag}"
        );
    }
    let doc = Document::load_mem(&bytes).unwrap();
    assert!(doc.get_pages().len() >= 3, "the table runs over a page");
    // One header row, read once, though printed on two pages.
    assert_eq!(
        kinds(&s, "TH")
            .iter()
            .map(|e| e.text.as_str())
            .collect::<Vec<_>>(),
        ["指标", "数量"]
    );
    assert_eq!(kinds(&s, "TR").len(), 61);
    let td = kinds(&s, "TD");
    assert_eq!(td.len(), 120);
    assert_eq!(td[0].text, "第1项");
    assert_eq!(td[119].text, "60件");
}
