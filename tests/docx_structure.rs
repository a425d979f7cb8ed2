//! The DOCX's structure as the programs an office feeds it to next read it: pandoc (web
//! publishing, archives) finds the title and every heading as headers of the right level and
//! the tables with their header row; python-docx sees the Chinese styles derive from Word's
//! built-in ones. Needs pandoc and python-docx (`.ci/run` installs both).

mod common;

use gongwen::model::{inline_text, Block, Report};
use serde_json::Value;

/// Inline content as text: words, with spaces and line breaks dropped.
fn stringify(v: &Value) -> String {
    match v {
        Value::Object(m) => match m.get("t").and_then(Value::as_str) {
            Some("Str") => m["c"].as_str().unwrap_or("").to_string(),
            Some("Space" | "SoftBreak" | "LineBreak") => String::new(),
            _ => m.get("c").map(stringify).unwrap_or_default(),
        },
        Value::Array(a) => a.iter().map(stringify).collect(),
        _ => String::new(),
    }
}

fn pandoc_blocks(report: &Report) -> Vec<Value> {
    common::require("pandoc", "pandoc");
    let bytes = common::render(report, gongwen::Format::Docx);
    let dir = common::tempdir();
    let f = dir.path().join("r.docx");
    std::fs::write(&f, bytes).unwrap();
    let json = common::tool("pandoc", &[f.to_str().unwrap(), "-t", "json"], "pandoc");
    let doc: Value = serde_json::from_str(&json).expect("pandoc JSON");
    doc["blocks"].as_array().expect("blocks").clone()
}

/// (level, text) of every header the document must show: the title at level 1, each
/// standing heading at its level, each attachment's title at level 1.
fn expected_headers(r: &Report) -> Vec<(u64, String)> {
    fn walk(blocks: &[Block], out: &mut Vec<(u64, String)>) {
        for b in blocks {
            if let Block::Section(s) = b {
                if s.lead.is_none() {
                    out.push((u64::from(s.level), s.full_heading()));
                }
                walk(&s.body, out);
            }
        }
    }
    let mut out = vec![(1, r.title.text.clone())];
    walk(&r.body, &mut out);
    for a in &r.attachments {
        out.push((1, a.title.clone()));
        walk(&a.body, &mut out);
    }
    out
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn headers_and_tables_are_structure(path: &str) {
    let r = common::report(path);
    let blocks = pandoc_blocks(&r);
    let headers: Vec<(u64, String)> = blocks
        .iter()
        .filter(|b| b["t"] == "Header")
        .map(|b| (b["c"][0].as_u64().unwrap(), squash(&stringify(&b["c"][2]))))
        .collect();
    let want: Vec<(u64, String)> = expected_headers(&r)
        .into_iter()
        .map(|(l, t)| (l, squash(&t)))
        .collect();
    assert_eq!(headers, want, "{path}: pandoc's headers");
    // Run-in headings stay running text: a paragraph that opens with the heading.
    let paras: Vec<String> = blocks
        .iter()
        .filter(|b| b["t"] == "Para")
        .map(|b| squash(&stringify(&b["c"])))
        .collect();
    for s in r.sections().into_iter().filter(|s| s.lead.is_some()) {
        let h = squash(&s.full_heading());
        assert!(
            paras.iter().any(|p| p.starts_with(&h)),
            "{path}: no paragraph opens with the run-in heading {h}"
        );
    }
    // Every report table is a table with its header row as the table head.
    let mut tables = Vec::new();
    fn collect(blocks: &[Block], out: &mut Vec<String>) {
        for b in blocks {
            match b {
                Block::Table(t) if !t.header.is_empty() => {
                    out.push(t.header.iter().map(|c| inline_text(c)).collect())
                }
                Block::Section(s) => collect(&s.body, out),
                _ => {}
            }
        }
    }
    collect(&r.body, &mut tables);
    let heads: Vec<String> = blocks
        .iter()
        .filter(|b| b["t"] == "Table")
        .map(|b| squash(&stringify(&b["c"][3])))
        .filter(|h| !h.is_empty())
        .collect();
    assert_eq!(
        heads,
        tables.iter().map(|t| squash(t)).collect::<Vec<_>>(),
        "{path}: pandoc's table heads"
    );
}

#[test]
fn sample_headings_are_headers_for_pandoc() {
    headers_and_tables_are_structure("input/purang-2025.yaml");
}

#[test]
fn joint_notice_headings_and_table_are_structure_for_pandoc() {
    headers_and_tables_are_structure("input/joint-notice.yaml");
}

#[test]
fn python_docx_sees_the_chinese_styles_derive_from_the_built_in_ones() {
    let r = common::report("input/joint-notice.yaml");
    let dir = common::tempdir();
    let f = dir.path().join("r.docx");
    std::fs::write(&f, common::render(&r, gongwen::Format::Docx)).unwrap();
    let out = common::python_docx(
        r#"
import docx, sys
d = docx.Document(sys.argv[1])
for name in ["公文标题", "一级标题", "二级标题", "三级标题", "四级标题", "附件标题", "表题", "二级标题字符"]:
    s = d.styles[name]
    print(name, s.base_style.name if s.base_style is not None else "-")
lang = d.styles.element.find(docx.oxml.ns.qn("w:docDefaults")).find(".//" + docx.oxml.ns.qn("w:lang"))
print("lang", lang.get(docx.oxml.ns.qn("w:val")))
used = {p.style.name for p in d.paragraphs}
print("used", " ".join(sorted(used)))
"#,
        &f,
    );
    for want in [
        "公文标题 Title",
        "一级标题 Heading 1",
        "二级标题 Heading 2",
        "三级标题 Heading 3",
        "四级标题 Heading 4",
        "附件标题 Title",
        "表题 Caption",
        "二级标题字符 Default Paragraph Font",
        "lang zh-CN",
    ] {
        assert!(out.lines().any(|l| l == want), "want {want:?} in:\n{out}");
    }
    let used = out.lines().find(|l| l.starts_with("used ")).unwrap();
    for name in ["公文标题", "一级标题", "正文", "签发人", "附件说明", "署名"] {
        assert!(
            used.contains(name),
            "{name} not used by a paragraph: {used}"
        );
    }
}
