//! Under the default `--lang zh`, every failure reaches the clerk as a diagnostic in Chinese:
//! `错误[code]: …`, with a hint, and no English sentence (the operating system's English
//! error texts included). With `--message-format json` the same failures come as JSON lines.
//!
//! The rule for "no English sentence": an English sentence has at least three words of Latin
//! letters in a row. The output is cut at every character that is not ASCII (Chinese text and
//! full-width punctuation) and at ASCII spaces; a word is a piece made only of ASCII letters,
//! with at most sentence punctuation or brackets around it. Paths, file names, flags, codes
//! and values (`/tmp/x/r.yaml`, `--font`, `[unknown-key]`, `U+0F56`, `body=x.ttf`) hold
//! `/ . - _ = [` or digits and are not words. Text in quotes (“…”, `…`) is a name the clerk
//! wrote or a font's own name, and is left out.

mod common;

use common::{stderr, write, SAMPLE};

use std::path::Path;
use std::process::{Command, Output};

/// Messages in the default language, as a clerk sees them.
fn gongwen(args: &[&str]) -> Output {
    common::bin().args(args).output().expect("run gongwen")
}

fn without_quotes(text: &str) -> String {
    let mut out = String::new();
    let mut closing: Option<char> = None;
    for c in text.chars() {
        match closing {
            Some(end) if c == end => closing = None,
            Some(_) => {}
            None => match c {
                '“' => closing = Some('”'),
                '`' => closing = Some('`'),
                _ => out.push(c),
            },
        }
    }
    out
}

/// Runs of three or more English words (see the module documentation).
fn english_runs(text: &str) -> Vec<String> {
    let is_word = |t: &str| {
        let core = t.trim_matches(|c: char| ",.:;!?()'\"".contains(c));
        !core.is_empty() && core.chars().all(|c| c.is_ascii_alphabetic())
    };
    let mut runs = Vec::new();
    for piece in without_quotes(text).split(|c: char| !c.is_ascii()) {
        let mut run: Vec<&str> = Vec::new();
        for token in piece.split_ascii_whitespace().chain([""]) {
            if is_word(token) {
                run.push(token);
            } else {
                if run.len() >= 3 {
                    runs.push(run.join(" "));
                }
                run.clear();
            }
        }
    }
    runs
}

/// The failure is a Chinese diagnostic with the given code, and no English sentence.
fn assert_chinese(o: &Output, code: &str) {
    let err = stderr(o);
    assert!(
        err.contains(&format!("错误[{code}]")),
        "expected {code}:\n{err}"
    );
    assert!(err.contains("提示: "), "no hint:\n{err}");
    let runs = english_runs(&err);
    assert!(
        runs.is_empty(),
        "English in the Chinese output: {runs:?}\n{err}"
    );
}

#[test]
fn the_rule_finds_english_and_passes_paths_and_codes() {
    assert_eq!(
        english_runs("错误：无法读取 x：No such file or directory (os error 2)"),
        ["No such file or directory (os error"]
    );
    assert!(english_runs(
        "错误[bad-font-option]: --font body：请写成 角色=字体\n  --> /tmp/a b/r.yaml:3:5 (位置 fonts.body)"
    )
    .is_empty());
    assert!(english_runs("改用内置替代字体“Noto Serif CJK SC Bold”").is_empty());
}

#[test]
fn usage_failures_are_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();

    let o = gongwen(&["build", SAMPLE, "--format", "odt", "-o", out]);
    assert_eq!(o.status.code(), Some(2));
    assert_chinese(&o, "unknown-format");

    let blocker = write(dir.path(), "file", "x");
    let o = gongwen(&[
        "build",
        SAMPLE,
        "--format",
        "text",
        "-o",
        &format!("{blocker}/out"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_chinese(&o, "cannot-create-folder");

    let o = gongwen(&["check", "no/such/report.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_chinese(&o, "unreadable");

    for spec in ["body", "footer=仿宋"] {
        let o = gongwen(&["build", SAMPLE, "--font", spec, "-o", out]);
        assert_eq!(o.status.code(), Some(2));
        assert_chinese(&o, "bad-font-option");
    }

    let o = gongwen(&["check", SAMPLE, "--font", "body=/no/such/font.ttf"]);
    assert_eq!(o.status.code(), Some(2));
    assert_chinese(&o, "font-file-not-found");

    let not_a_font = write(dir.path(), "broken.ttf", "not a font at all");
    let o = gongwen(&["check", SAMPLE, "--font", &format!("title={not_a_font}")]);
    assert_eq!(o.status.code(), Some(2));
    assert_chinese(&o, "font-unreadable");

    // An output that would overwrite its input.
    let f = write(dir.path(), "r.txt", "title: 报告\nbody: [正文。]\n");
    let o = gongwen(&[
        "build",
        &f,
        "--format",
        "text",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_chinese(&o, "overwrites-input");
    assert!(!Path::new(out).exists());
}

#[test]
fn a_write_that_fails_half_way_is_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // A file-size limit of 4 KiB makes the write fail half way (SIGXFSZ ignored, so the
    // process sees the error).
    let o = Command::new("bash")
        .args(["-c", "trap '' XFSZ; ulimit -f 4; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_gongwen"))
        .args([
            "build",
            SAMPLE,
            "--format",
            "text",
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_chinese(&o, "cannot-write");
}

#[test]
fn input_failures_are_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "r.yaml", "title: 报告\nbody: []\nsignatur: x\n");
    let o = gongwen(&["check", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert_chinese(&o, "unknown-key");

    // A red head of twelve issuers: the layout refuses it when it fills the first page. Only
    // asserted while it does (a later layout may fit it).
    let names: String = (1..=12)
        .map(|n| format!("    - 第{n}县人民政府\n"))
        .collect();
    let f = write(
        dir.path(),
        "tall.yaml",
        &format!("head:\n  issuers:\n{names}title: 联合通知\nbody:\n  - 正文。\n"),
    );
    let o = gongwen(&["check", "--bundled-fonts", &f]);
    if o.status.code() != Some(0) {
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let err = stderr(&o);
        let runs = english_runs(&err);
        assert!(runs.is_empty(), "{runs:?}\n{err}");
        assert!(err.contains("错误["), "{err}");
    }
}

#[test]
fn font_and_glyph_warnings_are_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "r.yaml",
        "title: 报告\nfonts: {body: 仿宋_GB2312}\nbody:\n  - 表情😀，张喆。\nsignature:\n  issuers: 某县人民政府\n  date: 2025-12-31\n",
    );
    let o = gongwen(&[
        "check",
        "--bundled-fonts",
        "--font",
        "title=No Such Face",
        &f,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    for code in ["font-not-found", "missing-glyph", "fallback-glyph"] {
        assert!(err.contains(&format!("警告[{code}]")), "{code}:\n{err}");
    }
    let runs = english_runs(&err);
    assert!(runs.is_empty(), "{runs:?}\n{err}");
}

#[test]
fn import_failures_are_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let o = gongwen(&["import", dir.path().join("none.txt").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_chinese(&o, "unreadable");

    let f = write(dir.path(), "latin1.txt", "");
    std::fs::write(&f, [0xc4, 0xe3, 0xba, 0xc3, 0xff]).unwrap();
    let o = gongwen(&["import", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert_chinese(&o, "not-utf8");

    let f = write(dir.path(), "old.doc", "");
    std::fs::write(&f, [0xD0, 0xCF, 0x11, 0xE0, 0, 0]).unwrap();
    let o = gongwen(&["import", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert_chinese(&o, "old-word-file");

    let f = write(dir.path(), "broken.docx", "PK\x03\x04 not really");
    let o = gongwen(&[
        "import",
        &f,
        "-o",
        dir.path().join("b.yaml").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_chinese(&o, "not-docx");

    let f = write(dir.path(), "ok.txt", "报告\n\n正文。\n");
    write(dir.path(), "ok.yaml", "x");
    let o = gongwen(&["import", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert_chinese(&o, "output-exists");
}

#[test]
fn failures_are_json_lines_with_message_format_json() {
    let o = gongwen(&[
        "--message-format",
        "json",
        "build",
        SAMPLE,
        "--format",
        "odt",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let stdout = String::from_utf8(o.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(v["code"], "unknown-format");
    assert_eq!(v["severity"], "error");
    assert!(v["message"].as_str().unwrap().contains("odt"));
    assert!(v["help"].as_str().unwrap().contains("pdf"));

    let o = gongwen(&[
        "--message-format",
        "json",
        "check",
        SAMPLE,
        "--font",
        "body=/no/such/font.ttf",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let stdout = String::from_utf8(o.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(v["code"], "font-file-not-found");
}
