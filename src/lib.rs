//! gongwen: one YAML source of a government report to a filing-ready PDF (GB/T 9704-2012),
//! an editable DOCX and a workbook of the indicators it reports.
//!
//! The flow is one way: [`yaml`] reads the YAML into a [`model::Report`] (every text passing the
//! one normaliser of [`hanzi`]), [`check`] looks it over, [`compose`] turns it into the parts of
//! the printed document with their final text, [`layout`] places those parts on the GB/T 9704
//! grid, and each writer in [`export`] serialises them into one file's bytes. Every failure is
//! a [`diag::Diagnostic`].

pub mod catalogue;
pub mod check;
pub mod compose;
pub mod diag;
pub mod export;
pub mod fonts;
pub mod hanzi;
pub mod import;
pub mod indicators;
pub mod layout;
pub mod model;
pub mod output;
pub mod style;
pub mod yaml;

use std::fmt;

pub use yaml::{load, parse, Loaded};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Pdf,
    Docx,
    Xlsx,
    Text,
    Ofd,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Pdf,
        Format::Docx,
        Format::Xlsx,
        Format::Text,
        Format::Ofd,
    ];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Text => "txt",
            Format::Ofd => "ofd",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            "xlsx" => Some(Format::Xlsx),
            "text" | "txt" => Some(Format::Text),
            "ofd" => Some(Format::Ofd),
            _ => None,
        }
    }

    /// Whether the writer needs resolved fonts.
    pub fn needs_fonts(self) -> bool {
        matches!(self, Format::Pdf | Format::Docx | Format::Ofd)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "text",
            other => other.extension(),
        })
    }
}

/// Renders one format. `fonts` must be given for the formats that need it.
pub fn render(
    report: &model::Report,
    format: Format,
    fonts: Option<&fonts::FontSet>,
) -> Result<Vec<u8>, diag::Diagnostic> {
    render_composed(report, &compose::compose(report), format, fonts)
}

/// Renders one format of a report composed once for all the formats it is written in.
pub fn render_composed(
    report: &model::Report,
    composition: &compose::Composition,
    format: Format,
    fonts: Option<&fonts::FontSet>,
) -> Result<Vec<u8>, diag::Diagnostic> {
    render_composed_warned(report, composition, format, fonts).map(|(bytes, _)| bytes)
}

/// [`render_composed`], with the located warnings of what the writer had to change from what
/// the report asked for (the PDF layout's: e.g. a forced title line wrapped), for `check` and
/// `build` to print.
pub fn render_composed_warned(
    report: &model::Report,
    composition: &compose::Composition,
    format: Format,
    fonts: Option<&fonts::FontSet>,
) -> Rendered {
    let need =
        || fonts.ok_or_else(|| export::writer_failed(&format.to_string(), "no fonts were given"));
    let bytes = match format {
        Format::Text => export::text::write_composition(report, composition).into_bytes(),
        Format::Pdf => {
            let fonts = need()?;
            let doc = layout::layout_composition(composition, fonts)?;
            let bytes = export::pdf::serialize(composition, fonts, &doc, Some(report))?;
            return Ok((bytes, doc.warnings));
        }
        Format::Ofd => {
            let fonts = need()?;
            let doc = layout::layout_composition(composition, fonts)?;
            let bytes = export::ofd::serialize(report, composition, fonts, &doc)?;
            return Ok((bytes, doc.warnings));
        }
        Format::Docx => export::docx::write_composition(report, composition, need()?)?,
        Format::Xlsx => export::xlsx::write(report)?,
    };
    Ok((bytes, Vec::new()))
}

/// Every format of `formats` of one report composed once, built side by side: the PDF's layout
/// and serialisation take longest, and the other writers run beside them. The results come in
/// the order of `formats`, each the very bytes [`render_composed_warned`] gives alone.
pub fn render_formats(
    report: &model::Report,
    composition: &compose::Composition,
    formats: &[Format],
    fonts: Option<&fonts::FontSet>,
) -> Vec<Rendered> {
    use rayon::prelude::*;
    let paged = |f: &Format| matches!(f, Format::Pdf | Format::Ofd);
    let (Some(set), true) = (fonts, formats.iter().filter(|f| paged(f)).count() == 2) else {
        // One task per format, however few: each is worth a thread.
        return formats
            .par_iter()
            .with_max_len(1)
            .map(|&f| render_composed_warned(report, composition, f, fonts))
            .collect();
    };
    // The PDF and the OFD are two serialisations of the same pages: laid out once for both,
    // beside the other writers.
    let others: Vec<Format> = formats.iter().copied().filter(|f| !paged(f)).collect();
    let ((pdf, ofd), rest) = rayon::join(
        || match layout::layout_composition(composition, set) {
            Ok(doc) => {
                let (pdf, ofd) = rayon::join(
                    || export::pdf::serialize(composition, set, &doc, Some(report)),
                    || export::ofd::serialize(report, composition, set, &doc),
                );
                let warnings = doc.warnings;
                (
                    pdf.map(|b| (b, warnings.clone())),
                    ofd.map(|b| (b, warnings)),
                )
            }
            Err(e) => (Err(e.clone()), Err(e)),
        },
        || {
            others
                .par_iter()
                .with_max_len(1)
                .map(|&f| render_composed_warned(report, composition, f, fonts))
                .collect::<Vec<_>>()
        },
    );
    let (mut pdf, mut ofd, mut rest) = (Some(pdf), Some(ofd), rest.into_iter());
    // The layout's warnings go with whichever of the two comes first, so they are said once.
    let pdf_first = formats.iter().position(|f| *f == Format::Pdf)
        < formats.iter().position(|f| *f == Format::Ofd);
    formats
        .iter()
        .map(|f| match f {
            Format::Pdf => without_warnings(pdf.take().expect("one PDF"), !pdf_first),
            Format::Ofd => without_warnings(ofd.take().expect("one OFD"), pdf_first),
            _ => rest.next().expect("one result per other format"),
        })
        .collect()
}

fn without_warnings(r: Rendered, drop: bool) -> Rendered {
    r.map(|(b, w)| (b, if drop { Vec::new() } else { w }))
}

/// One format's bytes with the layout's warnings, or why it could not be made.
pub type Rendered = Result<(Vec<u8>, Vec<diag::Diagnostic>), diag::Diagnostic>;

/// Feeds arbitrary bytes through load → check → every writer, ignoring errors: what the fuzz
/// target (tests/fuzz) and its regression tests run. Panics are the only failure.
#[doc(hidden)]
pub fn pipeline_for_fuzzing(data: &[u8]) {
    use std::sync::OnceLock;
    static FONTS: OnceLock<Option<fonts::FontSet>> = OnceLock::new();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loaded) = parse(text, "fuzz.yaml") else {
        return;
    };
    let fonts =
        FONTS.get_or_init(|| fonts::FontSet::resolve(&fonts::FontOptions::bundled_only()).ok());
    let Some(fonts) = fonts.as_ref() else { return };
    let _ = check::glyphs(&loaded.report, fonts);
    let _ = indicators::collect(&loaded.report);
    for format in Format::ALL {
        let _ = render(&loaded.report, format, Some(fonts));
    }
}
