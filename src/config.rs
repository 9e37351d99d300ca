//! Settings: where the glossary is and how links to it are written.
//!
//! Sources, later overriding earlier: built-in defaults, a discovered
//! glossary folder, `.glossary-ls.toml` (this folder or a parent up to the
//! repository's root), and what
//! the caller passes (command-line flags, or the editor's settings).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::problem::{Code, Problem, Severity};

mod glossary_folder;
mod paths;
pub mod schema;

pub use glossary_folder::{GLOSSARY_FOLDERS, find_glossary_files, find_glossary_folder};
pub use paths::{absolute, canonical, normalize};
use paths::{is_inside, outside_paths};

/// The name of the configuration file looked up from the working folder upwards.
pub const CONFIG_FILE: &str = ".glossary-ls.toml";

/// Who watches the glossary and configuration files for changes on disk
/// (`files.watcher`): the client when it can, else the server (`auto`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Watcher {
    #[default]
    Auto,
    Client,
    Server,
    Off,
}

/// How a link to an entry is written when the tool writes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkStyle {
    /// A path from the document to the entry file.
    #[default]
    Relative,
    /// The URL template with `{slug}`.
    Url,
    /// Hugo `{{< ref "..." >}}`.
    Ref,
    /// Hugo `{{< relref "..." >}}`.
    Relref,
    /// The first `link.shorthand` destination: `[text](g)`.
    Shorthand,
    /// Kubernetes' `{{< glossary_tooltip text="..." term_id="..." >}}`.
    GlossaryTooltip,
    /// MyST's {term}`text <term>` role.
    MystTerm,
}

/// The keys of `.glossary-ls.toml` (and of the editor's settings), as
/// [`schema::read`] reads them: what each means is in [`schema::SETTINGS`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigFile {
    /// Glossary folders, relative to the file.
    pub glossary: Option<Vec<PathBuf>>,
    pub link: LinkConfig,
    /// Level of each diagnostic, by code.
    pub diagnostics: BTreeMap<String, Level>,
    pub files: FilesConfig,
    /// The `[match]` table.
    pub matching: MatchConfig,
    /// The language of a multilingual termbase to read.
    pub glossary_language: Option<String>,
}

/// The `[match]` table: which names prose matching uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchConfig {
    /// Names never matched in prose.
    pub ignore: Option<Vec<String>>,
    /// Link texts that point at an entry are names of it.
    pub link_text_names: Option<bool>,
}

impl ConfigFile {
    /// `self` with every key that `later` sets taken from `later`.
    pub fn merged(mut self, later: ConfigFile) -> ConfigFile {
        if later.glossary.is_some() {
            self.glossary = later.glossary;
        }
        self.link.style = later.link.style.or(self.link.style);
        self.link.url = later.link.url.or(self.link.url);
        self.link.shorthand = later.link.shorthand.or(self.link.shorthand);
        self.matching.ignore = later.matching.ignore.or(self.matching.ignore);
        self.matching.link_text_names = later
            .matching
            .link_text_names
            .or(self.matching.link_text_names);
        self.diagnostics.extend(later.diagnostics);
        self.files.languages = later.files.languages.or(self.files.languages);
        self.files.max_size = later.files.max_size.or(self.files.max_size);
        self.files.max_glossary_files = later
            .files
            .max_glossary_files
            .or(self.files.max_glossary_files);
        self.files.max_glossary_size = later
            .files
            .max_glossary_size
            .or(self.files.max_glossary_size);
        self.files.watcher = later.files.watcher.or(self.files.watcher);
        self.glossary_language = later.glossary_language.or(self.glossary_language);
        self
    }
}

/// Bounds on what a glossary may make the loader read. `max_files` and
/// `max_file_bytes` are set by `files.max-glossary-files` and
/// `files.max-glossary-size`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    pub max_files: usize,
    pub max_file_bytes: u64,
    /// For single-file (CSV/TSV, TBX) glossaries.
    pub max_table_bytes: u64,
    /// `glossary-language`: the language a termbase with several (TBX) is
    /// read in.
    pub language: Option<String>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_files: 200_000,
            max_file_bytes: 4 * 1024 * 1024,
            max_table_bytes: 1024 * 1024 * 1024,
            language: None,
        }
    }
}

/// How loudly a diagnostic is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Error,
    Warning,
    #[serde(alias = "info")]
    Information,
    Hint,
}
impl From<Severity> for Level {
    fn from(severity: Severity) -> Self {
        match severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            Severity::Information => Level::Information,
            Severity::Hint => Level::Hint,
        }
    }
}

impl Level {
    /// The severity a configured level asks for; `None` when it is off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Information => Some(Severity::Information),
            Level::Hint => Some(Severity::Hint),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FilesConfig {
    /// Language ids analysed besides `markdown` and `plaintext`.
    pub languages: Option<Vec<String>>,
    /// Largest document analysed, in bytes.
    pub max_size: Option<u64>,
    /// Most glossary entry files read.
    pub max_glossary_files: Option<usize>,
    /// Largest glossary entry file read, in bytes.
    pub max_glossary_size: Option<u64>,
    /// Who watches files on disk.
    pub watcher: Option<Watcher>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LinkConfig {
    pub style: Option<LinkStyle>,
    /// URL template of an entry's page, such as `/glossary/{slug}/`.
    pub url: Option<String>,
    /// Destinations that mean "the entry this link's text names" (`[text](g)`).
    pub shorthand: Option<Vec<String>>,
}

#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Where the glossary comes from, after discovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlossarySource {
    Folders(Vec<PathBuf>),
    Builtin,
}

/// Why the glossary in force is the one it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GlossaryOrigin {
    /// `--glossary` or `--builtin`.
    Asked,
    /// The `glossary` key of the configuration file or the editor's settings.
    Configured,
    /// A glossary folder found under the working folder.
    Discovered,
    /// Nothing named or found: the built-in glossary stands in.
    #[default]
    Fallback,
}

/// Settings in force, with paths made absolute.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub glossary: GlossarySource,
    pub glossary_origin: GlossaryOrigin,
    pub link_style: LinkStyle,
    /// Explicit URL template; otherwise one is derived per glossary folder.
    pub link_url: Option<String>,
    /// The configuration file that was read, if any.
    pub config_file: Option<PathBuf>,
    /// Diagnostic levels set by configuration, by code; see [`Settings::level`].
    pub diagnostics: BTreeMap<String, Level>,
    /// Language ids analysed besides `markdown` and `plaintext`.
    pub languages: Vec<String>,
    /// Largest document analysed, in bytes.
    pub max_document_bytes: u64,
    /// How many glossary files, and how large, the loader reads.
    pub glossary_limits: Limits,
    /// Link destinations that name the entry by the link's text.
    pub link_shorthand: Vec<String>,
    /// Names never matched in prose.
    pub match_ignore: Vec<String>,
    /// Link texts that point at an entry are names of it (`match.link-text-names`).
    pub link_text_names: bool,
    /// Who watches files on disk (the language server only).
    pub watcher: Watcher,
}

/// Default for [`Settings::link_shorthand`].
pub fn default_shorthand() -> Vec<String> {
    vec!["g".to_string()]
}

impl Settings {
    /// Which glossary is in force, for people: `content/en/terms (156
    /// entries)`, folders shown relative to `base` when inside it.
    pub fn glossary_summary(&self, base: &Path, entries: usize) -> String {
        let what = match &self.glossary {
            GlossarySource::Builtin => "the built-in AI glossary".to_string(),
            GlossarySource::Folders(folders) => folders
                .iter()
                .map(|f| {
                    f.strip_prefix(base)
                        .ok()
                        .filter(|p| !p.as_os_str().is_empty())
                        .unwrap_or(f)
                        .display()
                        .to_string()
                })
                .collect::<Vec<_>>()
                .join(", "),
        };
        let why = match self.glossary_origin {
            GlossaryOrigin::Fallback => {
                "; no .glossary-ls.toml and no glossary folder found here".to_string()
            }
            GlossaryOrigin::Configured => match &self.config_file {
                Some(file) => format!(", from {}", file.display()),
                None => ", from the editor's settings".to_string(),
            },
            GlossaryOrigin::Discovered | GlossaryOrigin::Asked => String::new(),
        };
        format!("{what} ({entries} entries{why})")
    }

    /// The level of a diagnostic: configured, else its default (the
    /// `unlinked-term` hint is off unless asked for).
    /// The level a code is reported at: what `[diagnostics]` says, else
    /// the code's own default.
    pub fn level(&self, code: Code) -> Level {
        match self.diagnostics.get(code.as_str()) {
            Some(level) => *level,
            None => code.default_severity().map_or(Level::Off, Level::from),
        }
    }

    /// A problem at the level the settings ask for; `None` when its code is
    /// off. The one place levels are applied, for the CLI and the server.
    pub fn apply_level(&self, mut problem: Problem) -> Option<Problem> {
        let level = match self.diagnostics.get(problem.code.as_str()) {
            Some(level) => *level,
            None if problem.code.default_severity().is_none() => Level::Off,
            None => problem.severity.into(),
        };
        problem.severity = level.severity()?;
        Some(problem)
    }
}

impl Default for Settings {
    /// The built-in glossary with every default.
    fn default() -> Self {
        Settings {
            glossary: GlossarySource::Builtin,
            glossary_origin: GlossaryOrigin::Fallback,
            link_style: LinkStyle::default(),
            link_url: None,
            config_file: None,
            diagnostics: BTreeMap::new(),
            languages: Vec::new(),
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
            glossary_limits: Limits::default(),
            link_shorthand: default_shorthand(),
            match_ignore: Vec::new(),
            link_text_names: false,
            watcher: Watcher::default(),
        }
    }
}

/// Default for [`Settings::max_document_bytes`].
pub const DEFAULT_MAX_DOCUMENT_BYTES: u64 = 16 * 1024 * 1024;

/// What the caller overrides.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Use the built-in glossary whatever the config file says.
    pub builtin: bool,
    pub glossary: Vec<PathBuf>,
    pub link_url: Option<String>,
    pub link_style: Option<LinkStyle>,
}

/// Finds the settings for work in `cwd`. A configuration file with a bad
/// key or value is an error that names it.
pub fn discover(cwd: &Path, overrides: &Overrides) -> Result<Settings, ConfigError> {
    let config_path = find_config(cwd);
    let file = match &config_path {
        Some(path) => read_config(path)?,
        None => ConfigFile::default(),
    };
    let config_dir = config_path
        .as_deref()
        .and_then(Path::parent)
        .unwrap_or(cwd)
        .to_path_buf();
    if let Some(message) = outside_paths(&config_dir, file.glossary.as_deref().unwrap_or(&[]))
        .into_iter()
        .next()
    {
        return Err(ConfigError {
            path: config_path.unwrap_or_else(|| cwd.join(CONFIG_FILE)),
            message,
        });
    }
    Ok(settings_from(
        cwd,
        &config_dir,
        overrides,
        file,
        config_path,
    ))
}

/// Settings from what was read: overrides first, then the file's keys
/// (glossary paths relative to `glossary_base`), then discovery.
fn settings_from(
    cwd: &Path,
    glossary_base: &Path,
    overrides: &Overrides,
    file: ConfigFile,
    config_file: Option<PathBuf>,
) -> Settings {
    let (glossary, glossary_origin) = if overrides.builtin {
        (GlossarySource::Builtin, GlossaryOrigin::Asked)
    } else if !overrides.glossary.is_empty() {
        (
            GlossarySource::Folders(
                overrides
                    .glossary
                    .iter()
                    .map(|p| absolute(cwd, p))
                    .collect(),
            ),
            GlossaryOrigin::Asked,
        )
    } else if let Some(folders) = &file.glossary {
        (
            GlossarySource::Folders(
                folders
                    .iter()
                    .map(|p| canonical(glossary_base, p))
                    .collect(),
            ),
            GlossaryOrigin::Configured,
        )
    } else {
        match find_glossary_folder(cwd) {
            Some(folder) => (
                GlossarySource::Folders(vec![folder]),
                GlossaryOrigin::Discovered,
            ),
            None => match find_glossary_files(cwd) {
                files if !files.is_empty() => {
                    (GlossarySource::Folders(files), GlossaryOrigin::Discovered)
                }
                _ => (GlossarySource::Builtin, GlossaryOrigin::Fallback),
            },
        }
    };
    Settings {
        glossary,
        glossary_origin,
        link_style: overrides.link_style.or(file.link.style).unwrap_or_default(),
        link_url: overrides.link_url.clone().or(file.link.url),
        link_shorthand: file.link.shorthand.unwrap_or_else(default_shorthand),
        match_ignore: file.matching.ignore.unwrap_or_default(),
        link_text_names: file.matching.link_text_names.unwrap_or(false),
        config_file,
        diagnostics: file.diagnostics,
        languages: file.files.languages.unwrap_or_default(),
        max_document_bytes: file.files.max_size.unwrap_or(DEFAULT_MAX_DOCUMENT_BYTES),
        glossary_limits: {
            let mut limits = Limits::default();
            if let Some(files) = file.files.max_glossary_files {
                limits.max_files = files;
            }
            if let Some(bytes) = file.files.max_glossary_size {
                limits.max_file_bytes = bytes;
            }
            limits.language = file.glossary_language.clone();
            limits
        },
        watcher: file.files.watcher.unwrap_or_default(),
    }
}

/// Settings for the language server, which must go on whatever the
/// configuration says: every key that can be read is used, each bad one is
/// reported by name and left at its default, and `client` (the editor's
/// settings, as JSON) overrides the file.
pub fn discover_lenient(
    cwd: &Path,
    overrides: &Overrides,
    client: Option<&serde_json::Value>,
) -> (Settings, Vec<String>) {
    let mut messages = Vec::new();
    let config_path = find_config(cwd);
    let mut file = ConfigFile::default();
    if let Some(path) = &config_path {
        let parsed = read_config_text(path).and_then(|text| read_toml(&text));
        match parsed {
            Ok((read, problems)) => {
                file = read;
                messages.extend(
                    problems
                        .into_iter()
                        .map(|p| format!("{}: {p}", path.display())),
                );
            }
            Err(message) => messages.push(format!("{}: {message}", path.display())),
        }
    }
    let mut glossary_base = config_path
        .as_deref()
        .and_then(Path::parent)
        .unwrap_or(cwd)
        .to_path_buf();
    let glossary_source = config_path
        .as_deref()
        .map_or_else(String::new, |p| p.display().to_string());
    if let Some(folders) = &mut file.glossary {
        let outside = outside_paths(&glossary_base, folders);
        if !outside.is_empty() {
            messages.extend(
                outside
                    .into_iter()
                    .map(|m| format!("{glossary_source}: {m}")),
            );
            folders.retain(|p| is_inside(&glossary_base, p));
            if folders.is_empty() {
                file.glossary = None;
            }
        }
    }
    if let Some(value) = client.filter(|v| !v.is_null()) {
        let (read, problems) = schema::read(value);
        messages.extend(
            problems
                .into_iter()
                .map(|p| format!("editor settings: {p}")),
        );
        if read.glossary.is_some() {
            glossary_base = cwd.to_path_buf();
        }
        file = file.merged(read);
    }
    let settings = settings_from(cwd, &glossary_base, overrides, file, config_path);
    (settings, messages)
}

/// `.glossary-ls.toml` in `dir`, or in the nearest parent up to the
/// repository root (the nearest folder holding `.git`). Outside a
/// repository only `dir` itself is looked in: a file in some folder above
/// the workspace is not the workspace's to follow.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    let top = dir.ancestors().find(|d| d.join(".git").exists());
    for folder in dir.ancestors() {
        let path = folder.join(CONFIG_FILE);
        if path.is_file() {
            return Some(path);
        }
        if top.is_none_or(|top| folder == top) {
            return None;
        }
    }
    None
}

/// The longest configuration file or section `_index.md` read.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// A configuration file's text: a regular file, bounded, UTF-8.
fn read_config_text(path: &Path) -> Result<String, String> {
    match crate::text::file::read_regular_text(path, MAX_CONFIG_BYTES) {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Err("cannot read: file is not valid UTF-8".to_string()),
        Err(e) => Err(format!("cannot read: {e}")),
    }
}

pub fn read_config(path: &Path) -> Result<ConfigFile, ConfigError> {
    let text = read_config_text(path).map_err(|message| ConfigError {
        path: path.to_path_buf(),
        message,
    })?;
    parse_config(&text).map_err(|message| ConfigError {
        path: path.to_path_buf(),
        message,
    })
}

/// Parses the configuration file's text strictly: every bad key or value
/// is an error, each named with what it must be.
pub fn parse_config(text: &str) -> Result<ConfigFile, String> {
    let (file, problems) = read_toml(text)?;
    match problems.is_empty() {
        true => Ok(file),
        false => Err(problems.join("\n  ")),
    }
}

/// The configuration file's keys, read as leniently as the editor's
/// settings: the good ones, and a message for each bad one. `Err` only
/// when the text is not TOML at all.
fn read_toml(text: &str) -> Result<(ConfigFile, Vec<String>), String> {
    let table = toml::from_str::<toml::Table>(text).map_err(|e| e.message().trim().to_string())?;
    let value = serde_json::to_value(table).map_err(|e| e.to_string())?;
    Ok(schema::read(&value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_keys() {
        let c = parse_config(
            "glossary = \"docs/terms\"\n[link]\nstyle = \"url\"\nurl = \"/terms/{slug}/\"\n",
        )
        .unwrap();
        assert_eq!(c.glossary, Some(vec![PathBuf::from("docs/terms")]));
        assert_eq!(c.link.style, Some(LinkStyle::Url));
    }

    #[test]
    fn diagnostics_and_merging() {
        let file =
            parse_config("[diagnostics]\nunlinked-term = \"hint\"\nbroken-link = \"error\"\n")
                .unwrap();
        let client = ConfigFile {
            diagnostics: [("broken-link".to_string(), Level::Off)].into(),
            ..Default::default()
        };
        let merged = file.merged(client);
        assert_eq!(merged.diagnostics["broken-link"], Level::Off);
        assert_eq!(merged.diagnostics["unlinked-term"], Level::Hint);
        let bad = parse_config("[diagnostics]\nbroken-links = \"off\"\n").unwrap_err();
        assert!(bad.contains("diagnostics.broken-links"), "{bad}");
    }

    #[test]
    fn lenient_settings_keep_good_keys_and_name_bad_ones() {
        let value = serde_json::json!({
            "glossary": "terms",
            "link": {"style": "sideways", "url": "/t/{slug}/"},
            "diagnostics": {"broken-link": "off", "nope": "hint", "draft-link": 3},
            "colour": "blue"
        });
        let (config, problems) = schema::read(&value);
        assert_eq!(config.glossary, Some(vec![PathBuf::from("terms")]));
        assert_eq!(config.link.style, None);
        assert_eq!(config.link.url.as_deref(), Some("/t/{slug}/"));
        assert_eq!(config.diagnostics.get("broken-link"), Some(&Level::Off));
        let joined = problems.join("\n");
        for key in [
            "link.style",
            "diagnostics.nope",
            "diagnostics.draft-link",
            "colour",
        ] {
            assert!(joined.contains(key), "{joined}");
        }
    }

    #[test]
    fn a_value_of_the_wrong_type_names_its_key_and_expected_type() {
        let err = parse_config("glossary = \"g\"\n\n[files]\nmax-size = \"big\"\n").unwrap_err();
        assert_eq!(
            err,
            "`files.max-size` must be a whole number of bytes, not \"big\"; it is not used"
        );
        assert_eq!(
            parse_config("glossary = [\"a\", \"b\"]").unwrap().glossary,
            Some(vec![PathBuf::from("a"), PathBuf::from("b")])
        );
    }

    #[test]
    fn unknown_key_is_named() {
        let err = parse_config("glosary = []").unwrap_err();
        assert_eq!(err, "unknown key `glosary`; did you mean `glossary`?");
        let err = parse_config("glossary = 5").unwrap_err();
        assert_eq!(
            err,
            "`glossary` must be a path or a list of paths, not 5; it is not used"
        );
    }
}
