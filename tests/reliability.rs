//! Whatever a clerk writes, gongwen answers in bounded time with a message, and never leaves a
//! broken or half-written file.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{bin, gongwen, stderr, tempdir, JOINT, ROOT, SAMPLE};

/// Runs `check` on `text` and returns the exit code, stderr and how long it took.
fn check_text(text: &str) -> (Option<i32>, String, Duration) {
    let dir = tempdir();
    let f = dir.path().join("r.yaml");
    std::fs::write(&f, text).unwrap();
    let t = Instant::now();
    let o = gongwen(&["check", f.to_str().unwrap()]);
    (o.status.code(), stderr(&o), t.elapsed())
}

#[test]
fn alias_bomb_is_refused_quickly() {
    let mut y = String::from("title: x\nbody:\n  - points: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for i in 1..12 {
        y.push_str(&format!(
            "  - points: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 8].join(", ")
        ));
    }
    let (code, err, took) = check_text(&y);
    assert_eq!(code, Some(1), "{err}");
    // Refused by the alias budget before anything expands, at the alias that crosses it.
    assert!(err.contains("error[alias-expansion]"), "{err}");
    assert!(err.contains("r.yaml:8:"), "{err}");
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn deep_nesting_is_refused() {
    let (code, err, took) = check_text(&format!(
        "title: x\nbody: {}{}\n",
        "[".repeat(1000),
        "]".repeat(1000)
    ));
    assert_eq!(code, Some(1));
    assert!(err.contains("error["), "{err}");
    assert!(took < Duration::from_secs(10));
    // A thousand levels of sections: refused with the four-level rule or the depth limit.
    let mut y = String::from("title: x\nbody:\n");
    let mut indent = String::from("  ");
    for _ in 0..1000 {
        y.push_str(&format!("{indent}- heading: 标题\n{indent}  body:\n"));
        indent.push_str("    ");
    }
    y.push_str(&format!("{indent}- 正文。\n"));
    let (code, err, took) = check_text(&y);
    assert_eq!(code, Some(1));
    assert!(err.contains("error[too-deep]"), "{err}");
    assert!(took < Duration::from_secs(20), "{took:?}");
}

#[test]
fn a_huge_file_is_refused() {
    let line = format!("  - {}\n", "字".repeat(1000));
    let text = format!("title: x\nbody:\n{}", line.repeat(7000));
    assert!(text.len() > 20_000_000);
    let (code, err, took) = check_text(&text);
    assert_eq!(code, Some(1));
    assert!(err.contains("error[too-large]: the file is 20 MB"), "{err}");
    assert!(took < Duration::from_secs(10));
}

#[test]
fn a_very_long_paragraph_is_fine() {
    // 100,000 characters in one paragraph, built in every format.
    let para = "这是一个很长的段落，其中写到2025年和（2021-2025）。".repeat(4000);
    assert!(para.chars().count() >= 100_000);
    let dir = tempdir();
    let f = dir.path().join("r.yaml");
    std::fs::write(&f, format!("title: 报告\nbody:\n  - {para}\n")).unwrap();
    let out = dir.path().join("out");
    let t = Instant::now();
    let o = gongwen(&[
        "build",
        f.to_str().unwrap(),
        "--bundled-fonts",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(t.elapsed() < Duration::from_secs(60), "{:?}", t.elapsed());
    for ext in ["pdf", "docx", "xlsx", "txt", "ofd"] {
        assert!(
            out.join(format!("r.{ext}")).metadata().unwrap().len() > 0,
            "{ext}"
        );
    }
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_failed_write_leaves_the_previous_output_and_no_temporary_file() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let input = dir.path().join("r.yaml");
    std::fs::copy(SAMPLE, &input).unwrap();
    let o = gongwen(&[
        "build",
        input.to_str().unwrap(),
        "--format",
        "text",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = std::fs::read(out.join("r.txt")).unwrap();
    assert!(before.len() > 8192);

    // Change the report, then build again with a file-size limit of 4 KiB: the write fails
    // half way through (the process ignores SIGXFSZ, so it sees the error instead of dying).
    let text = std::fs::read_to_string(SAMPLE)
        .unwrap()
        .replace("收官之年", "收官年份");
    std::fs::write(&input, text).unwrap();
    let o = Command::new("bash")
        .args(["-c", "trap '' XFSZ; ulimit -f 4; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_gongwen"))
        .args([
            "--lang=en",
            "build",
            input.to_str().unwrap(),
            "--format",
            "text",
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(out.join("r.txt")).unwrap(),
        before,
        "the previous output changed"
    );
    assert!(
        temp_files(&out).is_empty(),
        "left behind: {:?}",
        temp_files(&out)
    );
}

#[test]
fn an_unwritable_output_folder_is_reported() {
    let dir = tempdir();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    let out = blocker.join("out");
    let o = gongwen(&[
        "build",
        SAMPLE,
        "--format",
        "text",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot create the output folder"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));
}

/// Every input the fuzzer ever crashed on, and the seeds, go through the whole pipeline.
#[test]
fn fuzz_regressions_do_not_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut n = 0;
    for dir in ["seeds", "regressions"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() && path.file_name().is_some_and(|n| n != ".gitkeep") {
                gongwen::pipeline_for_fuzzing(&std::fs::read(&path).unwrap());
                n += 1;
            }
        }
    }
    assert!(n >= 2, "no fuzz inputs found");
}

/// A small, deterministic stand-in for a fuzz run: the sample cut short at many places and
/// with bytes flipped, each through the whole pipeline.
#[test]
fn damaged_samples_do_not_panic() {
    let sample = std::fs::read(SAMPLE).unwrap();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for i in 0..24 {
        let cut = (next() as usize) % sample.len();
        gongwen::pipeline_for_fuzzing(&sample[..cut]);
        let mut flipped = sample.clone();
        for _ in 0..=(i % 4) {
            let at = (next() as usize) % flipped.len();
            flipped[at] = b"{}|:-#\n \t[]&*!"[(next() as usize) % 14];
        }
        gongwen::pipeline_for_fuzzing(&flipped);
    }
}

#[cfg(unix)]
#[test]
fn outputs_are_readable_by_others() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let o = gongwen(&[
        "build",
        SAMPLE,
        "--format",
        "text",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let mode = std::fs::metadata(dir.path().join("purang-2025.txt"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);
}

/// Byte-identical outputs whatever the clock, time zone, locale, working directory or the
/// order of the files on the command line.
#[test]
fn outputs_are_reproducible() {
    let joint = JOINT;
    let build = |dir: &Path, env: &[(&str, &str)], inputs: [&str; 2], cwd: &Path| {
        let o = bin()
            .args(["build", inputs[0], inputs[1], "-o", dir.to_str().unwrap()])
            .envs(env.iter().copied())
            .current_dir(cwd)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    };
    let (a, b) = (tempdir(), tempdir());
    build(
        a.path(),
        &[("TZ", "UTC"), ("LC_ALL", "C")],
        [SAMPLE, joint],
        Path::new(ROOT),
    );
    std::thread::sleep(Duration::from_millis(1100));
    build(
        b.path(),
        &[
            ("TZ", "Asia/Shanghai"),
            ("LC_ALL", "zh_CN.UTF-8"),
            ("SOURCE_DATE_EPOCH", "1700000000"),
        ],
        [joint, SAMPLE],
        b.path(),
    );
    let mut compared = 0;
    for entry in std::fs::read_dir(a.path()).unwrap() {
        let name = entry.unwrap().file_name();
        let (x, y) = (
            std::fs::read(a.path().join(&name)).unwrap(),
            std::fs::read(b.path().join(&name)).unwrap(),
        );
        assert!(
            x == y,
            "{} differs between the two builds",
            name.to_string_lossy()
        );
        compared += 1;
    }
    assert_eq!(compared, 10, "both reports in all five formats");
}

/// A report without any date takes SOURCE_DATE_EPOCH for its metadata, never the clock.
#[test]
fn undated_report_uses_source_date_epoch() {
    let dir = tempdir();
    let f = dir.path().join("r.yaml");
    std::fs::write(&f, "title: 报告\nbody:\n  - 正文。\n").unwrap();
    let run = |epoch: &str, out: &str| {
        let out = dir.path().join(out);
        let o = bin()
            .args([
                "build",
                f.to_str().unwrap(),
                "--format",
                "docx,xlsx,pdf",
                "-o",
                out.to_str().unwrap(),
            ])
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        out
    };
    let (a, b, c) = (
        run("1767225600", "a"),
        run("1767225600", "b"),
        run("1700000000", "c"),
    );
    for name in ["r.docx", "r.xlsx", "r.pdf"] {
        let (x, y, z) = (
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
            std::fs::read(c.join(name)).unwrap(),
        );
        assert_eq!(x, y, "{name}: same epoch, different bytes");
        assert_ne!(x, z, "{name}: the epoch does not reach the file's date");
    }
}
