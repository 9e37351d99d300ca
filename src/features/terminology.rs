//! Preferred and avoided terms: the `avoided-term` and `wrong-case`
//! findings, and the replacements that fix them, keeping how the writer
//! wrote the words (a capital to start a sentence, all capitals, a plural).

use std::ops::Range;

use super::link_edits::TextEdit;
use crate::glossary::{Entry, Problem, Severity};
use crate::index::{GlossaryIndex, Occurrence, Prose};
use crate::problem::Code;
use crate::text::fold::fold_term;
use crate::text::forms::has_inner_capital;

/// What is wrong with an occurrence, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    /// Where the words are, plural ending included.
    pub range: Range<usize>,
    /// The replacements, the preferred one first.
    pub replacements: Vec<String>,
    pub message: String,
}

/// The finding on one occurrence: an avoided variant, or a name of an
/// exact-case entry written in another case.
pub fn finding(index: &GlossaryIndex, text: &str, occ: &Occurrence) -> Option<Finding> {
    let entry = index.entry(occ.entry);
    let written = text.get(occ.range.clone())?;
    if let Some(i) = occ.avoided {
        let avoided = entry.avoid.get(i as usize)?;
        let ending = plural_ending(written, &avoided.term);
        // A variant declared in capitals (`A.I.`) says nothing about how the
        // writer wanted it: then only a sentence's start gets a capital.
        let written_case = if all_capitals(&avoided.term) || has_inner_capital(&avoided.term) {
            if sentence_start(text, occ.range.start) {
                "S"
            } else {
                "s"
            }
        } else {
            written
        };
        let replacements = dedup(
            entry
                .surface_forms
                .iter()
                .map(|name| rewrite(entry, name, written_case, written, ending)),
        );
        let preferred = replacements.first()?;
        let mut message = format!("Use '{preferred}' instead of '{written}'");
        if let Some(because) = &avoided.because {
            message.push_str(": ");
            message.push_str(because);
        }
        return Some(Finding {
            code: Code::AvoidedTerm,
            range: occ.range.clone(),
            replacements,
            message,
        });
    }
    if !entry.case_exact {
        return None;
    }
    // The name the words are, as folded; its ending is kept as written.
    let name = entry
        .surface_forms
        .iter()
        .find(|name| fold_term(written).starts_with(&fold_term(name)))
        .or(entry.surface_forms.first())?;
    let ending = plural_ending(written, name);
    let stem = &written[..written.len() - ending.len()];
    if entry.surface_forms.iter().any(|n| n == stem) {
        return None;
    }
    let replacement = format!("{name}{ending}");
    Some(Finding {
        code: Code::WrongCase,
        range: occ.range.clone(),
        message: format!("Use '{replacement}' instead of '{written}': the glossary writes it so"),
        replacements: vec![replacement],
    })
}

/// What to write instead, as hover Markdown: the finding's message and
/// the other names that would do.
pub fn advice(found: &Finding) -> String {
    let message = found.message.trim_end_matches('.');
    let mut out = format!("**{}.**", super::hover::escape_inline(message));
    if found.replacements.len() > 1 {
        let others: Vec<String> = found.replacements[1..]
            .iter()
            .map(|r| format!("'{}'", super::hover::escape_inline(r)))
            .collect();
        out.push_str(&format!(" Also right: {}.", others.join(", ")));
    }
    out
}

/// The `avoided-term` and `wrong-case` problems of a document, outside the
/// stretches switched off by `glossary-ls-disable` comments.
pub fn problems(
    index: &GlossaryIndex,
    text: &str,
    prose: &Prose,
    occurrences: &[Occurrence],
) -> Vec<Problem> {
    // Most occurrences are names of entries that take any case: known
    // without looking the entry up, which a keystroke in a long document
    // would otherwise do for every occurrence.
    let exact_case = index.has_exact_case_entries();
    occurrences
        .iter()
        .filter(|occ| occ.avoided.is_some() || exact_case)
        .filter_map(|occ| finding(index, text, occ))
        .filter(|f| !prose.is_disabled(f.range.start, f.code.as_str()))
        .map(|f| Problem::new(Severity::Warning, f.code, f.message, f.range))
        .collect()
}

/// The edits that fix every finding of the codes `wanted` says, each with
/// its preferred replacement: the "fix all" action and `check --fix`.
pub fn fix_all(
    index: &GlossaryIndex,
    text: &str,
    prose: &Prose,
    occurrences: &[Occurrence],
    wanted: impl Fn(Code) -> bool,
) -> Vec<TextEdit> {
    // Most occurrences are names of entries that take any case: known
    // without looking the entry up, which a keystroke in a long document
    // would otherwise do for every occurrence.
    let exact_case = index.has_exact_case_entries();
    occurrences
        .iter()
        .filter(|occ| occ.avoided.is_some() || exact_case)
        .filter_map(|occ| finding(index, text, occ))
        .filter(|f| wanted(f.code) && !prose.is_disabled(f.range.start, f.code.as_str()))
        .filter_map(|f| {
            Some(TextEdit {
                new_text: f.replacements.into_iter().next()?,
                range: f.range,
            })
        })
        .collect()
}

fn dedup(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// The plural ending of `written` beyond `form` (`s`, `es`, `ies`), as
/// written; empty when the words are the form itself.
fn plural_ending<'w>(written: &'w str, form: &str) -> &'w str {
    let folded = fold_term(written);
    let form = fold_term(form);
    // `policies` for `policy`: the `y` became `ies`.
    let y_stem = form
        .strip_suffix('y')
        .filter(|stem| folded.strip_prefix(stem) == Some("ies"));
    let extra = if y_stem.is_some() {
        3
    } else if folded.len() > form.len() && folded.starts_with(&form) {
        folded.len() - form.len()
    } else {
        return "";
    };
    let Some(ending) = written.get(written.len().saturating_sub(extra)..) else {
        return "";
    };
    if ["s", "es", "ies"].contains(&ending.to_lowercase().as_str()) {
        ending
    } else {
        ""
    }
}

/// `name` written the way `written` is: all capitals, capitalised words,
/// or a capital first letter, and with its plural ending. Names whose case
/// means something (an exact-case entry, `GitHub`, `AI`) keep their case.
fn rewrite(entry: &Entry, name: &str, case_of: &str, written: &str, ending: &str) -> String {
    let stem = &written[..written.len() - ending.len()];
    let case_of = if case_of.len() == written.len() {
        stem
    } else {
        case_of
    };
    let plural = if ending.is_empty() {
        String::new()
    } else {
        plural_suffix(name, all_capitals(case_of))
    };
    if entry.case_exact || has_inner_capital(name) {
        return format!("{name}{plural}");
    }
    let lower = name.to_lowercase();
    let cased = if all_capitals(case_of) {
        name.to_uppercase()
    } else if title_case(case_of) {
        lower
            .split(' ')
            .map(capitalise)
            .collect::<Vec<_>>()
            .join(" ")
    } else if case_of.chars().next().is_some_and(char::is_uppercase) {
        capitalise(&lower)
    } else {
        lower
    };
    format!("{cased}{plural}")
}

/// Whether `at` starts a sentence: only markup and white space before it
/// since a `.`, `!` or `?`, a blank line, a list item's or a heading's
/// marker, or the start of the text. A wrapped line goes on a sentence.
fn sentence_start(text: &str, at: usize) -> bool {
    let markup = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '*' | '_' | '"' | '\'' | '(' | '[' | '#' | '>' | '-' | '+' | '\u{201c}'
            )
    };
    let before = text[..at].trim_end_matches(markup);
    let skipped = &text[before.len()..at];
    let block_marker =
        skipped.contains('\n') && skipped.trim_start().starts_with(['#', '>', '-', '*', '+']);
    before.is_empty()
        || before.ends_with(['.', '!', '?'])
        || block_marker
        || skipped.matches('\n').count() >= 2
}

/// The English plural ending of `name`'s last word.
fn plural_suffix(name: &str, capitals: bool) -> String {
    let lower = name.to_lowercase();
    let suffix = if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        "es"
    } else {
        "s"
    };
    if capitals {
        suffix.to_uppercase()
    } else {
        suffix.to_string()
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// At least two letters, none of them small.
fn all_capitals(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !s.chars().any(char::is_lowercase)
}

/// Two words or more, each starting with a capital.
fn title_case(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.len() >= 2
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_endings() {
        assert_eq!(plural_ending("logins", "login"), "s");
        assert_eq!(plural_ending("LOGINS", "login"), "S");
        assert_eq!(plural_ending("login", "login"), "");
        assert_eq!(plural_ending("e-mails", "e-mail"), "s");
        assert_eq!(plural_ending("boxes", "box"), "es");
        assert_eq!(plural_ending("policies", "policy"), "ies");
        assert_eq!(plural_ending("Git hub", "GitHub"), "");
    }

    #[test]
    fn capitals_follow_the_writer() {
        assert!(all_capitals("LOG IN"));
        assert!(!all_capitals("A"));
        assert!(title_case("Log In"));
        assert!(!title_case("Log in"));
        assert!(has_inner_capital("GitHub"));
        assert!(has_inner_capital("AI"));
        assert!(!has_inner_capital("Sign In"));
        assert_eq!(plural_suffix("Sign In", true), "S");
        assert_eq!(plural_suffix("mailbox", false), "es");
        assert!(sentence_start("A.I.", 0));
        assert!(sentence_start("So. A.I.", 4));
        assert!(sentence_start("Text\n\n*A.I.*", 7));
        assert!(sentence_start("Text\n- A.I.", 7));
        assert!(!sentence_start("Ask A.I.", 4));
        assert!(!sentence_start("ask\nA.I.", 4));
    }
}
