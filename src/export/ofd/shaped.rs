//! A shaped run (Tibetan) in OFD: its glyphs are not one per character, so each glyph gets a
//! TextCode of its own at the exact origin the layout gave it (X, and Y lowered or raised by the
//! glyph's offset), with a CGTransform naming the glyph; a cluster's characters are shared out
//! over its glyphs in order, so the TextCodes read back as the run's text.

use super::fonts::Embedded;
use super::units::{mm, um};
use super::xml::Xml;
use super::Ids;
use crate::layout::{PlacedGlyph, TextRun};

/// The characters each glyph of `run` carries and the glyphs (one, or the cluster's last ones
/// when a cluster has more glyphs than characters), cluster by cluster.
pub fn codes(run: &TextRun) -> Vec<(String, Vec<&PlacedGlyph>)> {
    let mut out: Vec<(String, Vec<&PlacedGlyph>)> = Vec::new();
    let mut i = 0;
    while i < run.glyphs.len() {
        let range = run.glyphs[i].range.clone();
        let mut j = i + 1;
        while j < run.glyphs.len() && run.glyphs[j].range == range {
            j += 1;
        }
        let chars: Vec<char> = run.text.get(range).unwrap_or("").chars().collect();
        // In x order, so that a reader sorting TextCodes by position reads the characters in
        // their order (a vowel sign's glyph often stands left of its base's).
        let mut cluster: Vec<&PlacedGlyph> = run.glyphs[i..j].iter().collect();
        cluster.sort_by(|a, b| a.x.total_cmp(&b.x));
        let n = chars.len().min(cluster.len());
        for k in 0..n {
            let last = k + 1 == n;
            let text: String = if last {
                chars[k..].iter().collect()
            } else {
                chars[k].to_string()
            };
            let glyphs = if last {
                cluster[k..].to_vec()
            } else {
                vec![cluster[k]]
            };
            out.push((text, glyphs));
        }
        i = j;
    }
    out.retain(|(t, g)| {
        !t.trim().is_empty()
            && g.iter().all(|g| g.id != 0)
            && t.chars().all(super::xml::is_xml_char)
    });
    out
}

/// The run's glyphs, one TextObject each: a CGTransform's CodePosition then means one thing
/// to every reader.
pub fn text(x: &mut Xml, run: &TextRun, font: &Embedded, ids: &mut Ids) {
    let baseline = um(run.baseline);
    // Stacks reach further above and below the baseline than ideographs.
    let top = um(run.baseline - run.size * 1.6);
    let bottom = um(run.baseline + run.size * 1.0);
    let pad = um(run.size * 0.5).max(1);
    for (chars, glyphs) in codes(run) {
        let gids: Vec<u16> = glyphs.iter().filter_map(|g| font.subset_id(g.id)).collect();
        if gids.is_empty() || gids.len() != glyphs.len() {
            continue;
        }
        let left = glyphs.iter().map(|g| um(g.x)).min().unwrap_or(0) - pad;
        let right = glyphs
            .iter()
            .map(|g| um(g.x + g.advance))
            .max()
            .unwrap_or(0)
            + pad;
        super::page::open_text_object(x, run, font, ids, [left, top, right, bottom]);
        let single = chars.chars().count() == 1 && gids.len() == 1;
        let mapped = chars.chars().next().and_then(|c| font.mapped(c));
        if !(single && mapped == gids.first().copied()) {
            let list: Vec<String> = gids.iter().map(u16::to_string).collect();
            x.open(
                "CGTransform",
                &[
                    ("CodePosition", "0"),
                    ("CodeCount", &chars.chars().count().to_string()),
                    ("GlyphCount", &gids.len().to_string()),
                ],
            );
            x.leaf("Glyphs", &[], &list.join(" "));
            x.close();
        }
        let g = glyphs[0];
        let x0 = mm(um(g.x) - left);
        let y0 = mm(baseline - um(g.dy) - top);
        x.leaf("TextCode", &[("X", &x0), ("Y", &y0)], &chars);
        x.close();
    }
}
