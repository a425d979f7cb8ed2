//! How a batch tells its progress (a bar on a terminal) and its result (one summary: how many
//! built, which failed and why, how long it took on how many threads).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use gongwen::diag::{Diagnostic, Lang};
use indicatif::{ProgressBar, ProgressStyle};

use super::inputs::Skip;
use super::printer::Printer;

/// A bar for a batch of more than one report when stderr is a terminal and the messages are
/// for a person; otherwise each report's messages are the plain lines that tell the progress.
pub fn progress_bar(printer: &Printer, total: usize) -> Option<ProgressBar> {
    if printer.json || total < 2 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg} {elapsed}") {
        bar.set_style(style);
    }
    printer.set_progress(Some(bar.clone()));
    Some(bar)
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Build,
    Check,
}

/// What a batch did.
pub struct Summary {
    pub verb: Verb,
    pub total: usize,
    /// Reports that failed, in the order given, with the first error (the reason).
    pub failed: Vec<(PathBuf, Option<Diagnostic>)>,
    pub skipped: Vec<(PathBuf, Skip)>,
    /// Threads that built at least one report.
    pub threads: usize,
    pub elapsed: Duration,
    /// 0, or the exit code of the most serious failure (1 input, 2 usage or environment).
    pub exit_code: u8,
}

impl Summary {
    pub fn render(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let mut s = String::new();
        for (path, why) in &self.skipped {
            let p = path.display();
            s.push_str(&match (why, zh) {
                (Skip::Catalogue, false) => format!("skipped {p}: the --catalogue file\n"),
                (Skip::Catalogue, true) => format!("已跳过 {p}：这是 --catalogue 指定的指标目录\n"),
                (Skip::NotAReport, false) => {
                    format!("skipped {p}: not a report (no top-level `title:` or `body:`)\n")
                }
                (Skip::NotAReport, true) => {
                    format!("已跳过 {p}：不是报告（顶层没有 `title:` 或 `body:`）\n")
                }
            });
        }
        let (n, ok, bad) = (
            self.total,
            self.total - self.failed.len(),
            self.failed.len(),
        );
        let secs = format!("{:.2}", self.elapsed.as_secs_f64());
        let t = self.threads;
        let reports = |k: usize| if k == 1 { "report" } else { "reports" };
        let threads = match (zh, t) {
            _ if n < 2 || t == 0 => String::new(),
            (false, 1) => " on 1 thread".into(),
            (false, _) => format!(" on {t} threads"),
            (true, _) => format!("，{t} 个线程"),
        };
        s.push_str(&match (self.verb, zh) {
            (Verb::Build, false) if bad == 0 => {
                format!("built {n} {} in {secs} s{threads}", reports(n))
            }
            (Verb::Build, false) => {
                format!(
                    "built {ok} of {n} {} in {secs} s{threads}; {bad} failed:",
                    reports(n)
                )
            }
            (Verb::Build, true) if bad == 0 => {
                format!("已生成 {n} 份报告，用时 {secs} 秒{threads}")
            }
            (Verb::Build, true) => {
                format!("已生成 {ok} 份报告（共 {n} 份），用时 {secs} 秒{threads}；{bad} 份失败：")
            }
            (Verb::Check, false) if bad == 0 => format!(
                "checked {n} {} in {secs} s{threads}: {ok} passed",
                reports(n)
            ),
            (Verb::Check, false) => format!(
                "checked {n} {} in {secs} s{threads}: {ok} passed, {bad} failed:",
                reports(n)
            ),
            (Verb::Check, true) if bad == 0 => {
                format!("已检查 {n} 份报告，用时 {secs} 秒{threads}：{ok} 份通过")
            }
            (Verb::Check, true) => {
                format!("已检查 {n} 份报告，用时 {secs} 秒{threads}：{ok} 份通过，{bad} 份失败：")
            }
        });
        let colon = if zh { "：" } else { ": " };
        for (path, reason) in &self.failed {
            let p = path.display();
            s.push_str(&match reason {
                // Where the first error is, compiler-style, so that an editor can jump there.
                Some(d) if d.line > 0 => {
                    format!("\n  {}:{}:{}: {}", d.file, d.line, d.column, d.text(lang).0)
                }
                Some(d) => format!("\n  {p}{colon}{}", d.text(lang).0),
                None if zh => format!("\n  {p}：失败"),
                None => format!("\n  {p}: failed"),
            });
        }
        s
    }
}
