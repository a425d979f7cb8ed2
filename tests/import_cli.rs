//! `gongwen import` as a clerk runs it: default output name, no silent overwrite, the
//! punctuation summary on stderr, and a YAML that `gongwen build` takes.

mod common;

use std::process::Output;

use common::{stderr, tempdir};

const SAMPLE_TXT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/purang-2025.published.txt"
);

/// Without `--lang`: these tests choose the language of the messages themselves.
fn gongwen(args: &[&str]) -> Output {
    common::bin().args(args).output().expect("run gongwen")
}

#[test]
fn import_writes_beside_the_input_and_never_overwrites_silently() {
    let dir = tempdir();
    let txt = dir.path().join("普兰2025.txt");
    std::fs::copy(SAMPLE_TXT, &txt).unwrap();
    let yaml = dir.path().join("普兰2025.yaml");

    let o = gongwen(&["--lang", "en", "import", txt.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("punctuation: 160 half-width marks"), "{err}");
    assert!(err.contains(", → ，   132"), "{err}");
    assert!(
        err.contains("13 sections, 40 indicators, 0 warnings"),
        "{err}"
    );
    let first = std::fs::read(&yaml).unwrap();

    // A second run refuses, and leaves the file alone.
    std::fs::write(&yaml, "edited by hand\n").unwrap();
    let o = gongwen(&["import", txt.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&yaml).unwrap(), "edited by hand\n");

    let o = gongwen(&["import", txt.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&yaml).unwrap(),
        first,
        "same input, same bytes"
    );

    // -o names the output; build takes it and prints the published text back.
    let other = dir.path().join("r.yaml");
    let o = gongwen(&[
        "import",
        txt.to_str().unwrap(),
        "-o",
        other.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("out");
    let o = gongwen(&[
        "build",
        other.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "text",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(out.join("r.txt")).unwrap();
    let sample = std::fs::read_to_string(SAMPLE_TXT).unwrap();
    assert_eq!(text.lines().count(), sample.lines().count());
    assert_eq!(text.lines().nth(1), Some("- 索引号:pnx/2026-00010"));
}

#[test]
fn import_refuses_what_it_cannot_read() {
    let dir = tempdir();
    let doc = dir.path().join("old.doc");
    std::fs::write(&doc, [0xD0, 0xCF, 0x11, 0xE0, 0, 0]).unwrap();
    let o = gongwen(&["--lang", "en", "import", doc.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("save it as .docx"), "{}", stderr(&o));
    let gbk = dir.path().join("gbk.txt");
    std::fs::write(&gbk, [0xB1, 0xA8, 0xB8, 0xE6]).unwrap();
    let o = gongwen(&["import", gbk.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("UTF-8"), "{}", stderr(&o));
    assert!(!dir.path().join("gbk.yaml").exists());
}
