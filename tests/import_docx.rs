//! DOCX import. Part of these tests make DOCX files by hand with docx-rs (named Chinese
//! paragraph styles, a run-in heading whose text after the heading carries the 正文字符
//! character style, blank paragraphs before a sealed signature), as a foreign program would:
//! they carry no indicator ids. The others import the project's own DOCX, directly and after
//! LibreOffice saved it, and must get the source model back exactly.

mod common;

use docx_rs::{Docx, Paragraph, Run, Style, StyleType};
use gongwen::import;
use gongwen::model::{Block, Decimal, Inline, Report};
use gongwen::style::Element;

const SAMPLE_YAML: &str = include_str!("../input/purang-2025.yaml");

fn sample() -> Report {
    common::parse(SAMPLE_YAML)
}

/// A DOCX of `r` with style ids from `id` (gongwen's own, or as LibreOffice renames them).
fn docx_of(r: &Report, id: impl Fn(Element) -> String, char_id: &str) -> Vec<u8> {
    let mut d = Docx::new();
    for e in Element::ALL {
        d = d.add_style(Style::new(id(e), StyleType::Paragraph).name(e.style().name));
    }
    d = d.add_style(Style::new(char_id, StyleType::Character).name("正文字符"));
    if let Some(p) = &r.publication {
        d = d.custom_property("索引号", p.index_number.clone());
    }
    let para = |e: Element, t: &str| {
        Paragraph::new()
            .style(&id(e))
            .add_run(Run::new().add_text(t))
    };
    let blank = || Paragraph::new().style(&id(Element::Body));
    d = d
        .add_paragraph(para(Element::Title, &r.title.text))
        .add_paragraph(blank());
    fn blocks(d: Docx, bs: &[Block], id: &dyn Fn(Element) -> String, char_id: &str) -> Docx {
        let mut d = d;
        for b in bs {
            match b {
                Block::Paragraph(p) => {
                    d = d.add_paragraph(
                        Paragraph::new()
                            .style(&id(Element::Body))
                            .add_run(Run::new().add_text(p.text())),
                    )
                }
                Block::Section(s) => {
                    let mut p = Paragraph::new()
                        .style(&id(Element::heading(s.level)))
                        .add_run(Run::new().add_text(s.full_heading()));
                    if let Some(l) = &s.lead {
                        p = p.add_run(Run::new().add_text(l.text()).style(char_id));
                    }
                    d = blocks(d.add_paragraph(p), &s.body, id, char_id);
                }
                Block::Table(_) => unreachable!("the sample has no table"),
            }
        }
        d
    }
    d = blocks(d, &r.body, &id, char_id);
    let s = r.signature.as_ref().unwrap();
    d = d.add_paragraph(blank()).add_paragraph(blank());
    for i in &s.issuers {
        d = d.add_paragraph(para(Element::Signature, i));
    }
    d = d.add_paragraph(para(Element::Date, &s.date.unwrap().chinese()));
    let mut out = std::io::Cursor::new(Vec::new());
    d.build().pack(&mut out).unwrap();
    out.into_inner()
}

/// The report without what a DOCX does not carry: indicator ids and names (the numbers stay),
/// and the website block beyond 索引号.
fn comparable(mut r: Report) -> Report {
    fn strip(bs: &mut [Block]) {
        for b in bs {
            match b {
                Block::Paragraph(p) => ids(&mut p.inlines),
                Block::Section(s) => {
                    ids(&mut s.heading);
                    if let Some(l) = &mut s.lead {
                        ids(&mut l.inlines);
                    }
                    strip(&mut s.body);
                }
                Block::Table(t) => {
                    for row in std::iter::once(&mut t.header).chain(t.rows.iter_mut()) {
                        for c in row {
                            ids(c);
                        }
                    }
                }
            }
        }
    }
    fn ids(is: &mut [Inline]) {
        for i in is {
            if let Inline::Indicator(q) = i {
                q.id.clear();
            }
        }
    }
    strip(&mut r.body);
    r.indicator_info.clear();
    r.publication = r.publication.map(|p| gongwen::model::Publication {
        index_number: p.index_number,
        ..Default::default()
    });
    r
}

fn gongwen_id(e: Element) -> String {
    format!("Gw{e:?}")
}

#[test]
fn own_docx_reads_back_as_the_source_model() {
    let src = sample();
    let bytes = docx_of(&src, gongwen_id, "GwBodyChar");
    let imported = import::from_docx(&bytes).unwrap();
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert!(imported.punctuation.is_empty());
    assert_eq!(comparable(imported.report.clone()), comparable(src.clone()));
    // The numbers are found again, with the same units after the 万元 override.
    let units = |r: &Report| -> Vec<(String, String)> {
        gongwen::indicators::collect(r)
            .into_iter()
            .map(|x| (x.text, x.unit))
            .collect()
    };
    assert_eq!(units(&imported.report), units(&src));
    // And the YAML written from it loads.
    let yaml = gongwen::yaml::to_yaml(&imported.report, &[]);
    assert_eq!(
        gongwen::parse(&yaml, "x.yaml").unwrap().report,
        imported.report
    );
}

#[test]
fn renamed_style_ids_are_matched_by_name() {
    // LibreOffice and WPS save styles under new ids but keep their names.
    let src = sample();
    let renamed = |e: Element| format!("P{}", Element::ALL.iter().position(|x| *x == e).unwrap());
    let bytes = docx_of(&src, renamed, "T1");
    let imported = import::from_docx(&bytes).unwrap();
    assert_eq!(comparable(imported.report), comparable(src));
}

#[test]
fn foreign_docx_falls_back_to_the_text_rules() {
    // A Word file with Word's own styles only: the text decides.
    let text = include_str!("fixtures/import/baga-township-2025.txt");
    let mut d = Docx::new();
    for line in text.lines() {
        d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(line)));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    d.build().pack(&mut out).unwrap();
    let from_docx = import::from_docx(&out.into_inner()).unwrap().report;
    let from_text = import::from_text(text).report;
    assert_eq!(from_docx, from_text);
}

#[test]
fn not_a_docx_is_an_error_not_a_panic() {
    assert!(import::from_docx(b"PK\x03\x04 not really").is_err());
    assert!(import::from_docx(b"").is_err());
}

/// The project's own DOCX writer.
fn gongwen_docx(r: &Report) -> Vec<u8> {
    common::render(r, gongwen::Format::Docx)
}

/// The two reports a DOCX must carry back whole: the published sample, and the joint notice
/// (full head, joint issuers, a table after the last section, attachment pages, 版记).
const REPORTS: [&str; 2] = ["input/purang-2025.yaml", "input/joint-notice.yaml"];

fn loaded(path: &str) -> Report {
    common::report(path)
}

/// Exact equality: ids, names, parents, units, the website block, the tables' places. Only
/// source locations (`Loc`, `SourceMap`) never count, by the model's own definition.
fn assert_same(imported: &import::Imported, src: &Report, what: &str) {
    assert!(
        imported.warnings.is_empty(),
        "{what}: {:?}",
        imported.warnings
    );
    assert!(imported.punctuation.is_empty(), "{what}");
    assert_eq!(imported.report, *src, "{what}");
    // And the YAML written from it loads as the same report.
    let yaml = gongwen::yaml::to_yaml(&imported.report, &[]);
    assert_eq!(
        gongwen::parse(&yaml, "x.yaml").unwrap().report,
        *src,
        "{what}: YAML"
    );
}

#[test]
fn docx_from_the_writer_imports_as_the_source_model() {
    for path in REPORTS {
        let src = loaded(path);
        let docx = gongwen_docx(&src);
        assert_same(&import::from_docx(&docx).unwrap(), &src, path);
    }
}

#[test]
fn docx_saved_by_libreoffice_imports_as_the_source_model() {
    for path in REPORTS {
        let src = loaded(path);
        let docx = through_libreoffice(&gongwen_docx(&src));
        assert_same(&import::from_docx(&docx).unwrap(), &src, path);
    }
}

/// Ids that cannot name a Word bookmark (Chinese, a hyphen, over 40 characters, the `gw_`
/// prefix, two ids differing only in case), a run-in text that starts with a number, and
/// blocks after a section's last paragraph that belong to the top level.
const ODD: &str = r#"
title: 关于测试的报告
body:
  - heading: 基本情况
    body:
      - heading: 办件情况。
        text: "{1020件|热线-办件}，其中咨询{815件|gw_1}，投诉{205件|Cases}。"
      - heading: 培训情况。
        text: 培训{12次|cases}。
  - 表内数字见下表。
  - table:
      header: [指标, 数量]
      rows:
        - [开展培训, "{12场|a_very_long_indicator_id_that_is_longer_than_forty}"]
  - heading: 下一步打算
    body:
      - 继续推进。
  - 特此报告。
indicators:
  热线-办件: 热线办件量
  gw_1: {name: 热线咨询件数, parent: 热线-办件}
  Cases: {name: 投诉件数, parent: 热线-办件}
  cases: 培训次数
  a_very_long_indicator_id_that_is_longer_than_forty: {name: 培训场次, unit: 场次}
signature:
  issuers: [普兰县人民政府]
  date: 2026-01-08
"#;

#[test]
fn any_id_and_any_nesting_come_back() {
    let src = gongwen::parse(ODD, "odd.yaml").unwrap().report;
    let docx = gongwen_docx(&src);
    assert_same(&import::from_docx(&docx).unwrap(), &src, "odd");
    assert_same(
        &import::from_docx(&through_libreoffice(&docx)).unwrap(),
        &src,
        "odd, saved by LibreOffice",
    );
}

/// `docx` with `from` replaced by `to` in word/document.xml, every other part as it was.
fn edit_document_xml(docx: &[u8], from: &str, to: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut replaced = 0;
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "word/document.xml" {
            let xml = String::from_utf8(data).unwrap();
            replaced = xml.matches(from).count();
            data = xml.replace(from, to).into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&data).unwrap();
    }
    assert_eq!(replaced, 1, "{from} should stand once in the document");
    zout.finish().unwrap().into_inner()
}

/// Sets the printed text and value of indicator `id` wherever it stands.
fn set_number(blocks: &mut [Block], id: &str, text: &str, value: Decimal) {
    fn inlines(is: &mut [Inline], id: &str, text: &str, value: Decimal) {
        for i in is {
            if let Inline::Indicator(q) = i {
                if q.id == id {
                    q.text = text.to_string();
                    q.number = value.to_string();
                    q.value = value;
                }
            }
        }
    }
    for b in blocks {
        match b {
            Block::Paragraph(p) => inlines(&mut p.inlines, id, text, value),
            Block::Section(s) => {
                inlines(&mut s.heading, id, text, value);
                if let Some(l) = &mut s.lead {
                    inlines(&mut l.inlines, id, text, value);
                }
                set_number(&mut s.body, id, text, value);
            }
            Block::Table(t) => {
                for row in t.rows.iter_mut() {
                    for c in row {
                        inlines(c, id, text, value);
                    }
                }
            }
        }
    }
}

#[test]
fn a_number_the_editor_changed_keeps_its_id() {
    let src = loaded("input/purang-2025.yaml");
    let docx = gongwen_docx(&src);
    // The editor types 1030 over 1020 inside the bookmark, as in Word.
    let edited = edit_document_xml(&docx, ">1020件<", ">1030件<");
    for (what, bytes) in [
        ("edited", edited.clone()),
        (
            "edited, then saved by LibreOffice",
            through_libreoffice(&edited),
        ),
    ] {
        let imported = import::from_docx(&bytes).unwrap();
        assert!(
            imported.warnings.is_empty(),
            "{what}: {:?}",
            imported.warnings
        );
        let records = gongwen::indicators::collect(&imported.report);
        let hotline: Vec<_> = records.iter().filter(|r| r.id == "hotline_cases").collect();
        assert_eq!(hotline.len(), 1, "{what}");
        assert_eq!(hotline[0].value, Decimal::from(1030), "{what}");
        assert_eq!(hotline[0].text, "1030件", "{what}");
        // Nothing else changed: the report is the source with that one number.
        let mut want = src.clone();
        set_number(
            &mut want.body,
            "hotline_cases",
            "1030件",
            Decimal::from(1030),
        );
        assert_eq!(imported.report, want, "{what}");
        // The YAML now says what the DOCX says; loading it tells the clerk that the 其中
        // items (815 + 205) no longer add up to the total the editor typed.
        let yaml = gongwen::yaml::to_yaml(&imported.report, &[]);
        assert!(yaml.contains("{1030件|hotline_cases}"), "{what}");
        let Err(errors) = gongwen::parse(&yaml, "x.yaml") else {
            panic!("{what}: the YAML loads without the breakdown error");
        };
        assert!(
            errors.iter().any(|e| e.code == "breakdown-sum"),
            "{what}: {errors:?}"
        );
    }
}

#[test]
fn a_bookmark_whose_number_was_deleted_leaves_text_and_a_warning() {
    let src = loaded("input/purang-2025.yaml");
    let edited = edit_document_xml(&gongwen_docx(&src), ">1020件<", ">若干件<");
    let imported = import::from_docx(&edited).unwrap();
    let records = gongwen::indicators::collect(&imported.report);
    assert!(records.iter().all(|r| r.id != "hotline_cases"));
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.message.contains("hotline_cases")),
        "{:?}",
        imported.warnings
    );
    // The text is kept.
    assert!(gongwen::export::text::write(&imported.report).contains("热线办件若干件"));
}

/// Saves `docx` through LibreOffice (docx → docx), as an editor's round trip does.
fn through_libreoffice(docx: &[u8]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in").join("report.docx");
    std::fs::create_dir_all(input.parent().unwrap()).unwrap();
    std::fs::write(&input, docx).unwrap();
    let out = dir.path().join("out");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let status = std::process::Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
        ])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap_or_else(|e| {
            panic!("this test needs LibreOffice: apt-get install libreoffice-writer-nogui ({e})")
        });
    let path = out.join("report.docx");
    assert!(
        path.exists(),
        "soffice did not convert: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    std::fs::read(path).unwrap()
}
