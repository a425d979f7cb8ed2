//! `build` and `check` over many reports: each report is read and rendered on a worker of the
//! rayon pool (all cores; the PDF writer's own parallel work joins the same pool), its files
//! are staged at once and committed (synced, renamed into place) on a few writer threads, so
//! that the workers render the next reports while the disk catches up. One bad report never
//! stops the others; each report's messages are printed in one piece when it is done.
//!
//! Test hooks, read from the environment and meant for gongwen's own tests only:
//! `GONGWEN_TEST_REPORT_DELAY_MS` makes each report wait that long before it is read (so that a
//! test sees the reports of a batch in flight together), and `GONGWEN_TEST_PAUSE_STAGED`
//! makes each report pause that many seconds after its temporary files are written, saying
//! so on stderr (so that a test can send a signal at that moment).

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use gongwen::diag::Diagnostic;
use gongwen::{output, Format};
use rayon::prelude::*;

use super::fontsets::{FontArgs, FontSets};
use super::inputs;
use super::printer::{Failure, Messages, Printer};
use super::report::{cannot_create_folder, cannot_write, parse_formats, prepare};
use super::summary::{progress_bar, Summary, Verb};

/// Threads that sync and rename finished reports. Syncs of several files overlap on the disk,
/// and a thread waiting for the disk uses no core.
const WRITERS: usize = 4;
/// Reports staged and waiting for a writer; a full queue holds the workers back, which bounds
/// the open files.
const QUEUE: usize = 16;

/// What `build` is asked to do.
pub struct BuildJob<'a> {
    pub inputs: &'a [PathBuf],
    pub out: &'a Path,
    pub format: &'a [String],
    pub font_args: &'a FontArgs,
    pub catalogue: Option<&'a Path>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn hook(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.parse().ok()
}

/// Why a report failed: the exit code it calls for and its first error.
type Failed = (u8, Option<Diagnostic>);

/// How each report of a batch ended, and on which threads; shared by the workers.
struct Tally {
    failed: Mutex<Vec<Option<Failed>>>,
    threads: Mutex<HashSet<usize>>,
    bar: Option<indicatif::ProgressBar>,
}

impl Tally {
    fn new(total: usize, bar: Option<indicatif::ProgressBar>) -> Tally {
        Tally {
            failed: Mutex::new(vec![None; total]),
            threads: Mutex::new(HashSet::new()),
            bar,
        }
    }

    fn started(&self, path: &Path) {
        lock(&self.threads).insert(rayon::current_thread_index().unwrap_or(usize::MAX));
        if let Some(bar) = &self.bar {
            bar.set_message(path.display().to_string());
        }
    }

    /// Prints the report's messages and counts it.
    fn done(&self, printer: &Printer, i: usize, failure: Option<Failure>, m: Messages) {
        if let Some(f) = failure {
            lock(&self.failed)[i] = Some((f.exit_code(), m.first_error.clone()));
        }
        printer.emit(m);
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn summary(
        self,
        printer: &Printer,
        verb: Verb,
        inputs: inputs::Inputs,
        start: Instant,
    ) -> Summary {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
            printer.set_progress(None);
        }
        let outcome = self.failed.into_inner().unwrap_or_else(|e| e.into_inner());
        let total = outcome.len();
        let mut failed = Vec::new();
        let mut exit_code = 0;
        for (input, o) in inputs.reports.into_iter().zip(outcome) {
            if let Some((code, reason)) = o {
                exit_code = exit_code.max(code);
                failed.push((input.path, reason));
            }
        }
        let threads = lock(&self.threads).len();
        Summary {
            verb,
            total,
            failed,
            skipped: inputs.skipped,
            threads,
            elapsed: start.elapsed(),
            exit_code,
        }
    }
}

/// Builds every report; `Err` only for a problem of the whole run, found before anything is
/// written (an unknown format, two reports writing the same file, a font file that is no font).
pub fn build(printer: &Printer, job: &BuildJob) -> Result<Summary, Failure> {
    let start = Instant::now();
    let formats = parse_formats(job.format)?;
    let inputs = inputs::expand(job.inputs, job.catalogue)?;
    let plan = inputs::plan(&inputs.reports, job.out, &formats)?;
    let fonts = FontSets::new(job.font_args, formats.iter().any(|f| f.needs_fonts()))?;
    let delay = hook("GONGWEN_TEST_REPORT_DELAY_MS").map(Duration::from_millis);
    let pause = hook("GONGWEN_TEST_PAUSE_STAGED").map(Duration::from_secs);
    let tally = Tally::new(
        inputs.reports.len(),
        progress_bar(printer, inputs.reports.len()),
    );
    let folders: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

    let (queue, staged) = sync_channel::<Commit>(QUEUE);
    let staged = Mutex::new(staged);
    std::thread::scope(|scope| {
        for _ in 0..WRITERS {
            scope.spawn(|| {
                while let Some(c) = next(&staged) {
                    c.finish(printer, &tally, &folders);
                }
            });
        }
        inputs
            .reports
            .par_iter()
            .zip(&plan)
            .enumerate()
            .for_each_with(queue, |queue, (i, (input, files))| {
                tally.started(&input.path);
                if let Some(d) = delay {
                    std::thread::sleep(d);
                }
                let mut m = Messages::default();
                let staged = prepare(printer, &input.path, &formats, &fonts, &mut m)
                    .and_then(|(_, rendered)| stage(printer, files, &rendered, &mut m));
                match staged {
                    Ok((staged, sizes)) => {
                        if let Some(p) = pause {
                            pause_staged(printer, &staged, p);
                        }
                        let commit = Commit {
                            i,
                            staged,
                            sizes: files.iter().cloned().zip(sizes).collect(),
                            messages: m,
                        };
                        // The writers live until the queue closes, so sending fails only if
                        // one of them panicked; the report is then counted as failed.
                        if let Err(e) = queue.send(commit) {
                            let c = e.0;
                            tally.done(printer, c.i, Some(Failure::Reported), c.messages);
                        }
                    }
                    Err(f) => tally.done(printer, i, Some(f), m),
                }
            });
    });
    output::sync_folders(&lock(&folders).iter().cloned().collect::<Vec<_>>());
    Ok(tally.summary(printer, Verb::Build, inputs, start))
}

fn next(staged: &Mutex<Receiver<Commit>>) -> Option<Commit> {
    lock(staged).recv().ok()
}

/// The output folder made, and the files of one report written under temporary names.
fn stage(
    printer: &Printer,
    files: &[PathBuf],
    rendered: &[(Format, Vec<u8>)],
    m: &mut Messages,
) -> Result<(output::Staged, Vec<usize>), Failure> {
    for folder in files.iter().filter_map(|p| p.parent()) {
        if let Err(e) = std::fs::create_dir_all(folder) {
            // Every report meets the same folder: say it once, give it as every one's reason.
            let d = cannot_create_folder(folder, &e);
            m.diagnostics(printer.fresh(vec![d.clone()]));
            m.first_error.get_or_insert(d);
            return Err(Failure::Reported);
        }
    }
    let outputs: Vec<(PathBuf, &[u8])> = files
        .iter()
        .cloned()
        .zip(rendered.iter().map(|(_, bytes)| bytes.as_slice()))
        .collect();
    let sizes = rendered.iter().map(|(_, b)| b.len()).collect();
    match output::stage(&outputs) {
        Ok(staged) => Ok((staged, sizes)),
        Err(e) => {
            m.diagnostics([cannot_write(&e.path, &e.error)]);
            Err(Failure::Reported)
        }
    }
}

fn pause_staged(printer: &Printer, staged: &output::Staged, pause: Duration) {
    let temps: Vec<String> = staged
        .temporaries()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    printer.say(&format!("test hook: staged {}", temps.join(" ")));
    std::thread::sleep(pause);
}

/// A report rendered and staged, waiting for a writer.
struct Commit {
    i: usize,
    staged: output::Staged,
    sizes: Vec<(PathBuf, usize)>,
    messages: Messages,
}

impl Commit {
    fn finish(self, printer: &Printer, tally: &Tally, folders: &Mutex<BTreeSet<PathBuf>>) {
        let mut m = self.messages;
        match self.staged.commit() {
            Ok(written) => {
                lock(folders).extend(written);
                for (path, len) in &self.sizes {
                    m.wrote(path, *len);
                }
                tally.done(printer, self.i, None, m);
            }
            Err(e) => {
                m.diagnostics([cannot_write(&e.path, &e.error)]);
                tally.done(printer, self.i, Some(Failure::Reported), m);
            }
        }
    }
}

/// Checks every report as `build` would, writing nothing. With `deny_warnings`, a report with
/// warnings fails.
pub fn check(
    printer: &Printer,
    args: &[PathBuf],
    font_args: &FontArgs,
    catalogue: Option<&Path>,
    deny_warnings: bool,
) -> Result<Summary, Failure> {
    let start = Instant::now();
    let inputs = inputs::expand(args, catalogue)?;
    let fonts = FontSets::new(font_args, true)?;
    let tally = Tally::new(
        inputs.reports.len(),
        progress_bar(printer, inputs.reports.len()),
    );
    inputs
        .reports
        .par_iter()
        .enumerate()
        .for_each(|(i, input)| {
            tally.started(&input.path);
            let mut m = Messages::default();
            // Every format is rendered and thrown away: whatever would stop `build` stops
            // `check`.
            let failure = match prepare(printer, &input.path, &Format::ALL, &fonts, &mut m) {
                Err(f) => Some(f),
                Ok(_) if deny_warnings && m.warnings > 0 => {
                    let n = m.warnings;
                    m.first_error = Some(
                        Diagnostic::error(
                            "denied-warnings",
                            format!("{n} warnings, denied by --deny-warnings"),
                        )
                        .zh(format!("{n} 条警告（--deny-warnings 视为错误）")),
                    );
                    Some(Failure::Input)
                }
                Ok((l, _)) => {
                    let n = gongwen::indicators::collect(&l.report).len();
                    let sections = l.report.sections().len();
                    let p = input.path.display();
                    m.line(if printer.zh() {
                        format!("{p}：通过（{sections} 个层次，{n} 个指标）")
                    } else {
                        format!("{p}: ok ({sections} sections, {n} indicators)")
                    });
                    None
                }
            };
            tally.done(printer, i, failure, m);
        });
    Ok(tally.summary(printer, Verb::Check, inputs, start))
}
