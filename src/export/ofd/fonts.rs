//! The fonts of an OFD document: one resource per face the layout drew with, embedded as a
//! TrueType subset of the glyphs it drew ([`super::truetype`]), and described in
//! `PublicRes.xml` by its own family name and the Chinese family it stands for.

use std::collections::{BTreeMap, BTreeSet};

use skrifa::MetadataProvider;

use super::xml::Xml;
use super::{failed, Ids};
use crate::diag::Diagnostic;
use crate::fonts::{Face, FontSet};
use crate::layout::{self, Item, TextRun};

/// Where the font files go, relative to the document's folder (`Res`'s BaseLoc).
pub const RES_DIR: &str = "Res";

/// One face as the document embeds it.
pub struct Embedded<'a> {
    pub face: &'a Face,
    pub id: u32,
    /// Every glyph drawn with the face (its glyph IDs), `.notdef` among them.
    glyphs: BTreeSet<u16>,
    /// Each character drawn, with the glyph it was first drawn with.
    chars: BTreeMap<char, u16>,
    /// Face glyph ID → subset glyph ID.
    subset_ids: BTreeMap<u16, u16>,
}

impl Embedded<'_> {
    /// The file's name inside [`RES_DIR`].
    pub fn file_name(&self) -> String {
        format!("font_{}.ttf", self.id)
    }

    /// The subset's glyph ID of face glyph `gid`.
    pub fn subset_id(&self, gid: u16) -> Option<u16> {
        self.subset_ids.get(&gid).copied()
    }

    /// The subset's glyph ID that its cmap gives `c`: a glyph drawn for `c` but not this one
    /// needs a CGTransform.
    pub fn mapped(&self, c: char) -> Option<u16> {
        self.chars.get(&c).and_then(|g| self.subset_id(*g))
    }

    /// The subset font file.
    pub fn file(&self) -> Result<Vec<u8>, Diagnostic> {
        let data = self.face.try_data().map_err(failed)?;
        let order: Vec<u16> = self.subset_ids.keys().copied().collect();
        let chars = self
            .chars
            .iter()
            .filter_map(|(&c, &g)| Some((c, self.subset_id(g)?)))
            .collect();
        super::truetype::subset(data, self.face.index(), &order, &chars)
            .map_err(|e| failed(format!("font {}: {e}", self.face.full_name())))
    }
}

/// The faces a laid-out document draws with, in the order it first draws with them.
pub struct Fonts<'a> {
    set: &'a FontSet,
    pub embedded: Vec<Embedded<'a>>,
    by_face: BTreeMap<(usize, u32), usize>,
}

impl<'a> Fonts<'a> {
    /// Collects every glyph of `doc`, giving each face the next ID of `ids`.
    pub fn collect(
        doc: &layout::Document,
        set: &'a FontSet,
        ids: &mut Ids,
    ) -> Result<Fonts<'a>, Diagnostic> {
        let mut fonts = Fonts {
            set,
            embedded: Vec::new(),
            by_face: BTreeMap::new(),
        };
        let runs = doc.pages.iter().flat_map(|p| &p.items);
        for run in runs.filter_map(|i| match i {
            Item::Text(t) => Some(t),
            Item::Rule(_) => None,
        }) {
            let key = fonts.key(run)?;
            let at = match fonts.by_face.get(&key) {
                Some(&at) => at,
                None => {
                    fonts.embedded.push(Embedded {
                        face: fonts.face(run),
                        id: ids.next(),
                        glyphs: BTreeSet::from([0]),
                        chars: BTreeMap::new(),
                        subset_ids: BTreeMap::new(),
                    });
                    fonts.by_face.insert(key, fonts.embedded.len() - 1);
                    fonts.embedded.len() - 1
                }
            };
            let e = &mut fonts.embedded[at];
            if run.lang.is_some() {
                // Shaped glyphs are not the cmap's: the subset keeps them all, and its cmap
                // maps each character to the face's own glyph for it.
                for (_, glyphs) in super::shaped::codes(run) {
                    e.glyphs.extend(glyphs.iter().map(|g| g.id));
                }
                for c in run.text.chars().filter(|c| !c.is_whitespace()) {
                    if let Some(g) = e.face.glyph_id(c) {
                        e.glyphs.insert(g);
                        e.chars.entry(c).or_insert(g);
                    }
                }
                continue;
            }
            for (c, g) in drawn(run) {
                e.glyphs.insert(g.id);
                e.chars.entry(c).or_insert(g.id);
            }
        }
        for e in &mut fonts.embedded {
            e.subset_ids = e
                .glyphs
                .iter()
                .enumerate()
                .map(|(i, &g)| (g, u16::try_from(i).unwrap_or(u16::MAX)))
                .collect();
        }
        Ok(fonts)
    }

    /// The face run `run` is drawn with, as the PDF writer picks it.
    fn face(&self, run: &TextRun) -> &'a Face {
        let chain = self.set.chain(run.role);
        chain
            .get(run.face)
            .copied()
            .unwrap_or_else(|| self.set.face(run.role))
    }

    /// Faces shared by several roles are one resource: keyed by their data's address.
    fn key(&self, run: &TextRun) -> Result<(usize, u32), Diagnostic> {
        let face = self.face(run);
        let data = face.try_data().map_err(failed)?;
        Ok((data.as_ptr() as usize, face.index()))
    }

    /// The resource that draws `run`.
    pub fn of(&self, run: &TextRun) -> Option<&Embedded<'a>> {
        let key = self.key(run).ok()?;
        self.by_face.get(&key).map(|&i| &self.embedded[i])
    }

    /// `PublicRes.xml`.
    pub fn public_res(&self) -> Vec<u8> {
        let mut x = Xml::new("Res", &[("BaseLoc", RES_DIR)]);
        if !self.embedded.is_empty() {
            x.open("Fonts", &[]);
            for e in &self.embedded {
                let id = e.id.to_string();
                let (family, serif) = chinese_family(e.face);
                let mut attrs = vec![
                    ("ID", id.as_str()),
                    ("FontName", e.face.family()),
                    ("FamilyName", family),
                ];
                if is_bold(e.face) {
                    attrs.push(("Bold", "true"));
                }
                if serif {
                    attrs.push(("Serif", "true"));
                }
                x.open("Font", &attrs);
                x.leaf("FontFile", &[], &e.file_name());
                x.close();
            }
            x.close();
        }
        x.finish()
    }
}

/// The glyphs of a run that are drawn, with their characters: not the spaces (they only
/// take room), not a glyph the face lacks, nothing XML cannot carry.
pub fn drawn(run: &TextRun) -> impl Iterator<Item = (char, &layout::PlacedGlyph)> {
    run.glyphs.iter().filter_map(|g| {
        let c = drawn_char(run, g)?;
        Some((c, g))
    })
}

/// The character glyph `g` of `run` prints, when it prints one.
pub fn drawn_char(run: &TextRun, g: &layout::PlacedGlyph) -> Option<char> {
    let mut chars = run.text.get(g.range.clone())?.chars();
    let c = chars.next()?;
    let printable =
        chars.next().is_none() && g.id != 0 && !c.is_whitespace() && super::xml::is_xml_char(c);
    printable.then_some(c)
}

/// The Chinese family a face stands for, which readers that map fonts by name look up
/// (宋体, 仿宋, 楷体, 黑体), and whether it is a serif: read from the face's own names, so
/// an installed face keeps its style whatever role it serves.
fn chinese_family(face: &Face) -> (&'static str, bool) {
    let names = format!(
        "{} {} {}",
        face.family(),
        face.full_name(),
        face.postscript_name()
    )
    .to_lowercase();
    let has = |keys: &[&str]| keys.iter().any(|k| names.contains(k));
    if has(&["仿宋", "fang"]) {
        ("仿宋", true)
    } else if has(&["楷", "kai"]) {
        ("楷体", true)
    } else if has(&["黑", "hei", "sans", "gothic"]) {
        ("黑体", false)
    } else {
        ("宋体", true)
    }
}

fn is_bold(face: &Face) -> bool {
    skrifa::FontRef::from_index(face.data(), face.index())
        .map(|f| f.attributes().weight.value() >= 600.0)
        .unwrap_or(false)
}
