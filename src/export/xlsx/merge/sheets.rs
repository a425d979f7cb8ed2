//! The sheets of the comparison workbook, written from the [`Plan`].

use rust_xlsxwriter::{ColNum, FormatAlign, Formula, Worksheet, XlsxError};

use super::super::layout::{lines, row_height, Column};
use super::super::*;
use super::values::{self, Scaled};
use super::{kind_zh, Cell, Plan, Row};
use crate::catalogue::Kind;
use crate::indicators::Record;

/// 序号, 领域, 指标编码, 指标名称, 单位, 类型 come before the report columns.
const LEADING: u16 = 6;
/// Row 0 is the title, row 1 the band naming each report's kind of issuer (机关类别), row 2
/// the column labels with the filter buttons, right above the data.
const BAND_ROW: u32 = 1;
const HEADER_ROW: u32 = 2;
const FIRST_DATA_ROW: u32 = 3;

pub fn col_letter(col: ColNum) -> String {
    let mut n = u32::from(col) + 1;
    let mut s = String::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.insert(0, (b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s
}

/// The cell number and its format for one report's value: in the row's unit and format when
/// it converts, else as the report printed it (the note says why it is not added).
fn value_and_format(cell: &Cell, row_format: &str) -> (f64, String) {
    let rec = cell.record;
    let (v, base) = match cell.scaled {
        Some(s) => (s.value, row_format.to_string()),
        None => (
            cell_value(rec.value, &rec.unit),
            number_format(&rec.unit, rec.decimals()),
        ),
    };
    (v, qualified_format(&base, &rec.qualifier))
}

/// What the matrix shows besides the values of a row.
struct Line {
    format: String,
    /// Per totals column: the cached sum, `None` for no total.
    totals: Vec<Option<f64>>,
    note: String,
}

fn line(plan: &Plan, row: &Row) -> Line {
    let e = &*row.entry;
    let label = |k: usize| plan.sources[k].label.as_str();
    let present: Vec<(usize, &Cell)> = row
        .cells
        .iter()
        .enumerate()
        .filter_map(|(k, c)| c.as_ref().map(|c| (k, c)))
        .collect();
    let dec = present
        .iter()
        .filter_map(|(_, c)| c.scaled.map(|s| s.decimals))
        .max()
        .unwrap_or(0);
    let mut notes = Vec::new();
    if let Some(p) = &e.parent {
        let name = plan
            .catalogue
            .get(p)
            .map_or(p.as_str(), |x| x.name.as_str());
        notes.push(format!("其中项，属于“{name}”"));
    }
    let foreign: Vec<String> = present
        .iter()
        .filter(|(_, c)| c.scaled.is_none())
        .map(|(k, c)| format!("{} {}", label(*k), c.record.unit))
        .collect();
    if !foreign.is_empty() {
        notes.push(format!(
            "单位与目录（{}）不同，未换算：{}",
            e.unit,
            foreign.join("、")
        ));
    }
    if !e.kind.sums() {
        notes.push(format!("{}，不合计", kind_zh(e.kind)));
    }
    let approx: Vec<&str> = present
        .iter()
        .filter(|(_, c)| !c.record.qualifier.is_empty())
        .map(|(k, _)| label(*k))
        .collect();
    if !approx.is_empty() {
        notes.push(format!("含约数（{}）", approx.join("、")));
    }
    for (k, r) in &row.extra {
        notes.push(format!(
            "{}另有 {}（{}）{}，未列入",
            label(*k),
            r.id,
            r.name,
            r.text
        ));
    }
    let totals = plan
        .totals
        .iter()
        .map(|t| {
            let cells: Vec<&Cell> = t
                .sources
                .iter()
                .filter_map(|k| row.cells[*k].as_ref())
                .collect();
            let scaled: Option<Vec<Scaled>> = cells.iter().map(|c| c.scaled).collect();
            match scaled {
                Some(s) if e.kind.sums() && !s.is_empty() => {
                    Some(values::sum(s.iter().map(|s| s.value)))
                }
                _ => None,
            }
        })
        .collect();
    Line {
        format: number_format(&e.unit, dec),
        totals,
        note: notes.join("；"),
    }
}

/// `E5:G5` for adjacent columns, `E5,G5` otherwise (a year's reports among other years').
fn cells_ref(cols: &[ColNum], excel_row: u32) -> String {
    let adjacent = cols.windows(2).all(|w| w[1] == w[0] + 1);
    match (cols.first(), cols.last()) {
        (Some(a), Some(b)) if adjacent && a != b => {
            format!(
                "{}{excel_row}:{}{excel_row}",
                col_letter(*a),
                col_letter(*b)
            )
        }
        _ => cols
            .iter()
            .map(|c| format!("{}{excel_row}", col_letter(*c)))
            .collect::<Vec<_>>()
            .join(","),
    }
}

fn print_setup(ws: &mut Worksheet, title: &str) {
    ws.set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_header(format!("&L{}", page_header_text(title)))
        .set_footer(FOOTER);
}

fn title_row(
    ws: &mut Worksheet,
    title: &str,
    last_col: u16,
    widths: &[f64],
) -> Result<(), XlsxError> {
    ws.merge_range(0, 0, 0, last_col, title, &title_format())?;
    ws.set_row_height(
        0,
        row_height(lines(title, widths.iter().sum::<f64>() / 1.5)) + 8.0,
    )?;
    Ok(())
}

fn header_row(
    ws: &mut Worksheet,
    row: u32,
    headers: &[String],
    widths: &[f64],
) -> Result<(), XlsxError> {
    let header = header_format();
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, h, &header)?;
    }
    let n = headers
        .iter()
        .zip(widths)
        .map(|(h, w)| lines(h, *w))
        .max()
        .unwrap_or(1);
    ws.set_row_height(row, row_height(n))?;
    Ok(())
}

fn set_widths(ws: &mut Worksheet, widths: &[f64]) -> Result<(), XlsxError> {
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    Ok(())
}

/// 汇总: a row per catalogue entry some report states, a column per report, 合计 columns
/// with `=SUM(…)` for counts and amounts, 填报份数 with `=COUNT(…)`.
pub fn matrix(ws: &mut Worksheet, title: &str, plan: &Plan) -> Result<(), XlsxError> {
    ws.set_name(SHEET_MERGE)?;
    let col_of = |k: usize| LEADING + k as u16;
    let first_total = col_of(plan.sources.len());
    let count_col = first_total + plan.totals.len() as u16;
    let note_col = count_col + 1;
    let lines_: Vec<Line> = plan.rows.iter().map(|r| line(plan, r)).collect();

    let mut group = Column::new(8.0, 16.0);
    let mut id = Column::new(10.0, 30.0);
    let mut name = Column::new(12.0, 28.0);
    let mut unit = Column::new(6.0, 10.0);
    let mut note = Column::new(10.0, 36.0);
    for (c, h) in [
        (&mut group, "领域"),
        (&mut id, "指标编码"),
        (&mut name, "指标名称"),
        (&mut unit, "单位"),
        (&mut note, "备注"),
    ] {
        c.fit(h);
    }
    for (r, l) in plan.rows.iter().zip(&lines_) {
        group.fit(&r.entry.group);
        id.fit(&r.entry.id);
        name.fit(&r.entry.name);
        unit.fit(&r.entry.unit);
        note.fit(&l.note);
    }
    let mut widths = vec![
        5.0,
        group.width(),
        id.width(),
        name.width(),
        unit.width(),
        6.0,
    ];
    for s in plan.sources {
        let mut c = Column::new(12.0, 20.0);
        c.fit(&s.label);
        c.fit(s.scope.zh());
        widths.push(c.width());
    }
    for t in &plan.totals {
        let mut c = Column::new(12.0, 16.0);
        c.fit(&t.label);
        widths.push(c.width());
    }
    widths.extend([9.0, note.width()]);
    set_widths(ws, &widths)?;
    title_row(ws, title, note_col, &widths)?;

    let header = header_format();
    ws.merge_range(BAND_ROW, 0, BAND_ROW, LEADING - 1, "机关类别", &header)?;
    for (k, s) in plan.sources.iter().enumerate() {
        ws.write_string_with_format(BAND_ROW, col_of(k), s.scope.zh(), &header)?;
    }
    ws.merge_range(BAND_ROW, first_total, BAND_ROW, note_col, "", &header)?;
    ws.set_row_height(BAND_ROW, row_height(1))?;
    let mut headers: Vec<String> = ["序号", "领域", "指标编码", "指标名称", "单位", "类型"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    headers.extend(plan.sources.iter().map(|s| s.label.clone()));
    headers.extend(plan.totals.iter().map(|t| t.label.clone()));
    headers.extend(["填报份数".to_string(), "备注".to_string()]);
    header_row(ws, HEADER_ROW, &headers, &widths)?;

    let cell = cell_format();
    let centre = cell_format().set_align(FormatAlign::Center);
    let wrap = wrap_format();
    let all_cols: Vec<ColNum> = (0..plan.sources.len()).map(col_of).collect();
    for (i, (r, l)) in plan.rows.iter().zip(&lines_).enumerate() {
        let row = FIRST_DATA_ROW + i as u32;
        let excel_row = row + 1;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &centre)?;
        ws.write_string_with_format(row, 1, &r.entry.group, &wrap)?;
        ws.write_string_with_format(row, 2, &r.entry.id, &cell)?;
        ws.write_string_with_format(row, 3, &r.entry.name, &wrap)?;
        ws.write_string_with_format(row, 4, &r.entry.unit, &centre)?;
        ws.write_string_with_format(row, 5, kind_zh(r.entry.kind), &centre)?;
        for (k, c) in r.cells.iter().enumerate() {
            match c {
                Some(c) => {
                    let (v, fmt) = value_and_format(c, &l.format);
                    let f = cell_format().set_num_format(fmt);
                    ws.write_number_with_format(row, col_of(k), v, &f)?;
                }
                None => {
                    ws.write_blank(row, col_of(k), &cell)?;
                }
            }
        }
        let total_format = cell_format().set_num_format(&l.format);
        for (j, (t, sum)) in plan.totals.iter().zip(&l.totals).enumerate() {
            let col = first_total + j as u16;
            match sum {
                Some(sum) => {
                    let cols: Vec<ColNum> = t.sources.iter().map(|k| col_of(*k)).collect();
                    let f = format!("=SUM({})", cells_ref(&cols, excel_row));
                    ws.write_formula_with_format(
                        row,
                        col,
                        Formula::new(f).set_result(result_text(*sum)),
                        &total_format,
                    )?;
                }
                None => {
                    ws.write_blank(row, col, &cell)?;
                }
            }
        }
        let filled = r.cells.iter().filter(|c| c.is_some()).count();
        ws.write_formula_with_format(
            row,
            count_col,
            Formula::new(format!("=COUNT({})", cells_ref(&all_cols, excel_row)))
                .set_result(filled.to_string()),
            &centre,
        )?;
        ws.write_string_with_format(row, note_col, &l.note, &wrap)?;
        let h = lines(&r.entry.name, widths[3])
            .max(lines(&r.entry.group, widths[1]))
            .max(lines(&l.note, widths[note_col as usize]));
        ws.set_row_height(row, row_height(h))?;
    }
    if plan.rows.is_empty() {
        ws.merge_range(
            FIRST_DATA_ROW,
            0,
            FIRST_DATA_ROW,
            note_col,
            &format!("没有数字对应指标目录的条目，各报告的数字见“{SHEET_UNCATALOGUED}”表"),
            &wrap,
        )?;
    }
    let last_row = FIRST_DATA_ROW + plan.rows.len().max(1) as u32 - 1;
    ws.set_freeze_panes(FIRST_DATA_ROW, LEADING)?;
    ws.autofilter(HEADER_ROW, 0, last_row, note_col)?;
    print_setup(ws, title);
    ws.set_repeat_rows(BAND_ROW, HEADER_ROW)?;
    Ok(())
}

/// 同比: for each issuer given with two years, each catalogue entry either year states:
/// 基期 and 本期 side by side, 增减 and 增减率 as formulas. Counts, amounts and targets get
/// both; rates get the difference in 百分点 (a relative change of a rate misleads); changes
/// (同比增长8.3%) are only set side by side.
pub fn comparison(ws: &mut Worksheet, plan: &Plan) -> Result<(), XlsxError> {
    ws.set_name(SHEET_COMPARISON)?;
    const BEFORE: u16 = 7;
    const AFTER: u16 = 8;
    const CHANGE: u16 = 9;
    const RELATIVE: u16 = 10;
    const NOTE: u16 = 11;
    let headers: Vec<String> = [
        "序号",
        "发文机关",
        "指标编码",
        "指标名称",
        "单位",
        "类型",
        "比较年度",
        "基期数值",
        "本期数值",
        "增减",
        "增减率",
        "备注",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();

    struct Out<'p> {
        issuer: &'p str,
        years: String,
        row: &'p Row<'p>,
        before: Option<&'p Cell<'p>>,
        after: Option<&'p Cell<'p>>,
        /// Both values in the entry's unit: the formulas apply.
        both: Option<(Scaled, Scaled)>,
        note: String,
    }
    let mut out: Vec<Out> = Vec::new();
    for p in &plan.pairs {
        let (a, b) = (&plan.sources[p.earlier], &plan.sources[p.later]);
        let year = |y: Option<i32>| y.map(|y| format!("{y}年")).unwrap_or_default();
        let years = format!("{}→{}", year(a.year), year(b.year));
        for row in &plan.rows {
            let (before, after) = (row.cells[p.earlier].as_ref(), row.cells[p.later].as_ref());
            if before.is_none() && after.is_none() {
                continue;
            }
            let both = before
                .and_then(|c| c.scaled)
                .zip(after.and_then(|c| c.scaled));
            let note = match (before, after, both) {
                (None, _, _) => format!("{}未填报", a.label),
                (_, None, _) => format!("{}未填报", b.label),
                (_, _, None) => format!("单位与目录（{}）不同，不比较", row.entry.unit),
                _ => match row.entry.kind {
                    Kind::Rate => "比率，增减以百分点计".to_string(),
                    Kind::Change => "增减类指标只并列，不再求增减".to_string(),
                    _ => String::new(),
                },
            };
            out.push(Out {
                issuer: &a.issuer,
                years: years.clone(),
                row,
                before,
                after,
                both,
                note,
            });
        }
    }

    let mut issuer = Column::new(10.0, 20.0);
    let mut id = Column::new(10.0, 30.0);
    let mut name = Column::new(12.0, 28.0);
    let mut years = Column::new(10.0, 16.0);
    let mut note = Column::new(10.0, 30.0);
    for o in &out {
        issuer.fit(o.issuer);
        id.fit(&o.row.entry.id);
        name.fit(&o.row.entry.name);
        years.fit(&o.years);
        note.fit(&o.note);
    }
    let widths = [
        5.0,
        issuer.width(),
        id.width(),
        name.width(),
        7.0,
        6.0,
        years.width(),
        12.0,
        12.0,
        14.0,
        10.0,
        note.width(),
    ];
    set_widths(ws, &widths)?;
    let title = "同一机关不同年度指标对比";
    title_row(ws, title, NOTE, &widths)?;
    header_row(ws, 1, &headers, &widths)?;

    let cell = cell_format();
    let centre = cell_format().set_align(FormatAlign::Center);
    let wrap = wrap_format();
    let (b, a) = (col_letter(BEFORE), col_letter(AFTER));
    for (i, o) in out.iter().enumerate() {
        let row = 2 + i as u32;
        let n = row + 1;
        let e = &*o.row.entry;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &centre)?;
        ws.write_string_with_format(row, 1, o.issuer, &wrap)?;
        ws.write_string_with_format(row, 2, &e.id, &cell)?;
        ws.write_string_with_format(row, 3, &e.name, &wrap)?;
        ws.write_string_with_format(row, 4, &e.unit, &centre)?;
        ws.write_string_with_format(row, 5, kind_zh(e.kind), &centre)?;
        ws.write_string_with_format(row, 6, &o.years, &centre)?;
        let dec = [o.before, o.after]
            .iter()
            .flatten()
            .filter_map(|c| c.scaled.map(|s| s.decimals))
            .max()
            .unwrap_or(0);
        let row_format = number_format(&e.unit, dec);
        for (col, c) in [(BEFORE, o.before), (AFTER, o.after)] {
            match c {
                Some(c) => {
                    let (v, fmt) = value_and_format(c, &row_format);
                    ws.write_number_with_format(row, col, v, &cell_format().set_num_format(fmt))?;
                }
                None => {
                    ws.write_blank(row, col, &cell)?;
                }
            }
        }
        let (mut change, mut relative) = (None, None);
        if let Some((x, y)) = o.both {
            match e.kind {
                Kind::Rate => {
                    let points = format!("0{}", fraction(dec));
                    let fmt = format!("+{points}\"个百分点\";-{points}\"个百分点\";0\"个百分点\"");
                    change = Some((
                        format!("=({a}{n}-{b}{n})*100"),
                        values::points(x.value, y.value),
                        fmt,
                    ));
                }
                Kind::Change => {}
                Kind::Count | Kind::Amount | Kind::Target => {
                    let plain = row_format.clone();
                    change = Some((
                        format!("={a}{n}-{b}{n}"),
                        values::change(x.value, y.value),
                        format!("+{plain};-{plain};0"),
                    ));
                    relative = values::relative_change(x.value, y.value).map(|r| {
                        (
                            format!("=({a}{n}-{b}{n})/{b}{n}"),
                            r,
                            "+0.0%;-0.0%;0.0%".to_string(),
                        )
                    });
                }
            }
        }
        for (col, f) in [(CHANGE, change), (RELATIVE, relative)] {
            match f {
                Some((formula, result, fmt)) => {
                    ws.write_formula_with_format(
                        row,
                        col,
                        Formula::new(formula).set_result(result_text(result)),
                        &cell_format().set_num_format(fmt),
                    )?;
                }
                None => {
                    ws.write_blank(row, col, &cell)?;
                }
            }
        }
        ws.write_string_with_format(row, NOTE, &o.note, &wrap)?;
        let h = lines(&e.name, widths[3])
            .max(lines(o.issuer, widths[1]))
            .max(lines(&o.note, widths[NOTE as usize]));
        ws.set_row_height(row, row_height(h))?;
    }
    let last_row = 2 + out.len().max(1) as u32 - 1;
    ws.set_freeze_panes(2, 4)?;
    ws.autofilter(1, 0, last_row, NOTE)?;
    print_setup(ws, title);
    ws.set_repeat_rows(1, 1)?;
    Ok(())
}

/// `.0` for one decimal, nothing for none.
fn fraction(decimals: usize) -> String {
    if decimals == 0 {
        String::new()
    } else {
        format!(".{}", "0".repeat(decimals))
    }
}

/// 未入目录: the numbers that stand for no catalogue entry, under their report, never
/// added across reports: the list an office reviews to map ids onto the catalogue.
pub fn uncatalogued(ws: &mut Worksheet, plan: &Plan) -> Result<(), XlsxError> {
    ws.set_name(SHEET_UNCATALOGUED)?;
    let headers: Vec<String> = [
        "序号",
        "报告",
        "指标编码",
        "指标名称",
        "数值",
        "单位",
        "原文摘录",
        "出处",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let place = |k: usize, r: &Record| format!("{}:{}", plan.sources[k].file, r.loc.line);
    let mut cols = [
        Column::new(5.0, 6.0),
        Column::new(10.0, 20.0),
        Column::new(10.0, 30.0),
        Column::new(12.0, 28.0),
        Column::new(10.0, 14.0),
        Column::new(6.0, 10.0),
        Column::new(20.0, 60.0),
        Column::new(12.0, 30.0),
    ];
    for (c, h) in cols.iter_mut().zip(&headers) {
        c.fit(h);
    }
    for l in &plan.loose {
        cols[1].fit(&plan.sources[l.source].label);
        cols[2].fit(&l.record.id);
        cols[3].fit(&l.record.name);
        cols[5].fit(&l.record.unit);
        cols[6].fit(&l.record.excerpt);
        cols[7].fit(&place(l.source, l.record));
    }
    let widths: Vec<f64> = cols.iter().map(Column::width).collect();
    set_widths(ws, &widths)?;
    let title = "未入指标目录的指标（各报告自有编码，不跨报告相加）";
    title_row(ws, title, 7, &widths)?;
    header_row(ws, 1, &headers, &widths)?;
    let cell = cell_format();
    let centre = cell_format().set_align(FormatAlign::Center);
    let wrap = wrap_format();
    for (i, l) in plan.loose.iter().enumerate() {
        let row = 2 + i as u32;
        let r = l.record;
        let excerpt = excerpt_window(&r.excerpt, &r.text);
        let fmt = qualified_format(&number_format(&r.unit, decimals(&r.number)), &r.qualifier);
        ws.write_number_with_format(row, 0, (i + 1) as f64, &centre)?;
        ws.write_string_with_format(row, 1, &plan.sources[l.source].label, &wrap)?;
        ws.write_string_with_format(row, 2, &r.id, &cell)?;
        ws.write_string_with_format(row, 3, &r.name, &wrap)?;
        ws.write_number_with_format(
            row,
            4,
            cell_value(r.value, &r.unit),
            &cell_format().set_num_format(fmt),
        )?;
        ws.write_string_with_format(row, 5, &r.unit, &centre)?;
        ws.write_string_with_format(row, 6, &excerpt, &wrap)?;
        ws.write_string_with_format(row, 7, place(l.source, r), &wrap)?;
        let h = lines(&excerpt, widths[6])
            .max(lines(&r.name, widths[3]))
            .max(lines(&place(l.source, r), widths[7]));
        ws.set_row_height(row, row_height(h))?;
    }
    if plan.loose.is_empty() {
        ws.merge_range(2, 0, 2, 7, "各报告的数字均已对应指标目录", &wrap)?;
    }
    let last_row = 2 + plan.loose.len().max(1) as u32 - 1;
    ws.set_freeze_panes(2, 0)?;
    ws.autofilter(1, 0, last_row, 7)?;
    print_setup(ws, title);
    ws.set_repeat_rows(1, 1)?;
    Ok(())
}

/// 来源: which report each column holds, so a number can be traced to its document, and the
/// catalogue version the rows follow.
pub fn sources(ws: &mut Worksheet, plan: &Plan) -> Result<(), XlsxError> {
    ws.set_name(SHEET_SOURCES)?;
    let headers = [
        "列",
        "列名",
        "机关类别",
        "标题",
        "发文机关",
        "索引号",
        "成文日期",
        "文件",
        "入目录指标",
        "未入目录指标",
    ];
    let mut cols: Vec<Column> = vec![
        Column::new(5.0, 6.0),
        Column::new(10.0, 20.0),
        Column::new(8.0, 12.0),
        Column::new(16.0, 44.0),
        Column::new(12.0, 24.0),
        Column::new(12.0, 24.0),
        Column::new(16.0, 18.0),
        Column::new(12.0, 30.0),
        Column::new(9.0, 11.0),
        Column::new(9.0, 13.0),
    ];
    for (c, h) in cols.iter_mut().zip(headers) {
        c.fit(h);
    }
    let index = |k: usize| {
        plan.sources[k]
            .report
            .publication
            .as_ref()
            .map(|p| p.index_number.clone())
            .unwrap_or_default()
    };
    for (k, s) in plan.sources.iter().enumerate() {
        cols[1].fit(&s.label);
        cols[3].fit(&s.report.title.text);
        cols[4].fit(&s.issuer);
        cols[5].fit(&index(k));
        cols[7].fit(s.file);
    }
    let widths: Vec<f64> = cols.iter().map(Column::width).collect();
    set_widths(ws, &widths)?;
    let header = header_format();
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &header)?;
    }
    ws.set_row_height(0, row_height(1))?;
    let cell = cell_format();
    let centre = cell_format().set_align(FormatAlign::Center);
    let wrap = wrap_format();
    let date = cell_format().set_num_format(DATE_FORMAT);
    for (k, s) in plan.sources.iter().enumerate() {
        let row = k as u32 + 1;
        let catalogued = plan
            .rows
            .iter()
            .map(|r| {
                usize::from(r.cells[k].is_some()) + r.extra.iter().filter(|(j, _)| *j == k).count()
            })
            .sum::<usize>();
        let loose = plan.loose.iter().filter(|l| l.source == k).count();
        ws.write_string_with_format(row, 0, col_letter(LEADING + k as u16), &centre)?;
        ws.write_string_with_format(row, 1, &s.label, &cell)?;
        ws.write_string_with_format(row, 2, s.scope.zh(), &centre)?;
        ws.write_string_with_format(row, 3, &s.report.title.text, &wrap)?;
        ws.write_string_with_format(row, 4, &s.issuer, &wrap)?;
        ws.write_string_with_format(row, 5, index(k), &cell)?;
        match s.report.date() {
            Some(d) => ws.write_datetime_with_format(row, 6, date_cell(d)?, &date)?,
            None => ws.write_blank(row, 6, &cell)?,
        };
        ws.write_string_with_format(row, 7, s.file, &wrap)?;
        ws.write_number_with_format(row, 8, catalogued as f64, &centre)?;
        ws.write_number_with_format(row, 9, loose as f64, &centre)?;
        let h = lines(&s.report.title.text, widths[3])
            .max(lines(&s.issuer, widths[4]))
            .max(lines(s.file, widths[7]));
        ws.set_row_height(row, row_height(h))?;
    }
    let after = plan.sources.len() as u32 + 2;
    ws.merge_range(after, 0, after, 2, "指标目录版本", &cell)?;
    ws.write_string_with_format(after, 3, &plan.catalogue.version, &cell)?;
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
    fn references() {
        assert_eq!(col_letter(0), "A");
        assert_eq!(col_letter(26), "AA");
        assert_eq!(cells_ref(&[4, 5, 6], 3), "E3:G3");
        assert_eq!(cells_ref(&[4, 6], 3), "E3,G3");
        assert_eq!(cells_ref(&[4], 3), "E3");
    }
}
