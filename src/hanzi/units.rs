//! Units as a report writes them: a magnitude (千, 万, 亿, 万亿 …) before a base (元, 人次,
//! 件 …). 1.2亿元 and 12000万元 are the same amount, so an override (`unit: 万元`) or a 其中 sum
//! across 万元 and 亿元 converts the value instead of relabelling it.

use rust_decimal::Decimal;

/// Magnitude words and their powers of ten, longest first so that 万亿 is not read as 万 + 亿.
/// A bare 十 or 百 is left out: 百分点 and 十字路口 are not magnitudes.
const MAGNITUDES: [(&str, u32); 10] = [
    ("万亿", 12),
    ("千亿", 11),
    ("百亿", 10),
    ("十亿", 9),
    ("千万", 7),
    ("百万", 6),
    ("十万", 5),
    ("亿", 8),
    ("万", 4),
    ("千", 3),
];

/// Bases that measure something (money, a share, a length, an area, a weight, a time); two
/// different ones can never stand for each other. Any other base is a measure word for
/// something counted (件, 场, 场次, 人 …), and one may be renamed to another (场 → 场次).
const MEASURED: [&[&str]; 6] = [
    &["元"],
    &["%", "％", "‰", "个百分点"],
    &["米", "公里", "千米"],
    &["平方米", "平方公里", "公顷", "亩"],
    &["克", "千克", "公斤", "吨"],
    &["小时", "天", "课时", "学时", "个月", "年"],
];

/// A unit taken apart: 万元 is 10^4 of 元, 万 alone is 10^4 of nothing named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unit<'a> {
    /// Power of ten the magnitude word stands for (0 without one).
    pub power: u32,
    pub base: &'a str,
}

/// Splits a unit into magnitude and base. A magnitude with a measured base after it that
/// begins with the same word (千米, 千克) is still read as magnitude + base: 千米 is 1000 米.
pub fn split(unit: &str) -> Unit<'_> {
    let unit = unit.trim();
    for (word, power) in MAGNITUDES {
        if let Some(base) = unit.strip_prefix(word) {
            return Unit { power, base };
        }
    }
    Unit {
        power: 0,
        base: unit,
    }
}

/// Why a value cannot be given in another unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// The bases measure different things (件 → 元, 亩 → 公顷).
    Incompatible,
    /// The converted value would not fit in 28 digits.
    TooLarge,
}

fn family(base: &str) -> Option<usize> {
    MEASURED.iter().position(|f| f.contains(&base))
}

/// The base both units are read in, if they can be: the same base, a bare magnitude (the
/// text's 3000万 in a `unit: 亿元` entry is money), or two counting words.
fn compatible(from: &str, to: &str) -> bool {
    from == to
        || from.is_empty()
        || to.is_empty()
        || (family(from).is_none() && family(to).is_none())
}

/// `value` read in unit `from` expressed in unit `to`: 1.2 亿元 → 12000 万元, 3000 万 →
/// 0.3 亿元. A number printed without any unit takes the override's as it stands (500 with
/// `unit: 万元` is 500 万元): the text says nothing to convert from.
pub fn convert(value: Decimal, from: &str, to: &str) -> Result<Decimal, Mismatch> {
    if from.trim().is_empty() {
        return Ok(value);
    }
    let (a, b) = (split(from), split(to));
    if !compatible(a.base, b.base) {
        return Err(Mismatch::Incompatible);
    }
    scale(value, i64::from(a.power) - i64::from(b.power))
}

/// `value` × 10^`power`, exact.
fn scale(value: Decimal, power: i64) -> Result<Decimal, Mismatch> {
    let ten = Decimal::TEN;
    let mut v = value;
    for _ in 0..power.unsigned_abs() {
        v = if power > 0 {
            v.checked_mul(ten)
        } else {
            v.checked_div(ten)
        }
        .ok_or(Mismatch::TooLarge)?;
    }
    Ok(v.normalize())
}

/// The unit the values of a sum are compared in: the smallest magnitude among them, so that
/// no value needs more decimals than it was printed with. `None` when two of them measure
/// different things.
pub fn common<'a>(units: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let units: Vec<&str> = units.into_iter().map(str::trim).collect();
    let split: Vec<Unit> = units.iter().map(|u| split(u)).collect();
    if split
        .iter()
        .any(|a| split.iter().any(|b| !compatible(a.base, b.base)))
    {
        return None;
    }
    let at = (0..units.len()).min_by_key(|&i| split[i].power)?;
    Some(units[at].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn magnitudes_and_bases() {
        assert_eq!(
            split("万元"),
            Unit {
                power: 4,
                base: "元"
            }
        );
        assert_eq!(
            split("万亿元"),
            Unit {
                power: 12,
                base: "元"
            }
        );
        assert_eq!(split("万"), Unit { power: 4, base: "" });
        assert_eq!(
            split("人次"),
            Unit {
                power: 0,
                base: "人次"
            }
        );
        assert_eq!(
            split("万人次"),
            Unit {
                power: 4,
                base: "人次"
            }
        );
        assert_eq!(split("个百分点").power, 0);
    }

    #[test]
    fn conversions_keep_the_amount() {
        assert_eq!(convert(d("1.2"), "亿元", "万元"), Ok(d("12000")));
        assert_eq!(convert(d("3000"), "万", "亿元"), Ok(d("0.3")));
        assert_eq!(convert(d("2200"), "万", "万元"), Ok(d("2200")));
        assert_eq!(convert(d("500"), "", "万元"), Ok(d("500")));
        assert_eq!(convert(d("12"), "场", "场次"), Ok(d("12")));
        assert_eq!(convert(d("5"), "件", "元"), Err(Mismatch::Incompatible));
        assert_eq!(convert(d("5"), "亩", "公顷"), Err(Mismatch::Incompatible));
        let big = d("1234567890123456789012345");
        assert_eq!(convert(big, "亿元", "元"), Err(Mismatch::TooLarge));
    }

    #[test]
    fn sums_use_the_smallest_magnitude() {
        assert_eq!(common(["亿元", "万元", "万元"]), Some("万元".into()));
        assert_eq!(common(["件", "件"]), Some("件".into()));
        assert_eq!(common(["件", "元"]), None);
        assert_eq!(common(["件", "件次"]), Some("件".into()));
    }
}
