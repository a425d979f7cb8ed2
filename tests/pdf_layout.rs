//! Geometry of the layout engine's output on the two example reports: the GB/T 9704 grid,
//! line lengths, 禁则, fonts per element, page numbers, head and end blocks.

mod common;

use common::bundled_fonts as fonts;
use gongwen::fonts::Role;
use gongwen::hanzi::{forbidden_end, forbidden_start, is_wide};
use gongwen::layout::{grid, layout, mm, Document, Item, LineInfo, PAGE_WIDTH};
use gongwen::model::Report;
use gongwen::style::Element;

fn report(name: &str) -> Report {
    common::report(common::path("input").join(name))
}

fn doc(name: &str) -> Document {
    layout(&report(name), fonts()).expect("layout")
}

const EPS: f32 = 0.05;

fn is_body(l: &LineInfo) -> bool {
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
            | Element::Signature
            | Element::Date
    )
}

/// No line ends inside a run of Latin letters and digits, hyphenated ranges included:
/// "（2021-2025）" and "12345" stay whole.
#[test]
fn latin_and_digit_runs_are_never_split() {
    let latin = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | '%');
    for name in ["purang-2025.yaml", "joint-notice.yaml"] {
        let d = doc(name);
        let lines: Vec<&LineInfo> = d.pages.iter().flat_map(|p| &p.lines).collect();
        for pair in lines.windows(2) {
            let (a, b) = (pair[0].text.trim_end(), pair[1].text.trim_start());
            if let (Some(x), Some(y)) = (a.chars().last(), b.chars().next()) {
                assert!(
                    !(latin(x) && latin(y)),
                    "{name}: a run is split between\n{a}\n{b}"
                );
            }
        }
        if name == "purang-2025.yaml" {
            assert!(
                lines.iter().any(|l| l.text.contains("（2021-2025）》")),
                "the range is not on one line"
            );
        }
    }
}

fn check_grid_and_lines(d: &Document) {
    let col = grid::col();
    for (pi, l) in d.lines() {
        let where_ = format!(
            "page {} line {:?} {:?}: {}",
            pi + 1,
            l.row,
            l.element,
            l.text
        );
        // Inside the type area across and down.
        assert!(l.left >= grid::left() - EPS, "left of type area: {where_}");
        assert!(
            l.right <= grid::right() + EPS,
            "right of type area: {where_}"
        );
        assert!(
            l.baseline > grid::top() && l.baseline < grid::bottom(),
            "{where_}"
        );
        if !is_body(l) {
            continue;
        }
        // Baselines on the 22-row grid.
        let row = l
            .row
            .unwrap_or_else(|| panic!("body line off the grid: {where_}"));
        assert!(row < 22, "{where_}");
        assert!(
            (l.baseline - grid::body_baseline(row)).abs() < 0.01,
            "baseline {} not on row {row}: {where_}",
            l.baseline
        );
        assert!(
            l.chars <= 28.0 + 1e-3,
            "more than 28 characters' room: {where_}"
        );
        assert!(l.full_width <= 29, "{where_}");
        // 禁则
        let first = l.text.chars().next().expect("non-empty line");
        let last = l.text.chars().last().expect("non-empty line");
        assert!(!forbidden_start(first), "forbidden line start: {where_}");
        assert!(!forbidden_end(last), "forbidden line end: {where_}");
        // Justified lines end exactly at the right edge; no line is visibly stretched.
        if l.justified {
            assert!((l.right - grid::right()).abs() < 0.01, "ragged: {where_}");
        }
        // A line of only full-width characters sits on the character pitch.
        if l.text.chars().all(is_wide) && l.element == Element::Body && !l.last_of_paragraph {
            let n = l.full_width as f32;
            let natural = n * col;
            let stretch = (l.right - l.left - natural) / n.max(1.0);
            assert!(
                stretch < 0.12 * col,
                "stretched by {stretch:.2} pt per character: {where_}"
            );
        }
    }
}

#[test]
fn sample_body_sits_on_the_grid_with_correct_breaks() {
    let d = doc("purang-2025.yaml");
    assert!(d.pages.len() >= 4, "the sample fills several pages");
    check_grid_and_lines(&d);
}

#[test]
fn joint_notice_sits_on_the_grid_with_correct_breaks() {
    let d = doc("joint-notice.yaml");
    check_grid_and_lines(&d);
}

/// No page carries more than 22 rows; every page but the last is filled except where a
/// heading was kept with its next line (or the page ends before an attachment).
#[test]
fn pages_are_full() {
    for name in ["purang-2025.yaml", "joint-notice.yaml"] {
        let d = doc(name);
        let body_pages: Vec<(usize, usize)> = d
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.blank && !p.imprint_only)
            .map(|(i, p)| (i, p.rows_used))
            .collect();
        for &(i, used) in &body_pages {
            assert!(used <= 22, "{name} page {} uses {used} rows", i + 1);
        }
        for w in body_pages.windows(2) {
            let (i, used) = w[0];
            let next = &d.pages[w[1].0];
            let starts_attachment = next
                .lines
                .first()
                .is_some_and(|l| l.element == Element::AttachmentLabel);
            if starts_attachment || i == 0 && used < 22 && name == "joint-notice.yaml" {
                continue;
            }
            assert!(
                used >= 20,
                "{name} page {} ends early at row {used} (next starts {:?})",
                i + 1,
                next.lines.first().map(|l| &l.text)
            );
        }
    }
}

#[test]
fn headings_are_never_the_last_line_of_a_page() {
    for name in ["purang-2025.yaml", "joint-notice.yaml"] {
        let d = doc(name);
        for (i, p) in d.pages.iter().enumerate() {
            if let Some(l) = p.lines.iter().rev().find(|l| is_body(l)) {
                if matches!(l.element, Element::Heading1 | Element::Heading2) && l.row == Some(21) {
                    // A run-in heading is allowed at the bottom only when its paragraph goes on.
                    assert!(
                        !l.last_of_paragraph,
                        "{name} page {}: heading on the last row: {}",
                        i + 1,
                        l.text
                    );
                }
                if l.element == Element::Heading1 && l.last_of_paragraph {
                    assert!(l.row != Some(21), "{name} page {}: {}", i + 1, l.text);
                }
            }
        }
    }
}

/// The font role of every glyph run by element.
#[test]
fn elements_use_their_fonts() {
    let d = doc("purang-2025.yaml");
    let mut seen_title = false;
    let mut seen_h1 = false;
    let mut seen_h2 = false;
    for p in &d.pages {
        for it in &p.items {
            let Item::Text(t) = it else { continue };
            if t.text.contains("普兰县2025年法治政府建设年度报告") {
                assert_eq!(t.role, Role::Title);
                assert_eq!(t.size, 22.0);
                seen_title = true;
            }
            if t.text.starts_with("一、") {
                assert_eq!(t.role, Role::Heading1, "{}", t.text);
                seen_h1 = true;
            }
            if t.text.starts_with("（一）强化组织领导") {
                assert_eq!(t.role, Role::Heading2, "{}", t.text);
                assert!(
                    t.text.ends_with('。'),
                    "run-in heading ends at its full stop"
                );
                seen_h2 = true;
            }
            if t.text.starts_with("一是") {
                assert_eq!(t.role, Role::Body);
            }
        }
    }
    assert!(seen_title && seen_h1 && seen_h2);
    // The run-in heading continues in the body font on the same line.
    let l = d
        .lines()
        .map(|(_, l)| l)
        .find(|l| l.text.starts_with("（一）强化组织领导"))
        .expect("run-in heading line");
    assert!(l.text.contains("一是"), "{}", l.text);
}

#[test]
fn page_numbers_alternate_sides() {
    let d = doc("purang-2025.yaml");
    for (i, p) in d.pages.iter().enumerate() {
        let n = i as u32 + 1;
        assert_eq!(p.number, Some(n));
        let run = p
            .items
            .iter()
            .filter_map(|it| match it {
                Item::Text(t) if t.text.starts_with('—') => Some(t),
                _ => None,
            })
            .collect::<Vec<_>>();
        assert_eq!(run.len(), 1, "page {n} has one page number");
        let t = run[0];
        assert_eq!(t.text, format!("— {n} —"));
        assert_eq!(t.size, 14.0);
        assert_eq!(t.role, Role::PageNumber);
        let top = t.baseline - 0.88 * 14.0;
        assert!((top - (grid::bottom() + mm(7.0))).abs() < 0.01);
        let left = t.glyphs[0].x;
        let last = t.glyphs.last().expect("glyphs");
        let right = last.x + last.advance;
        if n % 2 == 1 {
            assert!((right - (grid::right() - 14.0)).abs() < 0.01, "page {n}");
        } else {
            assert!((left - (grid::left() + 14.0)).abs() < 0.01, "page {n}");
        }
        assert!(right < PAGE_WIDTH);
    }
}

#[test]
fn signature_and_date_by_the_sealed_rule() {
    let d = doc("purang-2025.yaml");
    let last = d.pages.last().expect("pages");
    let date = last
        .lines
        .iter()
        .find(|l| l.element == Element::Date)
        .expect("date line");
    assert_eq!(date.text, "2025年12月31日");
    // 右空四字
    assert!((date.right - (grid::right() - 4.0 * grid::col())).abs() < 0.01);
    let name = last
        .lines
        .iter()
        .find(|l| l.element == Element::Signature)
        .expect("signature line");
    assert_eq!(name.text, "普兰县人民政府");
    let c1 = (name.left + name.right) / 2.0;
    let c2 = (date.left + date.right) / 2.0;
    assert!((c1 - c2).abs() < 0.01, "name centred over the date");
    assert_eq!(name.row.map(|r| r + 1), date.row);
}

/// A table that runs onto another page repeats its header row there.
#[test]
fn table_header_repeats_on_each_page() {
    let d = doc("joint-notice.yaml");
    let pages: Vec<_> = d
        .pages
        .iter()
        .filter(|p| {
            p.lines
                .iter()
                .any(|l| l.element == Element::Table && l.text.ends_with('件'))
        })
        .collect();
    assert!(
        pages.len() >= 2,
        "the example's table no longer spans pages: adjust the test"
    );
    for p in pages {
        let header = p
            .lines
            .iter()
            .find(|l| l.element == Element::Table && l.text == "指标");
        let header_row = header
            .and_then(|h| h.row)
            .expect("a header row on every page of the table");
        for l in p
            .lines
            .iter()
            .filter(|l| l.element == Element::Table && l.text.ends_with('件'))
        {
            assert!(
                l.row.unwrap() > header_row,
                "a data row above the header: {}",
                l.text
            );
        }
    }
}
