//! `gongwen check` passing means `gongwen build` succeeds: check resolves the fonts and
//! renders every format in memory, so it meets whatever build would meet. For each input the
//! two commands end with the same exit code, and a failing report writes no file.

mod common;

use common::{gongwen, stderr};

use std::path::Path;

const INPUT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/input");

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

const SIGNED: &str = "signature:\n  issuers: 某县人民政府\n  date: 2025-12-31\n";

/// A joint notice of twelve issuers: a red head that tall is what the layout may refuse.
fn twelve_issuers() -> String {
    let names: Vec<String> = (1..=12).map(|n| format!("第{n}县人民政府")).collect();
    let list = |indent: &str| {
        names
            .iter()
            .map(|n| format!("{indent}- {n}\n"))
            .collect::<String>()
    };
    format!(
        "head:\n  issuers:\n{}  doc_number: 某政发〔2026〕1号\ntitle: 关于联合开展法治政府建设工作的通知\nbody:\n  - 各有关单位要认真落实。\nsignature:\n  issuers:\n{}  date: 2026-01-12\n",
        list("    "),
        list("    ")
    )
}

/// (name, YAML, what check should answer: Some(code) when the case is meant to pass or fail
/// in a known way; None when only the agreement with build is asserted).
fn cases() -> Vec<(&'static str, String, Option<i32>)> {
    let read = |f: &str| std::fs::read_to_string(Path::new(INPUT).join(f)).unwrap();
    vec![
        ("purang-2025", read("purang-2025.yaml"), Some(0)),
        ("joint-notice", read("joint-notice.yaml"), Some(0)),
        (
            "font-not-installed",
            format!("title: 报告\nfonts: {{body: 仿宋_GB2312}}\nbody:\n  - 正文。\n{SIGNED}"),
            Some(0),
        ),
        (
            "glyphs",
            format!("title: 报告\nbody:\n  - 藏文བོད་ཡིག。\n  - 表情😀。\n  - 生僻𠀀字。\n  - 私用\u{E000}字。\n{SIGNED}"),
            Some(0),
        ),
        ("twelve-issuers", twelve_issuers(), None),
        (
            "unknown-key",
            "title: 报告\nbody:\n  - 正文。\nsignatur: x\n".to_string(),
            Some(1),
        ),
        (
            "font-file-missing",
            format!("title: 报告\nfonts:\n  body: no/such/font.ttf\nbody:\n  - 正文。\n{SIGNED}"),
            Some(2),
        ),
    ]
}

#[test]
fn check_and_build_agree() {
    let dir = tempfile::tempdir().unwrap();
    for (name, yaml, expected) in cases() {
        let f = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&f, yaml).unwrap();
        let f = f.to_str().unwrap();
        let check = gongwen(&["check", "--bundled-fonts", f]);
        let out = dir.path().join(format!("out-{name}"));
        let build = gongwen(&["build", "--bundled-fonts", f, "-o", out.to_str().unwrap()]);
        let (c, b) = (check.status.code(), build.status.code());
        eprintln!("{name}: check {c:?}, build {b:?}");
        if let Some(e) = expected {
            assert_eq!(c, Some(e), "{name}: check\n{}", stderr(&check));
        }
        // check 0 ⇒ build 0, and build failing ⇒ check failing, with the same exit code.
        assert_eq!(
            c,
            b,
            "{name}: check and build disagree\ncheck:\n{}\nbuild:\n{}",
            stderr(&check),
            stderr(&build)
        );
        let written = files_in(&out);
        if b == Some(0) {
            assert_eq!(
                written.len(),
                gongwen::Format::ALL.len(),
                "{name}: {written:?}"
            );
        } else {
            // A report that fails writes none of its files.
            assert!(written.is_empty(), "{name}: {written:?}");
            // Whatever build reported as an error, check reported too.
            for line in stderr(&build).lines().filter(|l| l.starts_with("error[")) {
                assert!(
                    stderr(&check).contains(line),
                    "{name}: check did not report {line}\n{}",
                    stderr(&check)
                );
            }
        }
    }
}

#[test]
fn a_failing_report_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.yaml");
    std::fs::write(&good, format!("title: 报告\nbody:\n  - 正文。\n{SIGNED}")).unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "title: 报告\nbody:\n  - 共{3件|a}。\n").unwrap();
    let tall = dir.path().join("tall.yaml");
    std::fs::write(&tall, twelve_issuers()).unwrap();
    let out = dir.path().join("out");
    let o = gongwen(&[
        "build",
        "--bundled-fonts",
        bad.to_str().unwrap(),
        tall.to_str().unwrap(),
        good.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let written = files_in(&out);
    for ext in ["pdf", "docx", "xlsx", "txt", "ofd"] {
        assert!(written.contains(&format!("good.{ext}")), "{written:?}");
        assert!(!written.contains(&format!("bad.{ext}")), "{written:?}");
    }
    // The tall head either renders whole or not at all: never a partial set.
    let tall_files = written.iter().filter(|n| n.starts_with("tall.")).count();
    assert!(
        tall_files == 0 || tall_files == gongwen::Format::ALL.len(),
        "{written:?}"
    );

    // check goes through every report too and says which ones passed.
    let o = gongwen(&[
        "check",
        "--bundled-fonts",
        bad.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("{}: ok", good.display())),
        "{}",
        stderr(&o)
    );
}
