//! The DOCX as LibreOffice lays it out: 22 lines on full pages, 28 characters on full body
//! lines at the grid's character pitch, "— N —" footers on the outer sides.
//!
//! Needs `soffice` (Debian: libreoffice-writer-nogui), `pdftotext` and `pdftoppm`
//! (poppler-utils). The bundled fonts are made visible to LibreOffice under the official
//! names through a fontconfig file written into a temporary folder (see `fonts_conf`).

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::require;
use gongwen::fonts::{FontSet, Role};
use gongwen::style::page;

/// A fontconfig file that shows LibreOffice the repository's fonts/ folder (and the
/// metric-compatible Liberation faces for Times New Roman and Arial, when installed) and
/// maps each official family name to the bundled face gongwen uses for that role. Installed
/// CJK fonts stay out of sight, so the render is the same on every machine.
fn fonts_conf(dir: &Path, fonts: &FontSet) -> PathBuf {
    let repo_fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let mut x = String::from(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n",
    );
    x.push_str(&format!("  <dir>{}</dir>\n", repo_fonts.display()));
    let liberation = [
        "/usr/share/fonts/truetype/liberation2",
        "/usr/share/fonts/truetype/liberation",
    ]
    .into_iter()
    .find(|d| Path::new(d).is_dir());
    if let Some(d) = liberation {
        x.push_str(&format!("  <dir>{d}</dir>\n"));
    }
    x.push_str(&format!(
        "  <cachedir>{}</cachedir>\n",
        dir.join("fc-cache").display()
    ));
    let mut map = |from: &str, to: &str, bold: bool| {
        x.push_str(&format!(
            "  <match target=\"pattern\"><test name=\"family\"><string>{from}</string></test><edit name=\"family\" mode=\"assign\" binding=\"strong\"><string>{to}</string></edit>"
        ));
        if bold {
            x.push_str("<edit name=\"weight\" mode=\"assign\" binding=\"strong\"><const>bold</const></edit>");
        }
        x.push_str("</match>\n");
    };
    for role in Role::ALL {
        let face = fonts.face(role);
        map(role.official_family(), face.family(), role == Role::Title);
    }
    let body = fonts.face(Role::Body).family().to_string();
    let sans = fonts.face(Role::Heading1).family().to_string();
    let (serif, sans) = if liberation.is_some() {
        (
            "Liberation Serif".to_string(),
            "Liberation Sans".to_string(),
        )
    } else {
        (body, sans)
    };
    map("Times New Roman", &serif, false);
    map("Arial", &sans, false);
    x.push_str("</fontconfig>\n");
    let path = dir.join("fonts.conf");
    std::fs::write(&path, x).unwrap();
    path
}

struct Word {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    text: String,
}

fn attr(s: &str, name: &str) -> f32 {
    let at = s.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    s[at..at + s[at..].find('"').unwrap()].parse().unwrap()
}

/// Renders the DOCX with LibreOffice and returns the words of each page.
fn render(yaml: &str) -> (Vec<Vec<Word>>, tempfile::TempDir) {
    require("soffice", "libreoffice-writer-nogui");
    require("pdftotext", "poppler-utils");
    let loaded = common::load(yaml);
    let fonts = common::bundled_fonts();
    let bytes = gongwen::export::docx::write(&loaded.report, fonts).unwrap();
    let dir = common::tempdir();
    let docx = dir.path().join("report.docx");
    std::fs::write(&docx, bytes).unwrap();
    let conf = fonts_conf(dir.path(), fonts);
    let out = Command::new("soffice")
        .env("FONTCONFIG_FILE", &conf)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .expect("run soffice");
    let pdf = dir.path().join("report.pdf");
    assert!(
        pdf.exists(),
        "soffice made no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bbox = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    let html = String::from_utf8(bbox.stdout).unwrap();
    let pages = html
        .split("<page ")
        .skip(1)
        .map(|p| {
            p.split("<word ")
                .skip(1)
                .map(|w| {
                    let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
                    Word {
                        x0: attr(w, "xMin"),
                        y0: attr(w, "yMin"),
                        x1: attr(w, "xMax"),
                        y1: attr(w, "yMax"),
                        text: text.replace("&amp;", "&"),
                    }
                })
                .collect()
        })
        .collect();
    (pages, dir)
}

fn pt(mm: f32) -> f32 {
    page::mm_to_pt(mm)
}

/// Grid rows (0-based) of the type area that hold text.
fn rows(words: &[Word]) -> std::collections::BTreeSet<i32> {
    let top = pt(page::TOP_MM);
    let pitch = pt(page::LINE_PITCH_MM);
    words
        .iter()
        .filter_map(|w| {
            let cy = (w.y0 + w.y1) / 2.0;
            let r = ((cy - top) / pitch).floor() as i32;
            (0..page::LINES_PER_PAGE as i32).contains(&r).then_some(r)
        })
        .collect()
}

/// Checks "— N —" below the type area, right on odd pages and left on even ones.
fn check_footers(yaml: &str, pages: &[Vec<Word>]) {
    let bottom = pt(page::TOP_MM + page::TYPE_HEIGHT_MM);
    let mid = pt(page::WIDTH_MM) / 2.0;
    for (i, words) in pages.iter().enumerate() {
        let n = i + 1;
        let mut foot: Vec<&Word> = words.iter().filter(|w| w.y0 > bottom).collect();
        foot.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let text: Vec<&str> = foot.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(text, ["—", &n.to_string(), "—"], "{yaml} page {n} footer");
        let (x0, x1) = (foot[0].x0, foot[2].x1);
        // One character (3号) in from the outer edge of the type area.
        let one = pt(page::CHAR_PITCH_MM);
        if n % 2 == 1 {
            assert!(x0 > mid, "{yaml} page {n}: odd page number on the right");
            let edge = pt(page::LEFT_MM + page::TYPE_WIDTH_MM) - one;
            assert!(
                (x1 - edge).abs() < 2.0,
                "{yaml} page {n}: ends at {x1}, want {edge}"
            );
        } else {
            assert!(x1 < mid, "{yaml} page {n}: even page number on the left");
            let edge = pt(page::LEFT_MM) + one;
            assert!(
                (x0 - edge).abs() < 2.0,
                "{yaml} page {n}: starts at {x0}, want {edge}"
            );
        }
        // The top of the number line 7 mm below the type area (glyph boxes: ±2 mm).
        let gap = (foot[1].y0 - bottom) / page::PT_PER_MM;
        assert!(
            (gap - page::PAGE_NUMBER_GAP_MM).abs() < 2.0,
            "{yaml} page {n}: gap {gap} mm"
        );
    }
}

#[test]
fn sample_renders_on_the_grid() {
    let yaml = "input/purang-2025.yaml";
    let (pages, _dir) = render(yaml);
    assert!(pages.len() >= 4, "{} pages", pages.len());
    for (i, words) in pages[..pages.len() - 1].iter().enumerate() {
        let r = rows(words);
        // Row 1 of page 1 is the blank line under the title.
        let expect = if i == 0 { 21 } else { 22 };
        assert_eq!(r.len(), expect, "page {}: rows {r:?}", i + 1);
    }
    let left = pt(page::LEFT_MM);
    let right = pt(page::LEFT_MM + page::TYPE_WIDTH_MM);
    let mut full = 0;
    let mut pitches = Vec::new();
    let mut hanging = 0;
    for words in &pages {
        for w in words {
            let chars: Vec<char> = w.text.chars().collect();
            if (w.x0 - left).abs() > 2.0 || w.x1 < right - 3.0 || chars.iter().any(char::is_ascii) {
                continue;
            }
            // LibreOffice 7.4 ignores w:overflowPunct and lets a final comma or full stop
            // hang in the margin; the characters inside the type area are what count.
            let (inside, x1) = if w.x1 > right + 3.0 {
                hanging += 1;
                let adv = (w.x1 - w.x0) / chars.len() as f32;
                (chars.len() - 1, w.x1 - adv)
            } else {
                (chars.len(), w.x1)
            };
            assert_eq!(inside, page::CHARS_PER_LINE, "full line {:?}", w.text);
            pitches.push((x1 - w.x0) / inside as f32 / page::PT_PER_MM);
            full += 1;
        }
    }
    assert!(full >= 60, "only {full} full lines found");
    pitches.sort_by(f32::total_cmp);
    let median = pitches[pitches.len() / 2];
    assert!(
        (median - page::CHAR_PITCH_MM).abs() < 0.02,
        "character pitch {median} mm, grid {} mm",
        page::CHAR_PITCH_MM
    );
    eprintln!(
        "{yaml}: {} pages, {full} full lines, {hanging} with hanging punctuation, pitch {median:.4} mm",
        pages.len()
    );
    check_footers(yaml, &pages);
    compare_page_count(yaml, pages.len());
}

/// The DOCX and gongwen's PDF paginate alike (±1 page), once the PDF writer exists.
fn compare_page_count(yaml: &str, docx_pages: usize) {
    let loaded = common::load(yaml);
    match gongwen::render(
        &loaded.report,
        gongwen::Format::Pdf,
        Some(common::bundled_fonts()),
    ) {
        Ok(pdf) => {
            let s = String::from_utf8_lossy(&pdf);
            let pdf_pages = s.matches("/Type /Page").count() - s.matches("/Type /Pages").count();
            let pdf_pages = if pdf_pages == 0 {
                s.matches("/Type/Page").count() - s.matches("/Type/Pages").count()
            } else {
                pdf_pages
            };
            assert!(
                docx_pages.abs_diff(pdf_pages) <= 1,
                "{yaml}: DOCX {docx_pages} pages, PDF {pdf_pages}"
            );
        }
        Err(e) => eprintln!("{yaml}: page count not compared, the PDF writer says: {e}"),
    }
}

#[test]
fn joint_notice_renders_with_every_optional_element() {
    let yaml = "input/joint-notice.yaml";
    let (pages, dir) = render(yaml);
    assert!(pages.len() >= 4, "{} pages", pages.len());
    let all: String = pages.iter().flatten().map(|w| w.text.as_str()).collect();
    for needle in [
        "000123",
        "秘密★1",
        "特急",
        "普兰县人民政府",
        "普兰县司法局",
        "文件",
        "签发人：张建国",
        "阿里地区行政公署：",
        "附件：1.普兰县2025年度行政执法统计表",
        "2026年1月8日",
        "（联系人：王芳，电话：0897-2601234）",
        "抄送：地区司法局、县委办公室、县人大常委会办公室。",
        "2026年1月9日印发",
    ] {
        assert!(
            all.contains(needle.replace(' ', "").as_str()),
            "{yaml}: {needle} not rendered"
        );
    }
    // The red head sits 80 mm below the type area's top (上行文), give or take a line.
    let first = &pages[0];
    let mark = first.iter().find(|w| w.text == "普兰县人民政府").unwrap();
    let top = (mark.y0 - pt(page::TOP_MM)) / page::PT_PER_MM;
    assert!(
        (top - page::ISSUER_MARK_TOP_UPWARD_MM).abs() < 10.0,
        "red head {top} mm below the type area"
    );
    // Each attachment starts a page with its label on the first line.
    for label in ["附件1", "附件2"] {
        let found = pages.iter().any(|p| {
            let mut line: Vec<&Word> = p
                .iter()
                .filter(|w| rows(std::slice::from_ref(*w)).contains(&0))
                .collect();
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let text: String = line.iter().map(|w| w.text.as_str()).collect();
            text == label && (line[0].x0 - pt(page::LEFT_MM)).abs() < 2.0
        });
        assert!(found, "no page starts with {label} at the top left");
    }
    check_footers(yaml, &pages);
    compare_page_count(yaml, pages.len());
    check_imprint(yaml, &pages, &dir.path().join("report.pdf"));
    check_table_header_repeats(yaml, &pages);
}

/// The joint notice's table runs from one page onto the next (as in the PDF): the header
/// row is printed again at the top of the continuation, because the DOCX marks it as a
/// header row.
fn check_table_header_repeats(yaml: &str, pages: &[Vec<Word>]) {
    let has = |p: &[Word], t: &str| p.iter().any(|w| w.text.contains(t));
    let with_rows: Vec<usize> = (0..pages.len())
        .filter(|&i| {
            ["热线办件", "其中：咨询", "其中：投诉"]
                .iter()
                .any(|t| has(&pages[i], t))
        })
        .collect();
    assert!(
        with_rows.len() >= 2,
        "{yaml}: the table's rows stand on pages {with_rows:?}; the test needs a table that runs onto a second page"
    );
    for &i in &with_rows {
        assert!(
            has(&pages[i], "指标") && has(&pages[i], "数量"),
            "{yaml}: page {} holds table rows but no header row",
            i + 1
        );
    }
}

/// The 版记 at the foot of the type area of the last page: the 印发 line on the last grid
/// row, its glyph box ending within 2 mm of the type area's bottom edge, the 抄送 line on the
/// row above, and the last of the three full-width rules on that bottom edge.
fn check_imprint(yaml: &str, pages: &[Vec<Word>], pdf: &Path) {
    let last = pages.last().unwrap();
    let bottom_mm = page::TOP_MM + page::TYPE_HEIGHT_MM;
    let bottom = pt(bottom_mm);
    let pitch = pt(page::LINE_PITCH_MM);
    let row = |w: &Word| ((w.y0 + w.y1) / 2.0 - pt(page::TOP_MM)) / pitch;
    let printed = last
        .iter()
        .find(|w| w.text.ends_with("印发"))
        .unwrap_or_else(|| panic!("{yaml}: no 印发 line on the last page"));
    let cc = last
        .iter()
        .find(|w| w.text.starts_with("抄送"))
        .unwrap_or_else(|| panic!("{yaml}: no 抄送 line on the last page"));
    let mm = |v: f32| v / page::PT_PER_MM;
    eprintln!(
        "{yaml}: 抄送 box {:.1}–{:.1} mm, 印发 box {:.1}–{:.1} mm, type area ends {bottom_mm} mm",
        mm(cc.y0),
        mm(cc.y1),
        mm(printed.y0),
        mm(printed.y1)
    );
    let last_row = page::LINES_PER_PAGE as f32 - 1.0;
    assert!(
        row(printed).floor() == last_row && (printed.y1 - bottom).abs() < pt(2.0),
        "{yaml}: 印发 line at {:.1}–{:.1} mm, want it on the last row, ending near {bottom_mm} mm",
        mm(printed.y0),
        mm(printed.y1)
    );
    assert!(
        row(cc).floor() == last_row - 1.0,
        "{yaml}: 抄送 line at {:.1}–{:.1} mm, want it on the row above the 印发 line",
        mm(cc.y0),
        mm(cc.y1)
    );
    let rules = rules_mm(pdf, pages.len());
    eprintln!("{yaml}: rules on the last page (mm): {rules:.2?}");
    assert_eq!(rules.len(), 3, "{yaml}: rules {rules:?}");
    let (_, end) = rules[2];
    assert!(
        (end - bottom_mm).abs() < 0.5,
        "{yaml}: last rule ends at {end:.2} mm, want {bottom_mm} mm"
    );
    for (top, _) in &rules[..2] {
        assert!(
            *top > mm(cc.y0) - page::LINE_PITCH_MM,
            "{yaml}: a rule at {top:.2} mm, more than a line above the 抄送 line"
        );
    }
}

/// Full-width horizontal rules (top, bottom in mm) on page `n` of the PDF, found in a
/// 300 dpi greyscale render: runs of rows whose dark pixels span most of the type area.
fn rules_mm(pdf: &Path, n: usize) -> Vec<(f32, f32)> {
    require("pdftoppm", "poppler-utils");
    let prefix = pdf.with_file_name("last");
    let out = Command::new("pdftoppm")
        .args(["-gray", "-r", "300", "-singlefile"])
        .args(["-f", &n.to_string(), "-l", &n.to_string()])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .expect("run pdftoppm");
    assert!(out.status.success(), "pdftoppm failed");
    let pgm = std::fs::read(prefix.with_extension("pgm")).unwrap();
    // Binary PGM: "P5", width, height, maxval, then one byte per pixel.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).to_string());
    }
    assert_eq!(fields[0], "P5", "not a binary PGM");
    let w: usize = fields[1].parse().unwrap();
    let h: usize = fields[2].parse().unwrap();
    let px = &pgm[at + 1..];
    let dpmm = 300.0 / 25.4;
    let need = (100.0 * dpmm) as usize;
    let mut rules = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    for y in 0..h {
        let dark = px[y * w..(y + 1) * w].iter().filter(|&&v| v < 128).count();
        if dark > need {
            run = Some(run.map_or((y, y), |(a, _)| (a, y)));
        } else if let Some((a, b)) = run.take() {
            rules.push((a as f32 / dpmm, (b + 1) as f32 / dpmm));
        }
    }
    rules
}

/// A report whose last page has exactly the two grid rows the 版记 takes left free: the PDF
/// puts the 版记 there, and LibreOffice must too (not move it to a page of its own).
#[test]
fn imprint_fits_in_the_two_rows_the_pdf_leaves() {
    let fonts = common::bundled_fonts();
    let dir = common::tempdir();
    let yaml_for = |n: usize| {
        let mut y = String::from("title: 关于版记位置的测试报告\nbody:\n");
        for i in 0..n {
            // 26 characters: one full line after the 2-character indent.
            y.push_str(&format!(
                "  - 第{:02}段落按照规定开展法治政府建设工作成效。\n",
                i % 100
            ));
        }
        y.push_str(
            "imprint:\n  cc: [县司法局]\n  printer: 某县人民政府办公室\n  date: 2026-01-09\n",
        );
        y
    };
    let n = (10..80)
        .find(|&n| {
            let r = common::parse(&yaml_for(n));
            let doc = gongwen::layout::layout(&r, fonts).expect("layout");
            doc.pages.len() == 2 && doc.pages[1].rows_used == page::LINES_PER_PAGE - 2
        })
        .expect("some length leaves exactly two free rows on page 2");
    let path = dir.path().join("imprint-two-rows.yaml");
    std::fs::write(&path, yaml_for(n)).unwrap();
    let yaml = path.to_str().unwrap();
    let (pages, out) = render(yaml);
    assert_eq!(
        pages.len(),
        2,
        "{n} paragraphs: LibreOffice made {} pages, the PDF 2",
        pages.len()
    );
    check_imprint(yaml, &pages, &out.path().join("report.pdf"));
}

/// A line with Tibetan (a mixed line, a Tibetan paragraph) takes one grid row in LibreOffice,
/// as in the PDF: the Tibetan face's line is taller than the pitch, and on the document grid
/// LibreOffice gave each such line two rows.
#[test]
fn bilingual_lines_keep_one_grid_row_each() {
    let yaml = "tests/fixtures/purang-bilingual.yaml";
    let (pages, _dir) = render(yaml);
    let r = rows(&pages[0]);
    // Page 1 from the addressee (row 15) down: two Chinese lines, the mixed paragraph's two
    // lines, the Tibetan paragraph's first lines — every row filled, none skipped.
    let body: Vec<i32> = r.iter().copied().filter(|&k| k >= 15).collect();
    assert_eq!(body, (15..22).collect::<Vec<_>>(), "page 1 rows {r:?}");
}
