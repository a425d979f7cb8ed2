//! A run of paragraphs (from a text file's lines or a DOCX's paragraphs) → the report model.
//! A paragraph may already know what it is (a DOCX style named 一级标题); otherwise the rules
//! of the published layout decide: the title first, 主送机关 ending in ：, the level markers
//! 一、 （一） 1. （1）, 一是/二是 points, and the 附件说明, 署名 and 成文日期 at the end.
//! Nothing is invented and nothing dropped: a paragraph that fits nowhere stays a paragraph and
//! the clerk is told.

use crate::catalogue::{Catalogue, Kind, Role};
use crate::diag::Diagnostic;
use crate::layout::tibetan::is_tibetan;
use crate::model::*;
use crate::style::Element;

use crate::hanzi::numbers;

/// One paragraph of the input.
#[derive(Clone, Debug)]
pub struct Para {
    pub text: String,
    /// 1-based line (text) or paragraph number (DOCX), for messages.
    pub line: usize,
    /// What the input says the paragraph is (a DOCX style), if it says.
    pub kind: Option<Element>,
    /// Cells, when the paragraph is a table row (tab-separated text or a DOCX table row).
    pub cells: Option<Vec<String>>,
    /// The first row of a DOCX table (so that two adjacent tables stay two).
    pub table_start: bool,
    /// In a run-in heading from a DOCX, the character where the body text begins (the run
    /// in the body's character style).
    pub run_in_at: Option<usize>,
    /// A table's caption (the centred line a DOCX puts above it); on the first row.
    pub caption: Option<String>,
    /// A centred body paragraph (DOCX), which may be a table caption.
    pub centered: bool,
    /// On a body paragraph or a table's first row: how many sections enclose it, when the
    /// input says (a gongwen DOCX does): a paragraph after a section's last one may close it.
    pub depth: Option<usize>,
}

/// Where a DOCX bookmark of a known indicator stood in a paragraph's text: the bookmarked
/// text lies between [`mark_open`]`(k)` and [`MARK_CLOSE`], `k` indexing
/// [`Assembler::marks`]. Private-use characters, so they meet no rule about text; they never
/// reach the report.
pub const MARK_CLOSE: char = '\u{E001}';
const MARK_BASE: u32 = 0xF0000;
const MARK_SLOTS: usize = 0xFFFE;

/// The opening character of the `k`-th mark; `None` past the characters available.
pub fn mark_open(k: usize) -> Option<char> {
    (k < MARK_SLOTS)
        .then(|| char::from_u32(MARK_BASE + k as u32))
        .flatten()
}

fn mark_index(c: char) -> Option<usize> {
    let u = c as u32;
    (MARK_BASE..MARK_BASE + MARK_SLOTS as u32)
        .contains(&u)
        .then(|| (u - MARK_BASE) as usize)
}

/// True for the characters [`mark_open`] and [`MARK_CLOSE`] put into text.
pub fn is_mark(c: char) -> bool {
    c == MARK_CLOSE || mark_index(c).is_some()
}

/// Text without its marks.
pub fn unmarked(s: &str) -> String {
    s.chars().filter(|&c| !is_mark(c)).collect()
}

impl Para {
    pub fn new(text: impl Into<String>, line: usize, kind: Option<Element>) -> Para {
        Para {
            text: text.into(),
            line,
            kind,
            cells: None,
            table_start: false,
            run_in_at: None,
            caption: None,
            centered: false,
            depth: None,
        }
    }

    fn is(&self, e: Element) -> bool {
        self.kind == Some(e)
    }

    fn unknown(&self) -> bool {
        self.kind.is_none() && self.cells.is_none()
    }
}

/// Builds the report; warnings go to `warnings`.
pub struct Assembler {
    pub warnings: Vec<Diagnostic>,
    counter: usize,
    infos: Vec<IndicatorInfo>,
    /// True for text input: a signed report is assumed sealed (the text cannot show it).
    pub assume_sealed: bool,
    /// The input line being read, for warnings raised deep inside a paragraph.
    line: usize,
    /// Indicator ids of the marks in the text (see [`mark_open`]).
    pub marks: Vec<String>,
    /// Ids the input already uses: a generated id never takes one of them.
    pub taken_ids: std::collections::BTreeSet<String>,
    /// The last suffix given to each catalogue id used more than once (`rec_received_3`):
    /// the next one is looked for from there, not from `_2` again for every number.
    suffixes: std::collections::HashMap<String, usize>,
    /// The concepts detected numbers are mapped onto.
    pub catalogue: Catalogue,
    /// True while the paragraphs read are next year's plans (a 下一步工作打算 section).
    next_year: bool,
}

impl Assembler {
    /// An assembler that maps numbers onto `catalogue`.
    pub fn new(catalogue: &Catalogue) -> Assembler {
        Assembler {
            warnings: Vec::new(),
            counter: 0,
            infos: Vec::new(),
            assume_sealed: true,
            line: 0,
            marks: Vec::new(),
            taken_ids: Default::default(),
            suffixes: Default::default(),
            catalogue: catalogue.clone(),
            next_year: false,
        }
    }

    /// A warning in English and Chinese, with help in both when given.
    fn warn(
        &mut self,
        line: usize,
        code: &'static str,
        msg: (String, String),
        help: Option<(&str, &str)>,
    ) {
        let mut d = Diagnostic::warning(code, msg.0).zh(msg.1);
        d.line = if line == 0 { self.line } else { line };
        d.column = 1;
        if let Some((en, zh)) = help {
            d = d.help(en).help_zh(zh);
        }
        self.warnings.push(d);
    }

    pub fn assemble(
        &mut self,
        paras: Vec<Para>,
        publication: Option<Publication>,
        head: Head,
    ) -> Report {
        let paras: Vec<Para> = paras
            .into_iter()
            .filter(|p| p.cells.is_some() || !p.text.trim().is_empty())
            .collect();
        let mut start = 0;
        let end = paras.len();

        // Title.
        let mut title_lines: Vec<String> = Vec::new();
        if let Some(first) = paras.iter().position(|p| p.is(Element::Title)) {
            let mut i = first;
            while i < end && paras[i].is(Element::Title) {
                // A title's forced line breaks are its lines.
                title_lines.extend(
                    paras[i]
                        .text
                        .split('\n')
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                );
                i += 1;
            }
            for p in &paras[..first] {
                self.warn(
                    p.line,
                    "import-unplaced",
                    (
                        format!(
                            "text before the title was kept as a paragraph: {}",
                            short(&p.text)
                        ),
                        format!("标题前的文字作为普通段落保留：{}", short(&p.text)),
                    ),
                    Some((
                        "move it where it belongs in the YAML, or delete it",
                        "请在 YAML 中把它移到应在的位置，或删除",
                    )),
                );
            }
            // Kept as paragraphs at the top of the body: never dropped.
            let rest: Vec<Para> = paras[..first].iter().chain(&paras[i..]).cloned().collect();
            return self.after_title(rest, title_lines, publication, head);
        }
        if start < end && paras[start].unknown() {
            title_lines.push(paras[start].text.trim().to_string());
            start += 1;
            let wanted = publication.as_ref().map(|p| p.name.as_str()).unwrap_or("");
            while start < end
                && title_lines.len() < 3
                && paras[start].unknown()
                && title_continues(&title_lines, &paras[start].text, wanted)
            {
                title_lines.push(paras[start].text.trim().to_string());
                start += 1;
            }
        }
        let rest = paras[start..].to_vec();
        self.after_title(rest, title_lines, publication, head)
    }

    fn after_title(
        &mut self,
        paras: Vec<Para>,
        title_lines: Vec<String>,
        publication: Option<Publication>,
        head: Head,
    ) -> Report {
        let mut start = 0;
        let mut end = paras.len();
        let title = Title {
            text: title_lines.concat(),
            lines: (title_lines.len() > 1).then(|| title_lines.clone()),
            loc: Loc::default(),
        };
        if title.text.is_empty() {
            self.warn(
                1,
                "import-no-title",
                ("no title was found".into(), "没有找到标题".into()),
                Some((
                    "write the title under `title:` in the YAML",
                    "请在 YAML 的 `title:` 下写上标题",
                )),
            );
        }

        // 主送机关
        let mut addressee = None;
        if let Some(p) = paras.get(start) {
            let t = p.text.trim();
            if p.is(Element::Addressee) || (p.unknown() && is_addressee(t)) {
                addressee = Some(t.trim_end_matches(['：', ':']).trim().to_string());
                start += 1;
            }
        }

        // The end: 版记, 附注, 成文日期, 署名, 附件说明 — from the last line backwards.
        let mut imprint: Option<Imprint> = None;
        while end > start {
            let p = &paras[end - 1];
            let t = p.text.trim();
            let is_imprint = p.is(Element::Imprint)
                || (p.unknown() && (t.starts_with("抄送：") || imprint_printer(t).is_some()));
            if !is_imprint {
                break;
            }
            let im = imprint.get_or_insert_with(Imprint::default);
            if let Some(cc) = t.strip_prefix("抄送：") {
                im.cc = cc
                    .trim_end_matches('。')
                    .split(['，', '、'])
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
            } else if let Some((printer, date)) = imprint_printer(t) {
                im.printer = printer;
                im.date = date;
            } else {
                // A 版记 line gongwen does not model: keep it as a paragraph.
                break;
            }
            end -= 1;
        }
        let mut note = None;
        let mut date: Option<(Date, usize)> = None;
        let mut issuers: Vec<String> = Vec::new();
        let mut sig_line = 0;
        // 附注 stands after the date.
        if end > start + 1 {
            let p = &paras[end - 1];
            let t = p.text.trim();
            let before_is_date = parse_cn_date(paras[end - 2].text.trim()).is_some();
            if p.is(Element::Note)
                || (p.unknown() && t.starts_with('（') && t.ends_with('）') && before_is_date)
            {
                note = Some(
                    t.strip_prefix('（')
                        .and_then(|s| s.strip_suffix('）'))
                        .unwrap_or(t)
                        .to_string(),
                );
                end -= 1;
            }
        }
        if end > start {
            let p = &paras[end - 1];
            if p.is(Element::Date) || p.unknown() {
                if let Some(d) = parse_cn_date(p.text.trim()) {
                    date = Some((d, p.line));
                    sig_line = p.line;
                    end -= 1;
                }
            }
        }
        if date.is_some() {
            let mut found: Vec<String> = Vec::new();
            while end > start && found.len() < 4 {
                let p = &paras[end - 1];
                let t = p.text.trim();
                if !(p.is(Element::Signature) || (p.unknown() && is_issuer_line(t))) {
                    break;
                }
                let names = issuer_names(t);
                let names = if names.iter().all(|n| n.chars().count() >= 2) {
                    names
                } else {
                    vec![t.to_string()]
                };
                found.splice(0..0, names);
                sig_line = p.line;
                end -= 1;
            }
            issuers = found;
        }
        // 附件说明
        let mut attachments = Vec::new();
        if let Some(a) = (start..end).rev().take(12).find(|&i| {
            let p = &paras[i];
            let t = p.text.trim();
            (p.is(Element::AttachmentNote) || p.unknown())
                && (t.starts_with("附件：") || t.starts_with("附件:"))
                && paras[i + 1..end].iter().all(|q| {
                    q.is(Element::AttachmentNote)
                        || (q.unknown() && numbered_item(q.text.trim()).is_some())
                })
        }) {
            let first = paras[a].text.trim();
            let first = first[first.find(['：', ':']).map_or(0, |i| {
                i + first[i..].chars().next().map_or(1, char::len_utf8)
            })..]
                .trim();
            let mut items = vec![first.to_string()];
            items.extend(paras[a + 1..end].iter().map(|q| q.text.trim().to_string()));
            let numbered = items.len() > 1;
            for (n, item) in items.iter().enumerate() {
                let title = match numbered_item(item) {
                    Some((k, rest)) if numbered => {
                        if k != n as u32 + 1 {
                            self.warn(
                                paras[a + n].line,
                                "import-renumbered",
                                (
                                    format!("attachment {item} is item {} of the list", n + 1),
                                    format!("附件 {item} 是清单中的第 {} 项", n + 1),
                                ),
                                Some((
                                    "gongwen numbers attachments itself",
                                    "附件序号由 gongwen 自动生成",
                                )),
                            );
                        }
                        rest.to_string()
                    }
                    _ => item.clone(),
                };
                attachments.push(Attachment {
                    title,
                    body: Vec::new(),
                    loc: Loc::default(),
                });
            }
            end = a;
        }

        let body = self.body(&paras[start..end]);
        let signature = (date.is_some() || !issuers.is_empty()).then(|| Signature {
            issuers,
            date: date.map(|d| d.0),
            sealed: self.assume_sealed,
            loc: Loc::default(),
        });
        let _ = sig_line;
        Report {
            publication,
            head,
            title,
            addressee,
            body,
            attachments,
            signature,
            note,
            imprint,
            indicator_info: std::mem::take(&mut self.infos),
            fonts: Default::default(),
            source_map: Default::default(),
        }
    }

    /// Blocks of an attachment page, read like the body.
    pub fn body_blocks(&mut self, paras: &[Para]) -> Vec<Block> {
        self.body(paras)
    }

    /// The indicator entries made since the last call (an attachment's numbers).
    pub fn take_infos(&mut self) -> Vec<IndicatorInfo> {
        std::mem::take(&mut self.infos)
    }

    /// The body: level markers open sections, everything else is a paragraph.
    fn body(&mut self, paras: &[Para]) -> Vec<Block> {
        // Open sections, outermost first; their levels are 1, 2, … in order.
        let mut stack: Vec<Section> = Vec::new();
        let mut root: Vec<Block> = Vec::new();
        // Sections among the root's blocks, then among each open section's: the ordinal of
        // the next heading without counting its siblings again.
        let mut sections: Vec<u32> = vec![0];
        fn push(stack: &mut [Section], root: &mut Vec<Block>, b: Block) {
            match stack.last_mut() {
                Some(s) => s.body.push(b),
                None => root.push(b),
            }
        }
        fn close_to(
            stack: &mut Vec<Section>,
            sections: &mut Vec<u32>,
            root: &mut Vec<Block>,
            level: usize,
        ) {
            while stack.len() > level {
                let s = stack.pop().expect("len > level");
                sections.pop();
                push(stack, root, Block::Section(s));
                if let Some(n) = sections.last_mut() {
                    *n += 1;
                }
            }
        }
        let mut i = 0;
        while i < paras.len() {
            let p = &paras[i];
            if p.cells.is_some() {
                if let Some(d) = p.depth.filter(|&d| d <= stack.len()) {
                    close_to(&mut stack, &mut sections, &mut root, d);
                }
                let caption = p.caption.clone();
                let mut rows = vec![p.cells.clone().unwrap_or_default()];
                i += 1;
                while i < paras.len() && paras[i].cells.is_some() && !paras[i].table_start {
                    rows.push(paras[i].cells.clone().unwrap_or_default());
                    i += 1;
                }
                let mut t = self.table(rows);
                t.caption = caption;
                push(&mut stack, &mut root, Block::Table(t));
                continue;
            }
            i += 1;
            self.line = p.line;
            let text = p.text.trim();
            let styled_level = match p.kind {
                Some(Element::Heading1) => Some(1),
                Some(Element::Heading2) => Some(2),
                Some(Element::Heading3) => Some(3),
                Some(Element::Heading4) => Some(4),
                _ => None,
            };
            let marker = heading_marker(text);
            let heading = match (marker, styled_level) {
                (Some(m), Some(l)) if m.level != l => {
                    self.warn(
                        p.line,
                        "import-style-level",
                        (
                            format!(
                                "the paragraph is styled as a level-{l} heading but numbered as level {}; the number was followed",
                                m.level
                            ),
                            format!(
                                "段落样式是{l}级标题，序号却是{}级标题；按序号处理",
                                m.level
                            ),
                        ),
                        None,
                    );
                    Some(m)
                }
                (Some(m), _)
                    if p.kind.is_none() || styled_level.is_some() || p.is(Element::Body) =>
                {
                    Some(m)
                }
                (None, Some(l)) => {
                    self.warn(
                        p.line,
                        "import-unnumbered-heading",
                        (
                            format!("a level-{l} heading without its number ({}) was kept as a paragraph", short(text)),
                            format!("没有序号的{l}级标题（{}）作为普通段落保留", short(text)),
                        ),
                        Some((
                            "gongwen numbers headings itself: add the number, or make it a section in the YAML",
                            "标题序号由 gongwen 生成：请补上序号，或在 YAML 中把它写成层次",
                        )),
                    );
                    None
                }
                _ => None,
            };
            let Some(m) = heading else {
                if let Some(d) = p.depth.filter(|&d| d <= stack.len()) {
                    close_to(&mut stack, &mut sections, &mut root, d);
                }
                if let Some(k) = p
                    .kind
                    .filter(|k| !matches!(k, Element::Body | Element::Table))
                {
                    self.warn(
                        p.line,
                        "import-unplaced",
                        (
                            format!(
                                "a paragraph styled {} inside the body was kept as a body paragraph",
                                k.style().name
                            ),
                            format!("正文中样式为“{}”的段落作为正文段落保留", k.style().name),
                        ),
                        None,
                    );
                }
                self.next_year = planned(&stack) || text.starts_with("下一步");
                let para = self.paragraph(text);
                push(&mut stack, &mut root, Block::Paragraph(para));
                continue;
            };
            let level = m.level as usize;
            if stack.len() < level - 1 {
                self.warn(
                    p.line,
                    "import-level-skipped",
                    (
                        format!(
                            "{} is a level-{} heading but no level-{} heading is open; it was kept as a paragraph",
                            short(text),
                            level,
                            level - 1
                        ),
                        format!(
                            "{} 是{}级标题，但前面没有{}级标题；作为普通段落保留",
                            short(text),
                            level,
                            level - 1
                        ),
                    ),
                    Some((
                        "headings nest 一、 → （一） → 1. → （1）; add the missing level in the YAML",
                        "层次依次为 一、 → （一） → 1. → （1）；请在 YAML 中补上缺少的一级",
                    )),
                );
                let para = self.paragraph(text);
                push(&mut stack, &mut root, Block::Paragraph(para));
                continue;
            }
            close_to(&mut stack, &mut sections, &mut root, level - 1);
            let ordinal = sections.last().copied().unwrap_or(0) + 1;
            let label = &text[..m.label_len];
            if m.number != ordinal {
                self.warn(
                    p.line,
                    "import-renumbered",
                    (
                        format!(
                            "heading {label} is number {ordinal} at its level; gongwen numbers headings itself and will print {}",
                            section_label(level as u8, ordinal)
                        ),
                        format!(
                            "标题 {label} 在本级是第 {ordinal} 个；序号由 gongwen 生成，将印为 {}",
                            section_label(level as u8, ordinal)
                        ),
                    ),
                    Some((
                        "check that no heading is missing or out of order",
                        "请检查是否漏了标题或顺序有误",
                    )),
                );
            } else if label != section_label(level as u8, ordinal) {
                self.warn(
                    p.line,
                    "import-label",
                    (
                        format!(
                            "heading label {label} will be printed as {}",
                            section_label(level as u8, ordinal)
                        ),
                        format!(
                            "标题序号 {label} 将印为 {}",
                            section_label(level as u8, ordinal)
                        ),
                    ),
                    None,
                );
            }
            let after = text[m.label_len..].trim();
            let (heading, lead) = match p.run_in_at {
                // The DOCX says where the heading ends.
                Some(at) => {
                    let raw = &p.text;
                    let cut = raw.char_indices().nth(at).map_or(raw.len(), |(b, _)| b);
                    let head_part = raw[..cut].trim();
                    let lead = raw[cut..].trim();
                    match head_part.get(m.label_len..) {
                        Some(h) if head_part.starts_with(label) => {
                            (h.trim(), (!lead.is_empty()).then_some(lead))
                        }
                        _ => split_run_in(after),
                    }
                }
                None => split_run_in(after),
            };
            self.next_year = planned(&stack) || is_plan_heading(heading);
            let heading = self.inlines(heading, None);
            let lead = lead.map(|l| self.lead(l));
            stack.push(Section {
                level: level as u8,
                ordinal,
                heading,
                lead,
                body: Vec::new(),
                loc: Loc::default(),
            });
            sections.push(0);
        }
        close_to(&mut stack, &mut sections, &mut root, 0);
        root
    }

    fn table(&mut self, rows: Vec<Vec<String>>) -> Table {
        let mut rows = rows.into_iter();
        let header: Vec<Vec<Inline>> = rows
            .next()
            .unwrap_or_default()
            .iter()
            .map(|c| vec![Inline::Text(unmarked(c).trim().to_string())])
            .map(|v| v.into_iter().filter(|i| !i.text().is_empty()).collect())
            .collect();
        let rows = rows
            .map(|r| {
                let hint = r.first().map(|c| c.trim().to_string());
                r.iter()
                    .map(|c| self.inlines(c.trim(), hint.as_deref()))
                    .collect()
            })
            .collect();
        Table {
            caption: None,
            header,
            rows,
            loc: Loc::default(),
        }
    }

    /// A paragraph: points when it has 一是…二是…, plain text otherwise.
    fn paragraph(&mut self, text: &str) -> Paragraph {
        self.lead(text)
    }

    /// Text run into a heading or a paragraph of its own, with its points.
    fn lead(&mut self, text: &str) -> Paragraph {
        let text = text.trim();
        let mut inlines = Vec::new();
        match split_points(text) {
            Some((pre, points)) => {
                if let Some(pre) = pre {
                    inlines.extend(self.inlines(pre, None));
                }
                for (n, p) in points.iter().enumerate() {
                    inlines.push(Inline::PointLabel(point_label(n as u32 + 1)));
                    inlines.extend(self.inlines(p, None));
                }
            }
            None => inlines.extend(self.inlines(text, None)),
        }
        Paragraph {
            inlines,
            loc: Loc::default(),
        }
    }

    /// Text with its numbers marked. `name_hint` names numbers that have no words before
    /// them (a table cell: the row's first cell). A marked span (a DOCX bookmark of a known
    /// indicator) is that indicator, with whatever number the editor left in it; the other
    /// numbers are found as in plain text and get new ids.
    fn inlines(&mut self, text: &str, name_hint: Option<&str>) -> Vec<Inline> {
        let (text, spans) = self.marked_spans(text.trim());
        let text = text.as_str();
        let (found, notes) = numbers::find(text);
        // The guess of 其中 parents is moot where the document names the numbers itself.
        if spans.is_empty() {
            for n in notes {
                self.warn(
                    0,
                    "import-breakdown",
                    n,
                    Some((
                        "set `parent:` by hand if the items are parts of the total",
                        "如果这些分项确是总数的一部分，请手工写上 `parent:`",
                    )),
                );
            }
        }
        // A number found inside or across a marked span belongs to the span. Spans follow
        // one another in the text without overlapping: the first that ends after `start` is
        // the only one that may.
        let owner = |start: usize, end: usize| {
            let k = spans.partition_point(|sp| sp.end <= start);
            spans.get(k).filter(|sp| sp.start < end).map(|_| k)
        };
        let mut items: Vec<(usize, usize, Option<usize>, Option<usize>)> = spans
            .iter()
            .enumerate()
            .map(|(k, sp)| (sp.start, sp.end, Some(k), None))
            .collect();
        items.extend(
            found
                .iter()
                .enumerate()
                .filter(|(_, f)| owner(f.start, f.end).is_none())
                .map(|(k, f)| (f.start, f.end, None, Some(k))),
        );
        items.sort_by_key(|i| i.0);
        let mut out = Vec::new();
        // The id each found number ends up with, for 其中 parents.
        let mut ids: Vec<Option<String>> = found
            .iter()
            .map(|f| owner(f.start, f.end).map(|k| spans[k].id.clone()))
            .collect();
        let mut last = 0;
        for (start, end, span, number) in items {
            if start > last {
                out.push(Inline::Text(text[last..start].to_string()));
            }
            last = end;
            if let Some(k) = span {
                let sp = &spans[k];
                out.push(Inline::Indicator(Quantity {
                    id: sp.id.clone(),
                    text: text[start..end].to_string(),
                    number: sp.parts.number.clone(),
                    value: sp.parts.value,
                    qualifier: sp.parts.qualifier.clone(),
                    unit: sp.parts.unit.clone(),
                    loc: Loc::default(),
                }));
                continue;
            }
            let Some(k) = number else { continue };
            let f = &found[k];
            let (id, catalogue, kind) = self.id_for(text, f);
            let name = match name_hint {
                Some(h) if text[..f.start].trim().is_empty() && !h.is_empty() => unmarked(h),
                _ => f.name.clone(),
            };
            self.infos.push(IndicatorInfo {
                id: id.clone(),
                name,
                parent: f.parent.and_then(|p| ids[p].clone()),
                unit: f.unit_override.clone(),
                catalogue,
                kind,
                complete: false,
                loc: Loc::default(),
            });
            out.push(Inline::Indicator(Quantity {
                id: id.clone(),
                text: text[f.start..f.end].to_string(),
                number: f.parts.number.clone(),
                value: f.parts.value,
                qualifier: f.parts.qualifier.clone(),
                unit: f.parts.unit.clone(),
                loc: Loc::default(),
            }));
            ids[k] = Some(id);
        }
        if last < text.len() {
            out.push(Inline::Text(text[last..].to_string()));
        }
        out
    }

    /// The id of a detected number, the catalogue entry it stands for when that is not its
    /// id, and its kind when it is not this year's value. A number the catalogue knows takes
    /// the concept's id (`rec_received`; a second one in the report `rec_received_2`), a goal
    /// `rec_received_target` and a change `rec_received_change`, so that goals and changes
    /// are never compared with actual values; any other number gets its own id from the unit.
    fn id_for(&mut self, text: &str, f: &numbers::Found) -> (String, Option<String>, Option<Kind>) {
        let m = self
            .catalogue
            .match_at(text, f.start, f.end, f.unit(), self.next_year)
            .map(|m| (m.entry.id.clone(), m.role));
        let kind_of = |role: Role| match role {
            Role::Actual => None,
            Role::Target => Some(Kind::Target),
            Role::Change => Some(Kind::Change),
        };
        let Some((entry, role)) = m else {
            let role =
                crate::catalogue::matcher::role_at(text, f.start, f.end, f.unit(), self.next_year);
            return (self.new_id(f.unit()), None, kind_of(role));
        };
        let base = match role {
            Role::Actual => entry.clone(),
            Role::Target => format!("{entry}_target"),
            Role::Change => format!("{entry}_change"),
        };
        let mut id = base.clone();
        // Ids are only ever added to `taken_ids`: every suffix below the last one given is
        // still taken.
        let mut n = self.suffixes.get(&base).copied().unwrap_or(1);
        while !self.taken_ids.insert(id.clone()) {
            n += 1;
            id = format!("{base}_{n}");
        }
        if n > 1 {
            self.suffixes.insert(base, n);
        }
        let catalogue = (id != entry).then_some(entry);
        (id, catalogue, kind_of(role))
    }

    /// A fresh id from the unit (n01_jian …), never one the input already uses.
    fn new_id(&mut self, unit: &str) -> String {
        loop {
            self.counter += 1;
            let id = format!("n{:02}_{}", self.counter, unit_slug(unit));
            if self.taken_ids.insert(id.clone()) {
                return id;
            }
        }
    }

    /// The text without its marks, and the marked spans that still hold a number. A span
    /// whose text no longer reads as a number is text again, and the clerk is told.
    fn marked_spans(&mut self, marked: &str) -> (String, Vec<Span>) {
        let mut text = String::with_capacity(marked.len());
        let mut spans = Vec::new();
        let mut open: Option<(usize, usize)> = None;
        for c in marked.chars() {
            if let Some(k) = mark_index(c) {
                open = Some((k, text.len()));
            } else if c == MARK_CLOSE {
                let Some((k, start)) = open.take() else {
                    continue;
                };
                let Some(id) = self.marks.get(k).cloned() else {
                    continue;
                };
                // Spaces typed at the edges of the bookmark are not part of the number.
                let inner = &text[start..];
                let start = start + (inner.len() - inner.trim_start().len());
                let end = start + inner.trim().len();
                let printed = &text[start..end];
                if printed.is_empty() {
                    continue;
                }
                match crate::hanzi::parse_quantity(printed) {
                    Ok(parts) => spans.push(Span {
                        start,
                        end,
                        id,
                        parts,
                    }),
                    Err(_) => {
                        let printed = printed.to_string();
                        self.warn(
                            0,
                            "import-not-a-number",
                            (
                                format!("indicator {id} now reads “{printed}”, which is not a number; it was kept as text"),
                                format!("指标 {id} 处的文字已改为“{printed}”，不是数字，作为普通文字保留"),
                            ),
                            Some((
                                "write the number back, or mark the new one as {number|id} in the YAML",
                                "请改回数字，或在 YAML 中把新的数字写成 {数字|编码}",
                            )),
                        );
                    }
                }
            } else {
                text.push(c);
            }
        }
        (text, spans)
    }
}

/// A marked indicator in a paragraph's text (bytes of the text without marks).
struct Span {
    start: usize,
    end: usize,
    id: String,
    parts: crate::hanzi::Parts,
}

impl Default for Assembler {
    fn default() -> Self {
        Self::new(Catalogue::builtin())
    }
}

/// Whether an open section is next year's plans.
fn planned(stack: &[Section]) -> bool {
    stack
        .iter()
        .any(|s| is_plan_heading(&inline_text(&s.heading)))
}

fn is_plan_heading(text: &str) -> bool {
    crate::catalogue::matcher::is_plan_heading(text)
}

fn short(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 20 {
        format!("{}…", s.chars().take(20).collect::<String>())
    } else {
        s.to_string()
    }
}

/// ASCII for ids, from the unit: readable enough for the clerk who renames them.
fn unit_slug(unit: &str) -> &'static str {
    match unit {
        "次" => "ci",
        "件" => "jian",
        "人次" => "renci",
        "场次" => "changci",
        "场" => "chang",
        "个" => "ge",
        "本" => "ben",
        "名" => "ming",
        "家" => "jia",
        "条" => "tiao",
        "节" => "jie",
        "期" => "qi",
        "项" => "xiang",
        "人" => "ren",
        "户" => "hu",
        "起" => "qi",
        "份" => "fen",
        "篇" => "pian",
        "元" => "yuan",
        "万元" => "wanyuan",
        "亿元" => "yiyuan",
        "万" => "wan",
        "%" | "％" => "pct",
        "个百分点" => "pp",
        "天" => "tian",
        "卷" => "juan",
        "小时" => "hours",
        _ => "n",
    }
}

/// 一、 （一） 1. （1）
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Marker {
    pub level: u8,
    pub number: u32,
    /// Bytes of the label.
    pub label_len: usize,
}

fn chinese_ordinal(s: &str) -> Option<u32> {
    const D: &str = "一二三四五六七八九";
    let digit = |c: char| D.chars().position(|d| d == c).map(|p| p as u32 + 1);
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => digit(*a),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(10 * digit(*a)?),
        [a, '十', b] => Some(10 * digit(*a)? + digit(*b)?),
        _ => None,
    }
}

pub fn heading_marker(text: &str) -> Option<Marker> {
    let numeral_end = |s: &str| {
        s.char_indices()
            .find(|&(_, c)| !"一二三四五六七八九十".contains(c))
            .map_or(s.len(), |(i, _)| i)
    };
    let digits_end = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let non_empty_after = |len: usize| !text[len..].trim().is_empty();
    // 一、
    let n = numeral_end(text);
    if n > 0 && text[n..].starts_with('、') {
        let len = n + '、'.len_utf8();
        return chinese_ordinal(&text[..n])
            .filter(|_| non_empty_after(len))
            .map(|number| Marker {
                level: 1,
                number,
                label_len: len,
            });
    }
    if let Some(inner) = text.strip_prefix('（') {
        let open = '（'.len_utf8();
        // （一）
        let n = numeral_end(inner);
        if n > 0 && inner[n..].starts_with('）') {
            let len = open + n + '）'.len_utf8();
            return chinese_ordinal(&inner[..n])
                .filter(|_| non_empty_after(len))
                .map(|number| Marker {
                    level: 2,
                    number,
                    label_len: len,
                });
        }
        // （1）
        let d = digits_end(inner);
        if d > 0 && d <= 3 && inner[d..].starts_with('）') {
            let len = open + d + '）'.len_utf8();
            return inner[..d]
                .parse()
                .ok()
                .filter(|_| non_empty_after(len))
                .map(|number| Marker {
                    level: 4,
                    number,
                    label_len: len,
                });
        }
        return None;
    }
    // 1. 1． 1、 — not 1.5 and not a year (2025年).
    let d = digits_end(text);
    if d > 0 && d <= 3 {
        let rest = &text[d..];
        let sep = ['.', '．', '、']
            .into_iter()
            .find(|&c| rest.starts_with(c))?;
        let after = &rest[sep.len_utf8()..];
        if after.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let len = d + sep.len_utf8();
        return text[..d]
            .parse()
            .ok()
            .filter(|_| non_empty_after(len))
            .map(|number| Marker {
                level: 3,
                number,
                label_len: len,
            });
    }
    None
}

/// A heading that ends its first sentence and goes on is run-in: "强化组织领导。一是……".
fn split_run_in(text: &str) -> (&str, Option<&str>) {
    if let Some((i, c)) = text
        .char_indices()
        .find(|&(_, c)| matches!(c, '。' | '！' | '？'))
    {
        let cut = i + c.len_utf8();
        let rest = text[cut..].trim();
        if !rest.is_empty() {
            return (&text[..cut], Some(rest));
        }
    }
    (text, None)
}

/// 一是……二是……: the text before the first label and each point's text (labels removed).
/// At least 一是 and 二是 in order, each starting the text or following ：。；！？，.
pub fn split_points(text: &str) -> Option<(Option<&str>, Vec<&str>)> {
    let mut starts: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    loop {
        let label = point_label(starts.len() as u32 + 1);
        let found = text[from..]
            .match_indices(&label)
            .map(|(i, _)| from + i)
            .find(|&i| {
                i == 0
                    || text[..i]
                        .chars()
                        .next_back()
                        .is_some_and(|c| "：。；！？，:;".contains(c))
            });
        match found {
            Some(i) => {
                starts.push((i, i + label.len()));
                from = i + label.len();
            }
            None => break,
        }
    }
    if starts.len() < 2 {
        return None;
    }
    let pre = text[..starts[0].0].trim();
    let mut points = Vec::new();
    for (k, &(_, body)) in starts.iter().enumerate() {
        let stop = starts.get(k + 1).map_or(text.len(), |s| s.0);
        points.push(text[body..stop].trim());
    }
    Some(((!pre.is_empty()).then_some(pre), points))
}

/// 市委、市政府：
fn is_addressee(t: &str) -> bool {
    (t.ends_with('：') || t.ends_with(':'))
        && t.chars().count() <= 60
        && !t.contains(['。', '；'])
        && heading_marker(t).is_none()
}

/// A 署名 line: a short name, no sentence punctuation, not a table's row (cells split by tabs).
fn is_issuer_line(t: &str) -> bool {
    let n = t.chars().count();
    (2..=60).contains(&n)
        && !t.trim().contains('\t')
        && !t.contains(['。', '，', '；', '：', '、', ',', ';', ':', '！', '？'])
        && heading_marker(t).is_none()
        && !t.starts_with("附件")
        && parse_cn_date(t).is_none()
        && !t.chars().any(|c| c.is_ascii_digit())
        && !is_tibetan_sentence(t)
}

/// Tibetan that is a text, not a name: it opens with a head mark (༄༅), ends a section (༎, ༔)
/// or has a shad (།) before its end — a Tibetan office's name ends with at most one shad.
fn is_tibetan_sentence(t: &str) -> bool {
    let t = t.trim_end();
    let shads = |s: &str| s.contains(['\u{0F0D}', '\u{0F0E}', '\u{0F0F}', '\u{0F10}', '\u{0F11}']);
    t.contains(['\u{0F04}', '\u{0F05}', '\u{0F06}', '\u{0F0E}', '\u{0F14}'])
        || t.strip_suffix('\u{0F0D}').is_some_and(shads)
        || (shads(t) && !t.ends_with('\u{0F0D}'))
}

/// The names of one 署名 line, split at the spaces between them; a space beside Tibetan is
/// Tibetan punctuation (after a shad), not a gap between two names.
fn issuer_names(t: &str) -> Vec<String> {
    let chars: Vec<char> = t.chars().collect();
    let mut names = vec![String::new()];
    for (i, &c) in chars.iter().enumerate() {
        let tibetan_beside =
            |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|&c| is_tibetan(c));
        let gap = matches!(c, ' ' | '\u{3000}' | '\t')
            && !(c == ' ' && (tibetan_beside(i.checked_sub(1)) || tibetan_beside(Some(i + 1))));
        match names.last_mut() {
            Some(last) if !gap => last.push(c),
            _ => names.push(String::new()),
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

/// 2025年12月31日 (also 二〇二五年十二月三十一日).
pub fn parse_cn_date(t: &str) -> Option<Date> {
    let t = t.trim();
    let rest = t.strip_suffix('日')?;
    let (y, rest) = rest.split_once('年')?;
    let (m, d) = rest.split_once('月')?;
    let num = |s: &str| -> Option<u32> {
        if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
            return s.parse().ok();
        }
        chinese_ordinal(s)
    };
    let year: i32 = if y.chars().all(|c| c.is_ascii_digit()) {
        y.parse().ok()?
    } else {
        y.chars()
            .map(|c| {
                "〇一二三四五六七八九"
                    .chars()
                    .position(|d| d == c)
                    .or((c == '零').then_some(0))
            })
            .try_fold(0i32, |acc, d| Some(acc * 10 + d? as i32))?
    };
    Date::new(year, num(m)?, num(d)?)
}

/// `1.统计表` → (1, 统计表)
fn numbered_item(t: &str) -> Option<(u32, &str)> {
    let d = t.find(|c: char| !c.is_ascii_digit())?;
    let rest = &t[d..];
    let sep = ['.', '．', '、']
        .into_iter()
        .find(|&c| rest.starts_with(c))?;
    Some((t[..d].parse().ok()?, rest[sep.len_utf8()..].trim()))
}

/// 印发机关 and 印发日期: "普兰县人民政府办公室 2026年1月9日印发".
fn imprint_printer(t: &str) -> Option<(String, Option<Date>)> {
    let body = t.strip_suffix("印发")?.trim();
    let (printer, date) = body.rsplit_once([' ', '\u{3000}', '\t'])?;
    let date = parse_cn_date(date)?;
    Some((printer.trim().to_string(), Some(date)))
}

/// Whether the next line still belongs to the title: short, no sentence punctuation, and the
/// title so far does not already end like a title (报告, 通知, …) — or the published name says
/// the lines together are the title.
fn title_continues(lines: &[String], next: &str, published_name: &str) -> bool {
    let next = next.trim();
    let so_far = lines.concat();
    if !published_name.is_empty() {
        let joined = format!("{so_far}{next}");
        if published_name.starts_with(&joined) && so_far != published_name {
            return true;
        }
        if so_far == published_name {
            return false;
        }
    }
    const ENDINGS: [&str; 16] = [
        "报告", "通知", "意见", "方案", "总结", "请示", "函", "决定", "办法", "规定", "纪要",
        "批复", "公告", "通报", "计划", "要点",
    ];
    next.chars().count() <= 30
        && !next.contains(['。', '，', '；', '：', ',', ';', ':'])
        && heading_marker(next).is_none()
        && parse_cn_date(next).is_none()
        && !ENDINGS.iter().any(|e| so_far.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        let m = |s| heading_marker(s).map(|m| (m.level, m.number));
        assert_eq!(m("一、工作开展情况"), Some((1, 1)));
        assert_eq!(m("（十二）强化"), Some((2, 12)));
        assert_eq!(m("3.规范"), Some((3, 3)));
        assert_eq!(m("2．规范"), Some((3, 2)));
        assert_eq!(m("（4）规范"), Some((4, 4)));
        assert_eq!(m("2025年是"), None);
        assert_eq!(m("1.5倍"), None);
        assert_eq!(m("（此件公开发布）"), None);
        assert_eq!(m("一、"), None);
    }

    #[test]
    fn points() {
        let (pre, pts) =
            split_points("总体要求。一是压实责任。二是健全机制，统一是非标准。").unwrap();
        assert_eq!(pre, Some("总体要求。"));
        assert_eq!(pts, ["压实责任。", "健全机制，统一是非标准。"]);
        assert!(split_points("一是只有一条。").is_none());
        assert!(split_points("统一是，二是").is_none());
    }

    #[test]
    fn dates() {
        assert_eq!(parse_cn_date("2025年12月31日"), Date::new(2025, 12, 31));
        assert_eq!(
            parse_cn_date("二〇二五年十二月三十一日"),
            Date::new(2025, 12, 31)
        );
        assert_eq!(parse_cn_date("2025年是"), None);
    }
}
