//! The YAML format as serde structs. Doc comments become the JSON Schema's descriptions, which
//! editors show while the clerk types, so they are written for the clerk.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// 一份公文（报告）的全部内容。gongwen 由此生成 PDF、DOCX 和指标表。
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "gongwen 报告")]
pub(super) struct RawReport {
    /// 网站发布信息（索引号、发文字号、发文机构、名称、公文时效、发布日期）。只进入元数据和网页文本，不印在公文上。
    pub(super) publication: Option<RawPublication>,
    /// 版头：份号、密级、紧急程度、发文机关标志、发文字号、签发人。
    pub(super) head: Option<RawHead>,
    /// 标题。写成一行由程序自动分行（梯形或菱形）；写成列表则按列表分行。
    pub(super) title: OneOrMany,
    /// 主送机关，不写结尾冒号，例如：县委、县政府
    pub(super) addressee: Option<String>,
    /// 正文：段落（字符串）、层次（heading）、表格（table）。层次序号（一、（一）1.（1））由程序生成。
    pub(super) body: Vec<RawBlock>,
    /// 附件：附件说明按此列出；有 body 的附件另起一页。
    pub(super) attachments: Option<Vec<RawAttachment>>,
    /// 署名和成文日期。
    pub(super) signature: Option<RawSignature>,
    /// 附注，不写括号，例如：此件公开发布
    pub(super) note: Option<String>,
    /// 版记：抄送、印发机关、印发日期。
    pub(super) imprint: Option<RawImprint>,
    /// 指标说明：正文中 {数字单位|编码} 标出的每个数字在此给出名称；其中项写 parent。
    pub(super) indicators: Option<OrderedMap<StringOr<RawIndicator>>>,
    /// 指定字体（字体名称或文件路径），键为 title、body、heading1、heading2、page_number。
    pub(super) fonts: Option<BTreeMap<String, String>>,
}

/// 网站发布信息
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPublication {
    /// 索引号
    pub(super) index_number: Option<String>,
    /// 发文字号（网站所列，可为空）
    pub(super) doc_number: Option<String>,
    /// 发文机构
    pub(super) publisher: Option<String>,
    /// 名称
    pub(super) name: Option<String>,
    /// 公文时效
    pub(super) validity: Option<String>,
    /// 发布日期，例如 2026-01-12
    pub(super) published: Option<String>,
}

/// 版头
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHead {
    /// 份号（6 位数字）
    pub(super) copy_number: Option<String>,
    /// 密级：绝密、机密、秘密
    pub(super) secrecy: Option<String>,
    /// 保密期限，例如 1年
    pub(super) secrecy_period: Option<String>,
    /// 紧急程度：特急、加急
    pub(super) urgency: Option<String>,
    /// 发文机关标志：一个或多个（联合行文）发文机关名称
    pub(super) issuers: Option<OneOrMany>,
    /// 发文机关名称后的“文件”二字；不写则只印机关名称
    pub(super) issuer_suffix: Option<String>,
    /// 藏汉双语发文机关标志的藏文行，印在汉文机关名称之上，例如 སྤུ་ཧྲེང་རྫོང་མི་དམངས་སྲིད་གཞུང་།
    pub(super) issuer_tibetan: Option<String>,
    /// 发文字号，例如 普政发〔2026〕1号
    pub(super) doc_number: Option<String>,
    /// 签发人（上行文）
    pub(super) signers: Option<OneOrMany>,
    /// 上行文
    pub(super) upward: Option<bool>,
}

/// 附件
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAttachment {
    /// 附件名称
    pub(super) title: String,
    /// 附件正文（可省略）
    pub(super) body: Option<Vec<RawBlock>>,
}

/// 署名和成文日期
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSignature {
    /// 署名：一个或多个发文机关
    pub(super) issuers: OneOrMany,
    /// 成文日期，例如 2025-12-31
    pub(super) date: Option<String>,
    /// 加盖印章
    pub(super) sealed: Option<bool>,
}

/// 版记
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawImprint {
    /// 抄送机关
    pub(super) cc: Option<OneOrMany>,
    /// 印发机关
    pub(super) printer: String,
    /// 印发日期，例如 2026-01-12
    pub(super) date: Option<String>,
}

/// 正文中的一项：字符串是一个段落；有 heading 的是一个层次；有 points 的是“一是……二是……”段落；有 table 的是表格。
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBlockMap {
    /// 层次标题，不写序号。以句号结尾且有 text 或 points 时与正文同段（如“（一）强化组织领导。一是……”）。
    #[serde(default, deserialize_with = "present")]
    #[schemars(with = "Option<String>")]
    pub(super) heading: Option<String>,
    /// 与标题同段的正文（或 points 之前的引语）
    pub(super) text: Option<String>,
    /// 要点：程序在每条前加“一是”“二是”……，同一段落。
    pub(super) points: Option<Vec<String>>,
    /// 下一级内容
    pub(super) body: Option<Vec<RawBlock>>,
    /// 表格
    pub(super) table: Option<RawTable>,
}

/// 表格
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTable {
    /// 表题
    pub(super) caption: Option<String>,
    /// 表头
    pub(super) header: Option<Vec<String>>,
    /// 各行
    pub(super) rows: Vec<Vec<String>>,
}

/// 指标说明
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIndicator {
    /// 指标名称
    pub(super) name: String,
    /// “其中”分项所属的总数指标编码
    pub(super) parent: Option<String>,
    /// 单位（覆盖正文中的单位，例如“投资2200万”写 万元）
    pub(super) unit: Option<String>,
    /// “其中”分项是否列全：true 时各分项之和必须等于本指标；默认各分项之和不超过本指标即可（正文常只列出部分分项）
    #[serde(default)]
    pub(super) complete: bool,
    /// 对应的指标目录编码（编码本身不是目录编码时填写，例如 rec_received），各地报告据此对比汇总
    pub(super) catalogue: Option<String>,
    /// 数字类别：target 目标（下一年度安排、不少于、力争）；change 同比变化；不写即本年实际数
    pub(super) kind: Option<RawKind>,
}

/// 数字类别
#[derive(Deserialize, JsonSchema, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub(super) enum RawKind {
    /// 本年实际数（计数）
    Count,
    /// 比率（%）
    Rate,
    /// 金额
    Amount,
    /// 同比变化（同比增长8.3%、下降2个百分点）
    Change,
    /// 目标（下一年度安排、不少于、力争）
    Target,
}

impl From<String> for RawIndicator {
    fn from(name: String) -> Self {
        RawIndicator {
            name,
            parent: None,
            unit: None,
            catalogue: None,
            kind: None,
            complete: false,
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
pub(super) enum OneOrMany {
    One(String),
    Many(Vec<String>),
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
pub(super) enum StringOr<T> {
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

pub(super) type RawBlock = StringOr<RawBlockMap>;

/// A mapping whose order is kept (serde_yaml's maps into BTreeMap would sort the keys).
pub(super) struct OrderedMap<V>(pub(super) Vec<(String, V)>);

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
