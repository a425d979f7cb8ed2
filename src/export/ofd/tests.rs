//! The OFD writer's parts on hand-made pages: what the example reports do not show (a glyph
//! drawn for a character other than its cmap's, spaces and missing glyphs inside a run, a
//! page with nothing on it) and the TrueType subsets' tables.

use std::sync::OnceLock;

use super::fonts::Fonts;
use super::{page, truetype, Ids};
use crate::fonts::{FontOptions, FontSet, Role};
use crate::layout::{Document, Item, Page, PlacedGlyph, Rule, StructRef, TextRun};

fn fonts() -> &'static FontSet {
    static F: OnceLock<FontSet> = OnceLock::new();
    F.get_or_init(|| FontSet::resolve(&FontOptions::bundled_only()).expect("bundled fonts"))
}

/// A body run of `text` from x = 100 pt, one glyph a character on a 16 pt pitch; `glyph`
/// overrides the glyph of the character at a position.
fn run(text: &str, glyph: &[(usize, u16)]) -> TextRun {
    let face = fonts().face(Role::Body);
    let mut glyphs = Vec::new();
    let mut at = 0;
    for (i, c) in text.chars().enumerate() {
        let id = glyph
            .iter()
            .find(|(k, _)| *k == i)
            .map(|(_, g)| *g)
            .unwrap_or_else(|| face.glyph_id(c).unwrap_or(0));
        glyphs.push(PlacedGlyph {
            id,
            x: 100.0 + 16.0 * i as f32,
            advance: 16.0,
            range: at..at + c.len_utf8(),
            dy: 0.0,
        });
        at += c.len_utf8();
    }
    TextRun {
        role: Role::Body,
        face: 0,
        size: 16.0,
        color: [0, 0, 0],
        baseline: 200.0,
        glyphs,
        text: text.to_string(),
        tag: StructRef::default(),
        lang: None,
    }
}

fn content(items: Vec<Item>) -> String {
    let doc = Document {
        pages: vec![Page {
            items,
            ..Page::default()
        }],
        ..Document::default()
    };
    let mut ids = Ids::default();
    let embedded = Fonts::collect(&doc, fonts(), &mut ids).unwrap();
    String::from_utf8(page::content(&doc.pages[0], &embedded, &mut ids)).unwrap()
}

#[test]
fn a_glyph_other_than_the_cmap_s_gets_a_cg_transform() {
    let face = fonts().face(Role::Body);
    let other = face.glyph_id('乙').unwrap();
    // 甲 drawn twice: first with its own glyph (the cmap's), then with 乙's.
    let xml = content(vec![Item::Text(run("甲甲", &[(1, other)]))]);
    // Subset glyphs in face order: .notdef, then 甲 and 乙 by their IDs.
    let own = face.glyph_id('甲').unwrap();
    let subset_other = if other < own { 1 } else { 2 };
    assert!(
        xml.contains(&format!(
            "<ofd:CGTransform CodePosition=\"1\" CodeCount=\"1\" GlyphCount=\"1\"><ofd:Glyphs>{subset_other}</ofd:Glyphs></ofd:CGTransform><ofd:TextCode"
        )),
        "{xml}"
    );
}

#[test]
fn spaces_and_missing_glyphs_split_text_codes_and_draw_nothing() {
    // A space and a glyph the face lacks (0) take their room; the glyphs after them keep
    // their places, in a TextCode of their own.
    let xml = content(vec![Item::Text(run("一二 三四五", &[(4, 0)]))]);
    let codes: Vec<&str> = xml
        .match_indices("<ofd:TextCode")
        .map(|(i, _)| &xml[i..])
        .collect();
    assert_eq!(codes.len(), 3, "{xml}");
    assert!(codes[0].starts_with("<ofd:TextCode X=\"1.411\" Y=\"6.209\" DeltaX=\"5.644\">一二<"));
    // 三 at 100 + 3 × 16 pt, 48 pt (16.933 mm) after 一.
    assert!(
        codes[1].starts_with("<ofd:TextCode X=\"18.344\" Y=\"6.209\">三<"),
        "{}",
        codes[1]
    );
    assert!(
        codes[2].starts_with("<ofd:TextCode X=\"29.633\" Y=\"6.209\">五<"),
        "{}",
        codes[2]
    );
}

#[test]
fn a_rule_is_a_filled_path_in_a_padded_boundary_and_an_empty_one_is_left_out() {
    let rule = |y1: f32| {
        Item::Rule(Rule {
            x0: 72.0,
            x1: 144.0,
            y0: 100.0,
            y1,
            color: [230, 0, 18],
        })
    };
    let xml = content(vec![rule(101.0), rule(100.0)]);
    assert_eq!(xml.matches("<ofd:PathObject ").count(), 1, "{xml}");
    assert!(xml.contains(
        "<ofd:PathObject ID=\"2\" Boundary=\"25.3 35.178 25.6 0.553\" Stroke=\"false\" Fill=\"true\">\
         <ofd:FillColor Value=\"230 0 18\"/>\
         <ofd:AbbreviatedData>M 0.1 0.1 L 25.5 0.1 L 25.5 0.453 L 0.1 0.453 C</ofd:AbbreviatedData>"
    ), "{xml}");
}

#[test]
fn a_blank_page_is_an_empty_layer() {
    let xml = content(Vec::new());
    assert!(
        xml.ends_with("<ofd:Content><ofd:Layer ID=\"1\"></ofd:Layer></ofd:Content></ofd:Page>"),
        "{xml}"
    );
}

#[test]
fn subsets_are_truetype_with_the_face_s_metrics_and_names() {
    for role in [Role::Body, Role::Heading2] {
        let face = fonts().face(role);
        let chars = ['国', '务', '院', 'A', '1'];
        let mut order: Vec<u16> = chars.iter().map(|&c| face.glyph_id(c).unwrap()).collect();
        order.sort();
        order.insert(0, 0);
        let cmap = chars
            .iter()
            .map(|&c| {
                let g = face.glyph_id(c).unwrap();
                (c, order.iter().position(|&o| o == g).unwrap() as u16)
            })
            .collect();
        let bytes = truetype::subset(face.data(), face.index(), &order, &cmap).unwrap();
        assert_eq!(
            bytes,
            truetype::subset(face.data(), face.index(), &order, &cmap).unwrap()
        );
        let sub = ttf_parser::Face::parse(&bytes, 0).expect("a font");
        assert!(sub.tables().glyf.is_some() && sub.tables().cff.is_none());
        assert_eq!(sub.number_of_glyphs(), 6);
        assert_eq!(sub.units_per_em(), face.units_per_em());
        for c in chars {
            let g = sub.glyph_index(c).unwrap();
            assert_eq!(cmap[&c], g.0);
            assert!(sub.glyph_bounding_box(g).is_some(), "{c} has no outline");
            let advance =
                f32::from(sub.glyph_hor_advance(g).unwrap()) / f32::from(face.units_per_em());
            assert!(
                (advance - face.advance(face.glyph_id(c).unwrap())).abs() < 0.002,
                "{c}"
            );
        }
        let family = sub
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
            .and_then(|n| n.to_string())
            .unwrap();
        assert!(
            face.family().contains(&family) || family.contains(face.family()),
            "{family}"
        );
        let ps = sub
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
            .and_then(|n| n.to_string())
            .unwrap();
        assert!(ps.len() > 7 && ps.as_bytes()[6] == b'+', "{ps}");
    }
}
