//! Complex-script shaping with HarfBuzz's rules (harfrust), for the runs that the grid cannot
//! place character by character: Tibetan stacks, vowel signs and subjoined letters become
//! glyphs that no cmap lookup gives, positioned by the face's GPOS.

use std::cell::RefCell;
use std::collections::HashMap;

use super::{bundled, Face};

/// One shaped glyph, in em (font units over units per em).
#[derive(Clone, Debug, PartialEq)]
pub struct Shaped {
    pub id: u16,
    /// Byte offset in the shaped text of the first character of the glyph's cluster.
    pub cluster: usize,
    pub advance: f32,
    /// Offset of the glyph from the pen, right and up.
    pub dx: f32,
    pub dy: f32,
}

/// Shapes a Tibetan run with `face`, left to right, as `hb-shape --script=tibt --language=bo`
/// does. `None` when the face cannot be read as an OpenType font.
pub fn shape_tibetan(face: &Face, text: &str) -> Option<Vec<Shaped>> {
    let (font, shaper) = shaper_for(face)?;
    let upem = f32::from(font.units_per_em().max(1));
    let mut buf = harfrust::Buffer::new();
    buf.push_str(text);
    buf.set_direction(harfrust::Direction::LeftToRight);
    buf.set_script(Some(harfrust::Script::TIBETAN));
    buf.set_language("bo".parse().ok());
    harfrust::shape(shaper, &mut buf, harfrust::ShapeOptions::new()).ok()?;
    let out = buf
        .glyph_infos()
        .iter()
        .zip(buf.glyph_positions())
        .map(|(info, pos)| Shaped {
            // A glyph id beyond u16 cannot be drawn from a TrueType face: .notdef stands for it
            // and the caller reports the character as missing.
            id: u16::try_from(info.glyph_id).unwrap_or(0),
            cluster: info.cluster as usize,
            advance: pos.x_advance as f32 / upem,
            dx: pos.x_offset as f32 / upem,
            dy: pos.y_offset as f32 / upem,
        })
        .collect();
    Some(out)
}

/// A face's font and shaper, built once per face and thread: building the shaper reads and
/// indexes the face's GSUB and GPOS lookups: done for each run (a run per line, as lines are
/// shaped again) it was 70 % of the time of a Tibetan report (137 pages: 2.4 → 0.7 s of CPU).
type Shaper = (
    &'static harfrust::Font,
    &'static harfrust::ShaperFont<'static, 'static>,
);

fn shaper_for(face: &Face) -> Option<Shaper> {
    // Per thread: a shaper is not shared between threads. Few faces ever shape (the Tibetan
    // ones of a run's fonts) on few threads (the pool's): what is kept stays small.
    thread_local! {
        static SHAPERS: RefCell<HashMap<(String, u32), Shaper>> = RefCell::default();
    }
    let key = (
        face.bundled_file()
            .map(str::to_string)
            .or_else(|| face.path().map(|p| p.display().to_string()))
            .unwrap_or_else(|| face.postscript_name().to_string()),
        face.index(),
    );
    if let Some(found) = SHAPERS.with(|s| s.borrow().get(&key).copied()) {
        return Some(found);
    }
    let font: &'static harfrust::Font = Box::leak(Box::new(harfrust_font(face)?));
    let shaper: &'static harfrust::ShaperFont<'static, 'static> =
        Box::leak(Box::new(harfrust::ShaperFont::new(font)));
    SHAPERS.with(|s| s.borrow_mut().insert(key, (font, shaper)));
    Some((font, shaper))
}

/// The face as harfrust reads it: a bundled face without a copy, an installed one copied
/// (shaping touches few runs of a document).
fn harfrust_font(face: &Face) -> Option<harfrust::Font> {
    let bundled = face
        .bundled_file()
        .and_then(|f| bundled::ALL.iter().find(|b| b.file == f));
    match bundled {
        Some(b) => harfrust::Font::new(b.data, face.index()),
        None => {
            let data = face.try_data().ok()?.to_vec();
            harfrust::Font::new(data, face.index())
        }
    }
}
