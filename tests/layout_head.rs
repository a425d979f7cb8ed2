//! Issue 13, the head and the end block: whatever the report holds, nothing is drawn outside
//! the type area (GB/T 9704's 156 mm from x = 28 mm) and no two glyphs are drawn on each other.
//! Each case is a hostile but legal report laid out with the bundled fonts.

mod common;

use common::bundled_fonts as fonts;
use gongwen::layout::{grid, layout, mm, Document, Item};
use gongwen::style::{page, Element};

/// A small report: `head` (YAML lines) before the title, `title` as YAML, `after` after the body.
fn yaml(head: &str, title: &str, after: &str) -> String {
    format!("{head}title: {title}\nbody:\n  - 第一段正文。\n{after}")
}

const SIG: &str = "signature:\n  issuers: 某县人民政府\n  date: 2025-12-31\n  sealed: true\n";

fn doc(y: &str) -> Document {
    layout(&common::parse(y), fonts()).unwrap_or_else(|d| panic!("{d:?}\n{y}"))
}

/// Every glyph box: (page, x0, x1, y0, y1, char).
fn glyphs(d: &Document) -> Vec<(usize, f32, f32, f32, f32, char)> {
    let mut out = Vec::new();
    for (p, page) in d.pages.iter().enumerate() {
        for it in &page.items {
            if let Item::Text(t) = it {
                for g in &t.glyphs {
                    let c = t.text[g.range.clone()].chars().next().unwrap_or(' ');
                    let (y0, y1) = (t.baseline - 0.88 * t.size, t.baseline + 0.12 * t.size);
                    out.push((p, g.x, g.x + g.advance, y0, y1, c));
                }
            }
        }
    }
    out
}

/// Inside 28–184 mm (a body glyph's em box is 0.1 pt wider than its grid column), and no two
/// glyph boxes overlapping by more than 15 % of the smaller one in both directions.
fn assert_clean(d: &Document, what: &str) {
    let gs = glyphs(d);
    let (l, r) = (grid::left() - 0.5, grid::right() + 0.5);
    for &(p, x0, x1, _, _, c) in &gs {
        assert!(
            x0 >= l && x1 <= r,
            "{what}: '{c}' on page {} spans {:.1}–{:.1} mm",
            p + 1,
            x0 / mm(1.0),
            x1 / mm(1.0)
        );
    }
    for (i, a) in gs.iter().enumerate() {
        for b in &gs[i + 1..] {
            if a.0 != b.0 || a.5.is_whitespace() || b.5.is_whitespace() {
                continue;
            }
            let ox = a.2.min(b.2) - a.1.max(b.1);
            let oy = a.4.min(b.4) - a.3.max(b.3);
            let (wx, wy) = ((a.2 - a.1).min(b.2 - b.1), (a.4 - a.3).min(b.4 - b.3));
            assert!(
                !(ox > 0.15 * wx && oy > 0.15 * wy),
                "{what}: '{}' and '{}' overprint on page {} at x = {:.1} mm",
                a.5,
                b.5,
                a.0 + 1,
                a.1 / mm(1.0)
            );
        }
    }
}

/// The first page's glyphs lie inside the type area vertically too.
fn assert_head_inside(d: &Document, what: &str) {
    for &(p, _, _, y0, y1, c) in &glyphs(d) {
        // The page number's band below the type area is its own place.
        let page_number = y0 > grid::bottom() && (c == '—' || c == ' ' || c.is_ascii_digit());
        if p == 0 && !page_number {
            assert!(
                y0 >= grid::top() - 0.5 && y1 <= grid::bottom() + 0.5,
                "{what}: '{c}' outside the type area vertically"
            );
        }
    }
}

/// The runs whose text is `s`, as (page, centre x, baseline).
fn runs_of(d: &Document, s: &str) -> Vec<(usize, f32, f32)> {
    let mut out = Vec::new();
    for (p, page) in d.pages.iter().enumerate() {
        for it in &page.items {
            if let Item::Text(t) = it {
                if t.text == s {
                    let (a, b) = (t.glyphs[0].x, t.glyphs.last().unwrap());
                    out.push((p, (a + b.x + b.advance) / 2.0, t.baseline));
                }
            }
        }
    }
    out
}

#[test]
fn a_forced_title_line_wider_than_the_type_area_wraps_with_a_warning() {
    for n in [21, 60] {
        let line: String = "法治政府建设".chars().cycle().take(n).collect();
        let d = doc(&yaml("", &format!("\n  - {line}\n  - 年度报告\n"), SIG));
        assert_clean(&d, &format!("{n}-character title line"));
        let titles: Vec<_> = d
            .lines()
            .filter(|(_, l)| l.element == Element::Title)
            .collect();
        assert!(titles.len() >= 3, "{n}: the line is not wrapped");
        let joined: String = titles.iter().map(|(_, l)| l.text.as_str()).collect();
        assert_eq!(joined, format!("{line}年度报告"), "no character lost");
        assert_eq!(d.warnings.len(), 1, "{n}: {:?}", d.warnings);
        assert_eq!(d.warnings[0].code, "title-line-too-wide");
        assert!(d.warnings[0].message.contains(&line));
    }
}

#[test]
fn a_long_attachment_title_wraps_inside_the_type_area() {
    let t: String = "关于进一步加强行政执法监督工作的实施意见"
        .chars()
        .cycle()
        .take(150)
        .collect();
    let d = doc(&yaml(
        "",
        "某县2025年法治政府建设年度报告",
        &format!("{SIG}attachments:\n  - title: {t}\n"),
    ));
    assert_clean(&d, "attachment title");
    let att: String = d
        .lines()
        .filter(|(_, l)| l.element == Element::AttachmentTitle)
        .map(|(_, l)| l.text.clone())
        .collect();
    assert_eq!(att, t);
}

#[test]
fn four_sealed_joint_issuers_stand_in_rows_under_their_seal_places() {
    let names = ["某县人民政府", "某县司法局", "某县财政局", "某县公安局"];
    let d = doc(&yaml(
        "",
        "某县2025年法治政府建设年度报告",
        &format!(
            "signature:\n  issuers: [{}]\n  date: 2025-12-31\n  sealed: true\n",
            names.join(", ")
        ),
    ));
    assert_clean(&d, "four sealed issuers");
    let at: Vec<(usize, f32, f32)> = names.iter().map(|n| runs_of(&d, n)[0]).collect();
    // Two rows of two: same baseline within a row, a seal's height between the rows.
    assert!((at[0].2 - at[1].2).abs() < 0.01 && (at[2].2 - at[3].2).abs() < 0.01);
    assert!(
        at[2].2 - at[0].2 >= mm(page::SEAL_MM),
        "rows too close for the seals"
    );
    // Evenly spaced, far enough apart that seals never touch, rows aligned.
    let s0 = at[1].1 - at[0].1;
    let s1 = at[3].1 - at[2].1;
    assert!((s0 - s1).abs() < 0.01, "{s0} {s1}");
    assert!(s0 >= mm(page::SEAL_SPACING_MM) - 0.01, "{s0}");
    assert!((at[1].1 - at[3].1).abs() < 0.01 && (at[0].1 - at[2].1).abs() < 0.01);
    // Every seal (42 mm) inside the type area.
    for a in &at {
        assert!(a.1 - mm(page::SEAL_MM) / 2.0 >= grid::left() - 0.01);
        assert!(a.1 + mm(page::SEAL_MM) / 2.0 <= grid::right() + 0.01);
    }
    // The last name centred over the date, on the next line (7.3.5.1).
    let date = d
        .lines()
        .find(|(_, l)| l.element == Element::Date)
        .map(|(_, l)| l.clone())
        .expect("date");
    assert!(((date.left + date.right) / 2.0 - at[3].1).abs() < 0.01);
    assert!((date.baseline - at[3].2 - grid::row()).abs() < 0.01);
}

#[test]
fn three_and_six_sealed_issuers_keep_every_seal_inside() {
    for n in [3, 6, 9] {
        let names: Vec<String> = (1..=n).map(|i| format!("某县第{i}委员会")).collect();
        let d = doc(&yaml(
            "",
            "某县2025年法治政府建设年度报告",
            &format!(
                "signature:\n  issuers: [{}]\n  date: 2025-12-31\n  sealed: true\n",
                names.join(", ")
            ),
        ));
        assert_clean(&d, &format!("{n} sealed issuers"));
        for name in &names {
            let (_, c, _) = runs_of(&d, name)[0];
            assert!(c - mm(page::SEAL_MM) / 2.0 >= grid::left() - 0.01, "{name}");
        }
    }
}

#[test]
fn an_unsealed_long_name_wraps_inside_the_type_area() {
    let long: String = "某某自治区某某地区某某县人民政府办公室"
        .chars()
        .cycle()
        .take(45)
        .collect();
    let d = doc(&yaml(
        "",
        "某县2025年法治政府建设年度报告",
        &format!("signature:\n  issuers: [某县人民政府, {long}]\n  date: 2025-12-31\n"),
    ));
    assert_clean(&d, "unsealed long name");
    let sig: Vec<_> = d
        .lines()
        .filter(|(_, l)| l.element == Element::Signature)
        .map(|(_, l)| l.clone())
        .collect();
    assert!(sig.len() >= 3, "the long name is not wrapped");
    // Listed downwards from the lead issuer, right-aligned two characters in.
    assert_eq!(sig[0].text, "某县人民政府");
    for l in &sig {
        assert!((l.right - (grid::right() - 2.0 * grid::col())).abs() < 0.5);
        assert!(l.left >= grid::left() - 0.5);
    }
    // The date's first character two characters right of the last name's (7.3.5.3).
    let date = d
        .lines()
        .find(|(_, l)| l.element == Element::Date)
        .unwrap()
        .1;
    let last = sig.last().unwrap();
    assert!(
        (date.left - (last.left + 2.0 * grid::col())).abs() < 0.5
            || (date.right - (grid::right() - 2.0 * grid::col())).abs() < 0.5
    );
}

#[test]
fn an_unsealed_short_name_moves_left_for_a_longer_date() {
    let d = doc(&yaml(
        "",
        "某县2025年法治政府建设年度报告",
        "signature:\n  issuers: 某局\n  date: 2025-12-31\n",
    ));
    let name = d
        .lines()
        .find(|(_, l)| l.element == Element::Signature)
        .unwrap()
        .1;
    let date = d
        .lines()
        .find(|(_, l)| l.element == Element::Date)
        .unwrap()
        .1;
    // 右空二字 for the date, its first character two characters right of the name's.
    assert!((date.right - (grid::right() - 2.0 * grid::col())).abs() < 0.5);
    assert!((date.left - name.left - 2.0 * grid::col()).abs() < 0.5);
}

fn upward(signers: &[&str]) -> String {
    format!(
        "head:\n  issuers: [某县人民政府]\n  issuer_suffix: 文件\n  doc_number: 某政发〔2026〕3号\n  signers: [{}]\n  upward: true\n",
        signers.join(", ")
    )
}

#[test]
fn several_signers_stand_two_a_line_beside_the_number() {
    let all = [
        "张建国",
        "李明",
        "王芳芳",
        "赵四",
        "欧阳修文",
        "孙悟",
        "周一",
        "吴二",
    ];
    for n in [2, 3, 5, 8] {
        let s = &all[..n];
        let d = doc(&yaml(&upward(s), "某县2025年法治政府建设年度报告", SIG));
        assert_clean(&d, &format!("{n} signers"));
        assert_head_inside(&d, &format!("{n} signers"));
        let at: Vec<(usize, f32, f32)> = s.iter().map(|x| runs_of(&d, x)[0]).collect();
        // Two a line, left to right and downwards; later lines start under the first name.
        for (i, a) in at.iter().enumerate() {
            let first = at[i - i % 2];
            assert!((a.2 - first.2).abs() < 0.01, "{n}: name {i} off its line");
            if i >= 2 {
                assert!((a.1 - runs_of(&d, s[i % 2])[0].1).abs() < 8.0);
                assert!((a.2 - at[i - 2].2 - grid::row()).abs() < 0.01);
            }
        }
        let number = d
            .lines()
            .find(|(_, l)| l.element == Element::DocNumber)
            .unwrap()
            .1;
        assert!(
            (number.baseline - at[n - 1].2).abs() < 0.01,
            "{n}: the number is not on the line of the last name"
        );
        let label = d
            .lines()
            .find(|(_, l)| l.element == Element::Signer)
            .unwrap()
            .1;
        assert!(label.text.starts_with("签发人："), "{}", label.text);
    }
}

#[test]
fn long_head_fields_wrap_inside_the_type_area() {
    let long: String = "特急事项请于收文后立即办理并报告结果"
        .chars()
        .cycle()
        .take(40)
        .collect();
    let head = format!(
        "head:\n  copy_number: \"{}\"\n  secrecy: 秘密\n  secrecy_period: {}\n  urgency: {long}\n  issuers: [某县人民政府]\n  doc_number: 某政发〔2026〕3号某政发〔2026〕3号某政发〔2026〕3号某政发〔2026〕3号\n",
        "0".repeat(60),
        "十".repeat(40)
    );
    let d = doc(&yaml(&head, "某县2025年法治政府建设年度报告", SIG));
    assert_clean(&d, "long head fields");
    assert_head_inside(&d, "long head fields");
    let urg: String = d
        .lines()
        .filter(|(_, l)| l.element == Element::Urgency)
        .map(|(_, l)| l.text.clone())
        .collect();
    assert_eq!(urg, long);
}

#[test]
fn twelve_issuers_build_and_the_head_stays_inside() {
    let names: Vec<String> = (1..=12).map(|i| format!("某县第{i}局")).collect();
    for up in [false, true] {
        let head = format!(
            "head:\n  issuers: [{}]\n  issuer_suffix: 文件\n  doc_number: 某政发〔2026〕3号\n  upward: {up}\n  signers: [张三, 李四]\n",
            names.join(", ")
        );
        let d = doc(&yaml(&head, "某县2025年法治政府建设年度报告", SIG));
        assert_clean(&d, "twelve issuers");
        assert_head_inside(&d, "twelve issuers");
        let title = d
            .lines()
            .find(|(_, l)| l.element == Element::Title)
            .unwrap();
        assert_eq!(title.0, 0, "the title is on the first page");
    }
}

#[test]
fn a_head_that_leaves_no_room_is_a_located_error() {
    let names: Vec<String> = (1..=40).map(|i| format!("某县第{i}局")).collect();
    let head = format!("head:\n  issuers: [{}]\n", names.join(", "));
    let r = common::parse(&yaml(&head, "某县2025年法治政府建设年度报告", SIG));
    let e = layout(&r, fonts()).expect_err("40 issuers cannot fit");
    assert_eq!(e.code, "head-too-tall");
}

#[test]
fn a_long_printer_wraps_above_the_date_line() {
    let printer: String = "某某自治区某某地区某某县人民政府办公室"
        .chars()
        .cycle()
        .take(50)
        .collect();
    let d = doc(&yaml(
        "",
        "某县2025年法治政府建设年度报告",
        &format!(
            "{SIG}imprint:\n  cc: [{}]\n  printer: {printer}\n  date: 2026-01-09\n",
            vec!["地区司法局"; 20].join(", ")
        ),
    ));
    assert_clean(&d, "long 印发机关");
    let lines: Vec<_> = d
        .lines()
        .filter(|(_, l)| l.element == Element::Imprint && !l.text.starts_with("抄送"))
        .map(|(_, l)| l.clone())
        .collect();
    let last = lines.last().unwrap();
    assert!(last.text.ends_with("2026年1月9日印发"), "{}", last.text);
    assert!(lines.len() >= 2);
}

#[test]
fn check_prints_the_layout_warning_with_its_line() {
    let line: String = "法治政府建设".chars().cycle().take(30).collect();
    let run = common::check(&yaml("", &format!("\n  - {line}\n"), SIG), &[]);
    assert!(run.stderr.contains("title-line-too-wide"), "{}", run.stderr);
    assert!(run.stderr.contains("r.yaml:2:"), "{}", run.stderr);
}
