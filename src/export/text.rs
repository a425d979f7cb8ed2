//! The report as a website publishes it: the metadata lines, the title, then one line per
//! paragraph, then the signature and date. No head, no attachment pages, no 版记.

use crate::compose::{compose, spans_text, Composition, Content};
use crate::model::Report;

pub fn write(report: &Report) -> String {
    write_composition(report, &compose(report))
}

/// The text of a composition already made; `report` gives the website block.
pub fn write_composition(report: &Report, composition: &Composition) -> String {
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    // The website's own block, exactly as it was published.
    if let Some(p) = &report.publication {
        line(if p.name.is_empty() {
            &composition.meta.title
        } else {
            &p.name
        });
        line(&format!("- 索引号:{}", p.index_number));
        line(&format!("- 发文字号:{}", p.doc_number));
        line(&format!("- 发文机构:{}", p.publisher));
        line(&format!("- 名 称:{}", p.name));
        line(&format!("- 公文时效:{}", p.validity));
        line(&format!("- 发布日期:{}", p.published));
    }
    for part in composition.flow() {
        if part.page_break_before {
            break;
        }
        match &part.content {
            Content::Blank => {}
            Content::Title { text, .. } => line(text),
            Content::Table(t) => {
                if let Some(c) = &t.caption {
                    line(c);
                }
                for (_, row) in t.all_rows() {
                    let cells: Vec<String> = row.iter().map(|c| spans_text(c)).collect();
                    line(&cells.join("\t"));
                }
            }
            Content::AttachmentNote(a) => {
                // Later items align under the first one's number.
                let lead = if a.lead.is_empty() && !a.number.is_empty() {
                    " ".repeat(2 * crate::compose::ATTACHMENT_LEAD.chars().count())
                } else {
                    a.lead.clone()
                };
                line(&format!("{lead}{}{}", a.number, a.title));
            }
            Content::Signature { names, date, .. } => {
                for n in names {
                    line(n);
                }
                if let Some(d) = date {
                    line(d);
                }
            }
            other => line(&other.text()),
        }
    }
    out
}
