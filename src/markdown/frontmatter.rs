//! Front matter: YAML (`---`), TOML (`+++`) or JSON (`{ ... }`) at the top
//! of a file. Broken front matter is reported with its line and column, and
//! whatever can still be read from it (title, draft) is salvaged.

use std::ops::Range;

use serde_json::{Map, Value};

use crate::problem::{Code, Problem, Severity};
use crate::text::{LineIndex, lines_inclusive, lone_cr_as_lf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    Json,
}

/// Where the front matter sits in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub format: Format,
    /// The whole block, delimiters included.
    pub range: Range<usize>,
    /// The text between the delimiters (for JSON, the object itself).
    pub content: Range<usize>,
}

/// What an entry takes from its front matter.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Fields {
    pub title: Option<String>,
    pub title_range: Option<Range<usize>>,
    pub draft: bool,
    pub synonyms: Vec<String>,
    pub summary: Option<String>,
    pub kind: Option<String>,
    /// `match: false`: the entry is not looked for in prose.
    pub no_match: bool,
    /// Kubernetes-style `id`, which references name as `term_id`.
    pub id: Option<String>,
    pub full_link: Option<String>,
    pub tags: Vec<String>,
    /// `avoid:` variants, each with the reason given (`{term, because}`).
    pub avoid: Vec<(String, Option<String>)>,
    /// `case: exact`.
    pub case_exact: bool,
}

/// Finds the front matter block, if the file starts with one. An opened but
/// never closed block is reported and treated as body text.
pub fn locate(text: &str) -> (Option<Block>, Option<Problem>) {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    // Lines end at `\n`, `\r\n` or a lone `\r` (old Mac files).
    let first_line_end = lines_inclusive(rest).next().map_or(0, str::len);
    let first = rest[..first_line_end].trim_end();
    let (format, closers): (Format, &[&str]) = match first {
        "---" => (Format::Yaml, &["---", "..."]),
        "+++" => (Format::Toml, &["+++"]),
        _ if rest.starts_with('{') => return locate_json(text, start),
        _ => return (None, None),
    };
    let content_start = start + first_line_end;
    let mut pos = content_start;
    for line in lines_inclusive(&text[content_start..]) {
        if closers.contains(&line.trim_end()) {
            let block = Block {
                format,
                range: start..pos + line.len(),
                content: content_start..pos,
            };
            return (Some(block), None);
        }
        pos += line.len();
    }
    let problem = Problem::new(
        Severity::Error,
        Code::MalformedFrontMatter,
        format!("front matter opened with `{first}` on line 1 is never closed"),
        start..start + first.len(),
    );
    (None, Some(problem))
}

fn locate_json(text: &str, start: usize) -> (Option<Block>, Option<Problem>) {
    let mut stream = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
    let parsed = stream.next();
    match parsed {
        Some(Ok(_)) => {
            let end = start + stream.byte_offset();
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            let block = Block {
                format: Format::Json,
                range: start..line_end,
                content: start..end,
            };
            (Some(block), None)
        }
        _ => {
            // A broken object: take it up to a line holding only `}` so the
            // body still loads, and let `parse` report the error.
            let mut pos = start;
            for line in lines_inclusive(&text[start..]) {
                pos += line.len();
                if line.trim_end() == "}" {
                    let block = Block {
                        format: Format::Json,
                        range: start..pos,
                        content: start..pos,
                    };
                    return (Some(block), None);
                }
            }
            // No closing line: an object that starts with a key (too deep
            // for the parser, or cut short) is still front matter, broken;
            // its first line is taken as the block, for `parse` to report.
            // Anything else (`{{< shortcode >}}`) is body text.
            let opens_object = text[start + 1..].trim_start().starts_with('"');
            if opens_object {
                let end = lines_inclusive(&text[start..])
                    .next()
                    .map_or(start, |l| start + l.len());
                let block = Block {
                    format: Format::Json,
                    range: start..end,
                    content: start..end,
                };
                return (Some(block), None);
            }
            (None, None)
        }
    }
}

/// Reads the fields an entry needs; problems carry ranges in `text`.
pub fn parse(text: &str, block: &Block) -> (Fields, Vec<Problem>) {
    // Parsers and the salvage below split lines at `\n` only.
    let text = &*lone_cr_as_lf(text);
    let content = &text[block.content.clone()];
    let parsed: Result<Value, (String, usize)> = match block.format {
        Format::Yaml => parse_yaml(content),
        Format::Toml => toml::from_str::<toml::Table>(content)
            .map_err(|e| {
                let at = e.span().map_or(0, |s| s.start);
                (first_line(e.message()), at)
            })
            .and_then(|t| serde_json::to_value(t).map_err(|e| (e.to_string(), 0))),
        Format::Json => serde_json::from_str::<Value>(content).map_err(|e| {
            let at = offset_of(
                content,
                e.line().saturating_sub(1),
                e.column().saturating_sub(1),
            );
            (first_line(&e.to_string()), at)
        }),
    };
    let mut problems = Vec::new();
    let mut fields = match parsed {
        Ok(Value::Object(map)) => fields_from_map(&map),
        Ok(Value::Null) => Fields::default(),
        Ok(_) => {
            problems.push(Problem::new(
                Severity::Error,
                Code::MalformedFrontMatter,
                "front matter is not a map of keys to values",
                block.content.start..block.content.start,
            ));
            salvage(content, block.format)
        }
        Err((message, at)) => {
            let at = block.content.start + at.min(content.len());
            let (line, col) = LineIndex::new(text).line_col(text, at);
            problems.push(Problem::new(
                Severity::Error,
                Code::MalformedFrontMatter,
                format!(
                    "malformed front matter at line {}, column {}: {message}",
                    line + 1,
                    col + 1
                ),
                at..crate::text::ceil_char_boundary(text, at + 1).max(at),
            ));
            salvage(content, block.format)
        }
    };
    if fields.title.is_some() {
        fields.title_range = title_range(text, block);
    }
    (fields, problems)
}

fn parse_yaml(content: &str) -> Result<Value, (String, usize)> {
    if content.trim().is_empty() {
        return Ok(Value::Null);
    }
    if let Some(value) = simple_yaml(content) {
        return Ok(value);
    }
    serde_saphyr::from_str::<Value>(content).map_err(|e| {
        let at = e
            .location()
            .map(|l| {
                let line = (l.line() as usize).saturating_sub(1);
                let col = (l.column() as usize).saturating_sub(1);
                offset_of(content, line, col)
            })
            .unwrap_or(0);
        (first_line(&e.to_string()), at)
    })
}

/// Front matter made only of `key: scalar` lines, which is what nearly every
/// glossary entry has, read without the full YAML parser (which costs more
/// than the rest of the entry together). `None` for anything else: quotes
/// with escapes, flow or block collections, anchors, comments, multi-line
/// values; those go to the real parser.
fn simple_yaml(content: &str) -> Option<Value> {
    let mut map = Map::new();
    for line in content.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let (key, value) = line
            .split_once(": ")
            .or_else(|| line.strip_suffix(':').map(|k| (k, "")))?;
        let plain_key = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
        if key.is_empty() || !key.chars().all(plain_key) || map.contains_key(key) {
            return None;
        }
        let value = value.trim();
        let parsed = if value.is_empty() {
            return None;
        } else if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
            if inner.contains(['"', '\\']) {
                return None;
            }
            Value::String(inner.to_string())
        } else if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
            if inner.contains('\'') {
                return None;
            }
            Value::String(inner.to_string())
        } else if value == "true" || value == "false" {
            Value::Bool(value == "true")
        } else if value
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_' || c == '.')
            && value.starts_with(|c: char| c.is_alphabetic())
            && !matches!(
                value.to_ascii_lowercase().as_str(),
                "yes" | "no" | "on" | "off" | "null" | "true" | "false" | "y" | "n"
            )
        {
            Value::String(value.to_string())
        } else {
            return None;
        };
        map.insert(key.to_string(), parsed);
    }
    Some(Value::Object(map))
}

/// The parser's message without its own position, which counts from the
/// start of the block rather than the file.
fn first_line(message: &str) -> String {
    let mut line = message.lines().next().unwrap_or("").trim();
    line = line.strip_prefix("error:").unwrap_or(line).trim_start();
    if let Some(rest) = line.strip_prefix("line ")
        && let Some(colon) = rest.find(": ")
        && rest[..colon]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ')
    {
        line = &rest[colon + 2..];
    }
    if let Some(at) = line.rfind(" at line ") {
        line = &line[..at];
    }
    line.trim().to_string()
}

/// Byte offset of a zero-based line and character column.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let index = LineIndex::new(text);
    let start = index.line_start(line);
    let line_text = &text[index.line_range(text, line)];
    start
        + line_text
            .char_indices()
            .nth(col)
            .map_or(line_text.len(), |(i, _)| i)
}

fn fields_from_map(original: &Map<String, Value>) -> Fields {
    // Hugo reads keys case-insensitively: `Title:` is a title.
    let map: Map<String, Value> = original
        .iter()
        .map(|(k, v)| (k.to_lowercase(), v.clone()))
        .collect();
    let string = |key: &str| match map.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    };
    let mut synonyms = Vec::new();
    for key in ["synonyms", "aka", "terms"] {
        synonyms.extend(strings(map.get(key)));
    }
    synonyms.extend(
        strings(map.get("aliases"))
            .into_iter()
            .filter(|a| !is_url_path(a)),
    );
    Fields {
        title: string("title"),
        title_range: None,
        draft: matches!(map.get("draft"), Some(Value::Bool(true)))
            || matches!(map.get("draft"), Some(Value::String(s)) if s.eq_ignore_ascii_case("true")),
        synonyms,
        summary: string("summary")
            .or_else(|| string("description"))
            .or_else(|| string("short_description").map(|s| one_line(&s))),
        kind: string("type"),
        no_match: matches!(map.get("match"), Some(Value::Bool(false)))
            || matches!(map.get("match"), Some(Value::String(s)) if s.eq_ignore_ascii_case("false")),
        id: string("id"),
        full_link: string("full_link"),
        tags: strings(map.get("tags")),
        avoid: avoided(map.get("avoid")),
        case_exact: matches!(map.get("case"), Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("exact")),
    }
}

/// `avoid: log in`, `avoid: [log in, login]`, or items written as
/// `{term: login, because: "..."}`, in any mix.
fn avoided(value: Option<&Value>) -> Vec<(String, Option<String>)> {
    let item = |v: &Value| match v {
        Value::String(s) => Some((s.trim().to_string(), None)),
        Value::Object(o) => {
            let field = |k: &str| {
                o.iter()
                    .find(|(key, _)| key.eq_ignore_ascii_case(k))
                    .and_then(|(_, v)| v.as_str())
                    .map(|s| s.trim().to_string())
            };
            Some((field("term")?, field("because")))
        }
        _ => None,
    };
    match value {
        Some(Value::String(s)) => s
            .split(',')
            .map(|t| (t.trim().to_string(), None))
            .filter(|(t, _)| !t.is_empty())
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(item)
            .filter(|(t, _)| !t.is_empty())
            .collect(),
        Some(v @ Value::Object(_)) => item(v).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// A folded YAML block (`short_description: >`) as one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
}

/// Hugo's `aliases` are old URLs of a page, not other names of a term.
fn is_url_path(value: &str) -> bool {
    value.starts_with('/')
        || value.contains("://")
        || value.contains('/')
        || value.ends_with(".html")
}

/// Reads `key: value` / `key = value` lines from front matter that failed
/// to parse, so a typo elsewhere does not cost the entry its title.
fn salvage(content: &str, format: Format) -> Fields {
    let mut fields = Fields::default();
    for line in content.lines() {
        // JSON keys are indented inside their object; YAML and TOML keys at
        // the top level are not.
        let line = if format == Format::Json {
            line.trim_start()
        } else {
            line
        };
        let Some((key, value)) = split_key_value(line) else {
            continue;
        };
        let value = if format == Format::Yaml {
            unquote(without_node_properties(value))
        } else {
            value
        };
        match key.to_lowercase().as_str() {
            "title" if !value.is_empty() => fields.title = Some(value.to_string()),
            "draft" => fields.draft = value.eq_ignore_ascii_case("true"),
            "type" => fields.kind = Some(value.to_string()),
            "match" => fields.no_match = value.eq_ignore_ascii_case("false"),
            "case" => fields.case_exact = value.eq_ignore_ascii_case("exact"),
            _ => {}
        }
    }
    fields
}

fn split_key_value(line: &str) -> Option<(&str, &str)> {
    if line.starts_with([' ', '\t']) {
        return None;
    }
    let sep = line.find([':', '='])?;
    let key = line[..sep].trim().trim_matches('"');
    let value = line[sep + 1..].trim().trim_end_matches(',').trim();
    Some((key, unquote(value)))
}

/// A YAML value without the anchor (`&name`) and tag (`!tag`, `!!str`)
/// that may come before it.
fn without_node_properties(mut value: &str) -> &str {
    while value.starts_with(['&', '!']) {
        match value.find(char::is_whitespace) {
            Some(end) => value = value[end..].trim_start(),
            None => return "",
        }
    }
    value
}

fn unquote(value: &str) -> &str {
    for q in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(q) && value.ends_with(q) {
            return &value[1..value.len() - 1];
        }
    }
    value
}

/// Where the title's value is written, for go-to-entry to land on.
fn title_range(text: &str, block: &Block) -> Option<Range<usize>> {
    let mut pos = block.content.start;
    for line in text[block.content.clone()].split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let top_level = indent == 0 || block.format == Format::Json;
        if top_level
            && let Some((key, _)) = split_key_value(trimmed)
            && key.eq_ignore_ascii_case("title")
        {
            let sep = trimmed.find([':', '='])?;
            let raw = trimmed[sep + 1..].trim_end().trim_end_matches(',');
            let mut value = raw.trim_start();
            if block.format == Format::Yaml {
                value = without_node_properties(value);
            }
            let lead = raw.len() - value.len();
            let value = value.trim_end();
            let value_start = pos + indent + sep + 1 + lead;
            let inner = unquote(value);
            let skip = if inner.len() < value.len() { 1 } else { 0 };
            return Some(value_start + skip..value_start + skip + inner.len());
        }
        pos += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> (Fields, Vec<Problem>) {
        let (block, problem) = locate(text);
        assert!(problem.is_none(), "{problem:?}");
        parse(text, &block.expect("a front matter block"))
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let text = "---\rtitle: \"CR Term\"\rdraft: true\r---\r\rbody\r";
        let (f, problems) = fields(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(f.title.as_deref(), Some("CR Term"));
        assert!(f.draft);
        assert_eq!(&text[f.title_range.unwrap()], "CR Term");
    }

    #[test]
    fn anchors_and_tags_are_not_part_of_a_salvaged_title() {
        let text = "---\ntitle: &t \"Alias Term\"\nx: [\n---\n";
        let (f, problems) = fields(text);
        assert_eq!(problems.len(), 1);
        assert_eq!(f.title.as_deref(), Some("Alias Term"));
        assert_eq!(&text[f.title_range.unwrap()], "Alias Term");
        let (f, _) = fields("---\ntitle: !!str Tagged\nx: [\n---\n");
        assert_eq!(f.title.as_deref(), Some("Tagged"));
    }

    #[test]
    fn json_too_deep_to_parse_is_malformed_front_matter() {
        let deep = format!("{}1{}", "{\"a\":".repeat(300), "}".repeat(300));
        let text = format!("{{\"title\": \"Deep\", \"x\": {deep}}}\n\nbody\n");
        let (block, problem) = locate(&text);
        assert!(problem.is_none());
        let block = block.expect("a block");
        assert_eq!(&text[block.range.end..], "\nbody\n");
        let (_, problems) = parse(&text, &block);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "malformed-front-matter");
        assert!(
            problems[0].message.contains("recursion limit"),
            "{}",
            problems[0].message
        );
        // A shortcode at the top of a page is not front matter.
        assert_eq!(locate("{{< figure src=x >}}\ntext\n"), (None, None));
    }

    #[test]
    fn yaml_toml_json() {
        let (y, _) = fields("---\ntitle: \"Deep Learning\"\ndraft: true\naka: [DL]\n---\nbody");
        assert_eq!(y.title.as_deref(), Some("Deep Learning"));
        assert!(y.draft);
        assert_eq!(y.synonyms, vec!["DL"]);
        let (t, _) = fields("+++\ntitle = 'Token'\nsynonyms = ['tokens']\n+++\n");
        assert_eq!(t.title.as_deref(), Some("Token"));
        let (j, _) = fields("{\n  \"title\": \"Embedding\",\n  \"draft\": false\n}\nbody");
        assert_eq!(j.title.as_deref(), Some("Embedding"));
    }

    #[test]
    fn simple_front_matter_reads_as_the_full_parser_does() {
        for content in [
            "title: \"Deep Learning\"\ndraft: false\ntype: \"glossary\"\nlayout: entry\n",
            "title: 'GAN'\ndraft: true\n",
            "title: Plain words here\n\nweight: x1\n",
        ] {
            let fast = simple_yaml(content).expect("simple");
            let full = serde_saphyr::from_str::<Value>(content).unwrap();
            assert_eq!(fast, full, "{content}");
        }
        for content in [
            "title: \"a \\\" b\"\n",
            "title: x # comment\n",
            "tags: [a, b]\n",
            "title: yes\n",
            "title: 12\n",
            "list:\n  - a\n",
            "a: &x 1\n",
            "title: a: b\n",
        ] {
            assert_eq!(simple_yaml(content), None, "{content}");
        }
    }

    #[test]
    fn avoided_variants_and_exact_case() {
        let (f, problems) = fields(
            "---\ntitle: Sign In\ncase: exact\navoid:\n  - log in\n  - term: login\n    because: \"a noun, not a verb\"\n---\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert!(f.case_exact);
        assert_eq!(
            f.avoid,
            vec![
                ("log in".to_string(), None),
                ("login".to_string(), Some("a noun, not a verb".to_string()))
            ]
        );
        let (t, _) = fields("+++\ntitle = 'Email'\navoid = 'e-mail, E-Mail'\n+++\n");
        assert_eq!(t.avoid.len(), 2);
        assert!(!t.case_exact);
        let (j, _) = fields("{\"title\": \"X\", \"avoid\": [{\"term\": \"ex\"}, 3]}\n");
        assert_eq!(j.avoid, vec![("ex".to_string(), None)]);
    }

    #[test]
    fn title_range_points_at_the_value() {
        let text = "---\ntitle: \"Deep Learning\"\n---\n";
        let (f, _) = fields(text);
        assert_eq!(&text[f.title_range.unwrap()], "Deep Learning");
    }

    #[test]
    fn aliases_that_are_urls_are_not_synonyms() {
        let (f, _) = fields("---\ntitle: X\naliases: [/old/x/, Ex]\n---\n");
        assert_eq!(f.synonyms, vec!["Ex"]);
    }

    #[test]
    fn broken_yaml_is_reported_and_salvaged() {
        let text = "---\ntitle: Broken\ntags: [a, b\ndraft: true\n---\n# Body\n";
        let (f, problems) = fields(text);
        assert_eq!(f.title.as_deref(), Some("Broken"));
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("line"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn unclosed_block_is_reported() {
        let (block, problem) = locate("---\ntitle: x\n");
        assert!(block.is_none());
        assert_eq!(problem.unwrap().code, Code::MalformedFrontMatter);
    }

    #[test]
    fn yaml_bombs_and_deep_nesting_are_refused_not_expanded() {
        let mut bomb = String::from(
            "---\ntitle: Bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        // Each anchor refers nine times to the one before: 9^9 strings if expanded.
        for (prev, name) in ('a'..='h').zip('b'..='i') {
            let refs = vec![format!("*{prev}"); 9].join(",");
            bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        bomb.push_str("---\nbody\n");
        let (f, problems) = fields(&bomb);
        assert_eq!(f.title.as_deref(), Some("Bomb"));
        assert_eq!(problems.len(), 1, "{problems:?}");

        let deep = format!(
            "---\ntitle: Deep\nx: {}{}\n---\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let (f, problems) = fields(&deep);
        assert_eq!(f.title.as_deref(), Some("Deep"));
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn deeply_nested_toml_and_json_are_errors() {
        let toml = format!(
            "+++\ntitle = 'Deep'\nx = {}{}\n+++\n",
            "[".repeat(50_000),
            "]".repeat(50_000)
        );
        let (f, problems) = fields(&toml);
        assert_eq!(f.title.as_deref(), Some("Deep"));
        assert_eq!(problems.len(), 1);
        let json = format!(
            "{{\"title\": \"Deep\", \"x\": {}{}}}\n",
            "[".repeat(50_000),
            "]".repeat(50_000)
        );
        let (block, _) = locate(&json);
        if let Some(block) = block {
            let (_, problems) = parse(&json, &block);
            assert_eq!(problems.len(), 1);
        }
    }
}
