//! YAML → report model. The only module that knows the YAML format (and serde_yaml), so the
//! format can change without touching any writer. Every error names file:line:column.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::import::punct::{full_width, is_cjk};
use crate::indicators::parse_quantity;
use crate::model::*;

/// The largest source accepted: a real report is a few tens of kilobytes.
pub const MAX_SOURCE_BYTES: usize = 8 * 1024 * 1024;
/// Sections nest 一、 / （一） / 1. / （1）: four levels.
pub const MAX_LEVEL: u8 = 4;

// ---------------------------------------------------------------------------------------------
// The YAML format. Doc comments become the JSON Schema's descriptions, which editors show while
// the clerk types, so they are written for the clerk.

/// 一份公文（报告）的全部内容。gongwen 由此生成 PDF、DOCX 和指标表。
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "gongwen 报告")]
struct RawReport {
    /// 网站发布信息（索引号、发文字号、发文机构、名称、公文时效、发布日期）。只进入元数据和网页文本，不印在公文上。
    publication: Option<RawPublication>,
    /// 版头：份号、密级、紧急程度、发文机关标志、发文字号、签发人。
    head: Option<RawHead>,
    /// 标题。写成一行由程序自动分行（梯形或菱形）；写成列表则按列表分行。
    title: OneOrMany,
    /// 主送机关，不写结尾冒号，例如：县委、县政府
    addressee: Option<String>,
    /// 正文：段落（字符串）、层次（heading）、表格（table）。层次序号（一、（一）1.（1））由程序生成。
    body: Vec<RawBlock>,
    /// 附件：附件说明按此列出；有 body 的附件另起一页。
    attachments: Option<Vec<RawAttachment>>,
    /// 署名和成文日期。
    signature: Option<RawSignature>,
    /// 附注，不写括号，例如：此件公开发布
    note: Option<String>,
    /// 版记：抄送、印发机关、印发日期。
    imprint: Option<RawImprint>,
    /// 指标说明：正文中 {数字单位|编码} 标出的每个数字在此给出名称；其中项写 parent。
    indicators: Option<OrderedMap<StringOr<RawIndicator>>>,
    /// 指定字体（字体名称或文件路径），键为 title、body、heading1、heading2、page_number。
    fonts: Option<BTreeMap<String, String>>,
}

/// 网站发布信息
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawPublication {
    /// 索引号
    index_number: Option<String>,
    /// 发文字号（网站所列，可为空）
    doc_number: Option<String>,
    /// 发文机构
    publisher: Option<String>,
    /// 名称
    name: Option<String>,
    /// 公文时效
    validity: Option<String>,
    /// 发布日期，例如 2026-01-12
    published: Option<String>,
}

/// 版头
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawHead {
    /// 份号（6 位数字）
    copy_number: Option<String>,
    /// 密级：绝密、机密、秘密
    secrecy: Option<String>,
    /// 保密期限，例如 1年
    secrecy_period: Option<String>,
    /// 紧急程度：特急、加急
    urgency: Option<String>,
    /// 发文机关标志：一个或多个（联合行文）发文机关名称
    issuers: Option<OneOrMany>,
    /// 发文机关名称后的“文件”二字；不写则只印机关名称
    issuer_suffix: Option<String>,
    /// 发文字号，例如 普政发〔2026〕1号
    doc_number: Option<String>,
    /// 签发人（上行文）
    signers: Option<OneOrMany>,
    /// 上行文
    upward: Option<bool>,
}

/// 附件
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawAttachment {
    /// 附件名称
    title: String,
    /// 附件正文（可省略）
    body: Option<Vec<RawBlock>>,
}

/// 署名和成文日期
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawSignature {
    /// 署名：一个或多个发文机关
    issuers: OneOrMany,
    /// 成文日期，例如 2025-12-31
    date: Option<String>,
    /// 加盖印章
    sealed: Option<bool>,
}

/// 版记
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawImprint {
    /// 抄送机关
    cc: Option<OneOrMany>,
    /// 印发机关
    printer: String,
    /// 印发日期，例如 2026-01-12
    date: Option<String>,
}

/// 正文中的一项：字符串是一个段落；有 heading 的是一个层次；有 points 的是“一是……二是……”段落；有 table 的是表格。
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawBlockMap {
    /// 层次标题，不写序号。以句号结尾且有 text 或 points 时与正文同段（如“（一）强化组织领导。一是……”）。
    #[serde(default, deserialize_with = "present")]
    #[schemars(with = "Option<String>")]
    heading: Option<String>,
    /// 与标题同段的正文（或 points 之前的引语）
    text: Option<String>,
    /// 要点：程序在每条前加“一是”“二是”……，同一段落。
    points: Option<Vec<String>>,
    /// 下一级内容
    body: Option<Vec<RawBlock>>,
    /// 表格
    table: Option<RawTable>,
}

/// 表格
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawTable {
    /// 表题
    caption: Option<String>,
    /// 表头
    header: Option<Vec<String>>,
    /// 各行
    rows: Vec<Vec<String>>,
}

/// 指标说明
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    /// 指标名称
    name: String,
    /// “其中”分项所属的总数指标编码
    parent: Option<String>,
    /// 单位（覆盖正文中的单位，例如“投资2200万”写 万元）
    unit: Option<String>,
}

impl From<String> for RawIndicator {
    fn from(name: String) -> Self {
        RawIndicator {
            name,
            parent: None,
            unit: None,
        }
    }
}

/// `key:` with nothing after it is still the key written: an empty heading, not a missing one.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Some(Option::<String>::deserialize(d)?.unwrap_or_default()))
}

/// 一个文本，或文本列表
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // only the schema reads the variants' shape
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text or a list of texts")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<OneOrMany, A::Error> {
                Vec::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(OneOrMany::Many)
            }
        }
        d.deserialize_any(V)
    }
}

/// A plain text, or a mapping with more detail (a paragraph or a section; a name or an
/// indicator's full entry). Written by hand because serde's untagged enums lose the error
/// location and the unknown-key message.
enum StringOr<T> {
    Str(String),
    Map(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for StringOr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = StringOr<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text or a mapping")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(StringOr::Str(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(StringOr::Str(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(StringOr::Str(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(StringOr::Str(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(StringOr::Map)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for StringOr<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("StringOr{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let inner = generator.subschema_for::<T>();
        schemars::json_schema!({ "anyOf": [{ "type": "string" }, inner] })
    }
}

type RawBlock = StringOr<RawBlockMap>;

/// A mapping whose order is kept (serde_yaml's maps into BTreeMap would sort the keys).
struct OrderedMap<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Vis<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Vis<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, V>()? {
                    out.push((k, v));
                }
                Ok(OrderedMap(out))
            }
        }
        d.deserialize_map(Vis(PhantomData))
    }
}

impl<V: JsonSchema> JsonSchema for OrderedMap<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("MapOf{}", V::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let inner = generator.subschema_for::<V>();
        schemars::json_schema!({ "type": "object", "additionalProperties": inner })
    }
}

/// The JSON Schema of the YAML format, for editors (`# yaml-language-server: $schema=…`).
pub fn schema() -> String {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawReport>();
    serde_json::to_string_pretty(&schema).expect("a schema is plain JSON")
}

// ---------------------------------------------------------------------------------------------
// Loading

/// A loaded report and the warnings met on the way.
pub struct Loaded {
    pub report: Report,
    pub warnings: Vec<Diagnostic>,
    /// The YAML text, for quoting source lines in later messages without reading it again.
    pub source: String,
}

/// Parses a report. `file` is used in messages only.
pub fn parse(text: &str, file: &str) -> Result<Loaded, Vec<Diagnostic>> {
    let fail = |d: Diagnostic| Err(vec![d.in_file(file, text)]);
    if text.len() > MAX_SOURCE_BYTES {
        return fail(
            Diagnostic::error(
                "too-large",
                format!(
                    "the file is {} MB; a report source is at most {} MB",
                    text.len() >> 20,
                    MAX_SOURCE_BYTES >> 20
                ),
            )
            .help("check that this is the report's YAML file")
            .zh(format!(
                "文件有 {} MB；报告源文件最大 {} MB",
                text.len() >> 20,
                MAX_SOURCE_BYTES >> 20
            ))
            .help_zh("请确认这是报告的 YAML 文件"),
        );
    }
    let locs = match Locations::scan(text) {
        Ok(l) => l,
        Err(d) => return fail(*d),
    };
    let raw: RawReport = match serde_yaml::from_str(text) {
        Ok(r) => r,
        Err(e) => return fail(yaml_error(&e, &locs)),
    };
    let mut b = Builder {
        locs: &locs,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let report = b.report(raw);
    let mut errors = b.errors;
    let mut warnings = b.warnings;
    if errors.is_empty() {
        for d in crate::check::check(&report) {
            if d.is_error() {
                errors.push(d);
            } else {
                warnings.push(d);
            }
        }
    }
    warnings.sort_by_key(|d| (d.line, d.column));
    let finish = |v: Vec<Diagnostic>| {
        v.into_iter()
            .map(|d| d.in_file(file, text))
            .collect::<Vec<_>>()
    };
    if errors.is_empty() {
        Ok(Loaded {
            report,
            warnings: finish(warnings),
            source: text.to_string(),
        })
    } else {
        let mut all = finish(errors);
        all.extend(finish(warnings));
        Err(all)
    }
}

/// Reads and parses a report file.
pub fn load(path: &std::path::Path) -> Result<Loaded, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return Err(vec![Diagnostic::error(
                "unreadable",
                format!("cannot read {name}: {e}"),
            )
            .help("check the file name and that you may read it")
            .zh(format!("无法读取 {name}：{}", crate::diag::io_error_zh(&e)))
            .help_zh("请检查文件名以及是否有读取权限")])
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => parse(text.strip_prefix('\u{feff}').unwrap_or(&text), &name),
        Err(e) => {
            let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let mut d = Diagnostic::error("not-utf8", "the file is not UTF-8 text")
                .help("save it as UTF-8 (in Notepad: Save As → Encoding: UTF-8)")
                .zh("文件不是 UTF-8 编码的文本")
                .help_zh("请另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）");
            d.file = name;
            d.line = line;
            d.column = 1;
            Err(vec![d])
        }
    }
}

fn yaml_error(e: &serde_yaml::Error, locs: &Locations) -> Diagnostic {
    let full = e.to_string();
    // serde_yaml appends " at line L column C"; the location is shown on its own line.
    let msg = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    let (path, msg) = match msg.split_once(": ") {
        Some((p, m)) if !p.contains(' ') && !p.is_empty() => (Some(p.to_string()), m.to_string()),
        _ => (None, msg),
    };
    let mut d = if let Some((bad, expected)) = unknown_key(&msg) {
        let (keys, keys_zh) = (expected.join(", "), expected.join("、"));
        let d = Diagnostic::error("unknown-key", format!("unknown key `{bad}`"))
            .zh(format!("未知的键 `{bad}`"));
        match closest(&bad, &expected) {
            Some(s) => d
                .help(format!("did you mean `{s}`? (valid keys here: {keys})"))
                .help_zh(format!("是否应为 `{s}`？（此处可用的键：{keys_zh}）")),
            // A Chinese "key" is almost always a sentence with a half-width colon in it.
            None if !bad.is_ascii() => d
                .help(format!(
                    "this line reads as `key: value`; if it is text, write the colon full-width (：) or put the text in quotes (valid keys here: {keys})"
                ))
                .help_zh(format!(
                    "这一行被读成“键: 值”；如果是正文，请把冒号写成全角“：”，或给文字加引号（此处可用的键：{keys_zh}）"
                )),
            None => d
                .help(format!("valid keys here: {keys}"))
                .help_zh(format!("此处可用的键：{keys_zh}")),
        }
    } else if let Some(key) = msg.strip_prefix("missing field ") {
        Diagnostic::error("missing-key", format!("missing key {key}"))
            .zh(format!("缺少必需的键 {key}"))
    } else if msg.starts_with("invalid type") {
        let zh = wrong_type_zh(&msg);
        Diagnostic::error("wrong-type", msg).zh(zh)
    } else {
        Diagnostic::error("yaml", msg.clone())
            .help("a paragraph containing ': ' or ' #' must be quoted; use the full-width colon ： in Chinese text")
            .zh(format!("YAML 格式错误：{msg}"))
            .help_zh("含有“: ”或“ #”的段落须加引号；中文正文中请用全角冒号“：”")
    };
    d.path = path;
    if let Some(l) = e.location() {
        d.line = l.line();
        d.column = l.column();
    } else if let Some((line, col)) = d.path.as_deref().and_then(|p| locs.get(p)) {
        d.line = line;
        d.column = col;
    }
    d
}

/// "invalid type: string \"是\", expected a boolean" in the clerk's words.
fn wrong_type_zh(msg: &str) -> String {
    let found = msg
        .strip_prefix("invalid type: ")
        .and_then(|m| m.split(", expected ").next())
        .unwrap_or("");
    let expected = msg.split(", expected ").nth(1).unwrap_or("");
    let kind = |t: &str| -> String {
        if t.starts_with("string") || t.contains("text") {
            "文本".into()
        } else if t.starts_with("a sequence") || t.starts_with("sequence") || t.contains("list") {
            "列表".into()
        } else if t.contains("map") || t.starts_with("struct") {
            "键值映射".into()
        } else if t.contains("boolean") {
            "true 或 false".into()
        } else if t.contains("integer") || t.contains("number") || t.contains("float") {
            "数字".into()
        } else {
            t.to_string()
        }
    };
    format!(
        "类型不对：这里应为{}，实际是{}",
        kind(expected),
        kind(found)
    )
}

/// "unknown field `x`, expected one of `a`, `b`" → ("x", ["a", "b"])
fn unknown_key(msg: &str) -> Option<(String, Vec<String>)> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (bad, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((bad.to_string(), expected))
}

fn closest(bad: &str, candidates: &[String]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(bad, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.clone())
}

/// Line and column of every node, by YAML path. serde_yaml gives a location only for its own
/// errors; the checks that run after parsing find theirs here.
struct Locations {
    map: HashMap<String, (usize, usize)>,
}

impl Locations {
    fn scan(text: &str) -> Result<Locations, Box<Diagnostic>> {
        use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
        use yaml_rust2::scanner::Marker;

        enum Frame {
            Seq(usize),
            Map { key: Option<String> },
        }
        struct Rx {
            stack: Vec<(Frame, String)>,
            map: HashMap<String, (usize, usize)>,
            depth_error: bool,
        }
        impl Rx {
            /// The path of the node that starts now, and advance the parent.
            fn next_path(&mut self) -> Option<String> {
                let (frame, path) = self.stack.last_mut()?;
                match frame {
                    Frame::Seq(i) => {
                        let p = format!("{path}[{i}]");
                        *i += 1;
                        Some(p)
                    }
                    Frame::Map { key } => key.take().map(|k| {
                        if path.is_empty() {
                            k
                        } else {
                            format!("{path}.{k}")
                        }
                    }),
                }
            }
            fn is_key_position(&self) -> bool {
                matches!(self.stack.last(), Some((Frame::Map { key: None }, _)))
            }
        }
        impl MarkedEventReceiver for Rx {
            fn on_event(&mut self, ev: Event, mark: Marker) {
                let at = (mark.line(), mark.col() + 1);
                match ev {
                    Event::Scalar(value, ..) => {
                        if self.is_key_position() {
                            if let Some((Frame::Map { key }, _)) = self.stack.last_mut() {
                                *key = Some(value);
                            }
                        } else if let Some(p) = self.next_path() {
                            self.map.entry(p).or_insert(at);
                        }
                    }
                    Event::SequenceStart(..) | Event::MappingStart(..) => {
                        if self.stack.len() > 200 {
                            self.depth_error = true;
                            return;
                        }
                        let path = if self.stack.is_empty() {
                            Some(String::new())
                        } else {
                            self.next_path()
                        };
                        let path = path.unwrap_or_default();
                        self.map.entry(path.clone()).or_insert(at);
                        let frame = if matches!(ev, Event::SequenceStart(..)) {
                            Frame::Seq(0)
                        } else {
                            Frame::Map { key: None }
                        };
                        self.stack.push((frame, path));
                    }
                    Event::SequenceEnd | Event::MappingEnd => {
                        self.stack.pop();
                    }
                    Event::Alias(_) => {
                        self.next_path();
                    }
                    _ => {}
                }
            }
        }
        let mut rx = Rx {
            stack: Vec::new(),
            map: HashMap::new(),
            depth_error: false,
        };
        let mut parser = Parser::new_from_str(text);
        if let Err(e) = parser.load(&mut rx, false) {
            let m = e.marker();
            let mut d = Diagnostic::error("yaml", format!("this is not valid YAML: {}", e.info())).help(
                "check the indentation (spaces, not tabs) and quote any text that contains ': ' or ' #'",
            ).zh(format!("不是有效的 YAML：{}", e.info())).help_zh("请检查缩进（用空格，不用制表符）；含有“: ”或“ #”的文字须加引号");
            d.line = m.line();
            d.column = m.col() + 1;
            return Err(Box::new(d));
        }
        if rx.depth_error {
            return Err(Box::new(
                Diagnostic::error("too-deep", "the YAML nests more than 200 levels deep")
                    .help("a report nests at most four levels of sections")
                    .zh("YAML 嵌套超过 200 层")
                    .help_zh("报告的层次最多四级"),
            ));
        }
        Ok(Locations { map: rx.map })
    }

    fn get(&self, path: &str) -> Option<(usize, usize)> {
        self.map.get(path).copied()
    }

    fn loc(&self, path: &str) -> Loc {
        let (line, column) = self.get(path).unwrap_or((0, 0));
        Loc {
            path: path.to_string(),
            line,
            column,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Raw structures → model

struct Builder<'a> {
    locs: &'a Locations,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Builder<'_> {
    fn report(&mut self, raw: RawReport) -> Report {
        let publication = raw.publication.map(|p| {
            let published = p.published.unwrap_or_default();
            let published_date = if published.trim().is_empty() {
                None
            } else {
                let d = Date::parse(&published);
                if d.is_none() {
                    self.bad_date("publication.published", &published);
                }
                d
            };
            Publication {
                index_number: p.index_number.unwrap_or_default(),
                doc_number: p.doc_number.unwrap_or_default(),
                publisher: p.publisher.unwrap_or_default(),
                name: p.name.unwrap_or_default(),
                validity: p.validity.unwrap_or_default(),
                published,
                published_date,
            }
        });
        let head = raw.head.map(|h| Head {
            copy_number: h.copy_number,
            secrecy: h.secrecy,
            secrecy_period: h.secrecy_period,
            urgency: h.urgency,
            issuers: h.issuers.map(OneOrMany::into_vec).unwrap_or_default(),
            issuer_suffix: h.issuer_suffix,
            doc_number: h.doc_number,
            signers: h.signers.map(OneOrMany::into_vec).unwrap_or_default(),
            upward: h.upward.unwrap_or(false),
        });
        let title = match raw.title {
            OneOrMany::One(t) => Title {
                text: t.trim().to_string(),
                lines: None,
                loc: self.locs.loc("title"),
            },
            OneOrMany::Many(lines) => Title {
                text: lines.iter().map(|l| l.trim()).collect(),
                lines: Some(lines.iter().map(|l| l.trim().to_string()).collect()),
                loc: self.locs.loc("title"),
            },
        };
        if title.text.is_empty() {
            self.errors.push(
                Diagnostic::error("empty-title", "the title is empty")
                    .zh("标题为空")
                    .at(&title.loc),
            );
        }
        let addressee = raw
            .addressee
            .map(|a| a.trim().trim_end_matches(['：', ':']).to_string());
        let body = self.blocks(raw.body, "body", 1);
        let attachments = raw
            .attachments
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                let path = format!("attachments[{i}]");
                Attachment {
                    title: a.title.trim().to_string(),
                    body: self.blocks(a.body.unwrap_or_default(), &format!("{path}.body"), 1),
                    loc: self.locs.loc(&path),
                }
            })
            .collect();
        let signature = raw.signature.map(|s| Signature {
            issuers: s.issuers.into_vec(),
            date: s.date.and_then(|d| self.date("signature.date", &d)),
            sealed: s.sealed.unwrap_or(false),
            loc: self.locs.loc("signature"),
        });
        let imprint = raw.imprint.map(|i| Imprint {
            cc: i.cc.map(OneOrMany::into_vec).unwrap_or_default(),
            printer: i.printer,
            date: i.date.and_then(|d| self.date("imprint.date", &d)),
            loc: self.locs.loc("imprint"),
        });
        let indicator_info = raw
            .indicators
            .map(|m| m.0)
            .unwrap_or_default()
            .into_iter()
            .map(|(id, v)| {
                let raw = match v {
                    StringOr::Str(name) => RawIndicator::from(name),
                    StringOr::Map(m) => m,
                };
                IndicatorInfo {
                    loc: self.locs.loc(&format!("indicators.{id}")),
                    id,
                    name: raw.name,
                    parent: raw.parent,
                    unit: raw.unit,
                }
            })
            .collect();
        let fonts = raw.fonts.unwrap_or_default();
        for key in fonts.keys() {
            if !FONT_ROLES.contains(&key.as_str()) {
                let d = Diagnostic::error("unknown-key", format!("unknown font role `{key}`"))
                    .zh(format!("未知的字体角色 `{key}`"))
                    .at(&self.locs.loc(&format!("fonts.{key}")));
                let valid: Vec<String> = FONT_ROLES.iter().map(|s| s.to_string()).collect();
                let roles = FONT_ROLES.join(", ");
                let d = match closest(key, &valid) {
                    Some(s) => d
                        .help(format!("did you mean `{s}`? (roles: {roles})"))
                        .help_zh(format!("是否应为 `{s}`？（角色：{roles}）")),
                    None => d
                        .help(format!("roles: {roles}"))
                        .help_zh(format!("角色：{roles}")),
                };
                self.errors.push(d);
            }
        }
        Report {
            publication,
            head: head.unwrap_or_default(),
            title,
            addressee,
            body,
            attachments,
            signature,
            note: raw.note.map(|n| {
                n.trim()
                    .trim_start_matches('（')
                    .trim_end_matches('）')
                    .to_string()
            }),
            imprint,
            indicator_info,
            fonts,
            source_map: SourceMap(self.locs.map.clone()),
        }
    }

    fn date(&mut self, path: &str, text: &str) -> Option<Date> {
        let d = Date::parse(text);
        if d.is_none() {
            self.bad_date(path, text);
        }
        d
    }

    fn bad_date(&mut self, path: &str, text: &str) {
        self.errors.push(
            Diagnostic::error("invalid-date", format!("`{text}` is not a real date"))
                .help("write the date as 2025-12-31")
                .zh(format!("`{text}` 不是有效日期"))
                .help_zh("请写成 2025-12-31")
                .at(&self.locs.loc(path)),
        );
    }

    fn blocks(&mut self, raw: Vec<RawBlock>, path: &str, level: u8) -> Vec<Block> {
        let mut out = Vec::new();
        let mut ordinal = 0;
        for (i, item) in raw.into_iter().enumerate() {
            let path = format!("{path}[{i}]");
            match item {
                StringOr::Str(s) => out.push(Block::Paragraph(self.paragraph(&s, &path))),
                StringOr::Map(m) => {
                    if let Some(b) = self.block_map(m, &path, level, &mut ordinal) {
                        out.push(b);
                    }
                }
            }
        }
        out
    }

    fn block_map(
        &mut self,
        m: RawBlockMap,
        path: &str,
        level: u8,
        ordinal: &mut u32,
    ) -> Option<Block> {
        let loc = self.locs.loc(path);
        if let Some(t) = m.table {
            if m.heading.is_some() || m.text.is_some() || m.points.is_some() || m.body.is_some() {
                self.errors.push(
                    Diagnostic::error("mixed-block", "a table stands alone in its list item")
                        .help("put the heading, text or points in a list item of their own")
                        .zh("表格须单独作为一个列表项")
                        .help_zh("请把 heading、text 或 points 放在另一个列表项中")
                        .at(&loc),
                );
            }
            return Some(Block::Table(self.table(t, &format!("{path}.table"))));
        }
        let lead = match (&m.text, &m.points) {
            (None, None) => None,
            _ => Some(self.lead(m.text.as_deref(), m.points.as_deref(), path)),
        };
        let Some(heading) = m.heading else {
            if m.body.is_some() {
                self.errors.push(
                    Diagnostic::error(
                        "missing-key",
                        "`body` belongs to a section, which needs a `heading`",
                    )
                    .help("add `heading:` to this item, or move its body up one level")
                    .zh("`body` 属于层次，须有 `heading`")
                    .help_zh("为此项加上 `heading:`，或把 body 的内容上移一级")
                    .at(&loc),
                );
            }
            return lead.map(Block::Paragraph).or_else(|| {
                self.errors.push(
                    Diagnostic::error("empty-item", "this list item is empty")
                        .help("write a paragraph, or a `heading`, `points` or `table`")
                        .zh("此列表项为空")
                        .help_zh("请写一个段落，或 `heading`、`points`、`table`")
                        .at(&loc),
                );
                None
            });
        };
        *ordinal += 1;
        let heading_path = format!("{path}.heading");
        let heading_text = heading.trim();
        if heading_text.is_empty() {
            self.errors.push(
                Diagnostic::error(
                    "empty-section",
                    format!(
                        "section {} has no heading: its number would be printed with nothing after it, or the numbering would jump",
                        section_label(level, *ordinal)
                    ),
                )
                .help("write the heading, or delete the section")
                // An empty value has no position of its own: point at the item.
                .zh(format!("层次 {} 没有标题：序号后将什么也没有，或序号会跳号", section_label(level, *ordinal))).help_zh("请写出标题，或删除该层次").at(&Loc { path: heading_path.clone(), ..loc.clone() }),
            );
        }
        if level > MAX_LEVEL {
            self.errors.push(
                Diagnostic::error(
                    "too-deep",
                    "sections nest at most four levels (一、 （一） 1. （1）)",
                )
                .help("move this section up a level, or write it as a paragraph")
                .zh("层次最多四级（一、（一）1.（1））")
                .help_zh("请把此层次上移一级，或写成段落")
                .at(&loc),
            );
        }
        if lead.is_some() && !heading_text.ends_with(['。', '！', '？']) {
            self.warnings.push(
                Diagnostic::warning(
                    "run-in-heading",
                    format!(
                        "heading {}{heading_text} runs into its text but does not end with 。",
                        section_label(level, *ordinal)
                    ),
                )
                .help("end the heading with 。, or move the text under `body:` so the heading stands on its own line")
                .zh(format!("标题 {}{heading_text} 与正文同段，但没有以“。”结尾", section_label(level, *ordinal))).help_zh("在标题末尾加“。”，或把正文移到 `body:` 下，使标题单独成行").at(&self.locs.loc(&heading_path)),
            );
        }
        let body = self.blocks(
            m.body.unwrap_or_default(),
            &format!("{path}.body"),
            level + 1,
        );
        if lead.is_none() && body.is_empty() && !heading_text.is_empty() {
            self.warnings.push(
                Diagnostic::warning(
                    "empty-section",
                    format!(
                        "section {}{heading_text} has nothing under it",
                        section_label(level, *ordinal)
                    ),
                )
                .help("add `text`, `points` or `body`, or delete the section")
                .zh(format!(
                    "层次 {}{heading_text} 下面没有内容",
                    section_label(level, *ordinal)
                ))
                .help_zh("请加上 `text`、`points` 或 `body`，或删除该层次")
                .at(&loc),
            );
        }
        Some(Block::Section(Section {
            level: level.min(MAX_LEVEL),
            ordinal: *ordinal,
            heading: self.inlines(heading_text, &heading_path),
            lead,
            body,
            loc,
        }))
    }

    fn lead(&mut self, text: Option<&str>, points: Option<&[String]>, path: &str) -> Paragraph {
        let mut inlines = Vec::new();
        if let Some(t) = text {
            inlines.extend(self.inlines(t.trim(), &format!("{path}.text")));
        }
        for (i, p) in points.unwrap_or_default().iter().enumerate() {
            inlines.push(Inline::PointLabel(point_label(i as u32 + 1)));
            inlines.extend(self.inlines(p.trim(), &format!("{path}.points[{i}]")));
        }
        Paragraph {
            inlines,
            loc: self.locs.loc(path),
        }
    }

    fn paragraph(&mut self, text: &str, path: &str) -> Paragraph {
        Paragraph {
            inlines: self.inlines(text.trim(), path),
            loc: self.locs.loc(path),
        }
    }

    fn table(&mut self, t: RawTable, path: &str) -> Table {
        let cells = |row: Vec<String>, rpath: String, me: &mut Self| -> Vec<Vec<Inline>> {
            row.into_iter()
                .enumerate()
                .map(|(j, c)| me.inlines(c.trim(), &format!("{rpath}[{j}]")))
                .collect()
        };
        let header = t
            .header
            .map(|h| cells(h, format!("{path}.header"), self))
            .unwrap_or_default();
        let rows = t
            .rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| cells(r, format!("{path}.rows[{i}]"), self))
            .collect();
        Table {
            caption: t.caption,
            header,
            rows,
            loc: self.locs.loc(path),
        }
    }

    /// Text with indicator marks: `{500余人次|training}`. `{{` and `}}` stand for braces.
    fn inlines(&mut self, text: &str, path: &str) -> Vec<Inline> {
        let base = self.locs.loc(path);
        self.lint_text(text, &base);
        let mut out = Vec::new();
        let mut plain = String::new();
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|p| p.1) == Some('{') => {
                    chars.next();
                    plain.push('{');
                }
                '}' if chars.peek().map(|p| p.1) == Some('}') => {
                    chars.next();
                    plain.push('}');
                }
                '{' => {
                    let Some(len) = text[i + 1..].find('}') else {
                        self.errors.push(
                            Diagnostic::error(
                                "unclosed-mark",
                                "`{` opens an indicator mark that is never closed",
                            )
                            .help("write a number as {500余人次|id}; write a literal brace as {{")
                            .zh("指标标记的“{”没有对应的“}”")
                            .help_zh("数字写成 {500余人次|编码}；要写花括号本身请写 {{")
                            .at(&offset_loc(&base, text, i)),
                        );
                        plain.push_str(&text[i..]);
                        break;
                    };
                    let inner = &text[i + 1..i + 1 + len];
                    while chars.peek().is_some_and(|&(j, _)| j <= i + 1 + len) {
                        chars.next();
                    }
                    if !plain.is_empty() {
                        out.push(Inline::Text(std::mem::take(&mut plain)));
                    }
                    if let Some(q) = self.mark(inner, offset_loc(&base, text, i)) {
                        out.push(Inline::Indicator(q));
                    } else {
                        plain.push_str(inner);
                    }
                }
                _ => plain.push(c),
            }
        }
        if !plain.is_empty() {
            out.push(Inline::Text(plain));
        }
        out
    }

    fn mark(&mut self, inner: &str, loc: Loc) -> Option<Quantity> {
        let Some((printed, id)) = inner.split_once('|') else {
            self.errors.push(
                Diagnostic::error(
                    "bad-mark",
                    format!("the mark {{{inner}}} has no indicator id"),
                )
                .help(format!(
                    "write it as {{{inner}|some_id}} and name some_id under `indicators:`"
                ))
                .zh(format!("标记 {{{inner}}} 没有指标编码"))
                .help_zh(format!(
                    "写成 {{{inner}|编码}}，并在 `indicators:` 下给出该编码的名称"
                ))
                .at(&loc),
            );
            return None;
        };
        let id = id.trim();
        if id.is_empty() || id.chars().any(|c| c.is_whitespace() || "{}|".contains(c)) {
            self.errors.push(
                Diagnostic::error("bad-mark", format!("`{id}` is not a usable indicator id"))
                    .help("use letters, digits and _ (e.g. hotline_cases)")
                    .zh(format!("`{id}` 不能作为指标编码"))
                    .help_zh("请用字母、数字和下划线（如 hotline_cases）")
                    .at(&loc),
            );
            return None;
        }
        match parse_quantity(printed) {
            Ok(p) => Some(Quantity {
                id: id.to_string(),
                text: printed.to_string(),
                number: p.number,
                value: p.value,
                qualifier: p.qualifier,
                unit: p.unit,
                loc,
            }),
            Err(msg) => {
                self.errors.push(
                    Diagnostic::error("bad-mark", msg)
                        .zh(format!("标记中的“{printed}”不是可识别的数字"))
                        .help_zh("写成 500余人次、96.4%、万余次、不少于4次 等形式")
                        .at(&loc),
                );
                None
            }
        }
    }
}

impl Builder<'_> {
    /// Warnings about running text, located to the character: half-width punctuation between
    /// Chinese characters, and numbers that read like indicators but are not marked.
    fn lint_text(&mut self, text: &str, base: &Loc) {
        // Marks are masked so that their numbers (already marked) are not reported.
        let mut masked = String::with_capacity(text.len());
        let mut depth = 0;
        for c in text.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth > 0 => depth -= 1,
                _ => {}
            }
            masked.push(if depth > 0 || c == '}' { '\u{25A1}' } else { c });
        }
        let chars: Vec<char> = masked.chars().collect();
        let byte_at = |i: usize| text.char_indices().nth(i).map_or(text.len(), |(b, _)| b);
        let cjk = |c: Option<&char>| c.is_some_and(|&c| is_cjk(c));
        for (i, &c) in chars.iter().enumerate() {
            let Some(full) = full_width(c) else { continue };
            if cjk(i.checked_sub(1).and_then(|j| chars.get(j))) || cjk(chars.get(i + 1)) {
                self.warnings.push(
                    Diagnostic::warning(
                        "half-width-punctuation",
                        format!("half-width `{c}` between Chinese characters"),
                    )
                    .help(format!("official text uses the full-width `{full}`"))
                    .zh(format!("中文之间使用了半角“{c}”"))
                    .help_zh(format!("公文应使用全角“{full}”"))
                    .at(&offset_loc(base, text, byte_at(i))),
                );
            }
        }
        // A space between a number and Chinese text ("7 名", "共 12 件") is a habit of web and
        // spreadsheet copy; official text sets them tight.
        let raw: Vec<char> = text.chars().collect();
        for i in 1..raw.len().saturating_sub(1) {
            let (before, after) = (raw[i - 1], raw[i + 1]);
            let digit = |c: char| c.is_ascii_digit() || c == '%';
            if raw[i] == ' '
                && ((digit(before) && is_cjk(after)) || (is_cjk(before) && digit(after)))
            {
                self.warnings.push(
                    Diagnostic::warning("space-in-text", format!("a space between `{before}` and `{after}`"))
                        .help("official text sets numbers and Chinese characters without a space: delete it")
                        .zh(format!("“{before}”与“{after}”之间有空格"))
                        .help_zh("公文中数字与汉字之间不加空格，请删去")
                        .at(&offset_loc(base, text, byte_at(i))),
                );
            }
        }
        for f in crate::import::numbers::find(&masked).0 {
            let printed = &masked[f.start..f.end];
            let start = masked[..f.start].chars().count();
            self.warnings.push(
                Diagnostic::warning("unmarked-number", format!("the number {} is not marked as an indicator", printed))
                    .help(format!(
                        "write it as {{{}|some_id}} and name some_id under `indicators:`, so that it reaches the workbook",
                        printed
                    ))
                    .zh(format!("数字 {} 没有标记为指标", printed)).help_zh(format!("写成 {{{}|编码}}，并在 `indicators:` 下给出名称，这个数字才会进入指标表", printed)).at(&offset_loc(base, text, byte_at(start))),
            );
        }
    }
}

const FONT_ROLES: [&str; 5] = ["title", "body", "heading1", "heading2", "page_number"];

/// The location of byte `offset` of a scalar that starts at `base`. Exact for one-line
/// scalars; for multi-line ones it counts lines within the scalar's text.
fn offset_loc(base: &Loc, text: &str, offset: usize) -> Loc {
    if base.line == 0 {
        return base.clone();
    }
    let before = &text[..offset];
    let newlines = before.matches('\n').count();
    let column = if newlines == 0 {
        base.column + before.chars().count()
    } else {
        before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1
    };
    Loc {
        path: base.path.clone(),
        line: base.line + newlines,
        column,
    }
}
