//! The command line as a clerk meets it: exit codes, messages, files written.

mod common;

use common::{bin, gongwen, stderr, tempdir, write, SAMPLE};

#[test]
fn check_accepts_the_sample() {
    let o = gongwen(&["check", SAMPLE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("40 indicators"), "{}", stderr(&o));
}

#[test]
fn check_rejects_a_misspelt_key_with_line_and_suggestion() {
    let dir = tempdir();
    let text = std::fs::read_to_string(SAMPLE)
        .unwrap()
        .replace("\nsignature:\n", "\nsignture:\n");
    let line = text.lines().position(|l| l == "signture:").unwrap() + 1;
    let f = write(dir.path(), "r.yaml", &text);
    let o = gongwen(&["check", &f]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("{f}:{line}:1")), "{err}");
    assert!(err.contains("unknown key `signture`"), "{err}");
    assert!(err.contains("did you mean `signature`?"), "{err}");
}

#[test]
fn check_rejects_a_file_that_is_not_yaml() {
    let dir = tempdir();
    let f = write(
        dir.path(),
        "r.yaml",
        "title: 报告\nbody:\n  - 第一段\n - 缩进错误\n",
    );
    let o = gongwen(&["check", &f]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("{f}:4:")), "{err}");
    assert!(err.contains("not valid YAML"), "{err}");
    // Not text at all.
    let p = dir.path().join("b.yaml");
    std::fs::write(&p, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let o = gongwen(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not UTF-8"), "{}", stderr(&o));
}

#[test]
fn json_messages_for_tools() {
    let dir = tempdir();
    let f = write(dir.path(), "r.yaml", "title: 报告\nbody: []\nsignatur: x\n");
    let o = gongwen(&["check", "--message-format", "json", &f]);
    assert_eq!(o.status.code(), Some(1));
    let line = String::from_utf8(o.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert_eq!(v["code"], "unknown-key");
    assert_eq!(v["line"], 3);
}

#[test]
fn build_text_reproduces_the_sample() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let o = gongwen(&[
        "build",
        SAMPLE,
        "--format",
        "text",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = std::fs::read_to_string(out.join("purang-2025.txt")).unwrap();
    let published = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/purang-2025.published.txt"
    ))
    .unwrap();
    let (meta, rest) = published.split_at(published.match_indices('\n').nth(6).unwrap().0);
    let expected = format!(
        "{meta}{}",
        rest.replace(',', "，")
            .replace('(', "（")
            .replace(')', "）")
    );
    assert_eq!(written, expected);
    // Only the asked format is written.
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
}

#[test]
fn bad_input_writes_nothing() {
    let dir = tempdir();
    let f = write(
        dir.path(),
        "r.yaml",
        "title: 报告\nbody:\n  - 共{3件|a}。\n",
    );
    let out = dir.path().join("out");
    let o = gongwen(&["build", &f, "--format", "text", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("unnamed-indicator"), "{}", stderr(&o));
    assert!(!out.join("r.txt").exists());
}

#[test]
fn usage_errors_exit_2() {
    let o = gongwen(&["build", SAMPLE, "--format", "odt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown format `odt`"),
        "{}",
        stderr(&o)
    );
    let o = gongwen(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    // A file that is not there is a usage error too, with the file named.
    let o = gongwen(&["check", "no/such/report.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read no/such/report.yaml"),
        "{}",
        stderr(&o)
    );
    // An output that would overwrite the input is refused.
    let dir = tempdir();
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
    assert!(
        stderr(&o).contains("would overwrite an input"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&f).unwrap(),
        "title: 报告\nbody: [正文。]\n"
    );
}

#[test]
fn messages_are_chinese_by_default() {
    let dir = tempdir();
    let f = write(dir.path(), "r.yaml", "title: 报告\nbody: []\nsignatur: x\n");
    let o = bin().args(["check", &f]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("错误[unknown-key]: 未知的键 `signatur`"),
        "{err}"
    );
    assert!(err.contains(&format!("--> {f}:3:1")), "{err}");
    assert!(err.contains("提示: 是否应为 `signature`？"), "{err}");
    let o = bin().args(["check", SAMPLE]).output().unwrap();
    assert!(
        stderr(&o).contains("通过（13 个层次，40 个指标）"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn schema_help_and_version() {
    let o = gongwen(&["schema"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["title"], "gongwen 报告");
    let o = gongwen(&["--help"]);
    let help = String::from_utf8(o.stdout).unwrap();
    assert!(
        help.contains("Examples:") && help.contains("gongwen build input/report.yaml"),
        "{help}"
    );
    let o = gongwen(&["--version"]);
    assert_eq!(
        String::from_utf8(o.stdout).unwrap().trim(),
        format!("gongwen {}", env!("CARGO_PKG_VERSION"))
    );
}
