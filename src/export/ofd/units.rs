//! Lengths: the layout works in points, OFD in millimetres. Every length is carried as a
//! whole number of micrometres, so that a glyph's origin is the sum of its TextCode's X and
//! DeltaX values exactly, with no rounding error adding up along a line.

/// Micrometres (thousandths of a millimetre).
pub type Um = i64;

/// A layout length in points to whole micrometres (a non-finite value, which the layout never
/// gives, becomes 0 rather than a number no reader could parse).
pub fn um(pt: f32) -> Um {
    let v = (f64::from(pt) * 25.4 / 72.0 * 1000.0).round();
    if v.is_finite() {
        v as Um
    } else {
        0
    }
}

/// Micrometres written as millimetres, without trailing zeros: `5644` → `5.644`,
/// `210000` → `210`, `-500` → `-0.5`.
pub fn mm(v: Um) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let (whole, frac) = (v.unsigned_abs() / 1000, v.unsigned_abs() % 1000);
    if frac == 0 {
        return format!("{sign}{whole}");
    }
    let digits = format!("{frac:03}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

/// A box `x y w h` in millimetres.
pub fn boxed(x: Um, y: Um, w: Um, h: Um) -> String {
    format!("{} {} {} {}", mm(x), mm(y), mm(w), mm(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millimetres_are_written_short_and_exact() {
        assert_eq!(mm(5644), "5.644");
        assert_eq!(mm(210_000), "210");
        assert_eq!(mm(-500), "-0.5");
        assert_eq!(mm(7), "0.007");
        assert_eq!(mm(0), "0");
        assert_eq!(boxed(0, 0, 210_000, 297_000), "0 0 210 297");
    }

    #[test]
    fn points_become_micrometres() {
        // 72 pt are one inch.
        assert_eq!(um(72.0), 25_400);
        assert_eq!(um(16.0), 5_644);
        assert_eq!(um(f32::NAN), 0);
        assert_eq!(um(f32::INFINITY), 0);
    }
}
