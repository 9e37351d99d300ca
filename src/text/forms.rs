//! Surface forms: how a title or related term is split and keyed.

use super::fold::fold_term;

/// Splits `Long Short-Term Memory (LSTM)` into the base and the short name.
///
/// A trailing parenthetical, ASCII or full-width (`（SRE）`, or mixed), is
/// split off when it is a plausible short name: an acronym (`RNNs`, `GPT-4`),
/// a mixed-case word (`IaaS`, `DevOps`, `mTLS`), one word of a script written
/// without spaces, or a name in another script than the base (`开发运维
/// (DevOps)`). An explanatory parenthetical (`Scaling (horizontal)`) stays
/// part of the title.
pub fn split_acronym(title: &str) -> (&str, Option<&str>) {
    let trimmed = title.trim().trim_end_matches('.').trim_end();
    let Some(inner_end) = trimmed
        .strip_suffix(')')
        .or_else(|| trimmed.strip_suffix('\u{FF09}'))
    else {
        return (trimmed, None);
    };
    let Some(open) = inner_end.rfind(['(', '\u{FF08}']) else {
        return (trimmed, None);
    };
    let open_width = inner_end[open..].chars().next().map_or(1, char::len_utf8);
    let inner = inner_end[open + open_width..].trim();
    let base = inner_end[..open].trim_end();
    if base.is_empty() || !is_short_name(inner, base) {
        return (trimmed, None);
    }
    (base, Some(inner))
}

/// Whether `inner` can stand for `base` on its own.
fn is_short_name(inner: &str, base: &str) -> bool {
    if inner.is_empty() || inner.chars().count() > 24 {
        return false;
    }
    let one_word = !inner.chars().any(char::is_whitespace);
    let unspaced = |s: &str| s.chars().any(crate::text::script::is_unspaced);
    if unspaced(base) != unspaced(inner) {
        // A translation's original name: `开发运维 (DevOps)`, `左移 (Shift Left)`.
        return inner.split_whitespace().count() <= 3;
    }
    if !one_word {
        return false;
    }
    if looks_like_acronym(inner) || unspaced(inner) {
        return true;
    }
    // Mixed case: a capital after the first letter (`IaaS`, `DevOps`, `mTLS`).
    inner.chars().skip(1).any(char::is_uppercase) && inner.chars().any(char::is_lowercase)
}

/// One token, at least two capitals, no lowercase but a plural `s`.
pub fn looks_like_acronym(s: &str) -> bool {
    if s.is_empty() || s.chars().any(char::is_whitespace) || s.chars().count() > 12 {
        return false;
    }
    let core = strip_acronym_plural(s);
    let capitals = core.chars().filter(|c| c.is_uppercase()).count();
    capitals >= 2 && !core.chars().any(char::is_lowercase)
}

/// `RNNs` -> `RNN`; anything else unchanged.
pub fn strip_acronym_plural(s: &str) -> &str {
    match s.strip_suffix('s') {
        Some(core) if core.chars().count() >= 2 && !core.chars().any(char::is_lowercase) => core,
        _ => s,
    }
}

/// A capital letter inside a word (`GitHub`, `IaaS`, `AI`): the case is
/// part of the name.
pub fn has_inner_capital(name: &str) -> bool {
    name.split(|c: char| !c.is_alphanumeric())
        .any(|word| word.chars().skip(1).any(char::is_uppercase))
}

/// Short all-capital forms (`AI`, `ML`, `GAN`) match only as written:
/// `ml` in a sentence is not machine learning.
pub fn is_case_sensitive(form: &str) -> bool {
    let letters = form.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = form.chars().filter(|c| c.is_uppercase()).count();
    // A one-letter name (`C`, `R`) is never the article or a pronoun.
    let short_capital = letters == 1 && capitals == 1;
    letters <= 6 && (capitals >= 2 || short_capital) && !form.chars().any(char::is_whitespace)
}

/// The key two names share when they name the same entry: folded case,
/// dashes and quotes, no trailing period, the last word made singular.
pub fn resolution_key(term: &str) -> String {
    let trimmed = term.trim().trim_end_matches('.').trim();
    if looks_like_acronym(trimmed) {
        return fold_term(strip_acronym_plural(trimmed));
    }
    let mut folded = fold_term(trimmed);
    let last_start = folded.rfind(' ').map_or(0, |i| i + 1);
    // Most names are already singular: the folded text is the key as it is.
    let one = singular(&folded[last_start..]);
    if *one != folded[last_start..] {
        let one = one.into_owned();
        folded.truncate(last_start);
        folded.push_str(&one);
    }
    folded
}

/// A conservative English singular: enough to pair `networks` with
/// `network` and `policies` with `policy`, applied to both sides of a comparison.
pub fn singular(word: &str) -> std::borrow::Cow<'_, str> {
    let n = word.chars().count();
    if n > 4 && word.ends_with("ies") {
        return format!("{}y", &word[..word.len() - 3]).into();
    }
    if n > 4
        && (word.ends_with("sses")
            || word.ends_with("xes")
            || word.ends_with("ches")
            || word.ends_with("shes"))
    {
        return word[..word.len() - 2].into();
    }
    if n > 3
        && word.ends_with('s')
        && !(word.ends_with("ss") || word.ends_with("us") || word.ends_with("is"))
    {
        return word[..word.len() - 1].into();
    }
    word.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_acronyms_only() {
        assert_eq!(
            split_acronym("Long Short-Term Memory (LSTM)"),
            ("Long Short-Term Memory", Some("LSTM"))
        );
        assert_eq!(
            split_acronym("Recurrent Neural Networks (RNNs)"),
            ("Recurrent Neural Networks", Some("RNNs"))
        );
        assert_eq!(
            split_acronym("Scaling (horizontal)"),
            ("Scaling (horizontal)", None)
        );
        assert_eq!(split_acronym("Deep Learning."), ("Deep Learning", None));
        assert_eq!(
            split_acronym("Shared Storage (SharedStore)"),
            ("Shared Storage", Some("SharedStore"))
        );
        assert_eq!(
            split_acronym("Mutual Trust (mTR)"),
            ("Mutual Trust", Some("mTR"))
        );
        assert_eq!(
            split_acronym("云存储 (CloudStore)"),
            ("云存储", Some("CloudStore"))
        );
        assert_eq!(split_acronym("网络策略（NP)"), ("网络策略", Some("NP")));
        assert_eq!(split_acronym("网络策略（NP）"), ("网络策略", Some("NP")));
        assert_eq!(split_acronym("観測(可観測性)"), ("観測", Some("可観測性")));
        assert_eq!(
            split_acronym("右移 (Shift Right)"),
            ("右移", Some("Shift Right"))
        );
        assert_eq!(
            split_acronym("Caching (layered)"),
            ("Caching (layered)", None)
        );
        assert_eq!(
            split_acronym("Caching (Read Through)"),
            ("Caching (Read Through)", None)
        );
    }

    #[test]
    fn a_hyphen_keys_as_a_space_in_slugs_of_small_letters() {
        // The glossary keys a slug of small letters, digits and hyphens as
        // written, without turning its hyphens into spaces first: the same
        // key either way.
        let alphabet = ['a', 'i', 's', 'e', '-', '1'];
        let mut slugs = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = slugs
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            slugs.extend(longer);
        }
        for slug in slugs {
            assert_eq!(
                resolution_key(&slug),
                resolution_key(&slug.replace('-', " ")),
                "{slug:?}"
            );
        }
    }

    #[test]
    fn keys_pair_plural_and_singular() {
        assert_eq!(
            resolution_key("Neural Networks"),
            resolution_key("Neural Network")
        );
        assert_eq!(resolution_key("RNNs"), resolution_key("RNN"));
        assert_eq!(resolution_key("Policies"), resolution_key("policy"));
        assert_eq!(
            resolution_key("Socio\u{2011}technical Systems."),
            "socio technical system"
        );
        assert_eq!(resolution_key("Analysis"), "analysis");
    }

    #[test]
    fn case_sensitivity() {
        assert!(is_case_sensitive("AI"));
        assert!(is_case_sensitive("LSTM"));
        assert!(!is_case_sensitive("Deep Learning"));
        assert!(!is_case_sensitive("Go"));
        assert!(is_case_sensitive("R"));
        assert!(!is_case_sensitive("x"));
    }
}
