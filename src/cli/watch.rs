//! `gongwen watch`: build a report, then build it again each time it is saved (or the
//! `--catalogue` file is), printing the messages and the time of each build, until Ctrl-C.
//!
//! Editors save by writing another file and renaming it over the report, which replaces the
//! file a watch on the file itself would follow; so the folders are watched and their events
//! filtered by name. An editor's save is several events (a temporary file written, renamed,
//! its mode set): they are debounced into one build.

use std::path::{Path, PathBuf};
use std::sync::mpsc::channel;
use std::time::Duration;

use gongwen::catalogue::Catalogue;
use gongwen::diag::{Diagnostic, Lang};
use notify_debouncer_mini::new_debouncer;
use notify_debouncer_mini::notify::RecursiveMode;

use super::batch::{self, BuildJob};
use super::fontsets::FontArgs;
use super::printer::{Failure, Printer};

/// Events closer together than this make one build.
const DEBOUNCE: Duration = Duration::from_millis(150);

pub struct WatchJob {
    pub input: PathBuf,
    pub out: PathBuf,
    pub format: Vec<String>,
    pub font_args: FontArgs,
    pub catalogue: Option<PathBuf>,
    pub json: bool,
    pub lang: Lang,
}

/// Runs until the process is stopped; returns only when watching cannot start or go on.
pub fn watch(job: &WatchJob) -> Result<(), Failure> {
    let printer = |catalogue: Catalogue| Printer::new(job.json, job.lang, catalogue);
    if !job.input.is_file() {
        let p = job.input.display();
        return Err(Failure::usage(
            Diagnostic::error("unreadable", format!("cannot watch {p}: no such file"))
                .help("give the report to watch, e.g. gongwen watch input/report.yaml")
                .zh(format!("无法监视 {p}：文件不存在"))
                .help_zh("请给出要监视的报告，例如 gongwen watch input/report.yaml"),
        ));
    }
    let mut watched = vec![watched_path(&job.input)?];
    if let Some(c) = &job.catalogue {
        watched.push(watched_path(c)?);
    }
    let (events, changes) = channel();
    let mut debouncer =
        new_debouncer(DEBOUNCE, events).map_err(|e| cannot_watch(&job.input, &e))?;
    for (folder, _) in &watched {
        debouncer
            .watcher()
            .watch(folder, RecursiveMode::NonRecursive)
            .map_err(|e| cannot_watch(folder, &e))?;
    }
    let base = printer(Catalogue::builtin().clone());
    base.say(&match job.lang {
        Lang::Zh => format!("正在监视 {}（按 Ctrl-C 结束）", job.input.display()),
        Lang::En => format!("watching {} (Ctrl-C to stop)", job.input.display()),
    });
    loop {
        rebuild(job, &printer);
        // Wait for a save of a watched file; other files of the folders (the outputs, an
        // editor's swap files) do not count.
        loop {
            match changes.recv() {
                Ok(Ok(events)) => {
                    let touched = events.iter().any(|e| {
                        watched
                            .iter()
                            .any(|(folder, name)| is(&e.path, folder, name))
                    });
                    if touched {
                        break;
                    }
                }
                Ok(Err(e)) => base.say(&format!("{e}")),
                Err(_) => return Err(Failure::Reported),
            }
        }
    }
}

/// One build, stamped with the time of day, as `typst watch` does.
fn rebuild(job: &WatchJob, printer: &dyn Fn(Catalogue) -> Printer) {
    let stamp = chrono::Local::now().format("%H:%M:%S").to_string();
    let mut catalogue = Catalogue::builtin().clone();
    if let Some(path) = &job.catalogue {
        match Catalogue::load(path) {
            Ok(office) => catalogue = catalogue.extended_by(&office),
            Err(diags) => {
                let p = printer(catalogue);
                p.print(&diags);
                p.say(&format!("[{stamp}] {}", failed_text(job.lang)));
                return;
            }
        }
    }
    let p = printer(catalogue);
    let inputs = [job.input.clone()];
    let build = BuildJob {
        inputs: &inputs,
        out: &job.out,
        format: &job.format,
        font_args: &job.font_args,
        catalogue: job.catalogue.as_deref(),
    };
    match batch::build(&p, &build) {
        Ok(summary) => p.say(&format!("[{stamp}] {}", summary.render(job.lang))),
        Err(Failure::Usage(d)) => {
            p.print(&[*d]);
            p.say(&format!("[{stamp}] {}", failed_text(job.lang)));
        }
        Err(_) => p.say(&format!("[{stamp}] {}", failed_text(job.lang))),
    }
}

fn failed_text(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "生成失败，保存后将重新生成",
        Lang::En => "build failed; saving the file builds again",
    }
}

/// The folder to watch for a file, and the file's name in it.
fn watched_path(file: &Path) -> Result<(PathBuf, std::ffi::OsString), Failure> {
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let folder = std::fs::canonicalize(folder).map_err(|e| {
        Failure::usage(gongwen::diag::io_failure(
            "unreadable",
            "cannot watch",
            "无法监视",
            folder,
            &e,
        ))
    })?;
    let name = file
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    Ok((folder, name))
}

fn is(event: &Path, folder: &Path, name: &std::ffi::OsStr) -> bool {
    event.file_name() == Some(name) && event.parent() == Some(folder)
}

fn cannot_watch(path: &Path, e: &notify_debouncer_mini::notify::Error) -> Failure {
    let p = path.display();
    Failure::usage(
        Diagnostic::error("cannot-watch", format!("cannot watch {p}: {e}"))
            .help("on Linux, the number of watches may be raised with sysctl fs.inotify.max_user_watches")
            .zh(format!("无法监视 {p}：{e}"))
            .help_zh("在 Linux 上可用 sysctl fs.inotify.max_user_watches 调高监视数量上限"),
    )
}
