//! The indicators workbook: every number the report states becomes a row that a prefecture
//! office can sort, filter, sum and compare across counties and years.
//!
//! Percentages are stored the way a spreadsheet user types them (96.4% is the number 0.964
//! shown with a % format), in the single workbook and in the merge alike, so that a value
//! copied between workbooks keeps its meaning.

mod layout;
mod merge;
mod single;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, XlsxError};

use super::writer_failed;
use crate::catalogue::Catalogue;
use crate::diag::Diagnostic;
use crate::hanzi::PREFIX_QUALIFIERS;
use crate::indicators::exact_in_excel;
use crate::model::{Date, Decimal, Report};

/// The workbook for one report: sheets 指标, 校验 and 报告信息.
pub fn write(report: &Report) -> Result<Vec<u8>, Diagnostic> {
    single::build(report).map_err(|e| failed(&e))
}

/// A report given to the merge, with the file it was read from (named in messages and in
/// the workbook's 来源 sheet, so that a number can be traced to its document).
#[derive(Clone, Copy, Debug)]
pub struct MergeInput<'a> {
    pub file: &'a str,
    pub report: &'a Report,
}

/// One comparison workbook: a row per indicator catalogue entry, a column per report,
/// totals where summing means something, numbers outside the catalogue listed per report,
/// and a year-on-year sheet for an issuer given with two years. The same report given
/// twice is an error (`same-report`) located in the second file.
pub fn merge(inputs: &[MergeInput], catalogue: &Catalogue) -> Result<Vec<u8>, Diagnostic> {
    if inputs.is_empty() {
        return Err(Diagnostic::error("no-reports", "no reports to merge")
            .zh("没有可汇总的报告")
            .help("name at least one report: gongwen xlsx --merge A.yaml B.yaml -o 汇总.xlsx")
            .help_zh("至少给出一份报告：gongwen xlsx --merge A.yaml B.yaml -o 汇总.xlsx"));
    }
    merge::same_report(inputs)?;
    merge::build(inputs, catalogue).map_err(|e| failed(&e))
}

fn failed(e: &XlsxError) -> Diagnostic {
    writer_failed("XLSX", e)
}

/// Chinese spreadsheets use 宋体 by default (Excel and WPS in a Chinese locale); LibreOffice
/// substitutes an installed CJK serif for it.
const FONT: &str = "宋体";
const FONT_SIZE: f64 = 11.0;
/// Default row height in pixels and column width in pixels (rust_xlsxwriter accepts a fixed
/// set of widths; 72 px is Excel's default for an 11 pt font).
const DEFAULT_ROW_PX: u32 = 20;
const DEFAULT_COL_PX: u32 = 72;
/// Paper size code for A4 in the OOXML print setup.
const A4: u8 = 9;
const FOOTER: &str = "&C第 &P 页，共 &N 页";
const SHEET_INDICATORS: &str = "指标";
const SHEET_CHECKS: &str = "校验";
const SHEET_INFO: &str = "报告信息";
const SHEET_MERGE: &str = "汇总";
const SHEET_SOURCES: &str = "来源";
const SHEET_COMPARISON: &str = "同比";
const SHEET_UNCATALOGUED: &str = "未入目录";
const HEADER_FILL: u32 = 0xDDEBF7;

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(FONT_SIZE)
        .set_align(FormatAlign::VerticalCenter)
}

fn title_format() -> Format {
    base()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
}

fn header_format() -> Format {
    base()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color(HEADER_FILL)
}

fn cell_format() -> Format {
    base().set_border(FormatBorder::Thin)
}

fn wrap_format() -> Format {
    cell_format().set_text_wrap()
}

/// Document timestamps come from the report, never the clock: the same YAML gives the same
/// bytes. A report without any date gets a fixed stand-in rather than today.
fn timestamp(date: Option<Date>) -> Result<ExcelDateTime, XlsxError> {
    date.and_then(|d| date_cell(d).ok())
        .map_or_else(|| ExcelDateTime::from_ymd(1980, 1, 1), Ok)
}

fn date_cell(d: Date) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year).unwrap_or(1900),
        d.month as u8,
        d.day as u8,
    )
}

const DATE_FORMAT: &str = "yyyy\"年\"m\"月\"d\"日\"";

/// Digits after the decimal point as the text prints the number (`96.4` → 1).
fn decimals(number: &str) -> usize {
    number.split_once('.').map_or(0, |(_, d)| d.len())
}

/// The number a cell holds for `value` in `unit`: percentages become fractions, divided
/// exactly before the one rounding to a double (96.4% is the double nearest 0.964, not
/// 96.4 / 100 in floating point).
fn cell_value(value: Decimal, unit: &str) -> f64 {
    let v = if unit == "%" {
        value / Decimal::ONE_HUNDRED
    } else {
        value
    };
    to_f64(v)
}

/// The double nearest `v`: Rust's decimal-to-float parsing rounds correctly, as Excel does
/// when it reads a typed number.
fn to_f64(v: Decimal) -> f64 {
    v.normalize().to_string().parse().unwrap_or(f64::NAN)
}

/// What the 数值 column holds: a number, or the exact digits as text when a double would
/// change them (more than 15 significant digits; `gongwen check` warns).
enum ValueCell {
    Number(f64),
    Text(String),
}

fn value_cell(value: Decimal, unit: &str) -> ValueCell {
    if exact_in_excel(value) {
        ValueCell::Number(cell_value(value, unit))
    } else {
        ValueCell::Text(value.normalize().to_string())
    }
}

/// Integers with thousands separators; money with two decimals when it has any; percentages
/// as %; other decimals as printed.
fn number_format(unit: &str, decimals: usize) -> String {
    let frac = |n: usize| {
        if n == 0 {
            String::new()
        } else {
            format!(".{}", "0".repeat(n))
        }
    };
    if unit == "%" {
        format!("0{}%", frac(decimals))
    } else if unit.ends_with('元') && decimals > 0 {
        format!("#,##0{}", frac(decimals.max(2)))
    } else {
        format!("#,##0{}", frac(decimals))
    }
}

/// A number format that also shows the qualifier around the number (`500余`, `近100`), for
/// the comparison sheet where there is no 限定 column: the cell still holds the bare number.
fn qualified_format(base: &str, qualifier: &str) -> String {
    let lit = |s: &str| format!("\"{s}\"");
    let mut prefix = String::new();
    let mut rest = qualifier;
    if let Some(p) = PREFIX_QUALIFIERS.iter().find(|p| rest.starts_with(**p)) {
        prefix = lit(p);
        rest = &rest[p.len()..];
    }
    if rest.is_empty() {
        format!("{prefix}{base}")
    } else {
        format!("{prefix}{base}{}", lit(rest))
    }
}

/// Text for a formula's cached result, so readers that do not recalculate see the value.
fn result_text(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A formula's cached result for an exact value.
fn exact_text(v: Decimal) -> String {
    v.normalize().to_string()
}

/// Page headers are limited to 255 characters; a long title is shortened there (the sheet's
/// title row keeps it whole).
fn page_header_text(s: &str) -> String {
    const MAX: usize = 80;
    let s = s.replace('&', "&&");
    if s.chars().count() <= MAX {
        s
    } else {
        let mut t: String = s.chars().take(MAX - 1).collect();
        t.truncate(t.trim_end_matches('&').len());
        t.push('…');
        t
    }
}

/// A cell holds at most 32,767 characters; an excerpt is for finding the number in the
/// text, so a sentence longer than `MAX` is cut to a window around the quantity.
fn excerpt_window(excerpt: &str, quantity: &str) -> String {
    const MAX: usize = 300;
    let chars: Vec<char> = excerpt.chars().collect();
    if chars.len() <= MAX {
        return excerpt.to_string();
    }
    let at = excerpt
        .find(quantity)
        .map_or(0, |b| excerpt[..b].chars().count());
    let len = quantity.chars().count();
    let start = at.saturating_sub((MAX.saturating_sub(len)) / 2);
    let end = (start + MAX.max(len)).min(chars.len());
    let start = end.saturating_sub(MAX.max(len)).min(start);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    out
}

/// The sheet name quoted for use in a formula.
fn sheet_ref(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// The generator named in the workbook, like the PDF producer.
fn generator() -> String {
    format!("gongwen {}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_fractions_without_float_noise() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(cell_value(d("96.4"), "%"), 0.964);
        assert_eq!(cell_value(d("100"), "%"), 1.0);
        assert_eq!(cell_value(d("1075"), "万元"), 1075.0);
        assert!(matches!(
            value_cell(d("123456789012345"), "元"),
            ValueCell::Number(_)
        ));
        assert!(matches!(
            value_cell(d("1234567890123456"), "元"),
            ValueCell::Text(t) if t == "1234567890123456"
        ));
    }

    #[test]
    fn long_excerpts_keep_the_number() {
        let long = format!("{}共办理500余人次{}", "甲".repeat(1000), "乙".repeat(1000));
        let w = excerpt_window(&long, "500余人次");
        assert!(w.contains("500余人次") && w.chars().count() <= 302, "{w}");
        assert_eq!(excerpt_window("短句12件。", "12件"), "短句12件。");
        assert_eq!(page_header_text("A&B"), "A&&B");
        assert!(page_header_text(&"长".repeat(500)).chars().count() <= 80);
    }

    #[test]
    fn formats_follow_the_unit() {
        assert_eq!(number_format("人次", 0), "#,##0");
        assert_eq!(number_format("万元", 1), "#,##0.00");
        assert_eq!(number_format("万元", 0), "#,##0");
        assert_eq!(number_format("%", 1), "0.0%");
        assert_eq!(number_format("%", 0), "0%");
        assert_eq!(qualified_format("#,##0", "余"), "#,##0\"余\"");
        assert_eq!(qualified_format("#,##0", "不少于"), "\"不少于\"#,##0");
        assert_eq!(qualified_format("#,##0", ""), "#,##0");
    }
}
