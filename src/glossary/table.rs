//! Single-file glossaries: a CSV or TSV termbase with a header row.
//!
//! Columns: `term` and `definition`, optionally `synonyms`, `related`,
//! `slug`, `avoid` (variants not to write) and `case` (`exact` when the
//! names must keep their letter case); multi-valued cells are separated by
//! `;`. Terminology tools export
//! termbases of hundreds of thousands of terms this way.

use std::path::Path;

use super::entry::{Avoided, Entry, RelatedTerm, SharedPath, avoided_variants};
use super::parse::surface_forms;
use crate::problem::{Code, Problem, Severity};

/// The CSV/TSV termbase format.
pub struct Table;

impl super::format::Format for Table {
    fn name(&self) -> &'static str {
        "CSV/TSV termbase"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["csv", "tsv"]
    }

    fn parse(&self, path: &Path, text: &str, _: Option<&str>) -> Result<Vec<Entry>, Problem> {
        parse_table(text, path)
    }
}

struct Columns {
    term: usize,
    definition: Option<usize>,
    synonyms: Option<usize>,
    related: Option<usize>,
    slug: Option<usize>,
    avoid: Option<usize>,
    case: Option<usize>,
}

/// Reads every row of a table into entries. A file without a `term` column
/// is one problem; a bad row is a problem on that row, the rest still load.
pub fn parse_table(text: &str, path: &Path) -> Result<Vec<Entry>, Problem> {
    let tab = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"))
        || text
            .lines()
            .next()
            .is_some_and(|header| header.contains('\t') && !header.contains(','));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if tab { b'\t' } else { b',' })
        .flexible(true)
        .quoting(!tab)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| {
            Problem::new(
                Severity::Error,
                Code::MalformedTable,
                format!("cannot read the header row: {e}"),
                0..0,
            )
        })?
        .clone();
    let find = |name: &str| {
        header.iter().position(|h| {
            h.trim()
                .trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(name)
        })
    };
    let columns = Columns {
        term: find("term").ok_or_else(|| {
            Problem::new(
                Severity::Error,
                Code::MalformedTable,
                "the header row has no `term` column (expected term, definition, synonyms, related, slug)",
                0..0,
            )
        })?,
        definition: find("definition"),
        synonyms: find("synonyms"),
        related: find("related"),
        slug: find("slug"),
        avoid: find("avoid"),
        case: find("case"),
    };
    let mut entries = Vec::new();
    let mut record = csv::StringRecord::new();
    // Every row's entry points at the one copy of the file's path.
    let shared = SharedPath::from(path);
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                if let Some(entry) = row_entry(&record, &columns, &shared, start, text) {
                    entries.push(entry);
                }
            }
            Err(e) => {
                // Report on the entry list's first entry would lose it; the
                // row is skipped and the reader goes on.
                tracing::warn!("{}: skipping a row: {e}", path.display());
            }
        }
    }
    Ok(entries)
}

fn row_entry(
    record: &csv::StringRecord,
    columns: &Columns,
    path: &SharedPath,
    start: usize,
    text: &str,
) -> Option<Entry> {
    let cell = |i: Option<usize>| {
        i.and_then(|i| record.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let title = cell(Some(columns.term))?.to_string();
    let synonyms = split_cell(cell(columns.synonyms));
    let slug = cell(columns.slug).map_or_else(|| slugify(&title), str::to_string);
    let line_end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    let related = split_cell(cell(columns.related))
        .into_iter()
        .map(|text| RelatedTerm {
            text,
            range: start..line_end,
            link: None,
            implied: false,
        })
        .collect();
    let mut problems = Vec::new();
    let summary = cell(columns.definition).map(str::to_string);
    if summary.is_none() {
        problems.push(Problem::new(
            Severity::Warning,
            Code::MissingSummary,
            format!("term `{title}` has no definition"),
            start..line_end,
        ));
    }
    let surface_forms = surface_forms(&title, &synonyms);
    let avoid = avoided_variants(
        &surface_forms,
        split_cell(cell(columns.avoid))
            .into_iter()
            .map(|term| Avoided {
                term,
                because: None,
            }),
    );
    Some(Entry {
        no_match: false,
        avoid,
        case_exact: cell(columns.case).is_some_and(|c| c.eq_ignore_ascii_case("exact")),
        surface_forms,
        slug,
        title,
        summary,
        eli5: None,
        in_depth: None,
        related,
        draft: false,
        path: path.clone(),
        builtin: false,
        title_range: start..line_end,
        problems,
        ..Default::default()
    })
}

fn split_cell(cell: Option<&str>) -> Vec<String> {
    cell.map(|c| {
        c.split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    })
    .unwrap_or_default()
}

/// `Long Short-Term Memory (LSTM)` -> `long-short-term-memory-lstm`.
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_with_quotes_and_multi_values() {
        let text = "term,definition,synonyms,related\n\
                    Neural Network,\"Layers of units, trained.\",NN;neural net,Deep Learning\n\
                    Deep Learning,Many layers.,,Neural Network;Machine Learning\n";
        let entries = parse_table(text, Path::new("t.csv")).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].slug, "neural-network");
        assert_eq!(
            entries[0].summary.as_deref(),
            Some("Layers of units, trained.")
        );
        assert_eq!(
            entries[0].surface_forms,
            vec!["Neural Network", "NN", "neural net"]
        );
        assert_eq!(
            &text[entries[1].title_range.clone()],
            "Deep Learning,Many layers.,,Neural Network;Machine Learning"
        );
        assert_eq!(entries[1].related.len(), 2);
    }

    #[test]
    fn tsv_and_missing_term_column() {
        let entries =
            parse_table("term\tdefinition\nToken\tA piece.\n", Path::new("t.tsv")).unwrap();
        assert_eq!(entries[0].title, "Token");
        let err = parse_table("name,definition\nX,Y\n", Path::new("t.csv")).unwrap_err();
        assert_eq!(err.code, Code::MalformedTable);
    }

    #[test]
    fn avoid_and_case_columns() {
        let text = "term\tdefinition\tavoid\tcase\n\
                    GitHub\tA code host.\tGit Hub; github.com; GitHub\texact\n\
                    Sign In\tTo start a session.\tlog in;login\t\n";
        let entries = parse_table(text, Path::new("t.tsv")).unwrap();
        let terms = |e: &Entry| e.avoid.iter().map(|a| a.term.clone()).collect::<Vec<_>>();
        assert!(entries[0].case_exact);
        // A variant that is one of the entry's own names is not avoided.
        assert_eq!(terms(&entries[0]), vec!["Git Hub", "github.com"]);
        assert!(!entries[1].case_exact);
        assert_eq!(terms(&entries[1]), vec!["log in", "login"]);
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Long Short-Term Memory (LSTM)"),
            "long-short-term-memory-lstm"
        );
    }
}
