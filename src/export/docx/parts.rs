//! Package parts docx-rs writes in a way an official document cannot use: core properties
//! (no title/author API), custom properties (written from a hash map, so their order changes
//! from run to run) and a few settings.

use super::geometry::xml_escape;
use crate::compose::Meta;

/// The report date as a W3C timestamp (a fixed one for an undated report, never the clock).
fn timestamp(meta: &Meta) -> String {
    format!("{}T00:00:00Z", meta.date_or_undated().iso())
}

pub fn core_xml(meta: &Meta) -> String {
    let title = xml_escape(&meta.title);
    let author = xml_escape(&meta.author);
    let when = timestamp(meta);
    let mut x = String::new();
    x.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    x.push_str(r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#);
    x.push_str(&format!("<dc:title>{title}</dc:title>"));
    x.push_str(&format!("<dc:creator>{author}</dc:creator>"));
    x.push_str(&format!("<cp:lastModifiedBy>{author}</cp:lastModifiedBy>"));
    x.push_str(&format!("<dc:language>{}</dc:language>", meta.language));
    x.push_str("<cp:revision>1</cp:revision>");
    x.push_str(&format!(
        r#"<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>"#
    ));
    x.push_str(&format!(
        r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>"#
    ));
    x.push_str("</cp:coreProperties>");
    x
}

/// The custom properties an editor sees in the file's properties, in a fixed order: 索引号
/// and 发文字号 when the report has them.
pub fn custom_properties(meta: &Meta) -> Vec<(String, String)> {
    ["索引号", "发文字号"]
        .into_iter()
        .filter_map(|label| {
            meta.field(label)
                .map(|v| (label.to_string(), v.to_string()))
        })
        .collect()
}

/// The editor-visible properties, then gongwen's own (`extra`, see [`super::marks`]).
pub fn custom_xml(meta: &Meta, extra: &[(String, String)]) -> String {
    let mut x = String::new();
    x.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    x.push_str(r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#);
    let props = custom_properties(meta);
    for (i, (name, value)) in props.iter().chain(extra).enumerate() {
        // Property ids start at 2 by convention of Office.
        x.push_str(&format!(
            r#"<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{}" name="{}"><vt:lpwstr>{}</vt:lpwstr></property>"#,
            i + 2,
            xml_escape(name),
            xml_escape(value)
        ));
    }
    x.push_str("</Properties>");
    x
}

/// The settings part, written whole so that its elements keep the schema's order (docx-rs
/// appends `evenAndOddHeaders` after `compat`): odd and even footers differ, punctuation is
/// not compressed (it would pull lines off the character grid), Chinese is the East Asian
/// language.
pub fn settings_xml() -> String {
    let tab = super::geometry::char_twips(2.0, crate::style::Element::Body.style().size_pt);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="{}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="{tab}"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:useFELayout/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>"#,
        super::styles::W_NS
    )
}
