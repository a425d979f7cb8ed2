//! The parts a composition is made of.

use crate::model::Loc;
use crate::style::Element;

/// One part of the printed document: a paragraph, a line group, a table, a blank grid line.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    pub element: Element,
    pub content: Content,
    /// The part's last line stays on the page of the next part's first line.
    pub keep_with_next: bool,
    /// The part's lines stay on one page.
    pub keep_lines: bool,
    /// The part starts a new page (an attachment's first page).
    pub page_break_before: bool,
    /// Bookmark level (0 for 一、, 1 for （一）) and its title, for headings that have one.
    pub outline: Option<(u8, String)>,
    /// Section depth (0 = top level) of a body paragraph or table, for the way back from DOCX.
    pub depth: Option<usize>,
    pub loc: Loc,
}

impl Part {
    pub fn new(element: Element, content: Content) -> Part {
        Part {
            element,
            content,
            keep_with_next: false,
            keep_lines: false,
            page_break_before: false,
            outline: None,
            depth: None,
            loc: Loc::default(),
        }
    }

    /// Its lines stay together and with the next part.
    pub fn keep(mut self) -> Part {
        self.keep_with_next = true;
        self.keep_lines = true;
        self
    }

    /// Everything the part prints, in reading order, without layout (for tests and the text
    /// writer).
    pub fn text(&self) -> String {
        self.content.text()
    }
}

/// A run of text in one element's look; an indicator is its own span.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// Whose font the span takes: a run-in heading is a heading span followed by body spans.
    pub element: Element,
    pub text: String,
    /// The indicator id when the span is a marked number.
    pub indicator: Option<String>,
}

impl Span {
    pub fn plain(element: Element, text: &str) -> Span {
        Span {
            element,
            text: text.to_string(),
            indicator: None,
        }
    }
}

pub fn spans_text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

#[derive(Clone, Debug, PartialEq)]
pub struct TablePart {
    pub caption: Option<String>,
    /// Empty when the table has no header row.
    pub header: Vec<Vec<Span>>,
    pub rows: Vec<Vec<Vec<Span>>>,
}

impl TablePart {
    /// The widest row's number of cells.
    pub fn columns(&self) -> usize {
        std::iter::once(&self.header)
            .chain(&self.rows)
            .map(Vec::len)
            .max()
            .unwrap_or(0)
    }

    /// Rows in order, the header first when there is one: (is the header, cells).
    pub fn all_rows(&self) -> impl Iterator<Item = (bool, &Vec<Vec<Span>>)> {
        std::iter::once((true, &self.header))
            .chain(self.rows.iter().map(|r| (false, r)))
            .filter(|(_, r)| !r.is_empty())
    }
}

/// One line of the 附件说明: "附件：1.标题" is lead "附件：", number "1.", title.
#[derive(Clone, Debug, PartialEq)]
pub struct AttachmentItem {
    pub lead: String,
    pub number: String,
    pub title: String,
}

impl AttachmentItem {
    pub fn text(&self) -> String {
        format!("{}{}{}", self.lead, self.number, self.title)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    /// Running text broken into lines by the writer.
    Text(Vec<Span>),
    /// An empty grid line.
    Blank,
    /// A title: `lines` when its author forced them, else the writer splits `text`.
    Title {
        text: String,
        lines: Option<Vec<String>>,
    },
    /// The red 发文机关标志: one name, or a joint document's names stacked, with the suffix
    /// (文件) beside them.
    IssuerMark {
        names: Vec<String>,
        suffix: String,
        upward: bool,
        /// A bilingual mark's Tibetan line, above the names; empty for a Chinese mark.
        tibetan: String,
    },
    /// 发文字号, and on 上行文 the 签发人 names on the same line.
    DocNumber {
        number: String,
        signers: Vec<String>,
    },
    Table(TablePart),
    AttachmentNote(AttachmentItem),
    /// 署名 (one name per issuer) and 成文日期, placed by the sealed or unsealed rule.
    Signature {
        names: Vec<String>,
        sealed: bool,
        date: Option<String>,
    },
    /// 版记: the 抄送 line, the 印发机关 and "…印发".
    Imprint {
        cc: Option<String>,
        printer: String,
        date: Option<String>,
    },
}

impl Content {
    pub fn text(&self) -> String {
        match self {
            Content::Text(spans) => spans_text(spans),
            Content::Blank => String::new(),
            Content::Title { text, lines } => match lines {
                Some(l) => l.concat(),
                None => text.clone(),
            },
            Content::IssuerMark {
                names,
                suffix,
                tibetan,
                ..
            } => format!("{tibetan}{}{suffix}", names.concat()),
            Content::DocNumber { number, signers } => {
                if signers.is_empty() {
                    number.clone()
                } else {
                    format!(
                        "{number}{}{}",
                        super::SIGNER_LABEL,
                        signers.join(super::SIGNER_GAP)
                    )
                }
            }
            Content::Table(t) => {
                let mut s = t.caption.clone().unwrap_or_default();
                for (_, row) in t.all_rows() {
                    for cell in row {
                        s.push_str(&spans_text(cell));
                    }
                }
                s
            }
            Content::AttachmentNote(a) => a.text(),
            Content::Signature { names, date, .. } => {
                format!("{}{}", names.concat(), date.clone().unwrap_or_default())
            }
            Content::Imprint { cc, printer, date } => format!(
                "{}{printer}{}",
                cc.clone().unwrap_or_default(),
                date.clone().unwrap_or_default()
            ),
        }
    }
}
