//! The package's entry (`OFD.xml`, with the document's properties) and the document's
//! root (`Doc_0/Document.xml`: page size, resources, pages, outline).

use sha2::{Digest, Sha256};

use super::units::{boxed, mm, um};
use super::xml::Xml;
use crate::compose::Meta;
use crate::layout::{OutlineEntry, PAGE_HEIGHT, PAGE_WIDTH};
use crate::model::Report;

/// The document's folder in the package.
pub const DOC_DIR: &str = "Doc_0";

/// The page's Content.xml, relative to the document's folder.
pub fn page_loc(index: usize) -> String {
    format!("Pages/Page_{index}/Content.xml")
}

/// DocID: 32 hexadecimal digits of a name-based UUID (RFC 9562 version 8) made from the
/// SHA-256 of the report's YAML, so the same report always gets the same ID and another
/// report another one.
pub fn doc_id(report: &Report) -> String {
    let yaml = crate::yaml::to_yaml(report, &[]);
    let mut id: [u8; 16] = [0; 16];
    id.copy_from_slice(&Sha256::digest(yaml.as_bytes())[..16]);
    id[6] = (id[6] & 0x0f) | 0x80;
    id[8] = (id[8] & 0x3f) | 0x80;
    id.iter().map(|b| format!("{b:02x}")).collect()
}

/// `OFD.xml`: DocInfo's children in the schema's order.
pub fn ofd_xml(report: &Report, meta: &Meta) -> Vec<u8> {
    let mut x = Xml::new("OFD", &[("Version", "1.0"), ("DocType", "OFD")]);
    x.open("DocBody", &[]);
    x.open("DocInfo", &[]);
    x.leaf("DocID", &[], &doc_id(report));
    x.leaf("Title", &[], &meta.title);
    if !meta.author.is_empty() {
        x.leaf("Author", &[], &meta.author);
    }
    x.leaf("Subject", &[], &meta.title);
    let fields: Vec<String> = meta
        .fields
        .iter()
        .map(|(k, v)| format!("{k}：{v}"))
        .collect();
    if !fields.is_empty() {
        x.leaf("Abstract", &[], &fields.join("；"));
    }
    let d = meta.date_or_undated();
    // xs:date has no year 0 and four digits at least.
    let date = format!("{:04}-{:02}-{:02}", d.year.clamp(1, 9999), d.month, d.day);
    x.leaf("CreationDate", &[], &date);
    if !fields.is_empty() {
        x.open("Keywords", &[]);
        for f in &fields {
            x.leaf("Keyword", &[], f);
        }
        x.close();
    }
    x.leaf("Creator", &[], meta.creator);
    x.leaf("CreatorVersion", &[], env!("CARGO_PKG_VERSION"));
    if !meta.fields.is_empty() {
        x.open("CustomDatas", &[]);
        for (k, v) in &meta.fields {
            x.leaf("CustomData", &[("Name", k)], v);
        }
        x.close();
    }
    x.close();
    x.leaf("DocRoot", &[], &format!("{DOC_DIR}/Document.xml"));
    x.finish()
}

/// `Document.xml`: CommonData starts with MaxUnitID, then PageArea; the outline's entries
/// point at their page by its ID, at the heading's height.
pub fn document_xml(
    max_id: u32,
    page_ids: &[u32],
    outline: &[OutlineEntry],
    public_res: &str,
) -> Vec<u8> {
    let mut x = Xml::new("Document", &[]);
    x.open("CommonData", &[]);
    x.leaf("MaxUnitID", &[], &max_id.to_string());
    x.open("PageArea", &[]);
    let page = boxed(0, 0, um(PAGE_WIDTH), um(PAGE_HEIGHT));
    x.leaf("PhysicalBox", &[], &page);
    x.close();
    x.leaf("PublicRes", &[], public_res);
    x.close();
    x.open("Pages", &[]);
    for (i, id) in page_ids.iter().enumerate() {
        x.leaf(
            "Page",
            &[("ID", &id.to_string()), ("BaseLoc", &page_loc(i))],
            "",
        );
    }
    x.close();
    let entries: Vec<&OutlineEntry> = outline
        .iter()
        .filter(|e| page_ids.get(e.page).is_some())
        .collect();
    if !entries.is_empty() {
        x.open("Outlines", &[]);
        let mut i = 0;
        while i < entries.len() {
            // A second-level heading nests in the first-level one before it; one with no
            // first-level heading before it stands at the top, as in the PDF's outline.
            let end = if entries[i].level == 0 {
                i + 1 + entries[i + 1..].iter().take_while(|n| n.level > 0).count()
            } else {
                i + 1
            };
            outline_elem(&mut x, entries[i], page_ids);
            for child in &entries[i + 1..end] {
                outline_elem(&mut x, child, page_ids);
                x.close();
            }
            x.close();
            i = end;
        }
        x.close();
    }
    x.finish()
}

/// Opens an OutlineElem going to `e`'s heading (the caller closes it, after its children).
fn outline_elem(x: &mut Xml, e: &OutlineEntry, page_ids: &[u32]) {
    let page = page_ids
        .get(e.page)
        .copied()
        .unwrap_or_default()
        .to_string();
    x.open("OutlineElem", &[("Title", &e.title)]);
    x.open("Actions", &[]);
    x.open("Action", &[("Event", "CLICK")]);
    x.open("Goto", &[]);
    let top = mm(um(e.y));
    x.leaf(
        "Dest",
        &[
            ("Type", "XYZ"),
            ("PageID", &page),
            ("Left", "0"),
            ("Top", &top),
        ],
        "",
    );
    x.close();
    x.close();
    x.close();
}
