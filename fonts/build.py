#!/usr/bin/env python3
"""Build gongwen's bundled font files from the Debian source fonts.

Called by fetch.sh, which pins the Debian packages and the fontTools version.
Usage: build.py SRC_ROOT OUT_DIR
  SRC_ROOT is a directory holding the extracted packages (usr/share/...).

The output is byte-reproducible: no timestamps (head.modified is copied from
the source face, and SOURCE_DATE_EPOCH is pinned), no glyph names that depend
on the run, no hinting, no OpenType layout tables (the PDF writer maps
characters to glyphs through cmap only).
"""

import math
import os
import sys

os.environ["SOURCE_DATE_EPOCH"] = "0"

from fontTools import subset  # noqa: E402
from fontTools.pens.recordingPen import RecordingPen  # noqa: E402
from fontTools.pens.t2CharStringPen import T2CharStringPen  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402
from fontTools.ttLib.scaleUpem import scale_upem  # noqa: E402

NOTO = "usr/share/fonts/opentype/noto"
FANDOL = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
ARPHIC = "usr/share/fonts/truetype/arphic-gkai00mp"
NOTO_CORE = "usr/share/fonts/truetype/noto"


def gb2312():
    """Every character of GB/T 2312 (7445: 682 symbols + 6763 hanzi)."""
    out = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.update(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


# What an official document needs beyond GB2312's own symbol rows: printable
# ASCII (half-width digits and Latin in numbers, dates and codes), the
# Unicode forms of punctuation that GB2312 maps ambiguously, and a few signs
# frequent in reports.
EXTRA = set(chr(c) for c in range(0x20, 0x7F))
EXTRA |= set(
    "\u00a0\u3000"  # no-break space, ideographic space
    "\u2014\u2015\u2e3a\u2013\u2012"  # em dash, horizontal bar, two-em dash, en dash
    "\u2026\u22ef"  # ellipsis, midline ellipsis
    "\u00b7\u30fb\u2027\u2022"  # middle dots, bullet
    "\u2018\u2019\u201c\u201d"  # curly quotes
    "\u3014\u3015\u3008\u3009\u300a\u300b\u3010\u3011\u3016\u3017"  # brackets
    "\uff05\u2030\u2103\u00b0\u00b1\u00d7\u00f7\u2212\uff5e\u301c"
    "\uffe5\u00a5\u2116\u00a7"
    "\u3007"  # ideographic zero 〇
    "\u2160\u2161\u2162\u2163\u2164\u2165\u2166\u2167\u2168\u2169"  # Roman numerals
)
EXTRA |= set(chr(c) for c in range(0x2460, 0x2474))  # ①..⑳
EXTRA |= set(chr(c) for c in range(0x2474, 0x2488))  # ⑴..⒇
EXTRA |= set(chr(c) for c in range(0x2488, 0x249C))  # ⒈..⒛
EXTRA |= set(chr(c) for c in range(0x3220, 0x322A))  # ㈠..㈩
EXTRA |= set(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width ASCII forms


def ranges(*pairs):
    out = set()
    for a, b in pairs:
        out.update(chr(c) for c in range(a, b + 1))
    return out


# The fallback face: the whole CJK Unified Ideographs block and Extension A,
# compatibility ideographs, CJK symbols and punctuation, enclosed CJK,
# full-width forms, general punctuation, plus everything above.
FALLBACK = ranges(
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0xF900, 0xFAFF),
    (0x3000, 0x303F),
    (0x3200, 0x32FF),
    (0xFF00, 0xFFEF),
    (0x2000, 0x206F),
    (0x2460, 0x24FF),
    (0x2E80, 0x2EFF),  # CJK radicals supplement
    (0x31C0, 0x31EF),  # CJK strokes
)


def options():
    o = subset.Options()
    o.layout_features = []  # no GSUB/GPOS features: cmap-only glyph mapping
    o.layout_closure = False
    o.layout_scripts = []
    o.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG", "mort", "morx", "DSIG", "gasp"]
    o.hinting = False
    o.legacy_kern = False
    o.glyph_names = False
    o.notdef_outline = True
    o.recalc_bounds = True
    o.recalc_timestamp = False
    o.prune_unicode_ranges = True
    o.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17]
    o.name_languages = ["*"]
    o.name_legacy = False
    o.desubroutinize = False
    o.hinting_tables = ["*"]  # dropped with hinting=False
    return o


# Punctuation that Chinese text wants full width (一字线 —, 间隔号 ·, 二字线 ⸺)
# but that Noto CJK maps to proportional glyphs by default, reaching the
# full-width ones only through the 'fwid' feature.
FULL_WIDTH = "\u2014\u00b7\u2e3a"


def apply_fwid(font):
    """Point cmap entries of FULL_WIDTH at their 'fwid' alternates, since the
    layout tables are dropped and the PDF writer maps through cmap only."""
    if "GSUB" not in font:
        return []
    gsub = font["GSUB"].table
    lookups = set()
    for fr in gsub.FeatureList.FeatureRecord:
        if fr.FeatureTag == "fwid":
            lookups.update(fr.Feature.LookupListIndex)
    mapping = {}
    for li in sorted(lookups):
        for st in gsub.LookupList.Lookup[li].SubTable:
            if st.LookupType == 7:
                st = st.ExtSubTable
            if st.LookupType == 1:
                for k, v in st.mapping.items():
                    mapping.setdefault(k, v)
    changed = []
    for table in font["cmap"].tables:
        if not table.isUnicode():
            continue
        for c in FULL_WIDTH:
            g = table.cmap.get(ord(c))
            if g in mapping:
                table.cmap[ord(c)] = mapping[g]
                if c not in changed:
                    changed.append(c)
    return changed


# How far, in font units, straightening may move an outline: at 256 units/em and 16 pt,
# 0.047 pt (0.017 mm), under half a dot of a 600-dpi printer. No point of the integer grid
# lies exactly this far from a line through two others, so no comparison hangs on a rounding.
STRAIGHTEN_TOLERANCE = 0.75


def _distance(p, a, b):
    """Distance from point p to the segment a-b."""
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    ll = dx * dx + dy * dy
    t = 0 if ll == 0 else max(0, min(1, ((x - x1) * dx + (y - y1) * dy) / ll))
    return math.hypot(x - x1 - t * dx, y - y1 - t * dy)


def straightened(ops, tol):
    """Pen operations with the curves that are straight within `tol` drawn as lines, and runs
    of lines that stay within `tol` of one line drawn as that line. A curve lies inside the
    hull of its control points, so one whose control points are within `tol` of its chord
    is within `tol` of it everywhere; a merged line is checked against every point it drops."""
    out = []
    cur = None
    run = None  # where the current run of merged lines starts, and the points it dropped
    for op, args in ops:
        if op == "moveTo":
            cur, run = args[0], None
            out.append((op, args))
            continue
        if op in ("closePath", "endPath"):
            run = None
            out.append((op, args))
            continue
        end = args[-1]
        if op == "curveTo" and all(_distance(p, cur, end) <= tol for p in args[:-1]):
            op, args = "lineTo", (end,)
        if op != "lineTo":
            run = None
            out.append((op, args))
            cur = end
            continue
        if end == cur:
            continue
        if run is not None and all(_distance(p, run[0], end) <= tol for p in run[1] + [cur]):
            run[1].append(cur)
            out[-1] = ("lineTo", (end,))
        else:
            run = (cur, [])
            out.append(("lineTo", (end,)))
        cur = end
    return out


def straighten(font, tol=STRAIGHTEN_TOLERANCE):
    """Redraws every CFF glyph through `straightened`. FandolFang's outlines are traced with
    many short curves that are straight lines at the font's precision; drawn as lines they
    take a third of the bytes, and glyph widths (hmtx) are untouched."""
    cff = font["CFF "].cff
    charstrings = cff.topDictIndex[0].CharStrings
    for name in font.getGlyphOrder():
        cs = charstrings[name]
        rec = RecordingPen()
        cs.draw(rec)
        private = cs.private
        pen = T2CharStringPen(None, None)
        for op, args in straightened(rec.value, tol):
            getattr(pen, op)(*args)
        new = pen.getCharString(private=private, globalSubrs=cff.GlobalSubrs)
        if cs.width != private.defaultWidthX:
            new.program.insert(0, cs.width - private.nominalWidthX)
        charstrings[name] = new


def build(src, index, chars, out, tag, upem=None, straight=False):
    font = TTFont(src, fontNumber=index, recalcTimestamp=False, lazy=False)
    modified = font["head"].modified
    fwid = apply_fwid(font)
    cmap = font.getBestCmap()
    missing = sorted(c for c in chars if ord(c) not in cmap)
    keep = [ord(c) for c in chars if ord(c) in cmap]
    sub = subset.Subsetter(options())
    sub.populate(unicodes=keep)
    sub.subset(font)
    if upem:
        # FandolFang's outlines are dense (about 560 bytes a glyph at 1000 units/em, the
        # bulk of a report's PDF). At 256 units/em a unit is 1/16 pt at 16 pt, far below
        # what print shows, and the embedded subset shrinks by about a third.
        scale_upem(font, upem)
    if straight:
        straighten(font)
    font["head"].modified = modified
    # Say in the version string that this file was changed (the Arphic
    # licence and the OFL ask modified files to carry such a notice).
    for rec in font["name"].names:
        if rec.nameID == 5:
            rec.string = rec.toUnicode() + "; gongwen subset " + tag
    font.save(out, reorderTables=True)
    kept = len(keep)
    print(
        f"{os.path.basename(out)}: {kept} chars kept, {len(missing)} requested chars absent in source,"
        f" full-width via fwid: {' '.join(fwid) or '-'}"
    )
    return missing


# Every Tibetan character, plus what a Tibetan run meets besides: space, no-break space,
# ZWSP/ZWNJ/ZWJ, hyphen, and the dotted circle HarfBuzz inserts before a broken cluster.
TIBETAN = ranges((0x0F00, 0x0FFF)) | set("\u0020\u00a0\u200b\u200c\u200d\u2010\u25cc")


def tibetan_options():
    """Tibetan is shaped (stacks, vowel signs, mark positioning), so unlike the
    CJK files this subset keeps GSUB/GPOS and every glyph they reach."""
    o = options()
    o.layout_features = ["*"]
    o.layout_scripts = ["tibt", "DFLT"]
    o.layout_closure = True
    o.drop_tables = [t for t in o.drop_tables if t not in ("GSUB", "GPOS", "GDEF")]
    return o


def build_tibetan(src, out, tag):
    font = TTFont(src, recalcTimestamp=False, lazy=False)
    modified = font["head"].modified
    cmap = font.getBestCmap()
    keep = sorted(ord(c) for c in TIBETAN if ord(c) in cmap)
    sub = subset.Subsetter(tibetan_options())
    sub.populate(unicodes=keep)
    sub.subset(font)
    font["head"].modified = modified
    for rec in font["name"].names:
        if rec.nameID == 5:
            rec.string = rec.toUnicode() + "; gongwen subset " + tag
    font.save(out, reorderTables=True)
    print(f"{os.path.basename(out)}: {len(keep)} chars kept, {font['maxp'].numGlyphs} glyphs")


def main():
    src_root, out_dir = sys.argv[1], sys.argv[2]
    gb = gb2312() | EXTRA
    fall = FALLBACK | gb
    p = lambda *a: os.path.join(src_root, *a)  # noqa: E731
    o = lambda n: os.path.join(out_dir, n)  # noqa: E731
    build(p(NOTO, "NotoSerifCJK-Bold.ttc"), 2, gb, o("NotoSerifCJKsc-Bold.gb2312.otf"), "gb2312")
    build(p(FANDOL, "FandolFang-Regular.otf"), 0, gb, o("FandolFang-Regular.gb2312.otf"), "gb2312 upem256 straightened", upem=256, straight=True)
    build(p(NOTO, "NotoSansCJK-Regular.ttc"), 2, gb, o("NotoSansCJKsc-Regular.gb2312.otf"), "gb2312")
    build(p(ARPHIC, "gkai00mp.ttf"), 0, gb, o("gkai00mp.gb2312.ttf"), "gb2312")
    build(p(NOTO, "NotoSerifCJK-Regular.ttc"), 2, fall, o("NotoSerifCJKsc-Regular.cjk.otf"), "cjk")
    build_tibetan(p(NOTO_CORE, "NotoSerifTibetan-Regular.ttf"), o("NotoSerifTibetan-Regular.tibt.ttf"), "tibt")


if __name__ == "__main__":
    main()
