//! Settings: where the glossary is and how links to it are written.
//!
//! Sources, later overriding earlier: built-in defaults, a discovered
//! glossary folder, `.glossary-ls.toml` (this folder or a parent), and what
//! the caller passes (command-line flags, or the editor's settings).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::problem::Severity;

/// The name of the configuration file looked up from the working folder upwards.
pub const CONFIG_FILE: &str = ".glossary-ls.toml";

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
}

/// The keys of `.glossary-ls.toml` (and of the editor's settings).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Glossary folders, relative to the file.
    #[serde(default, deserialize_with = "one_or_many")]
    pub glossary: Option<Vec<PathBuf>>,
    #[serde(default)]
    pub link: LinkConfig,
    /// Level of each diagnostic, by code: `off`, `error`, `warning`,
    /// `information` or `hint`.
    #[serde(default)]
    pub diagnostics: BTreeMap<String, Level>,
    #[serde(default)]
    pub files: FilesConfig,
    #[serde(default, rename = "match")]
    pub matching: MatchConfig,
}

/// The `[match]` table: which names prose matching uses.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MatchConfig {
    /// Names never matched in prose.
    pub ignore: Option<Vec<String>>,
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
        self
    }

    /// Rejects diagnostic codes that do not exist, naming them.
    pub fn validate(&self) -> Result<(), String> {
        for code in self.diagnostics.keys() {
            if !DIAGNOSTIC_CODES.contains(&code.as_str()) {
                return Err(format!(
                    "unknown diagnostic `diagnostics.{code}`; known: {}",
                    DIAGNOSTIC_CODES.join(", ")
                ));
            }
        }
        Ok(())
    }
}

/// Every diagnostic code glossary-ls reports.
pub const DIAGNOSTIC_CODES: &[&str] = &[
    "broken-link",
    "draft-link",
    "unlinked-term",
    "malformed-front-matter",
    "unresolved-related-term",
    "duplicate-title",
    "duplicate-term",
    "duplicate-slug",
    "missing-title",
    "missing-summary",
];

/// Bounds on what a glossary may make the loader read. `max_files` and
/// `max_file_bytes` are set by `files.max-glossary-files` and
/// `files.max-glossary-size`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_files: usize,
    pub max_file_bytes: u64,
    /// For single-file (CSV/TSV) glossaries.
    pub max_table_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_files: 200_000,
            max_file_bytes: 4 * 1024 * 1024,
            max_table_bytes: 1024 * 1024 * 1024,
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

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FilesConfig {
    /// Language ids analysed besides `markdown` and `plaintext`.
    pub languages: Option<Vec<String>>,
    /// Largest document analysed, in bytes.
    #[serde(rename = "max-size", alias = "max_size", alias = "maxSize")]
    pub max_size: Option<u64>,
    /// Most glossary entry files read.
    #[serde(
        rename = "max-glossary-files",
        alias = "max_glossary_files",
        alias = "maxGlossaryFiles"
    )]
    pub max_glossary_files: Option<usize>,
    /// Largest glossary entry file read, in bytes.
    #[serde(
        rename = "max-glossary-size",
        alias = "max_glossary_size",
        alias = "maxGlossarySize"
    )]
    pub max_glossary_size: Option<u64>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LinkConfig {
    pub style: Option<LinkStyle>,
    /// URL template of an entry's page, such as `/glossary/{slug}/`.
    pub url: Option<String>,
    /// Destinations that mean "the entry this link's text names" (`[text](g)`).
    pub shorthand: Option<Vec<String>>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<PathBuf>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(PathBuf),
        Many(Vec<PathBuf>),
    }
    Ok(Option::<OneOrMany>::deserialize(d)?.map(|v| match v {
        OneOrMany::One(p) => vec![p],
        OneOrMany::Many(v) => v,
    }))
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
    pub fn level(&self, code: &str, default: Level) -> Level {
        match self.diagnostics.get(code) {
            Some(level) => *level,
            None if code == "unlinked-term" => Level::Off,
            None => default,
        }
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

/// Finds the settings for work in `cwd`.
pub fn discover(cwd: &Path, overrides: &Overrides) -> Result<Settings, ConfigError> {
    discover_with(cwd, overrides, None)
}

/// Finds the settings for work in `cwd`, with `client` (the editor's
/// settings, paths relative to `cwd`) overriding the configuration file.
pub fn discover_with(
    cwd: &Path,
    overrides: &Overrides,
    client: Option<ConfigFile>,
) -> Result<Settings, ConfigError> {
    let config_path = find_config(cwd);
    let mut file = match &config_path {
        Some(path) => read_config(path)?,
        None => ConfigFile::default(),
    };
    let mut config_dir = config_path
        .as_deref()
        .and_then(Path::parent)
        .unwrap_or(cwd)
        .to_path_buf();
    if let Some(client) = client {
        if client.glossary.is_some() {
            config_dir = cwd.to_path_buf();
        }
        file = file.merged(client);
    }
    let error_path = config_path.clone().unwrap_or_else(|| cwd.join(CONFIG_FILE));
    file.validate().map_err(|message| ConfigError {
        path: error_path.clone(),
        message,
    })?;
    if let Some(message) = outside_paths(&config_dir, file.glossary.as_deref().unwrap_or(&[]))
        .into_iter()
        .next()
    {
        return Err(ConfigError {
            path: error_path,
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
            GlossarySource::Folders(folders.iter().map(|p| absolute(glossary_base, p)).collect()),
            GlossaryOrigin::Configured,
        )
    } else {
        match find_glossary_folder(cwd) {
            Some(folder) => (
                GlossarySource::Folders(vec![folder]),
                GlossaryOrigin::Discovered,
            ),
            None => (GlossarySource::Builtin, GlossaryOrigin::Fallback),
        }
    };
    Settings {
        glossary,
        glossary_origin,
        link_style: overrides.link_style.or(file.link.style).unwrap_or_default(),
        link_url: overrides.link_url.clone().or(file.link.url),
        link_shorthand: file.link.shorthand.unwrap_or_else(default_shorthand),
        match_ignore: file.matching.ignore.unwrap_or_default(),
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
            limits
        },
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
        let parsed = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|text| {
                toml::from_str::<toml::Table>(&text).map_err(|e| e.message().trim().to_string())
            })
            .and_then(|table| serde_json::to_value(table).map_err(|e| e.to_string()));
        match parsed {
            Ok(value) => {
                let (read, problems) = lenient_from_json(&value);
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
    let mut glossary_source = config_path
        .as_deref()
        .map_or_else(String::new, |p| p.display().to_string());
    if let Some(value) = client.filter(|v| !v.is_null()) {
        let (read, problems) = lenient_from_json(value);
        messages.extend(
            problems
                .into_iter()
                .map(|p| format!("editor settings: {p}")),
        );
        if read.glossary.is_some() {
            glossary_base = cwd.to_path_buf();
            glossary_source = "editor settings".to_string();
        }
        file = file.merged(read);
    }
    if let Some(folders) = &mut file.glossary {
        let outside = outside_paths(&glossary_base, folders);
        if !outside.is_empty() {
            messages.extend(
                outside
                    .into_iter()
                    .map(|m| format!("{glossary_source}: {m}")),
            );
            folders.retain(|p| p.is_absolute() || is_inside(&glossary_base, p));
            if folders.is_empty() {
                file.glossary = None;
            }
        }
    }
    let settings = settings_from(cwd, &glossary_base, overrides, file, config_path);
    (settings, messages)
}

/// Reads configuration keys from JSON, keeping every good key and naming
/// each bad one.
pub fn lenient_from_json(value: &serde_json::Value) -> (ConfigFile, Vec<String>) {
    use serde_json::Value;
    let mut out = ConfigFile::default();
    let mut problems = Vec::new();
    let Some(map) = value.as_object() else {
        problems.push("settings must be an object of keys and values".to_string());
        return (out, problems);
    };
    fn take<T: serde::de::DeserializeOwned>(
        value: &Value,
        key: &str,
        expected: &str,
        problems: &mut Vec<String>,
    ) -> Option<T> {
        match serde_json::from_value::<T>(value.clone()) {
            Ok(v) => Some(v),
            Err(_) => {
                problems.push(format!("`{key}` must be {expected}; its default is used"));
                None
            }
        }
    }
    for (key, value) in map {
        match key.as_str() {
            "glossary" => {
                out.glossary = match value {
                    Value::Null => None,
                    Value::String(s) => Some(vec![PathBuf::from(s)]),
                    _ => take::<Vec<PathBuf>>(
                        value,
                        "glossary",
                        "a folder path or a list of them",
                        &mut problems,
                    ),
                }
                .filter(|v| !v.is_empty());
            }
            "link" => match value.as_object() {
                Some(link) => {
                    for (k, v) in link {
                        match k.as_str() {
                            "style" => {
                                out.link.style = take(
                                    v,
                                    "link.style",
                                    "one of relative, url, ref, relref, shorthand",
                                    &mut problems,
                                )
                            }
                            "url" => {
                                out.link.url =
                                    take(v, "link.url", "a URL template with {slug}", &mut problems)
                            }
                            "shorthand" => {
                                out.link.shorthand = match v {
                                    Value::String(s) => Some(vec![s.clone()]),
                                    _ => take(
                                        v,
                                        "link.shorthand",
                                        "a destination or a list of them",
                                        &mut problems,
                                    ),
                                }
                            }
                            _ => problems.push(format!("unknown key `link.{k}`")),
                        }
                    }
                }
                None => problems.push("`link` must be a table with `style` and `url`".to_string()),
            },
            "diagnostics" => match value.as_object() {
                Some(levels) => {
                    for (code, v) in levels {
                        if !DIAGNOSTIC_CODES.contains(&code.as_str()) {
                            problems.push(format!(
                                "unknown diagnostic `diagnostics.{code}`; known: {}",
                                DIAGNOSTIC_CODES.join(", ")
                            ));
                        } else if let Some(level) = take::<Level>(
                            v,
                            &format!("diagnostics.{code}"),
                            "off, error, warning, information or hint",
                            &mut problems,
                        ) {
                            out.diagnostics.insert(code.clone(), level);
                        }
                    }
                }
                None => {
                    problems.push("`diagnostics` must be a table of codes and levels".to_string())
                }
            },
            "match" => match value.as_object() {
                Some(table) => {
                    for (k, v) in table {
                        match k.as_str() {
                            "ignore" => {
                                out.matching.ignore =
                                    take(v, "match.ignore", "a list of names", &mut problems)
                            }
                            _ => problems.push(format!("unknown key `match.{k}`")),
                        }
                    }
                }
                None => problems.push("`match` must be a table".to_string()),
            },
            "files" => match value.as_object() {
                Some(files) => {
                    for (k, v) in files {
                        match k.as_str() {
                            "languages" => {
                                out.files.languages = take(
                                    v,
                                    "files.languages",
                                    "a list of language ids",
                                    &mut problems,
                                )
                            }
                            "max-size" | "max_size" | "maxSize" => {
                                out.files.max_size =
                                    take(v, "files.max-size", "a number of bytes", &mut problems)
                            }
                            "max-glossary-files" | "max_glossary_files" | "maxGlossaryFiles" => {
                                out.files.max_glossary_files = take(
                                    v,
                                    "files.max-glossary-files",
                                    "a number of files",
                                    &mut problems,
                                )
                            }
                            "max-glossary-size" | "max_glossary_size" | "maxGlossarySize" => {
                                out.files.max_glossary_size = take(
                                    v,
                                    "files.max-glossary-size",
                                    "a number of bytes",
                                    &mut problems,
                                )
                            }
                            _ => problems.push(format!("unknown key `files.{k}`")),
                        }
                    }
                }
                None => problems.push("`files` must be a table".to_string()),
            },
            _ => problems.push(format!("unknown key `{key}`")),
        }
    }
    (out, problems)
}

/// Whether relative `path` stays inside `base` once `..` is resolved.
fn is_inside(base: &Path, path: &Path) -> bool {
    absolute(base, path).starts_with(normalize(base))
}

/// A message naming the `glossary` key for each relative path that leads
/// out of `base`: the folder of the configuration file that names it, or
/// the workspace folder for the editor's settings. An absolute path is
/// the user's explicit choice and is taken as it is.
fn outside_paths(base: &Path, folders: &[PathBuf]) -> Vec<String> {
    folders
        .iter()
        .filter(|p| !p.is_absolute() && !is_inside(base, p))
        .map(|p| {
            format!(
                "`glossary` path `{}` leads outside {}; it is not read (write an absolute path to use a glossary there)",
                p.display(),
                base.display()
            )
        })
        .collect()
}

/// `.glossary-ls.toml` in `dir` or the nearest parent.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| p.is_file())
}

pub fn read_config(path: &Path) -> Result<ConfigFile, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        message: format!("cannot read: {e}"),
    })?;
    parse_config(&text).map_err(|message| ConfigError {
        path: path.to_path_buf(),
        message,
    })
}

/// Parses the configuration file's text; the error names the bad key.
pub fn parse_config(text: &str) -> Result<ConfigFile, String> {
    toml::from_str::<ConfigFile>(text).map_err(|e| e.message().trim().to_string())
}

/// A glossary folder under `dir`: `content/glossary`, `glossary`,
/// `docs/glossary`, else, searching `content/` breadth first to a bounded
/// depth (`content/<lang>/<section>/glossary`), a folder named `glossary`
/// or a Hugo section whose `_index.md` says `type: glossary`. The
/// shallowest wins; among equals, the first by name (`en` before `ja`).
pub fn find_glossary_folder(dir: &Path) -> Option<PathBuf> {
    for candidate in ["content/glossary", "glossary", "docs/glossary"] {
        let path = dir.join(candidate);
        if path.is_dir() {
            return Some(path);
        }
    }
    find_in_content(&dir.join("content"))
}

/// How deep below `content/` a glossary section is looked for.
const CONTENT_DEPTH: usize = 4;
/// How many folders the search reads at most: a huge site is not walked whole.
const CONTENT_FOLDERS: usize = 5000;

fn find_in_content(content: &Path) -> Option<PathBuf> {
    let mut level = vec![content.to_path_buf()];
    let mut read = 0usize;
    for _ in 0..CONTENT_DEPTH {
        let mut next = Vec::new();
        for folder in &level {
            read += 1;
            if read > CONTENT_FOLDERS {
                return None;
            }
            let Ok(listing) = std::fs::read_dir(folder) else {
                continue;
            };
            let mut children: Vec<PathBuf> = listing
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(|e| e.path())
                .collect();
            children.sort();
            next.extend(children);
        }
        let found = next.iter().find(|section| {
            section
                .file_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("glossary"))
                || std::fs::read_to_string(section.join("_index.md"))
                    .is_ok_and(|text| declares_glossary(&text))
        });
        if let Some(found) = found {
            return Some(found.clone());
        }
        level = next;
    }
    None
}

fn declares_glossary(index: &str) -> bool {
    let (Some(block), _) = crate::markdown::frontmatter::locate(index) else {
        return false;
    };
    let (fields, _) = crate::markdown::frontmatter::parse(index, &block);
    fields
        .kind
        .is_some_and(|k| k.eq_ignore_ascii_case("glossary"))
}

/// `path` made absolute against `base` and cleaned of `.` and `..`, without
/// touching the file system.
pub fn absolute(base: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    normalize(&joined)
}

/// Removes `.` and resolves `..` lexically.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
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
        let bad = parse_config("[diagnostics]\nbroken-links = \"off\"\n").unwrap();
        assert!(
            bad.validate()
                .unwrap_err()
                .contains("diagnostics.broken-links")
        );
    }

    #[test]
    fn lenient_settings_keep_good_keys_and_name_bad_ones() {
        let value = serde_json::json!({
            "glossary": "terms",
            "link": {"style": "sideways", "url": "/t/{slug}/"},
            "diagnostics": {"broken-link": "off", "nope": "hint", "draft-link": 3},
            "colour": "blue"
        });
        let (config, problems) = lenient_from_json(&value);
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
    fn unknown_key_is_named() {
        let err = parse_config("glosary = []").unwrap_err();
        assert!(err.contains("glosary"), "{err}");
    }
}
