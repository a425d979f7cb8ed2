//! The filing-ready PDF (krilla): serialises the pages that `layout` produced.
//!
//! Every glyph is drawn at the position the layout chose, through krilla's low-level glyph
//! API, so fonts are embedded as subsets with a ToUnicode map and the text extracts in
//! reading order. The file is PDF/A-3b; krilla's validator runs on every export.
//!
//! Like a Factur-X invoice carries its XML, the PDF carries what it was made from as
//! associated files (PDF/A-3): the YAML source ([`SOURCE_NAME`]) and the indicators table
//! ([`INDICATORS_NAME`]), so that `gongwen import` gives back the report itself, not a
//! reading of its pages.
//!
//! The PDF is tagged (PDF/UA-1, checked by krilla's validator together with the PDF/A-3b one):
//! [`super::pdf_tags`] maps every run to its structure element, in the composition's order.

use std::collections::BTreeMap;
use std::ops::Range;

use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ContentTag, SpanTag};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};

use super::pdf_syllables::syllable_order;
use super::pdf_tags::{Structure, Target};
use super::writer_failed;
use crate::compose::{compose, Composition, Meta};
use crate::diag::Diagnostic;
use crate::fonts::FontSet;
use crate::layout::{self, Item, PAGE_HEIGHT, PAGE_WIDTH};
use crate::model::Report;

/// The embedded YAML source's file name.
pub const SOURCE_NAME: &str = "gongwen-source.yaml";
/// The embedded indicators table's file name.
pub const INDICATORS_NAME: &str = "gongwen-indicators.csv";

pub fn write(report: &Report, fonts: &FontSet) -> Result<Vec<u8>, Diagnostic> {
    write_composition(report, &compose(report), fonts)
}

/// The PDF of a composition already made (the other writers share it).
pub fn write_composition(
    report: &Report,
    c: &Composition,
    fonts: &FontSet,
) -> Result<Vec<u8>, Diagnostic> {
    let doc = layout::layout_composition(c, fonts)?;
    serialize(c, fonts, &doc, Some(report))
}

/// Serialises the laid-out pages of composition `c`, with `source`'s YAML and indicators
/// embedded when given. Separate from [`write`] so a caller holding the layout (tests,
/// benchmarks) does not lay the report out twice.
pub fn serialize(
    c: &Composition,
    fonts: &FontSet,
    doc: &layout::Document,
    source: Option<&Report>,
) -> Result<Vec<u8>, Diagnostic> {
    let meta = &c.meta;
    // Archival and accessible at once: krilla checks both on every export (PDF 1.7, which
    // both allow), so a PDF that is written is a valid PDF/A-3b and PDF/UA-1 as far as krilla
    // can tell.
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A3_B)
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| writer_failed("PDF", format!("PDF/A-3b + PDF/UA-1: {e:?}")))?;
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
        let data = face.try_shared().map_err(|e| writer_failed("PDF", e))?;
        let key = ((*data).as_ref().as_ptr() as usize, face.index());
        if let Some(f) = by_face.get(&key) {
            return Ok(f.clone());
        }
        // The face's own bytes, in place: krilla reads and subsets them without a copy.
        let font = Font::new(data.into(), face.index())
            .ok_or_else(|| writer_failed("PDF", format!("font {}", face.full_name())))?;
        by_face.insert(key, font.clone());
        Ok(font)
    };
    let size = krilla::geom::Size::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| writer_failed("PDF", "page size"))?;
    let mut structure = Structure::new(c);
    for page in &doc.pages {
        let mut p = pdf.start_page_with(PageSettings::new(size));
        let mut surface = p.surface();
        // Consecutive items with the same target share one marked-content sequence: fewer
        // bytes, and the same structure.
        let mut open: Option<(Target, Option<&str>)> = None;
        for item in &page.items {
            match item {
                Item::Rule(r) => {
                    let [x0, y0, x1, y1] = [r.x0, r.y0, r.x1, r.y1].map(hundredth);
                    let Some(rect) = Rect::from_ltrb(x0, y0, x1, y1) else {
                        continue;
                    };
                    let mut pb = PathBuilder::new();
                    pb.push_rect(rect);
                    if let Some(path) = pb.finish() {
                        mark(
                            &mut surface,
                            &mut open,
                            Target::Layout,
                            None,
                            &mut structure,
                        );
                        surface.set_fill(Some(fill(r.color)));
                        surface.draw_path(&path);
                    }
                }
                Item::Text(run) => {
                    if run.glyphs.is_empty() {
                        continue;
                    }
                    let font = font_for(run.role, run.face)?;
                    for (target, range) in structure.segments(run) {
                        let Some(placed) = run.glyphs.get(range) else {
                            continue;
                        };
                        let reordered;
                        let placed = if run.lang.is_some() {
                            reordered = syllable_order(placed, &run.text);
                            &reordered[..]
                        } else {
                            placed
                        };
                        let Some(first) = placed.first() else {
                            continue;
                        };
                        mark(&mut surface, &mut open, target, run.lang, &mut structure);
                        let glyphs = krilla_glyphs(placed, run.size);
                        surface.set_fill(Some(fill(run.color)));
                        surface.draw_glyphs(
                            Point::from_xy(hundredth(first.x), hundredth(run.baseline)),
                            &glyphs,
                            font.clone(),
                            &run.text,
                            run.size,
                            false,
                        );
                    }
                }
            }
        }
        if open.is_some() {
            surface.end_tagged();
        }
        surface.finish();
        p.finish();
    }
    pdf.set_tag_tree(structure.tree(meta.language));
    pdf.set_outline(outline(doc));
    if let Some(report) = source {
        for file in carried_files(report, creation_date(meta)) {
            pdf.embed_file(file)
                .ok_or_else(|| writer_failed("PDF", "embedded file named twice"))?;
        }
    }
    pdf.set_metadata(metadata(meta));
    pdf.finish()
        .map_err(|e| writer_failed("PDF", format!("{e:?}")))
}

/// Starts a marked-content sequence for `target` in `lang` (`None`: the document's language)
/// unless one is open for it already.
fn mark<'a>(
    surface: &mut Surface,
    open: &mut Option<(Target, Option<&'a str>)>,
    target: Target,
    lang: Option<&'a str>,
    s: &mut Structure,
) {
    if *open == Some((target, lang)) {
        return;
    }
    if open.is_some() {
        surface.end_tagged();
    }
    let tag = match target.artifact() {
        Some(kind) => ContentTag::Artifact(Artifact::with_kind(kind)),
        None => ContentTag::Span(SpanTag::empty().with_lang(lang)),
    };
    let id = surface.start_tagged(tag);
    s.add(target, id);
    *open = Some((target, lang));
}

fn fill(c: [u8; 3]) -> Fill {
    Fill {
        paint: rgb::Color::new(c[0], c[1], c[2]).into(),
        ..Fill::default()
    }
}

/// A coordinate to a hundredth of a point (0.0035 mm): short numbers in the content stream,
/// far below what the grid or a printer can show.
fn hundredth(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// Advances chosen so that each glyph lands on the origin the layout gave it, to a thousandth
/// of an em (0.006 mm at 16 pt). Rounding each origin from the run's start, not each advance,
/// keeps the error from adding up along a line; whole thousandths give the content stream
/// short integer position adjustments instead of six-decimal ones, which pays for the
/// tagging's bytes.
fn krilla_glyphs(glyphs: &[layout::PlacedGlyph], size: f32) -> Vec<KrillaGlyph> {
    let Some(start) = glyphs.first().map(|g| g.x) else {
        return Vec::new();
    };
    let at = |x: f32| ((x - start) / size * 1000.0).round();
    glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let next = glyphs.get(i + 1).map_or(g.x + g.advance, |n| n.x);
            let adv = (at(next) - at(g.x)) / 1000.0;
            let range: Range<usize> = g.range.clone();
            KrillaGlyph::new(
                GlyphId::new(u32::from(g.id)),
                adv,
                0.0,
                g.dy / size,
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
            XyzDestination::new(e.page, Point::from_xy(0.0, e.y.round())),
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

/// PDF/A needs a document date; an undated draft gets the composition's fixed one. Never the
/// clock: the same input gives the same bytes.
fn creation_date(meta: &Meta) -> DateTime {
    let d = meta.date_or_undated();
    DateTime::new(d.year.clamp(0, 9999) as u16)
        .month(d.month as u8)
        .day(d.day as u8)
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(8)
        .utc_offset_minute(0)
}

/// The associated files: the YAML source (what the PDF was made from) and the indicators
/// (the data its text states). PDF/A-3 wants each with a MIME type, a description and a
/// date; the date is the document's, so the bytes do not depend on when they were written.
fn carried_files(report: &Report, date: DateTime) -> Vec<EmbeddedFile> {
    let file = |path: &str, mime: &str, description: &str, kind, data: String| EmbeddedFile {
        path: path.to_string(),
        mime_type: MimeType::new(mime),
        description: Some(description.to_string()),
        association_kind: kind,
        data: data.into_bytes().into(),
        modification_date: Some(date),
        compress: Some(true),
        location: None,
    };
    vec![
        file(
            SOURCE_NAME,
            "application/yaml",
            "gongwen YAML source of this report / 本报告的 gongwen YAML 源文件",
            AssociationKind::Source,
            crate::yaml::to_yaml(report, &[]),
        ),
        file(
            INDICATORS_NAME,
            "text/csv",
            "Indicators stated in this report / 本报告中的指标",
            AssociationKind::Data,
            indicators_csv(report),
        ),
    ]
}

/// The indicators as CSV (RFC 4180, UTF-8): id, name, value, unit, qualifier, parent. The
/// value is the number as printed, so that nothing is lost to floating point.
pub fn indicators_csv(report: &Report) -> String {
    fn field(s: &str) -> String {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    }
    let mut out = String::from("id,name,value,unit,qualifier,parent\r\n");
    for r in crate::indicators::collect(report) {
        let row = [
            r.id.as_str(),
            r.name.as_str(),
            r.number.as_str(),
            r.unit.as_str(),
            r.qualifier.as_str(),
            r.parent.as_deref().unwrap_or(""),
        ];
        let row: Vec<String> = row.iter().map(|s| field(s)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
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
    m = m.creation_date(creation_date(meta));
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
