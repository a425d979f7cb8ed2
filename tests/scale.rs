//! Time grows in proportion to the input for check and import (issue 17), and the YAML's
//! aliases cannot make a small file stand for a huge one.
//!
//! Growth is measured as a ratio: the same work on an input four times larger must cost less
//! than seven times as much (proportional growth gives about four, growth with the square of
//! the input sixteen). Each cost is the least of three runs, in CPU time of the running
//! thread, so that other programs busy on the machine do not count. The inputs are generated
//! here and by the bench generators (benches/support/generate.rs, the same reports `make bench`
//! times), small enough for a debug build.

use std::time::{Duration, Instant};

use gongwen::diag::Diagnostic;
use gongwen::model::{
    Block, Decimal, IndicatorInfo, Inline, Loc, Paragraph, Quantity, Report, Title,
};

#[allow(dead_code)]
#[path = "../benches/support/generate.rs"]
mod generate;
use generate::{aliases_report, indicators_report, SENTENCE, UNITS};

/// Input growth between the two sizes compared, and the most the cost may grow by.
const GROWTH: usize = 4;
const MAX_COST_RATIO: f64 = 7.0;

// ---------------------------------------------------------------------------------------------
// Generators

/// A report like [`generate::indicators_report`]'s, built directly: a YAML of 40,000 numbers
/// takes a debug build longer to read than the check takes. Every tenth number is a total
/// that the next two are parts of (其中).
fn indicators_model(n: usize) -> Report {
    let mut report = Report {
        title: Title {
            text: "普兰县2025年法治政府建设年度报告".into(),
            lines: None,
            loc: Loc::default(),
        },
        ..Report::default()
    };
    for start in (0..n).step_by(10) {
        let mut inlines = vec![Inline::Text(SENTENCE.into())];
        for i in start..n.min(start + 10) {
            let value = if i == start { 10_000 } else { i % 900 + 1 };
            inlines.push(Inline::Text("，完成事项".into()));
            inlines.push(Inline::Indicator(Quantity {
                id: format!("x{i}"),
                text: format!("{value}件"),
                number: value.to_string(),
                value: Decimal::from(value as u64),
                qualifier: String::new(),
                unit: "件".into(),
                loc: Loc::default(),
            }));
            report.indicator_info.push(IndicatorInfo {
                id: format!("x{i}"),
                name: format!("完成事项{i}"),
                parent: (i > start && i <= start + 2).then(|| format!("x{start}")),
                ..IndicatorInfo::default()
            });
        }
        inlines.push(Inline::Text("。".into()));
        report.body.push(Block::Paragraph(Paragraph {
            inlines,
            loc: Loc::default(),
        }));
    }
    report
}

/// A report that draws `n` warnings (a half-width comma between Chinese characters),
/// `per_paragraph` to a paragraph.
fn warnings_report(n: usize, per_paragraph: usize) -> String {
    let mut y = String::from("title: 普兰县2025年法治政府建设年度报告\nbody:\n");
    for start in (0..n).step_by(per_paragraph) {
        let k = per_paragraph.min(n - start);
        y.push_str(&format!(
            "  - {}。\n",
            vec!["压实主体责任,健全机制"; k].join("，")
        ));
    }
    y.push_str("signature:\n  issuers: 普兰县人民政府\n  date: 2025-12-31\n");
    y
}

/// Published text with `n` level-1 headings, each over a paragraph with two numbers the
/// catalogue knows (so that their ids repeat: reg_normdocs_reviewed_2, _3 …).
fn headings_text(n: usize) -> String {
    let mut t = String::from("普兰县2025年法治政府建设年度报告\n");
    for i in 0..n {
        t.push_str(&format!(
            "{}、工作开展情况\n审查规范性文件{}件，合同{}件。\n",
            chinese_ordinal(i % 10 + 1),
            i % 50 + 1,
            i % 30 + 1
        ));
    }
    t.push_str("普兰县人民政府\n2025年12月31日\n");
    t
}

fn chinese_ordinal(n: usize) -> &'static str {
    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][n - 1]
}

/// Published text of one paragraph holding `n` numbers.
fn numbers_paragraph_text(n: usize) -> String {
    let numbers: Vec<String> = (0..n)
        .map(|i| format!("办理事项{}{}", i % 900 + 1, UNITS[i % 5]))
        .collect();
    format!(
        "普兰县2025年法治政府建设年度报告\n{}。\n普兰县人民政府\n2025年12月31日\n",
        numbers.join("，")
    )
}

/// Published text of one paragraph of `n` numbers with no punctuation between them, as text
/// pasted out of a table can come.
fn unpunctuated_numbers_text(n: usize) -> String {
    let numbers: String = (0..n)
        .map(|i| format!("办理{}{}", i % 900 + 1, UNITS[i % 5]))
        .collect();
    format!("普兰县2025年法治政府建设年度报告\n{numbers}\n普兰县人民政府\n2025年12月31日\n")
}

// ---------------------------------------------------------------------------------------------
// Measuring

/// CPU time of this thread so far: Linux reports it in /proc; elsewhere the wall clock since
/// the first call stands in.
fn thread_cpu() -> Duration {
    if let Some(ns) = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
    {
        return Duration::from_nanos(ns);
    }
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// The cost of `work`: the least of three runs, as whatever else the machine does can only
/// add to a run's time (caches emptied by other programs, memory first taken from the
/// system).
fn cost(work: &dyn Fn()) -> Duration {
    (0..3)
        .map(|_| {
            let before = thread_cpu();
            work();
            thread_cpu().saturating_sub(before)
        })
        .min()
        .unwrap_or_default()
}

/// Asserts that `work` on the larger input (`GROWTH` times the smaller) costs less than
/// `MAX_COST_RATIO` times as much.
fn assert_proportional(what: &str, small: &dyn Fn(), large: &dyn Fn()) {
    let (a, b) = (cost(small), cost(large));
    let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-6);
    eprintln!("{what}: {a:?} → {b:?} for {GROWTH}× the input (ratio {ratio:.2})");
    assert!(
        ratio < MAX_COST_RATIO,
        "{what}: {GROWTH}× the input cost {ratio:.1}× the time ({a:?} → {b:?}); proportional growth is about {GROWTH}×"
    );
}

fn parse(yaml: &str) -> gongwen::Loaded {
    match gongwen::parse(yaml, "scale.yaml") {
        Ok(l) => l,
        Err(d) => panic!("the generated report is refused: {}", render(&d)),
    }
}

fn render(d: &[Diagnostic]) -> String {
    d.iter().take(3).map(|d| d.to_string()).collect()
}

// ---------------------------------------------------------------------------------------------
// Growth

#[test]
fn checking_10k_and_40k_indicators_grows_in_proportion() {
    let n = 10_000;
    let (small, large) = (indicators_model(n), indicators_model(GROWTH * n));
    let work = |r: &Report, n: usize| {
        let diags = gongwen::check::check(r);
        assert!(diags.is_empty(), "{}", render(&diags));
        assert_eq!(gongwen::indicators::collect(r).len(), n);
    };
    assert_proportional(
        "check of 10,000 and 40,000 indicators",
        &|| work(&small, n),
        &|| work(&large, GROWTH * n),
    );
}

#[test]
fn reading_indicators_grows_in_proportion() {
    let n = 1_000;
    let small = indicators_report(n, 10);
    let large = indicators_report(GROWTH * n, 10);
    let l = parse(&small);
    assert!(l.warnings.is_empty(), "{}", render(&l.warnings));
    assert_eq!(gongwen::indicators::collect(&l.report).len(), n);
    let work = |y: &str| {
        parse(y);
    };
    assert_proportional(
        "load and check, indicators ten to a paragraph",
        &|| work(&small),
        &|| work(&large),
    );
}

#[test]
fn one_paragraph_of_many_indicators_grows_in_proportion() {
    let n = 1_000;
    let (small, large) = (
        indicators_report(n, n),
        indicators_report(GROWTH * n, GROWTH * n),
    );
    let work = |y: &str, n: usize| {
        let l = parse(y);
        assert_eq!(gongwen::indicators::collect(&l.report).len(), n);
    };
    assert_proportional(
        "check, every indicator in one paragraph",
        &|| work(&small, n),
        &|| work(&large, GROWTH * n),
    );
}

#[test]
fn warnings_grow_in_proportion() {
    let n = 2_000;
    // One to a paragraph: a line each to quote; all in one: one long line to quote.
    for per_paragraph in [1, n] {
        let small = warnings_report(n, per_paragraph.min(n));
        let large = warnings_report(GROWTH * n, (GROWTH * per_paragraph).min(GROWTH * n));
        let count = parse(&large)
            .warnings
            .iter()
            .filter(|d| d.code == "half-width-punctuation")
            .count();
        assert_eq!(count, GROWTH * n);
        let work = |y: &str| {
            let l = parse(y);
            // Each warning quotes its line.
            assert!(l.warnings.iter().all(|d| d.source_line.is_some()));
        };
        assert_proportional(
            &format!("warnings, {per_paragraph} to a paragraph"),
            &|| work(&small),
            &|| work(&large),
        );
    }
}

#[test]
fn importing_headings_grows_in_proportion() {
    let n = 500;
    let small = headings_text(n);
    let large = headings_text(GROWTH * n);
    let imported = gongwen::import::from_text(&large);
    assert_eq!(imported.report.sections().len(), GROWTH * n);
    // The catalogue's ids, numbered on as they repeat.
    let ids: std::collections::HashSet<&str> = imported
        .report
        .indicator_info
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(ids.len(), 2 * GROWTH * n);
    assert!(ids.contains(format!("reg_normdocs_reviewed_{}", GROWTH * n).as_str()));
    let work = |t: &str| {
        let imported = gongwen::import::from_text(t);
        gongwen::yaml::to_yaml(&imported.report, &[]);
    };
    assert_proportional("import of level-1 headings", &|| work(&small), &|| {
        work(&large)
    });
}

#[test]
fn importing_one_paragraph_of_many_numbers_grows_in_proportion() {
    let n = 1_000;
    let small = numbers_paragraph_text(n);
    let large = numbers_paragraph_text(GROWTH * n);
    let imported = gongwen::import::from_text(&large);
    assert_eq!(imported.report.indicator_info.len(), GROWTH * n);
    let work = |t: &str| {
        gongwen::import::from_text(t);
    };
    assert_proportional(
        "import of one paragraph of numbers",
        &|| work(&small),
        &|| work(&large),
    );
}

#[test]
fn importing_numbers_without_punctuation_grows_in_proportion() {
    let n = 500;
    let small = unpunctuated_numbers_text(n);
    let large = unpunctuated_numbers_text(GROWTH * n);
    let imported = gongwen::import::from_text(&large);
    assert_eq!(imported.report.indicator_info.len(), GROWTH * n);
    let work = |t: &str| {
        gongwen::import::from_text(t);
    };
    assert_proportional(
        "import of numbers without punctuation",
        &|| work(&small),
        &|| work(&large),
    );
}

// ---------------------------------------------------------------------------------------------
// The alias budget

#[test]
fn aliases_that_expand_past_the_budget_are_refused_at_the_alias() {
    let yaml = aliases_report(10_000);
    let started = Instant::now();
    let Err(diags) = gongwen::parse(&yaml, "bomb.yaml") else {
        panic!("a YAML of aliases standing for tens of megabytes is accepted");
    };
    eprintln!("refused in {:?}", started.elapsed());
    let [d] = diags.as_slice() else {
        panic!("one error expected: {}", render(&diags));
    };
    assert_eq!(d.code, "alias-expansion", "{d}");
    assert!(d.is_error());
    assert_eq!(d.file, "bomb.yaml");
    // The alias that crosses the budget, quoted: a few hundred aliases in, not the last.
    let line = yaml.lines().nth(d.line - 1).expect("the line exists");
    assert_eq!(line.trim(), "points: *p", "{d}");
    assert_eq!(&line[d.column - 1..], "*p", "{d}");
    assert_eq!(d.source_line.as_deref(), Some(line));
    // Alias j stands on line 14 + 2j; the expanded size when it is reached is what the file
    // has written so far plus j copies of the list: it is the first past the budget.
    let j = (d.line - 14) as u64 / 2;
    let budget = gongwen::yaml::expansion_budget(yaml.len());
    let list = 10 * (SENTENCE.len() as u64 * 3 + 1) + 1;
    assert!(j <= budget / list + 1, "refused too late: {d}");
    assert!(
        j >= (budget - yaml.len() as u64) / list,
        "refused too early: {d}"
    );
    assert!(j < 10_000);
    // Both languages say what to do.
    assert!(d.message_zh.as_deref().is_some_and(|m| m.contains("别名")));
    assert!(d.help.is_some() && d.help_zh.is_some());
}

#[test]
fn a_refusal_costs_no_more_than_reading_the_file() {
    // Twice the aliases cost about twice the reading, never the expansion.
    assert_proportional(
        "refusing an alias bomb",
        &|| assert!(gongwen::parse(&aliases_report(2_500), "b.yaml").is_err()),
        &|| assert!(gongwen::parse(&aliases_report(GROWTH * 2_500), "b.yaml").is_err()),
    );
}

#[test]
fn nested_aliases_are_refused_before_they_multiply() {
    // Each level doubles the one below: 2^60 copies of a short text.
    let mut y = String::from("a0: &a0 [压实主体责任]\n");
    for k in 1..=60 {
        y.push_str(&format!("a{k}: &a{k} [*a{}, *a{}]\n", k - 1, k - 1));
    }
    y.push_str("title: 报告\nbody: [正文。]\n");
    let diags = gongwen::parse(&y, "laughs.yaml").err().expect("refused");
    assert_eq!(diags[0].code, "alias-expansion", "{}", render(&diags));
    // The budget of a small file is its floor: 1 MB, passed at level 16 (2^16 × 19 bytes).
    assert!(diags[0].line > 10 && diags[0].line < 25, "{}", diags[0]);
}

#[test]
fn a_catalogue_file_has_the_same_budget() {
    let mut y = String::from(
        "version: \"1\"\nentries:\n  - &e {id: a, name: 甲, unit: 件, kind: count, phrases: [",
    );
    y.push_str(&vec!["审查规范性文件"; 2_000].join(", "));
    y.push_str("]}\n");
    for _ in 0..200 {
        y.push_str("  - *e\n");
    }
    let Err(diags) = gongwen::yaml::read_catalogue(&y, "office.yaml") else {
        panic!("refused");
    };
    assert_eq!(diags[0].code, "alias-expansion", "{}", render(&diags));
}

#[test]
fn a_modest_use_of_anchors_is_accepted() {
    // One list of points written once and used under three headings, as a clerk might.
    let y = format!(
        "title: 普兰县2025年法治政府建设年度报告\nbody:\n  - heading: 工作开展情况\n    points: &p\n      - {SENTENCE}\n      - {SENTENCE}\n  - heading: 存在的问题\n    points: *p\n  - heading: 下一步工作打算\n    points: *p\nsignature:\n  issuers: 普兰县人民政府\n  date: 2025-12-31\n"
    );
    let l = parse(&y);
    let sections = l.report.sections();
    assert_eq!(sections.len(), 3);
    for s in sections {
        let lead = s.lead.as_ref().expect("the points are there");
        assert!(lead.has_points());
        assert!(lead.text().contains("压实主体责任"));
    }
    // A larger file may reuse text more: eight times its size, whatever that is.
    let budget = gongwen::yaml::expansion_budget(4 << 20);
    assert_eq!(budget, 8 * (4 << 20));
    assert_eq!(
        gongwen::yaml::expansion_budget(1),
        gongwen::yaml::EXPANSION_FLOOR
    );
}
