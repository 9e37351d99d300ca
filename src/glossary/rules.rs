//! Terminology rules of other tools, to move over and to run side by side:
//! prh dictionaries (textlint-rule-prh: `expected` and `patterns`) and Vale
//! `substitution` rules (`swap`: avoided -> preferred), read into terms and
//! written from a glossary's avoided variants.
//!
//! Only plain words carry over: a pattern written as a regular expression
//! is reported and skipped, since a glossary variant is a word list.

use serde_json::Value;

use super::entry::Entry;

/// A term as a rule file gives it: the preferred name, other names, the
/// variants to avoid (with a reason, when the rule gives one), and whether
/// the case of the name is part of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Term {
    pub title: String,
    pub synonyms: Vec<String>,
    pub avoid: Vec<String>,
    pub because: Option<String>,
    pub case_exact: bool,
}

/// What reading a rule file gave: the terms, and a line per thing skipped.
#[derive(Debug, Default)]
pub struct Imported {
    pub terms: Vec<Term>,
    pub skipped: Vec<String>,
}

/// Characters that make a pattern a regular expression rather than words.
/// (A `.` is allowed: `A.I.` is meant literally far more often than not.)
fn is_regex(pattern: &str) -> bool {
    pattern.contains([
        '(', ')', '[', ']', '{', '}', '?', '*', '+', '|', '\\', '^', '$',
    ]) || (pattern.len() > 1 && pattern.starts_with('/') && pattern.ends_with('/'))
}

fn parse_yaml(text: &str) -> Result<Value, String> {
    serde_saphyr::from_str::<Value>(text).map_err(|e| e.to_string())
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
}

/// Adds a term, or merges it into the one with the same title.
fn add(terms: &mut Vec<Term>, term: Term) {
    match terms.iter_mut().find(|t| t.title == term.title) {
        Some(known) => {
            for a in term.avoid {
                if !known.avoid.contains(&a) {
                    known.avoid.push(a);
                }
            }
            known.because = known.because.take().or(term.because);
            known.case_exact |= term.case_exact;
        }
        None => terms.push(term),
    }
}

/// A prh dictionary: each rule's `expected` is a term, its `pattern` or
/// `patterns` the variants to avoid, its `prh` text the reason. A rule
/// without patterns asks for `expected` in its own case.
pub fn from_prh(text: &str) -> Result<Imported, String> {
    let doc = parse_yaml(text)?;
    let rules = doc
        .get("rules")
        .and_then(Value::as_array)
        .ok_or("a prh dictionary has a `rules` list")?;
    let mut out = Imported::default();
    for rule in rules {
        let Some(expected) = rule.get("expected").and_then(Value::as_str) else {
            out.skipped
                .push(format!("a rule without `expected`: {rule}"));
            continue;
        };
        if is_regex(expected) {
            out.skipped
                .push(format!("`{expected}`: a regular expression, not words"));
            continue;
        }
        let mut patterns = strings(rule.get("patterns"));
        patterns.extend(strings(rule.get("pattern")));
        let mut avoid = Vec::new();
        for pattern in patterns {
            if is_regex(&pattern) {
                out.skipped
                    .push(format!("`{pattern}`: a regular expression, not words"));
            } else if pattern != expected {
                avoid.push(pattern);
            }
        }
        let case_exact = rule.get("patterns").is_none() && rule.get("pattern").is_none();
        add(
            &mut out.terms,
            Term {
                title: expected.to_string(),
                synonyms: Vec::new(),
                avoid,
                because: rule.get("prh").and_then(Value::as_str).map(String::from),
                case_exact,
            },
        );
    }
    Ok(out)
}

/// A Vale `substitution` rule: each `swap` key is a variant to avoid, its
/// value the term to write (`a|b`: the first, with the others as names).
/// Keys that are regular expressions are skipped; `ignorecase: false`
/// keeps the case.
pub fn from_vale(text: &str) -> Result<Imported, String> {
    let doc = parse_yaml(text)?;
    if let Some(kind) = doc.get("extends").and_then(Value::as_str)
        && kind != "substitution"
    {
        return Err(format!(
            "a Vale `{kind}` rule; only `substitution` rules name terms to swap"
        ));
    }
    let swap = doc
        .get("swap")
        .and_then(Value::as_object)
        .ok_or("a Vale substitution rule has a `swap` map")?;
    let case_exact = doc.get("ignorecase").and_then(Value::as_bool) == Some(false);
    let mut out = Imported::default();
    for (key, value) in swap {
        let Some(value) = value.as_str() else {
            out.skipped.push(format!("`{key}`: its value is not text"));
            continue;
        };
        let Some((variant, exact)) = vale_words(key) else {
            out.skipped
                .push(format!("`{key}`: a regular expression, not words"));
            continue;
        };
        let mut names = value.split('|').map(str::trim).filter(|n| !n.is_empty());
        let Some(title) = names.next() else {
            continue;
        };
        if is_regex(title) {
            out.skipped
                .push(format!("`{key}`: its replacement `{value}` is not words"));
            continue;
        }
        add(
            &mut out.terms,
            Term {
                title: title.to_string(),
                synonyms: names.map(String::from).collect(),
                avoid: vec![variant],
                because: None,
                case_exact: case_exact || exact,
            },
        );
    }
    Ok(out)
}

/// The terms as a CSV termbase (`term,definition,synonyms,avoid,case`).
pub fn to_csv(terms: &[Term]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["term", "definition", "synonyms", "avoid", "case"]);
    for t in terms {
        let _ = writer.write_record([
            t.title.as_str(),
            "",
            &t.synonyms.join("; "),
            &t.avoid.join("; "),
            if t.case_exact { "exact" } else { "" },
        ]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A term as a house-format entry file (its summary left for the writer).
pub fn to_entry_file(term: &Term) -> String {
    let mut out = format!("---\ntitle: {}\n", yaml_quoted(&term.title));
    if !term.synonyms.is_empty() {
        out.push_str("synonyms:\n");
        for s in &term.synonyms {
            out.push_str(&format!("  - {}\n", yaml_quoted(s)));
        }
    }
    if term.case_exact {
        out.push_str("case: exact\n");
    }
    if !term.avoid.is_empty() {
        out.push_str("avoid:\n");
        for a in &term.avoid {
            match &term.because {
                Some(because) => out.push_str(&format!(
                    "  - term: {}\n    because: {}\n",
                    yaml_quoted(a),
                    yaml_quoted(because)
                )),
                None => out.push_str(&format!("  - {}\n", yaml_quoted(a))),
            }
        }
    }
    out.push_str("---\n\n### Summary\n");
    out
}

/// The avoided variants of a glossary as a prh dictionary.
pub fn to_prh<E: std::ops::Deref<Target = Entry>>(entries: &[E]) -> String {
    let mut out = String::from("version: 1\nrules:\n");
    for entry in entries.iter().filter(|e| !e.avoid.is_empty()) {
        out.push_str(&format!(
            "  - expected: {}\n    options:\n      wordBoundary: true\n    patterns:\n",
            yaml_quoted(&preferred(entry))
        ));
        for a in &entry.avoid {
            out.push_str(&format!("      - {}\n", yaml_quoted(&a.term)));
        }
        let reasons: Vec<&str> = entry
            .avoid
            .iter()
            .filter_map(|a| a.because.as_deref())
            .collect();
        if !reasons.is_empty() {
            out.push_str(&format!("    prh: {}\n", yaml_quoted(&reasons.join("; "))));
        }
    }
    out
}

/// The avoided variants of a glossary as a Vale substitution rule: keys
/// are regular expressions there, so they are escaped; an exact-case
/// entry's variants keep their case inside a case-blind rule.
pub fn to_vale<E: std::ops::Deref<Target = Entry>>(entries: &[E]) -> String {
    let mut out = String::from(
        "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: warning\nignorecase: true\nswap:\n",
    );
    for entry in entries {
        for a in &entry.avoid {
            let key = regex_escape(&a.term);
            let key = if entry.case_exact {
                format!("(?-i:{key})")
            } else {
                key
            };
            out.push_str(&format!(
                "  {}: {}\n",
                yaml_quoted(&key),
                yaml_quoted(&preferred(entry))
            ));
        }
    }
    out
}

/// The name to write: the title without an acronym in parentheses, in
/// small letters unless its case means something (`GitHub`, exact case).
fn preferred(entry: &Entry) -> String {
    let name = entry.surface_forms.first().unwrap_or(&entry.title);
    if entry.case_exact || crate::text::forms::has_inner_capital(name) {
        name.clone()
    } else {
        name.to_lowercase()
    }
}

/// A Vale key as plain words, when it is one: escaped punctuation
/// (`A\.I\.`) read as itself, and `(?-i:words)` as words in their own
/// case; `None` for a real regular expression.
fn vale_words(key: &str) -> Option<(String, bool)> {
    let (inner, exact) = match key.strip_prefix("(?-i:").and_then(|k| k.strip_suffix(')')) {
        Some(inner) => (inner, true),
        None => (key, false),
    };
    let mut words = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(next) if next.is_ascii_punctuation() => words.push(next),
                _ => return None,
            }
        } else if is_regex(&c.to_string()) {
            return None;
        } else {
            words.push(c);
        }
    }
    Some((words, exact))
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A YAML single-quoted scalar: nothing in it is special but `'`.
fn yaml_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_expressions_are_told_from_words() {
        assert!(!is_regex("log in"));
        assert!(!is_regex("A.I."));
        assert!(is_regex("(?i)log ?in"));
        assert!(is_regex("/log\\s+in/"));
        assert!(is_regex("colou?r"));
    }

    #[test]
    fn quoting_and_escaping() {
        assert_eq!(yaml_quoted("it's"), "'it''s'");
        assert_eq!(regex_escape("A.I. (x)"), "A\\.I\\. \\(x\\)");
        assert_eq!(vale_words("A\\.I\\."), Some(("A.I.".to_string(), false)));
        assert_eq!(
            vale_words("(?-i:Git Hub)"),
            Some(("Git Hub".to_string(), true))
        );
        assert_eq!(vale_words("(?:alot)"), None);
        assert_eq!(vale_words("log\\s+in"), None);
    }
}
