//! Reading the `name` and `OS/2` tables of font files without loading them
//! whole, and decoding names in every encoding seen on Chinese machines.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use ttf_parser::name::Name;
use ttf_parser::PlatformId;

/// The names and weight of one face, as read during a scan.
#[derive(Debug, Clone, Default)]
pub(crate) struct FaceNames {
    /// Index of the face in its collection (0 for a single font).
    pub index: u32,
    /// Every decoded name of IDs 1, 2, 4, 6, 16, 17, 21 in every language.
    pub all: Vec<String>,
    /// The display family: English typographic family, else English family,
    /// else the first family name found.
    pub family: String,
    /// English full name, else the first one.
    pub full_name: String,
    /// The PostScript name (ID 6), if any.
    pub postscript: String,
    /// OS/2 usWeightClass (400 when absent).
    pub weight: u16,
    /// True when the subfamily or OS/2 says italic/oblique.
    pub italic: bool,
}

const MAX_TABLE: u32 = 4 << 20;

fn be_u16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn be_u32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn read_at<R: Read + Seek>(r: &mut R, offset: u64, len: usize) -> io::Result<Vec<u8>> {
    r.seek(SeekFrom::Start(offset))?;
    let mut buf = vec![0u8; len];
    r.read_exact(&mut buf)?;
    Ok(buf)
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

/// Reads the names of every face in a font file (`.ttf`, `.otf`, `.ttc`,
/// `.otc`), touching only the headers, `name` and `OS/2`.
pub(crate) fn read_file_names(path: &Path) -> io::Result<Vec<FaceNames>> {
    let mut f = File::open(path)?;
    read_names(&mut f)
}

/// Same as [`read_file_names`] for font data in memory.
pub(crate) fn read_data_names(data: &[u8]) -> io::Result<Vec<FaceNames>> {
    read_names(&mut io::Cursor::new(data))
}

fn read_names<R: Read + Seek>(r: &mut R) -> io::Result<Vec<FaceNames>> {
    let head = read_at(r, 0, 12)?;
    let offsets: Vec<u32> = if &head[0..4] == b"ttcf" {
        let n = be_u32(&head, 8).ok_or_else(|| bad("short ttc header"))?;
        if n == 0 || n > 1024 {
            return Err(bad("implausible number of faces in collection"));
        }
        let table = read_at(r, 12, n as usize * 4)?;
        (0..n as usize)
            .map(|i| be_u32(&table, i * 4).unwrap_or(0))
            .collect()
    } else {
        vec![0]
    };
    let mut out = Vec::new();
    for (index, off) in offsets.into_iter().enumerate() {
        if let Ok(Some(n)) = read_face(r, off as u64, index as u32) {
            out.push(n);
        }
    }
    if out.is_empty() {
        return Err(bad("no readable face"));
    }
    Ok(out)
}

fn read_face<R: Read + Seek>(r: &mut R, offset: u64, index: u32) -> io::Result<Option<FaceNames>> {
    let hdr = read_at(r, offset, 12)?;
    let tag = &hdr[0..4];
    if tag != [0, 1, 0, 0] && tag != b"OTTO" && tag != b"true" {
        return Ok(None);
    }
    let num_tables = be_u16(&hdr, 4).unwrap_or(0) as usize;
    let dir = read_at(r, offset + 12, num_tables * 16)?;
    let mut name_rec = None;
    let mut os2_rec = None;
    for i in 0..num_tables {
        let rec = &dir[i * 16..i * 16 + 16];
        let off = be_u32(rec, 8).unwrap_or(0);
        let len = be_u32(rec, 12).unwrap_or(0);
        match &rec[0..4] {
            b"name" => name_rec = Some((off, len)),
            b"OS/2" => os2_rec = Some((off, len)),
            _ => {}
        }
    }
    let Some((noff, nlen)) = name_rec else {
        return Ok(None);
    };
    if nlen > MAX_TABLE {
        return Ok(None);
    }
    let name_data = read_at(r, noff as u64, nlen as usize)?;
    let mut names = names_from_table(&name_data, index);
    if let Some((ooff, olen)) = os2_rec {
        if (64..=MAX_TABLE).contains(&olen) {
            let os2 = read_at(r, ooff as u64, 64)?;
            names.weight = be_u16(&os2, 4).unwrap_or(400);
            let fs_selection = be_u16(&os2, 62).unwrap_or(0);
            names.italic |= fs_selection & 1 != 0;
        }
    }
    Ok(Some(names))
}

fn names_from_table(data: &[u8], index: u32) -> FaceNames {
    let mut out = FaceNames {
        index,
        weight: 400,
        ..Default::default()
    };
    let Some(table) = ttf_parser::name::Table::parse(data) else {
        return out;
    };
    let mut family_en = None;
    let mut typo_en = None;
    let mut full_en = None;
    let mut first_family = None;
    let mut first_full = None;
    for name in table.names {
        let id = name.name_id;
        if ![1u16, 2, 4, 6, 16, 17, 21].contains(&id) {
            continue;
        }
        let Some(s) = decode_name(&name) else {
            continue;
        };
        let s = s.trim_matches(char::from(0)).trim().to_string();
        if s.is_empty() {
            continue;
        }
        let english = is_english(&name);
        match id {
            1 => {
                if english && family_en.is_none() {
                    family_en = Some(s.clone());
                }
                first_family.get_or_insert_with(|| s.clone());
            }
            16 => {
                if english && typo_en.is_none() {
                    typo_en = Some(s.clone());
                }
                first_family.get_or_insert_with(|| s.clone());
            }
            4 => {
                if english && full_en.is_none() {
                    full_en = Some(s.clone());
                }
                first_full.get_or_insert_with(|| s.clone());
            }
            6 if out.postscript.is_empty() => {
                out.postscript = s.clone();
            }
            2 | 17 => {
                let l = s.to_ascii_lowercase();
                if l.contains("italic") || l.contains("oblique") {
                    out.italic = true;
                }
            }
            _ => {}
        }
        if !out.all.contains(&s) {
            out.all.push(s);
        }
    }
    out.family = typo_en
        .or(family_en)
        .or(first_family)
        .unwrap_or_else(|| out.postscript.clone());
    out.full_name = full_en.or(first_full).unwrap_or_else(|| out.family.clone());
    out
}

fn is_english(name: &Name) -> bool {
    match name.platform_id {
        PlatformId::Windows => name.language_id == 0x0409,
        PlatformId::Macintosh => name.language_id == 0 && name.encoding_id == 0,
        PlatformId::Unicode => true,
        _ => false,
    }
}

/// Decodes a name record in any encoding found in practice: UTF-16BE
/// (Unicode platform, Windows 0/1/10), Windows legacy CJK encodings
/// (3 = PRC/GB2312, 4 = Big5, 2 = Shift-JIS, 5 = Wansung, stored either as
/// plain multibyte strings or as 2-byte big-endian code units with 0x00 high
/// bytes for ASCII), and Macintosh Roman / Simplified / Traditional Chinese /
/// Japanese / Korean.
pub(crate) fn decode_name(name: &Name) -> Option<String> {
    let bytes = name.name;
    let legacy = |enc: &'static encoding_rs::Encoding, strip_zero: bool| -> Option<String> {
        let buf: Vec<u8> = if strip_zero {
            bytes.iter().copied().filter(|&b| b != 0).collect()
        } else {
            bytes.to_vec()
        };
        let (s, _, had_errors) = enc.decode(&buf);
        if had_errors {
            None
        } else {
            Some(s.into_owned())
        }
    };
    match name.platform_id {
        PlatformId::Unicode => utf16(bytes),
        PlatformId::Windows => match name.encoding_id {
            0 | 1 | 10 => utf16(bytes),
            2 => legacy(encoding_rs::SHIFT_JIS, true),
            3 => legacy(encoding_rs::GBK, true),
            4 => legacy(encoding_rs::BIG5, true),
            5 => legacy(encoding_rs::EUC_KR, true),
            _ => None,
        },
        PlatformId::Macintosh => match name.encoding_id {
            0 => legacy(encoding_rs::MACINTOSH, false),
            1 => legacy(encoding_rs::SHIFT_JIS, false),
            2 => legacy(encoding_rs::BIG5, false),
            3 => legacy(encoding_rs::EUC_KR, false),
            25 => legacy(encoding_rs::GBK, false),
            _ => None,
        },
        _ => None,
    }
}

fn utf16(bytes: &[u8]) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16(&units).ok()
}

/// Normalises a name for comparison: lower case, without spaces, hyphens
/// and underscores ("FangSong_GB2312" = "fangsong gb2312").
pub(crate) fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '\u{3000}'))
        .flat_map(|c| c.to_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(platform_id: PlatformId, encoding_id: u16, bytes: &[u8]) -> Name<'_> {
        Name {
            platform_id,
            encoding_id,
            language_id: 0x0804,
            name_id: 1,
            name: bytes,
        }
    }

    #[test]
    fn gb_names_in_both_layouts() {
        // 仿宋_GB2312 in GB2312: B7C2 CBCE, then ASCII.
        let plain = b"\xB7\xC2\xCB\xCE_GB2312";
        let padded: Vec<u8> = b"\xB7\xC2\xCB\xCE\0_\0G\0B\x002\x003\x001\x002".to_vec();
        assert_eq!(
            decode_name(&rec(PlatformId::Windows, 3, plain)).as_deref(),
            Some("仿宋_GB2312")
        );
        assert_eq!(
            decode_name(&rec(PlatformId::Windows, 3, &padded)).as_deref(),
            Some("仿宋_GB2312")
        );
        assert_eq!(
            decode_name(&rec(PlatformId::Macintosh, 25, plain)).as_deref(),
            Some("仿宋_GB2312")
        );
    }

    #[test]
    fn big5_and_utf16() {
        // 標楷體 in Big5: BC D0 B7 A2 C5 E9
        let big5 = b"\xBC\xD0\xB7\xA2\xC5\xE9";
        assert_eq!(
            decode_name(&rec(PlatformId::Windows, 4, big5)).as_deref(),
            Some("標楷體")
        );
        let u: Vec<u8> = "黑体"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(
            decode_name(&rec(PlatformId::Windows, 1, &u)).as_deref(),
            Some("黑体")
        );
    }

    #[test]
    fn normalization() {
        assert_eq!(normalize("FangSong_GB2312"), normalize("fangsong gb2312"));
        assert_eq!(normalize("仿宋_GB2312"), "仿宋gb2312");
        assert_ne!(normalize("仿宋"), normalize("仿宋_GB2312"));
    }
}
