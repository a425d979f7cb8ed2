//! DOCX → report model. A paragraph's style *name* says what it is (公文标题, 一级标题, 署名 …):
//! LibreOffice and WPS rename style ids when they save, but keep the names. Paragraphs in
//! styles gongwen does not know (a foreign document) go through the same rules as plain text.

use crate::catalogue::Catalogue;
use std::collections::HashMap;

use docx_rs::{
    DocumentChild, Paragraph, ParagraphChild, Run, RunChild, Table, TableCellContent, TableChild,
    TableRowChild,
};

use crate::diag::Diagnostic;
use crate::model::{Date, Head, Publication};
use crate::style::Element;

use super::assemble::{self, Assembler, Para};
use super::text;
use super::{ImportError, Imported};
use crate::export::docx::{heading_char_name, marks};
use crate::hanzi::punct::{self, Summary};
use crate::model::{Block, IndicatorInfo, Inline, Report};

/// The name of the body's character style (the text run into a heading): 正文字符.
fn body_char_name() -> String {
    format!("{}字符", Element::Body.style().name)
}

struct Styles {
    /// paragraph style id → element
    paragraph: HashMap<String, Element>,
    /// character style ids that mean "body text run into a heading"
    body_char: Vec<String>,
    /// character style id → heading: a run-in heading's own text in a body paragraph
    heading_char: HashMap<String, Element>,
}

impl Styles {
    fn read(docx: &docx_rs::Docx) -> Styles {
        let mut paragraph = HashMap::new();
        let mut body_char = Vec::new();
        let mut heading_char = HashMap::new();
        let body_char_name = body_char_name();
        for s in &docx.styles.styles {
            let name = serde_json::to_value(&s.name)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let name = name.trim();
            if let Some(e) = Element::ALL
                .iter()
                .find(|e| e.style().name == name || e.style().name == s.style_id)
            {
                paragraph.insert(s.style_id.clone(), *e);
            }
            if name == body_char_name {
                body_char.push(s.style_id.clone());
            }
            if let Some(e) = (1..=4)
                .map(Element::heading)
                .find(|&e| heading_char_name(e) == name)
            {
                heading_char.insert(s.style_id.clone(), e);
            }
        }
        Styles {
            paragraph,
            body_char,
            heading_char,
        }
    }
}

/// What a gongwen DOCX says beyond its text (see [`marks`]); empty for a foreign DOCX.
#[derive(Default)]
struct Carried {
    /// The document is gongwen's: its bookmarks and properties can be trusted.
    ours: bool,
    infos: Vec<IndicatorInfo>,
    /// Bookmark name → indicator id.
    bookmarks: HashMap<String, String>,
    publication: Option<Publication>,
    block_depths: Option<Vec<usize>>,
}

impl Carried {
    fn read(props: &HashMap<String, String>) -> Carried {
        if props.get(marks::FORMAT).map(|v| v.trim()) != Some(marks::FORMAT_VERSION) {
            return Carried::default();
        }
        let mut entries: Vec<(&String, &String)> = props
            .iter()
            .filter(|(k, _)| k.starts_with(marks::INDICATOR_PREFIX))
            .collect();
        // The keys are numbered in the report's order; the map lost that order.
        entries.sort_by_key(|(k, _)| {
            k[marks::INDICATOR_PREFIX.len()..]
                .parse::<u64>()
                .unwrap_or(u64::MAX)
        });
        let infos: Vec<IndicatorInfo> = entries
            .into_iter()
            .filter_map(|(_, v)| marks::indicator_from_json(v))
            .collect();
        let mut bookmarks: HashMap<String, String> = infos
            .iter()
            .filter(|i| marks::usable_as_bookmark(&i.id))
            .map(|i| (i.id.clone(), i.id.clone()))
            .collect();
        for (k, v) in props {
            if let Some(name) = k.strip_prefix(marks::BOOKMARK_PREFIX) {
                bookmarks.insert(name.to_string(), v.clone());
            }
        }
        let block_depths = props.get(marks::BLOCK_DEPTHS).and_then(|v| {
            v.split(',')
                .map(|d| d.trim().parse::<usize>().ok())
                .collect::<Option<Vec<_>>>()
        });
        Carried {
            ours: true,
            infos,
            bookmarks,
            publication: props
                .get(marks::PUBLICATION)
                .and_then(|v| marks::publication_from_json(v)),
            block_depths,
        }
    }
}

/// Bookmarks of known indicators met so far: the `k`-th is marked in text by
/// [`assemble::mark_open`]`(k)`.
struct Marks<'a> {
    names: &'a HashMap<String, String>,
    ids: Vec<String>,
}

/// What a paragraph says: its text, where the body-styled run begins (a run-in heading's
/// text), and the heading its first runs' character style makes it (a run-in heading in a
/// body paragraph).
struct ParaText {
    text: String,
    lead_at: Option<usize>,
    heading: Option<Element>,
}

/// A paragraph's text (see [`ParaText`]). With `marks`, the bookmarks of known indicators are
/// marked in the text.
fn paragraph_text(p: &Paragraph, styles: &Styles, marks: Option<&mut Marks>) -> ParaText {
    let mut text = String::new();
    let mut lead_at = None;
    let mut heading = None;
    fn run(
        r: &Run,
        styles: &Styles,
        text: &mut String,
        lead_at: &mut Option<usize>,
        heading: &mut Option<Element>,
    ) {
        let style = r.run_property.style.as_ref().map(|s| s.val.as_str());
        let heading_char = style.and_then(|s| styles.heading_char.get(s).copied());
        let has_text = r
            .children
            .iter()
            .any(|c| matches!(c, RunChild::Text(t) if !t.text.is_empty()));
        if heading_char.is_some() && heading.is_none() && text.chars().all(assemble::is_mark) {
            *heading = heading_char;
        }
        let is_body = style.is_some_and(|s| styles.body_char.iter().any(|b| b == s))
            || (heading.is_some() && heading_char.is_none() && has_text);
        if is_body && lead_at.is_none() {
            // In characters: fixing punctuation later keeps the count, not the bytes. A
            // bookmark opened right before belongs to the body text.
            let opening = text
                .chars()
                .rev()
                .take_while(|&c| assemble::is_mark(c) && c != assemble::MARK_CLOSE)
                .count();
            *lead_at = Some(text.chars().count() - opening);
        }
        for c in &r.children {
            match c {
                RunChild::Text(t) => text.push_str(&t.text),
                RunChild::Tab(_) | RunChild::PTab(_) => text.push('\t'),
                RunChild::Break(_) | RunChild::CarriageReturn(_) => text.push('\n'),
                _ => {}
            }
        }
    }
    struct State<'m, 'n> {
        marks: Option<&'m mut Marks<'n>>,
        /// Bookmark number → (mark index, where its opening mark is in the text).
        open: HashMap<usize, (usize, usize)>,
    }
    struct Acc<'t> {
        text: &'t mut String,
        lead_at: &'t mut Option<usize>,
        heading: &'t mut Option<Element>,
    }
    fn children(cs: &[ParagraphChild], styles: &Styles, a: &mut Acc, st: &mut State) {
        for c in cs {
            match c {
                ParagraphChild::Run(r) => run(r, styles, a.text, a.lead_at, a.heading),
                ParagraphChild::Insert(i) => {
                    for ic in &i.children {
                        if let docx_rs::InsertChild::Run(r) = ic {
                            run(r, styles, a.text, a.lead_at, a.heading);
                        }
                    }
                }
                ParagraphChild::Hyperlink(h) => children(&h.children, styles, a, st),
                ParagraphChild::BookmarkStart(b) => {
                    let Some(m) = st.marks.as_deref_mut() else {
                        continue;
                    };
                    let Some(id) = m.names.get(&b.name) else {
                        continue;
                    };
                    let k = m.ids.len();
                    if let Some(c) = assemble::mark_open(k) {
                        m.ids.push(id.clone());
                        st.open.insert(b.id, (k, a.text.len()));
                        a.text.push(c);
                    }
                }
                ParagraphChild::BookmarkEnd(b) if st.open.remove(&b.id).is_some() => {
                    a.text.push(assemble::MARK_CLOSE);
                }
                _ => {}
            }
        }
    }
    let mut st = State {
        marks,
        open: HashMap::new(),
    };
    children(
        &p.children,
        styles,
        &mut Acc {
            text: &mut text,
            lead_at: &mut lead_at,
            heading: &mut heading,
        },
        &mut st,
    );
    // A bookmark that ends in another paragraph marks nothing here.
    let unclosed: std::collections::HashSet<usize> = st.open.values().map(|&(_, at)| at).collect();
    if !unclosed.is_empty() {
        // Removed in one pass: a paragraph may leave thousands open.
        let mut kept = String::with_capacity(text.len());
        let mut removed_before_lead = 0;
        for (k, (at, c)) in text.char_indices().enumerate() {
            if unclosed.contains(&at) {
                if lead_at.is_some_and(|l| k < l) {
                    removed_before_lead += 1;
                }
            } else {
                kept.push(c);
            }
        }
        text = kept;
        if let Some(l) = lead_at.as_mut() {
            *l -= removed_before_lead;
        }
    }
    ParaText {
        text,
        lead_at,
        heading,
    }
}

struct Reader<'a> {
    styles: &'a Styles,
    marks: Marks<'a>,
    /// Body paragraphs and report tables met so far (see [`marks::BLOCK_DEPTHS`]).
    blocks: usize,
    block_depths: Option<&'a [usize]>,
    paras: Vec<Para>,
    /// Paragraph counter, for messages ("paragraph 12").
    n: usize,
    /// Empty paragraphs right before the last non-empty one.
    blanks_before: Vec<usize>,
    blank_run: usize,
}

impl Reader<'_> {
    fn next_block_depth(&mut self) -> Option<usize> {
        let d = self.block_depths.and_then(|d| d.get(self.blocks)).copied();
        self.blocks += 1;
        d
    }

    fn kind(&self, p: &Paragraph) -> Option<Element> {
        p.property
            .style
            .as_ref()
            .and_then(|s| self.styles.paragraph.get(&s.val).copied())
    }

    fn paragraph(&mut self, p: &Paragraph) {
        self.n += 1;
        let kind = self.kind(p);
        // Numbers stand only in running text: elsewhere a bookmark is not an indicator's.
        let running = matches!(
            kind,
            None | Some(
                Element::Body
                    | Element::Heading1
                    | Element::Heading2
                    | Element::Heading3
                    | Element::Heading4
            )
        );
        let ParaText {
            text,
            lead_at,
            heading,
        } = paragraph_text(p, self.styles, running.then_some(&mut self.marks));
        // A body paragraph that opens with a heading's character style is a run-in heading.
        let kind = match (kind, heading) {
            (Some(Element::Body), Some(h)) if lead_at.is_some() => Some(h),
            _ => kind,
        };
        if assemble::unmarked(&text).trim().is_empty() {
            self.blank_run += 1;
            return;
        }
        let mut para = Para::new(text, self.n, kind);
        if kind == Some(Element::Body) {
            para.depth = self.next_block_depth();
        }
        para.centered = kind == Some(Element::Caption)
            || kind == Some(Element::Body)
                && p.property
                    .alignment
                    .as_ref()
                    .is_some_and(|j| j.val == "center");
        para.run_in_at = lead_at.filter(|&i| i > 0);
        self.blanks_before.push(self.blank_run);
        self.blank_run = 0;
        self.paras.push(para);
    }

    fn table(&mut self, t: &Table) {
        // Tables that only lay out head or end elements (a joint issuer mark, the 版记) are
        // read as their paragraphs; others are tables of the report.
        let cells: Vec<Vec<&Paragraph>> = t
            .rows
            .iter()
            .flat_map(|TableChild::TableRow(r)| r.cells.iter())
            .map(|TableRowChild::TableCell(c)| {
                c.children
                    .iter()
                    .filter_map(|x| match x {
                        TableCellContent::Paragraph(p) => Some(p.as_ref()),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let layout = cells.iter().flatten().any(|p| {
            matches!(
                self.kind(p),
                Some(Element::IssuerMark | Element::Imprint | Element::Signer)
            )
        });
        if layout {
            for p in cells.into_iter().flatten() {
                self.paragraph(p);
            }
            return;
        }
        // A centred body line right above the table is its caption, and the table takes its
        // place among the blocks.
        let caption = match self.paras.last() {
            Some(last) if last.centered && self.blank_run == 0 && last.cells.is_none() => {
                self.blanks_before.pop();
                // A body line counted among the blocks; a 表题 never was.
                if last.kind == Some(Element::Body) {
                    self.blocks -= 1;
                }
                self.paras
                    .pop()
                    .map(|p| assemble::unmarked(&p.text).trim().to_string())
            }
            _ => None,
        };
        let depth = self.next_block_depth();
        let mut first = true;
        for TableChild::TableRow(r) in &t.rows {
            self.n += 1;
            let row: Vec<String> = r
                .cells
                .iter()
                .map(|TableRowChild::TableCell(c)| {
                    c.children
                        .iter()
                        .filter_map(|x| match x {
                            TableCellContent::Paragraph(p) => Some(
                                paragraph_text(p, self.styles, Some(&mut self.marks))
                                    .text
                                    .replace('\n', ""),
                            ),
                            _ => None,
                        })
                        .collect::<Vec<_>>()
                        .join("")
                })
                .collect();
            let mut para = Para::new(row.join("\t"), self.n, Some(Element::Table));
            para.cells = Some(row);
            para.table_start = first;
            if first {
                para.caption = caption.clone();
                para.depth = depth;
            }
            first = false;
            self.blanks_before.push(self.blank_run);
            self.blank_run = 0;
            self.paras.push(para);
        }
    }
}

/// Imports a DOCX.
pub fn import(bytes: &[u8], catalogue: &Catalogue) -> Result<Imported, ImportError> {
    let docx = docx_rs::read_docx(bytes).map_err(|e| {
        ImportError::error(
            "not-docx",
            format!("this is not a DOCX file gongwen can read ({e})"),
        )
        .zh("这不是 gongwen 能读取的 DOCX 文件")
        .help_zh("请用 Word 或 WPS 打开后另存为 .docx 再导入")
        .help("open it in Word or WPS, save it as .docx and import that")
    })?;
    let styles = Styles::read(&docx);
    let carried = Carried::read(&docx.doc_props.custom.properties);
    let mut r = Reader {
        styles: &styles,
        marks: Marks {
            names: &carried.bookmarks,
            ids: Vec::new(),
        },
        blocks: 0,
        block_depths: carried.block_depths.as_deref(),
        paras: Vec::new(),
        n: 0,
        blanks_before: Vec::new(),
        blank_run: 0,
    };
    for c in &docx.document.children {
        match c {
            DocumentChild::Paragraph(p) => r.paragraph(p),
            DocumentChild::Table(t) => r.table(t),
            _ => {}
        }
    }
    // Depths apply only to the blocks they were written for: not after an editor added or
    // removed a paragraph.
    if carried.block_depths.as_ref().map(Vec::len) != Some(r.blocks) {
        for p in &mut r.paras {
            p.depth = None;
        }
    }
    let Reader {
        mut paras,
        mut blanks_before,
        marks: Marks { ids: mark_ids, .. },
        ..
    } = r;

    // A document not written by gongwen (a website's text saved as DOCX) may open with the
    // website's block (索引号 …), after the title that comes again below it: read as the text
    // importer reads it, before punctuation is fixed, so that the values stay as published.
    let mut website = None;
    if !carried.ours {
        let lead = paras
            .iter()
            .take_while(|p| p.kind.is_none() && p.cells.is_none())
            .count();
        let lines: Vec<(usize, &str)> = paras[..lead]
            .iter()
            .map(|p| (p.line, p.text.as_str()))
            .collect();
        if let Some(b) = text::metadata_block(&lines) {
            paras.drain(..b.next);
            blanks_before.drain(..b.next);
            // Fields with no place go right after the title, as in text.
            let at = 1.min(paras.len());
            let n = b.extra.len();
            paras.splice(at..at, b.extra);
            blanks_before.splice(at..at, std::iter::repeat_n(0, n));
            website = Some((b.publication, b.warnings));
        }
    }

    // Punctuation, as for text; the place is the paragraph number.
    let mut summary = Summary::default();
    for p in &mut paras {
        if p.cells.is_none() {
            p.text = normalise_marked(&p.text, p.line, &mut summary);
        }
        // A line break inside a paragraph is layout, except in the title (its lines).
        if p.kind != Some(Element::Title) && p.text.contains('\n') {
            p.text = p.text.replace('\n', "");
        }
    }

    let mut asm = Assembler::new(catalogue);
    let website = website.map(|(publication, warnings)| {
        asm.warnings.extend(warnings);
        publication
    });
    asm.marks = mark_ids;
    asm.taken_ids = carried.infos.iter().map(|i| i.id.clone()).collect();
    asm.taken_ids.extend(asm.marks.iter().cloned());
    // The head: the elements before the title.
    let mut head = Head::default();
    let head_len = paras
        .iter()
        .take_while(|p| p.kind.is_some_and(Element::in_head))
        .count();
    let mut issuer_parts: Vec<String> = Vec::new();
    for p in paras.drain(..head_len) {
        let t = p.text.trim().to_string();
        match p.kind {
            Some(Element::CopyNumber) => head.copy_number = Some(t),
            Some(Element::Secrecy) => match t.split_once('★') {
                Some((s, period)) => {
                    head.secrecy = Some(s.to_string());
                    head.secrecy_period = Some(period.to_string());
                }
                None => head.secrecy = Some(t),
            },
            Some(Element::Urgency) => head.urgency = Some(t),
            // The Tibetan line of a bilingual mark comes above the Chinese one.
            Some(Element::IssuerMark)
                if issuer_parts.is_empty()
                    && head.issuer_tibetan.is_none()
                    && is_tibetan_line(&t) =>
            {
                head.issuer_tibetan = Some(t)
            }
            Some(Element::IssuerMark) => issuer_parts.push(t),
            Some(Element::DocNumber) => head.doc_number = Some(t),
            Some(Element::Signer) => {
                // "普政发〔2026〕3号\t签发人：张建国　李明" (the number on the last line only)
                let mut rest = t.as_str();
                if let Some((number, names)) = t.split_once('\t') {
                    if !number.trim().is_empty() {
                        head.doc_number = Some(number.trim().to_string());
                    }
                    rest = names;
                }
                let names = rest.trim().trim_start_matches("签发人：").trim();
                head.signers.extend(
                    names
                        .split(['　', ' '])
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                );
                head.upward = true;
            }
            _ => {}
        }
    }
    if !issuer_parts.is_empty() {
        // One mark "普兰县人民政府文件", or stacked names with 文件 beside them.
        let last = issuer_parts.last().cloned().unwrap_or_default();
        if issuer_parts.len() > 1 && last.chars().count() <= 4 {
            head.issuer_suffix = Some(last);
            issuer_parts.pop();
            head.issuers = issuer_parts;
        } else if issuer_parts.len() == 1 {
            let t = &issuer_parts[0];
            match t.strip_suffix("文件") {
                Some(name) if !name.is_empty() => {
                    head.issuers = vec![name.to_string()];
                    head.issuer_suffix = Some("文件".to_string());
                }
                _ => head.issuers = vec![t.clone()],
            }
        } else {
            head.issuers = issuer_parts;
        }
    }
    let blanks_before: Vec<usize> = blanks_before[head_len..].to_vec();

    // A sealed signature has two empty lines above it (room for the seal), an unsealed one.
    if let Some(i) = paras
        .iter()
        .position(|p| p.kind == Some(Element::Signature))
    {
        asm.assume_sealed = blanks_before.get(i).copied().unwrap_or(2) >= 2;
    }

    // Attachment pages: 附件N, its title, its body — up to the next label or the 版记.
    let mut pages: Vec<(String, Vec<Para>)> = Vec::new();
    if let Some(first) = paras
        .iter()
        .position(|p| p.kind == Some(Element::AttachmentLabel))
    {
        let tail: Vec<Para> = paras.drain(first..).collect();
        let mut rest: Vec<Para> = Vec::new();
        for p in tail {
            match p.kind {
                Some(Element::AttachmentLabel) => pages.push((String::new(), Vec::new())),
                Some(Element::AttachmentTitle) => {
                    if let Some(page) = pages.last_mut() {
                        page.0 = p.text.trim().to_string();
                    }
                }
                Some(Element::Imprint) => rest.push(p),
                _ => match pages.last_mut() {
                    Some(page) => page.1.push(p),
                    None => rest.push(p),
                },
            }
        }
        paras.extend(rest);
    }

    let publication = match &carried.publication {
        Some(p) => Some(p.clone()),
        None if carried.ours => None,
        None => publication(&docx.doc_props.custom.properties, &head).or(website),
    };
    let mut report = asm.assemble(paras, publication, head);
    for (i, (title, body)) in pages.into_iter().enumerate() {
        let blocks = asm.body_blocks(&body);
        match report.attachments.get_mut(i) {
            Some(a) => {
                if !title.is_empty() && a.title != title {
                    let mut d = Diagnostic::warning(
                        "import-attachment",
                        format!(
                            "attachment page {} is titled {title}, the 附件说明 says {}",
                            i + 1,
                            a.title
                        ),
                    )
                    .zh(format!(
                        "附件{}页面的标题是“{title}”，附件说明写的是“{}”",
                        i + 1,
                        a.title
                    ));
                    d.line = body.first().map_or(0, |p| p.line);
                    asm.warnings.push(d);
                }
                a.body = blocks;
            }
            None => report.attachments.push(crate::model::Attachment {
                title,
                body: blocks,
                loc: Default::default(),
            }),
        }
    }
    report.indicator_info.extend(asm.take_infos());
    if carried.ours {
        // The document's own table first, in its order; then the numbers typed since.
        let new = std::mem::take(&mut report.indicator_info);
        report.indicator_info = carried.infos;
        report.indicator_info.extend(new);
    }
    scrub(&mut report);
    Ok(Imported {
        report,
        warnings: asm.warnings,
        punctuation: summary,
    })
}

/// The website block, when the document carries it in custom properties (索引号 …).
fn publication(props: &HashMap<String, String>, head: &Head) -> Option<Publication> {
    let get = |k: &str| props.get(k).cloned();
    let index = get("索引号")?;
    let published = get("发布日期").unwrap_or_default();
    // 发文字号 is the head's number when the document has a head.
    let doc_number = if head.doc_number.is_some() {
        String::new()
    } else {
        get("发文字号").unwrap_or_default()
    };
    Some(Publication {
        index_number: index,
        doc_number,
        publisher: get("发文机构").unwrap_or_default(),
        name: get("名称").unwrap_or_default(),
        validity: get("公文时效").unwrap_or_default(),
        published_date: Date::parse(&published),
        published,
    })
}

/// Punctuation fixed as in text, the marks kept where they were: the fix looks at the
/// neighbours of each mark and keeps the character count.
fn normalise_marked(text: &str, line: usize, summary: &mut Summary) -> String {
    if !text.chars().any(assemble::is_mark) {
        return punct::normalise(text, line, summary);
    }
    let marks: Vec<(usize, char)> = text
        .chars()
        .enumerate()
        .filter(|&(_, c)| assemble::is_mark(c))
        .collect();
    let fixed: Vec<char> = punct::normalise(&assemble::unmarked(text), line, summary)
        .chars()
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut marks = marks.into_iter().peekable();
    let mut i = 0;
    let mut src = fixed.into_iter();
    loop {
        if let Some(&(at, c)) = marks.peek() {
            if at == i {
                out.push(c);
                marks.next();
                i += 1;
                continue;
            }
        }
        match src.next() {
            Some(c) => out.push(c),
            None => break,
        }
        i += 1;
    }
    out.extend(marks.map(|(_, c)| c));
    out
}

/// Marks left where no indicator could take them (a bookmark an editor moved into a title,
/// say) never reach the report.
fn scrub(r: &mut Report) {
    fn s(x: &mut String) {
        if x.chars().any(assemble::is_mark) {
            *x = assemble::unmarked(x);
        }
    }
    fn inlines(is: &mut [Inline]) {
        for i in is {
            match i {
                Inline::Text(t) | Inline::PointLabel(t) => s(t),
                Inline::Indicator(q) => s(&mut q.text),
            }
        }
    }
    fn blocks(bs: &mut [Block]) {
        for b in bs {
            match b {
                Block::Paragraph(p) => inlines(&mut p.inlines),
                Block::Section(sec) => {
                    inlines(&mut sec.heading);
                    if let Some(l) = &mut sec.lead {
                        inlines(&mut l.inlines);
                    }
                    blocks(&mut sec.body);
                }
                Block::Table(t) => {
                    if let Some(c) = &mut t.caption {
                        s(c);
                    }
                    for row in std::iter::once(&mut t.header).chain(t.rows.iter_mut()) {
                        for cell in row {
                            inlines(cell);
                        }
                    }
                }
            }
        }
    }
    s(&mut r.title.text);
    for l in r.title.lines.iter_mut().flatten() {
        s(l);
    }
    if let Some(a) = &mut r.addressee {
        s(a);
    }
    blocks(&mut r.body);
    for a in &mut r.attachments {
        s(&mut a.title);
        blocks(&mut a.body);
    }
    if let Some(n) = &mut r.note {
        s(n);
    }
    if let Some(sig) = &mut r.signature {
        sig.issuers.iter_mut().for_each(s);
    }
}

/// A line of Tibetan letters and punctuation (spaces between its phrases), nothing else.
fn is_tibetan_line(t: &str) -> bool {
    use crate::layout::tibetan::is_tibetan;
    t.chars().any(is_tibetan) && t.chars().all(|c| is_tibetan(c) || c.is_whitespace())
}
