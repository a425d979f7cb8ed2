//! `gongwen watch`: built at the start, built again on each save (an editor's save by
//! rename included) and on a change of the `--catalogue` file, a broken save reported
//! without touching the last good output, and Ctrl-C ending it with 130.

#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use common::{bin, tempdir};

struct Watching {
    child: Child,
    lines: Receiver<String>,
    /// Every line read so far, for the failure messages.
    seen: Vec<String>,
}

impl Watching {
    fn start(dir: &Path, args: &[&str]) -> Watching {
        let mut child = bin()
            .arg("--lang=en")
            .args(args)
            .current_dir(dir)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = common::stderr_lines(&mut child);
        Watching {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Reads stderr until a line that `wanted` accepts, and returns it.
    fn until(&mut self, wanted: impl Fn(&str) -> bool) -> String {
        loop {
            match self.lines.recv_timeout(Duration::from_secs(60)) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if wanted(&line) {
                        return line;
                    }
                }
                Err(_) => {
                    let _ = self.child.kill();
                    panic!("no such line; stderr so far: {:#?}", self.seen);
                }
            }
        }
    }

    fn built(&mut self) -> String {
        self.until(|l| l.starts_with('[') && l.contains("] built 1 report in "))
    }
}

/// Saves as many editors do: a new file written beside it, renamed over it.
fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("yaml.swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn watch_builds_on_every_save_until_ctrl_c() {
    let dir = tempdir();
    let report = dir.path().join("r.yaml");
    std::fs::write(&report, "title: 报告\nbody:\n  - 第一稿。\n").unwrap();
    let catalogue = dir.path().join("office.yaml");
    std::fs::write(&catalogue, "version: \"1\"\nentries: []\n").unwrap();
    let out = dir.path().join("out").join("r.txt");
    let mut w = Watching::start(
        dir.path(),
        &[
            "--catalogue",
            "office.yaml",
            "watch",
            "r.yaml",
            "--format",
            "text",
        ],
    );
    w.until(|l| l == "watching r.yaml (Ctrl-C to stop)");
    let first = w.built();
    // `[HH:MM:SS] built …`, the time of day of the build.
    let stamp = &first[1..9];
    assert!(
        stamp.len() == 8 && stamp.chars().filter(|c| *c == ':').count() == 2,
        "{first}"
    );
    assert!(std::fs::read_to_string(&out).unwrap().contains("第一稿"));

    save(&report, "title: 报告\nbody:\n  - 第二稿。\n");
    w.built();
    assert!(std::fs::read_to_string(&out).unwrap().contains("第二稿"));

    // A broken save: the message and a failed build; the last good output stays.
    save(&report, "title: 报告\nbody:\n  - 第三稿。\nsignatur: x\n");
    w.until(|l| l.contains("unknown key `signatur`"));
    w.until(|l| l.contains("] built 0 of 1 report in "));
    assert!(std::fs::read_to_string(&out).unwrap().contains("第二稿"));

    // Saved again, fixed; then the office catalogue changes: built again each time.
    save(&report, "title: 报告\nbody:\n  - 第四稿。\n");
    w.built();
    assert!(std::fs::read_to_string(&out).unwrap().contains("第四稿"));
    // A catalogue that does not load stops the build, which says so; fixed, it builds.
    std::fs::write(&catalogue, "version: \"2\"\nentries: 5\n").unwrap();
    w.until(|l| l.ends_with("] build failed; saving the file builds again"));
    std::fs::write(&catalogue, "version: \"2\"\nentries: []\n").unwrap();
    w.built();

    let ok = Command::new("kill")
        .args(["-s", "INT", &w.child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let mut status = None;
    for _ in 0..1200 {
        status = w.child.try_wait().unwrap();
        if status.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = w.child.kill();
    assert_eq!(status.and_then(|s| s.code()), Some(130), "{:#?}", w.seen);
    let left: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["r.txt"]);
}

#[test]
fn watching_a_file_that_is_not_there_is_a_usage_error() {
    let dir = tempdir();
    let o = bin()
        .args(["--lang=en", "watch", "nothing.yaml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("cannot watch nothing.yaml"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
