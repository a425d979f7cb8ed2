//! Font resolution: bundled faces on a bare machine, official faces found by
//! any of their names, overrides, fallback for characters outside GB2312.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use gongwen::fonts::{FontOptions, FontSet, Origin, Role};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts")
}

/// A temporary folder holding copies of the named fixture fonts.
fn dir_with(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in files {
        std::fs::copy(fixtures().join(f), dir.path().join(f)).unwrap();
    }
    dir
}

fn opts_with_dir(dir: &Path) -> FontOptions {
    FontOptions {
        overrides: BTreeMap::new(),
        system: false,
        extra_dirs: vec![dir.to_path_buf()],
        named_in: BTreeMap::new(),
    }
}

fn bare() -> FontSet {
    FontSet::resolve(&FontOptions::bundled_only()).expect("bundled fonts resolve")
}

fn seed_text() -> String {
    let raw = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts/seed_000.txt"),
    )
    .unwrap();
    raw.replace(',', "，").replace('(', "（").replace(')', "）")
}

#[test]
fn role_keys_round_trip() {
    for r in Role::ALL {
        assert_eq!(Role::from_key(r.key()), Some(r));
    }
    assert_eq!(Role::from_key("page-number"), Some(Role::PageNumber));
    assert_eq!(Role::from_key("footer"), None);
    assert_eq!(Role::Body.official_family(), "仿宋_GB2312");
    assert_eq!(Role::Title.official_family(), "方正小标宋简体");
    assert_eq!(Role::Heading1.official_family(), "黑体");
    assert_eq!(Role::Heading2.official_family(), "楷体_GB2312");
    assert_eq!(Role::PageNumber.official_family(), "宋体");
    assert_eq!(Role::Heading1.latin_family(), "Arial");
    assert_eq!(Role::Body.latin_family(), "Times New Roman");
}

#[test]
fn bare_machine_uses_bundled_faces() {
    let set = bare();
    let expected = [
        (Role::Title, "Noto Serif CJK SC", "Noto Serif CJK SC Bold"),
        (Role::Body, "FandolFang", "FandolFang R"),
        (Role::Heading1, "Noto Sans CJK SC", "Noto Sans CJK SC"),
        (Role::Heading2, "AR PL KaitiM GB", "AR PL KaitiM GB"),
        (Role::PageNumber, "Noto Serif CJK SC", "Noto Serif CJK SC"),
    ];
    for (role, family, full) in expected {
        let f = set.face(role);
        assert_eq!(f.origin(), Origin::Bundled, "{role}");
        assert_eq!(f.family(), family, "{role}");
        assert_eq!(f.full_name(), full, "{role}");
        assert!(f.path().is_none(), "{role}");
        assert!(f.data().len() > 1_000_000, "{role}");
        assert!(
            ttf_parser::Face::parse(f.data(), f.index()).is_ok(),
            "{role}"
        );
    }
    let d = set.describe();
    for role in Role::ALL {
        assert!(
            d.contains(role.key()) && d.contains(role.official_family()),
            "{d}"
        );
    }
    assert!(d.contains("bundled substitute"), "{d}");
    assert!(d.contains("NotoSerifCJKsc-Bold.gb2312.otf"), "{d}");
}

#[test]
fn seed_text_is_covered_by_every_gb2312_face() {
    let set = bare();
    let text = seed_text();
    assert!(text.chars().count() > 1000);
    for role in [Role::Title, Role::Body, Role::Heading1, Role::Heading2] {
        let face = set.face(role);
        let lacking: Vec<char> = text
            .chars()
            .filter(|c| !c.is_control() && !face.has_char(*c))
            .collect();
        assert!(lacking.is_empty(), "{role} lacks {lacking:?}");
        assert!(set.missing(role, &text).is_empty());
        assert!(set.needs_fallback(role, &text).is_empty());
    }
}

#[test]
fn official_document_punctuation_and_digits() {
    let set = bare();
    let text = "，。、；：？！“”‘’（）《》〔〕—…·%％0123456789ABCXYZabcxyz";
    // The Tibetan face is for Tibetan only: its punctuation comes from the chain.
    for role in Role::ALL.into_iter().filter(|&r| r != Role::Tibetan) {
        let face = set.face(role);
        for c in text.chars() {
            assert!(face.has_char(c), "{role} lacks {c:?}");
        }
        // Full-width punctuation takes a full em (— and · too: 一字线 around
        // page numbers, 间隔号 in names); digits do not.
        for c in "，。（）《》“”—·…".chars() {
            let adv = face.advance(face.glyph_id(c).unwrap());
            assert!((adv - 1.0).abs() < 0.01, "{role} {c}: {adv}");
        }
        for c in "0123456789".chars() {
            let adv = face.advance(face.glyph_id(c).unwrap());
            assert!(adv > 0.2 && adv < 0.7, "{role} {c}: {adv}");
        }
    }
}

#[test]
fn names_outside_gb2312_go_to_the_full_cjk_fallback() {
    let set = bare();
    let fallback = set.fallback();
    assert_eq!(fallback.family(), "Noto Serif CJK SC");
    for c in ['喆', '堃', '赟', '昇'] {
        for role in [Role::Title, Role::Body, Role::Heading1, Role::Heading2] {
            assert!(!set.face(role).has_char(c), "{role} should not have {c}");
        }
        assert!(fallback.has_char(c), "fallback lacks {c}");
        let f = set.face_for_char(Role::Body, c).expect("some face has it");
        assert!(std::ptr::eq(f, fallback), "{c} → {f:?}");
    }
    assert_eq!(
        set.needs_fallback(Role::Body, "张喆同志、王堃堃"),
        vec!['喆', '堃']
    );
    assert!(set.missing(Role::Body, "张喆同志").is_empty());
    // The CJK Unified Ideographs block as of Unicode 10 (Noto CJK 2.001 stops at
    // U+9FEA; U+9FEB..U+9FFF came in Unicode 11-14), and Extension A.
    let lacking: Vec<char> = (0x4E00..=0x9FEAu32)
        .chain(0x3400..=0x4DB5)
        .filter_map(char::from_u32)
        .filter(|c| !fallback.has_char(*c))
        .collect();
    assert!(
        lacking.is_empty(),
        "fallback lacks {} chars, e.g. {:?}",
        lacking.len(),
        &lacking[..lacking.len().min(10)]
    );
}

#[test]
fn private_use_characters_are_missing() {
    let set = bare();
    assert!(set.face_for_char(Role::Body, '\u{E000}').is_none());
    assert_eq!(
        set.missing(Role::Body, "甲\u{E000}乙\u{E000}\n丙\u{E001}"),
        vec!['\u{E000}', '\u{E001}']
    );
    assert!(set.needs_fallback(Role::Body, "\u{E000}").is_empty());
}

#[test]
fn advances_and_vertical_metrics() {
    let set = bare();
    let body = set.face(Role::Body);
    let zhong = body.advance(body.glyph_id('中').unwrap());
    assert!((zhong - 1.0).abs() < 0.01, "中 = {zhong} em");
    let one = body.advance(body.glyph_id('1').unwrap());
    assert!(one > 0.2 && one < 0.7, "1 = {one} em");
    // Tibetan stacks stand taller than ideographs: its face is measured in tests/tibetan.rs.
    for role in Role::ALL.into_iter().filter(|&r| r != Role::Tibetan) {
        let f = set.face(role);
        assert!(
            f.ascender() > 0.5 && f.ascender() < 1.3,
            "{role} ascender {}",
            f.ascender()
        );
        assert!(
            f.descender() < 0.0 && f.descender() > -0.5,
            "{role} descender {}",
            f.descender()
        );
    }
}

/// Every glyph and advance the whole `cmap` and `hmtx` of a face give, read the slow way.
fn whole_tables(data: &[u8], index: u32) -> (HashMap<u32, u16>, Vec<u16>) {
    let face = ttf_parser::Face::parse(data, index).unwrap();
    let mut cmap = HashMap::new();
    for sub in face.tables().cmap.unwrap().subtables {
        if sub.is_unicode() {
            sub.codepoints(|cp| {
                if let Some(g) = sub.glyph_index(cp).filter(|g| g.0 != 0) {
                    cmap.entry(cp).or_insert(g.0);
                }
            });
        }
    }
    let advances = (0..face.number_of_glyphs())
        .map(|g| face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0))
        .collect();
    (cmap, advances)
}

#[test]
fn per_character_lookups_agree_with_the_whole_tables() {
    let set = bare();
    let faces = set.chain(Role::Body);
    assert_eq!(faces.len(), 6, "every bundled face, the Tibetan one last");
    for face in faces {
        let (cmap, advances) = whole_tables(face.data(), face.index());
        let upem = f32::from(face.units_per_em());
        // Twice: the second pass reads what the first one remembered.
        for _ in 0..2 {
            for cp in (0..0x1_0000).chain(cmap.keys().copied().filter(|&cp| cp > 0xFFFF)) {
                let Some(c) = char::from_u32(cp) else {
                    continue;
                };
                assert_eq!(
                    face.glyph_id(c),
                    cmap.get(&cp).copied(),
                    "{} U+{cp:04X}",
                    face.full_name()
                );
            }
        }
        for (g, &a) in advances.iter().enumerate() {
            let g = u16::try_from(g).unwrap();
            assert_eq!(
                face.advance(g),
                f32::from(a) / upem,
                "{} glyph {g}",
                face.full_name()
            );
        }
    }
}

#[test]
fn one_set_of_fonts_serves_many_threads_alike() {
    let set = bare();
    let text: Vec<char> = seed_text().chars().collect();
    let alone: Vec<Option<u16>> = text
        .iter()
        .map(|&c| bare().face(Role::Body).glyph_id(c))
        .collect();
    std::thread::scope(|s| {
        let runs: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    text.iter()
                        .map(|&c| set.face(Role::Body).glyph_id(c))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for r in runs {
            assert_eq!(r.join().unwrap(), alone);
        }
    });
}

#[test]
fn official_faces_are_found_by_any_name() {
    let dir = dir_with(&[
        "fixture-title.ttf",
        "fixture-fang-legacy.ttf",
        "fixture-fang-plain.ttf",
        "fixture-hei.ttf",
        "fixture-kai-mac-gb.ttf",
        "simkai.ttf",
        "fixture-song.ttf",
        "fixture-named.ttf",
    ]);
    let set = FontSet::resolve(&opts_with_dir(dir.path())).unwrap();
    let expect = [
        // PostScript name FZXiaoBiaoSong-B05S
        (Role::Title, "fixture-title.ttf"),
        // Chinese 仿宋_GB2312 in a legacy GB-encoded name wins over "FangSong"
        (Role::Body, "fixture-fang-legacy.ttf"),
        // English family SimHei
        (Role::Heading1, "fixture-hei.ttf"),
        // Mac GB-encoded 楷体_GB2312 wins over the file name simkai.ttf
        (Role::Heading2, "fixture-kai-mac-gb.ttf"),
        // 宋体 only as a Chinese typographic family
        (Role::PageNumber, "fixture-song.ttf"),
    ];
    for (role, file) in expect {
        let f = set.face(role);
        assert_eq!(f.origin(), Origin::Official, "{role}: {f:?}");
        assert_eq!(f.path().unwrap().file_name().unwrap(), file, "{role}");
        assert!(f.has_char('中') && !f.has_char('喆'), "{role}");
    }
    assert_eq!(set.face(Role::Body).matched(), Some("仿宋_GB2312"));
    assert_eq!(set.face(Role::Heading1).family(), "SimHei");
    // Characters the tiny official face lacks come from the bundled faces.
    let f = set.face_for_char(Role::Body, '政').unwrap();
    assert_eq!(f.origin(), Origin::Bundled);
    assert_eq!(f.family(), "FandolFang");
    assert!(std::ptr::eq(
        set.face_for_char(Role::Body, '喆').unwrap(),
        set.fallback()
    ));
    assert_eq!(set.needs_fallback(Role::Body, "中国政府"), vec!['政', '府']);
    let d = set.describe();
    assert!(
        d.contains("fixture-fang-legacy.ttf") && d.contains("official"),
        "{d}"
    );
}

#[test]
fn official_face_by_file_name() {
    let dir = dir_with(&["simkai.ttf", "fixture-named.ttf"]);
    let set = FontSet::resolve(&opts_with_dir(dir.path())).unwrap();
    let f = set.face(Role::Heading2);
    assert_eq!(f.origin(), Origin::Official);
    assert_eq!(f.family(), "GW Fixture Kai");
    assert_eq!(f.matched(), Some("simkai.ttf"));
    // Nothing else is official in that folder.
    for role in [Role::Title, Role::Body, Role::Heading1, Role::PageNumber] {
        assert_eq!(set.face(role).origin(), Origin::Bundled, "{role}");
    }
}

#[test]
fn lower_tier_alias_is_used_when_alone() {
    let dir = dir_with(&["fixture-fang-plain.ttf"]);
    let set = FontSet::resolve(&opts_with_dir(dir.path())).unwrap();
    let f = set.face(Role::Body);
    assert_eq!(f.origin(), Origin::Official);
    assert_eq!(f.family(), "FangSong");
}

#[test]
fn named_override_by_family_and_by_path() {
    let dir = dir_with(&["fixture-named.ttf", "fixture-hei.ttf"]);
    let mut opts = opts_with_dir(dir.path());
    opts.overrides.insert(Role::Body, "GW Named Face".into());
    opts.overrides
        .insert(Role::Heading2, "gwnamedface-regular".into()); // PostScript name, any case
    let path = fixtures().join("fixture-title.ttf");
    opts.overrides
        .insert(Role::Title, path.to_string_lossy().into_owned());
    // A named override wins over an installed official face.
    opts.overrides
        .insert(Role::Heading1, "fixture-named.ttf".into());
    let set = FontSet::resolve(&opts).unwrap();
    for role in [Role::Body, Role::Heading2, Role::Heading1] {
        let f = set.face(role);
        assert_eq!(f.origin(), Origin::Named, "{role}");
        assert_eq!(f.family(), "GW Named Face", "{role}");
    }
    let t = set.face(Role::Title);
    assert_eq!(t.origin(), Origin::Named);
    assert_eq!(t.path().unwrap(), std::fs::canonicalize(&path).unwrap());
    assert_eq!(t.family(), "GW Fixture Title");
    assert!(t.has_char('中'));
    assert_eq!(set.face(Role::PageNumber).origin(), Origin::Bundled);
    assert!(set.describe().contains("named in options"));
}

#[test]
fn font_bytes_are_shared_never_copied() {
    let dir = dir_with(&["fixture-hei.ttf"]);
    let set = FontSet::resolve(&opts_with_dir(dir.path())).unwrap();
    let installed = set.face(Role::Heading1);
    assert_eq!(installed.origin(), Origin::Official);
    let bundled = set.face(Role::Body);
    assert_eq!(bundled.origin(), Origin::Bundled);
    for face in [installed, bundled] {
        let a = face.try_shared().unwrap();
        let b = face.try_shared().unwrap();
        assert!(
            std::sync::Arc::ptr_eq(&a, &b),
            "{}: read once",
            face.full_name()
        );
        let bytes = face.try_data().unwrap();
        assert_eq!(
            (*a).as_ref().as_ptr(),
            bytes.as_ptr(),
            "{}",
            face.full_name()
        );
    }
    // A bundled face is the binary's own copy: the same bytes for every set resolved.
    let again = bare();
    assert_eq!(
        again.face(Role::Body).try_data().unwrap().as_ptr(),
        bundled.try_data().unwrap().as_ptr()
    );
}

#[test]
fn named_override_can_pick_a_bundled_face() {
    let mut opts = FontOptions::bundled_only();
    opts.overrides.insert(Role::Body, "AR PL KaitiM GB".into());
    let set = FontSet::resolve(&opts).unwrap();
    let f = set.face(Role::Body);
    assert_eq!(f.origin(), Origin::Named);
    assert_eq!(f.family(), "AR PL KaitiM GB");
    assert!(f.path().is_none());
}

#[test]
fn unknown_name_falls_back_with_a_warning_and_a_missing_file_is_an_error() {
    let mut opts = FontOptions::bundled_only();
    opts.overrides.insert(Role::Body, "No Such Font 42".into());
    let set = FontSet::resolve(&opts).unwrap();
    // The role keeps the face it would have had without the name.
    assert_eq!(set.face(Role::Body).origin(), Origin::Bundled);
    let w = set.warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].code, "font-not-found");
    assert!(!w[0].is_error());
    let msg = &w[0].message;
    assert!(
        msg.contains("body") && msg.contains("仿宋_GB2312") && msg.contains("No Such Font 42"),
        "{msg}"
    );
    assert!(w[0].message_zh.as_deref().unwrap().contains("未找到"));

    let mut opts = FontOptions::bundled_only();
    opts.overrides
        .insert(Role::Title, "/nonexistent/dir/font.ttf".into());
    let err = FontSet::resolve(&opts).unwrap_err();
    assert_eq!(err.code, "font-file-not-found", "{err:?}");
    assert!(err.message.contains("/nonexistent/dir/font.ttf"));
    assert!(err.message_zh.as_deref().unwrap().contains("不存在"));

    let mut opts = FontOptions::bundled_only();
    let not_a_font = fixtures().join("make_fixtures.py");
    opts.overrides
        .insert(Role::Heading1, format!("{}#0", not_a_font.display()));
    // Not a font extension and not a font: reported as not found or unreadable, never a panic.
    assert!(FontSet::resolve(&opts).is_err());
}

#[test]
fn face_index_in_a_collection_path() {
    let mut opts = FontOptions::bundled_only();
    opts.overrides.insert(
        Role::Body,
        format!("{}#3", fixtures().join("simkai.ttf").display()),
    );
    let err = FontSet::resolve(&opts).unwrap_err();
    assert_eq!(err.code, "font-unreadable", "{err:?}");
    assert!(err.message.contains("#3"), "{err}");
}

#[test]
fn system_scan_resolves_without_error() {
    // Whatever is installed, resolving with a scan must succeed and never
    // report a face as "named".
    let t = std::time::Instant::now();
    let set = FontSet::resolve(&FontOptions::default()).unwrap();
    eprintln!(
        "system scan + resolve: {:?}\n{}",
        t.elapsed(),
        set.describe()
    );
    for role in Role::ALL {
        assert_ne!(set.face(role).origin(), Origin::Named);
    }
    let t = std::time::Instant::now();
    let n = gongwen::fonts::scan(&FontOptions::default()).len();
    eprintln!("scan alone: {:?}", t.elapsed());
    eprintln!("{n} installed faces");
}

#[test]
fn describe_tells_official_from_equivalent() {
    let dir = dir_with(&["fixture-fang-plain.ttf", "fixture-hei.ttf"]);
    let d = FontSet::resolve(&opts_with_dir(dir.path()))
        .unwrap()
        .describe();
    assert!(d.contains("accepted equivalent of 仿宋_GB2312"), "{d}");
    assert!(d.contains("official face, matched \"SimHei\""), "{d}");
    assert!(d.contains("fixture-hei.ttf"), "{d}");
}
