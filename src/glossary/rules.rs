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
            let pattern = prh_words(&pattern).unwrap_or(pattern);
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

/// The avoided variants of a glossary as a prh dictionary that finds what
/// glossary-ls finds: each variant is a regular expression with the
/// matcher's word boundaries (none beside punctuation, so `A.I.` is found
/// before a space, where prh's `wordBoundary` would want a letter), any run
/// of spaces, dashes or line breaks between words, and any case unless the
/// entry or the variant keeps its case. prh wants one set of flags per
/// rule, so an entry may give two rules.
pub fn to_prh<E: std::ops::Deref<Target = Entry>>(entries: &[E]) -> String {
    let mut out = String::from("version: 1\nrules:\n");
    for entry in entries.iter().filter(|e| !e.avoid.is_empty()) {
        let reasons: Vec<&str> = entry
            .avoid
            .iter()
            .filter_map(|a| a.because.as_deref())
            .collect();
        for any_case in [true, false] {
            let patterns: Vec<&str> = entry
                .avoid
                .iter()
                .map(|a| a.term.as_str())
                .filter(|v| variant_any_case(entry, v) == any_case)
                .collect();
            if patterns.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "  - expected: {}\n    patterns:\n",
                yaml_quoted(&preferred(entry))
            ));
            for variant in patterns {
                let flags = if any_case { "i" } else { "" };
                let pattern = format!("/{}/{flags}", prh_pattern(variant));
                out.push_str(&format!("      - {}\n", yaml_quoted(&pattern)));
            }
            if !reasons.is_empty() {
                out.push_str(&format!("    prh: {}\n", yaml_quoted(&reasons.join("; "))));
            }
        }
    }
    out
}

/// Whether glossary-ls finds a variant in any letter case.
fn variant_any_case(entry: &Entry, variant: &str) -> bool {
    !entry.case_exact && !crate::text::forms::is_case_sensitive(variant)
}

/// Word boundaries at a variant's ends: `\b` beside an ASCII letter or
/// digit; beside any other letter, "not preceded / followed by a letter,
/// digit or `_`" (JavaScript's `\b` knows ASCII only; the lookaround costs
/// textlint about eight times the time of `\b`, so it is kept for them).
const PRH_BOUNDARY: &str = r"\b";
const PRH_BEFORE: &str = r"(?<![\p{L}\p{N}_])";
const PRH_AFTER: &str = r"(?![\p{L}\p{N}_])";
/// Spaces, dashes and line breaks, which the matcher folds alike; the
/// same class with the hyphen first stands for a hyphen in the variant, so
/// that reading the rule back gives `e-mail`, not `e mail`.
const PRH_GAP: &str = r"[\s\u2010-\u2015\u2212-]+";
const PRH_HYPHEN_GAP: &str = r"[-\s\u2010-\u2015\u2212]+";
/// The apostrophes the matcher folds alike.
const PRH_APOSTROPHE: &str = r"['\u2018\u2019\u02BC]";

/// A variant as the body of a prh regular expression.
fn prh_pattern(variant: &str) -> String {
    use crate::text::script::{is_unspaced, is_word_char};
    let boundary = |c: Option<char>, lookaround: &'static str| match c {
        Some(c) if c.is_ascii_alphanumeric() || c == '_' => PRH_BOUNDARY,
        Some(c) if is_word_char(c) && !is_unspaced(c) => lookaround,
        _ => "",
    };
    let mut out = String::from(boundary(variant.chars().next(), PRH_BEFORE));
    let mut gap = None;
    for c in variant.chars() {
        if c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}') {
            gap = match gap {
                Some(_) => Some(PRH_GAP),
                None if c == '-' => Some(PRH_HYPHEN_GAP),
                None => Some(PRH_GAP),
            };
            continue;
        }
        if let Some(g) = gap.take() {
            out.push_str(g);
        }
        match c {
            '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' => out.push_str(PRH_APOSTROPHE),
            '/' => out.push_str("\\/"),
            c if "\\.+*?()|[]{}^$".contains(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    if let Some(g) = gap {
        out.push_str(g);
    }
    out.push_str(boundary(variant.chars().next_back(), PRH_AFTER));
    out
}

/// A prh pattern written as `/.../flags` that is plain words in the form
/// [`to_prh`] writes (boundaries, gaps, apostrophes, escaped punctuation):
/// the words; `None` for any other regular expression.
fn prh_words(pattern: &str) -> Option<String> {
    let body = pattern.strip_prefix('/')?;
    let close = body.rfind('/')?;
    let (body, flags) = (&body[..close], &body[close + 1..]);
    if !flags.chars().all(|f| "gimuy".contains(f)) {
        return None;
    }
    let body = [PRH_BOUNDARY, PRH_BEFORE]
        .iter()
        .find_map(|b| body.strip_prefix(b))
        .unwrap_or(body);
    let body = [PRH_BOUNDARY, PRH_AFTER]
        .iter()
        .find_map(|b| body.strip_suffix(b))
        .unwrap_or(body);
    let body = body
        .replace(PRH_GAP, " ")
        .replace(PRH_HYPHEN_GAP, "-")
        .replace(PRH_APOSTROPHE, "'");
    let words = unescaped_words(&body)?;
    (!words.trim().is_empty()).then(|| words.trim().to_string())
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
    Some((unescaped_words(inner)?, exact))
}

/// A pattern as the words it matches, when it is words: escaped
/// punctuation (`A\.I\.`) read as itself; `None` when anything in it is
/// a regular expression.
fn unescaped_words(pattern: &str) -> Option<String> {
    let mut words = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
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
    Some(words)
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

    #[test]
    fn prh_patterns_read_back_as_the_words() {
        for variant in [
            "log in",
            "e-mail",
            "A.I.",
            "user's guide",
            "C++",
            "a/b test",
            "Ünïcode café",
        ] {
            let pattern = format!("/{}/i", prh_pattern(variant));
            assert_eq!(prh_words(&pattern).as_deref(), Some(variant), "{pattern}");
        }
        assert_eq!(prh_pattern("A.I."), r"\bA\.I\.");
        assert_eq!(
            prh_pattern("Ünïcode café"),
            r"(?<![\p{L}\p{N}_])Ünïcode[\s\u2010-\u2015\u2212-]+café(?![\p{L}\p{N}_])"
        );
        assert_eq!(prh_words("/log ?in/i"), None);
        assert_eq!(prh_words("/[Jj]ava[Ss]cript/"), None);
        assert_eq!(prh_words("/login/"), Some("login".to_string()));
    }
}
