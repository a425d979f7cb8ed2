//! The acceptance harness of issue 13: hostile but legal reports (tests/fixtures/hostile)
//! must print inside the type area, never on top of themselves, and keep the grid.
//!
//! One test per kind of check; each loops over every fixture (and the sample and the joint
//! notice, which must stay clean) and collects every violation into one message that names
//! the fixture, the page and the place in mm from the page's top-left corner:
//! - `check_and_build_agree`: `gongwen check` accepts ⇒ `gongwen build --format pdf` exits 0
//!   and writes the PDF; check refuses ⇒ an error located as `file:line:col`, and build
//!   refuses too and writes nothing. A fixture must be accepted unless its header says
//!   `# expect: either, refused at lines A-B` (then a refusal must name a line in A..=B).
//! - `no_ink_outside_type_area`: every page rasterised at 72 dpi in grey; a pixel darker than
//!   128 whose centre lies outside the type area [28, 184] × [37, 262] mm (± 0.5 mm) is ink
//!   outside, except in the page-number band (7 mm below the type area, 14 pt tall, across
//!   the type area's width). The 版记's last rule lies on the type area's bottom edge and is
//!   within the tolerance. Dark pixels are grouped into blobs and each blob is reported with
//!   the words pdftotext finds there.
//! - `no_overprinted_glyphs`: glyph boxes from `pdftotext -bbox`. Poppler gives words (a CJK
//!   line is one word) and starts a new word where a character begins well before the end of
//!   the previous one, so two strings printed on top of each other are two words. Each word is
//!   split into character boxes in proportion to the characters' widths (full width 1, others
//!   ½); two characters of different words overlapping by more than 15 % of the smaller box's
//!   area are overprinted (60 % when one is CJK punctuation: a mark squeezed to half width
//!   keeps its full-width box in pdftotext, so it legitimately shares half of it). Reported
//!   per pair of words.
//! - `ideographs_on_grid_columns`: from `gongwen::layout::layout`, on body and heading lines:
//!   without ASCII letters or digits every ideograph's left edge within 0.3 mm of a column
//!   (the line's left edge + k × 156/28 mm); with them no two neighbouring ideographs further
//!   apart than the pitch + 1.5 mm.
//! - `long_title_keeps_words_whole`: a title given as one string is split without breaking
//!   全面 (title-long-string.yaml is written so that the balanced split does).

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{Gray, PageWords, PT_PER_MM};
use gongwen::layout::{self, Item};
use gongwen::style::Element;

// ---- The type area (GB/T 9704), mm from the page's top-left corner ------------------

const LEFT: f32 = 28.0;
const RIGHT: f32 = 28.0 + 156.0;
const TOP: f32 = 37.0;
const BOTTOM: f32 = 37.0 + 225.0;
const TOLERANCE: f32 = 0.5;
/// The page number's line: its top 7 mm below the type area, 14 pt tall.
const NUMBER_TOP: f32 = BOTTOM + 7.0;
const NUMBER_BOTTOM: f32 = NUMBER_TOP + 14.0 / PT_PER_MM;
const PITCH: f32 = 156.0 / 28.0;
const DPI: u32 = 72;

fn mm(pt: f32) -> f32 {
    pt / PT_PER_MM
}

// ---- The corpus, checked and built once per test binary -----------------------------

#[derive(Clone, Debug)]
enum Expect {
    /// check must accept it and build must write the PDF.
    Accept,
    /// check may refuse it, with an error naming a line in this range.
    Either(usize, usize),
}

struct Case {
    name: String,
    path: PathBuf,
    expect: Expect,
    check_code: Option<i32>,
    check_stderr: String,
    build_code: Option<i32>,
    build_stderr: String,
    /// The PDF build wrote, if any.
    pdf: Option<PathBuf>,
}

struct Corpus {
    cases: Vec<Case>,
    _dir: tempfile::TempDir,
}

fn expectation(path: &Path) -> Expect {
    let text = std::fs::read_to_string(path).unwrap();
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        if let Some(rest) = line.strip_prefix("# expect: either, refused at lines ") {
            let (a, b) = rest.trim().split_once('-').expect("lines A-B");
            return Expect::Either(a.parse().unwrap(), b.parse().unwrap());
        }
    }
    Expect::Accept
}

/// The hostile fixtures, then the sample and the joint notice (the baseline: they must
/// pass every check, which also shows the checks find nothing on a good PDF).
fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| {
        common::require("pdftoppm", "poppler-utils");
        common::require("pdftotext", "poppler-utils");
        let dir = common::tempdir();
        let mut paths = common::hostile_fixtures();
        assert!(
            paths.len() >= 20,
            "the hostile corpus is incomplete: {paths:?}"
        );
        paths.push(common::sample());
        paths.push(common::joint());
        let cases = paths
            .into_iter()
            .map(|path| {
                let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                let p = path.to_str().unwrap();
                let check = common::gongwen(&["check", p]);
                let out = dir.path().join(&name);
                let build =
                    common::gongwen(&["build", p, "-o", out.to_str().unwrap(), "--format", "pdf"]);
                let pdf = out.join(format!("{name}.pdf"));
                Case {
                    expect: expectation(&path),
                    name,
                    check_code: check.status.code(),
                    check_stderr: common::stderr(&check),
                    build_code: build.status.code(),
                    build_stderr: common::stderr(&build),
                    pdf: pdf.exists().then_some(pdf),
                    path,
                }
            })
            .collect();
        Corpus { cases, _dir: dir }
    })
}

/// `(line, column)` of every error's location in `stderr` (`--> FILE:LINE:COL` under an
/// `error[…]` line).
fn error_locations(stderr: &str, file: &Path) -> Vec<(usize, usize)> {
    let file = file.to_str().unwrap();
    let mut out = Vec::new();
    let mut in_error = false;
    for line in stderr.lines() {
        if line.starts_with("error") {
            in_error = true;
        } else if line.starts_with("warning") {
            in_error = false;
        } else if let Some(at) = line.trim_start().strip_prefix("--> ") {
            if !in_error {
                continue;
            }
            let Some(rest) = at.strip_prefix(file).and_then(|r| r.strip_prefix(':')) else {
                continue;
            };
            let mut it = rest.split(|c: char| !c.is_ascii_digit());
            let l = it.next().and_then(|x| x.parse().ok());
            let c = it.next().and_then(|x| x.parse().ok());
            if let (Some(l), Some(c)) = (l, c) {
                out.push((l, c));
            }
        }
    }
    out
}

fn first_error(stderr: &str) -> String {
    let mut lines = stderr.lines().skip_while(|l| !l.starts_with("error"));
    let head = lines.next().unwrap_or("(no error line)");
    let at = lines.next().unwrap_or("").trim();
    format!("{head} {at}")
}

fn finish(kind: &str, problems: BTreeMap<String, Vec<String>>) {
    let bad: Vec<_> = problems.iter().filter(|(_, v)| !v.is_empty()).collect();
    let mut msg = String::new();
    for (name, v) in &bad {
        let _ = writeln!(msg, "\n== {name}");
        for p in v.iter() {
            let _ = writeln!(msg, "   {p}");
        }
    }
    let clean: Vec<_> = problems
        .iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(k, _)| k.as_str())
        .collect();
    eprintln!("{kind}: clean: {}", clean.join(", "));
    assert!(
        bad.is_empty(),
        "{kind}: {} of {} reports fail:{msg}",
        bad.len(),
        problems.len()
    );
}

// ---- check and build agree ----------------------------------------------------------

#[test]
fn check_and_build_agree() {
    let mut problems = BTreeMap::new();
    for c in &corpus().cases {
        let mut v = Vec::new();
        let accepted = c.check_code == Some(0);
        if accepted {
            if c.build_code != Some(0) {
                v.push(format!(
                    "check accepts, build exits {:?}: {}",
                    c.build_code,
                    first_error(&c.build_stderr)
                ));
            } else if c.pdf.is_none() {
                v.push("check accepts, build exits 0 but wrote no PDF".into());
            }
        } else {
            let locs = error_locations(&c.check_stderr, &c.path);
            match c.expect {
                Expect::Accept => v.push(format!(
                    "check refuses a legal report (exit {:?}): {}",
                    c.check_code,
                    first_error(&c.check_stderr)
                )),
                Expect::Either(a, b) => {
                    if !locs.iter().any(|&(l, col)| (a..=b).contains(&l) && col > 0) {
                        v.push(format!(
                            "check refuses without an error located at {}:{a}..{b}:COL: {}",
                            c.path.display(),
                            first_error(&c.check_stderr)
                        ));
                    }
                }
            }
            if locs.is_empty() {
                v.push(format!(
                    "check refuses without a file:line:col location:\n{}",
                    c.check_stderr
                ));
            }
            if c.build_code == Some(0) || c.pdf.is_some() {
                v.push(format!(
                    "check refuses but build exits {:?} and {} a PDF",
                    c.build_code,
                    if c.pdf.is_some() {
                        "writes"
                    } else {
                        "writes no"
                    }
                ));
            }
        }
        eprintln!(
            "{}: check {}, build exit {:?}{}",
            c.name,
            if accepted { "accepts" } else { "refuses" },
            c.build_code,
            if accepted {
                String::new()
            } else {
                format!(" — {}", first_error(&c.check_stderr))
            }
        );
        problems.insert(c.name.clone(), v);
    }
    finish("check/build agreement", problems);
}

// ---- Ink outside the type area ------------------------------------------------------

/// A group of dark pixels outside the type area, in pixels.
#[derive(Clone, Copy, Debug)]
struct Blob {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
    pixels: usize,
}

fn px_mm(p: usize) -> f32 {
    (p as f32 + 0.5) * 25.4 / DPI as f32
}

fn outside(x_mm: f32, y_mm: f32) -> bool {
    let inside_x = (LEFT - TOLERANCE..=RIGHT + TOLERANCE).contains(&x_mm);
    let inside_y = (TOP - TOLERANCE..=BOTTOM + TOLERANCE).contains(&y_mm);
    if inside_x && inside_y {
        return false;
    }
    let number_band = (NUMBER_TOP - TOLERANCE..=NUMBER_BOTTOM + TOLERANCE).contains(&y_mm);
    !(inside_x && number_band)
}

/// Dark pixels outside the type area, grouped: connected pixels form a component, and
/// components closer than ~3.5 mm are merged.
fn ink_outside(g: &Gray) -> Vec<Blob> {
    let (w, h) = (g.width, g.height);
    let mut mask = vec![false; w * h];
    for y in 0..h {
        for x in 0..w {
            mask[y * w + x] = g.at(x, y) < 128 && outside(px_mm(x), px_mm(y));
        }
    }
    let mut seen = vec![false; w * h];
    let mut blobs: Vec<Blob> = Vec::new();
    for start in 0..w * h {
        if !mask[start] || seen[start] {
            continue;
        }
        let mut b = Blob {
            x0: start % w,
            y0: start / w,
            x1: start % w,
            y1: start / w,
            pixels: 0,
        };
        let mut stack = vec![start];
        seen[start] = true;
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            b.x0 = b.x0.min(x);
            b.x1 = b.x1.max(x);
            b.y0 = b.y0.min(y);
            b.y1 = b.y1.max(y);
            b.pixels += 1;
            for dy in -1i64..=1 {
                for dx in -1i64..=1 {
                    let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                    if nx < 0 || ny < 0 || nx >= w as i64 || ny >= h as i64 {
                        continue;
                    }
                    let j = ny as usize * w + nx as usize;
                    if mask[j] && !seen[j] {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        blobs.push(b);
    }
    // Merge blobs whose boxes are within 10 px of each other.
    let near = |a: &Blob, b: &Blob| {
        a.x0 <= b.x1 + 10 && b.x0 <= a.x1 + 10 && a.y0 <= b.y1 + 10 && b.y0 <= a.y1 + 10
    };
    loop {
        let mut merged = false;
        'outer: for i in 0..blobs.len() {
            for j in i + 1..blobs.len() {
                if near(&blobs[i], &blobs[j]) {
                    let b = blobs.remove(j);
                    let a = &mut blobs[i];
                    a.x0 = a.x0.min(b.x0);
                    a.y0 = a.y0.min(b.y0);
                    a.x1 = a.x1.max(b.x1);
                    a.y1 = a.y1.max(b.y1);
                    a.pixels += b.pixels;
                    merged = true;
                    break 'outer;
                }
            }
        }
        if !merged {
            break;
        }
    }
    blobs.sort_by_key(|b| (b.y0, b.x0));
    blobs
}

fn where_outside(x0: f32, y0: f32, x1: f32, y1: f32) -> String {
    let mut sides = Vec::new();
    if x0 < LEFT - TOLERANCE {
        sides.push("left margin");
    }
    if x1 > RIGHT + TOLERANCE {
        sides.push("right margin");
    }
    if y0 < TOP - TOLERANCE {
        sides.push("top margin");
    }
    if y1 > BOTTOM + TOLERANCE {
        sides.push(if y0 > NUMBER_BOTTOM {
            "below the page-number band"
        } else {
            "bottom margin"
        });
    }
    if x0 <= 0.5 || x1 >= 209.5 || y1 >= 296.5 {
        sides.push("reaches the paper's edge: runs off the paper");
    }
    sides.join(", ")
}

fn short(s: &str, n: usize) -> String {
    let c: Vec<char> = s.chars().collect();
    if c.len() <= n {
        s.to_string()
    } else {
        format!("{}…", c[..n].iter().collect::<String>())
    }
}

#[test]
fn no_ink_outside_type_area() {
    let mut problems = BTreeMap::new();
    for c in &corpus().cases {
        let Some(pdf) = &c.pdf else { continue };
        let mut v = Vec::new();
        let pages = common::rasterise_gray(pdf, DPI);
        let words = common::pdf_word_boxes(pdf);
        for (i, g) in pages.iter().enumerate() {
            let blobs = ink_outside(g);
            for b in blobs.iter().take(8) {
                let (x0, y0, x1, y1) = (px_mm(b.x0), px_mm(b.y0), px_mm(b.x1), px_mm(b.y1));
                let there: Vec<String> = words
                    .get(i)
                    .map(|p| &p.words[..])
                    .unwrap_or_default()
                    .iter()
                    .filter(|w| {
                        mm(w.x0) <= x1 && mm(w.x1) >= x0 && mm(w.y0) <= y1 && mm(w.y1) >= y0
                    })
                    .map(|w| format!("“{}”", short(&w.text, 24)))
                    .take(4)
                    .collect();
                v.push(format!(
                    "page {}: ink at x {x0:.1}–{x1:.1} mm, y {y0:.1}–{y1:.1} mm ({} px; {}){}",
                    i + 1,
                    b.pixels,
                    where_outside(x0, y0, x1, y1),
                    if there.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", there.join(" "))
                    }
                ));
            }
            if blobs.len() > 8 {
                v.push(format!(
                    "page {}: … and {} more places",
                    i + 1,
                    blobs.len() - 8
                ));
            }
        }
        problems.insert(c.name.clone(), v);
    }
    finish("ink outside the type area", problems);
}

// ---- Overprinted glyphs -------------------------------------------------------------

/// A character's box, pt, and the word it belongs to.
struct CharBox {
    c: char,
    word: usize,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

fn wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x2014 | 0x2018..=0x201D | 0x2026 | 0x20000..=0x2FFFD)
}

/// CJK punctuation, which the layout may squeeze to half width.
fn punctuation(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65
        | 0x2014 | 0x2018..=0x201D | 0x2026 | 0x00B7)
}

fn char_boxes(page: &PageWords) -> Vec<CharBox> {
    let mut out = Vec::new();
    for (k, w) in page.words.iter().enumerate() {
        let chars: Vec<char> = w.text.chars().collect();
        let units: Vec<f32> = chars
            .iter()
            .map(|&c| if wide(c) { 1.0 } else { 0.5 })
            .collect();
        let total: f32 = units.iter().sum();
        if total <= 0.0 {
            continue;
        }
        let per = (w.x1 - w.x0) / total;
        let mut x = w.x0;
        for (&c, &u) in chars.iter().zip(&units) {
            let x1 = x + u * per;
            if !c.is_whitespace() {
                out.push(CharBox {
                    c,
                    word: k,
                    x0: x,
                    y0: w.y0,
                    x1,
                    y1: w.y1,
                });
            }
            x = x1;
        }
    }
    out
}

fn overlap(a: &CharBox, b: &CharBox) -> f32 {
    let w = a.x1.min(b.x1) - a.x0.max(b.x0);
    let h = a.y1.min(b.y1) - a.y0.max(b.y0);
    if w <= 0.0 || h <= 0.0 {
        return 0.0;
    }
    let area = |c: &CharBox| (c.x1 - c.x0) * (c.y1 - c.y0);
    w * h / area(a).min(area(b)).max(1e-3)
}

#[test]
fn no_overprinted_glyphs() {
    let mut problems = BTreeMap::new();
    for c in &corpus().cases {
        let Some(pdf) = &c.pdf else { continue };
        let mut v = Vec::new();
        for (i, page) in common::pdf_word_boxes(pdf).iter().enumerate() {
            let boxes = char_boxes(page);
            // Pairs of words → (overlapping characters, the worst share, sample chars).
            let mut pairs: BTreeMap<(usize, usize), (usize, f32, String)> = BTreeMap::new();
            for (a_i, a) in boxes.iter().enumerate() {
                for b in &boxes[a_i + 1..] {
                    if a.word == b.word {
                        continue;
                    }
                    let share = overlap(a, b);
                    // A mark squeezed to half width keeps a full-width box in pdftotext
                    // while its ink takes one half: it may share up to half its box.
                    let limit = if punctuation(a.c) || punctuation(b.c) {
                        0.6
                    } else {
                        0.15
                    };
                    if share > limit {
                        let key = (a.word.min(b.word), a.word.max(b.word));
                        let e = pairs.entry(key).or_insert((0, 0.0, String::new()));
                        e.0 += 1;
                        e.1 = e.1.max(share);
                        if e.2.chars().count() < 12 {
                            let _ = write!(e.2, "{}/{} ", a.c, b.c);
                        }
                    }
                }
            }
            let n = pairs.len();
            for ((a, b), (count, share, sample)) in pairs.into_iter().take(10) {
                let (wa, wb) = (&page.words[a], &page.words[b]);
                v.push(format!(
                    "page {}: “{}” (x {:.1}–{:.1}, y {:.1}–{:.1} mm) and “{}” (x {:.1}–{:.1}, y {:.1}–{:.1} mm): {count} characters overprinted, up to {:.0} % ({})",
                    i + 1,
                    short(&wa.text, 20),
                    mm(wa.x0),
                    mm(wa.x1),
                    mm(wa.y0),
                    mm(wa.y1),
                    short(&wb.text, 20),
                    mm(wb.x0),
                    mm(wb.x1),
                    mm(wb.y0),
                    mm(wb.y1),
                    share * 100.0,
                    sample.trim()
                ));
            }
            if n > 10 {
                v.push(format!(
                    "page {}: … and {} more pairs of words",
                    i + 1,
                    n - 10
                ));
            }
        }
        problems.insert(c.name.clone(), v);
    }
    finish("overprinted glyphs", problems);
}

// ---- Grid columns (from the layout) -------------------------------------------------

fn ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFD)
}

fn body_line(e: &Element) -> bool {
    matches!(
        e,
        Element::Body
            | Element::Heading1
            | Element::Heading2
            | Element::Heading3
            | Element::Heading4
    )
}

/// A grid offender: how far off (mm) and a description.
type Offender = (f32, String);

fn grid_offenders(doc: &layout::Document) -> Vec<Offender> {
    let col = PITCH * PT_PER_MM;
    let mut out = Vec::new();
    for (p, page) in doc.pages.iter().enumerate() {
        for line in page.lines.iter().filter(|l| body_line(&l.element)) {
            let mut glyphs: Vec<(f32, char)> = page
                .items
                .iter()
                .filter_map(|it| match it {
                    Item::Text(r) if (r.baseline - line.baseline).abs() < 1.0 => Some(r),
                    _ => None,
                })
                .flat_map(|r| {
                    r.glyphs.iter().filter_map(|g| {
                        let c = r.text.get(g.range.clone())?.chars().next()?;
                        (g.x >= line.left - 2.0 && g.x <= line.right + 2.0).then_some((g.x, c))
                    })
                })
                .collect();
            glyphs.sort_by(|a, b| a.0.total_cmp(&b.0));
            let at = format!(
                "page {} row {} ({:?}) “{}”",
                p + 1,
                line.row.map_or("-".into(), |r| r.to_string()),
                line.element,
                short(&line.text, 30)
            );
            if !line.text.chars().any(|c| c.is_ascii_alphanumeric()) {
                let mut worst: Option<(f32, char, f32)> = None;
                let mut off = 0;
                for &(x, c) in glyphs.iter().filter(|g| ideograph(g.1)) {
                    let k = ((x - line.left) / col).round();
                    let d = mm((x - line.left - k * col).abs());
                    if d > 0.3 {
                        off += 1;
                        if worst.is_none_or(|w| d > w.0) {
                            worst = Some((d, c, mm(x)));
                        }
                    }
                }
                if let Some((d, c, x)) = worst {
                    out.push((
                        d,
                        format!(
                            "{at}: {off} ideographs off the columns, worst {c} at x {x:.2} mm, {d:.2} mm off"
                        ),
                    ));
                }
            } else {
                let mut worst: Option<(f32, String, f32)> = None;
                for w in glyphs.windows(2) {
                    let ((xa, a), (xb, b)) = (w[0], w[1]);
                    if ideograph(a) && ideograph(b) {
                        let gap = mm(xb - xa);
                        if gap > PITCH + 1.5 && worst.as_ref().is_none_or(|w| gap > w.0) {
                            worst = Some((gap, format!("{a}{b}"), mm(xa)));
                        }
                    }
                }
                if let Some((gap, pair, x)) = worst {
                    out.push((
                        gap - PITCH,
                        format!(
                            "{at}: ideographs {pair} at x {x:.2} mm are {gap:.2} mm apart (pitch {PITCH:.2} + 1.5 allowed)"
                        ),
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn ideographs_on_grid_columns() {
    let fonts = common::bundled_fonts();
    let mut problems = BTreeMap::new();
    let mut paths = common::hostile_fixtures();
    paths.push(common::sample());
    paths.push(common::joint());
    for path in paths {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let Ok(loaded) = gongwen::load(&path) else {
            problems.insert(name, vec![]);
            continue;
        };
        let mut v = Vec::new();
        match layout::layout(&loaded.report, fonts) {
            Err(_) => {} // refused: check_and_build_agree judges that.
            Ok(doc) => {
                let mut off = grid_offenders(&doc);
                off.sort_by(|a, b| b.0.total_cmp(&a.0));
                let n = off.len();
                v.extend(off.into_iter().take(6).map(|(_, s)| s));
                if n > 6 {
                    v.push(format!("… {} lines off the grid in all", n));
                }
            }
        }
        problems.insert(name, v);
    }
    finish("grid columns", problems);
}

// ---- A long title keeps its words whole ---------------------------------------------

#[test]
fn long_title_keeps_words_whole() {
    let path = common::path("tests/fixtures/hostile/title-long-string.yaml");
    let r = common::report(&path);
    let doc = layout::layout(&r, common::bundled_fonts()).expect("the title fixture lays out");
    let lines: Vec<&str> = doc
        .lines()
        .filter(|(_, l)| l.element == Element::Title)
        .map(|(_, l)| l.text.as_str())
        .collect();
    assert!(
        lines.len() >= 2,
        "the 45-character title is on one line: {lines:?}"
    );
    assert_eq!(lines.concat(), r.title.text, "the title's lines lose text");
    let broken: Vec<String> = lines
        .windows(2)
        .filter(|w| w[0].ends_with('全') && w[1].starts_with('面'))
        .map(|w| format!("“{}” | “{}”", w[0], w[1]))
        .collect();
    assert!(
        broken.is_empty(),
        "the title breaks the word 全面 across lines: {broken:?} (lines: {lines:?})"
    );
}
