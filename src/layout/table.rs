//! Tables: column widths from their content (as a browser's automatic table layout does),
//! every cell wrapped inside its column, and each table row cut into one flow slot per grid
//! line so that pagination can split a row taller than a page. A table that cannot fit the
//! type area even at its narrowest is refused with a located error instead of overprinting.

use super::draw::{line_info, runs, Ctx};
use super::flow::{Flow, Kind};
use super::lines::{break_lines, LineOut, Measure, PChar};
use super::{grid, mm, Item, Rule};
use crate::compose::{spans_text, TablePart};
use crate::diag::Diagnostic;
use crate::model::Loc;
use crate::style::{page, Element, BLACK, TABLE_HEADER_ROLE};

/// Slack below which two widths count as equal: widths are sums of f32 advances.
const EPS: f32 = 0.01;

/// A Latin word or number up to this many ems is kept whole when column widths are chosen,
/// even where the line breaker could cut it as a last resort: a table of figures reads badly
/// with "13800|138000" split, but a longer run (a URL) is better cut than refused.
const KEEP_WORD_EM: f32 = 8.0;

/// A header taller than this share of a page would, repeated on every page, leave too little
/// room for the rows under it.
const MAX_HEADER_SHARE: f32 = 0.5;

/// Text of a cell broken for one column width.
struct Cell {
    chars: Vec<PChar>,
    lines: Vec<LineOut>,
}

/// The line box of a cell's text: table type on its own pitch, ragged (never stretched).
fn measure(width: f32) -> Measure {
    let size = Element::Table.style().size_pt;
    Measure {
        pitch: size,
        size,
        width,
        first_indent: 0.0,
        rest_indent: 0.0,
        justify: false,
    }
}

/// How wide the widest of the lines is.
fn extent(lines: &[LineOut]) -> f32 {
    lines.iter().map(|l| l.right - l.indent).fold(0.0, f32::max)
}

/// The narrowest a cell can be without a glyph leaving it: the widest unit the line breaker
/// keeps whole (found by breaking at no width at all, so that every line holds a single
/// unit), and at least the cell's longest Latin word or number up to [`KEEP_WORD_EM`].
fn min_width(chars: &[PChar]) -> f32 {
    let unit = extent(&break_lines(chars, &measure(0.0)));
    let size = Element::Table.style().size_pt;
    let mut word: f32 = 0.0;
    let mut run = 0.0;
    for c in chars {
        if c.wide || c.c.is_whitespace() {
            run = 0.0;
            continue;
        }
        run += c.advance;
        word = word.max(run);
        // The natural break points of a URL or path: after these a reader expects a cut.
        if matches!(c.c, '/' | '-' | '_' | '?' | '&' | '=') {
            run = 0.0;
        }
    }
    unit.max(word.min(KEEP_WORD_EM * size))
}

/// The cell on one line, however long.
fn preferred_width(chars: &[PChar]) -> f32 {
    extent(&break_lines(chars, &measure(1.0e6)))
}

/// Column widths (padding included) that fill `total`, or `None` when even the minimums do
/// not fit. When every column's content fits an equal share the columns are equal, as a
/// short table has always been printed; else the preferred widths scaled up to fill; else
/// (the automatic table layout of CSS 2.1, 17.5.2.2) each column gets its minimum and the
/// room left in proportion to how much more it would like. Before that, a column whose
/// whole content fits a fair share of the room gets it, as a typesetter would: a short label
/// column beside a long text is not squeezed into wrapping.
pub(super) fn column_widths(min: &[f32], pref: &[f32], total: f32) -> Option<Vec<f32>> {
    let n = min.len();
    if n == 0 {
        return Some(Vec::new());
    }
    let sum_min: f32 = min.iter().sum();
    if sum_min > total + EPS {
        return None;
    }
    let equal = total / n as f32;
    if pref.iter().all(|&p| p <= equal + EPS) {
        return Some(vec![equal; n]);
    }
    let sum_pref: f32 = pref.iter().sum();
    if sum_pref <= total {
        return Some(pref.iter().map(|p| p * total / sum_pref).collect());
    }
    let mut w = min.to_vec();
    let mut open: Vec<usize> = (0..n).collect();
    let mut room = total;
    loop {
        let share = room / open.len() as f32;
        let (fixed, rest): (Vec<usize>, Vec<usize>) = open.iter().partition(|&&c| pref[c] <= share);
        let taken: f32 = fixed.iter().map(|&c| pref[c]).sum();
        let rest_min: f32 = rest.iter().map(|&c| min[c]).sum();
        // Stop when nothing more fits whole, or when it would starve the others' minimums.
        if fixed.is_empty() || rest.is_empty() || room - taken < rest_min - EPS {
            break;
        }
        for &c in &fixed {
            w[c] = pref[c];
        }
        room -= taken;
        open = rest;
    }
    let open_min: f32 = open.iter().map(|&c| min[c]).sum();
    let want: f32 = open.iter().map(|&c| pref[c] - min[c]).sum();
    let spare = (room - open_min).max(0.0);
    for &c in &open {
        w[c] = if want > EPS {
            min[c] + spare * (pref[c] - min[c]) / want
        } else {
            min[c] + spare / open.len() as f32
        };
    }
    Some(w)
}

fn too_wide(loc: &Loc, ncols: usize, need: f32) -> Diagnostic {
    let need_mm = (need / page::PT_PER_MM).ceil();
    let area = page::TYPE_WIDTH_MM;
    Diagnostic::error(
        "table-too-wide",
        format!(
            "the table's {ncols} columns do not fit the {area} mm type area even at their \
             narrowest (they need {need_mm} mm)"
        ),
    )
    .zh(format!(
        "表格共{ncols}列，即使每列排到最窄也超出{area}毫米的版心宽度（至少需要{need_mm}毫米）"
    ))
    .help("use fewer columns, or split the table into several tables")
    .help_zh("请减少列数，或把表格拆成几个表格")
    .at(loc)
}

fn header_too_tall(loc: &Loc, lines: usize) -> Diagnostic {
    Diagnostic::error(
        "table-header-too-tall",
        format!(
            "the table's header row takes {lines} lines: repeated on every page it would leave \
             too little room for the rows"
        ),
    )
    .zh(format!(
        "表格的表头占{lines}行，在每页重复后留给数据行的位置太少"
    ))
    .help("shorten the header cells")
    .help_zh("请精简表头各单元格的文字")
    .at(loc)
}

fn rule(x0: f32, x1: f32, y0: f32, y1: f32) -> Item {
    Item::Rule(Rule {
        x0,
        x1,
        y0,
        y1,
        color: BLACK,
    })
}

/// A horizontal rule across the table at `y` (relative to the slot's top).
fn across(y: f32) -> Item {
    let thin = mm(page::THIN_RULE_MM);
    rule(grid::left(), grid::right(), y - thin / 2.0, y + thin / 2.0)
}

/// A table: caption lines, then its rows. Errors go to `cx.errors` and nothing is drawn.
pub(super) fn table(cx: &mut Ctx, t: &TablePart, loc: &Loc) {
    let ts = Element::Table.style();
    let size = ts.size_pt;
    let ncols = t.columns();
    let shaped: Vec<(bool, Vec<Vec<PChar>>)> = t
        .all_rows()
        .map(|(header, row)| {
            let role = if header { TABLE_HEADER_ROLE } else { ts.role };
            let cells = row
                .iter()
                .map(|c| cx.shape(&[(spans_text(c), role)], size))
                .collect();
            (header, cells)
        })
        .collect();
    // Half a character of room on each side of the text, as the table has always had.
    let mut content_min = vec![0.0f32; ncols];
    let mut content_pref = vec![0.0f32; ncols];
    for (_, cells) in &shaped {
        for (ci, chars) in cells.iter().enumerate() {
            content_min[ci] = content_min[ci].max(min_width(chars));
            content_pref[ci] = content_pref[ci].max(preferred_width(chars));
        }
    }
    // Room beside the text in each cell: a character's width, as the table has always had,
    // narrowed (down to a quarter of one) when that lets every cell stand on one line, or
    // else lets a wide table of numbers fit at all.
    let fits_with =
        |widths: &[f32], pad: f32| widths.iter().map(|m| m + pad).sum::<f32>() <= grid::width();
    let pads = [1.0, 0.75, 0.5, 0.25].map(|k| k * size);
    let pad = pads
        .iter()
        .copied()
        .find(|&p| fits_with(&content_pref, p))
        .or_else(|| pads.iter().copied().find(|&p| fits_with(&content_min, p)))
        .unwrap_or(size);
    let min: Vec<f32> = content_min.iter().map(|m| m + pad).collect();
    let pref: Vec<f32> = content_pref.iter().map(|m| m + pad).collect();
    let Some(widths) = column_widths(&min, &pref, grid::width()) else {
        cx.errors.push(too_wide(loc, ncols, min.iter().sum()));
        return;
    };
    let mut xs = vec![grid::left()];
    for w in &widths {
        xs.push(xs.last().copied().unwrap_or_default() + w);
    }
    // The last border on the type area's right edge exactly, whatever the rounding.
    if let Some(x) = xs.last_mut() {
        *x = grid::right();
    }

    let rows: Vec<(bool, Vec<Cell>)> = shaped
        .into_iter()
        .map(|(header, cells)| {
            let cells = cells
                .into_iter()
                .enumerate()
                .map(|(ci, chars)| {
                    let lines = break_lines(&chars, &measure(xs[ci + 1] - xs[ci] - pad));
                    Cell { chars, lines }
                })
                .collect();
            (header, cells)
        })
        .collect();
    // The widths hold every cell's widest unit; a line wider than its cell would mean the
    // breaker kept more together than it said it would, and is refused rather than drawn.
    let overflow = rows.iter().any(|(_, cells)| {
        cells
            .iter()
            .enumerate()
            .any(|(ci, c)| extent(&c.lines) > xs[ci + 1] - xs[ci] - pad + EPS)
    });
    if overflow {
        cx.errors.push(too_wide(loc, ncols, min.iter().sum()));
        return;
    }
    let height = |cells: &[Cell]| {
        cells
            .iter()
            .map(|c| c.lines.len())
            .max()
            .unwrap_or(0)
            .max(1)
    };
    let header_rows = rows
        .iter()
        .filter(|(h, _)| *h)
        .map(|(_, c)| height(c))
        .sum::<usize>();
    if header_rows as f32 > grid::rows() as f32 * MAX_HEADER_SHARE {
        cx.errors.push(header_too_tall(loc, header_rows));
        return;
    }

    caption(cx, t);
    let mut header: Option<Box<Flow>> = None;
    for (ri, (is_header, cells)) in rows.iter().enumerate() {
        let n = height(cells);
        // A row that cannot stand on a page under the repeated header (and, for the first,
        // the caption) is cut into one slot per grid line, which pagination may separate;
        // any other row (and the header, kept short above) is one slot, kept whole.
        let tall = !*is_header && n + header_rows + 1 > grid::rows();
        let parts: Vec<(usize, usize)> = if tall {
            (0..n).map(|k| (k, k + 1)).collect()
        } else {
            vec![(0, n)]
        };
        for (k0, k1) in parts {
            let mut f = slice(cells, &xs, pad, k0..k1, n, ri);
            // The header stays with the first row, or with its first line when it is cut.
            f.keep_with_next = *is_header;
            if *is_header {
                header = Some(Box::new(f.clone()));
            } else {
                f.repeat = header.clone();
            }
            cx.flow.push(f);
        }
    }
}

/// The caption: centred lines over the table, kept with it.
fn caption(cx: &mut Ctx, t: &TablePart) {
    let Some(c) = &t.caption else { return };
    let cs = Element::Caption.style();
    let chars = cx.shape(&[(c.clone(), cs.role)], cs.size_pt);
    let m = Measure {
        pitch: grid::col(),
        size: cs.size_pt,
        width: grid::width(),
        first_indent: 0.0,
        rest_indent: 0.0,
        justify: false,
    };
    for lo in break_lines(&chars, &m) {
        let x0 = grid::left() + (grid::width() - (lo.right - lo.indent)) / 2.0 - lo.indent;
        let base = grid::baseline_in_row(cs.size_pt);
        let items = runs(&chars, &lo.glyphs, x0, base, cs.size_pt, cs.color);
        let info = line_info(&chars, &lo, x0, base, Element::Caption);
        let mut f = Flow::line(items, info);
        f.keep_with_next = true;
        cx.flow.push(f);
    }
}

/// Grid lines `ks` of a table row `n` lines tall: each cell's lines, cell by cell so that
/// the content stream reads in cell order, the column borders over them, the row's top rule
/// if the slot starts the row and its bottom rule if it ends it. A cut between two slots of a
/// row is closed by rules the flow draws only at a page's end or start.
/// `ri` is the row's place in the table (the header first), for the tagged PDF's TR/TH/TD.
fn slice(
    cells: &[Cell],
    xs: &[f32],
    pad: f32,
    ks: std::ops::Range<usize>,
    n: usize,
    ri: usize,
) -> Flow {
    let size = Element::Table.style().size_pt;
    let thin = mm(page::THIN_RULE_MM);
    let mut items = Vec::new();
    let mut infos = Vec::new();
    for (ci, cell) in cells.iter().enumerate() {
        // A cell's lines are one block centred in the column, each line starting at the
        // block's left: a one-line cell is centred, a wrapped one reads as a paragraph.
        let inner = xs[ci + 1] - xs[ci] - pad;
        let block = extent(&cell.lines);
        for k in ks.clone() {
            let Some(lo) = cell.lines.get(k) else {
                break;
            };
            let x0 = xs[ci] + pad / 2.0 + (inner - block) / 2.0 - lo.indent;
            let r = k - ks.start;
            let base = r as f32 * grid::row() + grid::baseline_in_row(size);
            let mut run = runs(&cell.chars, &lo.glyphs, x0, base, size, BLACK);
            for it in &mut run {
                if let Item::Text(t) = it {
                    t.tag.cell = Some((ri, ci));
                }
            }
            items.extend(run);
            let mut info = line_info(&cell.chars, lo, x0, base, Element::Table);
            info.row = Some(r);
            infos.push(info);
        }
    }
    let h = ks.len() as f32 * grid::row();
    if ks.start == 0 {
        items.push(across(0.0));
    }
    if ks.end == n {
        items.push(across(h));
    }
    for &x in xs {
        items.push(rule(
            x - thin / 2.0,
            x + thin / 2.0,
            -thin / 2.0,
            h + thin / 2.0,
        ));
    }
    Flow {
        kind: Kind::Content,
        rows: ks.len(),
        items,
        lines: infos,
        page_start: if ks.start > 0 {
            vec![across(0.0)]
        } else {
            Vec::new()
        },
        page_end: if ks.end < n {
            vec![across(h)]
        } else {
            Vec::new()
        },
        ..Flow::blank()
    }
}

#[cfg(test)]
mod tests {
    use super::column_widths;

    #[test]
    fn equal_columns_when_every_content_fits_a_share() {
        let w = column_widths(&[10.0, 10.0], &[30.0, 50.0], 200.0).unwrap();
        assert_eq!(w, vec![100.0, 100.0]);
    }

    #[test]
    fn preferred_widths_scaled_up_when_they_fit() {
        let w = column_widths(&[10.0, 10.0, 10.0], &[20.0, 20.0, 160.0], 400.0).unwrap();
        assert_eq!(w, vec![40.0, 40.0, 320.0]);
    }

    #[test]
    fn room_above_the_minimums_in_proportion_to_what_each_column_wants() {
        let w = column_widths(&[10.0, 20.0], &[110.0, 320.0], 130.0).unwrap();
        // 100 of room; the columns want 100 and 300 more.
        assert!(
            (w[0] - 35.0).abs() < 1e-3 && (w[1] - 95.0).abs() < 1e-3,
            "{w:?}"
        );
    }

    #[test]
    fn a_short_column_beside_a_long_one_keeps_its_content_width() {
        let w = column_widths(&[20.0, 20.0], &[40.0, 600.0], 440.0).unwrap();
        assert_eq!(w, vec![40.0, 400.0]);
    }

    #[test]
    fn minimums_wider_than_the_area_do_not_fit() {
        assert!(column_widths(&[60.0; 4], &[80.0; 4], 200.0).is_none());
    }
}
