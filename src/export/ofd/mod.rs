//! The OFD (GB/T 33190-2016) of a report: China's fixed-layout format for e-government
//! archives, written from the same laid-out pages as the PDF ([`crate::layout`]) — the same
//! glyphs at the same places, the same rules, page numbers and blank pages — so that the two
//! files print alike.
//!
//! The package: `OFD.xml` (the document's properties), `Doc_0/Document.xml` (page size,
//! pages, the headings' outline), `Doc_0/PublicRes.xml` (the fonts), `Doc_0/Res/font_N.ttf`
//! (each face as a TrueType subset) and one `Doc_0/Pages/Page_N/Content.xml` a page. Every
//! object has an ID, unique in the document, counted from 1 up to the MaxUnitID that
//! Document.xml states.

mod document;
mod fonts;
mod outline;
mod package;
mod page;
mod shaped;
#[cfg(test)]
mod tests;
mod truetype;
mod units;
mod xml;

pub use document::doc_id;

use super::writer_failed;
use crate::compose::{compose, Composition};
use crate::diag::Diagnostic;
use crate::fonts::FontSet;
use crate::layout;
use crate::model::Report;
use document::{page_loc, DOC_DIR};

/// The OFD of a report.
pub fn write(report: &Report, fonts: &FontSet) -> Result<Vec<u8>, Diagnostic> {
    let c = compose(report);
    let doc = layout::layout_composition(&c, fonts)?;
    serialize(report, &c, fonts, &doc)
}

/// Serialises the laid-out pages `doc` of composition `c` of `report`: separate from
/// [`write`] so that a caller holding the layout does not lay the report out twice.
pub fn serialize(
    report: &Report,
    c: &Composition,
    fonts: &FontSet,
    doc: &layout::Document,
) -> Result<Vec<u8>, Diagnostic> {
    let mut ids = Ids::default();
    let embedded = fonts::Fonts::collect(doc, fonts, &mut ids)?;
    let mut page_ids = Vec::with_capacity(doc.pages.len());
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut pages = Vec::with_capacity(doc.pages.len());
    for (i, p) in doc.pages.iter().enumerate() {
        page_ids.push(ids.next());
        pages.push((
            format!("{DOC_DIR}/{}", page_loc(i)),
            page::content(p, &embedded, &mut ids),
        ));
    }
    parts.push(("OFD.xml".into(), document::ofd_xml(report, &c.meta)));
    parts.push((
        format!("{DOC_DIR}/Document.xml"),
        document::document_xml(ids.max(), &page_ids, &doc.outline, "PublicRes.xml"),
    ));
    parts.push((format!("{DOC_DIR}/PublicRes.xml"), embedded.public_res()));
    for e in &embedded.embedded {
        parts.push((
            format!("{DOC_DIR}/{}/{}", fonts::RES_DIR, e.file_name()),
            e.file()?,
        ));
    }
    parts.extend(pages);
    package::zip(&parts).map_err(failed)
}

/// The document's IDs, handed out from 1 in the order objects are written.
#[derive(Default)]
struct Ids {
    last: u32,
}

impl Ids {
    fn next(&mut self) -> u32 {
        self.last += 1;
        self.last
    }

    fn max(&self) -> u32 {
        self.last
    }
}

fn failed(detail: impl std::fmt::Display) -> Diagnostic {
    writer_failed("OFD", detail)
}
