//! The OFD package (issue 14) as GB/T 33190-2016 and its readers want it: every XML part
//! valid against the standard's schemas; the literal `ofd:` prefix; IDs unique, above 0 and
//! at most MaxUnitID; no empty Boundary; DeltaX on every multi-character TextCode; decimal
//! colours; forward slashes; TrueType fonts whose cmap covers every character drawn; the
//! same pages as the layout (blank page and 版记 page included); an outline of the headings;
//! the same bytes for the same report.
//!
//! Needs xmllint (libxml2-utils) and the schemas in ../shared/ofd-schema (or
//! $OFD_SCHEMA_DIR); `.ci/ofd-readers` installs xmllint.

mod common;
mod ofd_support;

use std::collections::{BTreeMap, BTreeSet};

use gongwen::layout::{self, Item};
use gongwen::Format;
use ofd_support::{examples, glyphs, numbers, pages, part, Built, NS};

#[test]
fn every_xml_part_is_valid_against_the_schemas() {
    for b in examples() {
        let errors = ofd_support::schema_errors(&b.ofd);
        assert!(errors.is_empty(), "{}: {}", b.name, errors.join("\n"));
    }
}

#[test]
fn the_schema_check_catches_a_part_out_of_order() {
    // The validation above can fail: DocInfo's Title moved after its Author is refused.
    let b = &examples()[0];
    let mut parts = b.parts();
    let ofd = parts.iter_mut().find(|(n, _)| n == "OFD.xml").unwrap();
    let text = String::from_utf8(ofd.1.clone()).unwrap();
    let title_at = text.find("<ofd:Title>").unwrap();
    let title_end = text.find("</ofd:Title>").unwrap() + "</ofd:Title>".len();
    let title = &text[title_at..title_end];
    let author_end = text.find("</ofd:Author>").unwrap() + "</ofd:Author>".len();
    let moved = format!(
        "{}{}{}{}",
        &text[..title_at],
        &text[title_end..author_end],
        title,
        &text[author_end..]
    );
    ofd.1 = moved.into_bytes();
    let errors = ofd_support::schema_errors(&zip_parts(&parts));
    assert!(
        errors.iter().any(|e| e.starts_with("OFD.xsd")),
        "{errors:?}"
    );
}

fn zip_parts(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        z.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn the_package_starts_with_ofd_xml_and_names_parts_with_forward_slashes() {
    for b in examples() {
        let parts = b.parts();
        assert_eq!(parts[0].0, "OFD.xml", "{}", b.name);
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        for want in ["Doc_0/Document.xml", "Doc_0/PublicRes.xml"] {
            assert!(names.contains(&want), "{}: {names:?}", b.name);
        }
        assert!(!names.iter().any(|n| n.contains('\\')), "{names:?}");
        // No signature is made, so none is claimed.
        assert!(!names.iter().any(|n| n.contains("Signature")), "{names:?}");
        for (name, bytes) in &parts {
            if name.ends_with(".xml") {
                let text = std::str::from_utf8(bytes).unwrap();
                for loc in [
                    "BaseLoc=\"",
                    "<ofd:FontFile>",
                    "<ofd:DocRoot>",
                    "<ofd:PublicRes>",
                ] {
                    for (at, _) in text.match_indices(loc) {
                        let rest = &text[at + loc.len()..];
                        let value = &rest[..rest.find(['"', '<']).unwrap()];
                        assert!(!value.contains('\\'), "{name}: {value}");
                        assert!(!value.is_empty(), "{name}: empty {loc}");
                    }
                }
            }
        }
    }
}

/// Every element of every part is written `ofd:Name` in the OFD namespace, bound to the
/// prefix on the root: no default namespace, no other prefix.
#[test]
fn every_element_has_the_literal_ofd_prefix() {
    for b in examples() {
        for (name, bytes) in b.parts() {
            if !name.ends_with(".xml") {
                continue;
            }
            let text = std::str::from_utf8(&bytes).unwrap();
            assert!(!text.contains("xmlns=\""), "{name}: a default namespace");
            assert!(
                text.contains(&format!("xmlns:ofd=\"{NS}\"")),
                "{name}: the ofd prefix is not bound"
            );
            for (at, _) in text.match_indices('<') {
                let rest = &text[at + 1..];
                if rest.starts_with('?') {
                    continue;
                }
                let tag = rest.strip_prefix('/').unwrap_or(rest);
                assert!(
                    tag.starts_with("ofd:"),
                    "{name}: element without the ofd: prefix at {}",
                    &rest[..rest.len().min(40)]
                );
            }
            let doc = roxmltree::Document::parse(text).unwrap();
            for n in doc.descendants().filter(|n| n.is_element()) {
                assert_eq!(n.tag_name().namespace(), Some(NS), "{name}");
            }
        }
    }
}

#[test]
fn ids_are_unique_positive_and_at_most_max_unit_id() {
    for b in examples() {
        let parts = b.parts();
        let document = roxmltree::Document::parse(part(&parts, "Doc_0/Document.xml")).unwrap();
        let max: u32 = document
            .descendants()
            .find(|n| n.has_tag_name((NS, "MaxUnitID")))
            .and_then(|n| n.text())
            .unwrap()
            .parse()
            .unwrap();
        let mut seen = BTreeSet::new();
        let mut fonts = BTreeSet::new();
        for (name, bytes) in &parts {
            if !name.ends_with(".xml") {
                continue;
            }
            let doc = roxmltree::Document::parse(std::str::from_utf8(bytes).unwrap()).unwrap();
            for n in doc.descendants().filter(|n| n.is_element()) {
                if let Some(id) = n.attribute("ID") {
                    let id: u32 = id.parse().unwrap();
                    assert!(
                        id > 0 && id <= max,
                        "{}: {name}: ID {id}, MaxUnitID {max}",
                        b.name
                    );
                    assert!(seen.insert(id), "{}: {name}: ID {id} twice", b.name);
                    if n.has_tag_name((NS, "Font")) {
                        fonts.insert(id);
                    }
                }
            }
        }
        assert_eq!(
            seen.last(),
            Some(&max),
            "{}: MaxUnitID is the last ID",
            b.name
        );
        // Every reference points at something that exists.
        let page_ids: BTreeSet<u32> = pages(&parts).iter().map(|(id, _)| *id).collect();
        for n in document
            .descendants()
            .filter(|n| n.has_tag_name((NS, "Dest")))
        {
            let id: u32 = n.attribute("PageID").unwrap().parse().unwrap();
            assert!(page_ids.contains(&id), "{}: Dest to page {id}", b.name);
        }
        for page in glyphs(&parts) {
            for g in page {
                assert!(fonts.contains(&g.font), "{}: font {}", b.name, g.font);
            }
        }
    }
}

/// Boundary boxes are never empty, every multi-character TextCode has one DeltaX per
/// following glyph, and colours are three decimal values.
#[test]
fn boundaries_delta_x_and_colours_are_as_readers_need_them() {
    for b in examples() {
        let parts = b.parts();
        for (_, loc) in pages(&parts) {
            let doc = roxmltree::Document::parse(part(&parts, &loc)).unwrap();
            for n in doc.descendants().filter(|n| n.is_element()) {
                if let Some(bx) = n.attribute("Boundary") {
                    let v = numbers(bx);
                    assert!(
                        v.len() == 4 && v[2] > 0.0 && v[3] > 0.0,
                        "{loc}: Boundary {bx}"
                    );
                }
                if n.has_tag_name((NS, "TextCode")) {
                    let count = n.text().unwrap_or("").chars().count();
                    assert!(count > 0, "{loc}: an empty TextCode");
                    let deltas = n.attribute("DeltaX").map(numbers).unwrap_or_default();
                    assert_eq!(deltas.len(), count - 1, "{loc}: {:?}", n.text());
                    assert!(!n.text().unwrap().contains(char::is_whitespace), "{loc}");
                }
                if let Some(v) = n.attribute("Value") {
                    let parts: Vec<&str> = v.split(' ').collect();
                    assert_eq!(parts.len(), 3, "{loc}: colour {v}");
                    for p in parts {
                        assert!(p.parse::<u8>().is_ok(), "{loc}: colour {v}");
                    }
                }
            }
        }
    }
}

#[test]
fn doc_info_has_a_deterministic_doc_id_and_the_report_s_properties() {
    let [a, j] = [&examples()[0], &examples()[1]];
    let info = |b: &Built| {
        let parts = b.parts();
        let doc = roxmltree::Document::parse(part(&parts, "OFD.xml")).unwrap();
        doc.descendants()
            .filter(|n| {
                n.is_element() && n.parent().is_some_and(|p| p.has_tag_name((NS, "DocInfo")))
            })
            .map(|n| {
                (
                    n.tag_name().name().to_string(),
                    n.text().unwrap_or("").to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    let (ia, ij) = (info(a), info(j));
    let get = |i: &[(String, String)], k: &str| {
        i.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let id = get(&ia, "DocID");
    assert_eq!(id.len(), 32, "{id}");
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
    assert_ne!(id, get(&ij, "DocID"), "two reports, two DocIDs");
    assert_eq!(id, gongwen::export::ofd::doc_id(&a.report));
    assert_eq!(get(&ia, "Title"), "普兰县2025年法治政府建设年度报告");
    assert_eq!(get(&ia, "Author"), "普兰县人民政府");
    assert_eq!(get(&ia, "CreationDate"), "2025-12-31");
    assert_eq!(get(&ia, "Creator"), "gongwen");
    assert_eq!(get(&ia, "CreatorVersion"), env!("CARGO_PKG_VERSION"));
    assert_eq!(get(&ij, "Author"), "普兰县人民政府、普兰县司法局");
    assert_eq!(get(&ij, "CreationDate"), "2026-01-08");
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    let b = &examples()[1];
    let again = common::render(&b.report, Format::Ofd);
    assert!(again == b.ofd, "two OFDs of the joint notice differ");
}

/// The OFD has the layout's pages, with what each one draws: its runs' text and page
/// number, and its rules as filled PathObjects.
#[test]
fn pages_are_the_layout_s_pages() {
    for b in examples() {
        let parts = b.parts();
        let ofd = glyphs(&parts);
        assert_eq!(ofd.len(), b.layout.pages.len(), "{}", b.name);
        for (i, (page, placed)) in b.layout.pages.iter().zip(&ofd).enumerate() {
            let text: String = page
                .items
                .iter()
                .filter_map(|it| match it {
                    Item::Text(t) => Some(t.text.as_str()),
                    Item::Rule(_) => None,
                })
                .collect::<String>()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let drawn: String = placed.iter().map(|g| g.c).collect();
            assert_eq!(drawn, text, "{} page {}", b.name, i + 1);
            if let Some(n) = page.number {
                assert!(
                    drawn.contains(&format!("—{n}—")),
                    "{} page {}: {drawn}",
                    b.name,
                    i + 1
                );
            }
            let rules = page
                .items
                .iter()
                .filter(|it| matches!(it, Item::Rule(_)))
                .count();
            let loc = &pages(&parts)[i].1;
            let paths = part(&parts, loc).matches("<ofd:PathObject ").count();
            assert_eq!(paths, rules, "{} page {}", b.name, i + 1);
        }
    }
    // The joint notice's issuer mark and the rule under it are red, as in the PDF.
    let joint = &examples()[1];
    let parts = joint.parts();
    let first = part(&parts, &pages(&parts)[0].1);
    let [r, g, b] = gongwen::style::RED;
    let red = format!("<ofd:FillColor Value=\"{r} {g} {b}\"/>");
    let doc = roxmltree::Document::parse(first).unwrap();
    let red_of = |kind: &str| {
        doc.descendants()
            .filter(|n| n.has_tag_name((NS, kind)))
            .filter(|n| ofd_support::inner(first, n).contains(&red))
            .count()
    };
    assert!(red_of("PathObject") >= 1, "no red rule: {first}");
    assert!(red_of("TextObject") >= 1, "no red issuer mark: {first}");
}

/// Glyph positions are the layout's to a micrometre: the PDF writer reads the same ones.
#[test]
fn glyph_origins_are_the_layout_s() {
    for b in examples() {
        let ofd = glyphs(&b.parts());
        for (i, (page, placed)) in b.layout.pages.iter().zip(&ofd).enumerate() {
            let want: Vec<(char, f32, f32, f32)> = page
                .items
                .iter()
                .filter_map(|it| match it {
                    Item::Text(t) => Some(t),
                    Item::Rule(_) => None,
                })
                .flat_map(|t| {
                    t.glyphs.iter().filter_map(move |g| {
                        let c = t.text[g.range.clone()].chars().next()?;
                        (!c.is_whitespace()).then_some((c, g.x, t.baseline, t.size))
                    })
                })
                .collect();
            assert_eq!(want.len(), placed.len(), "{} page {}", b.name, i + 1);
            for (w, g) in want.iter().zip(placed) {
                let mm = |pt: f32| f64::from(pt) * 25.4 / 72.0;
                assert_eq!(w.0, g.c);
                assert!(
                    (mm(w.1) - g.x).abs() < 0.002,
                    "{} p{} {}: x {} vs {}",
                    b.name,
                    i + 1,
                    g.c,
                    mm(w.1),
                    g.x
                );
                assert!(
                    (mm(w.2) - g.y).abs() < 0.002,
                    "{} p{} {}: y {} vs {}",
                    b.name,
                    i + 1,
                    g.c,
                    mm(w.2),
                    g.y
                );
                assert!((mm(w.3) - g.size).abs() < 0.002, "{}: size", b.name);
            }
        }
    }
}

/// A body that ends on a full even page: an empty odd page, then the 版记 alone on the
/// next even page, in the OFD as in the PDF.
#[test]
fn the_blank_page_before_the_imprint_is_kept() {
    let fonts = common::bundled_fonts();
    let line = "本段正文恰好占满一行，用于把正文排到偶数页的最后一行为止。";
    let (report, laid) = (20..80)
        .find_map(|n| {
            let body: String = (0..n).map(|_| format!("  - {line}\n")).collect();
            let yaml = format!(
                "title: 某县2025年法治政府建设年度报告\nbody:\n{body}signature:\n  issuers: 某县人民政府\n  date: 2025-12-31\nimprint:\n  cc: [县委办公室]\n  printer: 某县人民政府办公室\n  date: 2026-01-05\n"
            );
            let r = common::parse(&yaml);
            let d = layout::layout(&r, fonts).ok()?;
            d.pages.iter().any(|p| p.blank).then_some((r, d))
        })
        .expect("some body length ends on a full even page");
    let b = ofd_support::build("blank", report);
    assert_eq!(b.layout, laid);
    let parts = b.parts();
    let placed = glyphs(&parts);
    assert_eq!(placed.len(), laid.pages.len());
    let blank = laid.pages.iter().position(|p| p.blank).unwrap();
    assert!(placed[blank].is_empty());
    let content = part(&parts, &pages(&parts)[blank].1);
    assert!(!content.contains("Object"), "{content}");
    let imprint = part(&parts, &pages(&parts)[blank + 1].1);
    assert!(
        imprint.matches("<ofd:PathObject ").count() >= 2,
        "{imprint}"
    );
    assert!(ofd_support::schema_errors(&b.ofd).is_empty());
}

#[test]
fn the_outline_lists_the_headings_on_their_pages() {
    for b in examples() {
        let parts = b.parts();
        let page_ids: Vec<u32> = pages(&parts).iter().map(|(id, _)| *id).collect();
        let doc = roxmltree::Document::parse(part(&parts, "Doc_0/Document.xml")).unwrap();
        let elems: Vec<(u8, String, u32, f64)> = doc
            .descendants()
            .filter(|n| n.has_tag_name((NS, "OutlineElem")))
            .map(|n| {
                let level = n
                    .ancestors()
                    .skip(1)
                    .filter(|a| a.has_tag_name((NS, "OutlineElem")))
                    .count() as u8;
                let dest = n
                    .children()
                    .find(|c| c.has_tag_name((NS, "Actions")))
                    .and_then(|a| a.descendants().find(|d| d.has_tag_name((NS, "Dest"))))
                    .unwrap();
                (
                    level,
                    n.attribute("Title").unwrap().to_string(),
                    dest.attribute("PageID").unwrap().parse().unwrap(),
                    dest.attribute("Top").unwrap().parse().unwrap(),
                )
            })
            .collect();
        assert!(!b.layout.outline.is_empty(), "{}", b.name);
        assert_eq!(elems.len(), b.layout.outline.len(), "{}", b.name);
        for (e, o) in elems.iter().zip(&b.layout.outline) {
            assert_eq!(e.0, o.level, "{}: {}", b.name, o.title);
            assert_eq!(e.1, o.title);
            assert_eq!(e.2, page_ids[o.page]);
            assert!((e.3 - f64::from(o.y) * 25.4 / 72.0).abs() < 0.002);
        }
    }
}

/// Fonts are TrueType (glyf outlines) files named .ttf, with a cmap that maps every
/// character drawn with them to a glyph with an outline, and the Chinese family a
/// name-based reader maps.
#[test]
fn fonts_are_truetype_subsets_covering_every_character_drawn() {
    for b in examples() {
        let parts = b.parts();
        let res = roxmltree::Document::parse(part(&parts, "Doc_0/PublicRes.xml")).unwrap();
        let base = res.root_element().attribute("BaseLoc").unwrap();
        let mut files: BTreeMap<u32, Vec<u8>> = BTreeMap::new();
        let mut families = BTreeSet::new();
        for f in res.descendants().filter(|n| n.has_tag_name((NS, "Font"))) {
            let id: u32 = f.attribute("ID").unwrap().parse().unwrap();
            assert!(!f.attribute("FontName").unwrap().is_empty());
            let family = f.attribute("FamilyName").unwrap();
            assert!(
                ["宋体", "仿宋", "楷体", "黑体"].contains(&family),
                "{family}"
            );
            families.insert(family);
            let file = f
                .children()
                .find(|c| c.has_tag_name((NS, "FontFile")))
                .and_then(|c| c.text())
                .unwrap();
            assert!(file.ends_with(".ttf"), "{file}");
            let name = format!("Doc_0/{base}/{file}");
            let bytes = parts.iter().find(|(n, _)| *n == name).unwrap().1.clone();
            assert_eq!(&bytes[..4], &[0, 1, 0, 0], "{name}: not a TrueType sfnt");
            files.insert(id, bytes);
        }
        // The four styles of a 公文: 宋 (title, page numbers), 仿宋 (body), 黑 (一、), 楷 (（一）).
        assert_eq!(families.len(), 4, "{}: {families:?}", b.name);
        let faces: BTreeMap<u32, ttf_parser::Face> = files
            .iter()
            .map(|(id, bytes)| (*id, ttf_parser::Face::parse(bytes, 0).expect("a font")))
            .collect();
        for face in faces.values() {
            assert!(face.tables().glyf.is_some() && face.tables().cff.is_none());
        }
        let mut checked = 0;
        for g in glyphs(&parts).iter().flatten() {
            let face = &faces[&g.font];
            let gid = face
                .glyph_index(g.c)
                .unwrap_or_else(|| panic!("{}: {} not in font {}'s cmap", b.name, g.c, g.font));
            assert!(
                face.glyph_bounding_box(gid).is_some(),
                "{}: {} has no outline",
                b.name,
                g.c
            );
            checked += 1;
        }
        assert!(checked > 500, "{checked}");
    }
}

#[test]
fn build_writes_the_ofd_by_default_and_on_request() {
    let yaml = std::fs::read_to_string(common::sample()).unwrap();
    let all = common::build(&yaml, &[], &["--bundled-fonts"]);
    assert_eq!(all.code, Some(0), "{}", all.stderr);
    let names: Vec<&str> = all.files.keys().map(String::as_str).collect();
    assert!(names.contains(&"r.ofd"), "{names:?}");
    let only = common::build(&yaml, &["ofd"], &["--bundled-fonts"]);
    assert_eq!(only.code, Some(0), "{}", only.stderr);
    let names: Vec<&str> = only.files.keys().map(String::as_str).collect();
    assert_eq!(names, ["r.ofd"]);
    assert!(only.files["r.ofd"] == all.files["r.ofd"]);
    assert!(only.files["r.ofd"] == examples()[0].ofd);
}
