//! The comparison workbook: what the prefecture office does with every county's report.
//! One column per report, rows matched by indicator id, a totals column with formulas.

use rust_xlsxwriter::{
    ColNum, DocProperties, FormatAlign, Formula, Workbook, Worksheet, XlsxError,
};

use super::layout::{lines, row_height, Column};
use super::*;
use crate::indicators::{self, Record};
use crate::model::Report;

const FIRST_DATA_ROW: u32 = 2;
/// 序号, 指标编码, 指标名称, 单位 come before the report columns.
const LEADING: u16 = 4;

/// One row of the matrix: an indicator id and, per report, its first record.
struct Line<'a> {
    id: String,
    cells: Vec<Option<&'a Record>>,
}

pub fn build(reports: &[Report]) -> Result<Vec<u8>, XlsxError> {
    let collected: Vec<Vec<Record>> = reports.iter().map(indicators::collect).collect();
    let labels = column_labels(reports);

    // Rows in the first report's order, then each later report's new ids in its order.
    let mut matrix: Vec<Line> = Vec::new();
    for (k, records) in collected.iter().enumerate() {
        for r in records {
            let pos = match matrix.iter().position(|l| l.id == r.id) {
                Some(p) => p,
                None => {
                    matrix.push(Line {
                        id: r.id.clone(),
                        cells: vec![None; reports.len()],
                    });
                    matrix.len() - 1
                }
            };
            // A repeated id keeps its first occurrence, as 校验 and check do.
            matrix[pos].cells[k].get_or_insert(r);
        }
    }

    let mut wb = Workbook::new();
    wb.set_default_format(&base(), DEFAULT_ROW_PX, DEFAULT_COL_PX)?;
    let mut issuers: Vec<String> = Vec::new();
    for r in reports {
        let a = r.author();
        if !a.is_empty() && !issuers.contains(&a) {
            issuers.push(a);
        }
    }
    let latest = reports.iter().filter_map(Report::date).max();
    let title = format!("指标汇总表（{}）", labels.join("、"));
    let props = DocProperties::new()
        .set_title(&title)
        .set_subject("指标汇总表")
        .set_author(issuers.join("、"))
        .set_company(issuers.join("、"))
        .set_comment(format!(
            "由 {} 汇总 {} 份报告生成",
            generator(),
            reports.len()
        ))
        .set_creation_datetime(&timestamp(latest)?);
    wb.set_properties(&props);

    matrix_sheet(wb.add_worksheet(), &title, &labels, &matrix)?;
    sources_sheet(wb.add_worksheet(), reports, &labels, &collected)?;
    wb.save_to_buffer()
}

/// 普兰县人民政府 + 2025年 → 普兰县2025年: the county and the year the report covers (the
/// year in its title, else the year of its date). Equal labels get a number.
fn column_labels(reports: &[Report]) -> Vec<String> {
    let mut labels: Vec<String> = reports
        .iter()
        .map(|r| {
            let author = r.author();
            let place = author
                .strip_suffix("人民政府")
                .filter(|p| !p.is_empty())
                .unwrap_or(&author)
                .to_string();
            let year = title_year(&r.title.text)
                .or_else(|| r.date().map(|d| d.year))
                .map(|y| format!("{y}年"))
                .unwrap_or_default();
            let label = format!("{place}{year}");
            if label.is_empty() {
                r.title.text.clone()
            } else {
                label
            }
        })
        .collect();
    let base = labels.clone();
    for (i, label) in labels.iter_mut().enumerate() {
        if base.iter().filter(|l| **l == base[i]).count() > 1 {
            let nth = base[..i].iter().filter(|l| **l == base[i]).count() + 1;
            *label = format!("{}（{nth}）", base[i]);
        }
    }
    labels
}

/// The first `2025年` in a title.
fn title_year(title: &str) -> Option<i32> {
    let chars: Vec<char> = title.chars().collect();
    chars.windows(5).find_map(|w| {
        (w[..4].iter().all(char::is_ascii_digit) && w[4] == '年')
            .then(|| w[..4].iter().collect::<String>().parse().ok())
            .flatten()
    })
}

fn col_letter(col: ColNum) -> String {
    let mut n = u32::from(col) + 1;
    let mut s = String::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.insert(0, (b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s
}

fn matrix_sheet(
    ws: &mut Worksheet,
    title: &str,
    labels: &[String],
    matrix: &[Line],
) -> Result<(), XlsxError> {
    ws.set_name(SHEET_MERGE)?;
    let n = labels.len() as u16;
    let total_col = LEADING + n;
    let count_col = total_col + 1;
    let note_col = count_col + 1;

    struct Row {
        name: String,
        unit: String,
        total: Option<f64>,
        note: String,
        format: String,
    }
    let rows: Vec<Row> = matrix
        .iter()
        .map(|l| {
            let present: Vec<(usize, &Record)> = l
                .cells
                .iter()
                .enumerate()
                .filter_map(|(k, c)| c.map(|r| (k, r)))
                .collect();
            let name = present
                .iter()
                .map(|(_, r)| r.name.as_str())
                .find(|s| !s.is_empty())
                .unwrap_or("")
                .to_string();
            let unit = present
                .first()
                .map_or(String::new(), |(_, r)| r.unit.clone());
            let mut notes = Vec::new();
            let units_agree = present.iter().all(|(_, r)| r.unit == unit);
            if !units_agree {
                notes.push(format!(
                    "单位不一致：{}，不合计",
                    present
                        .iter()
                        .map(|(k, r)| format!("{} {}", labels[*k], r.unit))
                        .collect::<Vec<_>>()
                        .join("、")
                ));
            } else if unit == "%" {
                notes.push("比率不合计".to_string());
            }
            let approx: Vec<&str> = present
                .iter()
                .filter(|(_, r)| !r.qualifier.is_empty())
                .map(|(k, _)| labels[*k].as_str())
                .collect();
            if !approx.is_empty() {
                notes.push(format!("含约数（{}）", approx.join("、")));
            }
            let summable = units_agree && unit != "%";
            let dec = present
                .iter()
                .map(|(_, r)| decimals(&r.number))
                .max()
                .unwrap_or(0);
            Row {
                name,
                total: summable.then(|| {
                    present
                        .iter()
                        .map(|(_, r)| cell_value(r.value, &r.unit))
                        .sum()
                }),
                format: number_format(&unit, dec),
                unit,
                note: notes.join("；"),
            }
        })
        .collect();

    // Widths.
    let mut id_col = Column::new(10.0, 32.0);
    let mut name_col = Column::new(12.0, 28.0);
    let mut unit_col = Column::new(6.0, 10.0);
    let mut note_w = Column::new(10.0, 30.0);
    id_col.fit("指标编码");
    name_col.fit("指标名称");
    unit_col.fit("单位");
    note_w.fit("备注");
    for (l, r) in matrix.iter().zip(&rows) {
        id_col.fit(&l.id);
        name_col.fit(&r.name);
        unit_col.fit(&r.unit);
        note_w.fit(&r.note);
    }
    let value_cols: Vec<f64> = labels
        .iter()
        .map(|l| {
            let mut c = Column::new(12.0, 20.0);
            c.fit(l);
            c.width()
        })
        .collect();
    let mut widths = vec![5.0, id_col.width(), name_col.width(), unit_col.width()];
    widths.extend(&value_cols);
    widths.extend([12.0, 9.0, note_w.width()]);
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }

    ws.merge_range(0, 0, 0, note_col, title, &title_format())?;
    ws.set_row_height(
        0,
        row_height(lines(title, widths.iter().sum::<f64>() / 1.5)) + 8.0,
    )?;
    let header = header_format();
    let mut headers: Vec<String> = ["序号", "指标编码", "指标名称", "单位"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    headers.extend(labels.iter().cloned());
    headers.extend(["合计", "填报份数", "备注"].iter().map(|s| s.to_string()));
    let header_lines = headers
        .iter()
        .zip(&widths)
        .map(|(h, w)| lines(h, *w))
        .max()
        .unwrap_or(1);
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(1, i as u16, h, &header)?;
    }
    ws.set_row_height(1, row_height(header_lines))?;

    let cell = cell_format();
    let centre = cell_format().set_align(FormatAlign::Center);
    let wrap = wrap_format();
    let first = col_letter(LEADING);
    let last = col_letter(total_col - 1);
    for (i, (l, r)) in matrix.iter().zip(&rows).enumerate() {
        let row = FIRST_DATA_ROW + i as u32;
        let excel_row = row + 1;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &centre)?;
        ws.write_string_with_format(row, 1, &l.id, &cell)?;
        ws.write_string_with_format(row, 2, &r.name, &wrap)?;
        ws.write_string_with_format(row, 3, &r.unit, &centre)?;
        for (k, c) in l.cells.iter().enumerate() {
            let col = LEADING + k as u16;
            match c {
                Some(rec) => {
                    // One number of decimals per row, so 2 and 2.5 万元 print as 2.00 and 2.50.
                    let base = if rec.unit == r.unit {
                        r.format.clone()
                    } else {
                        number_format(&rec.unit, decimals(&rec.number))
                    };
                    let fmt = cell_format().set_num_format(qualified_format(&base, &rec.qualifier));
                    ws.write_number_with_format(row, col, cell_value(rec.value, &rec.unit), &fmt)?;
                }
                None => {
                    ws.write_blank(row, col, &cell)?;
                }
            }
        }
        let range = format!("{first}{excel_row}:{last}{excel_row}");
        match r.total {
            Some(t) => {
                let fmt = cell_format().set_num_format(&r.format);
                ws.write_formula_with_format(
                    row,
                    total_col,
                    Formula::new(format!("=SUM({range})")).set_result(result_text(t)),
                    &fmt,
                )?;
            }
            None => {
                ws.write_blank(row, total_col, &cell)?;
            }
        }
        let filled = l.cells.iter().filter(|c| c.is_some()).count();
        ws.write_formula_with_format(
            row,
            count_col,
            Formula::new(format!("=COUNT({range})")).set_result(filled.to_string()),
            &centre,
        )?;
        ws.write_string_with_format(row, note_col, &r.note, &wrap)?;
        let h = lines(&r.name, widths[2]).max(lines(&r.note, widths[note_col as usize]));
        ws.set_row_height(row, row_height(h))?;
    }
    let last_row = FIRST_DATA_ROW + matrix.len().max(1) as u32 - 1;
    ws.set_freeze_panes(FIRST_DATA_ROW, LEADING)?;
    ws.autofilter(1, 0, last_row, note_col)?;
    ws.set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_header(format!("&L{}", page_header_text(title)))
        .set_footer(FOOTER);
    ws.set_repeat_rows(1, 1)?;
    Ok(())
}

/// Which report each column holds, so a number can be traced to its document.
fn sources_sheet(
    ws: &mut Worksheet,
    reports: &[Report],
    labels: &[String],
    collected: &[Vec<Record>],
) -> Result<(), XlsxError> {
    ws.set_name(SHEET_SOURCES)?;
    let headers = [
        "列",
        "列名",
        "标题",
        "发文机关",
        "索引号",
        "成文日期",
        "指标个数",
    ];
    let mut cols: Vec<Column> = vec![
        Column::new(5.0, 6.0),
        Column::new(10.0, 20.0),
        Column::new(16.0, 44.0),
        Column::new(12.0, 24.0),
        Column::new(12.0, 24.0),
        Column::new(16.0, 18.0),
        Column::new(9.0, 10.0),
    ];
    for (c, h) in cols.iter_mut().zip(headers) {
        c.fit(h);
    }
    for (r, l) in reports.iter().zip(labels) {
        cols[1].fit(l);
        cols[2].fit(&r.title.text);
        cols[3].fit(&r.author());
        if let Some(p) = &r.publication {
            cols[4].fit(&p.index_number);
        }
    }
    let widths: Vec<f64> = cols.iter().map(Column::width).collect();
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    let header = header_format();
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &header)?;
    }
    ws.set_row_height(0, row_height(1))?;
    let cell = cell_format();
    let centre = cell_format().set_align(FormatAlign::Center);
    let wrap = wrap_format();
    let date = cell_format().set_num_format(DATE_FORMAT);
    for (k, (r, l)) in reports.iter().zip(labels).enumerate() {
        let row = k as u32 + 1;
        ws.write_string_with_format(row, 0, col_letter(LEADING + k as u16), &centre)?;
        ws.write_string_with_format(row, 1, l, &cell)?;
        ws.write_string_with_format(row, 2, &r.title.text, &wrap)?;
        ws.write_string_with_format(row, 3, r.author(), &wrap)?;
        let index = r
            .publication
            .as_ref()
            .map(|p| p.index_number.clone())
            .unwrap_or_default();
        ws.write_string_with_format(row, 4, &index, &cell)?;
        match r.date() {
            Some(d) => ws.write_datetime_with_format(row, 5, date_cell(d)?, &date)?,
            None => ws.write_blank(row, 5, &cell)?,
        };
        ws.write_number_with_format(row, 6, collected[k].len() as f64, &centre)?;
        let h = lines(&r.title.text, widths[2]).max(lines(&r.author(), widths[3]));
        ws.set_row_height(row, row_height(h))?;
    }
    ws.set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_footer(FOOTER);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_come_from_titles() {
        assert_eq!(title_year("普兰县2025年法治政府建设年度报告"), Some(2025));
        assert_eq!(title_year("年度报告"), None);
        assert_eq!(col_letter(0), "A");
        assert_eq!(col_letter(26), "AA");
    }
}
