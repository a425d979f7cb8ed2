//! DOCX import. The project's DOCX writer is being built on another branch, so these tests
//! make DOCX files the way it lays a report out (named Chinese paragraph styles, a run-in
//! heading as one paragraph whose text after the heading carries the 正文字符 character style,
//! blank paragraphs before a sealed signature) with docx-rs, then read them back.

use docx_rs::{Docx, Paragraph, Run, Style, StyleType};
use gongwen::import;
use gongwen::model::{Block, Inline, Report};
use gongwen::style::Element;

const SAMPLE_YAML: &str = include_str!("../input/purang-2025.yaml");

fn sample() -> Report {
    gongwen::parse(SAMPLE_YAML, "purang-2025.yaml")
        .unwrap()
        .report
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
    let yaml = import::to_yaml(&imported.report, &[]);
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
    let fonts =
        gongwen::fonts::FontSet::resolve(&gongwen::fonts::FontOptions::bundled_only()).unwrap();
    gongwen::render(r, gongwen::Format::Docx, Some(&fonts)).unwrap()
}

#[test]
fn docx_from_the_writer_reads_back_as_the_source_model() {
    // The import keeps a qualifier inside the mark ({不少于4次|…}, as the Purang source
    // writes it); the joint notice writes it outside, which says the same text.
    let joint = include_str!("../input/joint-notice.yaml")
        .replace("不少于{4次|trainings}", "{不少于4次|trainings}");
    for (name, yaml) in [("purang", SAMPLE_YAML), ("joint", joint.as_str())] {
        let src = gongwen::parse(yaml, name).unwrap().report;
        let imported = import::from_docx(&gongwen_docx(&src)).unwrap();
        assert!(
            imported.warnings.is_empty(),
            "{name}: {:?}",
            imported.warnings
        );
        let (mut got, mut want) = (comparable(imported.report), comparable(src));
        if name == "joint" {
            // A table after the last section is read into that section: the DOCX does not
            // say which level it belongs to. Everything else, and the text in order, holds.
            assert_eq!(
                gongwen::export::text::write(&got),
                gongwen::export::text::write(&want)
            );
            got.body.clear();
            want.body.clear();
        }
        assert_eq!(got, want, "{name}");
    }
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

#[test]
fn docx_saved_by_libreoffice_reads_back_the_same() {
    let src = sample();
    let bytes = through_libreoffice(&gongwen_docx(&src));
    let imported = import::from_docx(&bytes).unwrap();
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(comparable(imported.report), comparable(src));

    // The joint notice: head, joint issuers, tables, attachment pages, 版记.
    let joint = include_str!("../input/joint-notice.yaml")
        .replace("不少于{4次|trainings}", "{不少于4次|trainings}");
    let src = gongwen::parse(&joint, "joint").unwrap().report;
    let imported = import::from_docx(&through_libreoffice(&gongwen_docx(&src))).unwrap();
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let (mut got, mut want) = (comparable(imported.report), comparable(src));
    assert_eq!(
        gongwen::export::text::write(&got),
        gongwen::export::text::write(&want)
    );
    got.body.clear();
    want.body.clear();
    assert_eq!(got, want);
}
