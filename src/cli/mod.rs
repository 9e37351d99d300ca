//! The command-line interface: argument parsing and the commands.

mod check;
mod context;
mod exchange;
mod fix;
mod list;
mod lookup;
mod output;
mod progress;
mod scan;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use context::Context;

#[derive(Debug, Parser)]
#[command(
    name = "glossary-ls",
    version = env!("GLOSSARY_LS_VERSION"),
    about = "A language server and CLI that brings a Markdown glossary into the editor.",
    long_about = "A language server and CLI that brings a Markdown glossary into the editor.\n\n\
        Without a command (or with `serve` / `--stdio`) it runs the language server over stdio.\n\
        The glossary is, in order: --glossary folders, the `glossary` key of .glossary-ls.toml \
        (this folder or a parent), a glossary folder found here (content/glossary, glossary/, \
        a Hugo section whose _index.md says `type: glossary`), a glossary file found here \
        (GLOSSARY.md, docs/glossary.md, docs/glossary.rst, what mkdocs.yml auto-appends), \
        else the built-in AI glossary.",
    after_help = "Examples:\n  glossary-ls scan docs/\n  glossary-ls check --format json\n  \
        glossary-ls check --fix --dry-run docs/\n  \
        glossary-ls lookup 'neural networks'\n  glossary-ls list --glossary content/glossary"
)]
pub struct Cli {
    /// Run the language server over stdio (the same as `serve`).
    #[arg(long)]
    pub stdio: bool,

    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(flatten)]
    pub log: LogArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args, Default)]
pub struct GlobalArgs {
    /// A glossary folder (repeatable); overrides the config file and discovery.
    #[arg(long = "glossary", value_name = "DIR", global = true)]
    pub glossary: Vec<PathBuf>,

    /// Use the built-in AI glossary, ignoring the config file and discovery.
    #[arg(long, global = true, conflicts_with = "glossary")]
    pub builtin: bool,

    /// URL template of an entry's page, such as '/glossary/{slug}/'.
    #[arg(long = "link-url", value_name = "TEMPLATE", global = true)]
    pub link_url: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Human,
    /// The results as JSON (an array, or an object for `lookup`).
    Json,
    /// An object: `version` (2), `glossary` (which one, how many entries)
    /// and `result` (what `json` prints).
    #[value(name = "json-v2")]
    JsonV2,
}

impl Format {
    pub fn is_json(self) -> bool {
        matches!(self, Format::Json | Format::JsonV2)
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the language server over stdio.
    Serve(ServeArgs),
    /// Print every glossary term used in Markdown and text files.
    Scan(ScanArgs),
    /// Report problems in the glossary and broken glossary links in documents.
    Check(CheckArgs),
    /// Print the loaded glossary.
    List(ListArgs),
    /// Show the entry a term resolves to.
    Lookup(LookupArgs),
    /// Turn a prh dictionary or a Vale substitution rule into glossary terms:
    /// a CSV termbase on stdout, or entry files with --entries.
    Import(ImportArgs),
    /// Write the glossary's avoided terms as a Vale substitution rule or a prh
    /// dictionary, to run beside glossary-ls while a team moves over.
    Export(ExportArgs),
    /// Print the JSON schema of the settings (.glossary-ls.toml keys, and the
    /// editor's glossary-ls section).
    ConfigSchema,
}

#[derive(Debug, Clone, Args, Default)]
pub struct ServeArgs {
    /// Run over stdio (the default and only transport).
    #[arg(long)]
    pub stdio: bool,
}

/// The server's logging, given before or after `serve` (`glossary-ls
/// --stdio --log-level debug` as well as `glossary-ls serve --log-file x`).
#[derive(Debug, Clone, Args)]
pub struct LogArgs {
    /// Server: write logs to this file instead of stderr.
    #[arg(long, value_name = "PATH", global = true)]
    pub log_file: Option<PathBuf>,
    /// Server: log level: error, warn, info, debug or trace.
    #[arg(long, value_name = "LEVEL", default_value = "info", global = true)]
    pub log_level: String,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or folders to scan (folders are walked honouring .gitignore); default: the current folder.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Occurrences counted per entry (and how many are linked), most first.
    #[arg(long)]
    pub summary: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Documents or folders whose links to check; the glossary is always checked.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Also show, in human output, link texts that point at an entry
    /// without being one of its names (suggested-synonym; JSON always has them).
    #[arg(long)]
    pub synonyms: bool,
    /// Replace avoided terms and names in the wrong case with the glossary's
    /// preferred names, in place (each file written whole or not at all).
    #[arg(long)]
    pub fix: bool,
    /// With --fix: print the changes as a unified diff and write nothing.
    #[arg(long, requires = "fix")]
    pub dry_run: bool,
}

/// The rule files of other terminology checkers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuleFormat {
    /// A textlint-rule-prh dictionary (`rules` of `expected` and `patterns`).
    Prh,
    /// A Vale `substitution` rule (`swap`).
    Vale,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[arg(value_enum)]
    pub format: RuleFormat,
    /// The rule file.
    pub file: PathBuf,
    /// Write one entry file per term into this folder (existing files are
    /// left alone) instead of a CSV termbase on stdout.
    #[arg(long, value_name = "DIR")]
    pub entries: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(value_enum)]
    pub format: RuleFormat,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct LookupArgs {
    /// Any name of the term: title, acronym or synonym, any case, singular or plural.
    pub term: String,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

impl Default for LogArgs {
    fn default() -> Self {
        LogArgs {
            log_file: None,
            log_level: "info".to_string(),
        }
    }
}

/// Runs a command; returns the process exit code.
pub fn run(command: Command, global: &GlobalArgs) -> anyhow::Result<i32> {
    if matches!(command, Command::Serve(_)) {
        anyhow::bail!("`serve` runs the language server and is started by the binary itself");
    }
    if matches!(command, Command::ConfigSchema) {
        let schema = serde_json::to_string_pretty(&crate::config::schema::json_schema())?;
        output::emit(format!("{schema}\n").as_bytes())?;
        return Ok(0);
    }
    if let Command::Import(args) = &command {
        return exchange::import(args);
    }
    // Documents whose link texts can teach names: `check` always reads
    // them (suggested synonyms); the others only for `match.link-text-names`.
    let (documents, learn) = match &command {
        Command::Check(args) if args.paths.is_empty() => (Vec::new(), true),
        Command::Check(args) => (scan::documents(&args.paths)?, true),
        Command::Scan(args) => (scan::documents(&args.paths)?, false),
        _ => (Vec::new(), false),
    };
    let ctx = Context::load(global, &documents, learn)?;
    // Never silently: which glossary is in force, and why when it is the
    // built-in one standing in for a glossary that was not found.
    eprintln!(
        "glossary: {}",
        ctx.settings
            .glossary_summary(&ctx.cwd, ctx.index.glossary.len())
    );
    let code = match command {
        Command::Serve(_) | Command::ConfigSchema | Command::Import(_) => 2,
        Command::Export(args) => exchange::export(&ctx, &args)?,
        Command::Scan(args) => scan::run(&ctx, &args, documents)?,
        Command::Check(args) => check::run(&ctx, &args, &documents)?,
        Command::List(args) => list::run(&ctx, &args)?,
        Command::Lookup(args) => lookup::run(&ctx, &args)?,
    };
    // The process ends right after: freeing a large glossary piece by piece
    // would only make the command slower.
    std::mem::forget(ctx);
    Ok(code)
}
