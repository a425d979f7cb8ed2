//! The `gongwen` command: arguments in, library calls, messages and an exit code out.
//! Exit codes: 0 success, 1 the input is wrong (diagnostics printed), 2 usage or environment.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use gongwen::diag::{self, Diagnostic, Lang};
use gongwen::fonts::{FontOptions, FontSet, Role};
use gongwen::{output, Format};

const EXAMPLES: &str = "\
Examples:
  gongwen build input/report.yaml                 PDF, DOCX, XLSX and text into out/
  gongwen build input/report.yaml -o dist --format pdf,docx
  gongwen check input/report.yaml                 check the YAML, change nothing
  gongwen fonts                                   which font each role uses, and why
  gongwen xlsx --merge a.yaml b.yaml -o 汇总.xlsx  one comparison workbook
  gongwen schema > gongwen.schema.json            JSON Schema for editors
  gongwen import 2025年报告.txt -o input/report.yaml  last year's text or DOCX → YAML";

#[derive(Parser)]
#[command(name = "gongwen", version, about = "公文: one YAML report → GB/T 9704 PDF, editable DOCX, indicators workbook", after_help = EXAMPLES)]
struct Cli {
    /// How to print diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// Language of messages: zh (中文) or en.
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Zh)]
    lang: LangArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(Clone, Copy, ValueEnum)]
enum MessageFormat {
    Human,
    Json,
}

#[derive(clap::Args, Clone, Default)]
struct FontArgs {
    /// Use this font for a role: ROLE=NAME or ROLE=PATH (roles: title, body, heading1, heading2, page_number).
    #[arg(long = "font", value_name = "ROLE=FONT")]
    fonts: Vec<String>,
    /// Also look for fonts in this folder.
    #[arg(long = "font-dir", value_name = "DIR")]
    font_dirs: Vec<PathBuf>,
    /// Use only the fonts bundled with gongwen, ignore installed ones.
    #[arg(long)]
    bundled_fonts: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the outputs of one or more reports.
    #[command(after_help = EXAMPLES)]
    Build {
        #[arg(required = true, value_name = "FILE.yaml")]
        inputs: Vec<PathBuf>,
        /// Output folder.
        #[arg(short, long, default_value = "out", value_name = "DIR")]
        out: PathBuf,
        /// Comma-separated formats: pdf, docx, xlsx, text (default: all).
        #[arg(long, value_delimiter = ',', value_name = "FORMATS")]
        format: Vec<String>,
        #[command(flatten)]
        font_args: FontArgs,
    },
    /// Check reports and print what is wrong; writes nothing.
    Check {
        #[arg(required = true, value_name = "FILE.yaml")]
        inputs: Vec<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Print the JSON Schema of the report YAML.
    Schema,
    /// Show which font each role uses; with --check, characters that need a fallback font.
    Fonts {
        /// Report characters of this report that the chosen fonts lack.
        #[arg(long, value_name = "FILE.yaml")]
        check: Option<PathBuf>,
        #[command(flatten)]
        font_args: FontArgs,
    },
    /// Turn a published report (text or DOCX) into the YAML source.
    Import {
        #[arg(value_name = "FILE.txt|FILE.docx")]
        input: PathBuf,
        /// The YAML to write (default: the input's name with .yaml).
        #[arg(short, long, value_name = "FILE.yaml")]
        out: Option<PathBuf>,
        /// Overwrite the output if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Workbooks of indicators.
    Xlsx {
        /// Merge several reports into one comparison workbook.
        #[arg(long, required = true, num_args = 1.., value_name = "FILE.yaml")]
        merge: Vec<PathBuf>,
        /// The workbook to write.
        #[arg(short, long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
}

/// Why a run stopped: the input is wrong (1) or the run could not do its work (2).
enum Failure {
    Input,
    /// English and Chinese message.
    Environment(String, String),
    /// A usage or environment problem whose message is already printed.
    Reported,
}

impl Failure {
    fn env(en: String, zh: String) -> Failure {
        Failure::Environment(en, zh)
    }

    /// A message that comes from elsewhere (fonts, writers) in one language only.
    fn same(msg: String) -> Failure {
        Failure::Environment(msg.clone(), msg)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let printer = Printer {
        json: matches!(cli.message_format, MessageFormat::Json),
        lang: match cli.lang {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        },
    };
    let result = match cli.command {
        Command::Build {
            inputs,
            out,
            format,
            font_args,
        } => build(&printer, &inputs, &out, &format, &font_args),
        Command::Check {
            inputs,
            deny_warnings,
        } => check(&printer, &inputs, deny_warnings),
        Command::Schema => {
            println!("{}", gongwen::yaml::schema());
            Ok(())
        }
        Command::Fonts { check, font_args } => fonts(&printer, check.as_deref(), &font_args),
        Command::Xlsx { merge, out } => xlsx_merge(&printer, &merge, &out),
        Command::Import { input, out, force } => import(&printer, &input, out, force),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input) => ExitCode::from(1),
        Err(Failure::Reported) => ExitCode::from(2),
        Err(Failure::Environment(en, zh)) => {
            match printer.lang {
                Lang::Zh => eprintln!("错误：{zh}"),
                Lang::En => eprintln!("error: {en}"),
            }
            ExitCode::from(2)
        }
    }
}

struct Printer {
    json: bool,
    lang: Lang,
}

impl Printer {
    fn wrote(&self, path: &Path, len: usize) {
        match self.lang {
            Lang::Zh => eprintln!("已写入 {}（{len} 字节）", path.display()),
            Lang::En => eprintln!("wrote {} ({len} bytes)", path.display()),
        }
    }

    fn print(&self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            if self.json {
                println!("{}", diag::to_json(d, self.lang));
            } else {
                eprint!("{}", d.render(self.lang));
            }
        }
    }
}

fn load_all(
    printer: &Printer,
    inputs: &[PathBuf],
) -> Result<Vec<(PathBuf, gongwen::Loaded)>, Failure> {
    let mut loaded = Vec::new();
    let mut failed = false;
    let mut unreadable = false;
    for input in inputs {
        match gongwen::load(input) {
            Ok(l) => {
                printer.print(&l.warnings);
                loaded.push((input.clone(), l));
            }
            Err(diags) => {
                printer.print(&diags);
                // A file that cannot be read at all is a usage problem (2), not a wrong report (1).
                unreadable |= diags.iter().any(|d| d.code == "unreadable");
                failed = true;
            }
        }
    }
    if unreadable {
        Err(Failure::Reported)
    } else if failed {
        Err(Failure::Input)
    } else {
        Ok(loaded)
    }
}

fn font_options(
    args: &FontArgs,
    report: Option<&gongwen::model::Report>,
) -> Result<FontOptions, Failure> {
    let mut overrides = BTreeMap::new();
    if let Some(r) = report {
        for (key, name) in &r.fonts {
            if let Some(role) = Role::from_key(key) {
                overrides.insert(role, name.clone());
            }
        }
    }
    for spec in &args.fonts {
        let (key, name) = spec.split_once('=').ok_or_else(|| {
            Failure::env(
                format!("--font {spec}: write ROLE=FONT, e.g. --font body=仿宋_GB2312"),
                format!("--font {spec}：请写成 角色=字体，例如 --font body=仿宋_GB2312"),
            )
        })?;
        let role = Role::from_key(key.trim()).ok_or_else(|| {
            Failure::env(
                format!("--font {spec}: unknown role `{key}` (roles: title, body, heading1, heading2, page_number)"),
                format!("--font {spec}：未知的字体角色 `{key}`（角色：title、body、heading1、heading2、page_number）"),
            )
        })?;
        overrides.insert(role, name.trim().to_string());
    }
    Ok(FontOptions {
        overrides,
        system: !args.bundled_fonts,
        extra_dirs: args.font_dirs.clone(),
    })
}

fn build(
    printer: &Printer,
    inputs: &[PathBuf],
    out: &Path,
    format: &[String],
    font_args: &FontArgs,
) -> Result<(), Failure> {
    let formats: Vec<Format> = if format.is_empty() {
        Format::ALL.to_vec()
    } else {
        let mut v = Vec::new();
        for f in format {
            let parsed = Format::parse(f).ok_or_else(|| {
                Failure::env(
                    format!("unknown format `{f}` (formats: pdf, docx, xlsx, text)"),
                    format!("未知的格式 `{f}`（可用：pdf、docx、xlsx、text）"),
                )
            })?;
            if !v.contains(&parsed) {
                v.push(parsed);
            }
        }
        v
    };
    let loaded = load_all(printer, inputs)?;
    std::fs::create_dir_all(out).map_err(|e| {
        Failure::env(
            format!("cannot create the output folder {}: {e}", out.display()),
            format!("无法创建输出文件夹 {}：{e}", out.display()),
        )
    })?;
    // Render everything first, then write: a failure in any writer leaves no new file behind.
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    // Reports that name the same fonts share one resolved set: the scan of installed fonts
    // and the loading of font files happen once per run, not once per report.
    let mut sets: Vec<(BTreeMap<Role, String>, FontSet)> = Vec::new();
    for (input, l) in &loaded {
        let fonts = if formats.iter().any(|f| f.needs_fonts()) {
            let opts = font_options(font_args, Some(&l.report))?;
            let at = match sets.iter().position(|(o, _)| *o == opts.overrides) {
                Some(i) => i,
                None => {
                    let set = FontSet::resolve(&opts).map_err(|e| Failure::same(e.to_string()))?;
                    sets.push((opts.overrides.clone(), set));
                    sets.len() - 1
                }
            };
            let set = &sets[at].1;
            // Say which characters print from a fallback face, or from none (an empty box).
            let glyphs: Vec<Diagnostic> = gongwen::check::glyphs(&l.report, set)
                .into_iter()
                .map(|d| d.in_file(&input.display().to_string(), &l.source))
                .collect();
            printer.print(&glyphs);
            Some(at)
        } else {
            None
        };
        let fonts = fonts.map(|i| &sets[i].1);
        for &f in &formats {
            let path = output::output_path(input, out, f.extension());
            if inputs.iter().any(|i| output::same_file(i, &path)) {
                return Err(Failure::env(
                    format!("{} would overwrite an input file", path.display()),
                    format!("{} 会覆盖输入文件，已停止", path.display()),
                ));
            }
            let bytes = gongwen::render(&l.report, f, fonts)
                .map_err(|e| Failure::same(format!("{}: {e}", input.display())))?;
            files.push((path, bytes));
        }
    }
    for (path, bytes) in &files {
        output::write_atomic(path, bytes).map_err(|e| {
            Failure::env(
                format!("cannot write {}: {e}", path.display()),
                format!("无法写入 {}：{e}", path.display()),
            )
        })?;
        printer.wrote(path, bytes.len());
    }
    Ok(())
}

fn check(printer: &Printer, inputs: &[PathBuf], deny_warnings: bool) -> Result<(), Failure> {
    let loaded = load_all(printer, inputs)?;
    let warnings: usize = loaded.iter().map(|(_, l)| l.warnings.len()).sum();
    for (input, l) in &loaded {
        let n = gongwen::indicators::collect(&l.report).len();
        let sections = l.report.sections().len();
        match printer.lang {
            Lang::Zh => eprintln!("{}：通过（{sections} 个层次，{n} 个指标）", input.display()),
            Lang::En => eprintln!(
                "{}: ok ({sections} sections, {n} indicators)",
                input.display()
            ),
        }
    }
    if deny_warnings && warnings > 0 {
        return Err(Failure::Input);
    }
    Ok(())
}

fn fonts(printer: &Printer, check: Option<&Path>, font_args: &FontArgs) -> Result<(), Failure> {
    let loaded = match check {
        Some(p) => Some(load_all(printer, &[p.to_path_buf()])?.remove(0).1),
        None => None,
    };
    let opts = font_options(font_args, loaded.as_ref().map(|l| &l.report))?;
    let set = FontSet::resolve(&opts).map_err(|e| Failure::same(e.to_string()))?;
    print!("{}", set.describe());
    if let (Some(l), Some(path)) = (&loaded, check) {
        let diags: Vec<Diagnostic> = gongwen::check::glyphs(&l.report, &set)
            .into_iter()
            .map(|d| d.in_file(&path.display().to_string(), &l.source))
            .collect();
        printer.print(&diags);
        if diags.iter().any(|d| d.code == "missing-glyph") {
            return Err(Failure::Input);
        }
    }
    Ok(())
}

fn xlsx_merge(printer: &Printer, inputs: &[PathBuf], out: &Path) -> Result<(), Failure> {
    if inputs.iter().any(|i| output::same_file(i, out)) {
        return Err(Failure::env(
            format!("{} would overwrite an input file", out.display()),
            format!("{} 会覆盖输入文件，已停止", out.display()),
        ));
    }
    let loaded = load_all(printer, inputs)?;
    let reports: Vec<_> = loaded.into_iter().map(|(_, l)| l.report).collect();
    let bytes = gongwen::export::xlsx::merge(&reports).map_err(|e| Failure::same(e.to_string()))?;
    output::write_atomic(out, &bytes).map_err(|e| {
        Failure::env(
            format!("cannot write {}: {e}", out.display()),
            format!("无法写入 {}：{e}", out.display()),
        )
    })?;
    printer.wrote(out, bytes.len());
    Ok(())
}

fn import(
    printer: &Printer,
    input: &Path,
    out: Option<PathBuf>,
    force: bool,
) -> Result<(), Failure> {
    let out = out.unwrap_or_else(|| input.with_extension("yaml"));
    if output::same_file(input, &out) {
        return Err(Failure::env(
            format!("{} would overwrite the input file", out.display()),
            format!("{} 会覆盖输入文件", out.display()),
        ));
    }
    if out.exists() && !force {
        return Err(Failure::env(
            format!(
                "{} exists; choose another name with -o, or add --force to overwrite it",
                out.display()
            ),
            format!(
                "{} 已存在；请用 -o 换一个文件名，或加 --force 覆盖",
                out.display()
            ),
        ));
    }
    let imported = gongwen::import::from_path(input)
        .map_err(|e| Failure::env(e.to_string(), e.zh().to_string()))?;
    let name = input.file_name().map_or_else(
        || input.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let yaml = gongwen::yaml::to_yaml(&imported.report, &gongwen::import::header_comment(&name));
    // Warnings point into the input (a line of text, a paragraph of a DOCX).
    let source = std::fs::read_to_string(input).unwrap_or_default();
    let warnings: Vec<Diagnostic> = imported
        .warnings
        .iter()
        .cloned()
        .map(|d| d.in_file(&input.display().to_string(), &source))
        .collect();
    printer.print(&warnings);
    output::write_atomic(&out, yaml.as_bytes()).map_err(|e| {
        Failure::env(
            format!("cannot write {}: {e}", out.display()),
            format!("无法写入 {}：{e}", out.display()),
        )
    })?;
    eprint!("{}", imported.punctuation.render(5, printer.lang));
    let r = &imported.report;
    let (sections, numbers) = (r.sections().len(), gongwen::indicators::collect(r).len());
    match printer.lang {
        Lang::Zh => eprintln!(
            "已写入 {}（{sections} 个层次，{numbers} 个指标，{} 条提示）",
            out.display(),
            warnings.len()
        ),
        Lang::En => eprintln!(
            "wrote {} ({sections} sections, {numbers} indicators, {} warnings)",
            out.display(),
            warnings.len()
        ),
    }
    Ok(())
}
