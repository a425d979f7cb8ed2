//! The workbook for one report.

use rust_xlsxwriter::{DocProperties, FormatAlign, Formula, Workbook, Worksheet, XlsxError};

use super::layout::{lines, row_height, Column};
use super::*;
use crate::hanzi::units;
use crate::indicators::{self, Record};
use crate::model::{Decimal, Report};

const HEADERS: [&str; 10] = [
    "序号",
    "部分",
    "小节",
    "指标编码",
    "指标名称",
    "数值",
    "单位",
    "限定",
    "上级指标",
    "原文摘录",
];
const COL_ID: u16 = 3;
const COL_VALUE: u16 = 5;
const COL_UNIT: u16 = 6;
const COL_PARENT: u16 = 8;
/// Columns whose text may wrap onto more lines.
const WRAPPED: [u16; 5] = [1, 2, 4, 8, 9];
const FIRST_DATA_ROW: u32 = 2;

pub fn build(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let records = indicators::collect(report);
    let mut wb = Workbook::new();
    wb.set_default_format(&base(), DEFAULT_ROW_PX, DEFAULT_COL_PX)?;
    let title = report.title.text.clone();
    let issuer = report.author();
    let props = DocProperties::new()
        .set_title(format!("{title}指标表"))
        .set_subject("指标表")
        .set_author(&issuer)
        .set_company(&issuer)
        .set_comment(format!("由 {} 从报告源文件生成", generator()))
        .set_creation_datetime(&timestamp(report.date())?);
    wb.set_properties(&props);

    indicator_sheet(wb.add_worksheet(), report, &records)?;
    check_sheet(wb.add_worksheet(), &records, report)?;
    info_sheet(wb.add_worksheet(), report, &records)?;
    wb.save_to_buffer()
}

fn strip_stop(s: &str) -> &str {
    s.trim_end_matches('。')
}

fn indicator_sheet(
    ws: &mut Worksheet,
    report: &Report,
    records: &[Record],
) -> Result<(), XlsxError> {
    ws.set_name(SHEET_INDICATORS)?;
    let rows: Vec<[String; 10]> = records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            [
                (i + 1).to_string(),
                strip_stop(&r.part).to_string(),
                strip_stop(&r.subsection).to_string(),
                r.id.clone(),
                r.name.clone(),
                r.text.clone(),
                r.unit.clone(),
                r.qualifier.clone(),
                r.parent.clone().unwrap_or_default(),
                excerpt_window(&r.excerpt, &r.text),
            ]
        })
        .collect();

    let mut cols = [
        Column::new(5.0, 6.0),
        Column::new(10.0, 18.0),
        Column::new(10.0, 24.0),
        Column::new(10.0, 32.0),
        Column::new(12.0, 26.0),
        Column::new(10.0, 16.0),
        Column::new(6.0, 10.0),
        Column::new(6.0, 10.0),
        Column::new(10.0, 20.0),
        Column::new(20.0, 56.0),
    ];
    for (c, h) in cols.iter_mut().zip(HEADERS) {
        c.fit(h);
    }
    for row in &rows {
        for (c, text) in cols.iter_mut().zip(row) {
            c.fit(text);
        }
    }
    let widths: Vec<f64> = cols.iter().map(Column::width).collect();
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }

    let title = format!("{}指标表", report.title.text);
    ws.merge_range(0, 0, 0, 9, &title, &title_format())?;
    ws.set_row_height(
        0,
        row_height(lines(&title, widths.iter().sum::<f64>() / 1.5)) + 8.0,
    )?;
    let header = header_format();
    for (i, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(1, i as u16, *h, &header)?;
    }
    ws.set_row_height(1, row_height(1))?;

    let cell = cell_format();
    let centre = cell_format().set_align(FormatAlign::Center);
    let wrap = wrap_format();
    for (i, (r, texts)) in records.iter().zip(&rows).enumerate() {
        let row = FIRST_DATA_ROW + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &centre)?;
        for col in [1u16, 2, 3, 4, 8, 9] {
            let f = if WRAPPED.contains(&col) { &wrap } else { &cell };
            ws.write_string_with_format(row, col, &texts[col as usize], f)?;
        }
        match value_cell(r.value, &r.unit) {
            ValueCell::Number(v) => {
                let fmt = cell_format().set_num_format(number_format(&r.unit, r.decimals()));
                ws.write_number_with_format(row, COL_VALUE, v, &fmt)?;
            }
            ValueCell::Text(t) => {
                let right = cell_format().set_align(FormatAlign::Right);
                ws.write_string_with_format(row, COL_VALUE, &t, &right)?;
            }
        }
        ws.write_string_with_format(row, 6, &r.unit, &centre)?;
        ws.write_string_with_format(row, 7, &r.qualifier, &centre)?;
        let n = WRAPPED
            .iter()
            .map(|&c| lines(&texts[c as usize], widths[c as usize]))
            .max()
            .unwrap_or(1);
        ws.set_row_height(row, row_height(n))?;
    }

    let last = FIRST_DATA_ROW + records.len().max(1) as u32 - 1;
    ws.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    ws.autofilter(1, 0, last, 9)?;
    print_setup(ws, report)?;
    Ok(())
}

/// A4 landscape, one page wide, the header row on every page, page numbers in the footer.
fn print_setup(ws: &mut Worksheet, report: &Report) -> Result<(), XlsxError> {
    ws.set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_header(format!(
            "&L{}&R指标表",
            page_header_text(&report.title.text)
        ))
        .set_footer(FOOTER);
    ws.set_repeat_rows(1, 1)?;
    Ok(())
}

fn data_range(col: u16, count: usize) -> String {
    let letter = (b'A' + col as u8) as char;
    let last = FIRST_DATA_ROW + count.max(1) as u32;
    format!(
        "{}!${letter}${}:${letter}${last}",
        sheet_ref(SHEET_INDICATORS),
        FIRST_DATA_ROW + 1
    )
}

/// Each 其中 breakdown with live formulas: the authority sees the arithmetic hold (or not).
/// Values are looked up by indicator id, so sorting or filtering 指标 does not break them.
fn check_sheet(ws: &mut Worksheet, records: &[Record], report: &Report) -> Result<(), XlsxError> {
    ws.set_name(SHEET_CHECKS)?;
    let headers = [
        "序号",
        "上级指标编码",
        "上级指标名称",
        "上级数值",
        "分项合计",
        "差额",
        "分项",
        "结果",
    ];
    // Parents in the order their first breakdown appears.
    let mut parents: Vec<&str> = Vec::new();
    for r in records {
        if let Some(p) = &r.parent {
            if !parents.contains(&p.as_str()) {
                parents.push(p);
            }
        }
    }
    let rows: Vec<CheckRow> = parents
        .iter()
        .map(|&p| {
            let parent: Vec<&Record> = records.iter().filter(|r| r.id == p).collect();
            let kids: Vec<&Record> = records
                .iter()
                .filter(|r| r.parent.as_deref() == Some(p))
                .collect();
            let unit = units::common(parent.iter().chain(&kids).map(|r| r.unit.as_str()))
                .or_else(|| parent.first().or(kids.first()).map(|r| r.unit.clone()))
                .unwrap_or_default();
            // Check refuses a breakdown whose units cannot be added; a workbook of such a
            // model still lists the values, unconverted.
            let factor =
                |r: &Record| units::convert(Decimal::ONE, &r.unit, &unit).unwrap_or(Decimal::ONE);
            // As the 指标 sheet holds it: a percentage is a fraction there.
            let val = |r: &&Record| {
                let v = r.value * factor(r);
                if unit == "%" {
                    v / Decimal::ONE_HUNDRED
                } else {
                    v
                }
            };
            let dec = parent
                .iter()
                .chain(&kids)
                .map(|r| {
                    if factor(r) == Decimal::ONE {
                        r.decimals()
                    } else {
                        val(r).normalize().scale() as usize
                    }
                })
                .max()
                .unwrap_or(0);
            let units_of = |rs: &[&Record]| {
                let mut out: Vec<(String, Decimal)> = Vec::new();
                for r in rs {
                    if !out.iter().any(|(u, _)| *u == r.unit) {
                        out.push((r.unit.clone(), factor(r)));
                    }
                }
                out
            };
            let parent_units = units_of(&parent);
            let child_units = units_of(&kids);
            let mixed = parent_units
                .iter()
                .chain(&child_units)
                .any(|(u, _)| *u != unit);
            let mut format = number_format(&unit, dec);
            if mixed {
                // The values are converted: the cell says which unit they are in.
                format = format!("{format}\"{unit}\"");
            }
            CheckRow {
                id: p.to_string(),
                name: report
                    .info(p)
                    .map(|i| i.name.clone())
                    .or_else(|| parent.first().map(|r| r.name.clone()))
                    .unwrap_or_default(),
                parent_value: parent.iter().map(val).sum(),
                child_sum: kids.iter().map(val).sum(),
                children: kids
                    .iter()
                    .map(|k| format!("{} {}", k.name, k.text))
                    .collect::<Vec<_>>()
                    .join(" + "),
                approximate: parent.iter().chain(&kids).any(|r| !r.qualifier.is_empty()),
                complete: report.info(p).is_some_and(|i| i.complete),
                format,
                parent_units: if mixed { parent_units } else { Vec::new() },
                child_units: if mixed { child_units } else { Vec::new() },
            }
        })
        .collect();

    let mut cols = [
        Column::new(5.0, 6.0),
        Column::new(12.0, 28.0),
        Column::new(12.0, 28.0),
        Column::new(10.0, 14.0),
        Column::new(10.0, 14.0),
        Column::new(8.0, 12.0),
        Column::new(16.0, 48.0),
        // Wide enough for 未超出（分项未列全） on one line where a partial breakdown may
        // show it; the labels of complete ones have always fitted in 14.
        Column::new(
            8.0,
            if rows.iter().all(|r| r.complete) {
                14.0
            } else {
                22.0
            },
        ),
    ];
    for (c, h) in cols.iter_mut().zip(headers) {
        c.fit(h);
    }
    for r in &rows {
        cols[1].fit(&r.id);
        cols[2].fit(&r.name);
        cols[6].fit(&r.children);
        cols[7].fit("不符（含约数）");
        for label in labels(r).1 {
            cols[7].fit(label);
        }
    }
    let widths: Vec<f64> = cols.iter().map(Column::width).collect();
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    let title = format!("{}指标校验", report.title.text);
    ws.merge_range(0, 0, 0, 7, &title, &title_format())?;
    ws.set_row_height(
        0,
        row_height(lines(&title, widths.iter().sum::<f64>() / 1.5)) + 8.0,
    )?;
    let header = header_format();
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(1, i as u16, *h, &header)?;
    }
    ws.set_row_height(1, row_height(1))?;

    let values = data_range(COL_VALUE, records.len());
    let ids = data_range(COL_ID, records.len());
    let parent_ids = data_range(COL_PARENT, records.len());
    let unit_col = data_range(COL_UNIT, records.len());
    // A breakdown in one unit sums the column as it is; one across magnitudes sums each
    // unit's values and scales them to the row's unit.
    let sum = |by: &str, n: u32, units: &[(String, Decimal)]| {
        if units.is_empty() {
            return format!("=SUMIFS({values},{by},B{n})");
        }
        let terms: Vec<String> = units
            .iter()
            .map(|(u, f)| {
                let u = u.replace('"', "\"\"");
                let term = format!("SUMIFS({values},{by},B{n},{unit_col},\"{u}\")");
                if *f == Decimal::ONE {
                    term
                } else {
                    format!("{term}*{f}")
                }
            })
            .collect();
        format!("={}", terms.join("+"))
    };
    let cell = cell_format();
    let centre = cell_format().set_align(FormatAlign::Center);
    let wrap = wrap_format();
    for (i, r) in rows.iter().enumerate() {
        let row = FIRST_DATA_ROW + i as u32;
        let n = row + 1;
        let num = cell_format().set_num_format(&r.format);
        ws.write_number_with_format(row, 0, (i + 1) as f64, &centre)?;
        ws.write_string_with_format(row, 1, &r.id, &cell)?;
        ws.write_string_with_format(row, 2, &r.name, &wrap)?;
        ws.write_formula_with_format(
            row,
            3,
            Formula::new(sum(&ids, n, &r.parent_units)).set_result(exact_text(r.parent_value)),
            &num,
        )?;
        ws.write_formula_with_format(
            row,
            4,
            Formula::new(sum(&parent_ids, n, &r.child_units)).set_result(exact_text(r.child_sum)),
            &num,
        )?;
        let diff = r.parent_value - r.child_sum;
        ws.write_formula_with_format(
            row,
            5,
            Formula::new(format!("=D{n}-E{n}")).set_result(exact_text(diff)),
            &num,
        )?;
        ws.write_string_with_format(row, 6, &r.children, &wrap)?;
        let (formula, [equal, within, beyond]) = labels(r);
        let result = if diff.is_zero() {
            equal
        } else if diff > Decimal::ZERO && !r.complete {
            within
        } else {
            beyond
        };
        ws.write_formula_with_format(
            row,
            7,
            Formula::new(formula.replace("{n}", &n.to_string())).set_result(result),
            &centre,
        )?;
        let h = [2usize, 6]
            .iter()
            .map(|&c| lines(if c == 2 { &r.name } else { &r.children }, widths[c]))
            .max()
            .unwrap_or(1);
        ws.set_row_height(row, row_height(h))?;
    }
    if rows.is_empty() {
        ws.merge_range(2, 0, 2, 7, "本报告没有“其中”分项。", &cell)?;
    }
    ws.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    print_setup(ws, report)?;
    Ok(())
}

/// One 其中 breakdown on the 校验 sheet.
struct CheckRow {
    id: String,
    name: String,
    /// In `unit`, the smallest magnitude of the breakdown.
    parent_value: Decimal,
    child_sum: Decimal,
    children: String,
    approximate: bool,
    /// The parts are all listed (`complete: true`): they must equal the total, not only
    /// stay within it.
    complete: bool,
    format: String,
    /// Each unit the 指标 sheet gives the parent's and the parts' values in, with the
    /// factor to `unit`; one unit with factor 1 for a breakdown in a single unit.
    parent_units: Vec<(String, Decimal)>,
    child_units: Vec<(String, Decimal)>,
}

/// The 结果 formula of a breakdown row (with `{n}` for its row number) and the labels it
/// can give: parts equal to the total, parts within it, parts beyond it. A complete
/// breakdown must be equal, so anything else is 不符; a partial one (the text names only
/// some parts) may stay within its total, and only going beyond it is wrong.
fn labels(r: &CheckRow) -> (String, [&'static str; 3]) {
    let approx = r.approximate;
    if r.complete {
        let no = if approx {
            "不符（含约数）"
        } else {
            "不符"
        };
        (
            format!("=IF(ABS(F{{n}})<0.000001,\"相符\",\"{no}\")"),
            ["相符", no, no],
        )
    } else {
        let within = "未超出（分项未列全）";
        let beyond = if approx {
            "超出（含约数）"
        } else {
            "超出"
        };
        (
            format!("=IF(ABS(F{{n}})<0.000001,\"相符\",IF(F{{n}}>0,\"{within}\",\"{beyond}\"))"),
            ["相符", within, beyond],
        )
    }
}

fn info_sheet(ws: &mut Worksheet, report: &Report, records: &[Record]) -> Result<(), XlsxError> {
    ws.set_name(SHEET_INFO)?;
    let publication = report.publication.clone().unwrap_or_default();
    let doc_number = report
        .head
        .doc_number
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or(publication.doc_number.clone());
    let signed = report.signature.as_ref().and_then(|s| s.date);
    enum V {
        Text(String),
        Date(Option<crate::model::Date>, String),
        Number(f64),
    }
    let items: Vec<(&str, V)> = vec![
        ("标题", V::Text(report.title.text.clone())),
        ("发文机关", V::Text(report.author())),
        ("索引号", V::Text(or_none(&publication.index_number))),
        ("发文字号", V::Text(or_none(&doc_number))),
        ("成文日期", V::Date(signed, String::new())),
        (
            "发布日期",
            V::Date(publication.published_date, publication.published.clone()),
        ),
        ("指标个数", V::Number(records.len() as f64)),
        (
            "说明",
            V::Text(
                "百分比按表格惯例存为小数并以百分比格式显示（100% 即 1）；“限定”列保留余、多、约、近、不少于等限定词，数值为其前后的数字。"
                    .into(),
            ),
        ),
        ("生成工具", V::Text(generator())),
    ];
    let mut value_col = Column::new(30.0, 60.0);
    for (_, v) in &items {
        if let V::Text(t) = v {
            value_col.fit(t);
        }
    }
    let width = value_col.width();
    ws.set_column_width(0, 12.0)?;
    ws.set_column_width(1, width)?;
    let label = header_format().set_align(FormatAlign::Left);
    let wrap = wrap_format().set_align(FormatAlign::Left);
    let date = cell_format()
        .set_align(FormatAlign::Left)
        .set_num_format(DATE_FORMAT);
    let number = cell_format().set_align(FormatAlign::Left);
    for (i, (name, v)) in items.iter().enumerate() {
        let row = i as u32;
        ws.write_string_with_format(row, 0, *name, &label)?;
        let n = match v {
            V::Text(t) => {
                ws.write_string_with_format(row, 1, t, &wrap)?;
                lines(t, width)
            }
            V::Date(Some(d), _) => {
                ws.write_datetime_with_format(row, 1, date_cell(*d)?, &date)?;
                1
            }
            V::Date(None, raw) => {
                ws.write_string_with_format(row, 1, or_none(raw), &wrap)?;
                1
            }
            V::Number(x) => {
                ws.write_number_with_format(row, 1, *x, &number)?;
                1
            }
        };
        ws.set_row_height(row, row_height(n))?;
    }
    ws.set_paper_size(A4)
        .set_print_fit_to_pages(1, 0)
        .set_footer(FOOTER);
    Ok(())
}

/// An empty field is shown as 无, so a blank cell is never mistaken for a lost value.
fn or_none(s: &str) -> String {
    if s.trim().is_empty() {
        "无".to_string()
    } else {
        s.to_string()
    }
}
