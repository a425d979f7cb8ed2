//! The OFD export (issue 14) read by independent readers, against the PDF of the same
//! layout: `ofd-cli check` passes; `ofd-cli render` gives the PDF's pages, ink for ink
//! (compared with poppler's rendering at the same resolution); `ofdkit text` reads the
//! PDF's text; every glyph stands where the PDF puts it, within 0.1 mm. For the sample, the
//! joint notice and every hostile fixture that `check` accepts.
//!
//! Needs ofd-cli and ofdkit (`.ci/ofd-readers` installs them), xmllint, pdftoppm and
//! pdftotext (poppler-utils), and the schemas in ../shared/ofd-schema (or $OFD_SCHEMA_DIR).

mod common;
mod ofd_support;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use gongwen::Format;
use ofd_support::{examples, glyphs, ofdkit, run_ofd_cli, Built};

/// Resolution of the page comparison: a 16 pt character is 22 pixels wide.
const DPI: u32 = 100;
/// The comparison's cell: 16 pixels, 4 mm, under a character.
const CELL: usize = 16;
/// Largest difference of mean ink in one cell and colour channel, as a share of full ink.
/// Measured: at most 0.038 (sample) and 0.076 (joint notice, the edges of its 22 pt red
/// issuer mark) — two rasterisers shade the edges of the same outlines differently, up to
/// a pixel apart. One 16 pt character left out of a line measured 0.243.
const MAX_CELL_DIFF: f64 = 0.12;
/// Sum of the cells' ink differences over the page's ink. Measured: at most 0.064 (sample)
/// and 0.146 (the joint notice's 版记 page, whose little ink makes any shading count).
const MAX_PAGE_DIFF: f64 = 0.2;

fn arg(p: &Path) -> &OsStr {
    p.as_os_str()
}

#[test]
fn ofd_cli_check_passes() {
    for b in examples() {
        let out = run_ofd_cli(&[OsStr::new("check"), arg(&b.ofd_path())]);
        assert!(out.contains("[通过]"), "{}: {out}", b.name);
    }
}

/// The check above can fail: a TextObject with no height is refused.
#[test]
fn ofd_cli_check_refuses_an_empty_boundary() {
    let b = &examples()[0];
    let mut parts = b.parts();
    let (_, page) = parts
        .iter_mut()
        .find(|(n, _)| n.ends_with("Page_0/Content.xml"))
        .unwrap();
    let text = String::from_utf8(page.clone()).unwrap();
    let at = text.find("Boundary=\"").unwrap() + "Boundary=\"".len();
    let end = at + text[at..].find('"').unwrap();
    let mut v: Vec<&str> = text[at..end].split(' ').collect();
    v[3] = "0";
    *page = format!("{}{}{}", &text[..at], v.join(" "), &text[end..]).into_bytes();
    let dir = common::tempdir();
    let f = dir.path().join("broken.ofd");
    std::fs::write(&f, zip(&parts)).unwrap();
    let o = Command::new(ofd_support::ofd_cli())
        .arg("check")
        .arg(&f)
        .output()
        .unwrap();
    assert!(
        !o.status.success(),
        "ofd-cli accepted a Boundary of height 0"
    );
}

fn zip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        z.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// An RGB raster, row by row from the top.
struct Rgb {
    width: usize,
    height: usize,
    pixels: Vec<[u8; 3]>,
}

/// A 32-bit BMP with channel masks, as `ofd-cli render --format bmp` writes it.
fn read_bmp(bytes: &[u8]) -> Rgb {
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap());
    assert_eq!(&bytes[..2], b"BM", "not a BMP");
    let offset = u32_at(10) as usize;
    let width = u32_at(18) as i32;
    let height = u32_at(22) as i32;
    let bits = u16::from_le_bytes([bytes[28], bytes[29]]);
    let compression = u32_at(30);
    assert_eq!(
        (bits, compression),
        (32, 3),
        "a BMP other than 32 bits with masks"
    );
    let masks = [u32_at(54), u32_at(58), u32_at(62)];
    let (w, h) = (
        width.unsigned_abs() as usize,
        height.unsigned_abs() as usize,
    );
    let mut pixels = vec![[0u8; 3]; w * h];
    for row in 0..h {
        // A positive height stores the bottom row first.
        let y = if height > 0 { h - 1 - row } else { row };
        for x in 0..w {
            let v = u32_at(offset + (row * w + x) * 4);
            pixels[y * w + x] = masks.map(|m| ((v & m) >> m.trailing_zeros()) as u8);
        }
    }
    Rgb {
        width: w,
        height: h,
        pixels,
    }
}

/// A binary PPM (P6, 8 bits), as `pdftoppm` writes it.
fn read_ppm(bytes: &[u8]) -> Rgb {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    assert_eq!((fields[0].as_str(), fields[3].as_str()), ("P6", "255"));
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let data = &bytes[i + 1..];
    Rgb {
        width: w,
        height: h,
        pixels: data
            .chunks_exact(3)
            .take(w * h)
            .map(|c| [c[0], c[1], c[2]])
            .collect(),
    }
}

/// Files of `dir` whose names hold a page number after `prefix`, in page order.
fn numbered(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut pages: Vec<(usize, PathBuf)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let stem = p.file_stem()?.to_str()?.to_string();
            let n = stem.strip_prefix(prefix)?.parse().ok()?;
            Some((n, p))
        })
        .collect();
    pages.sort();
    pages.into_iter().map(|(_, p)| p).collect()
}

fn render_ofd(ofd: &Path, dir: &Path) -> Vec<Rgb> {
    run_ofd_cli(&[
        OsStr::new("render"),
        OsStr::new("--dpi"),
        OsStr::new(&DPI.to_string()),
        OsStr::new("--format"),
        OsStr::new("bmp"),
        OsStr::new("--prefix"),
        OsStr::new("o"),
        arg(ofd),
        arg(dir),
    ]);
    numbered(dir, "o_doc0_page")
        .iter()
        .map(|p| read_bmp(&std::fs::read(p).unwrap()))
        .collect()
}

fn render_pdf(pdf: &Path, dir: &Path) -> Vec<Rgb> {
    common::tool(
        "pdftoppm",
        &[
            "-r",
            &DPI.to_string(),
            pdf.to_str().unwrap(),
            dir.join("p").to_str().unwrap(),
        ],
        "poppler-utils",
    );
    numbered(dir, "p-")
        .iter()
        .map(|p| read_ppm(&std::fs::read(p).unwrap()))
        .collect()
}

/// (largest cell difference, page difference) between two renderings of a page; the two
/// may differ by a pixel in size (each rounds the page's 210 × 297 mm its own way).
fn difference(a: &Rgb, b: &Rgb) -> (f64, f64) {
    assert!(
        a.width.abs_diff(b.width) <= 1 && a.height.abs_diff(b.height) <= 1,
        "pages of {}×{} and {}×{} pixels",
        a.width,
        a.height,
        b.width,
        b.height
    );
    let (cols, rows) = (a.width.min(b.width) / CELL, a.height.min(b.height) / CELL);
    let (mut worst, mut diff, mut ink) = (0f64, 0f64, 0f64);
    for cy in 0..rows {
        for cx in 0..cols {
            for ch in 0..3 {
                let mean = |r: &Rgb| {
                    let mut s = 0f64;
                    for y in cy * CELL..(cy + 1) * CELL {
                        for x in cx * CELL..(cx + 1) * CELL {
                            s += f64::from(255 - r.pixels[y * r.width + x][ch]);
                        }
                    }
                    s / (CELL * CELL) as f64
                };
                let (ma, mb) = (mean(a), mean(b));
                worst = worst.max((ma - mb).abs() / 255.0);
                diff += (ma - mb).abs();
                ink += mb;
            }
        }
    }
    (worst, if ink > 0.0 { diff / ink } else { diff })
}

/// Renders an example both ways; the differences page by page.
fn compare(b: &Built) -> (Vec<Rgb>, Vec<Rgb>, Vec<(f64, f64)>) {
    let dir = common::tempdir();
    let (od, pd) = (dir.path().join("ofd"), dir.path().join("pdf"));
    std::fs::create_dir_all(&pd).unwrap();
    let ofd = render_ofd(&b.ofd_path(), &od);
    let pdf = render_pdf(&b.pdf_path(), &pd);
    assert_eq!(
        ofd.len(),
        pdf.len(),
        "{}: ofd-cli and poppler page counts",
        b.name
    );
    assert_eq!(ofd.len(), b.layout.pages.len(), "{}", b.name);
    let diffs = ofd
        .iter()
        .zip(&pdf)
        .map(|(o, p)| difference(o, p))
        .collect();
    (ofd, pdf, diffs)
}

#[test]
fn rendered_pages_match_the_pdf_s() {
    let mut report = Vec::new();
    for b in examples() {
        let (ofd, pdf, diffs) = compare(b);
        for (i, (cell, page)) in diffs.iter().enumerate() {
            report.push(format!(
                "{} page {}: cell {cell:.3}, page {page:.3}",
                b.name,
                i + 1
            ));
            assert!(
                *cell <= MAX_CELL_DIFF && *page <= MAX_PAGE_DIFF,
                "{} page {}: ofd-cli's rendering differs from the PDF's (cell {cell:.3} > {MAX_CELL_DIFF} or page {page:.3} > {MAX_PAGE_DIFF})",
                b.name,
                i + 1
            );
        }
        // The measure tells pages apart: the first page against the second is far off.
        let (cell, _) = difference(&ofd[0], &pdf[1]);
        assert!(
            cell > 2.0 * MAX_CELL_DIFF,
            "{}: pages 1 and 2 alike ({cell:.3})",
            b.name
        );
    }
    eprintln!("{}", report.join("\n"));
}

/// `ofdkit text` reads the same text as `pdftotext -layout` (both in reading order), up to
/// whitespace.
#[test]
fn ofdkit_reads_the_pdf_s_text() {
    for b in examples() {
        let ofd = ofdkit(&[OsStr::new("text"), arg(&b.ofd_path())]);
        let pdf = common::pdftotext_file(&b.pdf_path(), &["-layout"]);
        let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
        let (o, p) = (squash(&ofd), squash(&pdf));
        if o != p {
            let at = o.chars().zip(p.chars()).take_while(|(a, b)| a == b).count();
            let near = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(10))
                    .take(40)
                    .collect::<String>()
            };
            panic!(
                "{}: ofdkit and pdftotext differ at character {at}:\n ofdkit:    {}\n pdftotext: {}",
                b.name,
                near(&o),
                near(&p)
            );
        }
        assert!(o.chars().count() > 600, "{}", b.name);
        let info = ofdkit(&[OsStr::new("info"), arg(&b.ofd_path())]);
        let pages = format!("{}（210 x 297 mm）", b.layout.pages.len());
        assert!(info.contains(&pages), "{}: {info}", b.name);
    }
}

/// The glyphs of every page of a PDF as a reader places them: (character, x, y) in mm from
/// the page's top-left corner, y on the baseline, whitespace left out. Reads the content
/// streams with lopdf (through pdf-extract): the text and graphics state operators gongwen's
/// PDF uses, each glyph's advance from its font's W array, its text from the ToUnicode map.
fn pdf_glyphs(pdf: &[u8]) -> Vec<Vec<(char, f64, f64)>> {
    use pdf_extract::content::Content;
    use pdf_extract::{Document, Object};
    type Matrix = [f64; 6];
    fn mul(a: &Matrix, b: &Matrix) -> Matrix {
        [
            a[0] * b[0] + a[1] * b[2],
            a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4],
            a[4] * b[1] + a[5] * b[3] + b[5],
        ]
    }
    let num = |o: &Object| {
        o.as_float()
            .map(f64::from)
            .unwrap_or_else(|_| o.as_i64().unwrap() as f64)
    };
    let doc = Document::load_mem(pdf).unwrap();
    let deref = |o: &Object| -> Object {
        match o {
            Object::Reference(id) => doc.get_object(*id).unwrap().clone(),
            other => other.clone(),
        }
    };
    let mut out = Vec::new();
    for (_, page) in doc.get_pages() {
        let media = deref(doc.get_dictionary(page).unwrap().get(b"MediaBox").unwrap());
        let media = media.as_array().unwrap();
        let height = num(&media[3]) - num(&media[1]);
        // Per font resource: its encoding (with the ToUnicode map) and advances in 1/1000 em.
        let mut fonts = BTreeMap::new();
        for (name, font) in doc.get_page_fonts(page).unwrap() {
            let encoding = font.get_font_encoding(&doc).unwrap();
            let descendant = deref(
                &deref(font.get(b"DescendantFonts").unwrap())
                    .as_array()
                    .unwrap()[0],
            );
            let descendant = descendant.as_dict().unwrap();
            let default = descendant.get(b"DW").map(num).unwrap_or(1000.0);
            let mut widths = BTreeMap::new();
            if let Ok(w) = descendant.get(b"W") {
                let w = deref(w);
                let w = w.as_array().unwrap();
                let mut i = 0;
                while i < w.len() {
                    let first = w[i].as_i64().unwrap();
                    match deref(&w[i + 1]) {
                        Object::Array(list) => {
                            for (k, v) in list.iter().enumerate() {
                                widths.insert(first + k as i64, num(v));
                            }
                            i += 2;
                        }
                        last => {
                            for cid in first..=last.as_i64().unwrap() {
                                widths.insert(cid, num(&w[i + 2]));
                            }
                            i += 3;
                        }
                    }
                }
            }
            fonts.insert(name, (encoding, widths, default));
        }
        let content = Content::decode(&doc.get_page_content(page).unwrap()).unwrap();
        let (mut ctm, mut stack): (Matrix, Vec<Matrix>) =
            ([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], Vec::new());
        let (mut tm, mut font, mut size) = ([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], Vec::new(), 0.0);
        let mut glyphs = Vec::new();
        for op in &content.operations {
            let nums = || op.operands.iter().map(num).collect::<Vec<f64>>();
            match op.operator.as_str() {
                "q" => stack.push(ctm),
                "Q" => ctm = stack.pop().unwrap(),
                "cm" => {
                    let m = nums();
                    ctm = mul(&[m[0], m[1], m[2], m[3], m[4], m[5]], &ctm);
                }
                "BT" => tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
                "Tf" => {
                    font = op.operands[0].as_name().unwrap().to_vec();
                    size = num(&op.operands[1]);
                }
                "Tm" => {
                    let m = nums();
                    tm = [m[0], m[1], m[2], m[3], m[4], m[5]];
                }
                "Td" => {
                    let m = nums();
                    tm = mul(&[1.0, 0.0, 0.0, 1.0, m[0], m[1]], &tm);
                }
                "Tc" | "Tw" | "Tz" | "TL" | "Ts" | "TD" | "T*" | "'" | "\"" => {
                    panic!(
                        "the PDF uses `{}`, which this reader does not follow",
                        op.operator
                    )
                }
                "TJ" | "Tj" => {
                    let (encoding, widths, default) = &fonts[&font];
                    let items = match &op.operands[0] {
                        Object::Array(a) => a.clone(),
                        other => vec![other.clone()],
                    };
                    for item in items {
                        match item {
                            Object::String(bytes, _) => {
                                for code in bytes.chunks(2) {
                                    let at = mul(&mul(&[1.0, 0.0, 0.0, 1.0, 0.0, 0.0], &tm), &ctm);
                                    let text = Document::decode_text(encoding, code).unwrap();
                                    let mm = |pt: f64| pt * 25.4 / 72.0;
                                    for c in text.chars().filter(|c| !c.is_whitespace()) {
                                        glyphs.push((c, mm(at[4]), mm(height - at[5])));
                                    }
                                    let cid = i64::from(code[0]) << 8
                                        | i64::from(*code.get(1).unwrap_or(&0));
                                    let w = widths.get(&cid).copied().unwrap_or(*default);
                                    tm = mul(&[1.0, 0.0, 0.0, 1.0, w / 1000.0 * size, 0.0], &tm);
                                }
                            }
                            adjust => {
                                let a = num(&adjust);
                                tm = mul(&[1.0, 0.0, 0.0, 1.0, -a / 1000.0 * size, 0.0], &tm);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        out.push(glyphs);
    }
    out
}

/// Every glyph of the OFD is the PDF's glyph, in the same order, within 0.1 mm.
#[test]
fn glyphs_stand_where_the_pdf_puts_them() {
    for b in examples() {
        let pdf = pdf_glyphs(&b.pdf);
        let ofd = glyphs(&b.parts());
        assert_eq!(pdf.len(), ofd.len(), "{}", b.name);
        let mut worst = 0f64;
        for (i, (p, o)) in pdf.iter().zip(&ofd).enumerate() {
            let ps: String = p.iter().map(|g| g.0).collect();
            let os: String = o.iter().map(|g| g.c).collect();
            assert_eq!(os, ps, "{} page {}", b.name, i + 1);
            for (pg, og) in p.iter().zip(o) {
                let d = (pg.1 - og.x).abs().max((pg.2 - og.y).abs());
                worst = worst.max(d);
                assert!(
                    d < 0.1,
                    "{} page {}: {} at ({:.3}, {:.3}) mm in the OFD, ({:.3}, {:.3}) in the PDF",
                    b.name,
                    i + 1,
                    og.c,
                    og.x,
                    og.y,
                    pg.1,
                    pg.2
                );
            }
        }
        eprintln!(
            "{}: {} glyphs, largest distance {worst:.4} mm",
            b.name,
            ofd.iter().map(Vec::len).sum::<usize>()
        );
    }
}

/// Every hostile fixture that `check` accepts gets an OFD that is valid, that ofd-cli
/// accepts, and that has the layout's pages; one the layout refuses, the OFD writer refuses.
#[test]
fn hostile_fixtures_give_valid_ofd_files() {
    let fonts = common::bundled_fonts();
    let mut written = 0;
    for path in common::hostile_fixtures() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(loaded) = gongwen::load(&path) else {
            continue;
        };
        let r = loaded.report;
        if gongwen::check::check(&r).iter().any(|d| d.is_error()) {
            continue;
        }
        // The OFD writer reads the layout the PDF writer reads: laid out once, both refuse
        // what it refuses.
        let composition = gongwen::compose::compose(&r);
        let Ok(doc) = gongwen::layout::layout_composition(&composition, fonts) else {
            assert!(
                gongwen::render(&r, Format::Ofd, Some(fonts)).is_err(),
                "{name}"
            );
            continue;
        };
        let ofd = gongwen::export::ofd::serialize(&r, &composition, fonts, &doc)
            .unwrap_or_else(|d| panic!("{name}: {d}"));
        let errors = ofd_support::schema_errors(&ofd);
        assert!(errors.is_empty(), "{name}: {}", errors.join("\n"));
        let dir = common::tempdir();
        let f = dir.path().join("r.ofd");
        std::fs::write(&f, &ofd).unwrap();
        let out = run_ofd_cli(&[OsStr::new("check"), arg(&f)]);
        assert!(out.contains("[通过]"), "{name}: {out}");
        let ofd_pages = ofd_support::pages(&ofd_support::parts(&ofd)).len();
        assert_eq!(doc.pages.len(), ofd_pages, "{name}");
        written += 1;
    }
    assert!(
        written >= 10,
        "only {written} hostile fixtures were written"
    );
}
