//! Every piece of arithmetic the comparison workbook does on values, in one place: converting
//! a report's number into the catalogue's unit, and the cached results of the totals and
//! changes (the workbook's formulas compute them again). When quantities become exact
//! decimals and units get a module of their own, this file is what changes.

use crate::indicators::Record;
use crate::model::Decimal;

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
/// workbooks; `decimals` then counts the digits of the value in `unit` (of the percentage as
/// printed). The conversion is exact (326.8 万元 is 3268000 元), and the one rounding is to
/// the double nearest the result.
pub fn value_in(rec: &Record, unit: &str) -> Option<Scaled> {
    let shift = unit_shift(&rec.unit, unit)?;
    let in_unit = scaled(rec.value, shift)?.normalize();
    let percent = if unit == "%" { -2 } else { 0 };
    let cell = scaled(in_unit, percent)?;
    Some(Scaled {
        value: cell.normalize().to_string().parse().ok()?,
        decimals: in_unit.scale() as usize,
    })
}

/// `v` × 10^`power`, exactly; `None` past what a decimal holds.
fn scaled(v: Decimal, power: i32) -> Option<Decimal> {
    let ten = Decimal::from(10u32.checked_pow(power.unsigned_abs())?);
    if power >= 0 {
        v.checked_mul(ten)
    } else {
        v.checked_div(ten)
    }
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
            value: number
                .replace(',', "")
                .parse()
                .unwrap_or(Decimal::ONE_HUNDRED),
            number: number.into(),
            text: String::new(),
            unit: unit.into(),
            printed_unit: unit.into(),
            unit_error: None,
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
        assert_eq!(v("0.05", "万元", "千元"), Some((0.5, 1)));
    }

    #[test]
    fn changes() {
        assert_eq!(change(3.0, 5.0), 2.0);
        assert_eq!(relative_change(4.0, 5.0), Some(0.25));
        assert_eq!(relative_change(0.0, 5.0), None);
        assert!((points(0.985, 1.0) - 1.5).abs() < 1e-9);
    }
}
