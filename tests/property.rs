//! Generated reports, built from the shapes of the model the way pandoc's `Arbitrary`
//! instances build documents: a title of one string or 1–3 forced lines, sections of levels
//! 1–2 with run-in or standalone headings, paragraphs of mixed text (hanzi, full- and
//! half-width punctuation, ASCII, spaces, a URL, Tibetan syllables, marked indicators), and
//! the optional parts (table, signature, note, attachments, head).
//!
//! Each report is written as YAML text (every scalar double-quoted with escapes) and goes
//! through load and check like a clerk's file. A report they accept must render in every
//! format, every glyph of its pages must lie inside the type area's width, and the PDF's text
//! and the DOCX's text must be the same (compared as in tests/formats_agree.rs). A report they refuse is drawn again; too many refusals fail the
//! test, so the generator cannot drift into testing nothing.
//!
//! 32 cases by default; `PROPTEST_CASES=500 cargo test --test property` runs more.

mod common;

use std::fmt::Write as _;

use gongwen::layout::{grid, Item as Placed};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;

const HANZI: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开合还因由其些然前外天政四日社义事平形相全表间样与关各重新线内数正心反明看原又利比或但质气第向道命此变条只没结解问意建月公无系很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严";
const FULL_PUNCT: &str = "，。、；：？！“”（）《》";
const HALF_PUNCT: &str = ",.;:?!()";
const ASCII: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const URL: &str = "https://www.gov.cn/zhengce/content?id=2025";
const UNITS: [&str; 6] = ["件", "次", "余人次", "%", "万元", "个"];
/// Full-width punctuation whose ink is in the left half of its em.
const CLOSING: &str = "，。、；：？！”’）》」』】〕";
/// Tibetan syllables (stacks, vowel signs, subjoined letters) with their tsheg or shad, as an
/// office in Tibet writes names and whole sentences into a report.
const TIBETAN: [&str; 12] = [
    "བོད་",
    "སྤུ་",
    "ཧྲེང་",
    "རྫོང་",
    "མི་",
    "དམངས་",
    "སྲིད་",
    "གཞུང་།",
    "ཁྲིམས་",
    "བསྒྲུབས།",
    "ཀྲྀཾ",
    "། །",
];

fn chars_of(s: &'static str) -> Vec<char> {
    s.chars().collect()
}

/// One piece of running text.
#[derive(Clone, Debug)]
enum Tok {
    Text(String),
    /// A marked number `{N单位|nK}`; the id is given when the YAML is written.
    Mark(u32, &'static str),
}

type Para = Vec<Tok>;

fn hanzi(len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(select(chars_of(HANZI)), len).prop_map(|v| v.into_iter().collect())
}

fn token() -> impl Strategy<Value = Tok> {
    prop_oneof![
        30 => hanzi(1..8).prop_map(Tok::Text),
        8 => select(chars_of(FULL_PUNCT)).prop_map(|c| Tok::Text(c.to_string())),
        3 => select(chars_of(HALF_PUNCT)).prop_map(|c| Tok::Text(c.to_string())),
        4 => prop::collection::vec(select(chars_of(ASCII)), 1..7)
            .prop_map(|v| Tok::Text(v.into_iter().collect())),
        2 => Just(Tok::Text(" ".into())),
        1 => Just(Tok::Text(URL.into())),
        3 => prop::collection::vec(select(TIBETAN.to_vec()), 1..12)
            .prop_map(|v| Tok::Text(v.concat())),
        // Tibetan with no tsheg, wider than a line: cut between its letters.
        1 => (20usize..50).prop_map(|n| Tok::Text("ཀྲྀཾ".repeat(n))),
        2 => (1u32..5000, select(UNITS.to_vec())).prop_map(|(n, u)| Tok::Mark(n, u)),
    ]
}

/// A paragraph starts with hanzi, as every paragraph of a report does.
fn para(max_tokens: usize) -> impl Strategy<Value = Para> {
    (hanzi(1..6), prop::collection::vec(token(), 0..max_tokens)).prop_map(|(first, rest)| {
        let mut p = vec![Tok::Text(first)];
        p.extend(rest);
        p
    })
}

#[derive(Clone, Debug)]
enum Content {
    /// A run-in heading with its text.
    Text(Para),
    /// A run-in heading with 一是…二是… points.
    Points(Vec<Para>),
    /// A standalone heading over its own body.
    Body(Vec<Item>),
}

#[derive(Clone, Debug)]
struct Section {
    heading: String,
    content: Content,
}

#[derive(Clone, Debug)]
struct Table {
    caption: Option<String>,
    header: Vec<String>,
    rows: Vec<Vec<Para>>,
}

#[derive(Clone, Debug)]
enum Item {
    Para(Para),
    Section(Section),
    Table(Table),
}

fn table() -> impl Strategy<Value = Table> {
    (1usize..=5).prop_flat_map(|cols| {
        (
            prop::option::of(hanzi(2..10)),
            prop::collection::vec(hanzi(1..5), cols),
            prop::collection::vec(prop::collection::vec(para(2), cols), 1..4),
        )
            .prop_map(|(caption, header, rows)| Table {
                caption,
                header,
                rows,
            })
    })
}

/// A section of level 2 (`inner` false) or 1 (`inner` true: its body may hold level-2
/// sections).
fn section(inner: bool) -> BoxedStrategy<Section> {
    let body_item = if inner {
        prop_oneof![
            3 => para(12).prop_map(Item::Para),
            2 => section(false).prop_map(Item::Section),
        ]
        .boxed()
    } else {
        para(12).prop_map(Item::Para).boxed()
    };
    let content = prop_oneof![
        para(16).prop_map(Content::Text),
        prop::collection::vec(para(10), 1..4).prop_map(Content::Points),
        prop::collection::vec(body_item, 1..4).prop_map(Content::Body),
    ];
    (hanzi(2..12), content)
        .prop_map(|(heading, content)| Section { heading, content })
        .boxed()
}

#[derive(Clone, Debug)]
enum Title {
    One(String),
    Lines(Vec<String>),
}

#[derive(Clone, Debug)]
struct Signature {
    issuers: Vec<String>,
    sealed: bool,
    date: (u32, u32, u32),
}

#[derive(Clone, Debug)]
struct Head {
    issuers: Vec<String>,
    doc_number: Option<u32>,
}

#[derive(Clone, Debug)]
struct Attachment {
    title: String,
    body: Vec<Para>,
}

#[derive(Clone, Debug)]
struct Gen {
    head: Option<Head>,
    title: Title,
    body: Vec<Item>,
    table: Option<(usize, Table)>,
    attachments: Vec<Attachment>,
    signature: Option<Signature>,
    note: Option<String>,
}

fn issuer() -> impl Strategy<Value = String> {
    (
        hanzi(2..5),
        select(vec!["县人民政府", "县司法局", "县财政局"]),
    )
        .prop_map(|(a, b)| format!("{a}{b}"))
}

fn report() -> impl Strategy<Value = Gen> {
    let title = prop_oneof![
        hanzi(4..30).prop_map(Title::One),
        prop::collection::vec(hanzi(2..16), 1..=3).prop_map(Title::Lines),
    ];
    let body = (
        prop::collection::vec(para(20).prop_map(Item::Para), 1..3),
        prop::collection::vec(
            prop_oneof![section(true), section(false)].prop_map(Item::Section),
            0..=3,
        ),
    )
        .prop_map(|(mut paras, sections)| {
            paras.extend(sections);
            paras
        });
    let head = prop::option::of(
        (
            prop::collection::vec(issuer(), 1..=3),
            prop::option::of(1u32..100),
        )
            .prop_map(|(issuers, doc_number)| Head {
                issuers,
                doc_number,
            }),
    );
    let signature = prop::option::of(
        (
            prop::collection::vec(issuer(), 1..=3),
            any::<bool>(),
            (2020u32..2030, 1u32..=12, 1u32..=28),
        )
            .prop_map(|(issuers, sealed, date)| Signature {
                issuers,
                sealed,
                date,
            }),
    );
    let attachments = prop::collection::vec(
        (hanzi(3..16), prop::collection::vec(para(8), 0..3))
            .prop_map(|(title, body)| Attachment { title, body }),
        0..3,
    );
    (
        head,
        title,
        body,
        prop::option::of((0usize..8, table())),
        attachments,
        signature,
        prop::option::of(hanzi(2..20)),
    )
        .prop_map(
            |(head, title, body, table, attachments, signature, note)| Gen {
                head,
                title,
                body,
                table,
                attachments,
                signature,
                note,
            },
        )
}

/// A YAML double-quoted scalar.
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes the generated report as YAML, numbering the marked indicators n1, n2, … in order.
struct Yaml {
    out: String,
    marks: u32,
}

impl Yaml {
    fn text(&mut self, p: &Para) -> String {
        let mut s = String::new();
        for t in p {
            match t {
                Tok::Text(t) => s.push_str(t),
                Tok::Mark(n, unit) => {
                    self.marks += 1;
                    write!(s, "{{{n}{unit}|n{}}}", self.marks).unwrap();
                }
            }
        }
        q(&s)
    }

    fn line(&mut self, indent: usize, s: &str) {
        writeln!(self.out, "{}{s}", " ".repeat(indent)).unwrap();
    }

    fn items(&mut self, indent: usize, items: &[Item]) {
        for item in items {
            match item {
                Item::Para(p) => {
                    let t = self.text(p);
                    self.line(indent, &format!("- {t}"));
                }
                Item::Table(t) => self.table(indent, t),
                Item::Section(s) => {
                    let run_in = !matches!(s.content, Content::Body(_));
                    // A heading runs into its text when it ends with 。.
                    let heading = if run_in {
                        format!("{}。", s.heading)
                    } else {
                        s.heading.clone()
                    };
                    self.line(indent, &format!("- heading: {}", q(&heading)));
                    match &s.content {
                        Content::Text(p) => {
                            let t = self.text(p);
                            self.line(indent + 2, &format!("text: {t}"));
                        }
                        Content::Points(ps) => {
                            self.line(indent + 2, "points:");
                            for p in ps {
                                let t = self.text(p);
                                self.line(indent + 4, &format!("- {t}"));
                            }
                        }
                        Content::Body(b) => {
                            self.line(indent + 2, "body:");
                            self.items(indent + 4, b);
                        }
                    }
                }
            }
        }
    }

    fn table(&mut self, indent: usize, t: &Table) {
        self.line(indent, "- table:");
        if let Some(c) = &t.caption {
            self.line(indent + 4, &format!("caption: {}", q(c)));
        }
        let header: Vec<String> = t.header.iter().map(|h| q(h)).collect();
        self.line(indent + 4, &format!("header: [{}]", header.join(", ")));
        self.line(indent + 4, "rows:");
        for row in &t.rows {
            let cells: Vec<String> = row.iter().map(|c| self.text(c)).collect();
            self.line(indent + 6, &format!("- [{}]", cells.join(", ")));
        }
    }
}

fn to_yaml(g: &Gen) -> String {
    let mut y = Yaml {
        out: String::new(),
        marks: 0,
    };
    if let Some(h) = &g.head {
        y.line(0, "head:");
        let issuers: Vec<String> = h.issuers.iter().map(|i| q(i)).collect();
        y.line(2, &format!("issuers: [{}]", issuers.join(", ")));
        if let Some(n) = h.doc_number {
            y.line(
                2,
                &format!("doc_number: {}", q(&format!("某政发〔2026〕{n}号"))),
            );
        }
    }
    match &g.title {
        Title::One(t) => y.line(0, &format!("title: {}", q(t))),
        Title::Lines(ls) => {
            y.line(0, "title:");
            for l in ls {
                y.line(2, &format!("- {}", q(l)));
            }
        }
    }
    y.line(0, "body:");
    let mut body = g.body.clone();
    if let Some((at, t)) = &g.table {
        body.insert((*at).min(body.len()), Item::Table(t.clone()));
    }
    y.items(2, &body);
    if !g.attachments.is_empty() {
        y.line(0, "attachments:");
        for a in &g.attachments {
            y.line(2, &format!("- title: {}", q(&a.title)));
            if !a.body.is_empty() {
                y.line(4, "body:");
                let items: Vec<Item> = a.body.iter().cloned().map(Item::Para).collect();
                y.items(6, &items);
            }
        }
    }
    if let Some(s) = &g.signature {
        y.line(0, "signature:");
        let issuers: Vec<String> = s.issuers.iter().map(|i| q(i)).collect();
        y.line(2, &format!("issuers: [{}]", issuers.join(", ")));
        let (yr, m, d) = s.date;
        y.line(2, &format!("date: {yr}-{m:02}-{d:02}"));
        y.line(2, &format!("sealed: {}", s.sealed));
    }
    if let Some(n) = &g.note {
        y.line(0, &format!("note: {}", q(n)));
    }
    if y.marks > 0 {
        y.line(0, "indicators:");
        for i in 1..=y.marks {
            y.line(2, &format!("n{i}: {}", q(&format!("指标{i}"))));
        }
    }
    y.out
}

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(32);
    Config {
        cases,
        // Every case renders a PDF and runs pdftotext: keep shrinking bounded.
        max_shrink_iters: 2048,
        // A generator whose reports load and check must not need many draws per case.
        max_global_rejects: cases.saturating_mul(4).max(64),
        // The minimal failing report is printed; nothing is written into the source tree.
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn accepted_reports_render_and_pdf_and_docx_agree(g in report()) {
        let yaml = to_yaml(&g);
        let loaded = gongwen::parse(&yaml, "prop.yaml");
        prop_assume!(loaded.is_ok());
        let report = loaded.unwrap().report;
        prop_assume!(!gongwen::check::check(&report).iter().any(|d| d.is_error()));
        let fonts = common::bundled_fonts();
        let mut out = std::collections::BTreeMap::new();
        for format in gongwen::Format::ALL {
            match gongwen::render(&report, format, Some(fonts)) {
                Ok(bytes) => {
                    out.insert(format, bytes);
                }
                Err(d) => prop_assert!(false, "the {format} writer failed: {d}\n---\n{yaml}"),
            }
        }
        // Nothing is drawn beside the type area. An em box may pass its right edge by what a
        // line of Latin was tightened by (the last letter keeps its own advance; measured up
        // to 0.8 pt), never by a letter.
        let doc = gongwen::layout::layout(&report, fonts).expect("it lays out");
        let (left, right) = (grid::left() - 0.5, grid::right() + 1.5);
        for item in doc.pages.iter().flat_map(|p| &p.items) {
            if let Placed::Text(t) = item {
                // (A mark has no advance: it sits on its letter, its origin may stand left of it.)
                for g in t.glyphs.iter().filter(|g| g.advance > 0.0) {
                    // Closing punctuation inks the left half of its em (the right half is what
                    // 标点挤压 takes away at a line's end).
                    let closing = t.text[g.range.clone()].chars().all(|c| CLOSING.contains(c));
                    let ink = if closing { g.advance / 2.0 } else { g.advance };
                    prop_assert!(
                        g.x >= left && g.x + ink <= right,
                        "{:?} drawn at {:.1}–{:.1} pt, the type area is {:.1}–{:.1}\n---\n{yaml}",
                        t.text, g.x, g.x + ink, grid::left(), grid::right()
                    );
                }
            }
        }
        let agree = common::pdf_docx_agree(
            &report,
            &out[&gongwen::Format::Pdf],
            &out[&gongwen::Format::Docx],
        );
        prop_assert!(agree.is_ok(), "{}\n---\n{yaml}", agree.unwrap_err());
    }
}
