//! A report whose text has a character the GB 2312 faces lack (喆) and one no face has (a
//! private-use code point) still builds; the first prints from the fallback face, the
//! second is reported with its place in the YAML.

mod common;

use common::bin;

fn pdftotext(pdf: &std::path::Path) -> String {
    common::pdftotext_file(pdf, &[])
}

#[test]
fn rare_and_missing_characters() {
    let dir = common::tempdir();
    let f = dir.path().join("r.yaml");
    std::fs::write(
        &f,
        "title: 关于表彰张喆同志的报告\nbody:\n  - 张喆同志工作认真。\n  - 特殊符号\u{E000}无字形。\nsignature:\n  issuers: 某县人民政府\n  date: 2025-12-31\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = bin()
        .args([
            "--lang=en",
            "build",
            f.to_str().unwrap(),
            "--format",
            "pdf",
            "--bundled-fonts",
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    // The private-use character: named, with its line and column.
    assert!(
        err.contains("warning[missing-glyph]: no font has the character \u{E000} (U+E000)"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:4:5 (at body[1])", f.display())),
        "{err}"
    );
    // 喆: printed from the fallback face, and said so, for the title and the paragraph.
    assert!(
        err.contains("warning[fallback-glyph]: 喆 (U+5586) is not in the title font"),
        "{err}"
    );
    assert!(
        err.contains("喆 (U+5586) is not in the body font; it is printed from Noto Serif CJK SC"),
        "{err}"
    );
    let text = pdftotext(&out.join("r.pdf"));
    assert!(text.contains("张喆同志工作认真"), "{text}");
    // `gongwen fonts --check` fails on the missing character.
    let o = bin()
        .args([
            "--lang=en",
            "fonts",
            "--bundled-fonts",
            "--check",
            f.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("U+E000"));
}
