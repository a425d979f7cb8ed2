//! A font the report names but this machine lacks, and characters no font has: `check` says
//! so with the place in the YAML, `check --deny-warnings` fails, and `build` still writes
//! every file (with the substitute face, as the README promises).

mod common;

use common::{stderr, write};

use std::path::Path;
use std::process::Output;

use gongwen::fonts::{FontOptions, FontSet, Role};

/// Messages in the default language (Chinese).
fn gongwen(args: &[&str]) -> Output {
    common::bin().args(args).output().expect("run gongwen")
}

/// The JSON lines of `--message-format json`.
fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Builds into a fresh folder under `dir`, returning the run and the names written.
fn build(dir: &Path, file: &str, extra: &[&str]) -> (Output, Vec<String>) {
    let out = dir.join("out");
    let _ = std::fs::remove_dir_all(&out);
    let mut args = vec!["build", file, "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = gongwen(&args);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    (o, names)
}

const ALL_FILES: [&str; 5] = ["r.docx", "r.ofd", "r.pdf", "r.txt", "r.xlsx"];

const SIGNED: &str = "signature:\n  issuers: 某县人民政府\n  date: 2025-12-31\n";

#[test]
fn a_named_font_that_is_not_installed_falls_back_with_a_located_warning() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!("title: 报告\nfonts: {{body: 仿宋_GB2312}}\nbody:\n  - 正文。\n{SIGNED}");
    let f = write(dir.path(), "r.yaml", &yaml);
    // Line 2, the value after `body: ` (column 15, counted in characters).
    let column = "fonts: {body: ".chars().count() + 1;

    let o = gongwen(&["check", "--bundled-fonts", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("警告[font-not-found]"), "{err}");
    assert!(err.contains("仿宋_GB2312"), "{err}");
    assert!(
        err.contains(&format!("{f}:2:{column} (位置 fonts.body)")),
        "{err}"
    );
    assert!(err.contains("通过（"), "{err}");

    let o = gongwen(&["check", "--bundled-fonts", "--message-format", "json", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines = json_lines(&o);
    let w = lines
        .iter()
        .find(|v| v["code"] == "font-not-found")
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert_eq!(w["severity"], "warning");
    assert_eq!(
        (w["line"].as_u64(), w["column"].as_u64()),
        (Some(2), Some(column as u64))
    );
    assert_eq!(w["path"], "fonts.body");
    assert_eq!(w["file"], f.as_str());

    let o = gongwen(&["check", "--bundled-fonts", "--deny-warnings", &f]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));

    let (o, written) = build(dir.path(), &f, &["--bundled-fonts"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(written, ALL_FILES);
    assert!(stderr(&o).contains("font-not-found"), "{}", stderr(&o));
}

#[test]
fn a_font_option_name_that_is_not_installed_says_it_came_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "r.yaml",
        &format!("title: 报告\nbody:\n  - 正文。\n{SIGNED}"),
    );
    let o = gongwen(&[
        "--lang=en",
        "check",
        "--bundled-fonts",
        "--font",
        "title=No Such Face",
        &f,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("warning[font-not-found]: --font title=No Such Face: no font named"),
        "{err}"
    );
    assert!(err.contains("using the bundled substitute"), "{err}");
    let o = gongwen(&[
        "check",
        "--bundled-fonts",
        "--deny-warnings",
        "--font",
        "title=No Such Face",
        &f,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let (o, written) = build(
        dir.path(),
        &f,
        &["--bundled-fonts", "--font", "title=No Such Face"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(written, ALL_FILES);
}

#[test]
fn a_font_file_that_does_not_exist_is_a_usage_error_in_check_and_build() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "r.yaml",
        &format!("title: 报告\nbody:\n  - 正文。\n{SIGNED}"),
    );
    let missing = dir.path().join("no/such/font.ttf");
    let spec = format!("body={}", missing.display());
    let out = dir.path().join("out");
    let runs = [
        ("check", gongwen(&["check", "--font", &spec, &f])),
        (
            "build",
            gongwen(&["build", "--font", &spec, &f, "-o", out.to_str().unwrap()]),
        ),
    ];
    for (command, o) in runs {
        assert_eq!(o.status.code(), Some(2), "{command}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("错误[font-file-not-found]"), "{err}");
        assert!(err.contains("--font body="), "{err}");
    }
    assert!(!out.exists(), "build wrote files");

    // The same path written in the report: the error points to the line.
    let yaml = format!(
        "title: 报告\nfonts:\n  body: {}\nbody:\n  - 正文。\n{SIGNED}",
        missing.display()
    );
    let f = write(dir.path(), "p.yaml", &yaml);
    let o = gongwen(&["check", &f]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{f}:3:9 (位置 fonts.body)")),
        "{}",
        stderr(&o)
    );
    let (o, written) = build(dir.path(), &f, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(written.is_empty(), "{written:?}");
}

#[test]
fn characters_no_font_has_are_reported_by_check_and_do_not_stop_build() {
    let fonts = FontSet::resolve(&FontOptions::bundled_only()).unwrap();
    // (paragraph, the character to be reported): an emoji, CJK Extension B and a private-use
    // character. Extension B is only tested while the bundled faces lack it. (Tibetan has its
    // bundled face: tests/tibetan.rs.)
    let mut cases = vec![("表情😀。", '😀'), ("私用\u{E000}字。", '\u{E000}')];
    if fonts.face_for_char(Role::Body, '𠀀').is_none() {
        cases.push(("生僻𠀀字。", '𠀀'));
    } else {
        eprintln!("the bundled faces have U+20000: Extension B not tested");
    }
    let mut yaml = String::from("title: 报告\nbody:\n");
    for (p, _) in &cases {
        yaml.push_str(&format!("  - {p}\n"));
    }
    yaml.push_str(SIGNED);
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "r.yaml", &yaml);

    let o = gongwen(&["check", "--bundled-fonts", "--message-format", "json", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines = json_lines(&o);
    for (i, (_, c)) in cases.iter().enumerate() {
        let code = format!("U+{:04X}", *c as u32);
        let w = lines
            .iter()
            .find(|v| {
                v["code"] == "missing-glyph" && v["message"].as_str().unwrap().contains(&code)
            })
            .unwrap_or_else(|| panic!("{code} not reported: {lines:?}"));
        assert_eq!(w["severity"], "warning");
        assert_eq!(w["line"].as_u64(), Some(3 + i as u64), "{w}");
        assert_eq!(w["path"], format!("body[{i}]"));
    }
    // The human form names the file and line too.
    let o = gongwen(&["check", "--bundled-fonts", &f]);
    assert!(stderr(&o).contains(&format!("{f}:3:5")), "{}", stderr(&o));

    let o = gongwen(&["check", "--bundled-fonts", "--deny-warnings", &f]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));

    let (o, written) = build(dir.path(), &f, &["--bundled-fonts"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(written, ALL_FILES);
}

#[test]
fn a_character_missing_in_the_head_or_the_note_is_reported_too() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!(
        "head:\n  issuers: 某县人民政府\n  doc_number: 某政发〔2026〕1号\naddressee: 各乡😀镇\ntitle: 报告\nbody:\n  - 正文。\n{SIGNED}note: 附注\u{E001}。\n"
    );
    let f = write(dir.path(), "r.yaml", &yaml);
    let o = gongwen(&["check", "--bundled-fonts", "--message-format", "json", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines = json_lines(&o);
    let at = |code: &str| {
        lines
            .iter()
            .find(|v| v["code"] == "missing-glyph" && v["message"].as_str().unwrap().contains(code))
            .map(|v| v["path"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(at("U+1F600").as_deref(), Some("addressee"), "{lines:?}");
    assert_eq!(at("U+E001").as_deref(), Some("note"), "{lines:?}");
}
