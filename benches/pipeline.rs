//! Speed and size of each stage on the sample report. Run with `make bench` (cargo bench).
//! Times are medians of repeated runs, printed with their ratio to the first row (loading
//! the YAML), so that figures from different machines can be compared as ratios.

use std::hint::black_box;
use std::time::{Duration, Instant};

use gongwen::fonts::{FontOptions, FontSet};
use gongwen::Format;

fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/input/purang-2025.yaml");
    let runs = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(21);
    let report = gongwen::load(path.as_ref()).expect("sample loads").report;
    let fonts = FontSet::resolve(&FontOptions::bundled_only()).expect("bundled fonts");

    let mut rows: Vec<(String, Duration, Option<usize>)> = Vec::new();
    rows.push((
        "load + check YAML".into(),
        median(runs, || gongwen::load(path.as_ref()).is_ok()),
        None,
    ));
    rows.push((
        "resolve fonts (bundled only)".into(),
        median(runs, || {
            FontSet::resolve(&FontOptions::bundled_only()).is_ok()
        }),
        None,
    ));
    rows.push((
        "resolve fonts (scan installed)".into(),
        median(5, || FontSet::resolve(&FontOptions::default()).is_ok()),
        None,
    ));
    rows.push((
        "layout".into(),
        median(runs, || gongwen::layout::layout(&report, &fonts).is_ok()),
        None,
    ));
    for format in Format::ALL {
        let bytes = gongwen::render(&report, format, Some(&fonts)).expect("renders");
        let t = median(runs, || {
            gongwen::render(&report, format, Some(&fonts)).is_ok()
        });
        rows.push((format!("write {format}"), t, Some(bytes.len())));
    }
    let base = rows[0].1.as_secs_f64();
    println!(
        "{:<32} {:>10} {:>8} {:>10}",
        "stage (sample report)", "median", "× load", "bytes"
    );
    for (name, t, size) in rows {
        let size = size.map_or(String::new(), |s| s.to_string());
        println!(
            "{name:<32} {:>8.2}ms {:>8.1} {size:>10}",
            t.as_secs_f64() * 1e3,
            t.as_secs_f64() / base
        );
    }
}
