//! What every writer puts in its file's metadata: one rule for the title, the author, the
//! date and the 发文字号, so the PDF's and the DOCX's properties cannot disagree.

use crate::model::{Date, Report};

/// The date of a report that has none (no 成文日期, 发布日期 or SOURCE_DATE_EPOCH): fixed,
/// never the clock, so the files stay reproducible. 1980-01-01 is the earliest date a ZIP
/// entry (DOCX, XLSX) can carry.
pub const UNDATED: Date = Date {
    year: 1980,
    month: 1,
    day: 1,
};

#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    pub title: String,
    /// The issuers, joined by 、 (empty when the report names none).
    pub author: String,
    /// The report's date, when it has one.
    pub date: Option<Date>,
    /// 发文字号: the one printed in the head, else the one the website published.
    pub doc_number: Option<String>,
    /// The website publication block's non-empty fields with the chosen 发文字号, in the
    /// website's order: (label, value).
    pub fields: Vec<(&'static str, String)>,
    pub language: &'static str,
    pub creator: &'static str,
}

impl Meta {
    pub fn of(report: &Report) -> Meta {
        let publication = report.publication.as_ref();
        let doc_number = report
            .head
            .doc_number
            .as_deref()
            .or(publication.map(|p| p.doc_number.as_str()))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let mut fields = Vec::new();
        let mut field = |label: &'static str, value: &str| {
            if !value.trim().is_empty() {
                fields.push((label, value.trim().to_string()));
            }
        };
        field(
            "索引号",
            publication.map_or("", |p| p.index_number.as_str()),
        );
        field("发文字号", doc_number.as_deref().unwrap_or(""));
        if let Some(p) = publication {
            field("发文机构", &p.publisher);
            field("名称", &p.name);
            field("公文时效", &p.validity);
            field("发布日期", &p.published);
        }
        Meta {
            title: report.title.text.clone(),
            author: report.author(),
            date: report.date(),
            doc_number,
            fields,
            language: "zh-CN",
            creator: "gongwen",
        }
    }

    /// The date for a file format that must carry one.
    pub fn date_or_undated(&self) -> Date {
        self.date.unwrap_or(UNDATED)
    }

    pub fn field(&self, label: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, v)| v.as_str())
    }
}
