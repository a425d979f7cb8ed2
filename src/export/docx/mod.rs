//! The editable DOCX: the same official format as the PDF, built from named Chinese paragraph
//! styles (公文标题, 正文, 一级标题 …) that an editor keeps using in WPS, Word or LibreOffice.
//!
//! Word lays the text out, so this writer states the page, the grid and the styles and then
//! writes paragraphs; it breaks no lines itself. Fonts, sizes, indents and alignment all come
//! from [`crate::style`]. The document body is assembled with docx-rs; the parts docx-rs
//! cannot express (styles with `overflowPunct`, core and custom properties in a fixed order)
//! are written by [`styles`] and [`parts`] and replace docx-rs's versions before packing.

mod geometry;
pub mod marks;
mod parts;
mod styles;
mod tibetan;

use docx_rs::{
    AlignmentType, BorderType, Docx, FieldCharType, Footer, HeightRule, InstrText, LineSpacing,
    LineSpacingType, PageMargin, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Run, RunFonts, SpecialIndentType, Tab, TabValueType, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableCellMargins, TablePositionProperty,
    TableRow, VAlignType, WidthType,
};

use super::writer_failed;
use crate::compose::{
    compose, AttachmentItem, Composition, Content, HeadParts, Part, Span, TablePart,
    ATTACHMENT_LEAD, PAGE_NUMBER_PREFIX, PAGE_NUMBER_SUFFIX, SIGNER_GAP, SIGNER_LABEL,
};
use crate::diag::Diagnostic;
use crate::fonts::FontSet;
use crate::model::Report;
use crate::style::{page, Element};
use geometry::{
    char_twips, line_twips, mm_to_twips, pitch_twips, right_margin_twips, text_width_twips,
    xml_text,
};
pub use styles::{heading_char_name, style_id};

/// Builds the DOCX. Same report → same bytes: no clock, no random ids; dates come from the
/// report.
pub fn write(report: &Report, fonts: &FontSet) -> Result<Vec<u8>, Diagnostic> {
    write_composition(report, &compose(report), fonts)
}

/// The DOCX of a composition already made; `report` gives the indicator table the import
/// reads back.
pub fn write_composition(
    report: &Report,
    composition: &Composition,
    _fonts: &FontSet,
) -> Result<Vec<u8>, Diagnostic> {
    let mut docx = Docx::new()
        .page_size(
            mm_to_twips(page::WIDTH_MM) as u32,
            mm_to_twips(page::HEIGHT_MM) as u32,
        )
        .page_margin(
            PageMargin::new()
                .top(mm_to_twips(page::TOP_MM))
                .left(mm_to_twips(page::LEFT_MM))
                .right(right_margin_twips())
                .bottom(mm_to_twips(page::BOTTOM_MM))
                .header(mm_to_twips(page::TOP_MM / 2.0))
                .footer(footer_distance())
                .gutter(0),
        )
        .footer(page_number_footer(true))
        .even_footer(page_number_footer(false));
    // Lines only: LibreOffice's lines-and-characters grid squeezes 3号 text to 14–18
    // characters per line; the styles' letter spacing gives the 28 characters instead.
    docx.document = docx.document.doc_grid(
        docx_rs::DocGrid::new()
            .grid_type(docx_rs::DocGridType::Lines)
            .line_pitch(pitch_twips() as usize),
    );

    let mut w = Writer {
        docx,
        marks: marks::Bookmarks::default(),
        block_depths: Vec::new(),
        header_rows: Vec::new(),
        listed: report.indicator_info.iter().map(|i| i.id.clone()).collect(),
    };
    w.head(&composition.head());
    for part in composition.flow() {
        w.part(part);
    }
    if let Some(part) = composition.imprint() {
        w.imprint(part);
    }

    let mut xml = std::mem::take(&mut w.docx).build();
    xml.document = table_position_first(&xml.document);
    xml.document = header_rows_repeat(&xml.document, &w.header_rows);
    let mut styles_xml = styles::styles_xml();
    let mut font_table = styles::font_table_xml();
    let mut settings = parts::settings_xml();
    let tibetan = tibetan::used(&xml.document);
    if tibetan {
        tibetan::patch_parts(
            &mut styles_xml,
            &mut font_table,
            &mut xml.content_type,
            &mut settings,
        );
    }
    xml.styles = styles_xml.into_bytes();
    xml.font_table = font_table.into_bytes();
    xml.doc_props.core = parts::core_xml(&composition.meta).into_bytes();
    let extra = marks::properties(report, &w.marks, &w.block_depths);
    xml.doc_props.custom = parts::custom_xml(&composition.meta, &extra).into_bytes();
    xml.settings = settings.into_bytes();
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| writer_failed("DOCX", e))?;
    if tibetan {
        return tibetan::add_font(out.into_inner()).map_err(|e| writer_failed("DOCX", e));
    }
    Ok(out.into_inner())
}

/// Moves each `<w:tblpPr …/>` to the head of its `<w:tblPr>`, where the schema wants it
/// (docx-rs writes it last); a reader that checks the order would otherwise drop the
/// table's position.
fn table_position_first(document: &[u8]) -> Vec<u8> {
    let Ok(xml) = std::str::from_utf8(document) else {
        return document.to_vec();
    };
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find("<w:tblpPr ") {
        let Some(len) = rest[at..].find("/>") else {
            break;
        };
        let pos = &rest[at..at + len + 2];
        let Some(open) = rest[..at].rfind("<w:tblPr>") else {
            break;
        };
        let head = open + "<w:tblPr>".len();
        out.push_str(&rest[..head]);
        out.push_str(pos);
        out.push_str(&rest[head..at]);
        rest = &rest[at + pos.len()..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Height of the empty paragraph that ends the document and anchors the 版记.
const ANCHOR_TWIPS: i32 = 2;

/// Marks the header row of each report table (`w:tblHeader`), which docx-rs cannot write, so
/// that Word, WPS and LibreOffice repeat it on every page the table runs onto, as the PDF
/// does. Report tables are the ones in the `TableGrid` style, in document order; their first
/// row already carries `w:cantSplit`, and the mark joins it there.
fn header_rows_repeat(document: &[u8], header_rows: &[bool]) -> Vec<u8> {
    const TABLE: &str = r#"<w:tblStyle w:val="TableGrid" />"#;
    const KEEP: &str = "<w:cantSplit />";
    let Ok(xml) = std::str::from_utf8(document) else {
        return document.to_vec();
    };
    let mut out = String::with_capacity(xml.len() + 16 * header_rows.len());
    let mut rest = xml;
    for &header in header_rows {
        let Some(at) = rest.find(TABLE) else {
            break;
        };
        let Some(keep) = rest[at..].find(KEEP).map(|k| at + k + KEEP.len()) else {
            break;
        };
        out.push_str(&rest[..keep]);
        if header {
            out.push_str("<w:tblHeader />");
        }
        rest = &rest[keep..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// How many lines a table row's tallest cell takes, roughly: its characters over the
/// characters a column holds.
fn row_lines(row: &[Vec<Span>], cols: usize) -> usize {
    let size = Element::Table.style().size_pt;
    let per_line = ((page::CHARS_PER_LINE as f32 * Element::Body.style().size_pt / size)
        / cols.max(1) as f32)
        .floor()
        .max(1.0) as usize;
    row.iter()
        .map(|cell| {
            let chars: usize = cell.iter().map(|s| s.text.chars().count()).sum();
            chars.div_ceil(per_line).max(1)
        })
        .max()
        .unwrap_or(1)
}

/// Distance from the page's bottom edge to the footer's bottom edge: the top of the number
/// line sits 7 mm below the type area.
fn footer_distance() -> i32 {
    let number = Element::PageNumber.style();
    mm_to_twips(page::BOTTOM_MM - page::PAGE_NUMBER_GAP_MM) - (number.size_pt * 20.0) as i32
}

/// A run of text. The eastAsia hint makes “ ” — … take the Chinese face, as in the PDF.
fn run(text: &str) -> Run {
    Run::new()
        .add_text(xml_text(text))
        .fonts(RunFonts::new().hint("eastAsia"))
}

fn para(e: Element) -> Paragraph {
    Paragraph::new().style(style_id(e))
}

fn text_para(e: Element, text: &str) -> Paragraph {
    let p = tibetan::off_grid_if_tibetan(para(e), text);
    tibetan::runs(text, &run)
        .into_iter()
        .fold(p, |p, r| p.add_run(r))
}

/// "— N —" with N a PAGE field, so Word and WPS number the pages themselves. Odd pages right,
/// one character in; even pages left, one character in.
fn page_number_footer(odd: bool) -> Footer {
    let one_char = char_twips(1.0, Element::Body.style().size_pt);
    let mut p = para(Element::PageNumber);
    p = if odd {
        p.align(AlignmentType::Right)
            .indent(Some(0), None, Some(one_char), None)
    } else {
        p.align(AlignmentType::Left)
            .indent(Some(one_char), None, Some(0), None)
    };
    p = p
        .add_run(run(PAGE_NUMBER_PREFIX))
        .add_run(
            Run::new()
                .fonts(RunFonts::new().hint("eastAsia"))
                .add_field_char(FieldCharType::Begin, false),
        )
        .add_run(
            Run::new()
                .fonts(RunFonts::new().hint("eastAsia"))
                .add_instr_text(InstrText::Unsupported(" PAGE ".into())),
        )
        .add_run(
            Run::new()
                .fonts(RunFonts::new().hint("eastAsia"))
                .add_field_char(FieldCharType::Separate, false),
        )
        .add_run(run("1"))
        .add_run(
            Run::new()
                .fonts(RunFonts::new().hint("eastAsia"))
                .add_field_char(FieldCharType::End, false),
        )
        .add_run(run(PAGE_NUMBER_SUFFIX));
    Footer::new().add_paragraph(p)
}

struct Writer {
    docx: Docx,
    marks: marks::Bookmarks,
    /// The depth of each paragraph and table written so far, for the import.
    block_depths: Vec<usize>,
    /// For each report table in order: its first row is a header row, repeated on every page
    /// the table runs onto (docx-rs cannot say so; see [`header_rows_repeat`]).
    header_rows: Vec<bool>,
    /// Ids with an entry in the report's indicator table.
    listed: std::collections::BTreeSet<String>,
}

impl Writer {
    /// A paragraph's spans as runs. Each indicator is its own run inside a bookmark named
    /// after its id: the editor edits the number like any other word, and the import finds
    /// the id again around whatever number is there. Spans of another element than the
    /// paragraph's (the body text of a run-in heading) take `other`'s look.
    fn spans(
        &mut self,
        mut p: Paragraph,
        element: Element,
        spans: &[Span],
        make: &dyn Fn(&str) -> Run,
        other: &dyn Fn(&str) -> Run,
    ) -> Paragraph {
        if spans
            .iter()
            .any(|s| s.text.chars().any(crate::layout::tibetan::is_tibetan))
        {
            p = tibetan::off_grid(p);
        }
        for s in spans {
            let make = if s.element == element { make } else { other };
            match &s.indicator {
                Some(id) => {
                    let listed = self.report_lists(id);
                    let (n, name) = self.marks.open(id, listed);
                    p = p
                        .add_bookmark_start(n, name)
                        .add_run(make(&s.text))
                        .add_bookmark_end(n);
                }
                None => {
                    for r in tibetan::runs(&s.text, make) {
                        p = p.add_run(r);
                    }
                }
            }
        }
        p
    }

    fn report_lists(&self, id: &str) -> bool {
        self.listed.contains(id)
    }

    fn push(&mut self, p: Paragraph) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(p);
    }

    fn push_table(&mut self, t: Table) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_table(t);
    }

    /// An empty grid line.
    fn blank(&mut self) {
        self.push(para(Element::Body));
    }

    fn head(&mut self, head: &HeadParts) {
        for part in &head.lines {
            self.push(text_para(part.element, &part.text()));
        }
        if let Some((part, names, suffix, upward)) = head.mark {
            let mut rows_above = head.lines.len() as i32;
            if let Content::IssuerMark { tibetan, .. } = &part.content {
                if !tibetan.is_empty() {
                    self.push(tibetan::issuer_line(tibetan));
                    rows_above += 1;
                }
            }
            self.issuer_mark(names, suffix, upward, rows_above);
            // 发文字号 two lines below the mark.
            self.blank();
        }
        if let Some((number, signers)) = head.number {
            if signers.is_empty() {
                self.push(text_para(Element::DocNumber, number));
            } else {
                self.signer_lines(number, signers);
            }
        }
        if head.ruled() {
            self.red_rule();
            // The title two lines below the red rule.
            self.blank();
        }
    }

    /// 发文机关标志: its top edge 35 mm (上行文 80 mm) below the type area's top. One
    /// issuer is one line; a joint document stacks the issuers, with 文件 to their right.
    fn issuer_mark(&mut self, names: &[String], suffix: &str, upward: bool, rows_above: i32) {
        let style = Element::IssuerMark.style();
        let line = line_twips(style.size_pt);
        let pitch = pitch_twips();
        let top_mm = if upward {
            page::ISSUER_MARK_TOP_UPWARD_MM
        } else {
            page::ISSUER_MARK_TOP_MM
        };
        // The glyphs sit about centred in their exact-height line.
        let glyph_offset = (line - (style.size_pt * 20.0) as i32) / 2;
        let before = (mm_to_twips(top_mm) - rows_above * pitch - glyph_offset).max(0);
        let lines = names.len() as i32;
        let total = before + lines * line;
        let after = (total + pitch - 1) / pitch * pitch - total;
        let spacing = |_first: bool, _last: bool| {
            LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line(line)
                .before(0)
                .after(0)
        };
        // The space above and below the mark is given by empty paragraphs of exact height,
        // so that a joint mark's table can centre 文件 on the names alone.
        self.spacer(before);
        if names.len() == 1 {
            let text = format!("{}{}", names[0], suffix);
            self.push(text_para(Element::IssuerMark, &text).line_spacing(spacing(true, true)));
            self.spacer(after);
            return;
        }
        let n = names.len();
        let longest = names.iter().map(|s| s.chars().count()).max().unwrap_or(1) as i32;
        let names: Vec<Paragraph> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                text_para(Element::IssuerMark, name)
                    .align(AlignmentType::Distribute)
                    .line_spacing(spacing(i == 0, i + 1 == n))
            })
            .collect();
        if suffix.is_empty() {
            for p in names {
                self.push(p.align(AlignmentType::Center));
            }
            self.spacer(after);
            return;
        }
        // Joint mark: names stacked on the left, the suffix centred beside them.
        let width = text_width_twips();
        let size_twips = (style.size_pt * 20.0) as i32;
        let suffix_w = suffix.chars().count() as i32 * size_twips + 240;
        let names_w = (longest * size_twips + 240).min(width - suffix_w);
        let margin = ((width - names_w - suffix_w) / 2).max(0);
        let mut left = TableCell::new()
            .width(names_w as usize, WidthType::Dxa)
            .vertical_align(VAlignType::Center);
        for p in names {
            left = left.add_paragraph(p);
        }
        let right = TableCell::new()
            .width(suffix_w as usize, WidthType::Dxa)
            .vertical_align(VAlignType::Center)
            .add_paragraph(
                text_para(Element::IssuerMark, suffix)
                    .align(AlignmentType::Left)
                    .line_spacing(spacing(false, false)),
            );
        let table = Table::without_borders(vec![TableRow::new(vec![left, right])])
            .set_grid(vec![names_w as usize, suffix_w as usize])
            .indent(margin)
            .width((names_w + suffix_w) as usize, WidthType::Dxa)
            .margins(TableCellMargins::new().margin(0, 0, 0, 0));
        self.push_table(table);
        self.spacer(after);
    }

    /// An empty paragraph exactly `height` twips high, off the grid.
    fn spacer(&mut self, height: i32) {
        if height <= 0 {
            return;
        }
        self.push(
            para(Element::Body).snap_to_grid(false).line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Exact)
                    .line(height)
                    .before(0)
                    .after(0),
            ),
        );
    }

    /// 上行文: the document number flush left (one character in) sharing its line with
    /// 签发人 and the names, right-aligned one character from the edge, two names per line.
    fn signer_lines(&mut self, number: &str, signers: &[String]) {
        let style = Element::Signer.style();
        let one = char_twips(1.0, style.size_pt);
        let tab = text_width_twips() - one;
        let rows: Vec<&[String]> = signers.chunks(2).collect();
        let name_fonts = {
            let role = crate::style::SIGNER_NAME_ROLE;
            RunFonts::new()
                .east_asia(role.official_family())
                .ascii(role.latin_family())
                .hi_ansi(role.latin_family())
                .hint("eastAsia")
        };
        for (i, names) in rows.iter().enumerate() {
            let last = i + 1 == rows.len();
            let mut p = para(Element::Signer)
                .align(AlignmentType::Left)
                .indent(Some(one), None, Some(0), None)
                .add_tab(Tab::new().val(TabValueType::Right).pos(tab as usize));
            if last {
                p = p.add_run(run(number));
            }
            p = p.add_run(Run::new().add_tab());
            let label = if i == 0 { SIGNER_LABEL } else { "" };
            if !label.is_empty() {
                p = p.add_run(run(label));
            }
            p = p.add_run(
                Run::new()
                    .add_text(xml_text(&names.join(SIGNER_GAP)))
                    .fonts(name_fonts.clone()),
            );
            self.push(p);
        }
    }

    /// The red rule under the 发文字号, as the bottom border of a thin paragraph whose height
    /// plus the rule make exactly one grid line, so the lines below stay on the grid.
    fn red_rule(&mut self) {
        let pitch = pitch_twips();
        let width_eighths = (page::mm_to_pt(page::RED_RULE_MM) * 8.0).round() as usize;
        let gap_pt = 3usize;
        let line = 40;
        let after = pitch - line - (gap_pt as i32 * 20) - (width_eighths as i32 * 20 / 8);
        let c = crate::style::RED;
        let p = para(Element::Body)
            .line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Exact)
                    .line(line)
                    .before(0)
                    .after(after.max(0) as u32),
            )
            .indent(Some(0), None, Some(0), None)
            .set_borders(
                ParagraphBorders::with_empty().set(
                    ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                        .val(BorderType::Single)
                        .size(width_eighths)
                        .space(gap_pt)
                        .color(format!("{:02X}{:02X}{:02X}", c[0], c[1], c[2])),
                ),
            );
        self.push(p);
    }

    /// One part of the composition after the head.
    fn part(&mut self, part: &Part) {
        if let Some(depth) = part.depth {
            self.block_depths.push(depth);
        }
        match &part.content {
            Content::Blank => self.blank(),
            Content::Title { text, lines } => {
                let lines: Vec<&str> = match lines {
                    Some(l) if part.element == Element::Title => {
                        l.iter().map(String::as_str).collect()
                    }
                    _ => vec![text.as_str()],
                };
                let mut p = para(part.element);
                for (i, l) in lines.iter().enumerate() {
                    let mut r = run(l);
                    if i > 0 {
                        r = Run::new()
                            .fonts(RunFonts::new().hint("eastAsia"))
                            .add_break(docx_rs::BreakType::TextWrapping)
                            .add_text(xml_text(l));
                    }
                    p = p.add_run(r);
                }
                self.push(p);
            }
            Content::Text(spans) => {
                let run_in = spans.iter().any(|s| s.element != part.element);
                let p = match styles::heading_char_id(part.element).filter(|_| run_in) {
                    // A run-in heading ("（一）强化组织领导。一是……") is a body paragraph, as
                    // the structure's readers expect of running text; the heading sentence
                    // carries its heading's character style, and the paragraph its outline
                    // level for Word's navigation pane. (Word's style separator would split
                    // it into two paragraphs in LibreOffice, breaking the line the PDF runs
                    // on.)
                    Some(char_id) => {
                        let mut p = para(Element::Body);
                        if let Some(level) = part.element.style().outline_level {
                            p = p.outline_lvl(usize::from(level));
                        }
                        self.spans(
                            p,
                            part.element,
                            spans,
                            &|t: &str| run(t).style(char_id),
                            &run,
                        )
                    }
                    None => {
                        let mut p = para(part.element);
                        if part.page_break_before {
                            p = p.page_break_before(true);
                        }
                        self.spans(p, part.element, spans, &run, &run)
                    }
                };
                self.push(p);
            }
            Content::Table(t) => self.table(t),
            Content::AttachmentNote(item) => self.attachment_note(item),
            Content::Signature {
                names,
                sealed,
                date,
            } => self.signature(names, *sealed, date.as_deref()),
            Content::IssuerMark { .. } | Content::DocNumber { .. } | Content::Imprint { .. } => {
                // Head and 版记 parts are written by `head` and `imprint`.
            }
        }
    }

    fn table(&mut self, t: &TablePart) {
        if let Some(c) = &t.caption {
            self.push(text_para(Element::Caption, c));
        }
        let cols = t.columns();
        if cols == 0 {
            return;
        }
        let width = text_width_twips();
        let col_w = width / cols as i32;
        let header_fonts = {
            let role = crate::style::TABLE_HEADER_ROLE;
            RunFonts::new()
                .east_asia(role.official_family())
                .ascii(role.latin_family())
                .hi_ansi(role.latin_family())
                .hint("eastAsia")
        };
        let header_run = |t: &str| Run::new().add_text(xml_text(t)).fonts(header_fonts.clone());
        let mut rows = Vec::new();
        for (is_header, row) in t.all_rows() {
            let mut cells = Vec::new();
            for i in 0..cols {
                let spans = row.get(i).map(Vec::as_slice).unwrap_or(&[]);
                let make: &dyn Fn(&str) -> Run = if is_header { &header_run } else { &run };
                let p = self.spans(para(Element::Table), Element::Table, spans, make, make);
                cells.push(
                    TableCell::new()
                        .width(col_w as usize, WidthType::Dxa)
                        .vertical_align(VAlignType::Center)
                        .add_paragraph(p),
                );
            }
            let mut r = TableRow::new(cells);
            // A row is kept whole on a page, as in the PDF, unless it is taller than a page.
            if is_header || row_lines(row, cols) <= page::LINES_PER_PAGE - 2 {
                r = r.cant_split();
            }
            rows.push(r);
        }
        self.header_rows
            .push(t.all_rows().next().is_some_and(|(h, _)| h));
        let table = Table::new(rows)
            .style("TableGrid")
            .set_grid(vec![col_w as usize; cols])
            .width((col_w * cols as i32) as usize, WidthType::Dxa);
        self.push_table(table);
    }

    /// A line of the 附件说明: a long name wraps under its own first character.
    fn attachment_note(&mut self, item: &AttachmentItem) {
        let size = Element::AttachmentNote.style().size_pt;
        let label_chars = ATTACHMENT_LEAD.chars().count() as f32;
        let first = Element::AttachmentNote.style().first_line_indent;
        let (left, hang) = if item.number.is_empty() {
            (
                char_twips(first + label_chars, size),
                char_twips(label_chars, size),
            )
        } else {
            let left = char_twips(first + label_chars + 1.0, size);
            if item.lead.is_empty() {
                (left, char_twips(1.0, size))
            } else {
                (left, char_twips(label_chars + 1.0, size))
            }
        };
        let p = text_para(Element::AttachmentNote, &item.text()).indent(
            Some(left),
            Some(SpecialIndentType::Hanging(hang)),
            Some(0),
            None,
        );
        self.push(p);
    }

    /// 署名 and 成文日期 by the sealed or unsealed rule.
    fn signature(&mut self, names: &[String], sealed: bool, date: Option<&str>) {
        let sig_style = Element::Signature.style();
        let date_style = Element::Date.style();
        // Width in characters: digits are half-width.
        let width = |s: &str| -> f32 {
            s.chars()
                .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
                .sum::<f32>()
        };
        let dw = date.map(width).unwrap_or(0.0);
        for name in names {
            let nw = width(name);
            let right = if sealed && date.is_some() {
                // Centred over the date.
                (date_style.right_indent + (dw - nw) / 2.0).max(0.0)
            } else {
                sig_style.right_indent
            };
            self.push(text_para(Element::Signature, name).indent(
                Some(0),
                None,
                Some(char_twips(right, sig_style.size_pt)),
                None,
            ));
        }
        if let Some(d) = date {
            let right = if sealed {
                date_style.right_indent
            } else {
                // The date starts two characters right of the name's start, and moves
                // left if it would end closer than two characters to the edge.
                let nw = names.iter().map(|n| width(n)).fold(0.0, f32::max);
                (nw - dw).max(sig_style.right_indent)
            };
            self.push(text_para(Element::Date, d).indent(
                Some(0),
                None,
                Some(char_twips(right, date_style.size_pt)),
                None,
            ));
        }
    }

    /// 版记: 抄送 and 印发 between full-width rules (thick outside, thin between), as a
    /// table floating at the foot of the type area of the page where the document ends, its
    /// last rule on the type area's bottom edge. It stays a table of ordinary paragraphs, so
    /// the editor edits it like any text.
    /// (LibreOffice 7.4 drops a paragraph frame whose paragraphs have differing borders.)
    ///
    /// The position is `w:tblpPr vertAnchor="margin" tblpYSpec="bottom"` (ECMA-376 §17.4.58:
    /// the table's bottom edge on the bottom edge of the text margin), with
    /// `horzAnchor="page" tblpX=<left margin>`. The page-relative horizontal anchor is what
    /// makes LibreOffice 7.4 float the table at all: it keeps a table inline unless text
    /// could flow beside it — a table as wide as the column counts only when its horizontal
    /// position is relative to the page (writerfilter's `FloatingTableConversion`); with a
    /// page-relative *vertical* absolute position in the page's lower left it keeps it
    /// inline again, hence the margin-relative, bottom-aligned vertical position. Aligned to
    /// the bottom, the table needs no height computed from its rows: a 抄送 line that wraps
    /// grows the table upwards. Rows are "at least" one grid line, never "exact", so no text
    /// is ever clipped. Measured in LibreOffice 7.4 (tests/docx_render.rs); Word reads the
    /// same attributes as the standard defines them, but no Word render was checked.
    /// The table's rows give up the rules' width and the anchor (the empty paragraph after
    /// it) is a hair high, so the 版记 needs the same two free grid rows as in the PDF
    /// (tested in LibreOffice). The PDF's even-page rule (an empty page before a 版记 that would land on an odd page)
    /// is not reproduced: the writer cannot know where Word's pages end.
    fn imprint(&mut self, part: &Part) {
        let Content::Imprint { cc, printer, date } = &part.content else {
            return;
        };
        let style = Element::Imprint.style();
        let thick = (page::mm_to_pt(page::THICK_RULE_MM) * 8.0).round() as usize;
        let thin = (page::mm_to_pt(page::THIN_RULE_MM) * 8.0).round() as usize;
        let width = text_width_twips();
        let left = char_twips(style.left_indent, style.size_pt);
        let right = char_twips(style.right_indent, style.size_pt);
        let mut lines: Vec<Paragraph> = Vec::new();
        if let Some(cc) = cc {
            // Continuation lines align after “抄送：”.
            let label = char_twips(3.0, style.size_pt);
            lines.push(text_para(Element::Imprint, cc).indent(
                Some(left + label),
                Some(SpecialIndentType::Hanging(label)),
                Some(right),
                None,
            ));
        }
        let mut printed = para(Element::Imprint)
            .add_tab(
                Tab::new()
                    .val(TabValueType::Right)
                    .pos((width - right) as usize),
            )
            .indent(Some(left), None, Some(0), None)
            .add_run(run(printer));
        if let Some(d) = date {
            printed = printed.add_run(Run::new().add_tab()).add_run(run(d));
        }
        lines.push(printed);
        // Each line gives up its share of the rules' width, so that the table with its rules
        // is no taller than its grid rows: LibreOffice counts the rules on top of the rows
        // and would otherwise need a row more than the PDF.
        let n = lines.len() as i32;
        let rules = ((2 * thick + (lines.len() - 1) * thin) * 20).div_ceil(8) as i32;
        let line = line_twips(style.size_pt) - (rules + ANCHOR_TWIPS + n - 1) / n;
        let rows: Vec<TableRow> = lines
            .into_iter()
            .map(|p| {
                let p = p.snap_to_grid(false).line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Exact)
                        .line(line)
                        .before(0)
                        .after(0),
                );
                TableRow::new(vec![TableCell::new()
                    .width(width as usize, WidthType::Dxa)
                    .add_paragraph(p)])
                .row_height(line as f32)
                .height_rule(HeightRule::AtLeast)
            })
            .collect();
        let rule = |pos: TableBorderPosition, size: usize| {
            TableBorder::new(pos)
                .border_type(BorderType::Single)
                .size(size)
                .color("000000")
        };
        let borders = TableBorders::with_empty()
            .set(rule(TableBorderPosition::Top, thick))
            .set(rule(TableBorderPosition::Bottom, thick))
            .set(rule(TableBorderPosition::InsideH, thin));
        let table = Table::new(rows)
            .set_grid(vec![width as usize])
            .width(width as usize, WidthType::Dxa)
            .margins(TableCellMargins::new().margin(0, 0, 0, 0))
            .set_borders(borders)
            .position(
                TablePositionProperty::new()
                    .vertical_anchor("margin")
                    .horizontal_anchor("page")
                    .position_x(mm_to_twips(page::LEFT_MM))
                    .position_y_alignment("bottom"),
            );
        self.push_table(table);
        // A document must end with a paragraph, and LibreOffice anchors the floating table to
        // it, moving both to a new page when the paragraph finds no room beside the table.
        // This one is a hair high and fits in the hair the table leaves above its rows.
        self.push(
            para(Element::Body).snap_to_grid(false).line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Exact)
                    .line(ANCHOR_TWIPS)
                    .before(0)
                    .after(0),
            ),
        );
    }
}
