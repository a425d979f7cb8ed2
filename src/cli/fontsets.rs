//! The fonts of a run: the `--font` options read once, the installed fonts scanned once, and
//! one [`FontSet`] per distinct set of font names, shared by every report that names them
//! (reports may name their own fonts under `fonts:`), whichever thread builds them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use gongwen::diag::Diagnostic;
use gongwen::fonts::{scan, FontOptions, FontSet, InstalledFace, NamedIn, Role};

use super::printer::{Failure, Messages, Printer};

#[derive(clap::Args, Clone, Default)]
pub struct FontArgs {
    /// Use this font for a role: ROLE=NAME or ROLE=PATH (roles: title, body, heading1, heading2, page_number, tibetan).
    #[arg(long = "font", value_name = "ROLE=FONT")]
    pub fonts: Vec<String>,
    /// Also look for fonts in this folder.
    #[arg(long = "font-dir", value_name = "DIR")]
    pub font_dirs: Vec<PathBuf>,
    /// Use only the fonts bundled with gongwen, ignore installed ones.
    #[arg(long)]
    pub bundled_fonts: bool,
}

/// The `--font` options of the command line, read once for every report of the run.
pub fn command_line_fonts(args: &FontArgs) -> Result<BTreeMap<Role, String>, Failure> {
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
pub fn font_options(
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

type Resolved = Arc<OnceLock<Result<Arc<FontSet>, Diagnostic>>>;

/// Font sets resolved in one run, by the font names they were resolved for.
pub struct FontSets {
    args: FontArgs,
    command_line: BTreeMap<Role, String>,
    installed: OnceLock<Vec<InstalledFace>>,
    sets: Mutex<Vec<(BTreeMap<Role, String>, Resolved)>>,
}

impl FontSets {
    /// Reads the `--font` options and, when fonts are `needed`, resolves the fonts they name,
    /// so that a font file given on the command line that cannot be used stops the run before
    /// any report is read. Text and workbook outputs need no fonts and scan none.
    pub fn new(args: &FontArgs, needed: bool) -> Result<FontSets, Failure> {
        let sets = FontSets {
            args: args.clone(),
            command_line: command_line_fonts(args)?,
            installed: OnceLock::new(),
            sets: Mutex::new(Vec::new()),
        };
        if needed {
            let opts = font_options(args, &sets.command_line, None);
            // Its warnings are printed with the first report, where they are counted.
            sets.resolved(&opts).map_err(Failure::usage)?;
        }
        Ok(sets)
    }

    /// The set for these options: resolved by the first report that asks, while the others
    /// asking for the same wait for it.
    fn resolved(&self, opts: &FontOptions) -> Result<Arc<FontSet>, Diagnostic> {
        let cell = {
            let mut sets = self.sets.lock().unwrap_or_else(|e| e.into_inner());
            match sets.iter().find(|(o, _)| *o == opts.overrides) {
                Some((_, cell)) => cell.clone(),
                None => {
                    let cell: Resolved = Arc::default();
                    sets.push((opts.overrides.clone(), cell.clone()));
                    cell
                }
            }
        };
        let installed = self.installed(opts);
        match cell.get_or_init(|| FontSet::resolve_scanned(opts, installed).map(Arc::new)) {
            Ok(set) => Ok(set.clone()),
            // The message points to where the font was named, which differs between reports
            // naming the same font: resolved again with this report's places.
            Err(_) => FontSet::resolve_scanned(opts, installed).map(Arc::new),
        }
    }

    /// The installed faces, scanned on first need; `system` and `extra_dirs` are the same for
    /// every report of a run.
    fn installed(&self, opts: &FontOptions) -> &[InstalledFace] {
        self.installed.get_or_init(|| {
            if opts.system || !opts.extra_dirs.is_empty() {
                scan(opts)
            } else {
                Vec::new()
            }
        })
    }

    /// The fonts of one report, with its font warnings (located in the report) added to
    /// `messages`; a warning said for an earlier report is not repeated.
    pub fn for_report(
        &self,
        printer: &Printer,
        input: &Path,
        l: &gongwen::Loaded,
        messages: &mut Messages,
    ) -> Result<Arc<FontSet>, Failure> {
        let opts = font_options(&self.args, &self.command_line, Some(&l.report));
        let file = input.display().to_string();
        let set = match self.resolved(&opts) {
            Ok(set) => set,
            Err(d) => {
                messages.diagnostics([d.in_file(&file, &l.source)]);
                return Err(Failure::Reported);
            }
        };
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
        messages.diagnostics(printer.fresh(located));
        Ok(set)
    }
}
