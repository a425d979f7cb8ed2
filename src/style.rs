//! The one table that says how each element of an official document looks: font role, size,
//! alignment, indents. The PDF layout and the DOCX writer both read it, so the two outputs
//! cannot drift apart. Numbers are from GB/T 9704-2012.

use crate::fonts::Role;

/// Page geometry, in millimetres from the page's top-left corner.
pub mod page {
    pub const WIDTH_MM: f32 = 210.0;
    pub const HEIGHT_MM: f32 = 297.0;
    /// 天头
    pub const TOP_MM: f32 = 37.0;
    /// 订口
    pub const LEFT_MM: f32 = 28.0;
    /// 版心
    pub const TYPE_WIDTH_MM: f32 = 156.0;
    pub const TYPE_HEIGHT_MM: f32 = 225.0;
    pub const RIGHT_MM: f32 = WIDTH_MM - LEFT_MM - TYPE_WIDTH_MM;
    pub const BOTTOM_MM: f32 = HEIGHT_MM - TOP_MM - TYPE_HEIGHT_MM;
    pub const LINES_PER_PAGE: usize = 22;
    pub const CHARS_PER_LINE: usize = 28;
    /// 225 / 22 mm: every line of the document sits on this grid.
    pub const LINE_PITCH_MM: f32 = TYPE_HEIGHT_MM / LINES_PER_PAGE as f32;
    /// 156 / 28 mm: full-width characters are placed on this pitch.
    pub const CHAR_PITCH_MM: f32 = TYPE_WIDTH_MM / CHARS_PER_LINE as f32;
    /// The top of the page-number line lies this far below the type area.
    pub const PAGE_NUMBER_GAP_MM: f32 = 7.0;
    /// 版记 rules
    pub const THICK_RULE_MM: f32 = 0.35;
    pub const THIN_RULE_MM: f32 = 0.25;
    /// The red rule under the 发文字号 lies this far below it.
    pub const RED_RULE_GAP_MM: f32 = 4.0;
    /// The least distance between the centres of two seals of a joint document, side by side
    /// (a seal is about 42 mm wide).
    pub const SEAL_SPACING_MM: f32 = 45.0;
    /// Width (and height) of an official seal, as the joint signatures leave room for it
    /// (GB/T 9704 7.3.5.2: seals of a joint document never touch and stay inside the type area).
    pub const SEAL_MM: f32 = 42.0;
    /// The smallest size the 发文机关标志 shrinks to, to fit the width of the type area or to
    /// leave the title room on the first page (the standard leaves the size open, 7.2.3).
    pub const ISSUER_MARK_MIN_PT: f32 = 12.0;
    /// Line pitch of a stacked joint 发文机关标志, in em.
    pub const ISSUER_MARK_LEADING: f32 = 1.2;
    /// 签发人 names on one line (GB/T 9704 7.2.6: "一般每行排两个姓名").
    pub const SIGNERS_PER_LINE: usize = 2;
    /// Width of the red rule (the standard leaves it open; 0.5 mm is the common templates').
    pub const RED_RULE_MM: f32 = 0.5;
    /// Top of the 发文机关标志 below the top of the type area (下行文 / 上行文).
    pub const ISSUER_MARK_TOP_MM: f32 = 35.0;
    pub const ISSUER_MARK_TOP_UPWARD_MM: f32 = 80.0;

    pub const PT_PER_MM: f32 = 72.0 / 25.4;

    pub fn mm_to_pt(mm: f32) -> f32 {
        mm * PT_PER_MM
    }
}

/// Faces of the parts that print in another face than their element's: a table's caption and
/// header row in 黑体, the 签发人 names in 楷体 (GB/T 9704 7.2.5).
pub const CAPTION_ROLE: Role = Role::Heading1;
pub const TABLE_HEADER_ROLE: Role = Role::Heading1;
pub const SIGNER_NAME_ROLE: Role = Role::Heading2;

/// 红色: the issuer mark and the rule under the document number.
pub const RED: [u8; 3] = [0xE6, 0x00, 0x12];
pub const BLACK: [u8; 3] = [0, 0, 0];

/// 号 sizes in points.
pub mod size {
    /// 二号
    pub const ER: f32 = 22.0;
    /// 三号
    pub const SAN: f32 = 16.0;
    /// 四号
    pub const SI: f32 = 14.0;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Element {
    /// 份号
    CopyNumber,
    /// 密级和保密期限
    Secrecy,
    /// 紧急程度
    Urgency,
    /// 发文机关标志 (红头)
    IssuerMark,
    /// 发文字号
    DocNumber,
    /// 签发人
    Signer,
    /// 公文标题
    Title,
    /// 主送机关
    Addressee,
    /// 正文
    Body,
    Heading1,
    Heading2,
    Heading3,
    Heading4,
    /// 表格
    Table,
    /// 表题: a table's caption, above it
    Caption,
    /// 附件说明
    AttachmentNote,
    /// 署名
    Signature,
    /// 成文日期
    Date,
    /// 附注
    Note,
    /// 附件 label on an attachment page
    AttachmentLabel,
    /// Attachment title on its page
    AttachmentTitle,
    /// 版记
    Imprint,
    /// 页码
    PageNumber,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    Justify,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    /// The style name an editor picks in WPS/Word (Chinese).
    pub name: &'static str,
    pub role: Role,
    pub size_pt: f32,
    pub align: Align,
    /// In characters of this element's size.
    pub first_line_indent: f32,
    pub left_indent: f32,
    pub right_indent: f32,
    pub color: [u8; 3],
    pub bold: bool,
    /// Outline level for the navigation pane and PDF bookmarks (0 = level 1 heading).
    pub outline_level: Option<u8>,
}

const fn base(name: &'static str, role: Role, size_pt: f32, align: Align) -> Style {
    Style {
        name,
        role,
        size_pt,
        align,
        first_line_indent: 0.0,
        left_indent: 0.0,
        right_indent: 0.0,
        color: BLACK,
        bold: false,
        outline_level: None,
    }
}

impl Element {
    pub const ALL: [Element; 23] = [
        Element::CopyNumber,
        Element::Secrecy,
        Element::Urgency,
        Element::IssuerMark,
        Element::DocNumber,
        Element::Signer,
        Element::Title,
        Element::Addressee,
        Element::Body,
        Element::Heading1,
        Element::Heading2,
        Element::Heading3,
        Element::Heading4,
        Element::Table,
        Element::Caption,
        Element::AttachmentNote,
        Element::Signature,
        Element::Date,
        Element::Note,
        Element::AttachmentLabel,
        Element::AttachmentTitle,
        Element::Imprint,
        Element::PageNumber,
    ];

    pub fn heading(level: u8) -> Element {
        match level {
            1 => Element::Heading1,
            2 => Element::Heading2,
            3 => Element::Heading3,
            _ => Element::Heading4,
        }
    }

    /// Parts of the 版头, placed on the first page above the title.
    pub fn in_head(self) -> bool {
        matches!(
            self,
            Element::CopyNumber
                | Element::Secrecy
                | Element::Urgency
                | Element::IssuerMark
                | Element::DocNumber
                | Element::Signer
        )
    }

    pub fn style(self) -> Style {
        use Align::*;
        use Element::*;
        match self {
            CopyNumber => base("份号", Role::Body, size::SAN, Left),
            Secrecy => base("密级", Role::Heading1, size::SAN, Left),
            Urgency => base("紧急程度", Role::Heading1, size::SAN, Left),
            IssuerMark => Style {
                color: RED,
                ..base("发文机关标志", Role::Title, 36.0, Center)
            },
            DocNumber => base("发文字号", Role::Body, size::SAN, Center),
            Signer => base("签发人", Role::Body, size::SAN, Right),
            Title => base("公文标题", Role::Title, size::ER, Center),
            Addressee => base("主送机关", Role::Body, size::SAN, Justify),
            Body => Style {
                first_line_indent: 2.0,
                ..base("正文", Role::Body, size::SAN, Justify)
            },
            Heading1 => Style {
                first_line_indent: 2.0,
                outline_level: Some(0),
                ..base("一级标题", Role::Heading1, size::SAN, Justify)
            },
            Heading2 => Style {
                first_line_indent: 2.0,
                outline_level: Some(1),
                ..base("二级标题", Role::Heading2, size::SAN, Justify)
            },
            Heading3 => Style {
                first_line_indent: 2.0,
                outline_level: Some(2),
                ..base("三级标题", Role::Body, size::SAN, Justify)
            },
            Heading4 => Style {
                first_line_indent: 2.0,
                outline_level: Some(3),
                ..base("四级标题", Role::Body, size::SAN, Justify)
            },
            Table => base("表格", Role::Body, size::SI, Center),
            Caption => base("表题", CAPTION_ROLE, size::SAN, Center),
            AttachmentNote => Style {
                first_line_indent: 2.0,
                ..base("附件说明", Role::Body, size::SAN, Left)
            },
            Signature => Style {
                right_indent: 2.0,
                ..base("署名", Role::Body, size::SAN, Right)
            },
            Date => Style {
                right_indent: 4.0,
                ..base("成文日期", Role::Body, size::SAN, Right)
            },
            Note => Style {
                first_line_indent: 2.0,
                ..base("附注", Role::Body, size::SAN, Left)
            },
            AttachmentLabel => base("附件标识", Role::Heading1, size::SAN, Left),
            AttachmentTitle => base("附件标题", Role::Title, size::ER, Center),
            Imprint => Style {
                left_indent: 1.0,
                right_indent: 1.0,
                ..base("版记", Role::Body, size::SI, Left)
            },
            PageNumber => base("页码", Role::PageNumber, size::SI, Right),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_fills_the_type_area() {
        assert!((page::LINE_PITCH_MM - 10.227).abs() < 0.001);
        assert!((page::CHAR_PITCH_MM - 5.5714).abs() < 0.001);
        assert!((page::RIGHT_MM - 26.0).abs() < 1e-4);
        assert!((page::BOTTOM_MM - 35.0).abs() < 1e-4);
        assert!((page::mm_to_pt(page::LINE_PITCH_MM) - 28.99).abs() < 0.01);
    }

    #[test]
    fn fonts_and_sizes_follow_the_standard() {
        assert_eq!(Element::Title.style().role, Role::Title);
        assert_eq!(Element::Title.style().size_pt, 22.0);
        assert_eq!(Element::Body.style().role, Role::Body);
        assert_eq!(Element::Body.style().size_pt, 16.0);
        assert_eq!(Element::Body.style().first_line_indent, 2.0);
        assert_eq!(Element::Heading1.style().role, Role::Heading1);
        assert_eq!(Element::Heading2.style().role, Role::Heading2);
        assert_eq!(Element::Heading3.style().role, Role::Body);
        assert_eq!(Element::PageNumber.style().size_pt, 14.0);
        assert_eq!(Element::Imprint.style().size_pt, 14.0);
        let names: std::collections::BTreeSet<_> =
            Element::ALL.iter().map(|e| e.style().name).collect();
        assert_eq!(names.len(), Element::ALL.len(), "style names are unique");
    }
}
