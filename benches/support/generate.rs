//! Reports generated from the sample for the speed figures: a long report of a given number of
//! pages, and many distinct county reports. Deterministic: the same arguments give the same
//! YAML. Shared by the generator program (benches/support/gen_reports.rs) and the stage
//! benchmarks (benches/pipeline.rs), so both measure the same documents.

use std::collections::HashSet;

use serde_yaml::{Mapping, Value};

/// The sample every generated report is made from.
pub const SAMPLE: &str = include_str!("../../input/purang-2025.yaml");

/// Two-character county names, one per report of a batch; every character is in GB 2312 so
/// the bundled faces print it.
const FIRST: [&str; 10] = ["安", "宝", "昌", "德", "丰", "广", "和", "华", "嘉", "江"];
const SECOND: [&str; 10] = ["平", "宁", "山", "水", "阳", "源", "川", "溪", "林", "城"];

fn key(k: &str) -> Value {
    Value::String(k.to_string())
}

/// `text` with every indicator reference `{…|id}` renamed to `{…|id_<copy>}` (left as it is
/// without a copy), and the ids seen, renamed.
fn rename_ids(text: &str, copy: Option<usize>, ids: &mut HashSet<String>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(bar) = rest.find('|') {
        let after = &rest[bar + 1..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        out.push_str(&rest[..=bar]);
        if end > 0 && after[end..].starts_with('}') {
            let id = match copy {
                Some(copy) => format!("{}_{copy}", &after[..end]),
                None => after[..end].to_string(),
            };
            out.push_str(&id);
            ids.insert(id);
        } else {
            out.push_str(&after[..end]);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn rename_value(v: &Value, copy: Option<usize>, ids: &mut HashSet<String>) -> Value {
    match v {
        Value::String(s) => Value::String(rename_ids(s, copy, ids)),
        Value::Sequence(items) => {
            Value::Sequence(items.iter().map(|i| rename_value(i, copy, ids)).collect())
        }
        Value::Mapping(m) => Value::Mapping(
            m.iter()
                .map(|(k, v)| (k.clone(), rename_value(v, copy, ids)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn parse_sample() -> Mapping {
    match serde_yaml::from_str::<Value>(SAMPLE) {
        Ok(Value::Mapping(m)) => m,
        _ => unreachable!("the sample is a YAML mapping (its own tests read it)"),
    }
}

/// The sample with its first chapter (一、工作开展情况) made of `points` points: the chapter's
/// sections repeated in order, each repeat's indicators renamed `id_2`, `id_3` …, the last
/// section cut short, and only the indicators the text still marks listed. Every point is
/// about 0.4 page.
pub fn long_report(points: usize) -> String {
    let mut doc = parse_sample();
    let body = doc
        .get_mut(key("body"))
        .and_then(Value::as_sequence_mut)
        .expect("the sample has a body");
    let chapter = body
        .iter_mut()
        .find(|b| b.get("heading").is_some())
        .and_then(Value::as_mapping_mut)
        .expect("the sample has a chapter");
    let sections: Vec<Value> = chapter
        .get(key("body"))
        .and_then(Value::as_sequence)
        .expect("the chapter has sections")
        .clone();
    let mut out_sections = Vec::new();
    let mut left = points.max(1);
    let mut copies = 0;
    while left > 0 {
        copies += 1;
        for s in &sections {
            if left == 0 {
                break;
            }
            let mut s = if copies == 1 {
                s.clone()
            } else {
                rename_value(s, Some(copies), &mut HashSet::new())
            };
            if let Some(points) = s.get_mut("points").and_then(Value::as_sequence_mut) {
                points.truncate(left);
                left -= points.len();
            } else {
                left -= 1;
            }
            out_sections.push(s);
        }
    }
    chapter.insert(key("body"), Value::Sequence(out_sections));

    let mut used = HashSet::new();
    if let Some(body) = doc.get(key("body")) {
        rename_value(body, None, &mut used);
    }
    let original: Vec<(String, Mapping)> = doc
        .get(key("indicators"))
        .and_then(Value::as_mapping)
        .expect("the sample lists its indicators")
        .iter()
        .filter_map(|(id, info)| {
            let info = match info {
                Value::String(name) => {
                    let mut m = Mapping::new();
                    m.insert(key("name"), Value::String(name.clone()));
                    m
                }
                Value::Mapping(m) => m.clone(),
                _ => return None,
            };
            Some((id.as_str()?.to_string(), info))
        })
        .collect();
    let named = |id: &str, copy: usize| {
        if copy == 1 {
            id.to_string()
        } else {
            format!("{id}_{copy}")
        }
    };
    let is_used = |id: &str| used.contains(id);
    let mut indicators = Mapping::new();
    for copy in 1..=copies {
        for (id, info) in &original {
            let new_id = named(id, copy);
            if !is_used(&new_id) {
                continue;
            }
            let mut info = info.clone();
            if copy > 1 {
                if let Some(Value::String(name)) = info.get_mut(key("name")) {
                    name.push_str(&format!("（{copy}）"));
                }
            }
            if let Some(parent) = info.get(key("parent")).and_then(Value::as_str) {
                let parent = named(parent, copy);
                if is_used(&parent) {
                    info.insert(key("parent"), Value::String(parent));
                } else {
                    info.remove(key("parent"));
                }
            }
            // A breakdown said to be complete stays so only while all its parts are in the text.
            let part_cut = original.iter().any(|(part, i)| {
                i.get(key("parent")).and_then(Value::as_str) == Some(id.as_str())
                    && !is_used(&named(part, copy))
            });
            if part_cut {
                info.remove(key("complete"));
            }
            indicators.insert(key(&new_id), Value::Mapping(info));
        }
    }
    doc.insert(key("indicators"), Value::Mapping(indicators));
    serde_yaml::to_string(&Value::Mapping(doc)).expect("a YAML value serialises")
}

/// The `i`-th of a batch of distinct county reports (0 ≤ i < 100 gives distinct names; later
/// ones repeat them with another index number): the sample with the county's name and index
/// number changed.
pub fn county_report(i: usize) -> String {
    let name = format!("{}{}", FIRST[i / 10 % 10], SECOND[i % 10]);
    SAMPLE
        .replace("普兰", &name)
        .replace("pnx/2026-00010", &format!("c{i:03}/2026-00010"))
}

/// The number of pages of a report's PDF (laid out with the bundled fonts), or why it has none.
pub fn pages(yaml: &str, fonts: &gongwen::fonts::FontSet) -> Result<usize, String> {
    let loaded = gongwen::parse(yaml, "generated.yaml").map_err(|ds| {
        ds.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let doc = gongwen::layout::layout(&loaded.report, fonts).map_err(|d| d.to_string())?;
    Ok(doc.pages.len())
}

/// The shortest [`long_report`] of at least `target` pages, and its page count.
pub fn report_of_pages(
    target: usize,
    fonts: &gongwen::fonts::FontSet,
) -> Result<(String, usize), String> {
    // Pages grow with points; double, then bisect.
    let mut hi = 1;
    while pages(&long_report(hi), fonts)? < target {
        hi *= 2;
        if hi > 1 << 16 {
            return Err(format!("no report of {target} pages"));
        }
    }
    let mut lo = hi / 2;
    while lo + 1 < hi {
        let mid = (lo + hi) / 2;
        if pages(&long_report(mid), fonts)? < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let yaml = long_report(hi);
    let n = pages(&yaml, fonts)?;
    Ok((yaml, n))
}

/// A sentence of the sample, the text around each generated number.
pub const SENTENCE: &str = "压实主体责任。将法治政府建设纳入年度重点工作和绩效考核体系，与经济发展、民生保障等工作同部署、同推进、同考核。";
pub const UNITS: [&str; 5] = ["件", "次", "人次", "场次", "个"];

/// A report whose body states `n` marked numbers, `per_paragraph` to a paragraph, each named
/// under `indicators:` (names no catalogue concept matches, so the check draws no warning):
/// the scale of issue 17's check of 100,000 indicators.
pub fn indicators_report(n: usize, per_paragraph: usize) -> String {
    let mut y = String::from("title: 普兰县2025年法治政府建设年度报告\nbody:\n");
    for start in (0..n).step_by(per_paragraph) {
        let marks: Vec<String> = (start..n.min(start + per_paragraph))
            .map(|i| format!("完成事项{{{}{}|x{i}}}", i % 900 + 1, UNITS[i % 5]))
            .collect();
        y.push_str(&format!("  - {SENTENCE}{}。\n", marks.join("，")));
    }
    y.push_str("signature:\n  issuers: 普兰县人民政府\n  date: 2025-12-31\nindicators:\n");
    for i in 0..n {
        y.push_str(&format!("  x{i}: 完成事项{i}\n"));
    }
    y
}

/// YAML whose `headings` sections all point at one anchored list of ten long points: a file
/// of a few hundred kilobytes that stands for tens of megabytes once its aliases are
/// replaced (issue 17's 824 KB case at 20,000 headings).
pub fn aliases_report(headings: usize) -> String {
    let point = SENTENCE.repeat(3);
    let mut y = String::from(
        "title: 普兰县2025年法治政府建设年度报告\nbody:\n  - heading: 工作开展情况\n    points: &p\n",
    );
    for _ in 0..10 {
        y.push_str(&format!("      - {point}\n"));
    }
    for i in 0..headings {
        y.push_str(&format!("  - heading: 第{i}项工作\n    points: *p\n"));
    }
    y.push_str("signature:\n  issuers: 普兰县人民政府\n  date: 2025-12-31\n");
    y
}
