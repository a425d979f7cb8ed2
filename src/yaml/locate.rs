//! Where things are in the YAML text: the line and column of every node, and serde_yaml's
//! errors told in the clerk's words.

use std::collections::HashMap;

use super::aliases::Expansion;
use crate::diag::Diagnostic;
use crate::model::Loc;

pub(super) fn yaml_error(e: &serde_yaml::Error, locs: &Locations) -> Diagnostic {
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

pub(super) fn closest(bad: &str, candidates: &[String]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(bad, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.clone())
}

/// Line and column of every node, by YAML path. serde_yaml gives a location only for its own
/// errors; the checks that run after parsing find theirs here.
pub(super) struct Locations {
    pub(super) map: HashMap<String, (usize, usize)>,
}

impl Locations {
    pub(super) fn scan(text: &str) -> Result<Locations, Box<Diagnostic>> {
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
            expansion: Expansion,
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
                    Event::Scalar(value, _, anchor, _) => {
                        self.expansion.scalar(&value, anchor);
                        if self.is_key_position() {
                            if let Some((Frame::Map { key }, _)) = self.stack.last_mut() {
                                *key = Some(value);
                            }
                        } else if let Some(p) = self.next_path() {
                            self.map.entry(p).or_insert(at);
                        }
                    }
                    Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                        self.expansion.open(anchor);
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
                        self.expansion.close();
                        self.stack.pop();
                    }
                    Event::Alias(anchor) => {
                        self.expansion.alias(anchor, at);
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
            expansion: Expansion::for_text(text.len()),
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
        if let Some(d) = rx.expansion.error() {
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

    pub(super) fn get(&self, path: &str) -> Option<(usize, usize)> {
        self.map.get(path).copied()
    }

    pub(super) fn loc(&self, path: &str) -> Loc {
        let (line, column) = self.get(path).unwrap_or((0, 0));
        Loc {
            path: path.to_string(),
            line,
            column,
        }
    }
}

/// The location of byte `offset` of a scalar that starts at `base`. Exact for one-line
/// scalars; for multi-line ones it counts lines within the scalar's text.
pub(super) fn offset_loc(base: &Loc, text: &str, offset: usize) -> Loc {
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

/// [`offset_loc`] for many offsets of one scalar, read on from the last one asked: a
/// paragraph may hold thousands of marks or warnings, and counting each one's characters from
/// the start would take time in the square of the paragraph's length.
pub(super) struct LocCursor<'a> {
    base: &'a Loc,
    text: &'a str,
    /// Bytes of `text` read so far.
    at: usize,
    newlines: usize,
    /// Characters read since the last line break (or the start).
    column: usize,
}

impl<'a> LocCursor<'a> {
    pub(super) fn new(base: &'a Loc, text: &'a str) -> LocCursor<'a> {
        LocCursor {
            base,
            text,
            at: 0,
            newlines: 0,
            column: 0,
        }
    }

    /// The location of byte `offset`; offsets asked in increasing order cost their distance.
    pub(super) fn loc(&mut self, offset: usize) -> Loc {
        if self.base.line == 0 {
            return self.base.clone();
        }
        if offset < self.at {
            *self = LocCursor::new(self.base, self.text);
        }
        for c in self.text[self.at..offset].chars() {
            if c == '\n' {
                self.newlines += 1;
                self.column = 0;
            } else {
                self.column += 1;
            }
        }
        self.at = offset;
        Loc {
            path: self.base.path.clone(),
            line: self.base.line + self.newlines,
            column: if self.newlines == 0 {
                self.base.column + self.column
            } else {
                self.column + 1
            },
        }
    }
}

/// Where each character of a scalar's value stands in the YAML text, and which spaces of the
/// value are line breaks that YAML folded. serde_yaml gives neither: escapes (`"\u0007"`),
/// quotes and folded lines shift every character after them.
pub(super) struct ScalarMap {
    /// (line, column) of each character of the value, 1-based, in characters.
    pub(super) at: Vec<(usize, usize)>,
    pub(super) folded: Vec<bool>,
}

impl ScalarMap {
    /// The value with its folded line breaks given back: YAML turned them into spaces, but
    /// they join Chinese text without one.
    pub(super) fn unfold(&self, value: &str) -> String {
        value
            .chars()
            .zip(&self.folded)
            .map(|(c, &f)| if f && c == ' ' { '\n' } else { c })
            .collect()
    }
}

/// Follows the scalar that starts at `base` through the YAML text's `lines`, character by
/// character, until it has accounted for every character of `value`. `None` when the text
/// there does not read back as `value` (a folded `>` block, tags, anything unexpected): callers
/// then fall back to counting within the value. Only the scalar's own lines are read.
pub(super) fn scalar_map(lines: &[&str], base: &Loc, value: &str) -> Option<ScalarMap> {
    if base.line == 0 || value.is_empty() {
        return None;
    }
    let want: Vec<char> = value.chars().collect();
    let (mut line, mut col) = (base.line - 1, base.column.checked_sub(1)?);
    let mut cur: Vec<char> = lines.get(line)?.chars().collect();
    let first = *cur.get(col)?;
    let mut map = ScalarMap {
        at: Vec::with_capacity(want.len()),
        folded: Vec::with_capacity(want.len()),
    };
    let push = |map: &mut ScalarMap, line: usize, col: usize, folded: bool| {
        map.at.push((line + 1, col + 1));
        map.folded.push(folded);
    };
    // A block scalar's position is that of its first content line; its header is the end of
    // the line before.
    let header = line
        .checked_sub(1)
        .and_then(|l| lines.get(l))
        .map(|l| l.split(" #").next().unwrap_or_default().trim_end())
        .unwrap_or_default()
        .trim_end_matches(|c: char| c == '-' || c == '+' || c.is_ascii_digit());
    if header.ends_with('>') && !matches!(first, '"' | '\'') {
        return None;
    }
    if header.ends_with('|') && !matches!(first, '"' | '\'') {
        // A literal block keeps its lines: value line k is source line k of the block,
        // behind the block's indentation.
        let (mut k, mut c) = (0, 0);
        let mut source = cur;
        for &ch in &want {
            if ch == '\n' {
                push(&mut map, line + k, col + c, false);
                k += 1;
                c = 0;
                source = lines
                    .get(line + k)
                    .map_or_else(Vec::new, |l| l.chars().collect());
                continue;
            }
            if source.get(col + c) != Some(&ch) {
                return None;
            }
            push(&mut map, line + k, col + c, false);
            c += 1;
        }
        return Some(map);
    }
    let quote = matches!(first, '"' | '\'').then_some(first);
    if quote.is_some() {
        col += 1;
    }
    while map.at.len() < want.len() {
        let Some(&ch) = cur.get(col) else {
            // The end of a source line inside the scalar: a line break, folded.
            let mut breaks = 0;
            loop {
                line += 1;
                breaks += 1;
                cur = lines.get(line)?.chars().collect();
                col = cur.iter().take_while(|c| c.is_whitespace()).count();
                if col < cur.len() {
                    break;
                }
            }
            let made = if breaks == 1 { 1 } else { breaks - 1 };
            for _ in 0..made {
                push(&mut map, line, col, breaks == 1);
            }
            continue;
        };
        if ch.is_whitespace() && cur[col..].iter().all(|c| c.is_whitespace()) {
            // Spaces before a line break are not part of the value.
            col = cur.len();
            continue;
        }
        let next = cur.get(col + 1).copied();
        match (quote, ch) {
            (Some('"'), '\\') => {
                let len = match next? {
                    'x' => 4,
                    'u' => 6,
                    'U' => 10,
                    _ => 2,
                };
                push(&mut map, line, col, false);
                col += len;
            }
            (Some('\''), '\'') if next == Some('\'') => {
                push(&mut map, line, col, false);
                col += 2;
            }
            _ => {
                if want[map.at.len()] != ch {
                    return None;
                }
                push(&mut map, line, col, false);
                col += 1;
            }
        }
    }
    Some(map)
}
