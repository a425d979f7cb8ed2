//! Printed quantities: `500余人次`, `96.4%`, `万余次`, `不少于4次`, `二十五项`. The reader takes
//! a marked number apart with these rules and the importer finds unmarked ones with them, so both
//! read a number the same way.

/// Words that make a number approximate or a bound. Kept with the number: 500余人次 is not 500人次.
pub const PREFIX_QUALIFIERS: [&str; 8] = [
    "不少于",
    "不低于",
    "不超过",
    "不到",
    "超过",
    "逾",
    "近",
    "约",
];
pub const SUFFIX_QUALIFIERS: [&str; 4] = ["余", "多", "以上", "左右"];

/// The parts of a printed quantity such as `500余人次`, `96.4%`, `万余次`, `不少于4次`.
#[derive(Clone, Debug, PartialEq)]
pub struct Parts {
    pub number: String,
    pub value: f64,
    pub qualifier: String,
    pub unit: String,
}

/// Reads a printed quantity. Errors say what was expected, for the clerk.
pub fn parse_quantity(text: &str) -> Result<Parts, String> {
    let mut rest = text.trim();
    let mut qualifier = String::new();
    if let Some(q) = PREFIX_QUALIFIERS.iter().find(|q| rest.starts_with(**q)) {
        qualifier.push_str(q);
        rest = rest[q.len()..].trim_start();
    }
    let (number, value, after) = if rest.starts_with(|c: char| c.is_ascii_digit()) {
        let end = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == ','))
            .map_or(rest.len(), |(i, _)| i);
        let digits = rest[..end].trim_end_matches(['.', ',']);
        let value: f64 = digits
            .replace(',', "")
            .parse()
            .map_err(|_| format!("`{digits}` is not a number"))?;
        (digits.to_string(), value, &rest[digits.len()..])
    } else {
        let end = rest
            .char_indices()
            .find(|&(_, c)| chinese_digit(c).is_none())
            .map_or(rest.len(), |(i, _)| i);
        let numeral = &rest[..end];
        let value = chinese_value(numeral).ok_or_else(|| {
            format!("`{text}` does not contain a number (write it as 500余人次, 96.4%, 万余次, 不少于4次)")
        })?;
        (numeral.to_string(), value, &rest[end..])
    };
    // Published text sometimes has a space before the unit (18 次): the unit is still 次.
    let mut unit = after.trim_start();
    if let Some(q) = SUFFIX_QUALIFIERS.iter().find(|q| unit.starts_with(**q)) {
        qualifier.push_str(q);
        unit = unit[q.len()..].trim_start();
    }
    Ok(Parts {
        number,
        value,
        qualifier,
        unit: unit.to_string(),
    })
}

fn chinese_digit(c: char) -> Option<u32> {
    "零一二两三四五六七八九十百千万亿".find(c).map(|_| c as u32)
}

/// 十 → 10, 二十五 → 25, 百 → 100, 三千 → 3000, 万 → 10000, 一万二千 → 12000.
fn chinese_value(s: &str) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|v| v as f64)
            .or((c == '两').then_some(2.0))
    };
    let (mut total, mut section, mut current) = (0.0, 0.0, 0.0);
    for c in s.chars() {
        if let Some(d) = digit(c) {
            current = d;
            continue;
        }
        let unit = match c {
            '十' => 10.0,
            '百' => 100.0,
            '千' => 1000.0,
            '万' => 10_000.0,
            '亿' => 100_000_000.0,
            _ => return None,
        };
        if unit >= 10_000.0 {
            section += current;
            total += if section == 0.0 { 1.0 } else { section } * unit;
            section = 0.0;
        } else {
            section += if current == 0.0 { 1.0 } else { current } * unit;
        }
        current = 0.0;
    }
    Some(total + section + current)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> (String, f64, String, String) {
        let p = parse_quantity(s).unwrap();
        (p.number, p.value, p.qualifier, p.unit)
    }

    #[test]
    fn qualifiers_are_never_lost() {
        assert_eq!(
            parts("500余人次"),
            ("500".into(), 500.0, "余".into(), "人次".into())
        );
        assert_eq!(
            parts("4000多人"),
            ("4000".into(), 4000.0, "多".into(), "人".into())
        );
        assert_eq!(
            parts("万余次"),
            ("万".into(), 10000.0, "余".into(), "次".into())
        );
        assert_eq!(parts("近百"), ("百".into(), 100.0, "近".into(), "".into()));
        assert_eq!(
            parts("不少于4次"),
            ("4".into(), 4.0, "不少于".into(), "次".into())
        );
        assert_eq!(parts("96.4%"), ("96.4".into(), 96.4, "".into(), "%".into()));
        assert_eq!(
            parts("2200万"),
            ("2200".into(), 2200.0, "".into(), "万".into())
        );
        assert_eq!(
            parts("1,075万元"),
            ("1,075".into(), 1075.0, "".into(), "万元".into())
        );
        assert_eq!(
            parts("二十五项"),
            ("二十五".into(), 25.0, "".into(), "项".into())
        );
        assert_eq!(parts("18 次"), ("18".into(), 18.0, "".into(), "次".into()));
        assert_eq!(
            parts("不少于 6 次"),
            ("6".into(), 6.0, "不少于".into(), "次".into())
        );
        assert!(parse_quantity("余次").is_err());
    }
}
