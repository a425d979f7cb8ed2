//! Reports in any form: `gongwen import` reads a PDF (its own, by the YAML it carries; any
//! other, by its text), and a DOCX LibreOffice made from a website's text.
//!
//! LibreOffice is shown the bundled fonts the way tests/docx_render.rs does (its
//! `fonts_conf`, repeated here: a test binary cannot share another's functions).

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::require;
use gongwen::fonts::{FontSet, Role};
use gongwen::model::{inline_text, Block, Report, Visit};

/// A fontconfig file showing LibreOffice only the repository's fonts, each official family
/// name mapped to the bundled face gongwen uses for that role.
fn fonts_conf(dir: &Path, fonts: &FontSet) -> PathBuf {
    let repo_fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let mut x = String::from(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n",
    );
    x.push_str(&format!("  <dir>{}</dir>\n", repo_fonts.display()));
    for d in [
        "/usr/share/fonts/truetype/liberation2",
        "/usr/share/fonts/truetype/liberation",
    ] {
        if Path::new(d).is_dir() {
            x.push_str(&format!("  <dir>{d}</dir>\n"));
        }
    }
    x.push_str(&format!(
        "  <cachedir>{}</cachedir>\n",
        dir.join("fc-cache").display()
    ));
    for role in Role::ALL {
        let bold = if role == Role::Title {
            "<edit name=\"weight\" mode=\"assign\" binding=\"strong\"><const>bold</const></edit>"
        } else {
            ""
        };
        x.push_str(&format!(
            "  <match target=\"pattern\"><test name=\"family\"><string>{}</string></test><edit name=\"family\" mode=\"assign\" binding=\"strong\"><string>{}</string></edit>{bold}</match>\n",
            role.official_family(),
            fonts.face(role).family()
        ));
    }
    x.push_str("</fontconfig>\n");
    let path = dir.join("fonts.conf");
    std::fs::write(&path, x).unwrap();
    path
}

/// `soffice --headless --convert-to TO` of `input` into `dir`; the converted file's path.
fn libreoffice(dir: &Path, input: &Path, to: &str) -> PathBuf {
    require("soffice", "libreoffice-writer-nogui");
    let conf = fonts_conf(dir, common::bundled_fonts());
    let out = Command::new("soffice")
        .env("FONTCONFIG_FILE", &conf)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(dir)
        .arg(input)
        .output()
        .expect("run soffice");
    let made = dir.join(input.with_extension(to).file_name().unwrap());
    assert!(
        made.exists(),
        "soffice made no {to}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    made
}

/// `gongwen import FILE -o FILE.yaml`: the report it wrote.
fn import(file: &Path) -> (Report, String) {
    let yaml = file.with_extension("imported.yaml");
    let o = common::gongwen(&[
        "import",
        file.to_str().unwrap(),
        "-o",
        yaml.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "import failed: {}", common::stderr(&o));
    let text = std::fs::read_to_string(&yaml).unwrap();
    (common::parse(&text), text)
}

/// What an import must find whatever the form: each section's level and heading, the
/// paragraphs, and the numbers (as printed).
#[derive(Debug, PartialEq)]
struct Structure {
    sections: Vec<(u8, String)>,
    paragraphs: Vec<String>,
    numbers: Vec<String>,
}

fn structure(r: &Report) -> Structure {
    let mut s = Structure {
        sections: Vec::new(),
        paragraphs: Vec::new(),
        numbers: Vec::new(),
    };
    r.walk(&mut |v| match v {
        Visit::Block {
            block: Block::Section(sec),
            ..
        } => s.sections.push((sec.level, sec.heading_text())),
        Visit::Block {
            block: Block::Paragraph(p),
            ..
        } => s.paragraphs.push(inline_text(&p.inlines)),
        _ => {}
    });
    s.numbers = gongwen::indicators::collect(r)
        .into_iter()
        .map(|i| i.text)
        .collect();
    s
}

fn indicators(r: &Report) -> Vec<(String, gongwen::model::Decimal, String, String)> {
    gongwen::indicators::collect(r)
        .into_iter()
        .map(|i| (i.id, i.value, i.unit, i.qualifier))
        .collect()
}

#[test]
fn the_yaml_a_pdf_carries_is_the_report() {
    for path in [common::sample(), common::joint()] {
        let r = common::report(&path);
        let yaml = gongwen::yaml::to_yaml(&r, &[]);
        assert!(
            common::parse(&yaml) == r,
            "{}: the carried YAML does not give the report back",
            path.display()
        );
    }
}

#[test]
fn a_gongwen_pdf_imports_as_its_source() {
    require("pdfdetach", "poppler-utils");
    for path in [common::sample(), common::joint()] {
        let source = std::fs::read_to_string(&path).unwrap();
        let run = common::build(&source, &["pdf", "text"], &["--bundled-fonts"]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let list = common::tool(
            "pdfdetach",
            &["-list", run.file("r.pdf").to_str().unwrap()],
            "poppler-utils",
        );
        assert!(
            list.contains("gongwen-source.yaml") && list.contains("gongwen-indicators.csv"),
            "{list}"
        );
        let (back, yaml) = import(&run.file("r.pdf"));
        let rebuilt = common::build(&yaml, &["text"], &[]);
        assert_eq!(rebuilt.code, Some(0), "{}", rebuilt.stderr);
        assert_eq!(
            String::from_utf8_lossy(&rebuilt.files["r.txt"]),
            String::from_utf8_lossy(&run.files["r.txt"]),
            "{}: the text export changed",
            path.display()
        );
        assert_eq!(indicators(&back), indicators(&common::report(&path)));
    }
}

#[test]
fn the_indicators_table_is_csv_with_the_numbers_as_printed() {
    let r = common::report(common::sample());
    let csv = gongwen::export::pdf::indicators_csv(&r);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("id,name,value,unit,qualifier,parent"));
    let records = gongwen::indicators::collect(&r);
    assert_eq!(lines.clone().count(), records.len());
    let first = lines.next().unwrap();
    assert!(first.starts_with(&format!("{},", records[0].id)), "{first}");
    // The same report gives the same bytes.
    let a = common::render(&r, gongwen::Format::Pdf);
    assert_eq!(a, common::render(&r, gongwen::Format::Pdf));
}

#[test]
fn another_producers_pdf_imports_like_the_published_text() {
    require("soffice", "libreoffice-writer-nogui");
    let dir = common::tempdir();
    let r = common::report(common::sample());
    let docx = dir.path().join("purang.docx");
    std::fs::write(&docx, common::render(&r, gongwen::Format::Docx)).unwrap();
    let pdf = libreoffice(dir.path(), &docx, "pdf");
    let from_pdf = gongwen::import::from_path(&pdf).expect("import the PDF");
    let text =
        std::fs::read_to_string(common::path("tests/fixtures/purang-2025.published.txt")).unwrap();
    let from_text = gongwen::import::from_text(&text);
    assert_eq!(
        structure(&from_pdf.report),
        structure(&from_text.report),
        "the PDF and the published text import differently"
    );
    assert_eq!(
        from_pdf.report.title.text, from_text.report.title.text,
        "title"
    );
    assert_eq!(
        from_pdf.report.signature.as_ref().map(|s| &s.issuers),
        from_text.report.signature.as_ref().map(|s| &s.issuers)
    );
    // The page numbers LibreOffice printed (— 1 —) are gone.
    let s = structure(&from_pdf.report);
    for p in &s.paragraphs {
        assert!(!gongwen::import::text::is_page_number(p), "{p}");
        assert!(!p.contains('—') || p.chars().count() > 8, "{p}");
    }
}

#[test]
fn page_numbers_of_a_copied_pdf_are_not_paragraphs() {
    let text =
        std::fs::read_to_string(common::path("tests/fixtures/purang-2025.published.txt")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // A copy from a PDF: a page number after every few lines, in several styles.
    let mut copied = String::new();
    for (i, l) in lines.iter().enumerate() {
        copied.push_str(l);
        copied.push('\n');
        if i > 8 && i % 5 == 0 {
            let n = i / 5;
            copied.push_str(match n % 3 {
                0 => "— 1 —\n",
                1 => "-2-\n",
                _ => "第 3 页 共 9 页\n",
            });
        }
    }
    let a = structure(&gongwen::import::from_text(&copied).report);
    let b = structure(&gongwen::import::from_text(&text).report);
    assert_eq!(a, b);
}

#[test]
fn a_docx_of_the_published_text_keeps_its_website_block() {
    let dir = common::tempdir();
    let text =
        std::fs::read_to_string(common::path("tests/fixtures/purang-2025.published.txt")).unwrap();
    // A table-like line (tab-separated) right before the 署名 must not become an issuer.
    let tabbed = text.replacen(
        "普兰县人民政府\n2025年12月31日",
        "指标\t数量\n普兰县人民政府\n2025年12月31日",
        1,
    );
    assert_ne!(tabbed, text, "the fixture's signature moved");
    let txt = dir.path().join("published.txt");
    std::fs::write(&txt, &tabbed).unwrap();
    let docx = libreoffice(dir.path(), &txt, "docx");
    let (from_docx, _) = import(&docx);
    let from_text = gongwen::import::from_text(&text).report;
    assert_eq!(from_docx.publication, from_text.publication);
    assert_eq!(from_docx.title.text, from_text.title.text);
    assert_eq!(
        from_docx.signature.as_ref().map(|s| s.issuers.clone()),
        Some(vec!["普兰县人民政府".to_string()])
    );
    let (a, b) = (structure(&from_docx), structure(&from_text));
    assert_eq!(a.sections, b.sections);
    assert_eq!(a.numbers, b.numbers);
    // The website's lines and the repeated title are not body paragraphs; the tab line is
    // the one paragraph the DOCX has more.
    for p in &a.paragraphs {
        assert!(!p.contains("索引号") && !p.contains("发布日期"), "{p}");
        assert_ne!(p, &from_text.title.text);
    }
    assert_eq!(
        a.paragraphs.len(),
        b.paragraphs.len() + 1,
        "{:?}",
        a.paragraphs
    );
}
