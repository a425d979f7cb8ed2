//! Rules a clerk wants checked before a report goes out: indicator ids, 其中 sums, dates.
//! Errors stop a build; warnings are printed and the build goes on.

use std::collections::{BTreeMap, HashMap};

use crate::catalogue::{Catalogue, Role};
use crate::diag::Diagnostic;
use crate::hanzi::units::{self, Mismatch};
use crate::indicators::{collect, exact_in_excel, Record};
use crate::model::{Decimal, InfoIndex, Report};

pub fn check(report: &Report) -> Vec<Diagnostic> {
    check_with(report, Catalogue::builtin())
}

/// [`check`] against `catalogue` (an office's catalogue added to the built-in one).
pub fn check_with(report: &Report, catalogue: &Catalogue) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let records = collect(report);
    let infos = report.info_index();
    indicator_ids(report, &infos, &records, &mut out);
    catalogue_links(report, &infos, catalogue, &mut out);
    breakdowns(&infos, &records, &mut out);
    values(&infos, &records, &mut out);
    dates(report, &mut out);
    doc_number(report, &mut out);
    issuers(report, &mut out);
    title(report, &mut out);
    out
}

fn indicator_ids(
    report: &Report,
    infos: &InfoIndex,
    records: &[Record],
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, &Record> = HashMap::new();
    for r in records {
        if let Some(first) = seen.get(r.id.as_str()) {
            out.push(
                Diagnostic::error(
                    "duplicate-indicator",
                    format!("indicator id `{}` is used twice", r.id),
                )
                .help(format!(
                    "first used for {} at line {}; give each number its own id",
                    first.text, first.loc.line
                ))
                .zh(format!("指标编码 `{}` 被使用了两次", r.id))
                .help_zh(format!(
                    "第一次用于第 {} 行的 {}；每个数字应有自己的编码",
                    first.loc.line, first.text
                ))
                .at(&r.loc),
            );
        } else {
            seen.insert(&r.id, r);
        }
        if infos.get(&r.id).is_none() {
            out.push(
                Diagnostic::error(
                    "unnamed-indicator",
                    format!("indicator `{}` ({}) has no name", r.id, r.text),
                )
                .help(format!("add `{}: <指标名称>` under `indicators:`", r.id))
                .zh(format!("指标 `{}`（{}）没有名称", r.id, r.text))
                .help_zh(format!("在 `indicators:` 下加上 `{}: 指标名称`", r.id))
                .at(&r.loc),
            );
        }
    }
    let mut listed: HashMap<&str, ()> = HashMap::new();
    for info in &report.indicator_info {
        if listed.insert(&info.id, ()).is_some() {
            out.push(
                Diagnostic::error(
                    "duplicate-indicator",
                    format!("`{}` is listed twice under `indicators:`", info.id),
                )
                .zh(format!("`{}` 在 `indicators:` 下出现了两次", info.id))
                .at(&info.loc),
            );
        }
        if !seen.contains_key(info.id.as_str()) {
            out.push(
                Diagnostic::warning(
                    "unused-indicator",
                    format!(
                        "indicator `{}` is listed but no number in the text carries it",
                        info.id
                    ),
                )
                .help(format!(
                    "mark the number in the text as {{…|{}}}, or delete the entry",
                    info.id
                ))
                .zh(format!("指标 `{}` 已列出，但正文中没有数字使用它", info.id))
                .help_zh(format!("在正文中把数字标成 {{…|{}}}，或删除此项", info.id))
                .at(&info.loc),
            );
        }
        if let Some(p) = &info.parent {
            if !seen.contains_key(p.as_str()) {
                out.push(
                    Diagnostic::error(
                        "unknown-parent",
                        format!(
                            "parent `{p}` of indicator `{}` is not marked in the text",
                            info.id
                        ),
                    )
                    .help("parent names the id of the total this number is part of (其中)")
                    .zh(format!("指标 `{}` 的上级 `{p}` 没有在正文中标出", info.id))
                    .help_zh("parent 填写此数字所属总数（其中）的编码")
                    .at(&info.loc),
                );
            } else if p == &info.id {
                out.push(
                    Diagnostic::error(
                        "unknown-parent",
                        format!("indicator `{p}` is its own parent"),
                    )
                    .zh(format!("指标 `{p}` 的上级是它自己"))
                    .at(&info.loc),
                );
            }
        }
    }
}

/// Indicators and the catalogue: a `catalogue:` naming no concept is a mistake; an
/// indicator that names none while its sentence reads as one is probably a concept the
/// clerk did not link, so that reports cannot be compared on it.
fn catalogue_links(
    report: &Report,
    infos: &InfoIndex,
    catalogue: &Catalogue,
    out: &mut Vec<Diagnostic>,
) {
    for info in &report.indicator_info {
        if let Some(c) = &info.catalogue {
            if catalogue.get(c).is_none() {
                out.push(
                    Diagnostic::warning(
                        "unknown-catalogue",
                        format!("`{c}` (of indicator `{}`) is not in the indicator catalogue", info.id),
                    )
                    .help("write an id of the catalogue, or add the concept to your catalogue file (--catalogue)")
                    .zh(format!("指标 `{}` 的目录编码 `{c}` 不在指标目录中", info.id))
                    .help_zh("请填写目录中的编码，或在自己的目录文件（--catalogue）中加上该指标")
                    .at(&info.loc),
                );
            }
        }
    }
    for (id, m) in crate::catalogue::matcher::matches_in(report, catalogue) {
        let Some(info) = infos.get(&id) else {
            continue;
        };
        if info.catalogue.is_some() || catalogue.entry_for(info).is_some() {
            continue;
        }
        let e = m.entry;
        let kind = match m.role {
            Role::Actual => String::new(),
            Role::Target => ", `kind: target`".to_string(),
            Role::Change => ", `kind: change`".to_string(),
        };
        out.push(
            Diagnostic::warning(
                "uncatalogued-indicator",
                format!(
                    "indicator `{id}` looks like catalogue concept {} ({})",
                    e.name, e.id
                ),
            )
            .help(format!(
                "add `catalogue: {}`{kind} to the entry, so that reports can be compared on it",
                e.id
            ))
            .zh(format!(
                "指标 `{id}` 看来是指标目录中的“{}”（{}）",
                e.name, e.id
            ))
            .help_zh(format!(
                "请在此项加上 `catalogue: {}`{kind}，各地报告才能据此对比",
                e.id
            ))
            .at(&info.loc),
        );
    }
}

/// 其中 breakdowns. A report often names only some parts (清理900余件，其中废止139件、修改18件),
/// so by default the parts may add up to less than the total but never more; an entry with
/// `complete: true` lists every part, and then they must add up to the total. Values are
/// compared in one unit (8000万元 + 4000万元 = 1.2亿元), and a qualified number bounds the
/// amount rather than fixing it (900余 is at least 900, 近100 at most 100).
fn breakdowns(infos: &InfoIndex, records: &[Record], out: &mut Vec<Diagnostic>) {
    let by_id: HashMap<&str, &Record> = records.iter().map(|r| (r.id.as_str(), r)).collect();
    // The unit of an id's first number (`by_id` holds its last: an id used twice is an error
    // of its own, and each message keeps the record it has always named).
    let mut first_unit: HashMap<&str, &str> = HashMap::new();
    for r in records {
        first_unit.entry(r.id.as_str()).or_insert(r.unit.as_str());
    }
    let mut children: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for r in records {
        if let Some(p) = &r.parent {
            children.entry(p.as_str()).or_default().push(r);
        }
    }
    for (parent, kids) in children {
        let Some(total) = by_id.get(parent) else {
            continue;
        };
        let info = infos.get(parent);
        let complete = info.is_some_and(|i| i.complete);
        let loc = info
            .map(|i| i.loc.clone())
            .unwrap_or_else(|| total.loc.clone());
        let parts: Vec<String> = kids.iter().map(|k| k.text.clone()).collect();
        let parts = parts.join(" + ");
        let all = std::iter::once(*total).chain(kids.iter().copied());
        let Some(unit) = units::common(all.clone().map(|r| r.unit.as_str())) else {
            out.push(
                Diagnostic::error(
                    "breakdown-units",
                    format!("其中 items {parts} cannot be added up to `{parent}` ({}): they measure different things", total.text),
                )
                .help("a 其中 part is counted in the unit of its total; check `parent` and the units")
                .zh(format!("其中各项 {parts} 与 `{parent}`（{}）单位不同，无法相加", total.text))
                .help_zh("“其中”分项应与总数同一计量单位，请核对 parent 和单位")
                .at(&loc),
            );
            continue;
        };
        // Units were found compatible above, so conversion fails only past 28 digits.
        let Some(bounds) = all
            .map(|r| {
                let v = units::convert(r.value, &r.unit, &unit).ok()?;
                Some(bounds(v, &r.qualifier))
            })
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let (whole, items) = (bounds[0], &bounds[1..]);
        let least: Decimal = items.iter().map(|b| b.0).sum();
        let most: Option<Decimal> = items.iter().map(|b| b.1).sum();
        let too_many = whole.1.is_some_and(|h| least > h);
        let too_few = complete && whole.0 > Decimal::ZERO && most.is_some_and(|m| m < whole.0);
        if !too_many && !too_few {
            continue;
        }
        let parent_unit = first_unit.get(parent).copied();
        let mixed = kids.iter().any(|k| Some(k.unit.as_str()) != parent_unit);
        let sum_text = |v: Decimal| {
            if mixed {
                format!("{}{unit}", fmt_num(v))
            } else {
                fmt_num(v)
            }
        };
        let approximate =
            !total.qualifier.is_empty() || kids.iter().any(|k| !k.qualifier.is_empty());
        let sum = sum_text(if too_many {
            least
        } else {
            most.unwrap_or(least)
        });
        let (message, zh) = if too_many {
            (
                format!(
                    "其中 items {parts} add up to {sum}{}, more than `{parent}`'s {}",
                    if approximate { " at least" } else { "" },
                    total.text
                ),
                format!(
                    "其中各项 {parts} 合计{} {sum}，超过 `{parent}` 的 {}",
                    if approximate { "至少" } else { "" },
                    total.text
                ),
            )
        } else {
            (
                format!(
                    "其中 items {parts} add up to {sum}{}, but `{parent}` says {}",
                    if approximate { " at most" } else { "" },
                    total.text
                ),
                format!(
                    "其中各项 {parts} 合计{} {sum}，但 `{parent}` 为 {}",
                    if approximate { "至多" } else { "" },
                    total.text
                ),
            )
        };
        let (help, help_zh) = if complete {
            (
                "`complete: true` says the parts are all listed: correct the numbers, or remove `complete` if the text names only some parts",
                "`complete: true` 表示分项已列全：请核对数字；若正文只列出部分分项，请去掉 complete",
            )
        } else {
            (
                "correct the numbers, or remove `parent` from an item that is not part of this total",
                "请核对数字，或去掉不属于此总数的分项的 parent",
            )
        };
        out.push(
            Diagnostic::error("breakdown-sum", message)
                .help(help)
                .zh(zh)
                .help_zh(help_zh)
                .at(&loc),
        );
    }
}

/// The least and the most (`None`: no limit) amount a printed quantity allows: 500 is
/// exactly 500, 500余 and 不少于500 at least 500, 近500 and 不超过500 at most 500, 约500 any.
fn bounds(value: Decimal, qualifier: &str) -> (Decimal, Option<Decimal>) {
    const AT_MOST: [&str; 3] = ["不超过", "不到", "近"];
    const AT_LEAST: [&str; 7] = ["不少于", "不低于", "超过", "逾", "余", "多", "以上"];
    const ABOUT: [&str; 2] = ["约", "左右"];
    let mut rest = qualifier.to_string();
    let mut at_most = false;
    let mut at_least = false;
    // 不超过 before 超过: the longer word is the one written.
    for w in AT_MOST {
        if rest.contains(w) {
            at_most = true;
            rest = rest.replace(w, "");
        }
    }
    for w in AT_LEAST {
        if rest.contains(w) {
            at_least = true;
            rest = rest.replace(w, "");
        }
    }
    let about = ABOUT.iter().any(|w| rest.contains(w)) || !rest.is_empty();
    match (about || (at_most && at_least), at_most, at_least) {
        (true, _, _) => (Decimal::ZERO, None),
        (false, true, false) => (Decimal::ZERO, Some(value)),
        (false, false, true) => (value, None),
        _ => (value, Some(value)),
    }
}

/// Units read from the text that an entry's `unit:` cannot stand for (件 → 元), and values a
/// spreadsheet cannot hold exactly.
fn values(infos: &InfoIndex, records: &[Record], out: &mut Vec<Diagnostic>) {
    for r in records {
        if let Some(e) = r.unit_error {
            let loc = infos
                .get(&r.id)
                .map_or_else(|| r.loc.clone(), |i| i.loc.clone());
            let printed = &r.printed_unit;
            let d = match e {
                Mismatch::Incompatible => Diagnostic::error(
                    "unit-mismatch",
                    format!("`{}` gives the unit {}, but {} at line {} is counted in {printed}", r.id, r.unit, r.text, r.loc.line),
                )
                .help("`unit:` may change the magnitude (亿元 → 万元) or name a bare number's unit, not turn one thing into another; correct `unit:` or the number")
                .zh(format!("`{}` 的单位写作 {}，但第 {} 行的 {} 以{printed}计", r.id, r.unit, r.loc.line, r.text))
                .help_zh("unit 只能换算数量级（亿元 → 万元）或为无单位的数字补上单位，不能把一种量换成另一种；请改正 unit 或数字"),
                Mismatch::TooLarge => Diagnostic::error(
                    "unit-mismatch",
                    format!("{} in {} has more than 28 digits", r.text, r.unit),
                )
                .help("use a larger unit (亿元 instead of 元)")
                .zh(format!("{} 换算为{}后超过 28 位数字", r.text, r.unit))
                .help_zh("请改用更大的单位（如亿元而不是元）"),
            };
            out.push(d.at(&loc));
        }
        if !exact_in_excel(r.value) {
            out.push(
                Diagnostic::warning(
                    "value-not-exact-in-excel",
                    format!("{} has more than 15 significant digits: the workbook stores it as text, which a spreadsheet does not add up", r.text),
                )
                .help("Excel keeps 15 significant digits; if the figure is in a small unit, a larger one (万元, 亿元) keeps it a number")
                .zh(format!("{} 超过 15 位有效数字：指标表将其存为文本，电子表格不会参与计算", r.text))
                .help_zh("Excel 只保留 15 位有效数字；若单位较小，可改用万元、亿元等较大单位")
                .at(&r.loc),
            );
        }
    }
}

fn dates(report: &Report, out: &mut Vec<Diagnostic>) {
    let signed = report.signature.as_ref().and_then(|s| s.date);
    let published = report.publication.as_ref().and_then(|p| p.published_date);
    if let (Some(s), Some(p)) = (signed, published) {
        if s > p {
            let loc = report
                .signature
                .as_ref()
                .map(|s| s.loc.clone())
                .unwrap_or_default();
            out.push(
                Diagnostic::warning(
                    "date-order",
                    format!("成文日期 {} is after 发布日期 {}", s.chinese(), p.chinese()),
                )
                .help("a document is published after it is signed: check both dates")
                .zh(format!(
                    "成文日期 {} 晚于发布日期 {}",
                    s.chinese(),
                    p.chinese()
                ))
                .help_zh("公文先成文后发布，请核对两个日期")
                .at(&loc),
            );
        }
    }
}

pub fn fmt_num(v: Decimal) -> String {
    v.normalize().to_string()
}

/// Characters that the chosen fonts lack: one that only a fallback face has prints in a
/// different face; one that no face has would print as an empty box. Both are warnings so
/// that a build still goes through, but neither passes silently. Every printed part of the
/// report is looked at (head, title, addressee, body, tables, attachments, signature, 附注,
/// 版记), each in the font role it prints in; the characters of one place make one warning.
pub fn glyphs(report: &Report, fonts: &crate::fonts::FontSet) -> Vec<Diagnostic> {
    use crate::compose::{compose, spans_text, Content};
    use crate::fonts::Role;
    use crate::style::{Element, CAPTION_ROLE, SIGNER_NAME_ROLE, TABLE_HEADER_ROLE};
    // What is printed, in the face it is printed in: the composition every writer prints.
    let mut items: Vec<(Role, String, crate::model::Loc)> = Vec::new();
    for part in &compose(report).parts {
        let role = part.element.style().role;
        let mut add = |r: Role, t: String| {
            if !t.is_empty() {
                items.push((r, t, part.loc.clone()));
            }
        };
        match &part.content {
            Content::Blank => {}
            Content::Text(spans) => {
                // A run-in heading's text prints in the body face.
                let (own, other): (Vec<_>, Vec<_>) =
                    spans.iter().partition(|s| s.element == part.element);
                add(role, own.iter().map(|s| s.text.as_str()).collect());
                add(Role::Body, other.iter().map(|s| s.text.as_str()).collect());
            }
            Content::DocNumber { number, signers } => {
                add(role, number.clone());
                add(
                    Element::Signer.style().role,
                    crate::compose::SIGNER_LABEL.into(),
                );
                add(SIGNER_NAME_ROLE, signers.concat());
            }
            Content::Table(t) => {
                add(CAPTION_ROLE, t.caption.clone().unwrap_or_default());
                for (header, row) in t.all_rows() {
                    let r = if header { TABLE_HEADER_ROLE } else { role };
                    add(r, row.iter().map(|c| spans_text(c)).collect());
                }
            }
            other => add(role, other.text()),
        }
    }
    let listed = |chars: &[char]| {
        chars
            .iter()
            .map(|&c| format!("{c} (U+{:04X})", c as u32))
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    for (role, text, loc) in items {
        let missing = fonts.missing(role, &text);
        if !missing.is_empty() {
            let (en, zh) = match missing.as_slice() {
                [c] => (
                    format!("no font has the character {c} (U+{:04X})", *c as u32),
                    format!("没有任何字体包含字符 {c}（U+{:04X}）", *c as u32),
                ),
                many => (
                    format!("no font has the characters {}", listed(many).join(", ")),
                    format!(
                        "没有任何字体包含这些字符：{}",
                        many.iter()
                            .map(|&c| format!("{c}（U+{:04X}）", c as u32))
                            .collect::<Vec<_>>()
                            .join("、")
                    ),
                ),
            };
            out.push(
                Diagnostic::warning("missing-glyph", en)
                    .help("such characters print as empty boxes: install a font that has them and name it under `fonts:`, or replace them")
                    .zh(zh)
                    .help_zh("这样的字符会印成空白方框：请安装含有它们的字体并在 `fonts:` 下指定，或替换它们")
                    .at(&loc),
            );
        }
        for c in fonts.needs_fallback(role, &text) {
            out.push(
                Diagnostic::warning(
                    "fallback-glyph",
                    format!(
                        "{c} (U+{:04X}) is not in the {} font; it is printed from {}",
                        c as u32,
                        role.key(),
                        fonts.face_for_char(role, c).map_or("?", |f| f.family())
                    ),
                )
                .zh(format!(
                    "{c}（U+{:04X}）不在 {} 字体中，将用“{}”显示",
                    c as u32,
                    role.key(),
                    fonts.face_for_char(role, c).map_or("?", |f| f.family())
                ))
                .at(&loc),
            );
        }
    }
    out
}

/// 发文字号: 机关代字 + 〔year〕 + serial + 号, e.g. 普政发〔2026〕1号.
fn doc_number(report: &Report, out: &mut Vec<Diagnostic>) {
    let Some(n) = &report.head.doc_number else {
        return;
    };
    let loc = report.source_map.loc("head.doc_number");
    let mut warn = |en: String, zh: String, help_en: String, help_zh: String| {
        out.push(
            Diagnostic::warning("doc-number", en)
                .zh(zh)
                .help(help_en)
                .help_zh(help_zh)
                .at(&loc),
        )
    };
    let example = "普政发〔2026〕1号";
    let wrong = [
        '[', ']', '【', '】', '(', ')', '（', '）', '﹝', '﹞', '〈', '〉',
    ];
    if let Some(c) = n.chars().find(|c| wrong.contains(c)) {
        warn(
            format!("发文字号 {n} uses `{c}` around the year"),
            format!("发文字号 {n} 的年份用了“{c}”"),
            format!("the year goes in 〔 〕 (U+3014, U+3015): {example}"),
            format!("年份用六角括号〔〕括入：{example}"),
        );
        return;
    }
    let parsed = n.split_once('〔').and_then(|(code, rest)| {
        let (year, rest) = rest.split_once('〕')?;
        Some((code, year, rest.strip_suffix('号')?))
    });
    let Some((code, year, serial)) = parsed else {
        warn(
            format!("发文字号 {n} is not of the form 代字〔年份〕序号号"),
            format!("发文字号 {n} 不符合“机关代字〔年份〕序号号”的格式"),
            format!("write it as {example}"),
            format!("请写成 {example}"),
        );
        return;
    };
    if code.is_empty() || year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        warn(
            format!("发文字号 {n}: the year must be four digits after the 机关代字"),
            format!("发文字号 {n}：机关代字后应为四位年份"),
            format!("write it as {example}"),
            format!("请写成 {example}"),
        );
    }
    if let Some(s) = serial.strip_prefix('第') {
        warn(
            format!("发文字号 {n} writes 第 before the serial number"),
            format!("发文字号 {n} 的序号前加了“第”"),
            format!("leave 第 out: {code}〔{year}〕{s}号"),
            format!("不加“第”：{code}〔{year}〕{s}号"),
        );
    } else if serial.starts_with('0') {
        let fixed = format!("{code}〔{year}〕{}号", serial.trim_start_matches('0'));
        warn(
            format!("发文字号 {n} has leading zeros"),
            format!("发文字号 {n} 的序号有前导零"),
            format!("no leading zeros: {fixed}"),
            format!("序号不编虚位：{fixed}"),
        );
    } else if serial.is_empty() || !serial.bytes().all(|b| b.is_ascii_digit()) {
        warn(
            format!("发文字号 {n}: the serial number must be Arabic digits"),
            format!("发文字号 {n}：序号应为阿拉伯数字"),
            format!("write it as {example}"),
            format!("请写成 {example}"),
        );
    }
}

/// The issuers who sign should be the issuers in the red head.
fn issuers(report: &Report, out: &mut Vec<Diagnostic>) {
    let Some(sig) = &report.signature else { return };
    let head = &report.head.issuers;
    if head.is_empty() || sig.issuers.is_empty() {
        return;
    }
    let mut a: Vec<&String> = head.iter().collect();
    let mut b: Vec<&String> = sig.issuers.iter().collect();
    a.sort();
    b.sort();
    if a != b {
        out.push(
            Diagnostic::warning(
                "signature-issuer",
                format!(
                    "the signature ({}) differs from the issuer mark ({})",
                    sig.issuers.join("、"),
                    head.join("、")
                ),
            )
            .help("署名 and 发文机关标志 name the same issuers; check both")
            .zh(format!(
                "署名（{}）与发文机关标志（{}）不一致",
                sig.issuers.join("、"),
                head.join("、")
            ))
            .help_zh("署名与发文机关标志应为同样的机关，请核对")
            .at(&sig.loc),
        );
    }
}

/// A title set in 22 pt holds about 20 characters a line (156 mm / 7.76 mm); more than three
/// lines crowd the first page.
/// Counts the title's lines as the layout splits them: the type area less a character each
/// side at 22 pt, words kept whole by the segmenter. Without fonts a full-width character
/// counts one em and any other half of one, which is what the bundled faces give.
fn title(report: &Report, out: &mut Vec<Diagnostic>) {
    use crate::hanzi::is_wide;
    use crate::layout::{grid, title::line_count};
    let size = crate::style::Element::Title.style().size_pt;
    let max = (grid::width() - 2.0 * size) / size;
    let em = |s: &str| -> f32 { s.chars().map(|c| if is_wide(c) { 1.0 } else { 0.5 }).sum() };
    let lines: usize = match &report.title.lines {
        Some(l) => l.iter().map(|l| line_count(l, max, &em)).sum(),
        None => line_count(&report.title.text, max, &em),
    };
    if lines > 3 {
        out.push(
            Diagnostic::warning("long-title", format!("the title takes {lines} lines at 22 pt; the standard's titles take at most three"))
                .help("shorten the title")
                .zh(format!("标题以 22 磅排版需要 {lines} 行，标准的标题最多三行")).help_zh("请缩短标题").at(&report.title.loc),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifiers_bound_the_amount() {
        let v = Decimal::from(500);
        assert_eq!(bounds(v, ""), (v, Some(v)));
        assert_eq!(bounds(v, "余"), (v, None));
        assert_eq!(bounds(v, "不少于"), (v, None));
        assert_eq!(bounds(v, "不超过"), (Decimal::ZERO, Some(v)));
        assert_eq!(bounds(v, "近"), (Decimal::ZERO, Some(v)));
        assert_eq!(bounds(v, "约"), (Decimal::ZERO, None));
        assert_eq!(bounds(v, "左右"), (Decimal::ZERO, None));
    }

    fn title_lines(text: &str) -> Vec<Diagnostic> {
        let yaml = format!("title: {text}\nbody:\n  - 正文。\n");
        let report = crate::parse(&yaml, "t.yaml").expect("parses").report;
        let mut out = Vec::new();
        title(&report, &mut out);
        out
    }

    /// The lint measures the title as the layout splits it (about 18 characters a line at
    /// 22 pt, words whole), not at a fixed 20 characters: 60 characters take four lines.
    #[test]
    fn title_length_is_measured() {
        assert!(title_lines("普兰县2025年法治政府建设年度报告").is_empty());
        let long = "普兰县人民政府办公室关于全面推进依法行政加快建设法治政府进一步优化营商环境持续提升基层治理法治化水平的实施意见";
        assert_eq!(long.chars().count(), 55);
        // 55 characters fit 3 lines of 20 but not 3 lines of the 18 the type area holds.
        let d = title_lines(long);
        assert_eq!(d.len(), 1, "{d:?}");
    }
}
