//! CPU time of each stage on the sample report, in-process (no start-up, no disk): `cargo bench`
//! (all) or `cargo bench --bench pipeline -- stage/pdf` (one). What is measured is the CPU time
//! of the process (every thread), not the wall time: on two cores shared with other work the
//! wall time of a stage grows with the machine's load, its CPU time hardly does. Measurement
//! times are short so that a run takes a few minutes; criterion's own options lengthen them
//! (`-- --measurement-time 10`). The whole-process comparisons are `make bench`.

// Only the long reports are used here; the batch of county reports is for `make bench`.
#[allow(dead_code)]
#[path = "support/generate.rs"]
mod generate;

use std::hint::black_box;
use std::time::Duration;

use cpu_time::ProcessTime;
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gongwen::compose::compose;
use gongwen::export;
use gongwen::fonts::{FontOptions, FontSet};
use gongwen::layout::layout_composition;
use gongwen::Format;

const SAMPLE_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/input/purang-2025.yaml");

/// CPU time of the whole process, shown as durations like criterion's wall time.
struct CpuTime;

impl Measurement for CpuTime {
    type Intermediate = ProcessTime;
    type Value = Duration;

    fn start(&self) -> ProcessTime {
        ProcessTime::now()
    }

    fn end(&self, start: ProcessTime) -> Duration {
        start.elapsed()
    }

    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        // Both are durations in nanoseconds: wall time's formatter prints them.
        static WALL: WallTime = WallTime;
        WALL.formatter()
    }
}

type Bench = Criterion<CpuTime>;

fn bundled() -> FontSet {
    FontSet::resolve(&FontOptions::bundled_only()).expect("the bundled fonts resolve")
}

/// Each stage of `gongwen build` on the sample, in the order the command runs them.
fn stages(c: &mut Bench) {
    let path = std::path::Path::new(SAMPLE_PATH);
    let loaded = gongwen::load(path).expect("the sample loads");
    let report = &loaded.report;
    let fonts = bundled();
    let composition = compose(report);
    let doc = layout_composition(&composition, &fonts).expect("the sample lays out");

    let mut g = c.benchmark_group("stage");
    // Read, parse and check the YAML (the rules of `check` run inside `load`).
    g.bench_function("load", |b| b.iter(|| gongwen::load(black_box(path))));
    g.bench_function("check", |b| {
        b.iter(|| gongwen::check::check(black_box(report)))
    });
    g.bench_function("check glyphs", |b| {
        b.iter(|| gongwen::check::glyphs(black_box(report), &fonts))
    });
    g.bench_function("fonts bundled", |b| {
        b.iter(|| FontSet::resolve(black_box(&FontOptions::bundled_only())))
    });
    g.bench_function("compose", |b| b.iter(|| compose(black_box(report))));
    g.bench_function("layout", |b| {
        b.iter(|| layout_composition(black_box(&composition), &fonts))
    });
    g.bench_function("pdf", |b| {
        b.iter(|| export::pdf::serialize(black_box(&composition), &fonts, &doc, Some(report)))
    });
    g.bench_function("ofd", |b| {
        b.iter(|| export::ofd::serialize(black_box(report), &composition, &fonts, &doc))
    });
    g.bench_function("docx", |b| {
        b.iter(|| export::docx::write_composition(black_box(report), &composition, &fonts))
    });
    g.bench_function("xlsx", |b| {
        b.iter(|| export::xlsx::write(black_box(report)))
    });
    g.bench_function("text", |b| {
        b.iter(|| export::text::write_composition(black_box(report), &composition))
    });
    // What one report costs `build` in-process: everything above but the font resolution,
    // which a run does once.
    g.bench_function("all formats", |b| {
        b.iter(|| {
            let loaded = gongwen::load(path).expect("the sample loads");
            let _ = gongwen::check::glyphs(&loaded.report, &fonts);
            let composition = compose(&loaded.report);
            Format::ALL.map(|f| {
                gongwen::render_composed(&loaded.report, &composition, f, Some(&fonts)).is_ok()
            })
        })
    });
    g.finish();

    // Scanning installed fonts is what `--bundled-fonts` saves; it depends on the machine.
    let mut g = c.benchmark_group("fonts");
    g.sample_size(10);
    g.bench_function("scan installed", |b| {
        b.iter(|| FontSet::resolve(black_box(&FontOptions::default())))
    });
    g.finish();
}

/// The stages of generated reports of 5, 50 and 200 pages: linear growth shows as an even
/// time per page (criterion's throughput, in pages per second).
fn pages(c: &mut Bench) {
    let fonts = bundled();
    let mut g = c.benchmark_group("pages");
    g.sample_size(10);
    for target in [5, 50, 200] {
        let (yaml, n) = generate::report_of_pages(target, &fonts).expect("a long report");
        let loaded = gongwen::parse(&yaml, "long.yaml").expect("a generated report parses");
        let composition = compose(&loaded.report);
        let doc = layout_composition(&composition, &fonts).expect("it lays out");
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("load {n}"), |b| {
            b.iter(|| gongwen::parse(black_box(&yaml), "long.yaml"))
        });
        g.bench_function(format!("layout {n}"), |b| {
            b.iter(|| layout_composition(black_box(&composition), &fonts))
        });
        g.bench_function(format!("pdf {n}"), |b| {
            b.iter(|| {
                export::pdf::serialize(black_box(&composition), &fonts, &doc, Some(&loaded.report))
            })
        });
        g.bench_function(format!("ofd {n}"), |b| {
            b.iter(|| export::ofd::serialize(&loaded.report, black_box(&composition), &fonts, &doc))
        });
        g.bench_function(format!("docx {n}"), |b| {
            b.iter(|| {
                export::docx::write_composition(&loaded.report, black_box(&composition), &fonts)
            })
        });
        g.bench_function(format!("xlsx {n}"), |b| {
            b.iter(|| export::xlsx::write(black_box(&loaded.report)))
        });
    }
    g.finish();
}

fn config() -> Bench {
    Criterion::default()
        .with_measurement(CpuTime)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
}

criterion_group! {
    name = benches;
    config = config();
    targets = stages, pages
}
criterion_main!(benches);
