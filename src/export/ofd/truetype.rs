//! A TrueType (glyf) subset of one face: the glyphs a document draws, a Unicode cmap for
//! every character drawn, and the face's own metrics and names. OFD readers map a
//! TextCode's characters to glyphs through the embedded font's cmap, and some can draw only
//! TrueType outlines, so every face is embedded this way whatever its outlines are.
//!
//! The tables are compiled by write-fonts; the outlines come from [`super::outline`].

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::tables::name::Name as ReadName;
use skrifa::raw::TableProvider;
use skrifa::MetadataProvider;
use write_fonts::from_obj::ToOwnedTable;
use write_fonts::tables::cmap::Cmap;
use write_fonts::tables::glyf::{Bbox, GlyfLocaBuilder, Glyph, SimpleGlyph};
use write_fonts::tables::hmtx::{Hmtx, LongMetric};
use write_fonts::tables::maxp::Maxp;
use write_fonts::tables::name::{Name, NameRecord};
use write_fonts::tables::post::Post;
use write_fonts::types::{FWord, GlyphId, NameId, Tag, UfWord, Version16Dot16};
use write_fonts::FontBuilder;

use super::outline;

/// Name IDs carried over from the face: copyright, family, subfamily, full name, version,
/// trademark, manufacturer, designer, vendor and designer URLs, licence and its URL,
/// typographic family and subfamily. The unique ID (3) and PostScript name (6) are the
/// subset's own.
const KEPT_NAMES: [u16; 13] = [0, 1, 2, 4, 5, 7, 8, 9, 11, 12, 13, 14, 16];

/// The subset of face `index` of font file `data` holding `glyphs` (glyph IDs of the face,
/// `.notdef` first; a glyph's position is its ID in the subset), with `chars` mapping each
/// character drawn to its subset glyph ID.
pub fn subset(
    data: &[u8],
    index: u32,
    glyphs: &[u16],
    chars: &BTreeMap<char, u16>,
) -> Result<Vec<u8>, String> {
    let font = skrifa::FontRef::from_index(data, index).map_err(|e| e.to_string())?;
    let head = font.head().map_err(|e| format!("head: {e}"))?;
    let upem = head.units_per_em();
    let postscript = font.table_data(Tag::new(b"CFF ")).is_some()
        || font.table_data(Tag::new(b"CFF2")).is_some();
    let advances = font.glyph_metrics(Size::unscaled(), LocationRef::default());

    let mut builder = GlyfLocaBuilder::new();
    let mut metrics = Vec::with_capacity(glyphs.len());
    let mut bounds: Option<Bbox> = None;
    let (mut max_points, mut max_contours) = (0u16, 0u16);
    let (mut min_lsb, mut min_rsb, mut max_extent) = (i16::MAX, i16::MAX, i16::MIN);
    for &gid in glyphs {
        let advance = advances
            .advance_width(skrifa::GlyphId::new(u32::from(gid)))
            .unwrap_or(0.0)
            .round()
            .clamp(0.0, f32::from(u16::MAX)) as u16;
        // A malformed outline is left empty rather than failing the document: the glyph
        // keeps its advance, and the PDF of the same layout still shows it.
        let glyph = outline::quadratic(&font, upem, gid, postscript)
            .and_then(|path| SimpleGlyph::from_bezpath(&path).ok())
            .filter(|g| !g.contours.is_empty());
        match glyph {
            Some(g) => {
                let b = g.bbox;
                let points: usize = g.contours.iter().map(|c| c.len()).sum();
                max_points = max_points.max(u16::try_from(points).unwrap_or(u16::MAX));
                max_contours =
                    max_contours.max(u16::try_from(g.contours.len()).unwrap_or(u16::MAX));
                let width = i32::from(b.x_max) - i32::from(b.x_min);
                min_lsb = min_lsb.min(b.x_min);
                min_rsb = min_rsb.min(clamp16(i32::from(advance) - i32::from(b.x_min) - width));
                max_extent = max_extent.max(clamp16(i32::from(b.x_min) + width));
                bounds = Some(bounds.map_or(b, |u| u.union(b)));
                metrics.push(LongMetric::new(advance, b.x_min));
                builder
                    .add_glyph(&Glyph::Simple(g))
                    .map_err(|e| format!("glyph {gid}: {e}"))?;
            }
            None => {
                metrics.push(LongMetric::new(advance, 0));
                builder
                    .add_glyph(&Glyph::Empty)
                    .map_err(|e| format!("glyph {gid}: {e}"))?;
            }
        }
    }
    let (glyf, loca, loca_format) = builder.build();
    let bounds = bounds.unwrap_or_default();
    let count = u16::try_from(glyphs.len()).map_err(|_| "too many glyphs".to_string())?;

    let mut head: write_fonts::tables::head::Head = head.to_owned_table();
    head.index_to_loc_format = loca_format as i16;
    (head.x_min, head.y_min, head.x_max, head.y_max) =
        (bounds.x_min, bounds.y_min, bounds.x_max, bounds.y_max);
    head.checksum_adjustment = 0;

    let mut hhea: write_fonts::tables::hhea::Hhea = font
        .hhea()
        .map_err(|e| format!("hhea: {e}"))?
        .to_owned_table();
    hhea.number_of_h_metrics = count;
    hhea.advance_width_max = UfWord::new(metrics.iter().map(|m| m.advance).max().unwrap_or(0));
    if min_lsb <= max_extent {
        hhea.min_left_side_bearing = FWord::new(min_lsb);
        hhea.min_right_side_bearing = FWord::new(min_rsb);
        hhea.x_max_extent = FWord::new(max_extent);
    }

    let mut maxp = Maxp::new(count);
    maxp.max_points = Some(max_points);
    maxp.max_contours = Some(max_contours);
    maxp.max_zones = Some(1);
    for field in [
        &mut maxp.max_composite_points,
        &mut maxp.max_composite_contours,
        &mut maxp.max_twilight_points,
        &mut maxp.max_storage,
        &mut maxp.max_function_defs,
        &mut maxp.max_instruction_defs,
        &mut maxp.max_stack_elements,
        &mut maxp.max_size_of_instructions,
        &mut maxp.max_component_elements,
        &mut maxp.max_component_depth,
    ] {
        *field = Some(0);
    }

    let cmap = Cmap::from_mappings(chars.iter().map(|(&c, &g)| (c, GlyphId::new(u32::from(g)))))
        .map_err(|e| format!("cmap: {e}"))?;

    // Glyph names are not needed to draw or to copy text: version 3 has none.
    let mut post: Post = font
        .post()
        .map_err(|e| format!("post: {e}"))?
        .to_owned_table();
    post.version = Version16Dot16::VERSION_3_0;
    post.num_glyphs = None;
    post.glyph_name_index = None;
    post.string_data = None;

    let mut out = FontBuilder::new();
    out.add_table(&head)
        .and_then(|b| b.add_table(&hhea))
        .and_then(|b| b.add_table(&maxp))
        .and_then(|b| b.add_table(&Hmtx::new(metrics, Vec::new())))
        .and_then(|b| b.add_table(&cmap))
        .and_then(|b| b.add_table(&glyf))
        .and_then(|b| b.add_table(&loca))
        .and_then(|b| b.add_table(&post))
        .map_err(|e| e.to_string())?;
    if let Ok(os2) = font.os2() {
        let mut os2: write_fonts::tables::os2::Os2 = os2.to_owned_table();
        let bmp = |c: &char| u16::try_from(u32::from(*c)).unwrap_or(u16::MAX);
        os2.us_first_char_index = chars.keys().next().map_or(0, bmp);
        os2.us_last_char_index = chars.keys().next_back().map_or(0, bmp);
        out.add_table(&os2).map_err(|e| e.to_string())?;
    }
    let name = names(font.name().ok(), &subset_tag(glyphs));
    out.add_table(&name).map_err(|e| e.to_string())?;
    Ok(out.build())
}

fn clamp16(v: i32) -> i16 {
    v.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16
}

/// Six capital letters naming this subset, as PDF names its subsets: the same glyphs give
/// the same tag, so the bytes do not change from one build to the next.
fn subset_tag(glyphs: &[u16]) -> String {
    let mut hash = Sha256::new();
    for g in glyphs {
        hash.update(g.to_be_bytes());
    }
    hash.finalize()
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// The face's Windows (Unicode) names that [`KEPT_NAMES`] lists, in every language it has
/// them, with the subset's own unique ID and PostScript name (`TAG+Name`).
fn names(source: Option<ReadName>, tag: &str) -> Name {
    let mut records: Vec<NameRecord> = Vec::new();
    let mut postscript = String::new();
    if let Some(name) = source {
        let strings = name.string_data();
        for r in name.name_record() {
            if r.platform_id() != 3 || r.encoding_id() != 1 {
                continue;
            }
            let Ok(text) = r.string(strings) else {
                continue;
            };
            let id = r.name_id().to_u16();
            if id == 6 && postscript.is_empty() {
                postscript = text.to_string();
            }
            if KEPT_NAMES.contains(&id) {
                records.push(NameRecord::new(
                    3,
                    1,
                    r.language_id(),
                    NameId::new(id),
                    text.to_string().into(),
                ));
            }
        }
    }
    if postscript.is_empty() {
        postscript = "Subset".into();
    }
    let own = format!("{tag}+{postscript}");
    for id in [3u16, 6] {
        records.push(NameRecord::new(
            3,
            1,
            0x409,
            NameId::new(id),
            own.clone().into(),
        ));
    }
    records.sort();
    records.dedup_by(|a, b| {
        (a.platform_id, a.encoding_id, a.language_id, a.name_id)
            == (b.platform_id, b.encoding_id, b.language_id, b.name_id)
    });
    Name::new(records)
}
