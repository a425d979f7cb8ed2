//! `word/styles.xml` and `word/fontTable.xml`, written from the style table in [`crate::style`].
//!
//! docx-rs always writes its own empty "Normal" style and cannot express the paragraph
//! properties an official document needs (`overflowPunct`, widow control off), so the whole
//! styles part is written here. Every size, font, indent and alignment comes from
//! [`Element::style`]; only the OOXML spelling lives in this file.

use super::geometry::{char_spacing, char_twips, line_twips, xml_escape};
use crate::fonts::Role;
use crate::style::{Align, Element};

/// The style id an element's paragraphs carry. Ids are ASCII (tools and LibreOffice handle
/// them best); editors see the Chinese name.
pub fn style_id(e: Element) -> &'static str {
    use Element::*;
    match e {
        CopyNumber => "GwCopyNumber",
        Secrecy => "GwSecrecy",
        Urgency => "GwUrgency",
        IssuerMark => "GwIssuerMark",
        DocNumber => "GwDocNumber",
        Signer => "GwSigner",
        Title => "GwTitle",
        Addressee => "GwAddressee",
        Body => "GwBody",
        Heading1 => "GwHeading1",
        Heading2 => "GwHeading2",
        Heading3 => "GwHeading3",
        Heading4 => "GwHeading4",
        Table => "GwTable",
        Caption => "GwCaption",
        AttachmentNote => "GwAttachmentNote",
        Signature => "GwSignature",
        Date => "GwDate",
        Note => "GwNote",
        AttachmentLabel => "GwAttachmentLabel",
        AttachmentTitle => "GwAttachmentTitle",
        Imprint => "GwImprint",
        PageNumber => "GwPageNumber",
    }
}

/// The character style of a run-in heading's own text ("（一）强化组织领导。" before its
/// paragraph's body text): the paragraph stays a body paragraph, as readers of the document's
/// structure (pandoc, screen readers) expect, and the heading keeps its face.
pub fn heading_char_id(e: Element) -> Option<&'static str> {
    match e {
        Element::Heading1 => Some("GwHeading1Char"),
        Element::Heading2 => Some("GwHeading2Char"),
        Element::Heading3 => Some("GwHeading3Char"),
        Element::Heading4 => Some("GwHeading4Char"),
        _ => None,
    }
}

/// The name of a heading's character style: 二级标题字符.
pub fn heading_char_name(e: Element) -> String {
    format!("{}字符", e.style().name)
}

/// The built-in style a Chinese style derives from, so that Word, WPS and LibreOffice in
/// any UI language, and programs that read a document's headings (pandoc, a table of
/// contents, screen readers), know the 公文标题 and 一级标题 … 四级标题 for what they are.
/// (id, name as the built-in styles are named in every DOCX).
fn builtin(e: Element) -> Option<(&'static str, &'static str)> {
    match e {
        // An attachment's title is the title of the document it opens.
        Element::Title | Element::AttachmentTitle => Some(("Title", "Title")),
        Element::Heading1 => Some(("Heading1", "heading 1")),
        Element::Heading2 => Some(("Heading2", "heading 2")),
        Element::Heading3 => Some(("Heading3", "heading 3")),
        Element::Heading4 => Some(("Heading4", "heading 4")),
        Element::Caption => Some(("Caption", "caption")),
        _ => None,
    }
}

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn jc(a: Align) -> &'static str {
    match a {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
        Align::Justify => "both",
    }
}

/// `w:rFonts` naming the official face for Chinese text and a matching Latin face.
pub fn fonts_xml(role: Role) -> String {
    let latin = xml_escape(role.latin_family());
    format!(
        r#"<w:rFonts w:ascii="{latin}" w:eastAsia="{}" w:hAnsi="{latin}" w:cs="{latin}" w:hint="eastAsia"/>"#,
        xml_escape(role.official_family())
    )
}

fn run_props(e: Element) -> String {
    let s = e.style();
    let half_points = (s.size_pt * 2.0).round() as i32;
    let mut x = String::from("<w:rPr>");
    x.push_str(&fonts_xml(s.role));
    if s.bold {
        x.push_str("<w:b/><w:bCs/>");
    }
    x.push_str(&format!(
        r#"<w:color w:val="{:02X}{:02X}{:02X}"/>"#,
        s.color[0], s.color[1], s.color[2]
    ));
    if e != Element::PageNumber {
        x.push_str(&format!(
            r#"<w:spacing w:val="{}"/>"#,
            char_spacing(s.size_pt)
        ));
    }
    x.push_str(&format!(
        r#"<w:kern w:val="0"/><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>"#
    ));
    x.push_str("</w:rPr>");
    x
}

fn para_props(e: Element) -> String {
    let s = e.style();
    let mut x = String::from("<w:pPr>");
    if s.outline_level.is_some() && e == Element::Heading1 {
        // A level-1 heading alone at the foot of a page reads as a stray line.
        x.push_str("<w:keepNext/>");
    }
    // Word honours this in each style (LibreOffice 7.4 ignores it and adds its gap anyway).
    x.push_str(r#"<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>"#);
    if s.size_pt > Element::Body.style().size_pt {
        // LibreOffice would give a line taller than the grid pitch two grid lines; the
        // exact line height already keeps it on the grid.
        x.push_str(r#"<w:snapToGrid w:val="0"/>"#);
    }
    if e == Element::PageNumber {
        // The footer keeps its own natural line height: the body's exact grid spacing in the
        // footer pushes the type area up in LibreOffice (21 lines per page).
        x.push_str(r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>"#);
    } else {
        x.push_str(&format!(
            r#"<w:spacing w:before="0" w:after="0" w:line="{}" w:lineRule="exact"/>"#,
            line_twips(s.size_pt)
        ));
    }
    x.push_str(&format!(
        r#"<w:ind w:left="{}" w:right="{}" w:firstLine="{}"/>"#,
        char_twips(s.left_indent, s.size_pt),
        char_twips(s.right_indent, s.size_pt),
        char_twips(s.first_line_indent, s.size_pt)
    ));
    x.push_str(&format!(r#"<w:jc w:val="{}"/>"#, jc(s.align)));
    if let Some(level) = s.outline_level {
        x.push_str(&format!(r#"<w:outlineLvl w:val="{level}"/>"#));
    }
    x.push_str("</w:pPr>");
    x
}

fn next_style(e: Element) -> Element {
    use Element::*;
    match e {
        Caption => Table,
        CopyNumber | Secrecy | Urgency | IssuerMark | DocNumber | Signer | Table | Imprint
        | Signature | PageNumber | AttachmentLabel => e,
        Title | Addressee | Body | Heading1 | Heading2 | Heading3 | Heading4 | AttachmentTitle
        | AttachmentNote | Note => Body,
        Date => Note,
    }
}

/// The complete styles part.
pub fn styles_xml() -> String {
    let body = Element::Body.style();
    let mut x = String::new();
    x.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    x.push_str(&format!(r#"<w:styles xmlns:w="{W_NS}">"#));
    // Defaults: the body face and size, Chinese language, every line on the grid.
    x.push_str("<w:docDefaults><w:rPrDefault><w:rPr>");
    x.push_str(&fonts_xml(body.role));
    x.push_str(&format!(
        r#"<w:kern w:val="0"/><w:sz w:val="{0}"/><w:szCs w:val="{0}"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/>"#,
        (body.size_pt * 2.0).round() as i32
    ));
    x.push_str("</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>");
    x.push_str(&format!(
        r#"<w:widowControl w:val="0"/><w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{}" w:lineRule="exact"/><w:jc w:val="both"/>"#,
        line_twips(body.size_pt)
    ));
    x.push_str("</w:pPr></w:pPrDefault></w:docDefaults>");

    // No extra space between Chinese and Latin or digits (Word's and LibreOffice's default
    // adds some): the PDF sets "2025年" tight, and the DOCX must look the same.
    // Normal: the body face without indent. LibreOffice derives the grid's character pitch
    // from Normal's size, so it must be the body size.
    x.push_str(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>"#);
    x.push_str(&format!(
        r#"<w:spacing w:before="0" w:after="0" w:line="{}" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr>"#,
        line_twips(body.size_pt)
    ));
    let mut normal_r = run_props(Element::Body);
    normal_r = normal_r.replace("<w:color w:val=\"000000\"/>", "");
    x.push_str(&normal_r);
    x.push_str("</w:style>");

    x.push_str(r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#);
    x.push_str(r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#);
    x.push_str(r#"<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr></w:style>"#);

    // The built-in styles, plainly: the Chinese styles below say every property they need.
    // Bold and italics are switched off because a program's own defaults for a heading would
    // otherwise show through. Title derives from heading 1: pandoc and other readers of the
    // structure know a document title only as the first heading.
    for e in [
        Element::Heading1,
        Element::Heading2,
        Element::Heading3,
        Element::Heading4,
        Element::Title,
        Element::Caption,
    ] {
        let (id, name) = builtin(e).expect("listed");
        let based = if e == Element::Title {
            "Heading1"
        } else {
            "Normal"
        };
        x.push_str(&format!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="{based}"/><w:next w:val="Normal"/><w:uiPriority w:val="{}"/><w:qFormat/><w:pPr>"#,
            match e {
                Element::Title => 10,
                Element::Caption => 35,
                _ => 9,
            }
        ));
        if let Some(level) = e.style().outline_level {
            x.push_str(&format!(r#"<w:outlineLvl w:val="{level}"/>"#));
        }
        x.push_str(r#"</w:pPr><w:rPr><w:b w:val="0"/><w:bCs w:val="0"/><w:i w:val="0"/><w:iCs w:val="0"/></w:rPr></w:style>"#);
    }
    for e in Element::ALL {
        let Some(id) = heading_char_id(e) else {
            continue;
        };
        x.push_str(&format!(
            r#"<w:style w:type="character" w:customStyle="1" w:styleId="{id}"><w:name w:val="{}"/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>"#,
            xml_escape(&heading_char_name(e))
        ));
        x.push_str(&run_props(e));
        x.push_str("</w:style>");
    }

    for e in Element::ALL {
        x.push_str(&format!(
            r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="{}"><w:name w:val="{}"/><w:basedOn w:val="{}"/><w:next w:val="{}"/><w:qFormat/>"#,
            style_id(e),
            xml_escape(e.style().name),
            builtin(e).map_or("Normal", |b| b.0),
            style_id(next_style(e))
        ));
        x.push_str(&para_props(e));
        x.push_str(&run_props(e));
        x.push_str("</w:style>");
    }
    x.push_str("</w:styles>");
    x
}

/// The font table tells Word and WPS, on a machine without a face, what kind of face to
/// substitute (GB2312 character set, serif or sans) and an English alternative name.
pub fn font_table_xml() -> String {
    let mut x = String::new();
    x.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    x.push_str(&format!(r#"<w:fonts xmlns:w="{W_NS}">"#));
    let mut latin: Vec<&str> = Vec::new();
    // The Tibetan face is listed only by documents with Tibetan (see `tibetan`).
    for role in Role::ALL.into_iter().filter(|&r| r != Role::Tibetan) {
        let alt = role
            .official_aliases()
            .first()
            .and_then(|tier| {
                tier.iter().find(|n| {
                    n.is_ascii()
                        && ![".ttf", ".ttc", ".otf"]
                            .iter()
                            .any(|ext| n.to_ascii_lowercase().ends_with(ext))
                })
            })
            .copied();
        let family = if role == Role::Heading1 {
            "swiss"
        } else {
            "roman"
        };
        x.push_str(&format!(
            r#"<w:font w:name="{}">"#,
            xml_escape(role.official_family())
        ));
        if let Some(alt) = alt {
            x.push_str(&format!(r#"<w:altName w:val="{}"/>"#, xml_escape(alt)));
        }
        x.push_str(&format!(
            r#"<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="fixed"/></w:font>"#
        ));
        if !latin.contains(&role.latin_family()) {
            latin.push(role.latin_family());
        }
    }
    for name in latin {
        let family = if name.contains("Arial") {
            "swiss"
        } else {
            "roman"
        };
        x.push_str(&format!(
            r#"<w:font w:name="{}"><w:charset w:val="00"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>"#,
            xml_escape(name)
        ));
    }
    x.push_str("</w:fonts>");
    x
}
