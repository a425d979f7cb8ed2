//! The written PDF, read back the way a user's software reads it: poppler-utils (pdftotext,
//! pdffonts, pdfinfo) and qpdf. Install them with `apt-get install poppler-utils qpdf`.

mod common;

use common::{squash, without_page_numbers};
use gongwen::hanzi::punct::widen as normalize;
use gongwen::model::Report;
use gongwen::Format;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn report(name: &str) -> Report {
    common::report(common::path("input").join(name))
}

fn pdf_bytes(name: &str) -> Vec<u8> {
    common::render(&report(name), Format::Pdf)
}

/// The PDF written once per test binary run, into a temporary folder.
fn pdf_file(name: &str) -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(common::tempdir);
    let path = dir.path().join(name.replace(".yaml", ".pdf"));
    if !path.exists() {
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, pdf_bytes(name)).expect("write PDF");
        std::fs::rename(&tmp, &path).expect("rename PDF");
    }
    path
}

fn tool(program: &str, args: &[&str], path: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .arg(path)
        .args(if program == "pdftotext" {
            vec!["-"]
        } else {
            vec![]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "\n\n*** `{program}` is needed by this test and could not be run ({e}).\n\
                 *** Install it: apt-get install poppler-utils qpdf\n\n"
            )
        });
    assert!(
        out.status.success() || program == "qpdf",
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn same_report_gives_identical_bytes() {
    let a = pdf_bytes("purang-2025.yaml");
    let b = pdf_bytes("purang-2025.yaml");
    assert!(a == b, "two exports of the same report differ");
    assert!(a.starts_with(b"%PDF-"));
}

#[test]
fn formats_built_side_by_side_equal_formats_built_alone() {
    let fonts = common::bundled_fonts();
    for name in ["purang-2025.yaml", "joint-notice.yaml"] {
        let r = report(name);
        let composition = gongwen::compose::compose(&r);
        let together = gongwen::render_formats(&r, &composition, &Format::ALL, Some(fonts));
        assert_eq!(together.len(), Format::ALL.len());
        for (format, result) in Format::ALL.into_iter().zip(together) {
            let (bytes, _) = result.unwrap_or_else(|d| panic!("{name} {format}: {}", d.message));
            // Fonts of their own, so that nothing learnt by the other writers helps.
            let own =
                gongwen::fonts::FontSet::resolve(&gongwen::fonts::FontOptions::bundled_only())
                    .unwrap();
            let alone = gongwen::render(&r, format, Some(&own)).unwrap();
            assert!(
                bytes == alone,
                "{name}: {format} differs when built beside the others"
            );
        }
    }
}

#[test]
fn text_extracts_as_title_body_signature_and_date() {
    let r = report("purang-2025.yaml");
    let mut expected = r.title.text.clone();
    let paras = body_paragraphs(&r);
    for p in &paras {
        expected.push_str(p);
    }
    let sig = r.signature.as_ref().expect("the sample is signed");
    for i in &sig.issuers {
        expected.push_str(i);
    }
    expected.push_str(&sig.date.expect("dated").chinese());
    let expected = squash(&normalize(&expected));
    let got = squash(&without_page_numbers(&tool(
        "pdftotext",
        &["-layout"],
        &pdf_file("purang-2025.yaml"),
    )));
    if got != expected {
        let at = got
            .chars()
            .zip(expected.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let ctx = |s: &str| {
            s.chars()
                .skip(at.saturating_sub(20))
                .take(60)
                .collect::<String>()
        };
        panic!(
            "extracted text differs at character {at}:\n got: {}\nwant: {}",
            ctx(&got),
            ctx(&expected)
        );
    }
}

#[test]
fn every_sentence_of_the_joint_notice_is_searchable() {
    let r = report("joint-notice.yaml");
    let got = squash(&without_page_numbers(&tool(
        "pdftotext",
        &["-layout"],
        &pdf_file("joint-notice.yaml"),
    )));
    let paras = body_paragraphs(&r);
    for p in &paras {
        for sentence in normalize(p).split_inclusive('。') {
            let s = squash(sentence);
            assert!(got.contains(&s), "not found in the PDF text: {s}");
        }
    }
    for s in [
        "普政发〔2026〕3号",
        "签发人：张建国李明",
        "阿里地区行政公署：",
        "附件：1.普兰县2025年度行政执法统计表",
        "2.普兰县2026年法治政府建设工作要点",
        "（联系人：王芳，电话：0897-2601234）",
        "抄送：地区司法局、县委办公室、县人大常委会办公室。",
        "普兰县人民政府办公室2026年1月9日印发",
        "2026年1月8日",
    ] {
        assert!(got.contains(&squash(s)), "not found in the PDF text: {s}");
    }
}

#[test]
fn fonts_are_embedded_as_subsets() {
    for name in ["purang-2025.yaml", "joint-notice.yaml"] {
        let out = tool("pdffonts", &[], &pdf_file(name));
        let rows: Vec<&str> = out
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert!(
            rows.len() >= 4,
            "{name}: title, body, 黑体 and 楷体 faces:\n{out}"
        );
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            // name type... emb sub uni object ID
            assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{name}: {row}");
            assert!(cols[0].chars().nth(6) == Some('+'), "subset tag: {row}");
        }
    }
}

#[test]
fn pdf_is_well_formed_pdf_a_with_metadata() {
    for name in ["purang-2025.yaml", "joint-notice.yaml"] {
        let path = pdf_file(name);
        let check = tool("qpdf", &["--check"], &path);
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{name}: {check}"
        );
        let info = tool("pdfinfo", &[], &path);
        assert!(info.contains("(A4)"), "{name}: {info}");
        let bytes = std::fs::read(&path).expect("read");
        let xmp = String::from_utf8_lossy(&bytes);
        assert!(xmp.contains("<pdfaid:part>3</pdfaid:part>"), "PDF/A-3 id");
        assert!(xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
        assert!(xmp.contains("zh-CN"), "document language");
    }
    let info = tool("pdfinfo", &[], &pdf_file("purang-2025.yaml"));
    assert!(
        info.contains("Title:           普兰县2025年法治政府建设年度报告"),
        "{info}"
    );
    assert!(info.contains("Author:          普兰县人民政府"), "{info}");
    // The website block travels in the metadata, not on the page.
    assert!(info.contains("索引号：pnx/2026-00010"), "{info}");
    assert!(
        info.contains("CreationDate:") && info.contains("2025"),
        "{info}"
    );
    let text = tool("pdftotext", &[], &pdf_file("purang-2025.yaml"));
    assert!(
        !text.contains("索引号"),
        "publication metadata is not printed"
    );
}

#[test]
fn bookmarks_for_level_one_and_two_headings() {
    let out = tool(
        "qpdf",
        &["--json", "--json-key=outlines"],
        &pdf_file("purang-2025.yaml"),
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("qpdf json");
    let top = v["outlines"].as_array().expect("outlines");
    let titles: Vec<&str> = top.iter().filter_map(|o| o["title"].as_str()).collect();
    assert_eq!(
        titles,
        [
            "一、工作开展情况",
            "二、存在的问题与不足",
            "三、下一步工作打算"
        ]
    );
    let kids = top[0]["kids"].as_array().expect("kids");
    assert_eq!(kids.len(), 3);
    assert_eq!(kids[0]["title"], "（一）强化组织领导，筑牢法治政府建设根基");
}

/// Every glyph box that pdftotext reports lies inside the type area (page numbers below it).
#[test]
fn glyphs_inside_the_type_area() {
    for name in ["purang-2025.yaml", "joint-notice.yaml"] {
        let out = tool("pdftotext", &["-bbox"], &pdf_file(name));
        let mm = 72.0 / 25.4;
        let mut words = 0;
        for l in out.lines().filter(|l| l.contains("<word")) {
            let attr = |k: &str| -> f32 {
                let s = l.split(&format!("{k}=\"")).nth(1).expect("attr");
                s[..s.find('"').expect("quote")].parse().expect("number")
            };
            let word = l.split('>').nth(1).unwrap_or("").trim_end_matches("</word");
            let (x0, x1, y0, y1) = (attr("xMin"), attr("xMax"), attr("yMin"), attr("yMax"));
            let page_number = word == "—" || word.chars().all(|c| c.is_ascii_digit());
            if page_number && y0 > 262.0 * mm {
                assert!(y0 >= 269.0 * mm - 0.5 && x1 <= 184.0 * mm, "{name}: {l}");
                continue;
            }
            words += 1;
            assert!(x0 >= 28.0 * mm - 0.3, "{name}: left of the type area: {l}");
            // A closing mark squeezed at the line end keeps its ink (the left half of its em)
            // inside; its em box may reach half a character past the edge.
            let overhang = if word.ends_with(['，', '。', '、', '；', '：', '）', '”', '’', '》'])
            {
                8.1
            } else {
                0.3
            };
            assert!(
                x1 <= 184.0 * mm + overhang,
                "{name}: right of the type area: {l}"
            );
            assert!(y0 >= 37.0 * mm - 0.3, "{name}: above the type area: {l}");
            assert!(y1 <= 262.0 * mm + 0.3, "{name}: below the type area: {l}");
        }
        assert!(words > 50, "{name}: {words} words");
    }
}

/// The budget for the sample: 200 KB, every font embedded. The body face dominates; the bundled
/// FandolFang is stored at 256 units/em with its near-straight curves drawn as lines for that
/// reason (fonts/build.py).
#[test]
fn sample_pdf_is_at_most_200_kb() {
    let n = pdf_bytes("purang-2025.yaml").len();
    assert!(n <= 200_000, "{n} bytes");
}

/// The body's paragraphs, headings and table captions as composed for every writer.
fn body_paragraphs(r: &gongwen::model::Report) -> Vec<String> {
    use gongwen::compose::{compose, Content};
    compose(r)
        .flow()
        .take_while(|p| !p.page_break_before)
        .filter_map(|p| match (&p.content, p.element) {
            (Content::Table(t), _) => t.caption.clone(),
            (Content::Text(_), e) if p.depth.is_some() || e.style().outline_level.is_some() => {
                Some(p.text())
            }
            _ => None,
        })
        .collect()
}
