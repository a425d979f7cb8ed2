//! Printed quantities: `500余人次`, `96.4%`, `万余次`, `不少于4次`, `二十五项`. The reader takes
//! a marked number apart with these rules and the importer finds unmarked ones with them, so both
//! read a number the same way.
//!
//! Values are exact decimals, never floating point: 0.1 + 0.2 is 0.3 in a 其中 sum, and a
//! 25-digit number keeps every digit.

use rust_decimal::Decimal;

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
    pub value: Decimal,
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
        let after = &rest[digits.len()..];
        (digits.to_string(), arabic_value(digits, after)?, after)
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

/// The value of Arabic digits as printed: `1,075` with thousands separators in groups of
/// three, `96.4`. Anything a reader could take for another number is refused rather than
/// guessed at: `1,2,3`, `1.2.3`, and scientific notation (`1e10`), which no report prints.
fn arabic_value(digits: &str, after: &str) -> Result<Decimal, String> {
    let mut exponent = after.strip_prefix(['e', 'E']).unwrap_or("");
    exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    if exponent.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(format!(
            "`{digits}{after}` is scientific notation; write the number out in digits (10000000000, or 100亿)"
        ));
    }
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped || fraction.contains([',', '.']) {
        return Err(format!(
            "`{digits}` is not a number (separate thousands in groups of three: 1,020; one decimal point: 96.4)"
        ));
    }
    let plain = format!("{}.{fraction}", groups.concat());
    let plain = plain.trim_end_matches('.');
    Decimal::from_str_exact(plain)
        .map(|v| v.normalize())
        .map_err(|_| format!("`{digits}` has more digits than can be kept exactly (at most 28)"))
}

fn chinese_digit(c: char) -> Option<u32> {
    "零一二两三四五六七八九十百千万亿".find(c).map(|_| c as u32)
}

/// 十 → 10, 二十五 → 25, 百 → 100, 三千 → 3000, 万 → 10000, 一万二千 → 12000.
fn chinese_value(s: &str) -> Option<Decimal> {
    if s.is_empty() {
        return None;
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|v| v as u128)
            .or((c == '两').then_some(2))
    };
    let (mut total, mut section, mut current) = (0u128, 0u128, 0u128);
    for c in s.chars() {
        if let Some(d) = digit(c) {
            current = d;
            continue;
        }
        let unit: u128 = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            '亿' => 100_000_000,
            _ => return None,
        };
        if unit == 100_000_000 {
            // 亿 scales everything before it: 万亿 is 10^12, 一亿二千万 keeps its 一.
            let before = total.checked_add(section + current)?.max(1);
            total = before.checked_mul(unit)?;
            section = 0;
        } else if unit == 10_000 {
            total = total.checked_add((section + current).max(1).checked_mul(unit)?)?;
            section = 0;
        } else {
            section += current.max(1) * unit;
        }
        current = 0;
    }
    let n = total.checked_add(section + current)?;
    Decimal::from_str_exact(&n.to_string()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> (String, f64, String, String) {
        let p = parse_quantity(s).unwrap();
        let v = p.value.to_string().parse().unwrap();
        (p.number, v, p.qualifier, p.unit)
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

    #[test]
    fn values_are_exact() {
        let v = |s: &str| parse_quantity(s).unwrap().value.to_string();
        assert_eq!(
            v("1234567890123456789012345个"),
            "1234567890123456789012345"
        );
        assert_eq!(v("96.40%"), "96.4");
        assert_eq!(v("0.1亿元"), "0.1");
        assert_eq!(v("一万二千"), "12000");
        assert_eq!(v("万亿"), "1000000000000");
        assert_eq!(v("一亿二千万"), "120000000");
        assert_eq!(v("三万五千"), "35000");
        assert_eq!(v("100.次"), "100");
    }

    #[test]
    fn non_numbers_are_refused() {
        for bad in [
            "1e10个",
            "2E+3件",
            "1,2,3件",
            "12,34件",
            "1.2.3件",
            "个",
            "",
            "1,0200元",
        ] {
            assert!(parse_quantity(bad).is_err(), "{bad}");
        }
        assert!(parse_quantity("12345678901234567890123456789012元").is_err());
    }
}
