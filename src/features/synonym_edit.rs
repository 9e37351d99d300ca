//! The edit that adds a synonym to an entry's front matter: into its
//! `synonyms` (or `aka`, `terms`) list as the list is written (YAML flow or
//! block, TOML, JSON), or as a new `synonyms` list. Nothing else in the
//! file changes; an edit whose result would not read back with the synonym
//! (and every other field as before) is not offered.

use super::link_edits::TextEdit;
use crate::markdown::frontmatter::{Block, Format, locate, parse};

const KEYS: &[&str] = &["synonyms", "aka", "terms"];

/// The edit adding `synonym` to the front matter of `text`, if one can be
/// made safely.
pub fn add_synonym(text: &str, synonym: &str) -> Option<TextEdit> {
    let synonym = synonym.trim();
    if synonym.is_empty() || synonym.contains(['\n', '\r']) {
        return None;
    }
    let (block, _) = locate(text);
    let edit = match &block {
        None => TextEdit {
            range: 0..0,
            new_text: format!(
                "---{nl}synonyms: [{}]{nl}---{nl}",
                yaml_scalar(synonym),
                nl = newline(text)
            ),
        },
        Some(block) => match block.format {
            Format::Yaml => yaml_edit(text, block, synonym)?,
            Format::Toml => toml_edit(text, block, synonym)?,
            Format::Json => json_edit(text, block, synonym)?,
        },
    };
    reads_back(text, &edit, synonym).then_some(edit)
}

/// The new text parses with the synonym added and every other field kept.
fn reads_back(text: &str, edit: &TextEdit, synonym: &str) -> bool {
    let mut after = text.to_string();
    after.replace_range(edit.range.clone(), &edit.new_text);
    let fields = |t: &str| {
        let (block, _) = locate(t);
        block.map(|b| parse(t, &b))
    };
    let Some((mut new, problems)) = fields(&after) else {
        return false;
    };
    if !problems.is_empty() || !new.synonyms.iter().any(|s| s == synonym) {
        return false;
    }
    let (mut old, _) = fields(text).unwrap_or_default();
    new.synonyms.retain(|s| s != synonym);
    old.synonyms.retain(|s| s != synonym);
    new.title_range = None;
    old.title_range = None;
    new == old
}

fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// Lines of `range` in `text`: (start, end without the line break, end with it).
fn lines_in(text: &str, range: std::ops::Range<usize>) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut pos = range.start;
    for line in text[range.clone()].split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']).len();
        out.push((pos, pos + bare, pos + line.len()));
        pos += line.len();
    }
    out
}

/// The first line of the block that sets one of [`KEYS`] at the top level
/// (`key:` or `key =`), with the offset just after the separator.
fn key_line(
    text: &str,
    lines: &[(usize, usize, usize)],
    separator: char,
) -> Option<(usize, usize)> {
    lines.iter().enumerate().find_map(|(i, &(start, end, _))| {
        let line = &text[start..end];
        let key = KEYS.iter().find(|k| {
            line.strip_prefix(**k)
                .is_some_and(|rest| rest.trim_start().starts_with(separator))
        })?;
        let after_key = start + key.len();
        let sep = text[after_key..end].find(separator)? + after_key + 1;
        Some((i, sep))
    })
}

fn yaml_edit(text: &str, block: &Block, synonym: &str) -> Option<TextEdit> {
    let nl = newline(text);
    let lines = lines_in(text, block.content.clone());
    let item = yaml_scalar(synonym);
    let Some((i, value_start)) = key_line(text, &lines, ':') else {
        // No list yet: a new key as the block's last line.
        return Some(TextEdit {
            range: block.content.end..block.content.end,
            new_text: format!("synonyms: [{item}]{nl}"),
        });
    };
    let (_, line_end, _) = lines[i];
    let value = strip_comment(&text[value_start..line_end]);
    let value_trimmed = value.trim();
    if value_trimmed.starts_with('[') {
        return flow_insert(text, value_start, block.content.end, &item);
    }
    if value_trimmed.is_empty() {
        // A block list below the key: one more item like the last.
        let items: Vec<_> = lines[i + 1..]
            .iter()
            .take_while(|&&(s, e, _)| {
                let l = &text[s..e];
                l.trim_start().starts_with("- ") || l.trim_start() == "-" || l.trim().is_empty()
            })
            .filter(|&&(s, e, _)| !text[s..e].trim().is_empty())
            .collect();
        let Some(&&(last_start, last_end, last_full)) = items.last() else {
            let end = value_start + value.trim_end().len();
            return Some(TextEdit {
                range: end..end,
                new_text: format!(" [{item}]"),
            });
        };
        let line = &text[last_start..last_end];
        let indent = &line[..line.len() - line.trim_start().len()];
        let line_break = if last_full == last_end { nl } else { "" };
        return Some(TextEdit {
            range: last_full..last_full,
            new_text: format!("{line_break}{indent}- {item}{nl}"),
        });
    }
    // One name written as a scalar: it becomes a list of two.
    let start = value_start + (value.len() - value.trim_start().len());
    let end = value_start + value.trim_end().len();
    Some(TextEdit {
        range: start..end,
        new_text: format!("[{}, {item}]", &text[start..end]),
    })
}

fn toml_edit(text: &str, block: &Block, synonym: &str) -> Option<TextEdit> {
    let nl = newline(text);
    let lines = lines_in(text, block.content.clone());
    let item = serde_json::to_string(synonym).ok()?;
    if let Some((_, value_start)) = key_line(text, &lines, '=') {
        if !text[value_start..].trim_start().starts_with('[') {
            return None;
        }
        return flow_insert(text, value_start, block.content.end, &item);
    }
    // Top-level keys come before the first table header.
    let at = lines
        .iter()
        .find(|&&(s, e, _)| text[s..e].trim_start().starts_with('['))
        .map_or(block.content.end, |&(s, _, _)| s);
    Some(TextEdit {
        range: at..at,
        new_text: format!("synonyms = [{item}]{nl}"),
    })
}

fn json_edit(text: &str, block: &Block, synonym: &str) -> Option<TextEdit> {
    let item = serde_json::to_string(synonym).ok()?;
    let content = &text[block.content.clone()];
    for key in KEYS {
        if let Some(at) = content.find(&format!("\"{key}\"")) {
            let after = block.content.start + at + key.len() + 2;
            let colon = text[after..].find(':')? + after + 1;
            if !text[colon..].trim_start().starts_with('[') {
                return None;
            }
            return flow_insert(text, colon, block.content.end, &item);
        }
    }
    let open = block.content.start + content.find('{')? + 1;
    let rest = &text[open..block.content.end];
    let empty = rest.trim_start().starts_with('}');
    let ws = &rest[..rest.len() - rest.trim_start().len()];
    let (new_text, at) = if empty {
        (format!("\"synonyms\": [{item}]"), open + ws.len())
    } else {
        (format!("\"synonyms\": [{item}],{ws}"), open + ws.len())
    };
    Some(TextEdit {
        range: at..at,
        new_text,
    })
}

/// Inserts `item` before the `]` closing the list that opens after
/// `from`, with a comma when the list has items.
fn flow_insert(text: &str, from: usize, limit: usize, item: &str) -> Option<TextEdit> {
    let open = text[from..limit].find('[')? + from;
    let mut quote: Option<char> = None;
    let mut close = None;
    for (i, c) in text[open + 1..limit].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, ']') => {
                close = Some(open + 1 + i);
                break;
            }
            (None, '[' | '{' | '#') => return None,
            _ => {}
        }
    }
    let close = close?;
    let inside = &text[open + 1..close];
    let trimmed = inside.trim_end();
    let has_items = !trimmed.trim().is_empty();
    // After the last item, before any space or line break that precedes `]`.
    let at = open + 1 + trimmed.len();
    let new_text = match (has_items, trimmed.ends_with(',')) {
        (false, _) => item.to_string(),
        (true, true) => format!(" {item}"),
        (true, false) => format!(", {item}"),
    };
    Some(TextEdit {
        range: at..at,
        new_text,
    })
}

/// A YAML value: plain when it reads back as the same string, else double-quoted.
fn yaml_scalar(s: &str) -> String {
    let plain = s
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '.' || c == '_')
        && s.chars().next().is_some_and(char::is_alphabetic)
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        );
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// A YAML value without a trailing `# comment`.
fn strip_comment(value: &str) -> &str {
    match value.find(" #") {
        Some(i) if !value[..i].contains(['"', '\'']) => &value[..i],
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn added(text: &str, synonym: &str) -> Option<String> {
        let edit = add_synonym(text, synonym)?;
        let mut out = text.to_string();
        out.replace_range(edit.range, &edit.new_text);
        Some(out)
    }

    #[test]
    fn yaml_flow_lists_get_one_more_item() {
        assert_eq!(
            added(
                "---\ntitle: Pod\nsynonyms: [pods, \"a, b\"] # kept\n---\nBody\n",
                "po"
            )
            .unwrap(),
            "---\ntitle: Pod\nsynonyms: [pods, \"a, b\", po] # kept\n---\nBody\n"
        );
        assert_eq!(
            added("---\ntitle: Pod\naka: []\n---\n", "po").unwrap(),
            "---\ntitle: Pod\naka: [po]\n---\n"
        );
    }

    #[test]
    fn yaml_block_lists_get_one_more_line_like_the_last() {
        assert_eq!(
            added(
                "---\ntitle: Pod\nsynonyms:\n  - pods\n  - 'po'\ndraft: false\n---\nBody\n",
                "micro: services"
            )
            .unwrap(),
            "---\ntitle: Pod\nsynonyms:\n  - pods\n  - 'po'\n  - \"micro: services\"\ndraft: false\n---\nBody\n"
        );
        assert_eq!(
            added("---\r\ntitle: Pod\r\nsynonyms:\r\n- pods\r\n---\r\n", "po").unwrap(),
            "---\r\ntitle: Pod\r\nsynonyms:\r\n- pods\r\n- po\r\n---\r\n"
        );
    }

    #[test]
    fn yaml_without_a_list_gets_one() {
        assert_eq!(
            added("---\ntitle: Pod\ndraft: true\n---\n# Pod\n", "pods").unwrap(),
            "---\ntitle: Pod\ndraft: true\nsynonyms: [pods]\n---\n# Pod\n"
        );
        assert_eq!(
            added("---\ntitle: Pod\nsynonyms: po\n---\n", "yes").unwrap(),
            "---\ntitle: Pod\nsynonyms: [po, \"yes\"]\n---\n"
        );
        assert_eq!(
            added("# Pod\n\nA pod.\n", "pods").unwrap(),
            "---\nsynonyms: [pods]\n---\n# Pod\n\nA pod.\n"
        );
    }

    #[test]
    fn toml_lists_and_new_keys_before_tables() {
        assert_eq!(
            added("+++\ntitle = 'Pod'\naka = [\n  'pods',\n]\n+++\n", "po").unwrap(),
            "+++\ntitle = 'Pod'\naka = [\n  'pods', \"po\"\n]\n+++\n"
        );
        assert_eq!(
            added("+++\ntitle = 'Pod'\n[params]\nx = 1\n+++\n", "po").unwrap(),
            "+++\ntitle = 'Pod'\nsynonyms = [\"po\"]\n[params]\nx = 1\n+++\n"
        );
    }

    #[test]
    fn json_lists_and_new_keys() {
        assert_eq!(
            added(
                "{\n  \"title\": \"Pod\",\n  \"synonyms\": [\"pods\"]\n}\nBody\n",
                "po"
            )
            .unwrap(),
            "{\n  \"title\": \"Pod\",\n  \"synonyms\": [\"pods\", \"po\"]\n}\nBody\n"
        );
        assert_eq!(
            added("{\n  \"title\": \"Pod\"\n}\nBody\n", "po").unwrap(),
            "{\n  \"synonyms\": [\"po\"],\n  \"title\": \"Pod\"\n}\nBody\n"
        );
    }

    #[test]
    fn what_cannot_be_edited_safely_is_not_offered() {
        // A nested list, and a value that is not a list.
        assert_eq!(added("---\ntitle: Pod\nsynonyms: [[a]]\n---\n", "po"), None);
        assert_eq!(added("+++\ntitle = 'Pod'\naka = 'x'\n+++\n", "po"), None);
        assert_eq!(added("---\ntitle: Pod\n---\n", "two\nlines"), None);
    }
}
