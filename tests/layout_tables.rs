//! Tables in the PDF layout (issue 13): column widths from content, every cell wrapped
//! inside its column, rows taller than a page split with the header repeated, a header never
//! alone at a page foot, and a table too wide for the type area refused with a located error.

mod common;

use common::{bundled_fonts as fonts, parse};
use gongwen::layout::{grid, layout, mm, Document, Item, Page};
use gongwen::style::Element;

/// A report whose body is `before` paragraphs, then a table with `header` and `rows`.
fn report(before: usize, header: &[String], rows: &[Vec<String>]) -> String {
    let q = |s: &String| format!("\"{s}\"");
    let list = |r: &[String]| r.iter().map(q).collect::<Vec<_>>().join(", ");
    let mut y = String::from("title: 表格测试\nbody:\n");
    for _ in 0..before {
        y.push_str("  - 为测试分页而设的段落。\n");
    }
    y.push_str("  - table:\n      caption: 测试表\n");
    y.push_str(&format!("      header: [{}]\n      rows:\n", list(header)));
    for r in rows {
        y.push_str(&format!("        - [{}]\n", list(r)));
    }
    y.push_str("signature:\n  issuers: 普兰县人民政府\n  date: 2025-12-31\n");
    y
}

fn lay(yaml: &str) -> Document {
    layout(&parse(yaml), fonts()).unwrap_or_else(|d| panic!("layout: {d}"))
}

/// Every glyph box on a page: (x0, x1, top, bottom, char).
fn glyphs(p: &Page) -> Vec<(f32, f32, f32, f32, char)> {
    let mut out = Vec::new();
    for it in &p.items {
        if let Item::Text(t) = it {
            for g in &t.glyphs {
                let c = t.text[g.range.clone()].chars().next().unwrap_or(' ');
                out.push((
                    g.x,
                    g.x + g.advance,
                    t.baseline - 0.88 * t.size,
                    t.baseline + 0.12 * t.size,
                    c,
                ));
            }
        }
    }
    out
}

/// Every vertical table border on a page: (x, top, bottom).
fn border_rules(p: &Page) -> Vec<(f32, f32, f32)> {
    p.items
        .iter()
        .filter_map(|it| match it {
            Item::Rule(r) if r.y1 - r.y0 > r.x1 - r.x0 => Some(((r.x0 + r.x1) / 2.0, r.y0, r.y1)),
            _ => None,
        })
        .collect()
}

/// x of every vertical table border on a page.
fn borders(p: &Page) -> Vec<f32> {
    let mut xs: Vec<f32> = p
        .items
        .iter()
        .filter_map(|it| match it {
            Item::Rule(r) if r.y1 - r.y0 > r.x1 - r.x0 => Some((r.x0 + r.x1) / 2.0),
            _ => None,
        })
        .collect();
    xs.sort_by(f32::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() < 0.01);
    xs
}

/// No glyph crosses a column border, leaves the type area or overlaps another glyph.
fn assert_clean(d: &Document) {
    for (pi, p) in d.pages.iter().enumerate() {
        let g = glyphs(p);
        let rules = border_rules(p);
        for &(x0, x1, top, bottom, c) in &g {
            for &(x, y0, y1) in &rules {
                assert!(
                    !(x0 + 0.05 < x && x < x1 - 0.05 && top < y1 && bottom > y0),
                    "page {pi}: {c} ({x0:.1}–{x1:.1}) crosses the border at {x:.1}"
                );
            }
            // The page number sits below the type area by the standard.
            if p.number.is_some() && top > grid::bottom() {
                continue;
            }
            assert!(
                x0 >= grid::left() - 0.05 && x1 <= grid::right() + 0.05,
                "page {pi}: {c} at x {x0:.1}–{x1:.1} outside the type area"
            );
            assert!(
                top >= mm(37.0) - 0.05 && bottom <= mm(262.0) + 0.05,
                "page {pi}: {c} at y {top:.1}–{bottom:.1} outside the type area"
            );
        }
        for (i, a) in g.iter().enumerate() {
            for b in &g[i + 1..] {
                let w = (a.1.min(b.1) - a.0.max(b.0)).max(0.0);
                let h = (a.3.min(b.3) - a.2.max(b.2)).max(0.0);
                let narrower = (a.1 - a.0).min(b.1 - b.0);
                assert!(
                    w * h == 0.0 || w < 0.15 * narrower,
                    "page {pi}: {} and {} overlap by {w:.2} pt",
                    a.4,
                    b.4
                );
            }
        }
    }
}

fn table_lines(d: &Document) -> Vec<(usize, &gongwen::layout::LineInfo)> {
    d.lines()
        .filter(|(_, l)| l.element == Element::Table)
        .collect()
}

#[test]
fn latin_and_long_digit_cells_wrap_inside_their_columns() {
    let header: Vec<String> = ["项目", "编号", "金额"].map(String::from).to_vec();
    let rows = vec![
        vec![
            "法律顾问合同审查，详见 www.purang.gov.cn/zwgk/2025/report-annual.html".into(),
            "GW-2025-000123456789".into(),
            "1,234,567,890".into(),
        ],
        vec![
            "Administrative reconsideration cases handled by the county".into(),
            "13800138000".into(),
            "1,020".into(),
        ],
    ];
    let d = lay(&report(0, &header, &rows));
    assert_clean(&d);
    let lines = table_lines(&d);
    // The long cells really wrapped: more lines than cells.
    assert!(lines.len() > 9, "{} table lines", lines.len());
    // Nothing of a cell is lost.
    let text: String = lines.iter().map(|(_, l)| l.text.as_str()).collect();
    for part in ["GW-2025-", "13800138000", "1,234,567,890", "report-annual"] {
        assert!(
            text.contains(part) || text.replace(' ', "").contains(part),
            "{part} missing from {text}"
        );
    }
}

/// A run no breaker may cut at its natural points (30 digits, a URL without slashes between
/// words) is either wrapped cleanly or refused as too wide: never drawn over its neighbours.
#[test]
fn unbreakable_runs_are_wrapped_or_refused_never_overprinted() {
    let header: Vec<String> = ["编号", "网址", "金额", "备注"].map(String::from).to_vec();
    let rows = vec![vec![
        "123456789012345678901234567890".into(),
        "https://www.purang.gov.cn/zwgk/fzzfjs/2025/report-annual-law-based-government.html".into(),
        "123456789012345678901234567890".into(),
        "Administrative_reconsideration_cases_handled_by_the_county".into(),
    ]];
    match layout(&parse(&report(0, &header, &rows)), fonts()) {
        Ok(d) => assert_clean(&d),
        Err(e) => assert_eq!(e.code, "table-too-wide", "{e}"),
    }
}

#[test]
fn twelve_columns_fit_with_widths_from_their_content() {
    let header: Vec<String> = (1..=12).map(|i| format!("列{i}")).collect();
    let mut row: Vec<String> = (1..=12).map(|i| i.to_string()).collect();
    row[0] = "普兰县人民政府办公室法制科".into();
    let d = lay(&report(0, &header, &[row.clone(), row]));
    assert_clean(&d);
    let p = d
        .pages
        .iter()
        .find(|p| p.lines.iter().any(|l| l.element == Element::Table))
        .expect("a page with the table");
    let xs = borders(p);
    assert_eq!(xs.len(), 13, "12 columns: {xs:?}");
    let widths: Vec<f32> = xs.windows(2).map(|w| w[1] - w[0]).collect();
    // The long first column is wider than the short numeric ones, and all of them fill the
    // type area.
    assert!(widths[0] > 1.5 * widths[11], "{widths:?}");
    // The short columns keep their content on one line (the two-digit ones share the
    // squeeze with the long text column, as in a browser).
    for i in 1..=9 {
        let h = format!("列{i}");
        assert!(p.lines.iter().any(|l| l.text == h), "{h} wrapped");
    }
    assert!(p.lines.iter().any(|l| l.text == "12"));
    assert!(p.lines.iter().any(|l| l.text == "普兰县"));
    assert!((xs[12] - xs[0] - grid::width()).abs() < 0.1);
}

#[test]
fn forty_columns_are_a_located_error() {
    let header: Vec<String> = (1..=40).map(|i| format!("第{i}列")).collect();
    let row: Vec<String> = (1..=40).map(|i| format!("数{i}")).collect();
    let yaml = report(2, &header, &[row]);
    let loaded = gongwen::parse(&yaml, "wide.yaml").expect("loads");
    let e = layout(&loaded.report, fonts()).expect_err("40 columns cannot fit");
    assert_eq!(e.code, "table-too-wide");
    assert!(e.message.contains("40"), "{}", e.message);
    assert!(e.message_zh.as_deref().unwrap_or("").contains("40列"));
    assert!(e.help.as_deref().unwrap_or("").contains("fewer columns"));
    // At the table in the YAML: the body's third item.
    assert_eq!(e.path.as_deref(), Some("body[2].table"), "{e:?}");
    assert!(e.line >= 5, "{e:?}");
    // And `check` says so, as every format is rendered there.
    let run = common::check(&yaml, &[]);
    assert_ne!(run.code, Some(0), "check passes a 40-column table");
    assert!(run.stderr.contains("table-too-wide"), "{}", run.stderr);
    assert!(
        run.stderr.contains("body[2].table"),
        "not located: {}",
        run.stderr
    );
}

#[test]
fn a_cell_of_3000_characters_splits_across_pages_under_a_repeated_header() {
    let long: String = "法治政府建设稳步推进，行政执法更加规范。".repeat(150);
    assert_eq!(long.chars().count(), 3000);
    let header: Vec<String> = ["事项", "说明"].map(String::from).to_vec();
    let rows = vec![
        vec!["第一项".into(), "简短说明".into()],
        vec!["第二项".into(), long],
        vec!["第三项".into(), "简短说明".into()],
    ];
    let d = lay(&report(0, &header, &rows));
    assert_clean(&d);
    let pages: Vec<usize> = (0..d.pages.len())
        .filter(|&i| {
            d.pages[i]
                .lines
                .iter()
                .any(|l| l.element == Element::Table && l.text.starts_with("法治"))
        })
        .collect();
    assert!(pages.len() >= 3, "the long row spans {} pages", pages.len());
    for &pi in &pages {
        let p = &d.pages[pi];
        let header = p
            .lines
            .iter()
            .find(|l| l.element == Element::Table && l.text == "事项")
            .unwrap_or_else(|| panic!("no header on page {pi}"));
        let first = p
            .lines
            .iter()
            .filter(|l| l.element == Element::Table && l.text != "事项" && l.text != "说明")
            .map(|l| l.baseline)
            .fold(f32::MAX, f32::min);
        assert!(header.baseline < first, "page {pi}: a row above the header");
        // A horizontal rule closes the table at the page's last table line.
        let last = p
            .lines
            .iter()
            .filter(|l| l.element == Element::Table)
            .map(|l| l.baseline)
            .fold(0.0, f32::max);
        let closed = p.items.iter().any(|it| {
            matches!(it, Item::Rule(r) if r.x1 - r.x0 > grid::width() - 1.0
                && r.y0 > last && r.y0 < last + grid::row())
        });
        assert!(
            closed,
            "page {pi}: the table is not closed under its last line"
        );
    }
}

#[test]
fn a_header_never_stands_alone_at_a_page_foot() {
    let header: Vec<String> = ["事项", "说明"].map(String::from).to_vec();
    let rows: Vec<Vec<String>> = (0..4)
        .map(|i| vec![format!("第{i}项"), "说明".repeat(30)])
        .collect();
    // Slide the table's start over the page foot so that every position is tried.
    for before in 10..22 {
        let d = lay(&report(before, &header, &rows));
        assert_clean(&d);
        for (pi, p) in d.pages.iter().enumerate() {
            let t: Vec<_> = p
                .lines
                .iter()
                .filter(|l| l.element == Element::Table)
                .collect();
            if t.is_empty() {
                continue;
            }
            let last = t.iter().map(|l| l.baseline).fold(0.0, f32::max);
            let header_only = t
                .iter()
                .filter(|l| (l.baseline - last).abs() < 0.1)
                .all(|l| l.text == "事项" || l.text == "说明");
            assert!(
                !header_only,
                "{before} paragraphs before: the header stands alone at the foot of page {pi}"
            );
        }
    }
}

#[test]
fn the_joint_notices_table_keeps_equal_columns() {
    let d = layout(&common::report(common::JOINT), fonts()).expect("layout");
    let p = d
        .pages
        .iter()
        .find(|p| p.lines.iter().any(|l| l.text == "指标"))
        .expect("the table");
    let xs = borders(p);
    assert_eq!(xs.len(), 3);
    assert!(((xs[1] - xs[0]) - (xs[2] - xs[1])).abs() < 0.1, "{xs:?}");
}
