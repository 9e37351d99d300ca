//! Character classes the matcher's boundary rules need.

/// Letters, digits, connectors and combining marks continue a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_combining(c)
}

fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}'
        | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Scripts written without spaces between words, where a term needs no
/// word boundary: Han, kana, Hangul (particles attach to nouns), Thai, Lao,
/// Khmer, Myanmar.
pub fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'
        | '\u{1000}'..='\u{109F}'
        | '\u{1100}'..='\u{11FF}'
        | '\u{1780}'..='\u{17FF}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// Whether two adjacent characters sit inside one word, so that a term
/// may not start or end between them.
pub fn joins(before: char, after: char) -> bool {
    is_word_char(before) && is_word_char(after) && !is_unspaced(before) && !is_unspaced(after)
}

/// Whether a term may start at byte `at` of `text`: the characters on either
/// side do not join. A run of `_` right before the term is an emphasis
/// delimiter (`_term_`, `__term__`) when nothing word-like precedes the run,
/// and then bounds the word like a space.
pub fn starts_word(text: &str, at: usize) -> bool {
    let Some(first) = text[at..].chars().next() else {
        return true;
    };
    let before = &text[..at];
    let Some(prev) = before.chars().next_back() else {
        return true;
    };
    if prev == '_' {
        let run = before.trim_end_matches('_');
        return !run.chars().next_back().is_some_and(is_word_char) || !is_word_char(first);
    }
    !joins(prev, first)
}

/// Whether a term may end at byte `at` of `text`; the mirror of [`starts_word`].
pub fn ends_word(text: &str, at: usize) -> bool {
    let Some(last) = text[..at].chars().next_back() else {
        return true;
    };
    let after = &text[at..];
    let Some(next) = after.chars().next() else {
        return true;
    };
    if next == '_' {
        let run = after.trim_start_matches('_');
        return !run.chars().next().is_some_and(is_word_char) || !is_word_char(last);
    }
    !joins(last, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_underscores_bound_words() {
        let text = "a _leaf_ and __leaf__ but snake_leaf_case";
        let at = |needle: &str, nth: usize| text.match_indices(needle).nth(nth).unwrap().0;
        assert!(starts_word(text, at("leaf", 0)));
        assert!(ends_word(text, at("leaf", 0) + 4));
        assert!(starts_word(text, at("leaf", 1)));
        assert!(ends_word(text, at("leaf", 1) + 4));
        assert!(!starts_word(text, at("leaf", 2)));
        assert!(!ends_word(text, at("leaf", 2) + 4));
    }
}
