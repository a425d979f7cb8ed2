//! PDF → report. A PDF gongwen wrote carries its YAML source as an associated file (see
//! [`crate::export::pdf::SOURCE_NAME`]): that is imported as it is, so the import gives back
//! the report itself. Any other PDF is read as text: the glyphs with their positions
//! (pdf-extract, which decodes through the fonts' ToUnicode maps), gathered into lines, the
//! page furniture (page numbers, running headers) left out, and the lines joined back into
//! paragraphs — a PDF line ends where the page does, not where the paragraph does. The
//! paragraphs then go through the text importer, one a line, like a published text.

use crate::catalogue::Catalogue;
use std::collections::BTreeMap;

use pdf_extract::{Document, MediaBox, Object, OutputDev, OutputError, Transform};

use super::text::is_page_number;
use super::{ImportError, Imported};
use crate::diag::Diagnostic;
use crate::export::pdf::SOURCE_NAME;

/// Imports a PDF's bytes.
pub fn import(bytes: &[u8], catalogue: &Catalogue) -> Result<Imported, ImportError> {
    let doc = Document::load_mem(bytes).map_err(|e| {
        Diagnostic::error(
            "not-pdf",
            format!("this is not a PDF file gongwen can read ({e})"),
        )
        .help("open it in a PDF reader and print it to a new PDF, or import its text")
        .zh("这不是 gongwen 能读取的 PDF 文件")
        .help_zh("请用 PDF 阅读器打开后另存（打印）为新的 PDF，或导入其文字")
    })?;
    let mut warnings = Vec::new();
    if let Some(yaml) = carried_source(&doc) {
        match crate::yaml::parse(&yaml, SOURCE_NAME) {
            // The loader's warnings point into the embedded file, which the clerk never sees;
            // the source was checked when the PDF was built.
            Ok(loaded) => {
                return Ok(Imported {
                    report: loaded.report,
                    warnings,
                    punctuation: Default::default(),
                })
            }
            Err(_) => warnings.push(
                Diagnostic::warning(
                    "import-pdf-source",
                    format!("the PDF carries a {SOURCE_NAME} this gongwen cannot read; its pages were read instead"),
                )
                .help("import it with the gongwen version that wrote it, or check the result")
                .zh(format!("PDF 中附带的 {SOURCE_NAME} 无法读取，改为读取页面文字"))
                .help_zh("请用生成它的 gongwen 版本导入，或仔细核对导入结果"),
            ),
        }
    }
    let pages = extract(&doc)?;
    let text = paragraphs(&pages).join("\n");
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error("pdf-no-text", "the PDF has no text to read (a scan?)")
                .help("run text recognition (OCR) on it first, or import the report's text or DOCX")
                .zh("PDF 中没有可读取的文字（可能是扫描件）")
                .help_zh("请先做文字识别（OCR），或导入报告的文本或 DOCX"),
        );
    }
    let mut imported = super::text::import(&text, catalogue);
    warnings.append(&mut imported.warnings);
    imported.warnings = warnings;
    Ok(imported)
}

/// The YAML source a gongwen PDF carries: the associated file named [`SOURCE_NAME`], found
/// through the catalogue's /AF array or its /EmbeddedFiles name tree.
fn carried_source<'a>(doc: &'a Document) -> Option<String> {
    let catalog = doc.catalog().ok()?;
    let deref = |o: &'a Object| -> Option<&'a Object> { doc.dereference(o).ok().map(|(_, o)| o) };
    let mut specs: Vec<&Object> = Vec::new();
    if let Some(af) = catalog.get(b"AF").ok().and_then(deref) {
        specs.extend(af.as_array().ok()?.iter());
    }
    // The name tree: /Names [name spec name spec …] at each node, /Kids below.
    let tree = catalog
        .get(b"Names")
        .ok()
        .and_then(deref)
        .and_then(|n| n.as_dict().ok())
        .and_then(|n| n.get(b"EmbeddedFiles").ok())
        .and_then(deref);
    let mut nodes: Vec<&Object> = tree.into_iter().collect();
    // A bounded walk: a malicious tree may loop.
    let mut budget = 1000;
    while let Some(node) = nodes.pop() {
        budget -= 1;
        if budget == 0 {
            break;
        }
        let Some(node) = node.as_dict().ok() else {
            continue;
        };
        if let Ok(names) = node.get(b"Names").and_then(Object::as_array) {
            specs.extend(names.iter().skip(1).step_by(2));
        }
        if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
            nodes.extend(kids.iter().filter_map(deref));
        }
    }
    specs.into_iter().find_map(|spec| {
        let spec = deref(spec)?.as_dict().ok()?;
        let named = [b"UF".as_slice(), b"F"].iter().any(|k| {
            spec.get(k)
                .ok()
                .and_then(|n| n.as_str().ok())
                .is_some_and(|n| n == SOURCE_NAME.as_bytes())
        });
        if !named {
            return None;
        }
        let ef = deref(spec.get(b"EF").ok()?)?.as_dict().ok()?;
        let stream = deref(ef.get(b"F").ok()?)?.as_stream().ok()?;
        String::from_utf8(stream.decompressed_content().ok()?).ok()
    })
}

/// One glyph as drawn: its text, where its baseline starts and ends, its size (points; y
/// grows down the page).
struct Glyph {
    x: f64,
    end: f64,
    y: f64,
    size: f64,
    text: String,
}

/// One printed line of a page.
#[derive(Clone, Debug)]
struct Line {
    page: usize,
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    text: String,
}

#[derive(Default)]
struct Collector {
    pages: Vec<(f64, Vec<Glyph>)>,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.pages.push((media_box.ury - media_box.lly, Vec::new()));
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let Some((height, glyphs)) = self.pages.last_mut() else {
            return Ok(());
        };
        // The text rendering matrix leaves the font size out; its scale is the determinant.
        let size = font_size * (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        glyphs.push(Glyph {
            x: trm.m31,
            end: trm.m31 + width * size,
            y: *height - trm.m32,
            size,
            text: text.to_string(),
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// The lines of every page, in reading order.
fn extract(doc: &Document) -> Result<Vec<Vec<Line>>, ImportError> {
    let unreadable = |detail: String| {
        Diagnostic::error(
            "pdf-unreadable",
            format!("the text of this PDF cannot be read ({detail})"),
        )
        .help("import the report's text or DOCX instead")
        .zh("无法读取这个 PDF 的文字")
        .help_zh("请改为导入报告的文本或 DOCX")
    };
    if doc.is_encrypted() {
        return Err(unreadable("encrypted".into()));
    }
    let mut out = Collector::default();
    // pdf-extract panics on some malformed files instead of failing; a foreign file must
    // give a message, not end the program.
    let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pdf_extract::output_doc(doc, &mut out)
    }));
    match done {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(unreadable(e.to_string())),
        Err(_) => return Err(unreadable("the reader failed".into())),
    }
    Ok(out
        .pages
        .into_iter()
        .enumerate()
        .map(|(page, (_, glyphs))| lines(page, glyphs))
        .collect())
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// Glyphs gathered into lines: those whose baselines are within a third of their size of
/// each other, left to right. A gap of a character or more between glyphs is a space (a
/// tab, for a table's column gap); CJK text never gets spaces from the justification's
/// small gaps.
fn lines(page: usize, mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.retain(|g| g.size > 0.0 && g.x.is_finite() && g.y.is_finite());
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if (g.y - row[0].y).abs() <= row[0].size.max(g.size) / 3.0 => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    rows.into_iter()
        .filter_map(|mut row| {
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            let size = row.iter().map(|g| g.size).fold(0.0, f64::max);
            let mut text = String::new();
            let mut last_end: Option<f64> = None;
            let mut spaced = false;
            let (mut x0, mut x1) = (f64::MAX, f64::MIN);
            for g in &row {
                if g.text.trim().is_empty() {
                    // A space drawn as a glyph counts only between two words.
                    spaced = last_end.is_some();
                    continue;
                }
                if let Some(end) = last_end {
                    let gap = g.x - end;
                    let prev = text.chars().last().unwrap_or(' ');
                    let next = g.text.chars().next().unwrap_or(' ');
                    let latin = !is_cjk(prev) && !is_cjk(next);
                    if gap > 2.0 * size {
                        text.push('\t');
                    } else if spaced || gap > 0.8 * size || (latin && gap > 0.15 * size) {
                        text.push(' ');
                    }
                }
                spaced = false;
                text.push_str(&g.text);
                last_end = Some(g.end);
                x0 = x0.min(g.x);
                x1 = x1.max(g.end);
            }
            (!text.trim().is_empty()).then(|| Line {
                page,
                x0,
                x1,
                y: row[0].y,
                size,
                text: text.trim().to_string(),
            })
        })
        .collect()
}

/// Page furniture: page numbers, and lines repeated at the same height on half the pages or
/// more (running headers and footers, bare page numbers: their digits aside).
fn furniture(pages: &[Vec<Line>]) -> Vec<Vec<bool>> {
    let key = |l: &Line| {
        let t: String = l
            .text
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect();
        (t, (l.y / 4.0).round() as i64)
    };
    let mut seen: BTreeMap<(String, i64), usize> = BTreeMap::new();
    for page in pages {
        let mut on_page: Vec<_> = page.iter().map(key).collect();
        on_page.sort();
        on_page.dedup();
        for k in on_page {
            *seen.entry(k).or_default() += 1;
        }
    }
    let repeated = |l: &Line| pages.len() >= 3 && seen[&key(l)] * 2 >= pages.len();
    pages
        .iter()
        .map(|p| {
            p.iter()
                .map(|l| is_page_number(&l.text) || repeated(l))
                .collect()
        })
        .collect()
}

/// Whether a line starts a heading or a numbered point: 一、 （一） 1. 一是.
fn starts_heading(t: &str) -> bool {
    if super::assemble::heading_marker(t).is_some() {
        return true;
    }
    let mut cs = t.chars();
    matches!(
        (cs.next(), cs.next()),
        (
            Some('一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'),
            Some('是')
        )
    )
}

/// The lines joined into paragraphs. A line ends its paragraph when it stops short of the
/// text's right edge, or ends a sentence before a heading marker; the next begins one when
/// it is indented (the first line of a paragraph), set in another size, or far below.
fn paragraphs(pages: &[Vec<Line>]) -> Vec<String> {
    let skip = furniture(pages);
    let body: Vec<&Line> = pages
        .iter()
        .zip(&skip)
        .flat_map(|(p, s)| p.iter().zip(s).filter(|(_, s)| !**s).map(|(l, _)| l))
        .collect();
    if body.is_empty() {
        return Vec::new();
    }
    // The text block's edges: the most common left edge, the furthest right one.
    let mut lefts: BTreeMap<i64, usize> = BTreeMap::new();
    for l in &body {
        *lefts.entry(l.x0.round() as i64).or_default() += 1;
    }
    let left = lefts
        .iter()
        .max_by_key(|(x, n)| (**n, -**x))
        .map_or(0.0, |(x, _)| *x as f64);
    let right = body.iter().map(|l| l.x1).fold(f64::MIN, f64::max);
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;
    // The first row of the table being read: a table continued on the next page repeats it.
    let mut header: Option<&str> = None;
    for &l in &body {
        let row = l.text.contains('\t');
        match prev {
            Some(p) if row && p.page != l.page && header == Some(l.text.as_str()) => {
                prev = Some(l);
                continue;
            }
            Some(p) if row && p.text.contains('\t') => {}
            _ => header = row.then_some(l.text.as_str()),
        }
        let joins = prev.is_some_and(|p| {
            let same_size = (p.size - l.size).abs() < 0.5;
            let full = p.x1 >= right - 1.5 * p.size;
            let indented = l.x0 > left + 0.8 * l.size;
            let far = p.page == l.page && l.y - p.y > 2.4 * p.size;
            let sentence_end = p.text.ends_with(['。', '：', '；', ':', ';']);
            let table = p.text.contains('\t') || l.text.contains('\t');
            let breaks = !same_size
                || !full
                || indented
                || far
                || table
                || (sentence_end && starts_heading(&l.text));
            !breaks
        });
        match out.last_mut() {
            Some(last) if joins => join_line(last, &l.text),
            _ => out.push(l.text.clone()),
        }
        prev = Some(l);
    }
    out
}

/// Appends the next line of a paragraph: a word hyphenated at the line end is made whole,
/// two Latin words keep their space; CJK text and numbers (2021-202|5) run on.
fn join_line(para: &mut String, next: &str) {
    let mut tail = para.chars().rev();
    let (last, before) = (tail.next(), tail.next());
    let first = next.chars().next();
    if last == Some('-')
        && before.is_some_and(|c| c.is_ascii_alphabetic())
        && first.is_some_and(|c| c.is_ascii_lowercase())
    {
        para.pop();
    } else if last.is_some_and(|c| c.is_ascii_alphabetic() || c == ',' || c == '.')
        && first.is_some_and(|c| c.is_ascii_alphabetic())
    {
        para.push(' ');
    }
    para.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(page: usize, x0: f64, x1: f64, y: f64, text: &str) -> Line {
        Line {
            page,
            x0,
            x1,
            y,
            size: 16.0,
            text: text.to_string(),
        }
    }

    #[test]
    fn lines_become_paragraphs_without_the_furniture() {
        // Three pages: a running header, a paragraph over the page break, an indented
        // paragraph, a short last line, a bare page number at each foot.
        let page = |n: usize, body: Vec<Line>| {
            let mut p = vec![line(n, 100.0, 300.0, 50.0, "普兰县人民政府文件")];
            p.extend(body);
            p.push(line(n, 290.0, 300.0, 800.0, &(n + 1).to_string()));
            p
        };
        let pages = vec![
            page(
                0,
                vec![
                    line(0, 132.0, 500.0, 100.0, "第一段开头，"),
                    line(0, 100.0, 500.0, 129.0, "接着写"),
                ],
            ),
            page(
                1,
                vec![
                    line(1, 100.0, 300.0, 100.0, "第一段结束。"),
                    line(1, 132.0, 500.0, 129.0, "第二段，"),
                    line(1, 100.0, 500.0, 158.0, "第二段接着。"),
                ],
            ),
            page(2, vec![line(2, 100.0, 500.0, 100.0, "一、标题")]),
        ];
        assert_eq!(
            paragraphs(&pages),
            [
                "第一段开头，接着写第一段结束。",
                "第二段，第二段接着。",
                "一、标题"
            ]
        );
    }

    #[test]
    fn hyphenation_and_words() {
        let mut p = "the infor-".to_string();
        join_line(&mut p, "mation age");
        assert_eq!(p, "the information age");
        let mut p = "Word".to_string();
        join_line(&mut p, "Press");
        assert_eq!(p, "Word Press");
        let mut p = "（2021-202".to_string();
        join_line(&mut p, "5）");
        assert_eq!(p, "（2021-2025）");
        let mut p = "法治".to_string();
        join_line(&mut p, "政府");
        assert_eq!(p, "法治政府");
    }
}
