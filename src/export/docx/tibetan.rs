//! Tibetan in the DOCX: Word, WPS and LibreOffice treat Tibetan letters as complex script, so a
//! Tibetan run names its face in the complex-script slot (`w:cs`, with `w:hint="cs"`) and its
//! language in `w:lang/@w:bidi`. The bundled face is embedded (obfuscated, ECMA-376 §17.8.1)
//! so that a reader without a Tibetan face still shows the text; only a document with Tibetan
//! gets any of this, every other DOCX stays as it was.

use std::io::{Cursor, Write};

use docx_rs::{AlignmentType, Paragraph, Run, RunFonts};

use super::geometry::xml_text;
use crate::fonts::Role;
use crate::layout::tibetan::{is_tibetan, split};
use crate::style::Element;

/// The character style of Tibetan runs.
const STYLE: &str = "Tibetan";
/// A fixed key, so that the same report gives the same bytes.
const FONT_KEY: &str = "{62E79491-959F-41E9-B76B-6B32631DEA5C}";
const FONT_PART: &str = "word/fonts/font1.odttf";
const FONT_FILE: &[u8] = include_bytes!("../../../fonts/NotoSerifTibetan-Regular.tibt.ttf");

fn family() -> &'static str {
    Role::Tibetan.latin_family()
}

/// `text` as runs: `make` for the Chinese and Latin pieces, Tibetan pieces in the Tibetan face.
pub fn runs(text: &str, make: &dyn Fn(&str) -> Run) -> Vec<Run> {
    if !text.chars().any(is_tibetan) {
        return vec![make(text)];
    }
    split(text)
        .into_iter()
        .map(|(piece, tibetan)| if tibetan { run(piece) } else { make(piece) })
        .collect()
}

/// A paragraph that holds Tibetan keeps its exact line height off the document grid: the
/// Tibetan face's line is taller than the grid pitch, and LibreOffice gives such a line two
/// grid lines (the PDF gives it one, the Tibetan raised inside the row).
pub fn off_grid(p: Paragraph) -> Paragraph {
    p.snap_to_grid(false)
}

/// [`off_grid`] when `text` holds Tibetan.
pub fn off_grid_if_tibetan(p: Paragraph, text: &str) -> Paragraph {
    if text.chars().any(is_tibetan) {
        off_grid(p)
    } else {
        p
    }
}

fn run(text: &str) -> Run {
    let f = family();
    Run::new()
        .add_text(xml_text(text))
        .style(STYLE)
        .fonts(RunFonts::new().ascii(f).hi_ansi(f).cs(f).hint("cs"))
}

/// The Tibetan line of a bilingual 发文机关标志: red, centred, one grid line, in the size the
/// PDF gives it.
pub fn issuer_line(text: &str) -> Paragraph {
    let st = Element::IssuerMark.style();
    let half_points = (st.size_pt * 0.55 * 2.0).round() as usize;
    let color = format!("{:02X}{:02X}{:02X}", st.color[0], st.color[1], st.color[2]);
    runs(text, &|t: &str| Run::new().add_text(xml_text(t)))
        .into_iter()
        // Styled as the mark, so that an import of the DOCX finds the line in the head.
        .fold(
            off_grid(
                Paragraph::new()
                    .style(super::styles::style_id(Element::IssuerMark))
                    .align(AlignmentType::Center),
            ),
            |p, r| p.add_run(r.size(half_points).color(color.clone())),
        )
}

/// Whether a document.xml holds Tibetan runs.
pub fn used(document: &[u8]) -> bool {
    let needle = format!(r#"w:rStyle w:val="{STYLE}""#);
    document
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The Tibetan character style, for styles.xml.
pub fn style_xml() -> String {
    let f = family();
    format!(
        r#"<w:style w:type="character" w:customStyle="1" w:styleId="{STYLE}"><w:name w:val="藏文"/><w:basedOn w:val="DefaultParagraphFont"/><w:rPr><w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:cs="{f}" w:hint="cs"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="bo-CN"/></w:rPr></w:style>"#
    )
}

/// Adds the style, the embedded font's entry, its content type and the setting that keeps it
/// when Word saves.
pub fn patch_parts(
    styles: &mut String,
    font_table: &mut String,
    content_types: &mut Vec<u8>,
    settings: &mut String,
) {
    insert_before(styles, "</w:styles>", &style_xml());
    *font_table = font_table.replacen(
        "<w:fonts ",
        r#"<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
        1,
    );
    insert_before(
        font_table,
        "</w:fonts>",
        &format!(
            r#"<w:font w:name="{}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/><w:embedRegular r:id="rId1" w:fontKey="{FONT_KEY}"/></w:font>"#,
            family()
        ),
    );
    let ct = String::from_utf8_lossy(content_types).into_owned();
    let ct = ct.replacen(
        "<Default ",
        r#"<Default Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"/><Default "#,
        1,
    );
    *content_types = ct.into_bytes();
    *settings = settings.replacen(
        r#"<w:zoom w:percent="100"/>"#,
        r#"<w:zoom w:percent="100"/><w:embedTrueTypeFonts/>"#,
        1,
    );
}

fn insert_before(s: &mut String, end: &str, what: &str) {
    if let Some(at) = s.rfind(end) {
        s.insert_str(at, what);
    }
}

/// The packed DOCX with the embedded font and its relationship added.
pub fn add_font(docx: Vec<u8>) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipWriter::new_append(Cursor::new(docx)).map_err(|e| e.to_string())?;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    zip.start_file(FONT_PART, options)
        .map_err(|e| e.to_string())?;
    zip.write_all(&obfuscated(FONT_FILE))
        .map_err(|e| e.to_string())?;
    zip.start_file("word/_rels/fontTable.xml.rels", options)
        .map_err(|e| e.to_string())?;
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/font" Target="fonts/font1.odttf"/></Relationships>"#,
    )
    .map_err(|e| e.to_string())?;
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

/// The font file XOR-ed in its first 32 bytes with the key: the GUID's 16 bytes, last first.
fn obfuscated(font: &[u8]) -> Vec<u8> {
    let hex: Vec<u8> = FONT_KEY.bytes().filter(u8::is_ascii_hexdigit).collect();
    let mut key: Vec<u8> = hex
        .chunks(2)
        .map(|p| {
            std::str::from_utf8(p)
                .ok()
                .and_then(|s| u8::from_str_radix(s, 16).ok())
                .unwrap_or(0)
        })
        .collect();
    key.reverse();
    let mut out = font.to_vec();
    for (i, b) in out.iter_mut().take(32).enumerate() {
        *b ^= key[i % key.len().max(1)];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obfuscation_is_its_own_inverse_and_touches_32_bytes() {
        let once = obfuscated(FONT_FILE);
        assert_ne!(once[..32], FONT_FILE[..32]);
        assert_eq!(once[32..], FONT_FILE[32..]);
        assert_eq!(once[0], FONT_FILE[0] ^ 0x5C);
    }
}
