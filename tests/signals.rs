//! A build stopped by SIGINT, SIGTERM or SIGHUP while it writes exits 130, 143 or 129 and
//! leaves no temporary file and no partial set of outputs: the previous files stay as they
//! were.
//!
//! The moment is made certain with a test hook: `GONGWEN_TEST_PAUSE_STAGED=SECONDS` makes
//! gongwen say `test hook: staged <files>` once a report's temporary files are written and
//! wait there, before they are synced and renamed into place.

#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{bin, tempdir, SAMPLE};

/// Waits for the child to end (a hang fails the test instead of blocking it).
fn wait(child: &mut Child) -> std::process::ExitStatus {
    for _ in 0..1200 {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("gongwen did not stop after the signal");
}

fn send(signal: &str, child: &Child) {
    let ok = Command::new("kill")
        .args(["-s", signal, &child.id().to_string()])
        .status()
        .expect("run kill")
        .success();
    assert!(ok, "kill -s {signal} failed");
}

/// Starts a build paused with its temporary files written; returns them and the rest of
/// stderr, which a thread keeps reading.
fn start_paused(input: &Path, out: &Path) -> (Child, Vec<PathBuf>, mpsc::Receiver<String>) {
    let mut child = bin()
        .args([
            "--lang=en",
            "build",
            input.to_str().unwrap(),
            "--format",
            "text,xlsx",
            "-o",
            out.to_str().unwrap(),
        ])
        .env("GONGWEN_TEST_PAUSE_STAGED", "60")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = common::stderr_lines(&mut child);
    let mut seen = Vec::new();
    let temps = loop {
        match lines.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => match line.strip_prefix("test hook: staged ") {
                Some(files) => break Some(files.split(' ').map(PathBuf::from).collect()),
                None => seen.push(line),
            },
            Err(_) => break None,
        }
    };
    match temps {
        Some(temps) => (child, temps, lines),
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("no pause announced; stderr: {seen:?}");
        }
    }
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn each_signal_removes_the_temporary_files_and_exits_with_its_code() {
    for (signal, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        let dir = tempdir();
        let input = dir.path().join("r.yaml");
        std::fs::copy(SAMPLE, &input).unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        // The output of an earlier build, which must stay as it was.
        std::fs::write(out.join("r.txt"), "earlier").unwrap();

        let (mut child, temps, lines) = start_paused(&input, &out);
        assert_eq!(temps.len(), 2, "{signal}: {temps:?}");
        for t in &temps {
            assert!(
                t.exists(),
                "{signal}: the hook announced {t:?}, which is not there"
            );
            assert_eq!(t.parent(), Some(out.as_path()));
        }
        send(signal, &child);
        let status = wait(&mut child);
        assert_eq!(status.code(), Some(code), "SIG{signal}");
        let said: Vec<String> = lines.try_iter().collect();
        assert!(
            said.iter()
                .any(|l| l == &format!("stopped by SIG{signal}; 2 temporary files removed")),
            "SIG{signal}: {said:?}"
        );
        let mut left = leftovers(&out);
        left.sort();
        assert_eq!(left, ["r.txt"], "SIG{signal} left files behind");
        assert_eq!(
            std::fs::read_to_string(out.join("r.txt")).unwrap(),
            "earlier"
        );
    }
}

#[test]
fn temporary_files_of_a_killed_run_go_with_the_next_run() {
    let dir = tempdir();
    let input = dir.path().join("r.yaml");
    std::fs::copy(SAMPLE, &input).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let (mut child, temps, _lines) = start_paused(&input, &out);
    // SIGKILL cannot be handled: the temporary files stay behind.
    send("KILL", &child);
    assert_eq!(wait(&mut child).code(), None);
    assert!(temps.iter().all(|t| t.exists()));
    let o = bin()
        .args([
            "build",
            input.to_str().unwrap(),
            "--format",
            "text",
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let mut left = leftovers(&out);
    left.sort();
    assert_eq!(left, ["r.txt"]);
}
