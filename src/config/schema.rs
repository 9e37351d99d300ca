//! Every setting glossary-ls reads, in one table: its key, what it takes,
//! and how it is stored. The one reader of settings (the configuration
//! file as TOML, the editor's settings as JSON), the messages for bad
//! values and the JSON schema that `glossary-ls config-schema` prints all
//! come from this table, so they cannot disagree.

use std::path::PathBuf;

use serde_json::{Map, Value, json};

use super::{ConfigFile, Level, LinkStyle, Watcher};
use crate::problem::Code;

/// What a setting's value must be.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A path or a list of paths.
    Paths,
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// A URL template with `{slug}`.
    UrlTemplate,
    /// A word or a list of words.
    Words,
    /// A whole number of this unit (`bytes`, `files`).
    Count(&'static str),
    /// `true` or `false`.
    Switch,
    /// A table of diagnostic codes and their levels.
    Levels,
    /// One word, such as a language tag.
    Word,
}

/// One setting: its dotted key (`link.style`), other spellings it is also
/// read under, what it means, and where a good value goes.
pub struct Setting {
    pub key: &'static str,
    pub aliases: &'static [&'static str],
    pub kind: Kind,
    pub description: &'static str,
    /// Stores a value already checked against `kind`; `Err` when it does
    /// not convert after all.
    store: fn(&mut ConfigFile, &Value) -> Result<(), ()>,
}

const LEVELS: &[&str] = &["off", "error", "warning", "information", "hint"];
const LINK_STYLES: &[&str] = &[
    "relative",
    "url",
    "ref",
    "relref",
    "shorthand",
    "glossary-tooltip",
    "myst-term",
];

fn from<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, ()> {
    serde_json::from_value(value.clone()).map_err(|_| ())
}

/// A word or a list of words, as a list.
fn words(value: &Value) -> Result<Vec<String>, ()> {
    match value {
        Value::String(word) => Ok(vec![word.clone()]),
        _ => from(value),
    }
}

/// The settings, in the order the documentation lists them.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "glossary",
        aliases: &[],
        kind: Kind::Paths,
        description: "Glossary folders or termbase files, relative to the configuration file.",
        store: |c, v| {
            let paths: Vec<PathBuf> = match v {
                Value::String(s) => vec![PathBuf::from(s)],
                _ => from(v)?,
            };
            c.glossary = Some(paths).filter(|p| !p.is_empty());
            Ok(())
        },
    },
    Setting {
        key: "link.style",
        aliases: &[],
        kind: Kind::OneOf(LINK_STYLES),
        description: "How a link to an entry is written: a relative path, the URL template, a Hugo ref/relref shortcode, or the first link.shorthand destination ([text](g)); glossary-tooltip writes a Kubernetes glossary_tooltip shortcode, myst-term a MyST {term} role.",
        store: |c, v| {
            c.link.style = Some(from::<LinkStyle>(v)?);
            Ok(())
        },
    },
    Setting {
        key: "link.url",
        aliases: &[],
        kind: Kind::UrlTemplate,
        description: "The URL of an entry's page, with {slug} for its slug, such as /glossary/{slug}/.",
        store: |c, v| {
            c.link.url = Some(v.as_str().ok_or(())?.trim().to_string());
            Ok(())
        },
    },
    Setting {
        key: "link.shorthand",
        aliases: &[],
        kind: Kind::Words,
        description: "Link destinations that mean \"the entry this link's text names\", such as g in [leaf bundle](g).",
        store: |c, v| {
            c.link.shorthand = Some(words(v)?);
            Ok(())
        },
    },
    Setting {
        key: "match.ignore",
        aliases: &[],
        kind: Kind::Words,
        description: "Names never matched in prose (still known to hover on links, lookup and completion).",
        store: |c, v| {
            c.matching.ignore = Some(words(v)?);
            Ok(())
        },
    },
    Setting {
        key: "match.link-text-names",
        aliases: &[],
        kind: Kind::Switch,
        description: "Texts of links to an entry that are not among its names (suggested-synonym) are matched as its names, without editing the entry.",
        store: |c, v| {
            c.matching.link_text_names = Some(v.as_bool().ok_or(())?);
            Ok(())
        },
    },
    Setting {
        key: "diagnostics",
        aliases: &[],
        kind: Kind::Levels,
        description: "The level of each diagnostic, by code: off, error, warning, information or hint.",
        store: |c, v| {
            for (code, level) in v.as_object().ok_or(())? {
                c.diagnostics.insert(code.clone(), from::<Level>(level)?);
            }
            Ok(())
        },
    },
    Setting {
        key: "files.languages",
        aliases: &[],
        kind: Kind::Words,
        description: "Language ids analysed besides markdown and plaintext.",
        store: |c, v| {
            c.files.languages = Some(words(v)?);
            Ok(())
        },
    },
    Setting {
        key: "files.watcher",
        aliases: &[],
        kind: Kind::OneOf(&["auto", "client", "server", "off"]),
        description: "Who watches the glossary and configuration files for changes on disk: the editor when it can, else the server (auto); only the editor; only the server; nobody.",
        store: |c, v| {
            c.files.watcher = Some(from::<Watcher>(v)?);
            Ok(())
        },
    },
    Setting {
        key: "files.max-size",
        aliases: &["files.max_size", "files.maxSize"],
        kind: Kind::Count("bytes"),
        description: "The largest document analysed, in bytes.",
        store: |c, v| {
            c.files.max_size = Some(from(v)?);
            Ok(())
        },
    },
    Setting {
        key: "files.max-glossary-files",
        aliases: &["files.max_glossary_files", "files.maxGlossaryFiles"],
        kind: Kind::Count("files"),
        description: "The most glossary entry files read.",
        store: |c, v| {
            c.files.max_glossary_files = Some(from(v)?);
            Ok(())
        },
    },
    Setting {
        key: "files.max-glossary-size",
        aliases: &["files.max_glossary_size", "files.maxGlossarySize"],
        kind: Kind::Count("bytes"),
        description: "The largest glossary entry file read, in bytes.",
        store: |c, v| {
            c.files.max_glossary_size = Some(from(v)?);
            Ok(())
        },
    },
    Setting {
        key: "glossary-language",
        aliases: &["glossary_language", "glossaryLanguage"],
        kind: Kind::Word,
        description: "The language (such as en or de-CH) a termbase with several is read in; by default English when it has it, else its first.",
        store: |c, v| {
            c.glossary_language = Some(v.as_str().ok_or(())?.trim().to_string());
            Ok(())
        },
    },
];

impl Kind {
    /// What a value must be, for messages.
    pub fn expected(self) -> String {
        match self {
            Kind::Paths => "a path or a list of paths".to_string(),
            Kind::OneOf(words) => format!("one of {}", words.join(", ")),
            Kind::UrlTemplate => {
                "a URL template with {slug}, such as /glossary/{slug}/".to_string()
            }
            Kind::Words => "a word or a list of words".to_string(),
            Kind::Count(unit) => format!("a whole number of {unit}"),
            Kind::Switch => "true or false".to_string(),
            Kind::Levels => "a table of diagnostic codes and levels".to_string(),
            Kind::Word => "a word".to_string(),
        }
    }

    /// Whether a value has the shape this kind asks for.
    fn accepts(self, value: &Value) -> bool {
        match self {
            Kind::Paths => {
                value.is_string()
                    || value
                        .as_array()
                        .is_some_and(|items| items.iter().all(Value::is_string))
            }
            Kind::OneOf(words) => value.as_str().is_some_and(|s| words.contains(&s)),
            Kind::UrlTemplate => value.as_str().is_some_and(|s| s.contains("{slug}")),
            Kind::Words => {
                value.is_string()
                    || value
                        .as_array()
                        .is_some_and(|items| items.iter().all(Value::is_string))
            }
            Kind::Count(_) => value.as_u64().is_some(),
            Kind::Switch => value.is_boolean(),
            Kind::Levels => value.is_object(),
            Kind::Word => value.as_str().is_some_and(|s| !s.trim().is_empty()),
        }
    }

    fn schema(self) -> Value {
        match self {
            Kind::Paths => json!({
                "anyOf": [
                    {"type": "string"},
                    {"type": "array", "items": {"type": "string"}}
                ]
            }),
            Kind::OneOf(words) => json!({"type": "string", "enum": words}),
            Kind::UrlTemplate => json!({"type": "string", "pattern": "\\{slug\\}"}),
            Kind::Words => json!({
                "anyOf": [
                    {"type": "string"},
                    {"type": "array", "items": {"type": "string"}}
                ]
            }),
            Kind::Count(_) => json!({"type": "integer", "minimum": 0}),
            Kind::Switch => json!({"type": "boolean"}),
            Kind::Word => json!({"type": "string"}),
            Kind::Levels => {
                let codes: Map<String, Value> = Code::ALL
                    .iter()
                    .map(|code| {
                        let default = code.default_severity().map_or("off", |s| s.as_str());
                        let schema = json!({
                            "type": "string",
                            "enum": LEVELS,
                            "default": default,
                            "description": code.description(),
                        });
                        (code.as_str().to_string(), schema)
                    })
                    .collect();
                json!({"type": "object", "properties": codes, "additionalProperties": false})
            }
        }
    }
}

/// Reads settings from JSON (the editor's settings, or the configuration
/// file converted from TOML): every good value is kept, and each bad one
/// is named in a message and left at its default.
pub fn read(value: &Value) -> (ConfigFile, Vec<String>) {
    let mut out = ConfigFile::default();
    let mut problems = Vec::new();
    let Some(map) = value.as_object() else {
        problems.push("settings must be a table of keys and values".to_string());
        return (out, problems);
    };
    for (key, value) in map {
        if value.is_null() {
            continue;
        }
        if let Some(setting) = find(key) {
            take(setting, key, value, &mut out, &mut problems);
            continue;
        }
        let is_table = SETTINGS
            .iter()
            .any(|s| s.key.starts_with(&format!("{key}.")));
        match value.as_object() {
            Some(table) if is_table => {
                for (inner, value) in table {
                    let full = format!("{key}.{inner}");
                    match find(&full) {
                        Some(setting) if !value.is_null() => {
                            take(setting, &full, value, &mut out, &mut problems)
                        }
                        Some(_) => {}
                        None => problems.push(unknown_key(&full)),
                    }
                }
            }
            _ if is_table => problems.push(format!("`{key}` must be a table")),
            _ => problems.push(unknown_key(key)),
        }
    }
    (out, problems)
}

/// Checks one value and stores it, or says what is wrong with it.
fn take(
    setting: &Setting,
    written: &str,
    value: &Value,
    out: &mut ConfigFile,
    problems: &mut Vec<String>,
) {
    if let Kind::Levels = setting.kind {
        return take_levels(written, value, out, problems);
    }
    let stored = setting.kind.accepts(value) && (setting.store)(out, value).is_ok();
    if !stored {
        problems.push(format!(
            "`{written}` must be {}, not {}; it is not used",
            setting.kind.expected(),
            shown(value)
        ));
    }
}

/// A table of levels: each code and each level checked on its own.
fn take_levels(written: &str, value: &Value, out: &mut ConfigFile, problems: &mut Vec<String>) {
    let Some(levels) = value.as_object() else {
        problems.push(format!(
            "`{written}` must be a table of diagnostic codes and levels"
        ));
        return;
    };
    for (code, level) in levels {
        if level.is_null() {
            continue;
        }
        if Code::parse(code).is_none() {
            let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            let hint = match did_you_mean(code, &names) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("known: {}", names.join(", ")),
            };
            problems.push(format!("unknown diagnostic `{written}.{code}`; {hint}"));
            continue;
        }
        match serde_json::from_value::<Level>(level.clone()) {
            Ok(level) => {
                out.diagnostics.insert(code.clone(), level);
            }
            Err(_) => problems.push(format!(
                "`{written}.{code}` must be one of {}, not {}; it is not used",
                LEVELS.join(", "),
                shown(level)
            )),
        }
    }
}

fn find(key: &str) -> Option<&'static Setting> {
    SETTINGS
        .iter()
        .find(|s| s.key == key || s.aliases.contains(&key))
}

fn unknown_key(key: &str) -> String {
    let keys: Vec<&str> = SETTINGS
        .iter()
        .flat_map(|s| std::iter::once(s.key).chain(s.aliases.iter().copied()))
        .collect();
    match did_you_mean(key, &keys) {
        Some(near) => format!("unknown key `{key}`; did you mean `{near}`?"),
        None => format!(
            "unknown key `{key}`; known keys: {}",
            SETTINGS
                .iter()
                .map(|s| s.key)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The candidate nearest to a misspelt word, when it is near enough to be
/// what was meant: at most a third of the word's letters differ.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (edit_distance(&word, &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let replace = previous[j] + usize::from(ca != *cb);
            current.push(replace.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

fn shown(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}

/// The settings as a JSON schema: what `glossary-ls config-schema` prints,
/// and what the editor extensions' setting lists are checked against.
pub fn json_schema() -> Value {
    let mut properties = Map::new();
    for setting in SETTINGS {
        let mut schema = setting.kind.schema();
        schema["description"] = Value::String(setting.description.to_string());
        match setting.key.split_once('.') {
            None => {
                properties.insert(setting.key.to_string(), schema);
            }
            Some((table, key)) => {
                let entry = properties.entry(table.to_string()).or_insert_with(
                    || json!({"type": "object", "properties": {}, "additionalProperties": false}),
                );
                entry["properties"][key] = schema;
            }
        }
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "glossary-ls settings (.glossary-ls.toml, or the editor's glossary-ls section)",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspellings_find_what_was_meant() {
        assert_eq!(
            did_you_mean("glosary", &["glossary", "link.style"]),
            Some("glossary")
        );
        assert_eq!(
            did_you_mean("broken-links", &["broken-link", "draft-link"]),
            Some("broken-link")
        );
        assert_eq!(did_you_mean("colour", &["glossary", "link.style"]), None);
    }

    #[test]
    fn bad_values_are_named_with_what_they_must_be() {
        let (read, problems) = read(&json!({
            "glossary": 5,
            "link": {"style": "fancy", "url": "/g/"},
            "files": {"maxSize": 10, "languages": ["md", 3]},
            "diagnostics": {"broken-lnk": "off", "draft-link": "loud", "missing-title": "info"},
            "glosary": ["x"],
        }));
        assert_eq!(
            problems,
            vec![
                "unknown diagnostic `diagnostics.broken-lnk`; did you mean `broken-link`?",
                "`diagnostics.draft-link` must be one of off, error, warning, information, hint, not \"loud\"; it is not used",
                "`files.languages` must be a word or a list of words, not [\"md\",3]; it is not used",
                "unknown key `glosary`; did you mean `glossary`?",
                "`glossary` must be a path or a list of paths, not 5; it is not used",
                "`link.style` must be one of relative, url, ref, relref, shorthand, glossary-tooltip, myst-term, not \"fancy\"; it is not used",
                "`link.url` must be a URL template with {slug}, such as /glossary/{slug}/, not \"/g/\"; it is not used",
            ]
        );
        assert_eq!(read.files.max_size, Some(10));
        assert_eq!(
            read.diagnostics.get("missing-title"),
            Some(&Level::Information)
        );
        assert_eq!(read.glossary, None);
    }

    #[test]
    fn the_schema_names_every_setting_and_code() {
        let schema = json_schema();
        for setting in SETTINGS {
            let pointer = format!("/properties/{}", setting.key.replace('.', "/properties/"));
            assert!(schema.pointer(&pointer).is_some(), "{pointer}");
        }
        for code in Code::ALL {
            let pointer = format!("/properties/diagnostics/properties/{}", code.as_str());
            assert!(schema.pointer(&pointer).is_some(), "{pointer}");
        }
    }
}
