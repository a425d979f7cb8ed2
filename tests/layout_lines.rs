//! Where the line breaker puts ideographs, read back from the laid-out pages of the two
//! example reports and of a paragraph holding a 120-character URL: the GB/T 9704 grid columns
//! kept wherever a line allows, and nothing past the type area's right edge.

mod common;

use common::bundled_fonts as fonts;
use gongwen::hanzi::is_wide;
use gongwen::layout::{grid, layout, mm, Document, Item, LineInfo};
use gongwen::style::Element;

/// Every body-sized glyph of a grid line with its character: (char, glyph origin x).
fn glyphs_of(d: &Document, page: usize, l: &LineInfo) -> Vec<(char, f32)> {
    let mut out = Vec::new();
    for it in &d.pages[page].items {
        let Item::Text(r) = it else { continue };
        if (r.baseline - l.baseline).abs() > 0.01 || (r.size - 16.0).abs() > 0.01 {
            continue;
        }
        for g in &r.glyphs {
            if g.x >= l.left - 1.0 && g.x <= l.right + 1.0 {
                let c = r.text[g.range.clone()].chars().next().unwrap_or(' ');
                out.push((c, g.x));
            }
        }
    }
    out.sort_by(|a, b| a.1.total_cmp(&b.1));
    out
}

fn ideograph(c: char) -> bool {
    is_wide(c) && ('\u{3400}'..='\u{9fff}').contains(&c)
}

fn running_text(l: &LineInfo) -> bool {
    matches!(
        l.element,
        Element::Body
            | Element::Heading1
            | Element::Heading2
            | Element::Heading3
            | Element::Heading4
            | Element::Addressee
            | Element::AttachmentNote
            | Element::Note
    )
}

/// Distance of an ideograph's em box from the nearest grid column, in mm.
fn off_column(x: f32) -> f32 {
    let col = grid::col();
    let slot = x - (col - 16.0) / 2.0 - grid::left();
    let r = slot.rem_euclid(col);
    r.min(col - r) / mm(1.0)
}

/// The acceptance: ideographs on their columns in lines without Latin or digits, and
/// no gap between neighbouring ideographs wider than the pitch + 1.5 mm in lines with them.
fn grid_problems(d: &Document) -> Vec<String> {
    let mut bad = Vec::new();
    for (p, l) in d.lines() {
        if !running_text(l) {
            continue;
        }
        let g = glyphs_of(d, p, l);
        let latin = l.text.chars().any(|c| !is_wide(c) && !c.is_whitespace());
        if !latin {
            for &(c, x) in g.iter().filter(|(c, _)| ideograph(*c)) {
                let off = off_column(x);
                if off > 0.3 {
                    bad.push(format!("{c} {off:.2} mm off its column: {}", l.text));
                    break;
                }
            }
        }
        for w in g.windows(2) {
            if ideograph(w[0].0) && ideograph(w[1].0) {
                let gap = w[1].1 - w[0].1;
                if gap > grid::col() + mm(1.5) {
                    bad.push(format!(
                        "{}{} {:.2} mm apart: {}",
                        w[0].0,
                        w[1].0,
                        gap / mm(1.0),
                        l.text
                    ));
                }
            }
        }
    }
    bad
}

#[test]
fn sample_and_joint_notice_keep_the_grid_columns() {
    for p in [common::sample(), common::joint()] {
        let d = layout(&common::report(&p), fonts()).expect("layout");
        let bad = grid_problems(&d);
        assert!(bad.is_empty(), "{}:\n{}", p.display(), bad.join("\n"));
    }
}

/// A paragraph with a 120-character URL: every glyph inside the type area (28–184 mm across)
/// and no two neighbouring ideographs further apart than the pitch + 1.5 mm.
#[test]
fn a_long_url_stays_inside_the_type_area() {
    let url = "https://www.purang.gov.cn/zwgk/fdzdgknr/fzzfjs/report_2025_annual-law-based-government/index.html?id=20251231&lang=zh-CN";
    assert_eq!(url.chars().count(), 120);
    let yaml = format!(
        "title: 普兰县2025年法治政府建设年度报告\nbody:\n  - 报告全文已在县政府门户网站公开，网址为{url}，欢迎社会各界监督。\n  - 第二段正文照常排在网格上。\n"
    );
    let d = layout(&common::parse(&yaml), fonts()).expect("layout");
    for (p, l) in d.lines() {
        if !running_text(l) {
            continue;
        }
        for (c, x) in glyphs_of(&d, p, l) {
            // The em box's centre: a full-width em (16 pt) is a little wider than its
            // grid slot (15.79 pt) and overhangs it by a hair on both sides.
            let centre = x + if is_wide(c) { 8.0 } else { 2.0 };
            assert!(
                centre >= grid::left() && centre <= grid::right(),
                "{c} at {:.1} mm: {}",
                x / mm(1.0),
                l.text
            );
        }
        assert!(l.right <= grid::right() + 0.01, "{}", l.text);
    }
    let bad = grid_problems(&d);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    let lines: Vec<&str> = d.lines().map(|(_, l)| l.text.as_str()).collect();
    assert!(
        lines.iter().filter(|l| l.contains(['/', '.'])).count() >= 3,
        "the URL is broken over lines: {lines:?}"
    );
}
