//! The helper of `make bench` (benches/run.sh):
//!
//!   bench-tool pages N OUT.yaml   the shortest report made from the sample with at least N pages
//!   bench-tool many N DIR         N distinct county reports, DIR/county-000.yaml …
//!   bench-tool indicators N OUT   a report stating N indicators (the check's scale)
//!   bench-tool aliases N OUT      YAML whose N sections repeat one anchored list (alias budget)
//!   bench-tool report DIR         the figures, ratios and targets of the runs saved in DIR
//!
//! Every report written is parsed and checked first, as `gongwen check` would, so a run never
//! times a build that fails.

mod generate;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use gongwen::fonts::{FontOptions, FontSet};
use serde_json::Value;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["pages", n, out] => count(n).and_then(|n| pages(n, Path::new(out))),
        ["many", n, dir] => count(n).and_then(|n| many(n, Path::new(dir))),
        ["indicators", n, out] => count(n)
            .and_then(|n| write(Path::new(out), &generate::indicators_report(n, 10))),
        ["aliases", n, out] => {
            count(n).and_then(|n| write(Path::new(out), &generate::aliases_report(n)))
        }
        ["report", dir] => report(Path::new(dir)),
        _ => Err(
            "usage: bench-tool pages N OUT.yaml | many N DIR | indicators N OUT.yaml | aliases N OUT.yaml | report DIR"
                .into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-tool: {e}");
            ExitCode::FAILURE
        }
    }
}

fn count(s: &str) -> Result<usize, String> {
    s.parse()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{s}` is not a positive number"))
}

fn fonts() -> Result<FontSet, String> {
    FontSet::resolve(&FontOptions::bundled_only()).map_err(|d| d.to_string())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn pages(n: usize, out: &Path) -> Result<(), String> {
    let (yaml, got) = generate::report_of_pages(n, &fonts()?)?;
    write(out, &yaml)?;
    println!("{} {got}", out.display());
    Ok(())
}

fn many(n: usize, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for i in 0..n {
        let yaml = generate::county_report(i);
        let file = format!("county-{i:03}.yaml");
        gongwen::parse(&yaml, &file).map_err(|ds| {
            let all: Vec<String> = ds.iter().map(ToString::to_string).collect();
            all.join("\n")
        })?;
        write(&dir.join(file), &yaml)?;
    }
    println!("{}: {n} reports", dir.display());
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The report of a run. The names match the `--command-name`s of benches/run.sh.

/// One command of a hyperfine run.
struct Timed {
    name: String,
    median: f64,
    /// Mean CPU time (user + system): on a machine whose disk is busy, the part of the wall
    /// time that is gongwen's own work.
    cpu: f64,
    /// CPU time over wall time, in cores.
    cores: f64,
}

impl Timed {
    fn show(&self) -> String {
        format!("{} (CPU {})", ms(self.median), ms(self.cpu))
    }
}

/// `a / b` for wall and CPU time.
fn ratio(a: &Timed, b: &Timed) -> (f64, String) {
    let r = a.median / b.median;
    (r, format!("{r:.2} × (CPU {:.2} ×)", a.cpu / b.cpu))
}

fn runs(dir: &Path, file: &str) -> Option<Vec<Timed>> {
    let text = std::fs::read_to_string(dir.join(file)).ok()?;
    let json: Value = serde_json::from_str(&text).ok()?;
    let results = json.get("results")?.as_array()?;
    Some(
        results
            .iter()
            .filter_map(|r| {
                let median = r.get("median")?.as_f64()?;
                let mean = r.get("mean")?.as_f64()?;
                let cpu = r.get("user")?.as_f64()? + r.get("system")?.as_f64()?;
                Some(Timed {
                    name: r.get("command")?.as_str()?.to_string(),
                    median,
                    cpu,
                    cores: if mean > 0.0 { cpu / mean } else { 0.0 },
                })
            })
            .collect(),
    )
}

fn find<'a>(runs: &'a Option<Vec<Timed>>, name: &str) -> Option<&'a Timed> {
    runs.as_ref()?.iter().find(|t| t.name == name)
}

/// Peak resident memory in MiB from a `/usr/bin/time -v` log.
fn peak_mib(dir: &Path, file: &str) -> Option<f64> {
    let text = std::fs::read_to_string(dir.join(file)).ok()?;
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("Maximum resident set size"))?;
    let kib: f64 = line.rsplit(':').next()?.trim().parse().ok()?;
    Some(kib / 1024.0)
}

fn size_of(dir: &Path, file: &str) -> Option<u64> {
    std::fs::metadata(dir.join(file)).ok().map(|m| m.len())
}

fn ms(t: f64) -> String {
    if t >= 10.0 {
        format!("{t:.1} s")
    } else if t >= 1.0 {
        format!("{t:.2} s")
    } else {
        format!("{:.0} ms", t * 1e3)
    }
}

/// The rows of the summary table: figure, this run, target, whether it is met.
#[derive(Default)]
struct Table {
    rows: Vec<[String; 4]>,
}

impl Table {
    fn row(&mut self, figure: &str, value: String, target: &str, met: Option<bool>) {
        let met = match met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "",
        };
        println!("  {figure}: {value}{}", tail(target, met));
        self.rows.push([
            figure.to_string(),
            value,
            target.to_string(),
            met.to_string(),
        ]);
    }

    fn missing(&mut self, figure: &str, why: &str, target: &str) {
        println!("  {figure}: NOT MEASURED ({why})");
        self.rows.push([
            figure.to_string(),
            format!("not measured: {why}"),
            target.to_string(),
            String::new(),
        ]);
    }
}

fn tail(target: &str, met: &str) -> String {
    match (target.is_empty(), met.is_empty()) {
        (true, _) => String::new(),
        (false, true) => format!("   (target {target})"),
        (false, false) => format!("   (target {target}: {})", met.trim_matches('*')),
    }
}

fn report(dir: &Path) -> Result<(), String> {
    if !dir.is_dir() {
        return Err(format!("{} holds no run", dir.display()));
    }
    let mut t = Table::default();

    println!("\n(a) the sample, whole process, in one hyperfine run");
    let a = runs(dir, "a-sample.json");
    let g = find(&a, "gongwen --bundled-fonts");
    let ty = find(&a, "typst --ignore-system-fonts");
    let gd = find(&a, "gongwen (defaults)");
    let tyd = find(&a, "typst (defaults)");
    let gp = find(&a, "gongwen --format pdf --bundled-fonts");
    if let Some(g) = g {
        t.row("sample, 5 formats, `--bundled-fonts`", g.show(), "", None);
    }
    if let Some(gp) = gp {
        t.row("sample, PDF only, `--bundled-fonts`", gp.show(), "", None);
    }
    if let Some(gd) = gd {
        t.row("sample, 5 formats, defaults", gd.show(), "", None);
    }
    match (g, ty) {
        (Some(g), Some(ty)) => {
            t.row("typst, PDF, `--ignore-system-fonts`", ty.show(), "", None);
            let (r, shown) = ratio(g, ty);
            t.row(
                "ratio gongwen 5 formats / typst PDF, no system fonts",
                shown,
                "≤ 0.25 ×",
                Some(r <= 0.25),
            );
            if let Some(gp) = gp {
                t.row(
                    "ratio gongwen PDF only / typst PDF, no system fonts",
                    ratio(gp, ty).1,
                    "",
                    None,
                );
            }
        }
        _ => t.missing(
            "ratio gongwen / typst, no system fonts",
            "typst not found (make bench TYPST=install)",
            "≤ 0.25 ×",
        ),
    }
    if let (Some(gd), Some(tyd)) = (gd, tyd) {
        t.row("typst, PDF, defaults", tyd.show(), "", None);
        t.row(
            "ratio gongwen / typst, both defaults",
            ratio(gd, tyd).1,
            "",
            None,
        );
    }
    match size_of(dir, "a/purang-2025.pdf") {
        Some(b) => t.row(
            "sample PDF size",
            format!("{:.0} KB ({b} bytes)", b as f64 / 1024.0),
            "≤ 200 KB",
            Some(b <= 200 * 1024),
        ),
        None => t.missing("sample PDF size", "no PDF written", "≤ 200 KB"),
    }
    if let Some(b) = size_of(dir, "typst.pdf") {
        t.row(
            "typst's PDF of the sample",
            format!("{:.0} KB ({b} bytes)", b as f64 / 1024.0),
            "",
            None,
        );
    }

    println!("\n(b) LibreOffice converting gongwen's DOCX to PDF, in one hyperfine run");
    let b = runs(dir, "b-libreoffice.json");
    match (
        find(&b, "gongwen --bundled-fonts"),
        find(&b, "soffice --convert-to pdf"),
    ) {
        (Some(g), Some(lo)) => {
            t.row("LibreOffice DOCX → PDF", lo.show(), "", None);
            let (r, shown) = ratio(lo, g);
            t.row(
                "ratio LibreOffice / gongwen 5 formats",
                shown,
                "≥ 60 × faster",
                Some(r >= 60.0),
            );
        }
        _ => t.missing(
            "ratio LibreOffice / gongwen",
            "no LibreOffice run",
            "≥ 60 × faster",
        ),
    }

    println!("\n(c) cost with pages, 5 formats, `--bundled-fonts`, in one hyperfine run");
    let c = runs(dir, "c-pages.json");
    let counts = std::fs::read_to_string(dir.join("pages.txt")).unwrap_or_default();
    let sizes: Vec<(usize, usize)> = counts
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            Some((w.next()?.parse().ok()?, w.next()?.parse().ok()?))
        })
        .collect();
    let mut per_page = Vec::new();
    let mut md_pages = String::new();
    let _ = writeln!(
        md_pages,
        "| pages | median (CPU) | per page | per added page |\n|---:|---:|---:|---:|"
    );
    let mut previous: Option<(usize, f64)> = None;
    println!("  pages  median    per page  per added page");
    for &(target, got) in &sizes {
        let Some(r) = find(&c, &format!("{target} pages")) else {
            continue;
        };
        let each = r.median / got as f64;
        let added = previous.map(|(p, m)| (r.median - m) / (got - p).max(1) as f64);
        let added_s = added.map_or("".to_string(), |a| format!("{:.2} ms", a * 1e3));
        println!(
            "  {got:>5}  {:>8}  {:>7.2} ms  {added_s:>10}",
            ms(r.median),
            each * 1e3
        );
        let _ = writeln!(
            md_pages,
            "| {got} | {} | {:.2} ms | {added_s} |",
            r.show(),
            each * 1e3
        );
        per_page.push((got, r.median, each, added));
        previous = Some((got, r.median));
    }
    let last = sizes
        .last()
        .and_then(|&(target, _)| find(&c, &format!("{target} pages")));
    match (per_page.last(), last) {
        (Some(&(got, median, _, _)), Some(last)) => {
            let mem = peak_mib(dir, "mem-pages.txt");
            t.row(
                &format!("{got}-page report, 5 formats"),
                last.show(),
                "≤ 0.5 s",
                Some(median <= 0.5),
            );
            // A fixed start-up cost is no cost per page: linearity is judged on what each
            // added page costs between consecutive sizes.
            let added: Vec<f64> = per_page.iter().filter_map(|p| p.3).collect();
            if added.len() >= 2 {
                let mean = added.iter().sum::<f64>() / added.len() as f64;
                let spread = added
                    .iter()
                    .map(|a| (a / mean - 1.0).abs())
                    .fold(0.0, f64::max);
                t.row(
                    "time per added page, largest deviation from their mean",
                    format!("±{:.0} %", spread * 100.0),
                    "within ±20 %",
                    Some(spread <= 0.20),
                );
            }
            let first = per_page[0];
            t.row(
                &format!("time per page, {} pages / {got} pages", first.0),
                format!("{:.2} ×", first.2 / per_page[per_page.len() - 1].2),
                "",
                None,
            );
            match mem {
                Some(m) => t.row(
                    &format!("peak memory, {got}-page report"),
                    format!("{m:.0} MB"),
                    "≤ 100 MB",
                    Some(m <= 100.0),
                ),
                None => t.missing("peak memory, long report", "no /usr/bin/time", "≤ 100 MB"),
            }
        }
        _ => t.missing("long report", "no run", "≤ 0.5 s"),
    }

    println!(
        "\n(d) many reports in one command, 5 formats, `--bundled-fonts`, in one hyperfine run"
    );
    let d = runs(dir, "d-batch.json");
    let n: usize = std::fs::read_to_string(dir.join("batch.txt"))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100);
    match (
        find(&d, &format!("{n} reports")),
        find(&d, "gongwen --bundled-fonts"),
    ) {
        (Some(many), Some(one)) => {
            t.row(
                &format!("{n} reports in one command"),
                format!(
                    "{}, {:.1} ms a report, {:.0} % CPU",
                    many.show(),
                    many.median * 1e3 / n as f64,
                    many.cores * 100.0
                ),
                "≤ 1.5 s, both cores busy",
                Some(many.median <= 1.5 && many.cores >= 1.6),
            );
            t.row(
                &format!("ratio {n} reports / {n} × one report"),
                format!(
                    "{:.2} × (CPU {:.2} ×)",
                    many.median / (n as f64 * one.median),
                    many.cpu / (n as f64 * one.cpu)
                ),
                "",
                None,
            );
        }
        _ => t.missing("many reports", "no run", "≤ 1.5 s"),
    }

    println!("\n(e) peak memory (/usr/bin/time -v)");
    match peak_mib(dir, "mem-sample.txt") {
        Some(m) => t.row(
            "peak memory, sample, 5 formats",
            format!("{m:.0} MB"),
            "≤ 40 MB",
            Some(m <= 40.0),
        ),
        None => t.missing("peak memory, sample", "no /usr/bin/time", "≤ 40 MB"),
    }
    if let Some(m) = peak_mib(dir, "mem-typst.txt") {
        t.row(
            "peak memory, typst, sample PDF",
            format!("{m:.0} MB"),
            "",
            None,
        );
    }
    if let Some(m) = peak_mib(dir, "mem-batch.txt") {
        t.row(
            &format!("peak memory, {n} reports"),
            format!("{m:.0} MB"),
            "",
            None,
        );
    }

    println!("\n(f) scale: check of many indicators, and YAML whose aliases repeat");
    let f = runs(dir, "f-scale.json");
    let scale: Vec<usize> = std::fs::read_to_string(dir.join("scale.txt"))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    if let [small, large, headings] = scale[..] {
        let (s, l) = (
            find(&f, &format!("check {small} indicators")),
            find(&f, &format!("check {large} indicators")),
        );
        if let Some(l) = l {
            t.row(
                &format!("check, {large} indicators"),
                l.show(),
                "≤ 3 s",
                Some(l.median <= 3.0),
            );
        }
        if let (Some(s), Some(l)) = (s, l) {
            t.row(
                &format!("check time, {large} / {small} indicators"),
                format!(
                    "{} for {:.0} × the input",
                    ratio(l, s).1,
                    large as f64 / small as f64
                ),
                "",
                None,
            );
        }
        if let Some(m) = peak_mib(dir, "mem-indicators.txt") {
            t.row(
                &format!("peak memory, check of {large} indicators"),
                format!("{m:.0} MB"),
                "",
                None,
            );
        }
        let size = size_of(dir, "aliases.yaml").unwrap_or(0);
        let refused = std::fs::read_to_string(dir.join("aliases.log"))
            .unwrap_or_default()
            .contains("[alias-expansion]");
        match (
            find(&f, &format!("check {headings} aliased sections")),
            peak_mib(dir, "mem-aliases.txt"),
        ) {
            (Some(a), Some(m)) => t.row(
                &format!(
                    "YAML of {:.0} KB, {headings} aliases of one list: check",
                    size as f64 / 1024.0
                ),
                format!(
                    "{}, {m:.0} MB, {}",
                    a.show(),
                    if refused {
                        "refused at the alias"
                    } else {
                        "accepted"
                    }
                ),
                "refused or checked in ≤ 5 s and ≤ 500 MB",
                Some(a.median <= 5.0 && m <= 500.0),
            ),
            _ => t.missing("alias case", "no run", "≤ 5 s and ≤ 500 MB"),
        }
    } else {
        t.missing("scale", "no run", "≤ 3 s");
    }

    println!("\nMarkdown for benches/BENCHMARKS.md:\n");
    let machine = std::fs::read_to_string(dir.join("machine.txt")).unwrap_or_default();
    println!("{}", machine.trim_end());
    println!("\n| figure | this run | target | met |\n|---|---:|---|---|");
    for [a, b, c, d] in &t.rows {
        println!("| {a} | {b} | {c} | {d} |");
    }
    println!("\n{md_pages}");
    let mut leftovers: Vec<PathBuf> = Vec::new();
    for f in ["a-sample.json", "c-pages.json", "d-batch.json"] {
        if !dir.join(f).exists() {
            leftovers.push(dir.join(f));
        }
    }
    if !leftovers.is_empty() {
        let names: Vec<String> = leftovers.iter().map(|p| p.display().to_string()).collect();
        return Err(format!("runs missing: {}", names.join(", ")));
    }
    Ok(())
}
