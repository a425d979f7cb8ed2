//! Every piece of arithmetic the comparison workbook does on values, in one place: converting
//! a report's number into the catalogue's unit, and the cached results of the totals and
//! changes (the workbook's formulas compute them again). When quantities become exact
//! decimals and units get a module of their own, this file is what changes.

use crate::indicators::Record;

/// A value ready for a cell: the number and how many decimals it prints with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scaled {
    pub value: f64,
    pub decimals: usize,
}

/// Magnitude prefixes Chinese reports put before a unit (万元, 亿元, 万人次), as powers of
/// ten, longest first so that 千万元 is not read as 千 + 万元.
const MAGNITUDES: [(&str, i32); 5] = [("千万", 7), ("百万", 6), ("亿", 8), ("万", 4), ("千", 3)];

/// 万元 → (4, 元); 件 → (0, 件). A prefix alone (万) is no unit of its own.
fn split_magnitude(unit: &str) -> (i32, &str) {
    MAGNITUDES
        .iter()
        .find_map(|(p, e)| {
            unit.strip_prefix(p)
                .filter(|base| !base.is_empty())
                .map(|base| (*e, base))
        })
        .unwrap_or((0, unit))
}

/// The power of ten that turns a value in `from` into one in `to` (元 → 万元: -4), or
/// `None` when they measure different things (件 and 次 are not converted: the office decides
/// whether they are the same concept).
pub fn unit_shift(from: &str, to: &str) -> Option<i32> {
    if from == to {
        return Some(0);
    }
    let (a, base_a) = split_magnitude(from);
    let (b, base_b) = split_magnitude(to);
    (base_a == base_b).then_some(a - b)
}

/// A record's value in `unit`, or `None` when its own unit cannot be converted. Percentages
/// become fractions (96.4% is the number 0.964 shown with a % format), as everywhere in the
/// workbooks; `decimals` then counts the digits of the percentage as printed.
pub fn value_in(rec: &Record, unit: &str) -> Option<Scaled> {
    let shift = unit_shift(&rec.unit, unit)?;
    let percent = if unit == "%" { -2 } else { 0 };
    // Moving the decimal point in the printed digits gives the double nearest the exact
    // value (326.8 万元 is 3268000 元, not 3267999.9999999995).
    Some(match shifted(&rec.number, shift) {
        Some(digits) => Scaled {
            value: format!("{digits}e{percent}").parse().unwrap_or(rec.value),
            decimals: super::decimals(&digits),
        },
        None => Scaled {
            value: rec.value * 10f64.powi(shift + percent),
            decimals: 0,
        },
    })
}

/// `number` (digits, thousands separators, one point) with its decimal point moved `shift`
/// places to the right, without superfluous zeros: ("2.5", 4) → "25000", ("25000", -4) →
/// "2.5". `None` for a number not written in digits (近百).
fn shifted(number: &str, shift: i32) -> Option<String> {
    let plain = number.replace(',', "");
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    if int.is_empty() && frac.is_empty()
        || !(int.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let digits: String = format!("{int}{frac}");
    let point = int.len() as i64 + i64::from(shift);
    let (int, frac) = if point <= 0 {
        (
            "0".to_string(),
            format!("{}{digits}", "0".repeat((-point) as usize)),
        )
    } else if point as usize >= digits.len() {
        (
            format!("{digits}{}", "0".repeat(point as usize - digits.len())),
            String::new(),
        )
    } else {
        let (i, f) = digits.split_at(point as usize);
        (i.to_string(), f.to_string())
    };
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    Some(if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    })
}

/// The cached result of `=SUM(…)`.
pub fn sum(values: impl IntoIterator<Item = f64>) -> f64 {
    values.into_iter().sum()
}

/// The cached result of `=later-earlier`.
pub fn change(earlier: f64, later: f64) -> f64 {
    later - earlier
}

/// The cached result of `=(later-earlier)/earlier`; `None` when there is no base to divide
/// by (the workbook leaves the cell empty).
pub fn relative_change(earlier: f64, later: f64) -> Option<f64> {
    (earlier != 0.0).then(|| (later - earlier) / earlier)
}

/// The cached result of `=(later-earlier)*100`: two rates stored as fractions differ by this
/// many 百分点.
pub fn points(earlier: f64, later: f64) -> f64 {
    (later - earlier) * 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(number: &str, unit: &str) -> Record {
        Record {
            id: "x".into(),
            name: String::new(),
            value: number.replace(',', "").parse().unwrap_or(100.0),
            number: number.into(),
            text: String::new(),
            unit: unit.into(),
            qualifier: String::new(),
            parent: None,
            part: String::new(),
            subsection: String::new(),
            excerpt: String::new(),
            loc: Default::default(),
        }
    }

    #[test]
    fn magnitudes_of_one_base_convert_and_others_do_not() {
        assert_eq!(unit_shift("元", "万元"), Some(-4));
        assert_eq!(unit_shift("亿元", "万元"), Some(4));
        assert_eq!(unit_shift("千万元", "万元"), Some(3));
        assert_eq!(unit_shift("万人次", "人次"), Some(4));
        assert_eq!(unit_shift("件", "件"), Some(0));
        assert_eq!(unit_shift("件", "次"), None);
        assert_eq!(unit_shift("万", "万元"), None);
    }

    #[test]
    fn values_move_their_decimal_point_exactly() {
        let v =
            |n: &str, u: &str, to: &str| value_in(&rec(n, u), to).map(|s| (s.value, s.decimals));
        assert_eq!(v("326.8", "万元", "元"), Some((3_268_000.0, 0)));
        assert_eq!(v("25,000", "元", "万元"), Some((2.5, 1)));
        assert_eq!(v("1.2", "亿元", "万元"), Some((12_000.0, 0)));
        assert_eq!(v("98.5", "%", "%"), Some((0.985, 1)));
        assert_eq!(v("3", "次", "次"), Some((3.0, 0)));
        assert_eq!(v("3", "场", "次"), None);
        assert_eq!(shifted("0.05", 1).as_deref(), Some("0.5"));
        assert_eq!(shifted("近百", 0), None);
    }

    #[test]
    fn changes() {
        assert_eq!(change(3.0, 5.0), 2.0);
        assert_eq!(relative_change(4.0, 5.0), Some(0.25));
        assert_eq!(relative_change(0.0, 5.0), None);
        assert!((points(0.985, 1.0) - 1.5).abs() < 1e-9);
    }
}
