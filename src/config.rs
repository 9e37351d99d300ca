//! Settings: where the glossary is and how links to it are written.
//!
//! Sources, later overriding earlier: built-in defaults, a discovered
//! glossary folder, `.glossary-ls.toml` (this folder or a parent up to the
//! repository's root), and what
//! the caller passes (command-line flags, or the editor's settings).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::problem::Severity;

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
}

impl ConfigFile {
    /// `self` with every key that `later` sets taken from `later`.
    pub fn merged(mut self, later: ConfigFile) -> ConfigFile {
        if later.glossary.is_some() {
            self.glossary = later.glossary;
        }
        self.link.style = later.link.style.or(self.link.style);
        self.link.url = later.link.url.or(self.link.url);
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
    /// Who watches files on disk.
    pub watcher: Option<Watcher>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LinkConfig {
    pub style: Option<LinkStyle>,
    /// URL template of an entry's page, such as `/glossary/{slug}/`.
    pub url: Option<String>,
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

/// Settings in force, with paths made absolute.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub glossary: GlossarySource,
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
    /// Who watches files on disk (the language server only).
    pub watcher: Watcher,
}

impl Settings {
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
            link_style: LinkStyle::default(),
            link_url: None,
            config_file: None,
            diagnostics: BTreeMap::new(),
            languages: Vec::new(),
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
            glossary_limits: Limits::default(),
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
    let error_path = config_path.clone().unwrap_or_else(|| cwd.join(CONFIG_FILE));
    if let Some(message) = outside_paths(&config_dir, file.glossary.as_deref().unwrap_or(&[]))
        .into_iter()
        .next()
    {
        return Err(ConfigError {
            path: error_path,
            message,
        });
    }
    if let Some(client) = client {
        if client.glossary.is_some() {
            config_dir = cwd.to_path_buf();
        }
        file = file.merged(client);
    }
    file.validate().map_err(|message| ConfigError {
        path: error_path.clone(),
        message,
    })?;
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
    let glossary = if overrides.builtin {
        GlossarySource::Builtin
    } else if !overrides.glossary.is_empty() {
        GlossarySource::Folders(
            overrides
                .glossary
                .iter()
                .map(|p| absolute(cwd, p))
                .collect(),
        )
    } else if let Some(folders) = &file.glossary {
        GlossarySource::Folders(
            folders
                .iter()
                .map(|p| canonical(glossary_base, p))
                .collect(),
        )
    } else {
        match find_glossary_folder(cwd) {
            Some(folder) => GlossarySource::Folders(vec![folder]),
            None => GlossarySource::Builtin,
        }
    };
    Settings {
        glossary,
        link_style: overrides.link_style.or(file.link.style).unwrap_or_default(),
        link_url: overrides.link_url.clone().or(file.link.url),
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
        let (read, problems) = lenient_from_json(value);
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
                                    "one of relative, url, ref, relref",
                                    &mut problems,
                                )
                            }
                            "url" => {
                                out.link.url =
                                    take(v, "link.url", "a URL template with {slug}", &mut problems)
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
                            "watcher" => {
                                out.files.watcher = take(
                                    v,
                                    "files.watcher",
                                    "one of auto, client, server, off",
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

/// `path` against `base`, with symlinks resolved where it exists (else
/// lexically cleaned): where reading it would really go.
pub fn canonical(base: &Path, path: &Path) -> PathBuf {
    let path = absolute(base, path);
    path.canonicalize().unwrap_or(path)
}

/// Whether `path` (relative to `base`, or absolute) stays inside `base`
/// once `..` and symlinks are resolved.
fn is_inside(base: &Path, path: &Path) -> bool {
    canonical(base, path).starts_with(canonical(base, Path::new(".")))
}

/// A message naming the `glossary` key for each path in a configuration
/// file that leads out of `base`, the file's own folder: by `..`, by a
/// symlink or by being absolute. A repository's file must not send the
/// server elsewhere on the disk; the editor's settings and `--glossary`,
/// the user's own choices, may.
fn outside_paths(base: &Path, folders: &[PathBuf]) -> Vec<String> {
    folders
        .iter()
        .filter(|p| !is_inside(base, p))
        .map(|p| {
            format!(
                "`glossary` path `{}` leads outside {}; it is not read (the editor's settings or `--glossary` can name a glossary there)",
                p.display(),
                base.display()
            )
        })
        .collect()
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

/// The folders, under a workspace, taken for its glossary when no setting
/// names one.
pub const GLOSSARY_FOLDERS: [&str; 3] = ["content/glossary", "glossary", "docs/glossary"];

/// A glossary folder under `dir`: `content/glossary`, `glossary`, or a Hugo
/// section whose `_index.md` says `type: glossary`.
pub fn find_glossary_folder(dir: &Path) -> Option<PathBuf> {
    for candidate in GLOSSARY_FOLDERS {
        let path = dir.join(candidate);
        if path.is_dir() {
            return Some(path);
        }
    }
    let content = dir.join("content");
    let mut sections: Vec<PathBuf> = std::fs::read_dir(&content)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    sections.sort();
    sections.into_iter().find(|section| {
        std::fs::read_to_string(section.join("_index.md"))
            .is_ok_and(|text| declares_glossary(&text))
    })
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
