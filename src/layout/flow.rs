//! The flow of lines down the pages: what stays together, where pages break, and the table
//! header repeated at the top of a page.

use super::{grid, Document, Item, LineInfo, OutlineEntry, Page};

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Kind {
    Content,
    Blank,
    PageBreak,
}

/// One slot of the flow: a line (or a table row) occupying `rows` grid rows. Items and
/// lines are positioned relative to the top of the first row.
#[derive(Clone, Debug)]
pub(super) struct Flow {
    pub kind: Kind,
    pub rows: usize,
    pub items: Vec<Item>,
    pub lines: Vec<LineInfo>,
    pub keep_with_next: bool,
    pub outline: Option<(u8, String)>,
    /// A table row that starts a page is preceded by its table's header row again.
    pub repeat: Option<Box<Flow>>,
    /// Drawn only when the slot is the first on its page: the top rule of a table row
    /// continued from the page before.
    pub page_start: Vec<Item>,
    /// Drawn only when a page ends right after the slot: the bottom rule of a table row
    /// continued on the next page.
    pub page_end: Vec<Item>,
}

impl Flow {
    pub fn blank() -> Flow {
        Flow {
            kind: Kind::Blank,
            rows: 1,
            items: Vec::new(),
            lines: Vec::new(),
            keep_with_next: false,
            outline: None,
            repeat: None,
            page_start: Vec::new(),
            page_end: Vec::new(),
        }
    }
    pub fn page_break() -> Flow {
        Flow {
            kind: Kind::PageBreak,
            rows: 0,
            ..Flow::blank()
        }
    }
    /// Marks every run of the slot, and of the header it repeats, as printing part `part`.
    pub fn tag_part(&mut self, part: Option<usize>) {
        super::tag_items(&mut self.items, part);
        if let Some(h) = &mut self.repeat {
            h.tag_part(part);
        }
    }
    pub fn line(items: Vec<Item>, line: LineInfo) -> Flow {
        Flow {
            kind: Kind::Content,
            rows: 1,
            items,
            lines: vec![line],
            keep_with_next: false,
            ..Flow::blank()
        }
    }
}

pub(super) fn shift(items: &mut [Item], lines: &mut [LineInfo], dy: f32, row: Option<usize>) {
    for it in items {
        match it {
            Item::Text(t) => t.baseline += dy,
            Item::Rule(r) => {
                r.y0 += dy;
                r.y1 += dy;
            }
        }
    }
    for l in lines {
        l.baseline += dy;
        if let Some(r) = row {
            l.row = Some(r + l.row.unwrap_or(0));
        }
    }
}

pub(super) fn paginate(
    flow: Vec<Flow>,
    start_row: usize,
    first: Vec<Item>,
    head_lines: Vec<LineInfo>,
) -> Document {
    let rows = grid::rows();
    let mut doc = Document::default();
    doc.pages.push(Page {
        items: first,
        lines: head_lines,
        ..Page::default()
    });
    let mut row = start_row;
    let mut i = 0;
    // The page-end rules of the last slot placed, drawn if the page ends after it.
    let mut end: Vec<Item> = Vec::new();
    // No slot of the flow is on the current page yet.
    let mut fresh = true;
    let new_page = |doc: &mut Document, row: &mut usize, end: &mut Vec<Item>, fresh: &mut bool| {
        let p = doc.pages.last_mut().expect("a page");
        p.rows_used = *row;
        p.items.append(end);
        doc.pages.push(Page::default());
        *row = 0;
        *fresh = true;
    };
    while i < flow.len() {
        let f = &flow[i];
        match f.kind {
            Kind::PageBreak => {
                new_page(&mut doc, &mut row, &mut end, &mut fresh);
                i += 1;
                continue;
            }
            Kind::Blank => {
                if row == 0 && doc.pages.len() > 1 && !f.keep_with_next {
                    i += 1;
                    continue;
                }
            }
            Kind::Content => {}
        }
        // The chain of lines that must stay together with this one.
        let mut need = 0;
        let mut j = i;
        while j < flow.len() && flow[j].kind != Kind::PageBreak {
            need += flow[j].rows;
            if !flow[j].keep_with_next {
                break;
            }
            j += 1;
        }
        if row > 0 && row + need > rows && need <= rows {
            new_page(&mut doc, &mut row, &mut end, &mut fresh);
            if f.kind == Kind::Blank && !f.keep_with_next {
                i += 1;
                continue;
            }
        }
        if row + f.rows > rows {
            new_page(&mut doc, &mut row, &mut end, &mut fresh);
        }
        if let (0, Some(h)) = (row, &f.repeat) {
            if h.rows + f.rows <= rows {
                let (mut items, mut lines) = (h.items.clone(), h.lines.clone());
                shift(&mut items, &mut lines, grid::row_top(0), Some(0));
                let p = doc.pages.last_mut().expect("a page");
                p.items.extend(items);
                p.lines.extend(lines);
                row = h.rows;
            }
        }
        let dy = grid::row_top(row);
        let mut items = f.items.clone();
        if fresh {
            items.extend(f.page_start.iter().cloned());
        }
        fresh = false;
        end = f.page_end.clone();
        let mut no_lines = Vec::new();
        shift(&mut end, &mut no_lines, dy, None);
        let mut lines = f.lines.clone();
        shift(&mut items, &mut lines, dy, Some(row));
        let pi = doc.pages.len() - 1;
        if let Some((level, title)) = &f.outline {
            doc.outline.push(OutlineEntry {
                level: *level,
                title: title.clone(),
                page: pi,
                y: dy,
            });
        }
        let p = doc.pages.last_mut().expect("a page");
        p.items.extend(items);
        p.lines.extend(lines);
        row += f.rows;
        i += 1;
    }
    doc.pages.last_mut().expect("a page").rows_used = row;
    doc
}
