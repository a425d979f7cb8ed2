//! The open faces compiled into the binary (see fonts/README.md).

/// One embedded font file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bundled {
    /// File name under `fonts/`.
    pub file: &'static str,
    pub data: &'static [u8],
    /// Where it comes from and under which licence, for `describe`.
    pub about: &'static str,
}

pub(crate) const TITLE: Bundled = Bundled {
    file: "NotoSerifCJKsc-Bold.gb2312.otf",
    data: include_bytes!("../../fonts/NotoSerifCJKsc-Bold.gb2312.otf"),
    about: "Noto Serif CJK SC Bold, GB2312 subset, SIL OFL 1.1",
};

pub(crate) const BODY: Bundled = Bundled {
    file: "FandolFang-Regular.gb2312.otf",
    data: include_bytes!("../../fonts/FandolFang-Regular.gb2312.otf"),
    about: "FandolFang Regular, GB2312 subset, GPL-3 with font exception",
};

pub(crate) const HEADING1: Bundled = Bundled {
    file: "NotoSansCJKsc-Regular.gb2312.otf",
    data: include_bytes!("../../fonts/NotoSansCJKsc-Regular.gb2312.otf"),
    about: "Noto Sans CJK SC Regular, GB2312 subset, SIL OFL 1.1",
};

pub(crate) const HEADING2: Bundled = Bundled {
    file: "gkai00mp.gb2312.ttf",
    data: include_bytes!("../../fonts/gkai00mp.gb2312.ttf"),
    about: "AR PL KaitiM GB, GB2312 subset, Arphic Public License",
};

/// Serif (Song) face covering CJK Unified Ideographs U+4E00–U+9FFF,
/// Extension A, compatibility ideographs, CJK punctuation and full-width
/// forms: the page-number face and the last resort of every role.
pub(crate) const FALLBACK: Bundled = Bundled {
    file: "NotoSerifCJKsc-Regular.cjk.otf",
    data: include_bytes!("../../fonts/NotoSerifCJKsc-Regular.cjk.otf"),
    about: "Noto Serif CJK SC Regular, CJK Unified Ideographs + Ext. A subset, SIL OFL 1.1",
};

/// Uchen Tibetan with its OpenType layout tables, which shaping needs.
pub(crate) const TIBETAN: Bundled = Bundled {
    file: "NotoSerifTibetan-Regular.tibt.ttf",
    data: include_bytes!("../../fonts/NotoSerifTibetan-Regular.tibt.ttf"),
    about: "Noto Serif Tibetan Regular, Tibetan subset with GSUB/GPOS, SIL OFL 1.1",
};

/// All embedded files, in the order of `FontSet`'s bundled slots.
pub(crate) const ALL: [Bundled; 6] = [TITLE, BODY, HEADING1, HEADING2, FALLBACK, TIBETAN];
