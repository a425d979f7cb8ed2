//! The `gongwen` command: arguments in, library calls, messages and an exit code out.
//! Exit codes: 0 success, 1 the input is wrong (diagnostics printed), 2 usage or environment.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use gongwen::catalogue::Catalogue;
use gongwen::diag::{self, Diagnostic, Lang};
use gongwen::export::xlsx::MergeInput;
use gongwen::fonts::{FontOptions, FontSet, NamedIn, Role};
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
    /// An office's indicator catalogue, added to the built-in one (same ids replace entries): used by import, check, build and xlsx.
    #[arg(long, global = true, value_name = "FILE")]
    catalogue: Option<PathBuf>,
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
    /// Use this font for a role: ROLE=NAME or ROLE=PATH (roles: title, body, heading1, heading2, page_number, tibetan).
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
    /// Check reports as build would (fonts resolved, every format rendered in memory) and print what is wrong; writes nothing.
    Check {
        #[arg(required = true, value_name = "FILE.yaml")]
        inputs: Vec<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
        #[command(flatten)]
        font_args: FontArgs,
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
    /// Turn a published report (text, DOCX or PDF) into the YAML source.
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

/// Why a run stopped. Every message has been printed, or is carried here to print.
enum Failure {
    /// The input is wrong (exit 1); the messages are printed.
    Input,
    /// A usage or environment problem (exit 2) whose messages are printed.
    Reported,
    /// A usage or environment problem (exit 2) to print.
    Usage(Box<Diagnostic>),
}

impl Failure {
    fn usage(d: Diagnostic) -> Failure {
        Failure::Usage(Box::new(d))
    }

    fn exit_code(&self) -> u8 {
        match self {
            Failure::Input => 1,
            Failure::Reported | Failure::Usage(_) => 2,
        }
    }

    /// The more serious of two failures of one run (a usage problem outranks a wrong input).
    fn worst(a: Option<Failure>, b: Failure) -> Option<Failure> {
        match a {
            Some(a) if a.exit_code() >= b.exit_code() => Some(a),
            _ => Some(b),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut printer = Printer {
        json: matches!(cli.message_format, MessageFormat::Json),
        lang: match cli.lang {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        },
        seen: RefCell::new(HashSet::new()),
        catalogue: Catalogue::builtin().clone(),
    };
    if let Some(path) = &cli.catalogue {
        match Catalogue::load(path) {
            Ok(office) => printer.catalogue = printer.catalogue.extended_by(&office),
            Err(diags) => {
                printer.print(&diags);
                return ExitCode::from(2);
            }
        }
    }
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
            font_args,
        } => check(&printer, &inputs, deny_warnings, &font_args),
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
        Err(Failure::Usage(d)) => {
            printer.print(&[*d]);
            ExitCode::from(2)
        }
        Err(f) => ExitCode::from(f.exit_code()),
    }
}

struct Printer {
    json: bool,
    lang: Lang,
    /// Messages already shown by `print_once`.
    seen: RefCell<HashSet<String>>,
    /// The indicator catalogue of the run (built-in, plus `--catalogue`); it travels with the
    /// printer because every command that loads or imports a report has the printer at hand.
    catalogue: Catalogue,
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

    /// Prints the messages not printed before, and says how many were new: a `--font` name
    /// that is not installed concerns every report of the run but is said once.
    fn print_once(&self, diagnostics: &[Diagnostic]) -> usize {
        let fresh: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| self.seen.borrow_mut().insert(d.render(Lang::En)))
            .cloned()
            .collect();
        self.print(&fresh);
        fresh.len()
    }
}

/// Loads one report and prints its warnings; a failure is printed and says which exit code.
fn load_one(printer: &Printer, input: &Path) -> Result<gongwen::Loaded, Failure> {
    match gongwen::yaml::load_with(input, &printer.catalogue) {
        Ok(l) => {
            printer.print(&l.warnings);
            Ok(l)
        }
        Err(diags) => {
            printer.print(&diags);
            // A file that cannot be read at all is a usage problem (2), not a wrong report (1).
            if diags.iter().any(|d| d.code == "unreadable") {
                Err(Failure::Reported)
            } else {
                Err(Failure::Input)
            }
        }
    }
}

fn load_all(
    printer: &Printer,
    inputs: &[PathBuf],
) -> Result<Vec<(PathBuf, gongwen::Loaded)>, Failure> {
    let mut loaded = Vec::new();
    let mut failed = None;
    for input in inputs {
        match load_one(printer, input) {
            Ok(l) => loaded.push((input.clone(), l)),
            Err(f) => failed = Failure::worst(failed, f),
        }
    }
    match failed {
        Some(f) => Err(f),
        None => Ok(loaded),
    }
}

/// The `--font` options of the command line, read once for every report of the run.
fn command_line_fonts(args: &FontArgs) -> Result<BTreeMap<Role, String>, Failure> {
    let roles = "title, body, heading1, heading2, page_number, tibetan";
    let roles_zh = "title、body、heading1、heading2、page_number";
    let mut fonts = BTreeMap::new();
    for spec in &args.fonts {
        let (key, name) = spec.split_once('=').ok_or_else(|| {
            Failure::usage(
                Diagnostic::error("bad-font-option", format!("--font {spec}: write ROLE=FONT"))
                    .help(format!("e.g. --font body=仿宋_GB2312 (roles: {roles})"))
                    .zh(format!("--font {spec}：请写成 角色=字体"))
                    .help_zh(format!("例如 --font body=仿宋_GB2312（角色：{roles_zh}）")),
            )
        })?;
        let role = Role::from_key(key.trim()).ok_or_else(|| {
            Failure::usage(
                Diagnostic::error(
                    "bad-font-option",
                    format!("--font {spec}: unknown role `{key}`"),
                )
                .help(format!("roles: {roles}"))
                .zh(format!("--font {spec}：未知的字体角色 `{key}`"))
                .help_zh(format!("角色：{roles_zh}")),
            )
        })?;
        fonts.insert(role, name.trim().to_string());
    }
    Ok(fonts)
}

/// The font options for one report: its `fonts:` entries, overridden by `--font`.
fn font_options(
    args: &FontArgs,
    command_line: &BTreeMap<Role, String>,
    report: Option<&gongwen::model::Report>,
) -> FontOptions {
    let mut overrides = BTreeMap::new();
    let mut named_in = BTreeMap::new();
    if let Some(r) = report {
        for (key, name) in &r.fonts {
            if let Some(role) = Role::from_key(key) {
                overrides.insert(role, name.clone());
                let loc = r.source_map.loc(&format!("fonts.{key}"));
                named_in.insert(role, NamedIn::Report(loc));
            }
        }
    }
    for (role, name) in command_line {
        overrides.insert(*role, name.clone());
        named_in.insert(*role, NamedIn::CommandLine);
    }
    FontOptions {
        overrides,
        system: !args.bundled_fonts,
        extra_dirs: args.font_dirs.clone(),
        named_in,
    }
}

/// Font sets resolved in one run. Reports that name the same fonts share one set: the scan of
/// installed fonts and the loading of font files happen once per run, not once per report.
struct FontSets<'a> {
    args: &'a FontArgs,
    command_line: BTreeMap<Role, String>,
    sets: Vec<(BTreeMap<Role, String>, FontSet)>,
}

impl<'a> FontSets<'a> {
    /// Reads the `--font` options and, when fonts are `needed`, resolves the fonts they name,
    /// so that a font file given on the command line that cannot be used stops the run before
    /// any report is read. Text and workbook outputs need no fonts and scan none.
    fn new(args: &'a FontArgs, needed: bool) -> Result<FontSets<'a>, Failure> {
        let command_line = command_line_fonts(args)?;
        let mut sets = FontSets {
            args,
            command_line,
            sets: Vec::new(),
        };
        if needed {
            let opts = font_options(args, &sets.command_line, None);
            // Its warnings are printed with the first report, where they are counted.
            let set = FontSet::resolve(&opts).map_err(Failure::usage)?;
            sets.sets.push((opts.overrides, set));
        }
        Ok(sets)
    }

    /// The fonts of one report, after printing its font warnings (located in the report);
    /// `warnings` counts those printed.
    fn for_report(
        &mut self,
        printer: &Printer,
        input: &Path,
        l: &gongwen::Loaded,
        warnings: &mut usize,
    ) -> Result<&FontSet, Failure> {
        let opts = font_options(self.args, &self.command_line, Some(&l.report));
        let file = input.display().to_string();
        let at = match self.sets.iter().position(|(o, _)| *o == opts.overrides) {
            Some(i) => i,
            None => {
                let set = FontSet::resolve(&opts).map_err(|d| {
                    printer.print(&[d.in_file(&file, &l.source)]);
                    Failure::Reported
                })?;
                self.sets.push((opts.overrides.clone(), set));
                self.sets.len() - 1
            }
        };
        let set = &self.sets[at].1;
        let located: Vec<Diagnostic> = set
            .warnings_for(&opts)
            .into_iter()
            .map(|d| {
                // A `--font` name is not in the report: no file to point to.
                if d.line > 0 {
                    d.in_file(&file, &l.source)
                } else {
                    d
                }
            })
            .collect();
        *warnings += printer.print_once(&located);
        Ok(set)
    }
}

/// The bytes of each format of one report, not yet written.
type Rendered = Vec<(Format, Vec<u8>)>;

/// One report read, its fonts resolved and every asked format rendered in memory: what
/// `build` writes and `check` discards, so that both meet the same failures. Messages are
/// printed here; `warnings` counts them.
fn prepare(
    printer: &Printer,
    input: &Path,
    formats: &[Format],
    fonts: &mut FontSets,
    warnings: &mut usize,
) -> Result<(gongwen::Loaded, Rendered), Failure> {
    let l = load_one(printer, input)?;
    *warnings += l.warnings.len();
    let file = input.display().to_string();
    let set = if formats.iter().any(|f| f.needs_fonts()) {
        let set = fonts.for_report(printer, input, &l, warnings)?;
        // Say which characters print from a fallback face, or from none (an empty box).
        let glyphs: Vec<Diagnostic> = gongwen::check::glyphs(&l.report, set)
            .into_iter()
            .map(|d| d.in_file(&file, &l.source))
            .collect();
        printer.print(&glyphs);
        *warnings += glyphs.len();
        Some(set)
    } else {
        None
    };
    let mut rendered = Vec::new();
    let mut failed = false;
    let composition = gongwen::compose::compose(&l.report);
    for &f in formats {
        match gongwen::render_composed_warned(&l.report, &composition, f, set) {
            Ok((bytes, warned)) => {
                // The layout's warnings (a forced title line wrapped, …), located in the YAML.
                let warned: Vec<Diagnostic> = warned
                    .into_iter()
                    .map(|d| d.in_file(&file, &l.source))
                    .collect();
                printer.print(&warned);
                *warnings += warned.len();
                rendered.push((f, bytes));
            }
            Err(d) => {
                printer.print(&[d.in_file(&file, &l.source)]);
                failed = true;
            }
        }
    }
    if failed {
        return Err(Failure::Input);
    }
    Ok((l, rendered))
}

fn parse_formats(format: &[String]) -> Result<Vec<Format>, Failure> {
    if format.is_empty() {
        return Ok(Format::ALL.to_vec());
    }
    let mut v = Vec::new();
    for f in format {
        let parsed = Format::parse(f).ok_or_else(|| {
            Failure::usage(
                Diagnostic::error("unknown-format", format!("unknown format `{f}`"))
                    .help("formats: pdf, docx, xlsx, text")
                    .zh(format!("未知的格式 `{f}`"))
                    .help_zh("可用的格式：pdf、docx、xlsx、text"),
            )
        })?;
        if !v.contains(&parsed) {
            v.push(parsed);
        }
    }
    Ok(v)
}

fn would_overwrite(path: &Path) -> Failure {
    Failure::usage(
        Diagnostic::error(
            "overwrites-input",
            format!("{} would overwrite an input file", path.display()),
        )
        .help("choose another output folder with -o")
        .zh(format!("{} 会覆盖输入文件，已停止", path.display()))
        .help_zh("请用 -o 选择另一个输出文件夹"),
    )
}

fn cannot_write(path: &Path, e: &std::io::Error) -> Diagnostic {
    diag::io_failure("cannot-write", "cannot write", "无法写入", path, e)
        .help("check that the folder exists, that you may write to it and that the disk has room")
        .help_zh("请检查文件夹是否存在、是否有写入权限以及磁盘空间是否足够")
}

fn build(
    printer: &Printer,
    inputs: &[PathBuf],
    out: &Path,
    format: &[String],
    font_args: &FontArgs,
) -> Result<(), Failure> {
    let formats = parse_formats(format)?;
    for input in inputs {
        for &f in &formats {
            let path = output::output_path(input, out, f.extension());
            if inputs.iter().any(|i| output::same_file(i, &path)) {
                return Err(would_overwrite(&path));
            }
        }
    }
    let mut fonts = FontSets::new(font_args, formats.iter().any(|f| f.needs_fonts()))?;
    let mut failed: Option<Failure> = None;
    let mut folder_ready = false;
    let mut warnings = 0;
    // Each report is rendered completely before any of its files is written, so a failing
    // writer leaves no partial set for that report; the other reports are still written.
    for input in inputs {
        let rendered = match prepare(printer, input, &formats, &mut fonts, &mut warnings) {
            Ok((_, rendered)) => rendered,
            Err(f) => {
                failed = Failure::worst(failed, f);
                continue;
            }
        };
        if !folder_ready {
            std::fs::create_dir_all(out).map_err(|e| {
                Failure::usage(
                    diag::io_failure(
                        "cannot-create-folder",
                        "cannot create the output folder",
                        "无法创建输出文件夹",
                        out,
                        &e,
                    )
                    .help("choose another output folder with -o")
                    .help_zh("请用 -o 选择另一个输出文件夹"),
                )
            })?;
            folder_ready = true;
        }
        for (f, bytes) in &rendered {
            let path = output::output_path(input, out, f.extension());
            match output::write_atomic(&path, bytes) {
                Ok(()) => printer.wrote(&path, bytes.len()),
                Err(e) => {
                    printer.print(&[cannot_write(&path, &e)]);
                    failed = Failure::worst(failed, Failure::Reported);
                }
            }
        }
    }
    match failed {
        Some(f) => Err(f),
        None => Ok(()),
    }
}

fn check(
    printer: &Printer,
    inputs: &[PathBuf],
    deny_warnings: bool,
    font_args: &FontArgs,
) -> Result<(), Failure> {
    let mut fonts = FontSets::new(font_args, true)?;
    let mut failed: Option<Failure> = None;
    let mut warnings = 0;
    for input in inputs {
        // Every format is rendered and thrown away: whatever would stop `build` stops `check`.
        let l = match prepare(printer, input, &Format::ALL, &mut fonts, &mut warnings) {
            Ok((l, _)) => l,
            Err(f) => {
                failed = Failure::worst(failed, f);
                continue;
            }
        };
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
    if let Some(f) = failed {
        return Err(f);
    }
    if deny_warnings && warnings > 0 {
        return Err(Failure::Input);
    }
    Ok(())
}

fn fonts(printer: &Printer, check: Option<&Path>, font_args: &FontArgs) -> Result<(), Failure> {
    let command_line = command_line_fonts(font_args)?;
    let loaded = match check {
        Some(p) => Some(load_one(printer, p)?),
        None => None,
    };
    let opts = font_options(font_args, &command_line, loaded.as_ref().map(|l| &l.report));
    let file = check.map(|p| p.display().to_string()).unwrap_or_default();
    let source = loaded.as_ref().map_or("", |l| l.source.as_str());
    let set = FontSet::resolve(&opts).map_err(|d| {
        printer.print(&[d.in_file(&file, source)]);
        Failure::Reported
    })?;
    print!("{}", set.describe());
    let located: Vec<Diagnostic> = set
        .warnings()
        .iter()
        .cloned()
        .map(|d| {
            if d.line > 0 {
                d.in_file(&file, source)
            } else {
                d
            }
        })
        .collect();
    printer.print(&located);
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
        return Err(would_overwrite(out));
    }
    let loaded = load_all(printer, inputs)?;
    let files: Vec<String> = loaded
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    let merged: Vec<MergeInput> = loaded
        .iter()
        .zip(&files)
        .map(|((_, l), file)| MergeInput {
            file,
            report: &l.report,
        })
        .collect();
    let bytes = gongwen::export::xlsx::merge(&merged, &printer.catalogue).map_err(|d| {
        // A message about one of the reports quotes its line.
        let source = files
            .iter()
            .position(|f| *f == d.file)
            .map_or("", |k| loaded[k].1.source.as_str());
        let file = d.file.clone();
        printer.print(&[d.in_file(&file, source)]);
        Failure::Input
    })?;
    output::write_atomic(out, &bytes).map_err(|e| Failure::usage(cannot_write(out, &e)))?;
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
        return Err(Failure::usage(
            Diagnostic::error(
                "overwrites-input",
                format!("{} would overwrite the input file", out.display()),
            )
            .help("name the YAML to write with -o")
            .zh(format!("{} 会覆盖输入文件", out.display()))
            .help_zh("请用 -o 指定要写入的 YAML 文件名"),
        ));
    }
    if out.exists() && !force {
        return Err(Failure::usage(
            Diagnostic::error("output-exists", format!("{} exists", out.display()))
                .help("choose another name with -o, or add --force to overwrite it")
                .zh(format!("{} 已存在", out.display()))
                .help_zh("请用 -o 换一个文件名，或加 --force 覆盖"),
        ));
    }
    let imported =
        gongwen::import::from_path_with(input, &printer.catalogue).map_err(Failure::usage)?;
    let name = input.file_name().map_or_else(
        || input.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let yaml = gongwen::yaml::to_yaml_with(
        &imported.report,
        &gongwen::import::header_comment(&name),
        &printer.catalogue,
    );
    // Warnings point into the input (a line of text, a paragraph of a DOCX).
    let source = std::fs::read_to_string(input).unwrap_or_default();
    let warnings: Vec<Diagnostic> = imported
        .warnings
        .iter()
        .cloned()
        .map(|d| d.in_file(&input.display().to_string(), &source))
        .collect();
    printer.print(&warnings);
    output::write_atomic(&out, yaml.as_bytes())
        .map_err(|e| Failure::usage(cannot_write(&out, &e)))?;
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
