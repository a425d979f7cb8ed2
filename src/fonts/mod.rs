//! Fonts: which face each role of a GB/T 9704 document uses.
//!
//! Every role (title, body, heading levels 1 and 2, page numbers) has an
//! official face that offices use ([`Role::official_family`]). A face is
//! chosen per role in this order:
//!
//! 1. the face named in [`FontOptions::overrides`] (a font file path, or a
//!    name matched against every name of every installed face) — [`Origin::Named`];
//!    a name that no face carries is not an error: the role goes on to 2 and 3 and
//!    [`FontSet::warnings`] says so, where the name was written ([`NamedIn`]);
//! 2. the official face, when installed — [`Origin::Official`]; names are
//!    matched against every entry of the `name` table (family, typographic
//!    family, full name, PostScript name, in every language, including
//!    Chinese names in legacy GB/Big5 encodings) and against file names;
//! 3. the open substitute compiled into the binary — [`Origin::Bundled`].
//!
//! Characters missing from the chosen face are looked up in a fallback chain
//! ([`FontSet::face_for_char`]) ending in a bundled serif face that covers the
//! whole CJK Unified Ideographs block and Extension A.
//!
//! Scanning reads only the `name` and `OS/2` tables of installed fonts; the
//! data of a face is read once, when first used.

mod bundled;
mod glyphs;
mod names;
pub mod shaping;

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use glyphs::GlyphMemo;
use names::FaceNames;
use yoke::{Yoke, Yokeable};

use crate::diag::Diagnostic;
use crate::model::Loc;

/// A typographic role of a GB/T 9704 document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The document title and the issuing authority's red header (方正小标宋简体).
    Title,
    /// Body text (仿宋_GB2312).
    Body,
    /// First-level headings "一、" (黑体).
    Heading1,
    /// Second-level headings "（一）" (楷体_GB2312).
    Heading2,
    /// Page numbers (宋体).
    PageNumber,
    /// Tibetan text in any role (a bilingual document's Tibetan lines, names, the issuer mark).
    Tibetan,
}

impl Role {
    /// Every role, in document order.
    pub const ALL: [Role; 6] = [
        Role::Title,
        Role::Body,
        Role::Heading1,
        Role::Heading2,
        Role::PageNumber,
        Role::Tibetan,
    ];

    /// The key used in YAML and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Role::Title => "title",
            Role::Body => "body",
            Role::Heading1 => "heading1",
            Role::Heading2 => "heading2",
            Role::PageNumber => "page_number",
            Role::Tibetan => "tibetan",
        }
    }

    /// The role of a key (`page-number` is accepted for `page_number`).
    pub fn from_key(key: &str) -> Option<Role> {
        let k = key.trim().to_ascii_lowercase().replace('-', "_");
        Role::ALL.into_iter().find(|r| r.key() == k)
    }

    /// The official face's name, which the DOCX writes as the East Asian font.
    pub fn official_family(self) -> &'static str {
        match self {
            Role::Title => "方正小标宋简体",
            Role::Body => "仿宋_GB2312",
            Role::Heading1 => "黑体",
            Role::Heading2 => "楷体_GB2312",
            Role::PageNumber => "宋体",
            Role::Tibetan => "Microsoft Himalaya",
        }
    }

    /// A Latin face matching the role, for the DOCX `ascii`/`hAnsi` fonts:
    /// a serif for the Song/Fang/Kai roles, a sans for 黑体 headings.
    pub fn latin_family(self) -> &'static str {
        match self {
            Role::Heading1 => "Arial",
            Role::Title | Role::Body | Role::Heading2 | Role::PageNumber => "Times New Roman",
            // Word and WPS take a Tibetan run's face from the complex-script slot; the Latin
            // slots name the same face so that both readings agree.
            Role::Tibetan => "Noto Serif Tibetan",
        }
    }

    /// Names of the official face and its accepted equivalents, in tiers of
    /// decreasing preference. Entries ending in a font extension are file
    /// names; the others are matched against every name of a face.
    pub fn official_aliases(self) -> &'static [&'static [&'static str]] {
        match self {
            Role::Title => &[&[
                "方正小标宋简体",
                "方正小标宋_GBK",
                "FZXiaoBiaoSong-B05S",
                "FZXiaoBiaoSong-B05",
                "FZXBSJW.TTF",
                "FZXBSK.TTF",
            ]],
            Role::Body => &[
                &[
                    "仿宋_GB2312",
                    "FangSong_GB2312",
                    "仿宋_GB2312.ttf",
                    "FangSong_GB2312.ttf",
                ],
                &["仿宋", "FangSong", "simfang.ttf"],
                &["STFangsong", "华文仿宋", "STFANGSO.TTF"],
            ],
            Role::Heading1 => &[
                &["黑体", "SimHei", "simhei.ttf"],
                &["Heiti SC", "黑体-简", "STHeiti", "华文黑体"],
            ],
            Role::Heading2 => &[
                &[
                    "楷体_GB2312",
                    "KaiTi_GB2312",
                    "楷体_GB2312.ttf",
                    "KaiTi_GB2312.ttf",
                ],
                &["楷体", "KaiTi", "simkai.ttf"],
                &["Kaiti SC", "楷体-简", "STKaiti", "华文楷体", "STKAITI.TTF"],
            ],
            Role::PageNumber => &[
                &["宋体", "SimSun", "simsun.ttc", "simsun.ttf"],
                &["Songti SC", "宋体-简", "STSong", "华文宋体", "STSONG.TTF"],
            ],
            // The faces Tibetan offices use: Windows' own, and the national standard's
            // Qomolangma (珠穆朗玛) Uchen faces.
            Role::Tibetan => &[
                &["Microsoft Himalaya", "himalaya.ttf"],
                &[
                    "Qomolangma-Uchen Sarchen",
                    "Qomolangma-UchenSarchen",
                    "Qomolangma-Uchen Sarchung",
                    "Qomolangma-UchenSarchung",
                ],
            ],
        }
    }

    /// The weight to prefer when a name matches several faces of a family.
    fn preferred_weight(self) -> u16 {
        match self {
            Role::Title => 700,
            _ => 400,
        }
    }

    /// Index of the role's bundled face in [`bundled::ALL`].
    fn bundled_slot(self) -> usize {
        match self {
            Role::Title => 0,
            Role::Body => 1,
            Role::Heading1 => 2,
            Role::Heading2 => 3,
            Role::PageNumber => FALLBACK_SLOT,
            Role::Tibetan => TIBETAN_SLOT,
        }
    }

    /// Bundled faces to try after the role's own, closest in style first.
    fn bundled_affinity(self) -> [usize; 5] {
        // slots: 0 title (serif bold), 1 body (fangsong), 2 heading1 (sans),
        // 3 heading2 (kai), 4 fallback (serif regular, full CJK)
        match self {
            Role::Title => [0, 4, 2, 1, 3],
            Role::Body => [1, 3, 4, 0, 2],
            Role::Heading1 => [2, 4, 0, 1, 3],
            Role::Heading2 => [3, 1, 4, 0, 2],
            Role::PageNumber => [4, 1, 0, 2, 3],
            // Tibetan text meets Chinese punctuation and digits: the serif face covers them.
            Role::Tibetan => [4, 0, 1, 2, 3],
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

const FALLBACK_SLOT: usize = 4;
const TIBETAN_SLOT: usize = 5;

/// Why a face was chosen for a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Named in the options (YAML or command line).
    Named,
    /// The official face (or an accepted equivalent), found installed.
    Official,
    /// The open substitute embedded in the binary.
    Bundled,
}

/// Which fonts to use and where to look for them.
#[derive(Clone, Debug)]
pub struct FontOptions {
    /// Per role, a family/full/PostScript name or a font file path
    /// (`path/to/font.ttc#2` picks face 2 of a collection).
    pub overrides: BTreeMap<Role, String>,
    /// Scan the fonts installed on this machine.
    pub system: bool,
    /// Further folders to scan (recursively), whether or not `system` is set.
    pub extra_dirs: Vec<PathBuf>,
    /// Where each override was written; a role not listed counts as [`NamedIn::Options`].
    pub named_in: BTreeMap<Role, NamedIn>,
}

impl Default for FontOptions {
    /// Scan installed fonts, no overrides.
    fn default() -> Self {
        FontOptions {
            overrides: BTreeMap::new(),
            system: true,
            extra_dirs: Vec::new(),
            named_in: BTreeMap::new(),
        }
    }
}

impl FontOptions {
    /// Options for a bare machine: no installed fonts, bundled faces only.
    pub fn bundled_only() -> Self {
        FontOptions {
            system: false,
            ..Default::default()
        }
    }
}

/// Where a font name in [`FontOptions::overrides`] was written, so that a message about it
/// points the clerk to the place to change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum NamedIn {
    /// Set by a program using the library: no place to show.
    #[default]
    Options,
    /// `--font ROLE=FONT` on the command line.
    CommandLine,
    /// The report's `fonts:` entry (YAML path, line and column of the value).
    Report(Loc),
}

/// Puts a font message where the name was written: the YAML place, or the `--font` option.
fn placed(d: Diagnostic, role: Role, value: &str, named_in: &NamedIn) -> Diagnostic {
    match named_in {
        NamedIn::Options => d,
        NamedIn::Report(loc) => d.at(loc),
        NamedIn::CommandLine => {
            let flag = format!("--font {}={value}", role.key());
            let en = format!("{flag}: {}", d.message);
            let zh = d
                .message_zh
                .as_ref()
                .map(|m| format!("命令行参数 {flag}：{m}"));
            let mut d = d;
            d.message = en;
            d.message_zh = zh;
            d
        }
    }
}

/// A font file named in the options that cannot be used: the run cannot do what was asked.
fn file_error(role: Role, path: &Path, reason_en: &str, reason_zh: &str) -> Diagnostic {
    Diagnostic::error(
        "font-unreadable",
        format!(
            "cannot use {} as the font for role {role} ({}): {reason_en}",
            path.display(),
            role.official_family()
        ),
    )
    .help("give a TrueType or OpenType font file (.ttf, .otf, .ttc, .otc)")
    .zh(format!(
        "无法将 {} 用作 {role} 角色（{}）的字体：{reason_zh}",
        path.display(),
        role.official_family()
    ))
    .help_zh("请给出 TrueType 或 OpenType 字体文件（.ttf、.otf、.ttc、.otc）")
}

/// Why a font file could not be read, in Chinese (the library words it in English only).
fn font_io_zh(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof => {
            "不是可读取的字体文件".to_string()
        }
        _ => crate::diag::io_error_zh(e),
    }
}

/// The bytes of a font file, shared without copying: the bundled files in place in the binary,
/// an installed file read once and shared by every user of the face (the PDF writer on any
/// thread included).
pub type FontBytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// A face parsed once, borrowing the bytes it holds.
#[derive(Yokeable)]
struct Parsed<'a>(ttf_parser::Face<'a>);

/// What the layout reads of a face: its parsed tables and the metrics derived from them.
struct Metrics {
    face: Option<Yoke<Parsed<'static>, FontBytes>>,
    upem: f32,
    ascender: f32,
    descender: f32,
}

/// One face of a font file, bundled or installed.
pub struct Face {
    /// The file's bytes; for an installed file, read on first use.
    bytes: OnceLock<Result<FontBytes, String>>,
    index: u32,
    family: String,
    full_name: String,
    postscript: String,
    path: Option<PathBuf>,
    bundled_file: Option<&'static str>,
    about: Option<&'static str>,
    origin: Origin,
    /// The option value or alias that selected this face.
    matched: Option<String>,
    metrics: OnceLock<Metrics>,
    glyphs: GlyphMemo,
}

impl fmt::Debug for Face {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Face")
            .field("family", &self.family)
            .field("full_name", &self.full_name)
            .field("postscript", &self.postscript)
            .field("index", &self.index)
            .field("path", &self.path)
            .field("bundled_file", &self.bundled_file)
            .field("origin", &self.origin)
            .finish()
    }
}

impl Face {
    fn bundled(b: &bundled::Bundled, origin: Origin, matched: Option<String>) -> Face {
        let n = names::read_data_names(b.data)
            .ok()
            .and_then(|v| v.into_iter().next())
            .unwrap_or_default();
        let bytes: FontBytes = Arc::new(b.data);
        Face {
            bytes: OnceLock::from(Ok(bytes)),
            index: 0,
            family: n.family,
            full_name: n.full_name,
            postscript: n.postscript,
            path: None,
            bundled_file: Some(b.file),
            about: Some(b.about),
            origin,
            matched,
            metrics: OnceLock::new(),
            glyphs: GlyphMemo::new(),
        }
    }

    fn from_file(path: PathBuf, n: &FaceNames, origin: Origin, matched: String) -> Face {
        Face {
            bytes: OnceLock::new(),
            index: n.index,
            family: n.family.clone(),
            full_name: n.full_name.clone(),
            postscript: n.postscript.clone(),
            path: Some(path),
            bundled_file: None,
            about: None,
            origin,
            matched: Some(matched),
            metrics: OnceLock::new(),
            glyphs: GlyphMemo::new(),
        }
    }

    /// The whole font file (a collection for `.ttc`; see [`Face::index`]).
    /// An installed font is read on first use; if it cannot be read any
    /// more, this is empty (see [`Face::try_data`]).
    pub fn data(&self) -> &[u8] {
        self.try_data().unwrap_or(&[])
    }

    /// The font file's bytes, or why they cannot be read.
    pub fn try_data(&self) -> Result<&[u8], String> {
        self.shared_bytes().map(|b| (**b).as_ref())
    }

    /// The font file's bytes as a shared handle, for a writer that keeps them (the PDF's
    /// subsetter): never a copy.
    pub fn try_shared(&self) -> Result<FontBytes, String> {
        self.shared_bytes().cloned()
    }

    fn shared_bytes(&self) -> Result<&FontBytes, String> {
        self.bytes
            .get_or_init(|| {
                let path = self.path.as_deref().unwrap_or(Path::new(""));
                match std::fs::read(path) {
                    Ok(bytes) => Ok(Arc::new(bytes) as FontBytes),
                    Err(e) => Err(format!("{}: {e}", path.display())),
                }
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Index of the face in its collection (0 for a single font).
    pub fn index(&self) -> u32 {
        self.index
    }

    /// Family name (English typographic family when there is one).
    pub fn family(&self) -> &str {
        &self.family
    }

    /// Full name, e.g. "Noto Serif CJK SC Bold".
    pub fn full_name(&self) -> &str {
        &self.full_name
    }

    /// PostScript name.
    pub fn postscript_name(&self) -> &str {
        &self.postscript
    }

    /// Why this face was chosen.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// The installed file, `None` for a bundled face.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The option value or official alias that selected this face, if any.
    pub fn matched(&self) -> Option<&str> {
        self.matched.as_deref()
    }

    /// The file name under `fonts/` of a bundled face.
    pub fn bundled_file(&self) -> Option<&'static str> {
        self.bundled_file
    }

    fn metrics(&self) -> &Metrics {
        self.metrics.get_or_init(|| {
            let face: Option<Yoke<Parsed<'static>, FontBytes>> =
                self.shared_bytes().ok().and_then(|bytes| {
                    Yoke::try_attach_to_cart(
                        bytes.clone(),
                        |b: &(dyn AsRef<[u8]> + Send + Sync + 'static)| {
                            ttf_parser::Face::parse(b.as_ref(), self.index).map(Parsed)
                        },
                    )
                    .ok()
                });
            let Some(parsed) = face.as_ref().map(|y| &y.get().0) else {
                return Metrics {
                    face: None,
                    upem: 1000.0,
                    ascender: 0.88,
                    descender: -0.12,
                };
            };
            let upem = f32::from(parsed.units_per_em().max(1));
            Metrics {
                ascender: f32::from(parsed.ascender()) / upem,
                descender: f32::from(parsed.descender()) / upem,
                upem,
                face,
            }
        })
    }

    /// The glyph of a character, `None` when the face lacks it.
    pub fn glyph_id(&self, c: char) -> Option<u16> {
        self.glyphs.get_or(c, || {
            let face = &self.metrics().face.as_ref()?.get().0;
            // The first Unicode subtable mapping the character to a real glyph (not .notdef).
            face.tables()
                .cmap?
                .subtables
                .into_iter()
                .filter(|sub| sub.is_unicode())
                .find_map(|sub| sub.glyph_index(u32::from(c)).filter(|g| g.0 != 0))
                .map(|g| g.0)
        })
    }

    /// Whether the face has a glyph for the character.
    pub fn has_char(&self, c: char) -> bool {
        self.glyph_id(c).is_some()
    }

    /// Horizontal advance of a glyph, in em.
    pub fn advance(&self, glyph: u16) -> f32 {
        let m = self.metrics();
        m.face
            .as_ref()
            .and_then(|f| f.get().0.glyph_hor_advance(ttf_parser::GlyphId(glyph)))
            .map_or(0.0, |a| f32::from(a) / m.upem)
    }

    /// Units per em of the face.
    pub fn units_per_em(&self) -> u16 {
        self.metrics().upem as u16
    }

    /// Ascender above the baseline, in em (positive).
    pub fn ascender(&self) -> f32 {
        self.metrics().ascender
    }

    /// Descender, in em (negative: below the baseline).
    pub fn descender(&self) -> f32 {
        self.metrics().descender
    }

    fn same_source(&self, path: &Path, index: u32, origin: Origin) -> bool {
        self.path.as_deref() == Some(path) && self.index == index && self.origin == origin
    }
}

/// One face found by scanning font folders.
#[derive(Debug, Clone)]
pub struct InstalledFace {
    /// The font file.
    pub path: PathBuf,
    /// Index in the collection.
    pub index: u32,
    /// Display family name.
    pub family: String,
    /// Full name.
    pub full_name: String,
    /// PostScript name.
    pub postscript: String,
    /// Every decoded family/full/PostScript/style name, in all languages.
    pub names: Vec<String>,
    /// OS/2 weight class.
    pub weight: u16,
    norm: Vec<String>,
    file_norm: String,
    italic: bool,
}

/// The faces chosen for every role of one document.
pub struct FontSet {
    faces: Vec<Face>,
    primary: [usize; Role::ALL.len()],
    notes: [String; Role::ALL.len()],
    summary: String,
    /// Names asked for that no face carries, by role: the role uses its usual face instead.
    not_found: Vec<(Role, String)>,
    /// Whether installed fonts were scanned, for the advice in the warnings.
    system: bool,
    warnings: Vec<Diagnostic>,
}

impl fmt::Debug for FontSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("FontSet");
        for r in Role::ALL {
            d.field(r.key(), self.face(r));
        }
        d.finish()
    }
}

// A set of fonts is resolved once and shared by the threads that build reports in parallel.
const _: fn() = || {
    fn shared_across_threads<T: Send + Sync>() {}
    shared_across_threads::<FontSet>();
    shared_across_threads::<Face>();
};

fn role_pos(role: Role) -> usize {
    Role::ALL.iter().position(|&r| r == role).unwrap_or(0)
}

impl FontSet {
    /// Chooses a face for every role (see the module documentation for the
    /// order). A name in `opts.overrides` that no face carries does not stop
    /// the document: the role uses the face it would have used without the
    /// name, and [`FontSet::warnings`] says so. Fails only when a font *file*
    /// named in the options does not exist or cannot be read as a font.
    pub fn resolve(opts: &FontOptions) -> Result<FontSet, Diagnostic> {
        let scanning = opts.system || !opts.extra_dirs.is_empty();
        let installed = if scanning { scan(opts) } else { Vec::new() };
        FontSet::resolve_scanned(opts, &installed)
    }

    /// [`FontSet::resolve`] with the faces [`scan`] found for the same `system` and
    /// `extra_dirs`: a run that resolves several sets scans the installed fonts once.
    pub fn resolve_scanned(
        opts: &FontOptions,
        installed: &[InstalledFace],
    ) -> Result<FontSet, Diagnostic> {
        let mut faces: Vec<Face> = bundled::ALL
            .iter()
            .map(|b| Face::bundled(b, Origin::Bundled, None))
            .collect();
        let scanning = opts.system || !opts.extra_dirs.is_empty();
        let bundled_names: Vec<(usize, InstalledFace)> = bundled::ALL
            .iter()
            .enumerate()
            .filter_map(|(slot, b)| {
                let n = names::read_data_names(b.data).ok()?.into_iter().next()?;
                Some((slot, installed_face(PathBuf::from(b.file), n)))
            })
            .collect();

        let mut primary = [0usize; Role::ALL.len()];
        let mut notes: [String; Role::ALL.len()] = Default::default();
        let mut not_found = Vec::new();
        for role in Role::ALL {
            let pos = role_pos(role);
            let mut unfound_note = String::new();
            if let Some(value) = opts.overrides.get(&role) {
                let named_in = opts.named_in.get(&role).cloned().unwrap_or_default();
                let found = resolve_named(role, value, installed, &bundled_names, &mut faces)
                    .map_err(|d| placed(d, role, value.trim(), &named_in))?;
                if let Some((idx, note)) = found {
                    primary[pos] = idx;
                    notes[pos] = note;
                    continue;
                }
                not_found.push((role, value.trim().to_string()));
                unfound_note = format!("\"{}\" named in options was not found; ", value.trim());
            }
            if let Some((cand, alias, tier)) = find_official(role, installed) {
                let idx = push_file_face(&mut faces, cand, Origin::Official, alias.to_string());
                primary[pos] = idx;
                notes[pos] = if tier == 0 {
                    format!("{unfound_note}official face, matched \"{alias}\"")
                } else {
                    format!(
                        "{unfound_note}accepted equivalent of {} (not installed), matched \"{alias}\"",
                        role.official_family()
                    )
                };
                continue;
            }
            primary[pos] = role.bundled_slot();
            let looked: Vec<&str> = role
                .official_aliases()
                .iter()
                .flat_map(|t| t.iter().copied())
                .collect();
            notes[pos] = if scanning {
                format!(
                    "{unfound_note}substitute: no installed face matches {}",
                    looked.join(" / ")
                )
            } else {
                format!("{unfound_note}substitute: installed fonts not scanned")
            };
        }

        let mut summary = String::new();
        if opts.system {
            summary.push_str("installed fonts scanned");
        } else {
            summary.push_str("installed fonts not scanned");
        }
        for d in &opts.extra_dirs {
            summary.push_str(&format!(
                "; extra folder {}{}",
                d.display(),
                if d.is_dir() { "" } else { " (does not exist)" }
            ));
        }
        let files: HashSet<&Path> = installed.iter().map(|f| f.path.as_path()).collect();
        if scanning {
            summary.push_str(&format!(
                ": {} faces in {} files",
                installed.len(),
                files.len()
            ));
        }
        let mut set = FontSet {
            faces,
            primary,
            notes,
            summary,
            not_found,
            system: opts.system,
            warnings: Vec::new(),
        };
        set.warnings = set.warnings_for(opts);
        Ok(set)
    }

    /// Warnings about the fonts asked for: each name that no face carries, with the face used
    /// instead, placed where the name was written.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The same warnings placed by other options naming the same fonts (another report that
    /// writes the same `fonts:` on other lines shares this set).
    pub fn warnings_for(&self, opts: &FontOptions) -> Vec<Diagnostic> {
        self.not_found
            .iter()
            .map(|(role, name)| {
                let face = self.face(*role);
                let (using_en, using_zh) = match face.origin {
                    Origin::Official => (
                        format!("using the installed official font {}", face.full_name),
                        format!("改用已安装的标准字体“{}”", face.full_name),
                    ),
                    _ => (
                        format!("using the bundled substitute {}", face.full_name),
                        format!("改用内置替代字体“{}”", face.full_name),
                    ),
                };
                let d = Diagnostic::warning(
                    "font-not-found",
                    format!(
                        "no font named \"{name}\" was found for role {role} ({}); {using_en}",
                        role.official_family()
                    ),
                )
                .zh(format!(
                    "未找到名为“{name}”的字体（{role} 角色，标准字体 {}）；{using_zh}",
                    role.official_family()
                ));
                let d = if self.system {
                    d.help(format!(
                        "install the font, or give the path of its file (e.g. `--font {role}=/path/to/font.ttf`); `gongwen fonts` lists the fonts found"
                    ))
                    .help_zh(format!(
                        "请安装该字体，或写出字体文件的路径（例如 --font {role}=/path/to/font.ttf）；gongwen fonts 会列出找到的字体"
                    ))
                } else {
                    d.help("installed fonts were not scanned (--bundled-fonts); drop that option to use an installed font, or give the path of the font file")
                        .help_zh("未扫描已安装的字体（使用了 --bundled-fonts）；去掉该选项即可使用已安装的字体，或写出字体文件的路径")
                };
                let named_in = opts.named_in.get(role).cloned().unwrap_or_default();
                placed(d, *role, name, &named_in)
            })
            .collect()
    }

    /// The primary face of a role.
    pub fn face(&self, role: Role) -> &Face {
        &self.faces[self.primary[role_pos(role)]]
    }

    /// The last-resort face: bundled, covering all of CJK Unified
    /// Ideographs U+4E00–U+9FFF and Extension A.
    pub fn fallback(&self) -> &Face {
        &self.faces[FALLBACK_SLOT]
    }

    /// The faces tried for a role, in order: the primary face, the role's
    /// bundled face, the other bundled faces closest in style (regular
    /// weights first), with the full-CJK fallback before the bundled faces of
    /// a different style or weight.
    pub fn chain(&self, role: Role) -> Vec<&Face> {
        self.chain_idx(role).map(|i| &self.faces[i]).collect()
    }

    fn chain_idx(&self, role: Role) -> impl Iterator<Item = usize> {
        let primary = self.primary[role_pos(role)];
        // Every role ends in the Tibetan faces, so a Tibetan name in a Chinese line is drawn
        // with the face the office chose for Tibetan.
        let tibetan = self.primary[role_pos(Role::Tibetan)];
        let mut seen: Vec<usize> = Vec::with_capacity(8);
        std::iter::once(primary)
            .chain(role.bundled_affinity())
            .chain([tibetan, TIBETAN_SLOT])
            .filter(move |&slot| {
                let fresh = !seen.contains(&slot);
                if fresh {
                    seen.push(slot);
                }
                fresh
            })
    }

    /// The first face in the role's chain that has the character; `None`
    /// when no face has it.
    pub fn face_for_char(&self, role: Role, c: char) -> Option<&Face> {
        self.glyph_in_chain(role, c).map(|(_, face, _)| face)
    }

    /// The first face in the role's chain that has the character, with its position in
    /// [`FontSet::chain`] and the character's glyph in it.
    pub fn glyph_in_chain(&self, role: Role, c: char) -> Option<(usize, &Face, u16)> {
        self.chain_idx(role).enumerate().find_map(|(pos, i)| {
            let face = &self.faces[i];
            face.glyph_id(c).map(|g| (pos, face, g))
        })
    }

    /// Characters of `text` that no face of the role's chain has (each once,
    /// in order of appearance; control characters such as line breaks are
    /// ignored).
    pub fn missing(&self, role: Role, text: &str) -> Vec<char> {
        let mut seen = HashSet::new();
        text.chars()
            .filter(|c| !c.is_control() && seen.insert(*c))
            .filter(|&c| self.face_for_char(role, c).is_none())
            .collect()
    }

    /// Characters of `text` that the role's primary face lacks but a face
    /// later in the chain has (each once, in order; control characters
    /// ignored). Tibetan drawn with the Tibetan face is where it belongs, not
    /// a fallback.
    pub fn needs_fallback(&self, role: Role, text: &str) -> Vec<char> {
        let primary = self.face(role);
        let tibetan = self.face(Role::Tibetan);
        let mut seen = HashSet::new();
        text.chars()
            .filter(|c| !c.is_control() && seen.insert(*c))
            .filter(|&c| !(('\u{0F00}'..='\u{0FFF}').contains(&c) && tibetan.has_char(c)))
            .filter(|&c| !primary.has_char(c) && self.face_for_char(role, c).is_some())
            .collect()
    }

    /// A human-readable report: per role, the face used, its file, whether
    /// it is the official face or a substitute, and why.
    pub fn describe(&self) -> String {
        let mut s = format!("Fonts ({})\n", self.summary);
        for role in Role::ALL {
            let face = self.face(role);
            let kind = match face.origin {
                Origin::Named => "named in options",
                Origin::Official => "official",
                Origin::Bundled => "bundled substitute",
            };
            s.push_str(&format!(
                "{:<12} {} → {} ({kind})\n",
                role.key(),
                role.official_family(),
                face.full_name
            ));
            s.push_str(&format!("{:<12}   file: {}\n", "", face_location(face)));
            s.push_str(&format!(
                "{:<12}   why: {}\n",
                "",
                self.notes[role_pos(role)]
            ));
        }
        let fb = self.fallback();
        s.push_str(&format!(
            "{:<12} characters a role's faces lack → {} (file: {})\n",
            "fallback",
            fb.full_name,
            face_location(fb)
        ));
        s
    }
}

fn face_location(face: &Face) -> String {
    match (&face.path, face.bundled_file) {
        (Some(p), _) if face.index > 0 => format!("{} (face #{})", p.display(), face.index),
        (Some(p), _) => p.display().to_string(),
        (None, Some(b)) => format!(
            "embedded fonts/{b}{}",
            face.about.map(|a| format!(" — {a}")).unwrap_or_default()
        ),
        (None, None) => "?".to_string(),
    }
}

fn push_file_face(
    faces: &mut Vec<Face>,
    cand: &InstalledFace,
    origin: Origin,
    matched: String,
) -> usize {
    if let Some(i) = faces
        .iter()
        .position(|f| f.same_source(&cand.path, cand.index, origin))
    {
        return i;
    }
    let n = FaceNames {
        index: cand.index,
        all: cand.names.clone(),
        family: cand.family.clone(),
        full_name: cand.full_name.clone(),
        postscript: cand.postscript.clone(),
        weight: cand.weight,
        italic: cand.italic,
    };
    faces.push(Face::from_file(cand.path.clone(), &n, origin, matched));
    faces.len() - 1
}

fn installed_face(path: PathBuf, n: FaceNames) -> InstalledFace {
    let file_norm = path
        .file_name()
        .map(|f| f.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    InstalledFace {
        norm: n.all.iter().map(|s| names::normalize(s)).collect(),
        file_norm,
        path,
        index: n.index,
        family: n.family,
        full_name: n.full_name,
        postscript: n.postscript,
        names: n.all,
        weight: n.weight,
        italic: n.italic,
    }
}

const FONT_EXTENSIONS: [&str; 4] = ["ttf", "otf", "ttc", "otc"];

fn has_font_extension(s: &str) -> bool {
    Path::new(s)
        .extension()
        .map(|e| FONT_EXTENSIONS.contains(&e.to_string_lossy().to_lowercase().as_str()))
        .unwrap_or(false)
}

/// How well a face matches a name: 2 = one of its names, 1 = its file name.
fn match_rank(face: &InstalledFace, name: &str) -> u8 {
    if has_font_extension(name) && face.file_norm == name.to_lowercase() {
        return 1;
    }
    let n = names::normalize(name);
    if !n.is_empty() && face.norm.contains(&n) {
        2
    } else {
        0
    }
}

/// The best of several faces matching a name for a role: a name match before
/// a file-name match, then the weight closest to the role's, upright before
/// italic, then by path and index (deterministic).
fn best<'a>(
    role: Role,
    cands: impl Iterator<Item = (&'a InstalledFace, u8)>,
) -> Option<&'a InstalledFace> {
    let want = i32::from(role.preferred_weight());
    cands
        .filter(|(_, rank)| *rank > 0)
        .min_by(|(a, ra), (b, rb)| {
            rb.cmp(ra)
                .then_with(|| {
                    (i32::from(a.weight) - want)
                        .abs()
                        .cmp(&(i32::from(b.weight) - want).abs())
                })
                .then_with(|| a.italic.cmp(&b.italic))
                .then_with(|| a.path.cmp(&b.path))
                .then_with(|| a.index.cmp(&b.index))
        })
        .map(|(f, _)| f)
}

/// The installed face best matching the role's official aliases, the alias
/// that matched and the tier of that alias (0 = the official face itself).
fn find_official(
    role: Role,
    installed: &[InstalledFace],
) -> Option<(&InstalledFace, &'static str, usize)> {
    for (tier_no, tier) in role.official_aliases().iter().enumerate() {
        let scored = installed.iter().filter_map(|f| {
            tier.iter()
                .map(|a| (match_rank(f, a), *a))
                .max_by_key(|(r, _)| *r)
                .filter(|(r, _)| *r > 0)
                .map(|(r, a)| (f, r, a))
        });
        let scored: Vec<_> = scored.collect();
        if let Some(face) = best(role, scored.iter().map(|(f, r, _)| (*f, *r))) {
            let alias = scored
                .iter()
                .find(|(f, _, _)| std::ptr::eq(*f, face))
                .map(|(_, _, a)| *a)
                .unwrap_or(tier[0]);
            return Some((face, alias, tier_no));
        }
    }
    None
}

fn split_face_index(value: &str) -> (&str, Option<u32>) {
    if let Some((p, n)) = value.rsplit_once('#') {
        if has_font_extension(p) {
            if let Ok(i) = n.trim().parse() {
                return (p, Some(i));
            }
        }
    }
    (value, None)
}

/// The face a name or path in the options selects; `None` when no face carries the name
/// (the caller falls back); an error when a font file is named that cannot be used.
fn resolve_named(
    role: Role,
    value: &str,
    installed: &[InstalledFace],
    bundled_names: &[(usize, InstalledFace)],
    faces: &mut Vec<Face>,
) -> Result<Option<(usize, String)>, Diagnostic> {
    let value = value.trim();
    let (path_part, face_index) = split_face_index(value);
    let path = Path::new(path_part);
    let looks_like_path =
        path_part.contains('/') || path_part.contains('\\') || has_font_extension(path_part);
    if looks_like_path && path.is_file() {
        let list = names::read_file_names(path)
            .map_err(|e| file_error(role, path, &e.to_string(), &font_io_zh(&e)))?;
        let n = match face_index {
            Some(i) => list.into_iter().find(|n| n.index == i).ok_or_else(|| {
                file_error(
                    role,
                    path,
                    &format!("it has no face #{i}"),
                    &format!("其中没有编号为 #{i} 的字体"),
                )
            })?,
            None => list
                .into_iter()
                .next()
                .expect("read_file_names returns at least one face"),
        };
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        // Check now that the whole font parses, rather than failing later.
        let face = Face::from_file(abs, &n, Origin::Named, value.to_string());
        let data = face
            .try_data()
            .map_err(|e| file_error(role, path, &e, "文件无法读取"))?;
        if let Err(e) = ttf_parser::Face::parse(data, n.index) {
            return Err(file_error(
                role,
                path,
                &e.to_string(),
                "字体文件已损坏，无法解析",
            ));
        }
        faces.push(face);
        return Ok(Some((
            faces.len() - 1,
            format!("file named in options: {value}"),
        )));
    }
    if path_part.contains('/') || path_part.contains('\\') {
        return Err(Diagnostic::error(
            "font-file-not-found",
            format!(
                "the font file {} for role {role} ({}) does not exist",
                path.display(),
                role.official_family()
            ),
        )
        .help("check the path; a name without `/` is looked up among the installed fonts")
        .zh(format!(
            "{} 角色（{}）的字体文件 {} 不存在",
            role,
            role.official_family(),
            path.display()
        ))
        .help_zh("请检查路径；不含 / 的名称会在已安装的字体中查找"));
    }
    // A name (or a bare file name): installed faces first, then bundled ones.
    if let Some(face) = best(role, installed.iter().map(|f| (f, match_rank(f, value)))) {
        let idx = push_file_face(faces, face, Origin::Named, value.to_string());
        return Ok(Some((idx, format!("named in options: \"{value}\""))));
    }
    if let Some(face) = best(
        role,
        bundled_names.iter().map(|(_, f)| (f, match_rank(f, value))),
    ) {
        let slot = bundled_names
            .iter()
            .find(|(_, f)| std::ptr::eq(f, face))
            .map(|(s, _)| *s)
            .unwrap_or(0);
        faces.push(Face::bundled(
            &bundled::ALL[slot],
            Origin::Named,
            Some(value.to_string()),
        ));
        return Ok(Some((
            faces.len() - 1,
            format!("named in options: \"{value}\" (a bundled face)"),
        )));
    }
    Ok(None)
}

/// Lists the faces found in the installed font folders (when
/// `opts.system`) and in `opts.extra_dirs`, reading only their names.
pub fn scan(opts: &FontOptions) -> Vec<InstalledFace> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if opts.system {
        dirs.extend(system_font_dirs());
    }
    dirs.extend(opts.extra_dirs.iter().cloned());
    let mut files = Vec::new();
    let mut seen_dirs = HashSet::new();
    let mut seen_files = HashSet::new();
    for d in dirs {
        walk(&d, 0, &mut seen_dirs, &mut seen_files, &mut files);
    }
    files.sort();
    let mut out = Vec::new();
    for path in files {
        if let Ok(list) = names::read_file_names(&path) {
            out.extend(list.into_iter().map(|n| installed_face(path.clone(), n)));
        }
    }
    out
}

fn walk(
    dir: &Path,
    depth: usize,
    seen_dirs: &mut HashSet<PathBuf>,
    seen_files: &mut HashSet<PathBuf>,
    files: &mut Vec<PathBuf>,
) {
    if depth > 10 {
        return;
    }
    let Ok(canon) = std::fs::canonicalize(dir) else {
        return;
    };
    if !seen_dirs.insert(canon) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, depth + 1, seen_dirs, seen_files, files);
        } else if has_font_extension(&p.to_string_lossy()) {
            let canon = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
            if seen_files.insert(canon) {
                files.push(p);
            }
        }
    }
}

/// Folders where the operating system keeps fonts, plus the folders where
/// `fontdb` (which reads the fontconfig configuration) found fonts.
fn system_font_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if cfg!(target_os = "windows") {
        if let Some(w) = std::env::var_os("WINDIR").or_else(|| std::env::var_os("SystemRoot")) {
            dirs.push(PathBuf::from(w).join("Fonts"));
        }
        if let Some(l) = std::env::var_os("LOCALAPPDATA") {
            dirs.push(
                PathBuf::from(l)
                    .join("Microsoft")
                    .join("Windows")
                    .join("Fonts"),
            );
        }
    } else if cfg!(target_os = "macos") {
        dirs.push("/System/Library/Fonts".into());
        dirs.push("/Library/Fonts".into());
        if let Some(h) = &home {
            dirs.push(h.join("Library/Fonts"));
        }
        // Fonts downloaded on demand (Kaiti SC, Songti SC...).
        for assets in ["/System/Library/AssetsV2", "/System/Library/Assets"] {
            if let Ok(rd) = std::fs::read_dir(assets) {
                let mut v: Vec<PathBuf> = rd
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| {
                        p.file_name().is_some_and(|n| {
                            n.to_string_lossy()
                                .starts_with("com_apple_MobileAsset_Font")
                        })
                    })
                    .collect();
                v.sort();
                dirs.extend(v);
            }
        }
    } else {
        dirs.push("/usr/share/fonts".into());
        dirs.push("/usr/local/share/fonts".into());
        if let Some(h) = &home {
            dirs.push(h.join(".fonts"));
        }
        let data_home = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".local/share")));
        if let Some(d) = data_home {
            dirs.push(d.join("fonts"));
        }
        if let Some(x) = std::env::var_os("XDG_DATA_DIRS") {
            dirs.extend(std::env::split_paths(&x).map(|d| d.join("fonts")));
        }
    }
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let mut extra: Vec<PathBuf> = db
        .faces()
        .filter_map(|f| match &f.source {
            fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => {
                p.parent().map(Path::to_path_buf)
            }
            _ => None,
        })
        .collect();
    extra.sort();
    extra.dedup();
    dirs.extend(extra);
    dirs
}
