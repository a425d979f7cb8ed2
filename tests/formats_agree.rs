//! The PDF, the DOCX and the text export of one report say the same thing.
//!
//! What is compared, with all whitespace removed (each format breaks lines its own way):
//! - the PDF's text (pdftotext, page numbers `— N —` removed, a table header row the PDF
//!   repeats at the top of a following page removed) and the DOCX's text (every `w:t` of
//!   word/document.xml in document order) must be equal, character for character;
//! - the text export prints no head, no attachment pages and no 版记, and its website
//!   metadata lines are not printed by the others: what is left must be the unbroken span of
//!   the PDF's text that starts at the title.
//!
//! A difference is reported at its first character, with 40 characters around it in each.

mod common;

use std::path::Path;

fn agree(path: &Path) -> Result<(), String> {
    let r = common::report(path);
    common::formats_agree(&r).map_err(|e| format!("{}:\n{e}", path.display()))
}

#[test]
fn sample_formats_agree() {
    if let Err(e) = agree(&common::sample()) {
        panic!("{e}");
    }
}

#[test]
fn joint_notice_formats_agree() {
    if let Err(e) = agree(&common::joint()) {
        panic!("{e}");
    }
}

#[test]
fn fixture_reports_formats_agree() {
    let fixtures = common::yaml_fixtures();
    assert!(!fixtures.is_empty(), "no YAML fixture under tests/fixtures");
    let failures: Vec<String> = fixtures.iter().filter_map(|p| agree(p).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
