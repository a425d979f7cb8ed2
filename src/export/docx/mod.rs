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

use docx_rs::{
    AlignmentType, BorderType, Docx, FieldCharType, Footer, HeightRule, InstrText, LineSpacing,
    LineSpacingType, PageMargin, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Run, RunFonts, SpecialIndentType, Tab, TabValueType, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableCellMargins, TablePositionProperty,
    TableRow, VAlignType, WidthType,
};

use super::writer_failed;
use crate::diag::Diagnostic;
use crate::fonts::FontSet;
use crate::model::{Block, Inline, Report, Section};
use crate::style::{page, Element};
use geometry::{
    char_twips, line_twips, mm_to_twips, pitch_twips, right_margin_twips, text_width_twips,
};
pub use styles::style_id;

/// Builds the DOCX. Same report → same bytes: no clock, no random ids; dates come from the
/// report.
pub fn write(report: &Report, _fonts: &FontSet) -> Result<Vec<u8>, Diagnostic> {
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
        depth: 0,
        block_depths: Vec::new(),
        listed: report.indicator_info.iter().map(|i| i.id.clone()).collect(),
    };
    w.head(report);
    w.title(report);
    for b in &report.body {
        w.block(b);
    }
    w.end(report);
    w.attachments(report);
    w.imprint(report);

    let mut xml = std::mem::take(&mut w.docx).build();
    xml.document = table_position_first(&xml.document);
    xml.styles = styles::styles_xml().into_bytes();
    xml.font_table = styles::font_table_xml().into_bytes();
    xml.doc_props.core = parts::core_xml(report).into_bytes();
    let extra = marks::properties(report, &w.marks, &w.block_depths);
    xml.doc_props.custom = parts::custom_xml(report, &extra).into_bytes();
    xml.settings = parts::settings_xml().into_bytes();
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| writer_failed("DOCX", e))?;
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

/// Distance from the page's bottom edge to the footer's bottom edge: the top of the number
/// line sits 7 mm below the type area.
fn footer_distance() -> i32 {
    let number = Element::PageNumber.style();
    mm_to_twips(page::BOTTOM_MM - page::PAGE_NUMBER_GAP_MM) - (number.size_pt * 20.0) as i32
}

/// A run of text. The eastAsia hint makes “ ” — … take the Chinese face, as in the PDF.
fn run(text: &str) -> Run {
    Run::new()
        .add_text(text)
        .fonts(RunFonts::new().hint("eastAsia"))
}

fn para(e: Element) -> Paragraph {
    Paragraph::new().style(style_id(e))
}

fn text_para(e: Element, text: &str) -> Paragraph {
    para(e).add_run(run(text))
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
        .add_run(run("— "))
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
        .add_run(run(" —"));
    Footer::new().add_paragraph(p)
}

struct Writer {
    docx: Docx,
    marks: marks::Bookmarks,
    /// Sections open around the block being written.
    depth: usize,
    /// The depth of each paragraph and table written so far, for the import.
    block_depths: Vec<usize>,
    /// Ids with an entry in the report's indicator table.
    listed: std::collections::BTreeSet<String>,
}

impl Writer {
    /// Running text after `prefix` (a heading's label), as runs made by `make`. Each indicator
    /// is its own run inside a bookmark named after its id: the editor edits the number like
    /// any other word, and the import finds the id again around whatever number is there.
    fn inline_runs(
        &mut self,
        mut p: Paragraph,
        prefix: &str,
        inlines: &[Inline],
        make: &dyn Fn(&str) -> Run,
    ) -> Paragraph {
        let mut pending = prefix.to_string();
        for i in inlines {
            match i {
                Inline::Indicator(q) => {
                    if !pending.is_empty() {
                        p = p.add_run(make(&pending));
                        pending.clear();
                    }
                    let listed = self.report_lists(&q.id);
                    let (n, name) = self.marks.open(&q.id, listed);
                    p = p
                        .add_bookmark_start(n, name)
                        .add_run(make(&q.text))
                        .add_bookmark_end(n);
                }
                other => pending.push_str(other.text()),
            }
        }
        if !pending.is_empty() {
            p = p.add_run(make(&pending));
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

    fn head(&mut self, report: &Report) {
        let head = &report.head;
        let mut rows = 0;
        if let Some(n) = &head.copy_number {
            self.push(text_para(Element::CopyNumber, n));
            rows += 1;
        }
        if let Some(s) = head.secrecy_line() {
            self.push(text_para(Element::Secrecy, &s));
            rows += 1;
        }
        if let Some(u) = &head.urgency {
            self.push(text_para(Element::Urgency, u));
            rows += 1;
        }
        if !head.issuers.is_empty() {
            self.issuer_mark(report, rows);
            // 发文字号 two lines below the mark.
            self.blank();
        }
        if let Some(number) = &head.doc_number {
            if head.upward && !head.signers.is_empty() {
                self.signer_lines(number, &head.signers);
            } else {
                self.push(text_para(Element::DocNumber, number));
            }
        }
        if !head.issuers.is_empty() || head.doc_number.is_some() {
            self.red_rule();
            // The title two lines below the red rule.
            self.blank();
        }
    }

    /// 发文机关标志: its top edge 35 mm (上行文 80 mm) below the type area's top. One
    /// issuer is one line; a joint document stacks the issuers, with 文件 to their right.
    fn issuer_mark(&mut self, report: &Report, rows_above: i32) {
        let head = &report.head;
        let style = Element::IssuerMark.style();
        let line = line_twips(style.size_pt);
        let pitch = pitch_twips();
        let top_mm = if head.upward {
            page::ISSUER_MARK_TOP_UPWARD_MM
        } else {
            page::ISSUER_MARK_TOP_MM
        };
        // The glyphs sit about centred in their exact-height line.
        let glyph_offset = (line - (style.size_pt * 20.0) as i32) / 2;
        let before = (mm_to_twips(top_mm) - rows_above * pitch - glyph_offset).max(0);
        let lines = head.issuers.len() as i32;
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
        let suffix = head.issuer_suffix.clone().unwrap_or_default();
        if head.issuers.len() == 1 {
            let text = format!("{}{}", head.issuers[0], suffix);
            self.push(text_para(Element::IssuerMark, &text).line_spacing(spacing(true, true)));
            self.spacer(after);
            return;
        }
        let n = head.issuers.len();
        let names: Vec<Paragraph> = head
            .issuers
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
        let longest = head
            .issuers
            .iter()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(1) as i32;
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
                text_para(Element::IssuerMark, &suffix)
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
            let role = Element::Heading2.style().role;
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
            let label = if i == 0 { "签发人：" } else { "" };
            if !label.is_empty() {
                p = p.add_run(run(label));
            }
            p = p.add_run(
                Run::new()
                    .add_text(names.join("　"))
                    .fonts(name_fonts.clone()),
            );
            self.push(p);
        }
    }

    /// The red rule under the 发文字号, as the bottom border of a thin paragraph whose height
    /// plus the rule make exactly one grid line, so the lines below stay on the grid.
    fn red_rule(&mut self) {
        let pitch = pitch_twips();
        let width_eighths = (page::mm_to_pt(page::THICK_RULE_MM) * 8.0).round() as usize;
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

    fn title(&mut self, report: &Report) {
        let title = &report.title;
        let lines: Vec<String> = match &title.lines {
            Some(lines) if !lines.is_empty() => lines.clone(),
            _ => vec![title.text.clone()],
        };
        let mut p = para(Element::Title);
        for (i, l) in lines.iter().enumerate() {
            let mut r = run(l);
            if i > 0 {
                r = Run::new()
                    .fonts(RunFonts::new().hint("eastAsia"))
                    .add_break(docx_rs::BreakType::TextWrapping)
                    .add_text(l);
            }
            p = p.add_run(r);
        }
        self.push(p);
        self.blank();
        if let Some(a) = &report.addressee {
            self.push(text_para(Element::Addressee, &format!("{a}：")));
        }
    }

    fn block(&mut self, b: &Block) {
        if !matches!(b, Block::Section(_)) {
            self.block_depths.push(self.depth);
        }
        match b {
            Block::Paragraph(p) => {
                let para = self.inline_runs(para(Element::Body), "", &p.inlines, &run);
                self.push(para);
            }
            Block::Section(s) => self.section(s),
            Block::Table(t) => self.table(t),
        }
    }

    fn section(&mut self, s: &Section) {
        let e = Element::heading(s.level);
        let mut p = self.inline_runs(para(e), &s.label(), &s.heading, &run);
        match &s.lead {
            None => self.push(p),
            Some(lead) => {
                // A run-in heading is one paragraph in the heading's style (so it keeps its
                // outline level); the text after the heading sentence carries the body's
                // character style. Word's style separator (a hidden paragraph mark) would
                // list only the heading sentence in the navigation pane, but LibreOffice
                // 7.x shows it as two paragraphs, breaking the line the PDF runs on.
                p = self.inline_runs(p, "", &lead.inlines, &|t: &str| {
                    run(t).style(styles::BODY_CHAR_ID)
                });
                self.push(p);
            }
        }
        self.depth += 1;
        for b in &s.body {
            self.block(b);
        }
        self.depth -= 1;
    }

    fn table(&mut self, t: &crate::model::Table) {
        if let Some(c) = &t.caption {
            self.push(
                text_para(Element::Body, c)
                    .align(AlignmentType::Center)
                    .indent(
                        Some(0),
                        Some(SpecialIndentType::FirstLine(0)),
                        Some(0),
                        None,
                    ),
            );
        }
        let cols = std::iter::once(&t.header)
            .chain(&t.rows)
            .map(Vec::len)
            .max()
            .unwrap_or(0);
        if cols == 0 {
            return;
        }
        let width = text_width_twips();
        let col_w = width / cols as i32;
        let header_fonts = {
            let role = Element::Heading1.style().role;
            RunFonts::new()
                .east_asia(role.official_family())
                .ascii(role.latin_family())
                .hi_ansi(role.latin_family())
                .hint("eastAsia")
        };
        let mut rows = Vec::new();
        let all = std::iter::once((true, &t.header)).chain(t.rows.iter().map(|r| (false, r)));
        for (is_header, row) in all {
            if row.is_empty() {
                continue;
            }
            let mut cells = Vec::new();
            for i in 0..cols {
                let inlines = row.get(i).map(Vec::as_slice).unwrap_or(&[]);
                let p = if is_header {
                    self.inline_runs(para(Element::Table), "", inlines, &|t: &str| {
                        Run::new().add_text(t).fonts(header_fonts.clone())
                    })
                } else {
                    self.inline_runs(para(Element::Table), "", inlines, &run)
                };
                cells.push(
                    TableCell::new()
                        .width(col_w as usize, WidthType::Dxa)
                        .vertical_align(VAlignType::Center)
                        .add_paragraph(p),
                );
            }
            rows.push(TableRow::new(cells));
        }
        let table = Table::new(rows)
            .style("TableGrid")
            .set_grid(vec![col_w as usize; cols])
            .width((col_w * cols as i32) as usize, WidthType::Dxa);
        self.push_table(table);
    }

    /// 附件说明, 署名, 成文日期, 附注.
    fn end(&mut self, report: &Report) {
        let size = Element::AttachmentNote.style().size_pt;
        if !report.attachments.is_empty() {
            self.blank();
            let label = "附件：";
            let label_chars = label.chars().count() as f32;
            let first = Element::AttachmentNote.style().first_line_indent;
            if report.attachments.len() == 1 {
                // A long name wraps under its own first character.
                let left = char_twips(first + label_chars, size);
                let p = text_para(
                    Element::AttachmentNote,
                    &format!("{label}{}", report.attachments[0].title),
                )
                .indent(
                    Some(left),
                    Some(SpecialIndentType::Hanging(char_twips(label_chars, size))),
                    Some(0),
                    None,
                );
                self.push(p);
            } else {
                let left = char_twips(first + label_chars + 1.0, size);
                for (i, a) in report.attachments.iter().enumerate() {
                    let (text, hang) = if i == 0 {
                        (
                            format!("{label}{}.{}", i + 1, a.title),
                            char_twips(label_chars + 1.0, size),
                        )
                    } else {
                        (format!("{}.{}", i + 1, a.title), char_twips(1.0, size))
                    };
                    self.push(text_para(Element::AttachmentNote, &text).indent(
                        Some(left),
                        Some(SpecialIndentType::Hanging(hang)),
                        Some(0),
                        None,
                    ));
                }
            }
        }
        if let Some(sig) = &report.signature {
            let sig_style = Element::Signature.style();
            let date_style = Element::Date.style();
            let date_text = sig.date.map(|d| d.chinese());
            // Width in characters: digits are half-width.
            let width = |s: &str| -> f32 {
                s.chars()
                    .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
                    .sum::<f32>()
            };
            let dw = date_text.as_deref().map(width).unwrap_or(0.0);
            // A sealed document leaves room for the seal above the signature.
            let gap = if sig.sealed { 2 } else { 1 };
            for _ in 0..gap {
                self.blank();
            }
            for name in &sig.issuers {
                let nw = width(name);
                let right = if sig.sealed && date_text.is_some() {
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
            if let Some(d) = &date_text {
                let right = if sig.sealed {
                    date_style.right_indent
                } else {
                    // The date starts two characters right of the name's start, and moves
                    // left if it would end closer than two characters to the edge.
                    let nw = sig.issuers.iter().map(|n| width(n)).fold(0.0, f32::max);
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
        if let Some(n) = &report.note {
            self.push(text_para(Element::Note, &format!("（{n}）")));
        }
    }

    /// Each attachment on its own page: 附件N at the top left, its title centred on the
    /// third line.
    fn attachments(&mut self, report: &Report) {
        let many = report.attachments.len() > 1;
        for (i, a) in report.attachments.iter().enumerate() {
            let label = if many {
                format!("附件{}", i + 1)
            } else {
                "附件".to_string()
            };
            self.push(text_para(Element::AttachmentLabel, &label).page_break_before(true));
            self.blank();
            self.push(text_para(Element::AttachmentTitle, &a.title));
            if !a.body.is_empty() {
                self.blank();
            }
            for b in &a.body {
                self.block(b);
            }
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
    /// LibreOffice moves the table to a new page with its anchor (the empty paragraph after
    /// it) when the last page has fewer than three free grid rows, where the PDF needs two.
    /// The PDF's even-page rule (an empty page before a 版记 that would land on an odd page)
    /// is not reproduced: the writer cannot know where Word's pages end.
    fn imprint(&mut self, report: &Report) {
        let Some(imp) = &report.imprint else {
            return;
        };
        let style = Element::Imprint.style();
        let thick = (page::mm_to_pt(page::THICK_RULE_MM) * 8.0).round() as usize;
        let thin = (page::mm_to_pt(page::THIN_RULE_MM) * 8.0).round() as usize;
        let width = text_width_twips();
        let left = char_twips(style.left_indent, style.size_pt);
        let right = char_twips(style.right_indent, style.size_pt);
        let mut lines: Vec<Paragraph> = Vec::new();
        if let Some(cc) = imp.cc_line() {
            // Continuation lines align after “抄送：”.
            let label = char_twips(3.0, style.size_pt);
            lines.push(text_para(Element::Imprint, &cc).indent(
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
            .add_run(run(&imp.printer));
        if let Some(d) = imp.date {
            printed = printed
                .add_run(Run::new().add_tab())
                .add_run(run(&format!("{}印发", d.chinese())));
        }
        lines.push(printed);
        let rows: Vec<TableRow> = lines
            .into_iter()
            .map(|p| {
                TableRow::new(vec![TableCell::new()
                    .width(width as usize, WidthType::Dxa)
                    .add_paragraph(p)])
                .row_height(line_twips(style.size_pt) as f32)
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
        // A document must end with a paragraph; this one is empty and takes no grid line
        // of its own worth keeping.
        self.push(para(Element::Body));
    }
}
