//! Chinese line breaking with the bundled fonts' real advances: 禁则, unbreakable Latin/digit
//! runs, punctuation squeezing, exact positions of half-width runs. Every case is slid across
//! the line end so that each break position is tried. The rules on hand-made characters
//! (without fonts) are unit tests in `src/layout/lines.rs`.

mod common;

use common::bundled_fonts as fonts;
use gongwen::fonts::Role;
use gongwen::hanzi::{forbidden_end, forbidden_start};
use gongwen::layout::grid;
use gongwen::layout::lines::{shape, Breaker, LineOut, Measure, PChar};

fn measure() -> Measure {
    Measure {
        pitch: grid::col(),
        size: 16.0,
        width: grid::width(),
        first_indent: 2.0 * grid::col(),
        rest_indent: 0.0,
        justify: true,
    }
}

fn lines_of(text: &str) -> (Vec<PChar>, Vec<LineOut>) {
    let chars = shape(fonts(), &[(text.to_string(), Role::Body)], 16.0);
    let lines = Breaker::new(measure()).lines(&chars);
    (chars, lines)
}

fn line_texts(chars: &[PChar], lines: &[LineOut]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.glyphs.iter().map(|&(i, _, _)| chars[i].c).collect())
        .collect()
}

/// Slides `token` across the end of the first and second lines.
fn sweep(token: &str, check: &dyn Fn(&[String], &str)) {
    let filler = "法治政府建设实施纲要确保文件内容合法合规程序正当严格落实规范性文件";
    for k in 0..filler.chars().count() {
        let pre: String = filler.chars().take(k).collect();
        let text = format!("{pre}{token}{filler}{filler}");
        let (chars, lines) = lines_of(&text);
        let texts = line_texts(&chars, &lines);
        assert_eq!(texts.concat(), text, "no character lost or added");
        for (i, l) in lines.iter().enumerate() {
            let t = &texts[i];
            let first = t.chars().next().expect("non-empty");
            let last = t.chars().last().expect("non-empty");
            assert!(
                !forbidden_start(first),
                "line starts with {first}: {texts:?}"
            );
            assert!(!forbidden_end(last), "line ends with {last}: {texts:?}");
            assert!(
                l.natural <= measure().width - l.indent + 0.01,
                "line wider than the type area: {t}"
            );
            if l.justified {
                assert!(
                    (l.right - measure().width).abs() < 0.01,
                    "justified line not at the edge: {t} ends at {}",
                    l.right
                );
                let slack = measure().width - l.indent - l.natural;
                let gaps = (l.glyphs.len() - 1) as f32;
                // Justification never tears a line apart: at most a quarter of a pitch a
                // gap, so no two ideographs are more than pitch + 1.5 mm apart.
                assert!(
                    slack / gaps <= 0.25 * grid::col() + 0.01,
                    "visibly stretched ({:.2} pt per gap): {t}",
                    slack / gaps
                );
            } else if !l.last {
                // A line left short (ragged) keeps its ideographs on the grid
                // columns when it holds nothing half-width.
                assert!(l.right <= measure().width + 0.01, "past the edge: {t}");
                if t.chars().all(|c| chars_wide(&chars, c)) {
                    let ideographs = l.glyphs.iter().filter(|g| is_ideograph(chars[g.0].c));
                    for &(_, x, _) in ideographs {
                        let slot = (x - (grid::col() - 16.0) / 2.0) / grid::col();
                        assert!((slot - slot.round()).abs() < 0.01, "off the grid: {t}");
                    }
                }
            }
        }
        check(&texts, &text);
    }
}

/// Squeezed marks may sit off the columns; ideographs may not.
fn is_ideograph(c: char) -> bool {
    ('\u{3400}'..='\u{9fff}').contains(&c)
}

fn chars_wide(chars: &[PChar], c: char) -> bool {
    chars.iter().find(|p| p.c == c).is_some_and(|p| p.wide)
}

fn never_split(texts: &[String], run: &str) {
    assert!(
        texts.iter().any(|l| l.contains(run)),
        "{run} was split: {texts:?}"
    );
}

#[test]
fn percent_stays_with_its_number_and_the_full_stop() {
    sweep("备案通过率100%。", &|t, _| never_split(t, "100%。"));
}

#[test]
fn digit_runs_are_never_split() {
    sweep("设立12345政务服务热线", &|t, _| {
        never_split(t, "12345")
    });
    sweep("2025年是收官之年", &|t, _| never_split(t, "2025"));
    sweep("互联网+政务服务ABCdef", &|t, _| {
        never_split(t, "ABCdef")
    });
}

#[test]
fn quotes_and_brackets_follow_the_rules() {
    sweep("严格落实“第一议题”制度，", &|_, _| {});
    sweep("《重大行政决策程序暂行条例》，", &|_, _| {});
    sweep("乡镇（街道）调委会", &|_, _| {});
    sweep("问题——整改", &|t, _| never_split(t, "——"));
    sweep("意见建议等诉求……", &|t, _| never_split(t, "……"));
}

#[test]
fn bracketed_years_keep_their_digits_whole() {
    sweep("（2021-2025）》的收官之年", &|t, _| {
        for l in t {
            // "2021" and "2025" are never cut; a break after the hyphen is the last resort.
            assert!(!l.ends_with("202") && !l.starts_with('0'), "{t:?}");
        }
    });
}

/// Half-width runs are set with the font's own advances: no gap and no overlap.
#[test]
fn latin_runs_use_real_advances() {
    let (chars, lines) = lines_of("率100%。（2021-2025）");
    let l = &lines[0];
    for w in l.glyphs.windows(2) {
        let (a, xa, _) = w[0];
        let (b, xb, _) = w[1];
        if !chars[a].wide && !chars[b].wide {
            assert!(
                (xb - xa - chars[a].advance).abs() < 1e-3,
                "{}{}: {} vs advance {}",
                chars[a].c,
                chars[b].c,
                xb - xa,
                chars[a].advance
            );
        }
        if !chars[a].wide && chars[b].wide {
            // The full-width slot starts where the run ends or, where the line has room,
            // on the next grid column (the glyph is centred in it).
            let slot = xb - (grid::col() - 16.0) / 2.0;
            let run_end = xa + chars[a].advance;
            let column = (run_end / grid::col()).ceil() * grid::col();
            assert!(
                (slot - run_end).abs() < 1e-3 || (slot - column).abs() < 1e-3,
                "{}{}",
                chars[a].c,
                chars[b].c
            );
        }
    }
}
