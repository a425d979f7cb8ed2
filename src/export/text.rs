//! The report as a website publishes it: the metadata lines, the title, then one line per
//! paragraph, then the signature and date.

use crate::model::{Block, Report};

pub fn write(report: &Report) -> String {
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    if let Some(p) = &report.publication {
        line(if p.name.is_empty() {
            &report.title.text
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
    line(&report.title.text);
    if let Some(a) = &report.addressee {
        line(&format!("{a}："));
    }
    let mut paragraphs = Vec::new();
    blocks(&report.body, &mut paragraphs);
    for p in &paragraphs {
        line(p);
    }
    match report.attachments.len() {
        0 => {}
        1 => line(&format!("附件：{}", report.attachments[0].title)),
        _ => {
            for (i, a) in report.attachments.iter().enumerate() {
                let head = if i == 0 { "附件：" } else { "      " };
                line(&format!("{head}{}.{}", i + 1, a.title));
            }
        }
    }
    if let Some(s) = &report.signature {
        for issuer in &s.issuers {
            line(issuer);
        }
        if let Some(d) = s.date {
            line(&d.chinese());
        }
    }
    if let Some(n) = &report.note {
        line(&format!("（{n}）"));
    }
    out
}

/// Flattens the body into printed paragraphs; a run-in heading shares its paragraph.
pub fn blocks(blocks_in: &[Block], out: &mut Vec<String>) {
    for b in blocks_in {
        match b {
            Block::Paragraph(p) => out.push(p.text()),
            Block::Section(s) => {
                let mut first = s.full_heading();
                if let Some(lead) = &s.lead {
                    first.push_str(&lead.text());
                }
                out.push(first);
                blocks(&s.body, out);
            }
            Block::Table(t) => {
                if let Some(c) = &t.caption {
                    out.push(c.clone());
                }
                for row in std::iter::once(&t.header).chain(&t.rows) {
                    if !row.is_empty() {
                        let cells: Vec<String> =
                            row.iter().map(|c| crate::model::inline_text(c)).collect();
                        out.push(cells.join("\t"));
                    }
                }
            }
        }
    }
}
