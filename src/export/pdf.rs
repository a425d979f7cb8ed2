//! The filing-ready PDF (krilla): serialises the pages that `layout` produced.
//!
//! Every glyph is drawn at the position the layout chose, through krilla's low-level glyph
//! API, so fonts are embedded as subsets with a ToUnicode map and the text extracts in
//! reading order. The file is PDF/A-2b; krilla's validator runs on every export.

use std::collections::BTreeMap;
use std::ops::Range;

use krilla::color::rgb;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};

use super::writer_failed;
use crate::compose::{compose, Composition, Meta};
use crate::diag::Diagnostic;
use crate::fonts::FontSet;
use crate::layout::{self, Item, PAGE_HEIGHT, PAGE_WIDTH};
use crate::model::Report;

pub fn write(report: &Report, fonts: &FontSet) -> Result<Vec<u8>, Diagnostic> {
    write_composition(&compose(report), fonts)
}

/// The PDF of a composition already made (the other writers share it).
pub fn write_composition(c: &Composition, fonts: &FontSet) -> Result<Vec<u8>, Diagnostic> {
    let doc = layout::layout_composition(c, fonts)?;
    serialize(&c.meta, fonts, &doc)
}

/// Serialises laid-out pages. Separate from [`write`] so a caller holding the layout (tests,
/// benchmarks) does not lay the report out twice.
pub fn serialize(
    meta: &Meta,
    fonts: &FontSet,
    doc: &layout::Document,
) -> Result<Vec<u8>, Diagnostic> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_B)
        .finish()
        .map_err(|e| writer_failed("PDF", format!("PDF/A-2b: {e:?}")))?;
    let settings = SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    };
    let mut pdf = Document::new_with(settings);
    // krilla fonts by (role, position in the role's chain); faces shared by several roles are
    // loaded once, keyed by their data address (only used for lookup, never written).
    let mut by_face: BTreeMap<(usize, u32), Font> = BTreeMap::new();
    let mut font_for = |role: crate::fonts::Role, pos: usize| -> Result<Font, Diagnostic> {
        let chain = fonts.chain(role);
        let face = chain.get(pos).copied().unwrap_or_else(|| fonts.face(role));
        let data = face.try_data().map_err(|e| writer_failed("PDF", e))?;
        let key = (data.as_ptr() as usize, face.index());
        if let Some(f) = by_face.get(&key) {
            return Ok(f.clone());
        }
        let font = Font::new(data.to_vec().into(), face.index())
            .ok_or_else(|| writer_failed("PDF", format!("font {}", face.full_name())))?;
        by_face.insert(key, font.clone());
        Ok(font)
    };
    let size = krilla::geom::Size::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| writer_failed("PDF", "page size"))?;
    for page in &doc.pages {
        let mut p = pdf.start_page_with(PageSettings::new(size));
        let mut surface = p.surface();
        for item in &page.items {
            match item {
                Item::Rule(r) => {
                    let Some(rect) = Rect::from_ltrb(r.x0, r.y0, r.x1, r.y1) else {
                        continue;
                    };
                    let mut pb = PathBuilder::new();
                    pb.push_rect(rect);
                    if let Some(path) = pb.finish() {
                        surface.set_fill(Some(fill(r.color)));
                        surface.draw_path(&path);
                    }
                }
                Item::Text(run) => {
                    if run.glyphs.is_empty() {
                        continue;
                    }
                    let font = font_for(run.role, run.face)?;
                    let glyphs = krilla_glyphs(&run.glyphs, run.size);
                    surface.set_fill(Some(fill(run.color)));
                    surface.draw_glyphs(
                        Point::from_xy(run.glyphs[0].x, run.baseline),
                        &glyphs,
                        font,
                        &run.text,
                        run.size,
                        false,
                    );
                }
            }
        }
        surface.finish();
        p.finish();
    }
    pdf.set_outline(outline(doc));
    pdf.set_metadata(metadata(meta));
    pdf.finish()
        .map_err(|e| writer_failed("PDF", format!("{e:?}")))
}

fn fill(c: [u8; 3]) -> Fill {
    Fill {
        paint: rgb::Color::new(c[0], c[1], c[2]).into(),
        ..Fill::default()
    }
}

/// Advances chosen so that each glyph lands on the origin the layout gave it.
fn krilla_glyphs(glyphs: &[layout::PlacedGlyph], size: f32) -> Vec<KrillaGlyph> {
    glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let adv = glyphs.get(i + 1).map_or(g.advance, |n| n.x - g.x);
            let range: Range<usize> = g.range.clone();
            KrillaGlyph::new(
                GlyphId::new(u32::from(g.id)),
                adv / size,
                0.0,
                0.0,
                0.0,
                range,
                None,
            )
        })
        .collect()
}

fn outline(doc: &layout::Document) -> Outline {
    let mut out = Outline::new();
    let mut current: Option<OutlineNode> = None;
    for e in &doc.outline {
        let node = OutlineNode::new(
            e.title.clone(),
            XyzDestination::new(e.page, Point::from_xy(0.0, e.y)),
        );
        if e.level == 0 {
            if let Some(c) = current.take() {
                out.push_child(c);
            }
            current = Some(node);
        } else if let Some(c) = current.as_mut() {
            c.push_child(node);
        } else {
            out.push_child(node);
        }
    }
    if let Some(c) = current {
        out.push_child(c);
    }
    out
}

fn metadata(meta: &Meta) -> Metadata {
    let mut m = Metadata::new()
        .title(meta.title.clone())
        .language(meta.language.to_string())
        .creator(meta.creator.to_string());
    if !meta.author.is_empty() {
        m = m.authors(vec![meta.author.clone()]);
    }
    // PDF/A needs a document date; an undated draft gets the composition's fixed one.
    let d = meta.date_or_undated();
    let dt = DateTime::new(d.year.clamp(0, 9999) as u16)
        .month(d.month as u8)
        .day(d.day as u8)
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(8)
        .utc_offset_minute(0);
    m = m.creation_date(dt);
    // The website publication block is not printed; it travels in the metadata.
    let fields: Vec<String> = meta
        .fields
        .iter()
        .map(|(k, v)| format!("{k}：{v}"))
        .collect();
    if !fields.is_empty() {
        m = m.description(fields.join("；")).keywords(fields);
    }
    m
}
