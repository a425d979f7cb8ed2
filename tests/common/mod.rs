//! Helpers shared by the integration tests: where the example reports are, loading them,
//! the bundled fonts, running the binary, and reading the outputs back the way other
//! programs do (pdftotext, a DOCX's XML).
//!
//! Outside programs the tests read the outputs with must be installed (CI's `.ci/run`
//! installs them): a test that finds one missing panics and names the package, so that a
//! bare machine can never pass by skipping the check.

// Every test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use gongwen::fonts::{FontOptions, FontSet};
use gongwen::model::{inline_text, Block, Report};
use gongwen::{Format, Loaded};

pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");
pub const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/input/purang-2025.yaml");
pub const JOINT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/input/joint-notice.yaml");

/// A path inside the repository.
pub fn path(rel: &str) -> PathBuf {
    Path::new(ROOT).join(rel)
}

pub fn sample() -> PathBuf {
    PathBuf::from(SAMPLE)
}

pub fn joint() -> PathBuf {
    PathBuf::from(JOINT)
}

/// Every YAML report under tests/fixtures (font fixtures excluded), sorted, so that a
/// fixture added later is covered without editing the tests.
pub fn yaml_fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                // The hostile corpus (tests/layout_hostile.rs) holds reports the layout
                // cannot print yet, and one `check` may refuse: it has its own harness.
                if p.file_name()
                    .is_some_and(|n| n != "fonts" && n != "hostile")
                {
                    walk(&p, out);
                }
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&path("tests/fixtures"), &mut out);
    out.sort();
    out
}

/// Loads a report file (absolute, or relative to the repository), panicking with the messages.
pub fn load(p: impl AsRef<Path>) -> Loaded {
    let p = path_in_repo(p.as_ref());
    gongwen::load(&p).unwrap_or_else(|d| panic!("{} does not load: {}", p.display(), show(&d)))
}

pub fn report(p: impl AsRef<Path>) -> Report {
    load(p).report
}

/// Parses YAML text, panicking with the messages and the text.
pub fn parse(yaml: &str) -> Report {
    match gongwen::parse(yaml, "test.yaml") {
        Ok(l) => l.report,
        Err(d) => panic!("the YAML does not load:\n{}\n---\n{yaml}", show(&d)),
    }
}

fn path_in_repo(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        Path::new(ROOT).join(p)
    }
}

/// Messages as `gongwen check` prints them.
pub fn show(d: &[gongwen::diag::Diagnostic]) -> String {
    d.iter().map(|d| format!("{d}\n")).collect()
}

/// The bundled fonts, resolved once per test binary (resolving reads every face).
pub fn bundled_fonts() -> &'static FontSet {
    static F: OnceLock<FontSet> = OnceLock::new();
    F.get_or_init(|| FontSet::resolve(&FontOptions::bundled_only()).expect("bundled fonts"))
}

/// One format of a report, with the bundled fonts.
pub fn render(r: &Report, format: Format) -> Vec<u8> {
    gongwen::render(r, format, Some(bundled_fonts()))
        .unwrap_or_else(|d| panic!("{format} writer failed: {d}"))
}

/// The gongwen binary built for these tests.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
}

/// Runs gongwen with English messages.
pub fn gongwen(args: &[&str]) -> Output {
    bin()
        .arg("--lang=en")
        .args(args)
        .output()
        .expect("run gongwen")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary folder")
}

/// Writes `text` to `dir/name` and returns the path as a string for the command line.
pub fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// What `gongwen check` or `gongwen build` did with one YAML text.
pub struct Run {
    pub code: Option<i32>,
    pub stderr: String,
    /// Files written into the output folder, by name (`r.pdf`, `r.docx`, …).
    pub files: BTreeMap<String, Vec<u8>>,
    /// The folder holding `r.yaml` and `out/`; kept so that the files can be handed to
    /// other programs.
    pub dir: tempfile::TempDir,
}

impl Run {
    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.out().join(name)
    }
}

/// `gongwen build r.yaml -o out --format FORMATS EXTRA…` on `yaml` in a fresh folder.
pub fn build(yaml: &str, formats: &[&str], extra: &[&str]) -> Run {
    let dir = tempdir();
    let f = write(dir.path(), "r.yaml", yaml);
    let out = dir.path().join("out");
    let mut args = vec!["build", f.as_str(), "-o", out.to_str().unwrap()];
    let formats = formats.join(",");
    if !formats.is_empty() {
        args.extend(["--format", formats.as_str()]);
    }
    args.extend(extra);
    let o = gongwen(&args);
    let mut files = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(&out) {
        for e in entries {
            let p = e.unwrap().path();
            files.insert(
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            );
        }
    }
    Run {
        code: o.status.code(),
        stderr: stderr(&o),
        files,
        dir,
    }
}

/// `gongwen check r.yaml EXTRA…` on `yaml`.
pub fn check(yaml: &str, extra: &[&str]) -> Run {
    let dir = tempdir();
    let f = write(dir.path(), "r.yaml", yaml);
    let mut args = vec!["check", f.as_str()];
    args.extend(extra);
    let o = gongwen(&args);
    Run {
        code: o.status.code(),
        stderr: stderr(&o),
        files: BTreeMap::new(),
        dir,
    }
}

/// Panics, naming the package to install, when `program` cannot be run.
pub fn require(program: &str, package: &str) {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "\n\n*** `{program}` is not installed: this test needs it. Install it with\n***     apt-get install -y {package}\n\n"
    );
}

/// Runs an outside program that must succeed and returns its stdout.
pub fn tool(program: &str, args: &[&str], package: &str) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "\n\n*** `{program}` is needed by this test and could not be run ({e}).\n\
             *** Install it: apt-get install -y {package}\n\n"
            )
        });
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `pdftotext ARGS… FILE -`: the PDF's text as a reader's software extracts it.
pub fn pdftotext_file(pdf: &Path, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend([pdf.to_str().unwrap(), "-"]);
    tool("pdftotext", &all, "poppler-utils")
}

/// The text of a PDF in the order the writer put it on each page (`pdftotext -raw`), pages
/// separated by form feeds. Content order, not reading order guessed from positions: the
/// joint 发文机关标志 centres 文件 beside the stacked names, which `-layout` reads in
/// between them.
pub fn pdftotext(bytes: &[u8]) -> String {
    let dir = tempdir();
    let f = dir.path().join("doc.pdf");
    std::fs::write(&f, bytes).unwrap();
    pdftotext_file(&f, &["-raw"])
}

/// The text of a DOCX's body (word/document.xml): one string per `w:p`, made of its `w:t`
/// in document order. Tabs, breaks and fields are not text and are left out.
pub fn docx_texts(bytes: &[u8]) -> Vec<String> {
    let xml = docx_part(bytes, "word/document.xml");
    let mut paras = Vec::new();
    let mut current = String::new();
    let mut rest = xml.as_str();
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        let end = rest.find('>').expect("a closed tag");
        let tag = &rest[1..end];
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        rest = &rest[end + 1..];
        match name {
            "w:t" if !tag.starts_with('/') && !tag.ends_with('/') => {
                let close = rest.find("</w:t>").expect("w:t is closed");
                current.push_str(&unescape(&rest[..close]));
                rest = &rest[close..];
            }
            // A paragraph nested in a text box ends before its outer paragraph: each ends
            // where its `</w:p>` stands, which keeps the text in document order.
            "w:p" if tag.starts_with('/') || tag.ends_with('/') => {
                paras.push(std::mem::take(&mut current));
            }
            _ => {}
        }
    }
    if !current.is_empty() {
        paras.push(current);
    }
    paras
}

/// One part of a DOCX (or any zip) as text.
pub fn docx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the DOCX is a zip");
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("the DOCX has no {name}"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest.find(';').expect("an entity ends with ;");
        let entity = &rest[1..semi];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let n = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16)
                } else {
                    entity.trim_start_matches('#').parse()
                };
                n.ok()
                    .and_then(char::from_u32)
                    .unwrap_or_else(|| panic!("unknown entity &{entity};"))
            }
        };
        out.push(c);
        rest = &rest[semi + 1..];
    }
    out.push_str(rest);
    out
}

// ---- Comparing the text of the formats ----------------------------------------------

/// All whitespace removed: where lines break differs between formats by nature.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// True for a printed page number line, `— 3 —`.
pub fn is_page_number(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('—')
        && t.ends_with('—')
        && t.trim_matches(['—', ' '])
            .chars()
            .all(|c| c.is_ascii_digit())
}

/// Page-number lines ("— 3 —") removed.
pub fn without_page_numbers(s: &str) -> String {
    s.lines()
        .filter(|l| !is_page_number(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The header row of every table in the report (body and attachments), squashed.
pub fn table_headers(r: &Report) -> Vec<String> {
    fn walk(blocks: &[Block], out: &mut Vec<String>) {
        for b in blocks {
            match b {
                Block::Table(t) => {
                    let h: String = t.header.iter().map(|c| inline_text(c)).collect();
                    if !squash(&h).is_empty() {
                        out.push(squash(&h));
                    }
                }
                Block::Section(s) => walk(&s.body, out),
                Block::Paragraph(_) => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&r.body, &mut out);
    for a in &r.attachments {
        walk(&a.body, &mut out);
    }
    out
}

/// The PDF's text for comparison: whitespace and page numbers removed, and a table header
/// row the PDF repeats at the top of a following page removed (`headers` from
/// [`table_headers`]; a header counts as repeated when the text before that page has it).
pub fn pdf_text(bytes: &[u8], headers: &[String]) -> String {
    let mut out = String::new();
    for (i, page) in pdftotext(bytes).split('\u{c}').enumerate() {
        let page = squash(&without_page_numbers(page));
        let repeated = headers
            .iter()
            .find(|h| i > 0 && page.starts_with(h.as_str()) && out.contains(h.as_str()));
        out.push_str(match repeated {
            Some(h) => &page[h.len()..],
            None => &page,
        });
    }
    out
}

/// `Err` with the first differing character position and ±40 characters around it in
/// each text, when `a` and `b` differ.
pub fn same_text(a_name: &str, a: &str, b_name: &str, b: &str) -> Result<(), String> {
    if a == b {
        return Ok(());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let ctx = |s: &[char]| -> String {
        let from = at.saturating_sub(40);
        let to = (at + 40).min(s.len());
        let before: String = s[from..at.min(s.len())].iter().collect();
        let after: String = s[at.min(s.len())..to].iter().collect();
        format!("…{before}⟦{after}…")
    };
    Err(format!(
        "{a_name} ({} chars) and {b_name} ({} chars) differ at character {at}:\n  {a_name:>5}: {}\n  {b_name:>5}: {}",
        a.len(),
        b.len(),
        ctx(&a),
        ctx(&b)
    ))
}

/// The text export without the website's publication block: the PDF and DOCX carry those
/// lines as document metadata only, so the rest is what all three print.
pub fn text_export_printed(r: &Report, text: &str) -> String {
    let skip = if r.publication.is_some() { 7 } else { 0 };
    text.lines().skip(skip).collect::<Vec<_>>().join("\n")
}

/// The three texts of one report, normalised for comparison.
pub struct Texts {
    pub pdf: String,
    pub docx: String,
    pub text: String,
}

/// Renders PDF, DOCX and text in memory and normalises them: whitespace removed, the
/// PDF's page numbers and repeated table headers removed, the text export's metadata block
/// removed.
pub fn texts(r: &Report) -> Texts {
    let pdf = render(r, Format::Pdf);
    let docx = render(r, Format::Docx);
    let text = String::from_utf8(render(r, Format::Text)).expect("the text export is UTF-8");
    Texts {
        pdf: pdf_text(&pdf, &table_headers(r)),
        docx: squash(&docx_texts(&docx).concat()),
        text: squash(&text_export_printed(r, &text)),
    }
}

/// The PDF's and the DOCX's text of `r`, normalised as in [`texts`], must be equal.
pub fn pdf_docx_agree(r: &Report, pdf: &[u8], docx: &[u8]) -> Result<(), String> {
    same_text(
        "pdf",
        &pdf_text(pdf, &table_headers(r)),
        "docx",
        &squash(&docx_texts(docx).concat()),
    )
}

/// The PDF and the DOCX must say exactly the same; the text export prints no head, no
/// attachment pages and no 版记, so it must be one unbroken span of the PDF's text, which
/// starts where the title starts (the head before it never contains the title).
pub fn formats_agree(r: &Report) -> Result<(), String> {
    let t = texts(r);
    let mut problems = Vec::new();
    if let Err(e) = same_text("pdf", &t.pdf, "docx", &t.docx) {
        problems.push(e);
    }
    let title = squash(&r.title.text);
    let start = if title.is_empty() {
        Some(0)
    } else {
        t.pdf.find(&title)
    };
    match start {
        Some(s) => {
            let span: String = t.pdf[s..].chars().take(t.text.chars().count()).collect();
            if let Err(e) = same_text("pdf", &span, "text", &t.text) {
                problems.push(format!("(text export vs the PDF from the title on) {e}"));
            }
        }
        None => problems.push(format!(
            "the PDF's text does not contain the title {title}: it begins {}",
            t.pdf.chars().take(80).collect::<String>()
        )),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// Runs a python-docx script (`sys.argv[1]` is the DOCX) and returns what it prints; fails
/// loudly when python-docx is missing (`.ci/run` installs it).
pub fn python_docx(script: &str, docx: &Path) -> String {
    let has = Command::new("python3")
        .args(["-c", "import docx"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        has,
        "\n\n*** python-docx is not importable by `python3`: this test needs it. Install it with\n***     python3 -m pip install python-docx\n\n"
    );
    let o = Command::new("python3")
        .args(["-c", script])
        .arg(docx)
        .output()
        .expect("run python3");
    assert!(
        o.status.success(),
        "python-docx failed on {}:\n{}",
        docx.display(),
        stderr(&o)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

// ---- Reading a PDF's pages back: pixels (pdftoppm) and word boxes (pdftotext -bbox) ----

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// The hostile-but-legal reports of issue 13 (tests/fixtures/hostile/*.yaml), sorted.
pub fn hostile_fixtures() -> Vec<PathBuf> {
    let dir = path("tests/fixtures/hostile");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    out.sort();
    out
}

/// A greyscale raster: `pixels[y * width + x]`, 0 black … 255 white.
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Gray {
    pub fn at(&self, x: usize, y: usize) -> u8 {
        self.pixels[y * self.width + x]
    }
}

/// Parses a binary PGM (P5, 8 bits), as `pdftoppm -gray` writes it.
pub fn parse_pgm(bytes: &[u8]) -> Gray {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) == Some(&b'#') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        assert!(i > start, "truncated PGM header");
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5", "not a binary PGM");
    let width: usize = fields[1].parse().expect("PGM width");
    let height: usize = fields[2].parse().expect("PGM height");
    assert_eq!(fields[3], "255", "PGM depth other than 8 bits");
    let data = &bytes[i + 1..];
    assert!(
        data.len() >= width * height,
        "PGM holds {} bytes for {width} × {height}",
        data.len()
    );
    Gray {
        width,
        height,
        pixels: data[..width * height].to_vec(),
    }
}

/// Every page of `pdf` rasterised in grey at `dpi` (`pdftoppm -r DPI -gray`), in page order.
pub fn rasterise_gray(pdf: &Path, dpi: u32) -> Vec<Gray> {
    let dir = tempdir();
    let prefix = dir.path().join("p");
    tool(
        "pdftoppm",
        &[
            "-r",
            &dpi.to_string(),
            "-gray",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
        "poppler-utils",
    );
    let mut pages: Vec<(usize, PathBuf)> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let stem = p.file_stem()?.to_str()?.to_string();
            let n = stem.strip_prefix("p-")?.parse().ok()?;
            Some((n, p))
        })
        .collect();
    pages.sort();
    pages
        .iter()
        .map(|(_, p)| parse_pgm(&std::fs::read(p).unwrap()))
        .collect()
}

/// A word as `pdftotext -bbox` reports it: its text and box in pt from the page's top-left.
#[derive(Clone, Debug)]
pub struct WordBox {
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// One page of `pdftotext -bbox`: its size in pt and its words.
#[derive(Clone, Debug, Default)]
pub struct PageWords {
    pub width: f32,
    pub height: f32,
    pub words: Vec<WordBox>,
}

/// The word boxes of every page of `pdf` (`pdftotext -bbox`). Poppler starts a new word
/// where a character begins well before the previous one ends, so two strings printed on
/// top of each other come out as two words whose boxes overlap.
pub fn pdf_word_boxes(pdf: &Path) -> Vec<PageWords> {
    let html = pdftotext_file(pdf, &["-bbox"]);
    let attr = |line: &str, name: &str| -> f32 {
        let key = format!("{name}=\"");
        let at = line
            .find(&key)
            .unwrap_or_else(|| panic!("no {name} in {line}"))
            + key.len();
        let end = line[at..].find('"').unwrap() + at;
        line[at..end].parse().unwrap()
    };
    let mut pages = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            pages.push(PageWords {
                width: attr(line, "width"),
                height: attr(line, "height"),
                words: Vec::new(),
            });
        } else if line.starts_with("<word ") {
            let open = line.find('>').unwrap();
            let close = line.rfind("</word>").unwrap();
            let text = unescape(&line[open + 1..close]);
            pages
                .last_mut()
                .expect("a word outside a page")
                .words
                .push(WordBox {
                    text,
                    x0: attr(line, "xMin"),
                    y0: attr(line, "yMin"),
                    x1: attr(line, "xMax"),
                    y1: attr(line, "yMax"),
                });
        }
    }
    pages
}

/// The lines `child` writes to its piped stderr, as they come, read on a thread of their own.
pub fn stderr_lines(child: &mut std::process::Child) -> std::sync::mpsc::Receiver<String> {
    use std::io::{BufRead, BufReader};
    let (tx, lines) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().expect("stderr is piped");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    lines
}
