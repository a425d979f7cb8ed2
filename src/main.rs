//! The `gongwen` command: arguments in, library calls, messages and an exit code out.
//! Exit codes: 0 success, 1 the input is wrong (diagnostics printed), 2 usage or environment;
//! 130, 143, 129 stopped by SIGINT, SIGTERM, SIGHUP.

mod cli;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use cli::batch::{self, BuildJob};
use cli::fontsets::{command_line_fonts, font_options, FontArgs};
use cli::inputs::would_overwrite;
use cli::printer::{Failure, Messages, Printer};
use cli::report::{cannot_write, load_one};
use cli::watch::{self, WatchJob};
use gongwen::catalogue::Catalogue;
use gongwen::diag::{Diagnostic, Lang};
use gongwen::export::xlsx::MergeInput;
use gongwen::fonts::FontSet;
use gongwen::output;

const EXAMPLES: &str = "\
Examples:
  gongwen build input/report.yaml                 PDF, DOCX, XLSX, text and OFD into out/
  gongwen build input/report.yaml -o dist --format pdf,docx
  gongwen build reports/ -o out                   every report under reports/, on all cores
  gongwen watch input/report.yaml                 build again on every save
  gongwen check input/report.yaml                 check the YAML, change nothing
  gongwen fonts                                   which font each role uses, and why
  gongwen xlsx --merge a.yaml b.yaml -o 汇总.xlsx  one comparison workbook
  gongwen schema > gongwen.schema.json            JSON Schema for editors
  gongwen import 2025年报告.txt -o input/report.yaml  last year's text or DOCX → YAML";

const BUILD_HELP: &str = "\
Reports: FILE.yaml files, folders (their *.yaml and *.yml, subfolders too, passing over hidden
files and YAML without a top-level `title:` or `body:`), or quoted patterns (\"reports/*.yaml\").
They are built in parallel on all cores; one that fails does not stop the others, and a summary
ends the run (exit 1 if any report failed).

Where files go: a report given as a file or by a pattern writes DIR/NAME.pdf …; a report found
in a folder keeps its subfolder under DIR (reports/a/x.yaml → DIR/a/x.pdf). Two reports that
would write the same file are refused before anything is written.

Each report's files are written whole and put in place together. SIGINT, SIGTERM and SIGHUP
remove the temporary files and exit 130, 143, 129.

Examples:
  gongwen build input/report.yaml -o dist --format pdf,docx
  gongwen build reports/ -o out
  gongwen build \"reports/2025-*.yaml\" --bundled-fonts";

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

#[derive(Subcommand)]
enum Command {
    /// Build the outputs of one or more reports: files, folders or patterns.
    #[command(after_help = BUILD_HELP)]
    Build {
        #[arg(required = true, value_name = "FILE.yaml|DIR|PATTERN")]
        inputs: Vec<PathBuf>,
        /// Output folder.
        #[arg(short, long, default_value = "out", value_name = "DIR")]
        out: PathBuf,
        /// Comma-separated formats: pdf, docx, xlsx, text, ofd (default: all).
        #[arg(long, value_delimiter = ',', value_name = "FORMATS")]
        format: Vec<String>,
        /// Reports built at once (default: one per core).
        #[arg(short, long, value_name = "N")]
        jobs: Option<usize>,
        #[command(flatten)]
        font_args: FontArgs,
    },
    /// Check reports as build would (fonts resolved, every format rendered in memory) and print what is wrong; writes nothing.
    Check {
        #[arg(required = true, value_name = "FILE.yaml|DIR|PATTERN")]
        inputs: Vec<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
        /// Reports checked at once (default: one per core).
        #[arg(short, long, value_name = "N")]
        jobs: Option<usize>,
        #[command(flatten)]
        font_args: FontArgs,
    },
    /// Build a report, then again each time it (or the --catalogue file) is saved, until Ctrl-C (exit 130).
    Watch {
        #[arg(value_name = "FILE.yaml")]
        input: PathBuf,
        /// Output folder.
        #[arg(short, long, default_value = "out", value_name = "DIR")]
        out: PathBuf,
        /// Comma-separated formats: pdf, docx, xlsx, text, ofd (default: all).
        #[arg(long, value_delimiter = ',', value_name = "FORMATS")]
        format: Vec<String>,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = matches!(cli.message_format, MessageFormat::Json);
    let lang = match cli.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    cli::signals::install(lang);
    let mut printer = Printer::new(json, lang, Catalogue::builtin().clone());
    if let Some(path) = &cli.catalogue {
        match Catalogue::load(path) {
            Ok(office) => printer.catalogue = printer.catalogue.extended_by(&office),
            Err(diags) => {
                printer.print(&diags);
                return ExitCode::from(2);
            }
        }
    }
    let catalogue = cli.catalogue.as_deref();
    let result = match cli.command {
        Command::Build {
            inputs,
            out,
            format,
            jobs,
            font_args,
        } => use_jobs(jobs).and_then(|()| {
            let job = BuildJob {
                inputs: &inputs,
                out: &out,
                format: &format,
                font_args: &font_args,
                catalogue,
            };
            summarise(&printer, batch::build(&printer, &job)?, true)
        }),
        Command::Check {
            inputs,
            deny_warnings,
            jobs,
            font_args,
        } => use_jobs(jobs).and_then(|()| {
            let summary = batch::check(&printer, &inputs, &font_args, catalogue, deny_warnings)?;
            let many = summary.total > 1 || !summary.skipped.is_empty();
            summarise(&printer, summary, many)
        }),
        Command::Watch {
            input,
            out,
            format,
            font_args,
        } => watch::watch(&WatchJob {
            input,
            out,
            format,
            font_args,
            catalogue: cli.catalogue.clone(),
            json,
            lang,
        }),
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

/// `--jobs N`: the size of the pool every report of the run, and the PDF writer's own
/// parallel work, share.
fn use_jobs(jobs: Option<usize>) -> Result<(), Failure> {
    let Some(n) = jobs else { return Ok(()) };
    if n == 0 {
        return Err(Failure::usage(
            Diagnostic::error("bad-jobs", "--jobs must be at least 1")
                .help("leave --jobs out to use every core")
                .zh("--jobs 至少为 1")
                .help_zh("不写 --jobs 则使用全部核心"),
        ));
    }
    // Fails only if the pool was made already, which nothing before this does.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build_global();
    Ok(())
}

/// Prints the summary of a batch (when `shown`) and turns it into the run's result.
fn summarise(
    printer: &Printer,
    summary: cli::summary::Summary,
    shown: bool,
) -> Result<(), Failure> {
    if shown {
        printer.say(&summary.render(printer.lang));
    }
    match summary.exit_code {
        0 => Ok(()),
        1 => Err(Failure::Input),
        _ => Err(Failure::Reported),
    }
}

fn load_all(
    printer: &Printer,
    inputs: &[PathBuf],
) -> Result<Vec<(PathBuf, gongwen::Loaded)>, Failure> {
    let mut loaded = Vec::new();
    let mut failed = None;
    for input in inputs {
        let mut m = Messages::default();
        let result = load_one(printer, input, &mut m);
        printer.emit(m);
        match result {
            Ok(l) => loaded.push((input.clone(), l)),
            Err(f) => failed = Failure::worst(failed, f),
        }
    }
    match failed {
        Some(f) => Err(f),
        None => Ok(loaded),
    }
}

fn fonts(printer: &Printer, check: Option<&Path>, font_args: &FontArgs) -> Result<(), Failure> {
    let command_line = command_line_fonts(font_args)?;
    let loaded = match check {
        Some(p) => {
            let mut m = Messages::default();
            let l = load_one(printer, p, &mut m);
            printer.emit(m);
            Some(l?)
        }
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
    printer.say(&match printer.lang {
        Lang::Zh => format!(
            "已写入 {}（{sections} 个层次，{numbers} 个指标，{} 条提示）",
            out.display(),
            warnings.len()
        ),
        Lang::En => format!(
            "wrote {} ({sections} sections, {numbers} indicators, {} warnings)",
            out.display(),
            warnings.len()
        ),
    });
    Ok(())
}
