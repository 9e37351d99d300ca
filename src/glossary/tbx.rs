//! TBX termbases (ISO 30042) as glossaries: TBX v3 (`tbx` / `conceptEntry`
//! / `langSec` / `termSec`) and TBX 2008 (`martif` / `termEntry` /
//! `langSet` / `tig` or `ntig`), read in one pass with a streaming parser.
//!
//! A concept is an entry in one language (the `glossary-language` setting;
//! else English when the file has it, else the file's first language). Its
//! first preferred term is the title (else its first term), its other
//! preferred and admitted terms are synonyms, its deprecated and superseded
//! terms are variants to avoid; the definition is the summary. Elements are
//! known by their local names, so namespace prefixes do not matter, and a
//! status may be a `termNote` or an element of its own (the DCT style).

use std::ops::Range;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::entry::{Avoided, Entry, avoided_variants};
use super::parse::surface_forms;
use super::table::slugify;
use crate::problem::{Code, Problem, Severity};

/// The TBX termbase format.
pub struct Tbx;

impl super::format::Format for Tbx {
    fn name(&self) -> &'static str {
        "TBX termbase"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["tbx"]
    }

    fn parse(
        &self,
        path: &Path,
        text: &str,
        language: Option<&str>,
    ) -> Result<Vec<Entry>, Problem> {
        parse_tbx(text, path, language)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Preferred,
    Admitted,
    Avoided,
    /// No status given.
    Plain,
}

fn status_of(value: &str) -> Status {
    let value = value.trim().to_ascii_lowercase();
    if value.starts_with("preferred") {
        Status::Preferred
    } else if value.starts_with("admitted") {
        Status::Admitted
    } else if value.starts_with("deprecated") || value.starts_with("superseded") {
        Status::Avoided
    } else {
        Status::Plain
    }
}

#[derive(Debug, Default)]
struct Term {
    text: String,
    range: Range<usize>,
    status: Option<Status>,
}

#[derive(Debug, Default)]
struct Concept {
    start: usize,
    /// The concept's own definition, in no language section.
    definition: Option<String>,
    /// Per language: its definition and terms, in file order.
    languages: Vec<(String, Option<String>, Vec<Term>)>,
}

/// What the text being read belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Term,
    Definition,
    Status,
}

/// Reads a TBX file into entries in `language` (see the module's rules).
pub fn parse_tbx(text: &str, path: &Path, language: Option<&str>) -> Result<Vec<Entry>, Problem> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut reader = Reader::from_str(&text[bom..]);
    let mut concepts: Vec<Concept> = Vec::new();
    let mut file_languages: Vec<String> = Vec::new();
    let mut concept: Option<Concept> = None;
    let mut in_language = false;
    let mut in_term_group = false;
    // The field being read, the element depth it started at, its text and where.
    let mut capture: Option<(Field, usize, String, Range<usize>)> = None;
    let mut depth = 0usize;
    let mut error: Option<Problem> = None;
    let mut root_seen = false;
    loop {
        let before = bom + reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let at = bom + reader.error_position() as usize;
                error = Some(Problem::new(
                    Severity::Error,
                    Code::MalformedTable,
                    format!("malformed TBX: {e}"),
                    at..at,
                ));
                break;
            }
        };
        let after = bom + reader.buffer_position() as usize;
        match event {
            Event::Start(e) => {
                depth += 1;
                let name = local_name(&e);
                if !root_seen {
                    root_seen = true;
                    if !matches!(name.as_str(), "tbx" | "martif") {
                        return Err(Problem::new(
                            Severity::Error,
                            Code::MalformedTable,
                            format!(
                                "not a TBX file: the root element is `{name}`, not `tbx` or `martif`"
                            ),
                            0..0,
                        ));
                    }
                }
                match name.as_str() {
                    "conceptEntry" | "termEntry" => {
                        concept = Some(Concept {
                            start: before,
                            ..Concept::default()
                        })
                    }
                    "langSec" | "langSet" => {
                        if let Some(c) = concept.as_mut() {
                            let lang = attribute(&e, "lang").unwrap_or_default();
                            if !lang.is_empty()
                                && !file_languages.iter().any(|l| l.eq_ignore_ascii_case(&lang))
                            {
                                file_languages.push(lang.clone());
                            }
                            c.languages.push((lang, None, Vec::new()));
                            in_language = true;
                        }
                    }
                    "termSec" | "tig" | "ntig" if in_language => {
                        if let Some((_, _, terms)) =
                            concept.as_mut().and_then(|c| c.languages.last_mut())
                        {
                            terms.push(Term::default());
                            in_term_group = true;
                        }
                    }
                    _ if capture.is_none() => {
                        let field = field_of(&name, &e, in_term_group);
                        if let Some(field) = field {
                            capture = Some((field, depth, String::new(), after..after));
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(_) => {}
            Event::Text(t) => {
                if let Some((_, _, buffer, range)) = capture.as_mut() {
                    buffer.push_str(&t.xml10_content());
                    if buffer.trim().is_empty() {
                        range.start = after;
                    }
                    range.end = after;
                }
            }
            Event::CData(t) => {
                if let Some((_, _, buffer, range)) = capture.as_mut() {
                    buffer.push_str(&t.xml10_content());
                    range.end = after;
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, _, buffer, range)) = capture.as_mut() {
                    let name: &str = &r;
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => buffer.push(c),
                        _ => buffer.push_str(
                            quick_xml::escape::resolve_predefined_entity(name).unwrap_or(""),
                        ),
                    }
                    range.end = after;
                }
            }
            Event::End(e) => {
                let name = e.local_name().as_ref().to_string();
                if let Some((field, at, buffer, range)) = capture.take() {
                    if at == depth {
                        store(concept.as_mut(), in_language, field, buffer, range);
                    } else {
                        capture = Some((field, at, buffer, range));
                    }
                }
                match name.as_str() {
                    "conceptEntry" | "termEntry" => concepts.extend(concept.take()),
                    "langSec" | "langSet" => in_language = false,
                    "termSec" | "tig" | "ntig" => in_term_group = false,
                    _ => {}
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen && error.is_none() {
        return Err(Problem::new(
            Severity::Error,
            Code::MalformedTable,
            "not a TBX file: no root element",
            0..0,
        ));
    }
    let language = chosen_language(language, &file_languages);
    let mut entries: Vec<Entry> = concepts
        .iter()
        .filter_map(|c| concept_entry(c, &language, path, text))
        .collect();
    if let Some(problem) = error {
        // What was read still loads; the file says where it breaks.
        match entries.last_mut() {
            Some(last) => last.problems.push(problem),
            None => return Err(problem),
        }
    }
    Ok(entries)
}

/// The language to read: the setting's, else English when the file has
/// it, else the file's first.
fn chosen_language(setting: Option<&str>, in_file: &[String]) -> String {
    if let Some(setting) = setting.map(str::trim).filter(|s| !s.is_empty()) {
        return setting.to_string();
    }
    if in_file.iter().any(|l| same_language(l, "en")) || in_file.is_empty() {
        return "en".to_string();
    }
    in_file[0].clone()
}

/// `en-US` is English; `en` is not `en-US` only.
fn same_language(tag: &str, wanted: &str) -> bool {
    tag.eq_ignore_ascii_case(wanted)
        || (tag.len() > wanted.len()
            && tag.is_char_boundary(wanted.len())
            && tag[..wanted.len()].eq_ignore_ascii_case(wanted)
            && tag[wanted.len()..].starts_with(['-', '_']))
}

fn local_name(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// The value of the attribute with this local name (`xml:lang`, `type`).
fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| a.normalized_value(XmlVersion::Implicit1_0).ok())
            .flatten()
            .map(|v| v.trim().to_string())
    })
}

/// What an element's text is, if the entry needs it: a term, a
/// definition, a term's status (`termNote type="administrativeStatus"` or
/// an `administrativeStatus` element; older files say
/// `normativeAuthorization`).
fn field_of(name: &str, e: &BytesStart<'_>, in_term_group: bool) -> Option<Field> {
    let kind = attribute(e, "type");
    let is_status = |k: &str| matches!(k, "administrativeStatus" | "normativeAuthorization");
    match name {
        "term" if in_term_group => Some(Field::Term),
        "descrip" if kind.as_deref() == Some("definition") => Some(Field::Definition),
        "definition" => Some(Field::Definition),
        "termNote" if in_term_group && kind.as_deref().is_some_and(is_status) => {
            Some(Field::Status)
        }
        n if in_term_group && is_status(n) => Some(Field::Status),
        _ => None,
    }
}

fn store(
    concept: Option<&mut Concept>,
    in_language: bool,
    field: Field,
    text: String,
    range: Range<usize>,
) {
    let Some(concept) = concept else {
        return;
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return;
    }
    let language = concept.languages.last_mut().filter(|_| in_language);
    match (field, language) {
        (Field::Definition, Some((_, definition, _))) => {
            definition.get_or_insert(text);
        }
        (Field::Definition, None) => {
            concept.definition.get_or_insert(text);
        }
        (Field::Term, Some((_, _, terms))) => {
            if let Some(term) = terms.last_mut().filter(|t| t.text.is_empty()) {
                term.text = text;
                term.range = range;
            }
        }
        (Field::Status, Some((_, _, terms))) => {
            if let Some(term) = terms.last_mut() {
                term.status.get_or_insert(status_of(&text));
            }
        }
        _ => {}
    }
}

fn concept_entry(concept: &Concept, language: &str, path: &Path, text: &str) -> Option<Entry> {
    let (_, definition, terms) = concept
        .languages
        .iter()
        .find(|(lang, _, terms)| same_language(lang, language) && !terms.is_empty())?;
    let terms: Vec<&Term> = terms.iter().filter(|t| !t.text.is_empty()).collect();
    let status = |t: &Term| t.status.unwrap_or(Status::Plain);
    let title = terms
        .iter()
        .find(|t| status(t) == Status::Preferred)
        .or_else(|| terms.iter().find(|t| status(t) != Status::Avoided))
        .or(terms.first())?;
    let synonyms: Vec<String> = terms
        .iter()
        .filter(|t| !std::ptr::eq(**t, *title) && status(t) != Status::Avoided)
        .map(|t| t.text.clone())
        .collect();
    let surface_forms = surface_forms(&title.text, &synonyms);
    let avoid = avoided_variants(
        &surface_forms,
        terms
            .iter()
            .filter(|t| !std::ptr::eq(**t, *title) && status(t) == Status::Avoided)
            .map(|t| Avoided {
                term: t.text.clone(),
                because: None,
            }),
    );
    let summary = definition.clone().or_else(|| concept.definition.clone());
    let mut problems = Vec::new();
    let title_range = if title.range.end <= text.len() {
        title.range.clone()
    } else {
        concept.start..concept.start
    };
    if summary.is_none() {
        problems.push(Problem::new(
            Severity::Warning,
            Code::MissingSummary,
            format!("term `{}` has no definition", title.text),
            title_range.clone(),
        ));
    }
    Some(Entry {
        slug: slugify(&title.text),
        title: title.text.clone(),
        surface_forms,
        summary,
        eli5: None,
        in_depth: None,
        related: Vec::new(),
        draft: false,
        path: path.into(),
        builtin: false,
        title_range,
        problems,
        no_match: false,
        avoid,
        case_exact: false,
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(status_of("preferredTerm-admn-sts"), Status::Preferred);
        assert_eq!(status_of("admittedTerm-admn-sts"), Status::Admitted);
        assert_eq!(status_of("deprecatedTerm-admn-sts"), Status::Avoided);
        assert_eq!(status_of("supersededTerm-admn-sts"), Status::Avoided);
        assert_eq!(status_of("legalTerm"), Status::Plain);
    }

    #[test]
    fn languages() {
        assert!(same_language("en-US", "en"));
        assert!(same_language("EN", "en"));
        assert!(!same_language("eng", "en"));
        assert_eq!(chosen_language(None, &["de".into(), "en-GB".into()]), "en");
        assert_eq!(chosen_language(None, &["de".into(), "fr".into()]), "de");
        assert_eq!(chosen_language(Some("fr"), &["de".into()]), "fr");
    }
}
