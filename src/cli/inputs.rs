//! What the reports of a run are and where their files go.
//!
//! An argument is a report file, a folder or a quoted pattern:
//! - a file is taken as given, whatever its name;
//! - a folder gives its `*.yaml` and `*.yml` files, in its subfolders too, sorted by path;
//!   hidden files and folders (`.git`) are passed over, and so are YAML files that are not
//!   reports — the `--catalogue` file, and any file without a top-level `title:` or `body:`
//!   key, such as an office catalogue or a CI configuration. Those are listed in the summary,
//!   so that a report whose `title:` is misspelt does not vanish silently;
//! - a pattern that names no existing file (`"reports/*.yaml"`, quoted so that the shell
//!   leaves it) expands as the shell would have expanded it.
//!
//! The same file reached twice is built once. Files of a report given as a file or by a
//! pattern go straight into the output folder; those of a report found in a folder go into
//! the same subfolder of the output folder as the report has under the folder given. Two
//! reports whose files would land on the same path are refused before anything is written.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use gongwen::diag::Diagnostic;
use gongwen::{output, Format};

use super::printer::Failure;

/// One report of the run.
pub struct Input {
    pub path: PathBuf,
    /// The subfolder of the output folder its files go into.
    pub subfolder: PathBuf,
}

/// Why a YAML file found in a folder is not built.
pub enum Skip {
    Catalogue,
    NotAReport,
}

pub struct Inputs {
    pub reports: Vec<Input>,
    pub skipped: Vec<(PathBuf, Skip)>,
}

/// Folders deeper than this under a folder given are not searched (a link loop ends here).
const MAX_DEPTH: usize = 32;

/// Expands the arguments into the reports of the run.
pub fn expand(args: &[PathBuf], catalogue: Option<&Path>) -> Result<Inputs, Failure> {
    let mut inputs = Inputs {
        reports: Vec::new(),
        skipped: Vec::new(),
    };
    for arg in args {
        if arg.is_dir() {
            walk(arg, arg, 0, catalogue, &mut inputs);
        } else if !arg.exists() && is_pattern(arg) {
            for path in expand_pattern(arg)? {
                if path.is_dir() {
                    walk(&path, &path, 0, catalogue, &mut inputs);
                } else {
                    inputs.reports.push(flat(path));
                }
            }
        } else {
            // A file that does not exist is still a report of the run: reading it fails with
            // a message naming it.
            inputs.reports.push(flat(arg.clone()));
        }
    }
    let mut seen = HashSet::new();
    inputs
        .reports
        .retain(|i| seen.insert(std::fs::canonicalize(&i.path).unwrap_or_else(|_| i.path.clone())));
    if inputs.reports.is_empty() {
        let list = args
            .iter()
            .map(|a| a.display().to_string())
            .collect::<Vec<_>>()
            .join(" ");
        return Err(Failure::usage(
            Diagnostic::error("no-report", format!("no report found in {list}"))
                .help("a report is a .yaml file with a top-level `title:` or `body:` key")
                .zh(format!("{list} 中没有找到报告"))
                .help_zh("报告是顶层含有 `title:` 或 `body:` 键的 .yaml 文件"),
        ));
    }
    Ok(inputs)
}

fn flat(path: PathBuf) -> Input {
    Input {
        path,
        subfolder: PathBuf::new(),
    }
}

fn is_pattern(arg: &Path) -> bool {
    arg.to_string_lossy().contains(['*', '?', '['])
}

fn expand_pattern(arg: &Path) -> Result<Vec<PathBuf>, Failure> {
    let text = arg.to_string_lossy();
    let bad = |why: String| {
        Failure::usage(
            Diagnostic::error("bad-pattern", format!("{text}: {why}"))
                .help("a pattern takes * ? [abc] and **, e.g. \"reports/**/*.yaml\"")
                .zh(format!("{text}：{why}"))
                .help_zh("模式可以使用 * ? [abc] 和 **，例如 \"reports/**/*.yaml\""),
        )
    };
    // As a shell does, `*` does not match a leading dot: `reports/*` leaves `.git` alone.
    let options = glob::MatchOptions {
        require_literal_leading_dot: true,
        ..glob::MatchOptions::new()
    };
    let paths = glob::glob_with(&text, options).map_err(|e| bad(e.msg.to_string()))?;
    // An unreadable folder under the pattern is passed over, as the shell does.
    let found: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
    if found.is_empty() {
        return Err(Failure::usage(
            Diagnostic::error("no-match", format!("no file matches {text}"))
                .help("check the pattern, or give the files or their folder")
                .zh(format!("没有文件与 {text} 匹配"))
                .help_zh("请检查模式，或直接给出文件或其所在文件夹"),
        ));
    }
    Ok(found)
}

fn walk(root: &Path, dir: &Path, depth: usize, catalogue: Option<&Path>, inputs: &mut Inputs) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, depth + 1, catalogue, inputs);
            continue;
        }
        let yaml = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"));
        if !yaml {
            continue;
        }
        if catalogue.is_some_and(|c| output::same_file(c, &path)) {
            inputs.skipped.push((path, Skip::Catalogue));
        } else if !looks_like_a_report(&path) {
            inputs.skipped.push((path, Skip::NotAReport));
        } else {
            let subfolder = path
                .parent()
                .and_then(|p| p.strip_prefix(root).ok())
                .map(Path::to_path_buf)
                .unwrap_or_default();
            inputs.reports.push(Input { path, subfolder });
        }
    }
}

/// A report has a top-level `title:` or `body:`; a file that cannot be read is taken as a
/// report, so that building it says what is wrong.
fn looks_like_a_report(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return true;
    };
    String::from_utf8_lossy(&bytes).lines().any(|l| {
        let l = l.trim_start_matches('\u{feff}');
        [
            "title",
            "body",
            "\"title\"",
            "\"body\"",
            "'title'",
            "'body'",
        ]
        .iter()
        .any(|k| {
            l.strip_prefix(k)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
    })
}

/// The files each report writes, in the order of `formats`. Refused before anything is
/// written: a file that would overwrite an input, and two reports writing the same file.
pub fn plan(
    reports: &[Input],
    out: &Path,
    formats: &[Format],
) -> Result<Vec<Vec<PathBuf>>, Failure> {
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    let inputs: HashSet<PathBuf> = reports.iter().filter_map(|i| canonical(&i.path)).collect();
    let mut owner: HashMap<PathBuf, &Path> = HashMap::new();
    let mut plan = Vec::new();
    for input in reports {
        let folder = out.join(&input.subfolder);
        let mut files = Vec::new();
        for f in formats {
            let path = output::output_path(&input.path, &folder, f.extension());
            if canonical(&path).is_some_and(|c| inputs.contains(&c)) {
                return Err(would_overwrite(&path));
            }
            if let Some(first) = owner.insert(path.clone(), &input.path) {
                return Err(same_output(&path, first, &input.path));
            }
            files.push(path);
        }
        plan.push(files);
    }
    Ok(plan)
}

pub fn would_overwrite(path: &Path) -> Failure {
    Failure::usage(
        Diagnostic::error(
            "overwrites-input",
            format!("{} would overwrite an input file", path.display()),
        )
        .help("choose another output folder with -o")
        .zh(format!("{} 会覆盖输入文件，已停止", path.display()))
        .help_zh("请用 -o 选择另一个输出文件夹"),
    )
}

fn same_output(path: &Path, a: &Path, b: &Path) -> Failure {
    let (path, a, b) = (path.display(), a.display(), b.display());
    Failure::usage(
        Diagnostic::error(
            "same-output",
            format!("{a} and {b} would both write {path}; nothing was written"),
        )
        .help("rename one of them, or build each into its own folder with -o; reports found in a folder keep its subfolders")
        .zh(format!("{a} 和 {b} 都会写入 {path}，未写入任何文件"))
        .help_zh("请重命名其中一个，或用 -o 分别输出到不同的文件夹；从文件夹中找到的报告会保留其子文件夹结构"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_told_from_other_yaml_by_their_top_level_keys() {
        let dir = tempfile::tempdir().unwrap();
        let p = |name: &str, text: &str| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            p
        };
        assert!(looks_like_a_report(&p("a.yaml", "# c\ntitle: 报告\n")));
        assert!(looks_like_a_report(&p("b.yaml", "\u{feff}body: []\n")));
        assert!(looks_like_a_report(&p("c.yaml", "\"title\" : x\n")));
        assert!(!looks_like_a_report(&p(
            "d.yaml",
            "version: 1\nentries: []\n"
        )));
        assert!(!looks_like_a_report(&p("e.yaml", "a:\n  title: x\n")));
        assert!(!looks_like_a_report(&p("f.yaml", "titles: x\n")));
    }
}
