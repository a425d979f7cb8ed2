//! Inputs a clerk produces without meaning to: text pasted from elsewhere (folded lines,
//! tabs, control characters, non-characters), a font the machine lacks, a script no bundled
//! face covers, an unusually long joint head.
//!
//! The rule for every case: either `gongwen check` refuses it with a message naming the YAML
//! line and column, and `gongwen build` refuses it too and writes nothing; or check accepts
//! it and build writes every file, which LibreOffice, python-docx and qpdf open. Never
//! "check passes, build fails". Each case also asserts the outcome its issue asks for.
//!
//! Needs soffice (libreoffice-writer-nogui), qpdf, and python-docx for the `python3` on PATH
//! (`python3 -m pip install python-docx`); `.ci/run` installs them.

mod common;

use std::process::Command;

/// A small valid report with `body` as its body items (YAML lines indented by two) and
/// `before` in front of `title:`. The first body item is on line 3 + the lines of `before`.
fn report(before: &str, body: &str) -> String {
    format!(
        "{before}title: 某县2025年法治政府建设年度报告\nbody:\n{body}  - 第二段正文。\nsignature:\n  issuers: 某县人民政府\n  date: 2025-12-31\n"
    )
}

#[derive(Debug)]
enum Outcome {
    /// check and build refused it, with a located message.
    Rejected { check: String },
    /// check accepted it and build wrote every file, which other programs open.
    Built {
        check: String,
        build: String,
        text: String,
    },
}

/// True when `stderr` names `r.yaml:LINE:COLUMN` with the given line and a real column.
fn names_line(stderr: &str, line: usize) -> bool {
    let key = format!("r.yaml:{line}:");
    stderr.match_indices(&key).any(|(at, _)| {
        let col: String = stderr[at + key.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        col.parse::<usize>().is_ok_and(|c| c > 0)
    })
}

/// Runs check, then build (with `build_args`), and holds them to the rule. `line` is where
/// the hostile text stands, which a refusal must name.
fn outcome(yaml: &str, line: usize, build_args: &[&str]) -> Outcome {
    let check = common::check(yaml, &[]);
    let built = common::build(yaml, &[], build_args);
    if check.code != Some(0) {
        assert!(
            names_line(&check.stderr, line),
            "check refused the input (exit {:?}) without naming r.yaml:{line}:COLUMN:\n{}\n---\n{yaml}",
            check.code,
            check.stderr
        );
        assert!(
            built.code != Some(0) && built.files.is_empty(),
            "check refused the input but build exited {:?} and wrote {:?}:\n{}",
            built.code,
            built.files.keys().collect::<Vec<_>>(),
            built.stderr
        );
        return Outcome::Rejected {
            check: check.stderr,
        };
    }
    assert_eq!(
        built.code,
        Some(0),
        "check accepted the input but build failed:\n--- check:\n{}--- build:\n{}---\n{yaml}",
        check.stderr,
        built.stderr
    );
    let names: Vec<&str> = built.files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["r.docx", "r.ofd", "r.pdf", "r.txt", "r.xlsx"],
        "{}",
        built.stderr
    );
    opens_in_libreoffice(&built);
    opens_in_python_docx(&built.file("r.docx"));
    passes_qpdf(&built.file("r.pdf"));
    Outcome::Built {
        check: check.stderr,
        build: built.stderr,
        text: String::from_utf8(built.files["r.txt"].clone()).expect("UTF-8 text"),
    }
}

fn opens_in_libreoffice(built: &common::Run) {
    common::require("soffice", "libreoffice-writer-nogui");
    let dir = built.dir.path();
    let lo = dir.join("lo");
    // A profile of its own: LibreOffice instances sharing one refuse to run side by side.
    let o = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&lo)
        .arg(built.file("r.docx"))
        .output()
        .expect("run soffice");
    assert!(
        o.status.success() && lo.join("r.pdf").is_file(),
        "LibreOffice could not open the DOCX (exit {:?}):\n{}{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        common::stderr(&o)
    );
}

fn opens_in_python_docx(docx: &std::path::Path) {
    common::python_docx("import docx,sys; docx.Document(sys.argv[1])", docx);
}

fn passes_qpdf(pdf: &std::path::Path) {
    common::require("qpdf", "qpdf");
    let o = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("run qpdf");
    assert!(
        o.status.success(),
        "qpdf --check finds the PDF damaged (exit {:?}):\n{}{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        common::stderr(&o)
    );
}

fn expect_built(o: Outcome) -> (String, String, String) {
    match o {
        Outcome::Built { check, build, text } => (check, build, text),
        Outcome::Rejected { check } => {
            panic!("expected the input to build, check refused it:\n{check}")
        }
    }
}

fn expect_rejected(o: Outcome) -> String {
    match o {
        Outcome::Rejected { check } => check,
        Outcome::Built { check, .. } => {
            panic!("expected check to refuse the input with a located error, it passed:\n{check}")
        }
    }
}

#[test]
fn folded_plain_scalar_is_joined_without_a_space() {
    let yaml = report("", "  - 第一段，\n    接着写。\n");
    let (_, _, text) = expect_built(outcome(&yaml, 3, &[]));
    assert!(text.contains("第一段，接着写"), "{text}");
}

#[test]
fn literal_block_lines_are_joined() {
    let yaml = report("", "  - |\n    第一行，\n    第二行。\n");
    let (_, _, text) = expect_built(outcome(&yaml, 3, &[]));
    assert!(text.contains("第一行，第二行。"), "{text}");
}

#[test]
fn tab_inside_a_paragraph_builds() {
    let yaml = report("", "  - 第一段\t有制表符。\n");
    expect_built(outcome(&yaml, 3, &[]));
}

#[test]
fn escaped_line_break_builds() {
    let yaml = report("", "  - \"第一行\\n第二行。\"\n");
    expect_built(outcome(&yaml, 3, &[]));
}

#[test]
fn bell_character_is_a_located_error() {
    let yaml = report("", "  - \"响铃\\u0007字符。\"\n");
    let err = expect_rejected(outcome(&yaml, 3, &[]));
    assert!(err.contains("error"), "{err}");
}

#[test]
fn non_character_is_a_located_error() {
    let yaml = report("", "  - \"非字符\\uFFFE在此。\"\n");
    let err = expect_rejected(outcome(&yaml, 3, &[]));
    assert!(err.contains("error"), "{err}");
}

#[test]
fn absent_named_font_falls_back_with_a_warning() {
    let yaml = report("fonts:\n  body: 仿宋_GB2312\n", "  - 第一段正文。\n");
    let (_, build, _) = expect_built(outcome(&yaml, 2, &["--bundled-fonts"]));
    assert!(
        build.contains("warning") && build.contains("仿宋_GB2312"),
        "build should warn that 仿宋_GB2312 is absent and which face stands in:\n{build}"
    );
}

#[test]
fn tibetan_builds_with_its_bundled_face_and_no_glyph_warning() {
    let yaml = report("", "  - བོད་ཡིག་\n");
    let (check, build, text) = expect_built(outcome(&yaml, 3, &["--bundled-fonts"]));
    for out in [&check, &build] {
        assert!(!out.contains("missing-glyph"), "{out}");
        assert!(!out.contains("fallback-glyph"), "{out}");
    }
    assert!(text.contains("བོད་ཡིག་"), "{text}");
}

#[test]
fn twelve_joint_issuers_build_or_are_a_located_error() {
    let issuers: Vec<String> = (1..=12).map(|i| format!("某县第{i}局")).collect();
    let head = format!("head:\n  issuers: [{}]\n", issuers.join(", "));
    let yaml = report(&head, "  - 第一段正文。\n");
    match outcome(&yaml, 2, &[]) {
        Outcome::Rejected { check } => assert!(check.contains("error"), "{check}"),
        Outcome::Built { text, .. } => assert!(text.contains("第一段正文。"), "{text}"),
    }
}
