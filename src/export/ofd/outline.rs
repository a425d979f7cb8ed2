//! A glyph's outline as TrueType wants it: quadratic curves, outer contours clockwise.
//! skrifa reads the outline from either kind of face; a CFF face's cubic curves are split
//! into quadratic ones by kurbo, within a thousandth of an em.

use kurbo::{BezPath, CubicBez, Point};
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{GlyphId, MetadataProvider};

/// Collects what skrifa draws into a path of lines and quadratic curves.
struct QuadPen {
    path: BezPath,
    start: Point,
    last: Point,
    /// Largest distance allowed between a cubic curve and its quadratic stand-ins, in font
    /// units.
    accuracy: f64,
}

impl OutlinePen for QuadPen {
    fn move_to(&mut self, x: f32, y: f32) {
        let p = point(x, y);
        self.path.move_to(p);
        (self.start, self.last) = (p, p);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let p = point(x, y);
        self.path.line_to(p);
        self.last = p;
    }

    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        let p = point(x, y);
        self.path.quad_to(point(cx, cy), p);
        self.last = p;
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let cubic = CubicBez::new(self.last, point(cx0, cy0), point(cx1, cy1), point(x, y));
        for (_, _, q) in cubic.to_quads(self.accuracy) {
            self.path.quad_to(q.p1, q.p2);
        }
        self.last = point(x, y);
    }

    fn close(&mut self) {
        self.path.close_path();
        self.last = self.start;
    }
}

fn point(x: f32, y: f32) -> Point {
    Point::new(f64::from(x), f64::from(y))
}

/// The outline of glyph `gid` in font units, quadratic only; `None` when the face has no
/// outline for it (a space, or a glyph the face cannot draw). `postscript`: the face has
/// PostScript (CFF) outlines, whose contours turn the other way round.
pub fn quadratic(font: &skrifa::FontRef, upem: u16, gid: u16, postscript: bool) -> Option<BezPath> {
    let glyph = font.outline_glyphs().get(GlyphId::new(u32::from(gid)))?;
    let mut pen = QuadPen {
        path: BezPath::new(),
        start: Point::ZERO,
        last: Point::ZERO,
        accuracy: f64::from(upem) / 1000.0,
    };
    let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
    glyph.draw(settings, &mut pen).ok()?;
    if pen.path.elements().is_empty() {
        return None;
    }
    Some(if postscript {
        pen.path.reverse_subpaths()
    } else {
        pen.path
    })
}
