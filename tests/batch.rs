//! `gongwen build` and `check` over many reports: folders and patterns, parallel workers, one
//! failure not stopping the others, the summary, exit codes, two reports refused when they
//! would write the same file, and temporary files of killed runs cleared.

mod common;

use std::path::Path;
use std::process::Output;

use common::{bin, gongwen, stderr, tempdir, JOINT, SAMPLE};

const SMALL: &str = "title: 报告\nbody:\n  - 正文。\n";

fn put(dir: &Path, rel: &str, text: &str) -> String {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

/// Runs gongwen in English with extra environment variables.
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    bin()
        .arg("--lang=en")
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

#[test]
fn a_folder_is_built_on_several_threads_with_a_summary() {
    let dir = tempdir();
    for i in 0..6 {
        put(dir.path(), &format!("reports/r{i}.yaml"), SMALL);
    }
    let out = dir.path().join("out");
    // Each report waits 300 ms before it is read: a serial build would run on one thread
    // whatever `-j` says; a parallel one shares the six reports between both workers.
    let o = run(
        &[
            "build",
            dir.path().join("reports").to_str().unwrap(),
            "--format",
            "text",
            "-j",
            "2",
            "-o",
            out.to_str().unwrap(),
        ],
        &[("GONGWEN_TEST_REPORT_DELAY_MS", "300")],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    let summary = err.lines().last().unwrap();
    assert!(
        summary.starts_with("built 6 reports in ") && summary.ends_with(" s on 2 threads"),
        "{err}"
    );
    let expected: Vec<String> = (0..6).map(|i| format!("r{i}.txt")).collect();
    assert_eq!(files_under(&out), expected);
    // Without a terminal, each file written is a plain line.
    assert_eq!(err.matches("wrote ").count(), 6, "{err}");
}

#[test]
fn one_bad_report_does_not_stop_the_others() {
    let dir = tempdir();
    let good: Vec<String> = (0..3)
        .map(|i| put(dir.path(), &format!("g{i}.yaml"), SMALL))
        .collect();
    let bad = put(
        dir.path(),
        "bad.yaml",
        "title: 报告\nbody: []\nsignatur: x\n",
    );
    let out = dir.path().join("out");
    let mut args = vec![
        "build",
        "--format",
        "text,xlsx",
        "-o",
        out.to_str().unwrap(),
    ];
    args.push(&good[0]);
    args.push(&bad);
    args.extend(good[1..].iter().map(String::as_str));
    let o = gongwen(&args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(
        files_under(&out),
        ["g0.txt", "g0.xlsx", "g1.txt", "g1.xlsx", "g2.txt", "g2.xlsx"]
    );
    assert!(err.contains("built 3 of 4 reports in "), "{err}");
    assert!(
        err.contains(&format!("1 failed:\n  {bad}:3:1: unknown key `signatur`")),
        "{err}"
    );

    // A report that cannot be read is an environment problem: exit 2, the others built.
    let missing = dir.path().join("missing.yaml");
    let out2 = dir.path().join("out2");
    let o = gongwen(&[
        "build",
        "--format",
        "text",
        "-o",
        out2.to_str().unwrap(),
        missing.to_str().unwrap(),
        &good[0],
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(files_under(&out2), ["g0.txt"]);
    assert!(
        stderr(&o).contains("built 1 of 2 reports"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_messages_of_a_report_stay_together() {
    let dir = tempdir();
    // Each report has several warnings (half-width punctuation between Chinese characters).
    let text = "title: 报告\nbody:\n  - 第一,第二。\n  - 第三,第四。\n  - 第五,第六。\n";
    let files: Vec<String> = (0..6)
        .map(|i| put(dir.path(), &format!("w{i}.yaml"), text))
        .collect();
    let mut args = vec!["check", "-j", "3"];
    args.extend(files.iter().map(String::as_str));
    let o = run(&args, &[("GONGWEN_TEST_REPORT_DELAY_MS", "100")]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    // The file each message points to, in the order printed: one run per report.
    let order: Vec<&str> = err
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .map(|l| l.split(".yaml:").next().unwrap())
        .collect();
    assert!(order.len() >= 12, "{err}");
    let mut runs = order.clone();
    runs.dedup();
    let mut distinct = runs.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(runs.len(), distinct.len(), "interleaved: {order:?}");
    assert_eq!(distinct.len(), 6, "{err}");
    assert!(err.contains("checked 6 reports in "), "{err}");
}

#[test]
fn two_reports_writing_the_same_file_are_refused_before_anything_is_written() {
    let dir = tempdir();
    let a = put(dir.path(), "d1/report.yaml", SMALL);
    let b = put(dir.path(), "d2/report.yaml", SMALL);
    let out = dir.path().join("out");
    let o = gongwen(&["build", &a, &b, "-o", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{a} and {b} would both write {}",
            out.join("report.pdf").display()
        )),
        "{err}"
    );
    assert!(!out.exists(), "something was written");

    // The same two found in a folder keep their subfolders, and do not meet.
    let o = gongwen(&[
        "build",
        dir.path().to_str().unwrap(),
        "--format",
        "text",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(files_under(&out), ["d1/report.txt", "d2/report.txt"]);
}

#[test]
fn folders_and_patterns_find_the_reports() {
    let dir = tempdir();
    let root = dir.path().join("reports");
    put(&root, "a.yaml", SMALL);
    put(&root, "sub/b.yml", SMALL);
    put(&root, ".hidden/c.yaml", SMALL);
    put(&root, "ci.yaml", "on: push\njobs: {}\n");
    put(&root, "office.yaml", "version: \"1\"\nentries: []\n");
    put(&root, "notes.txt", "title: not yaml\n");
    put(&root, "gongwen.schema.json", "{}");
    let out = dir.path().join("out");
    let o = gongwen(&[
        "build",
        root.to_str().unwrap(),
        "--format",
        "text",
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(files_under(&out), ["a.txt", "sub/b.txt"]);
    for skipped in ["ci.yaml", "office.yaml"] {
        assert!(
            err.contains(&format!(
                "skipped {}: not a report",
                root.join(skipped).display()
            )),
            "{err}"
        );
    }
    assert!(err.contains("built 2 reports"), "{err}");

    // A quoted pattern expands as the shell would: files go straight into the folder.
    let pattern = format!("{}/**/*.y*ml", root.display());
    let out2 = dir.path().join("out2");
    let o = gongwen(&[
        "build",
        &pattern,
        "--format",
        "text",
        "-o",
        out2.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // The pattern names ci.yaml and office.yaml too: they are built, and fail.
    assert_eq!(files_under(&out2), ["a.txt", "b.txt"]);
    assert!(
        stderr(&o).contains("built 2 of 4 reports"),
        "{}",
        stderr(&o)
    );

    // A pattern that matches nothing, and a folder without reports, are usage errors.
    let none = format!("{}/*.nothing", root.display());
    let o = gongwen(&["build", &none, "-o", out2.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no file matches"), "{}", stderr(&o));
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = gongwen(&["check", empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no report found"), "{}", stderr(&o));
}

#[test]
fn the_catalogue_file_in_a_folder_is_not_a_report() {
    let dir = tempdir();
    put(dir.path(), "r.yaml", SMALL);
    let catalogue = put(dir.path(), "office.yaml", "version: \"1\"\nentries: []\n");
    let o = gongwen(&[
        "--catalogue",
        &catalogue,
        "check",
        dir.path().to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(&format!("skipped {catalogue}: the --catalogue file")),
        "{err}"
    );
    assert!(err.contains("checked 1 report in "), "{err}");
}

#[test]
fn outputs_do_not_depend_on_threads_or_order() {
    let dir = tempdir();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let o = gongwen(&[
        "build",
        SAMPLE,
        JOINT,
        "-j",
        "1",
        "--bundled-fonts",
        "-o",
        a.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = gongwen(&[
        "build",
        JOINT,
        SAMPLE,
        "-j",
        "4",
        "--bundled-fonts",
        "-o",
        b.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let names = files_under(&a);
    assert_eq!(names.len(), 2 * gongwen::Format::ALL.len(), "{names:?}");
    assert_eq!(files_under(&b), names);
    for n in &names {
        assert!(
            std::fs::read(a.join(n)).unwrap() == std::fs::read(b.join(n)).unwrap(),
            "{n} differs"
        );
    }
}

#[test]
fn json_messages_stay_one_object_a_line() {
    let dir = tempdir();
    let files: Vec<String> = (0..4)
        .map(|i| {
            put(
                dir.path(),
                &format!("r{i}.yaml"),
                "title: 报告\nbody:\n  - 第一,第二。\nsignatur: x\n",
            )
        })
        .collect();
    let out = dir.path().join("out");
    let mut args = vec![
        "--message-format",
        "json",
        "build",
        "--format",
        "text",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(files.iter().map(String::as_str));
    let o = gongwen(&args);
    assert_eq!(o.status.code(), Some(1));
    let stdout = String::from_utf8(o.stdout.clone()).unwrap();
    let codes: Vec<String> = stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            v["code"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        codes.iter().filter(|c| *c == "unknown-key").count(),
        4,
        "{stdout}"
    );
    assert!(
        stderr(&o).contains("built 0 of 4 reports"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn stale_temporary_files_are_removed_by_the_next_run() {
    let dir = tempdir();
    let f = put(dir.path(), "r.yaml", SMALL);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // Left by a run killed outright: its process (an id no Linux system hands out) is gone.
    let dead = out.join(".gongwen-999999999-x1y2z3.tmp");
    // Of a run still going: this test's own process.
    let live = out.join(format!(".gongwen-{}-a1b2c3.tmp", std::process::id()));
    // Not gongwen's, and gongwen's of an older name, written a moment ago.
    let other = out.join(".editor-1-a1b2c3.tmp");
    let recent = out.join(".gongwen-Ab3xYz.tmp");
    for p in [&dead, &live, &other, &recent] {
        std::fs::write(p, "x").unwrap();
    }
    let o = gongwen(&["build", &f, "--format", "text", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!dead.exists(), "the stale file is still there");
    assert!(live.exists() && other.exists() && recent.exists());
    let mut names = files_under(&out);
    names.retain(|n| !n.starts_with('.'));
    assert_eq!(names, ["r.txt"]);
}

#[test]
fn jobs_must_be_at_least_one() {
    let o = gongwen(&["check", SAMPLE, "-j", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--jobs must be at least 1"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn build_help_says_where_files_go() {
    let o = gongwen(&["build", "--help"]);
    let help = String::from_utf8(o.stdout).unwrap();
    for said in [
        "keeps its subfolder under DIR",
        "would write the same file are refused before anything is written",
        "exit 130, 143, 129",
        "-j, --jobs <N>",
    ] {
        assert!(help.contains(said), "{said}: {help}");
    }
}
