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
    let mut reader = reader_over(text.as_bytes(), tab, true);
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
    // Every row's entry points at the one copy of the file's path.
    let shared = SharedPath::from(path);
    let rows_start = reader.position().byte() as usize;
    let threads = crate::text::parallel::cores();
    if threads < 2 || text.len() - rows_start < PARALLEL_BYTES {
        return Ok(read_rows(
            text,
            rows_start..text.len(),
            tab,
            &columns,
            &shared,
        ));
    }
    // A first pass only finds where rows start (a quoted cell may hold line
    // breaks); the rows between are made into entries on every core.
    let cuts = row_cuts(text, rows_start, tab, threads);
    let (columns, shared) = (&columns, &shared);
    let parts: Vec<Vec<Entry>> = crate::text::parallel::run_parts(
        cuts.windows(2)
            .map(|w| {
                let range = w[0]..w[1];
                move || read_rows(text, range, tab, columns, shared)
            })
            .collect(),
    );
    let mut entries = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        entries.extend(part);
    }
    Ok(entries)
}

/// Below this many bytes of rows, one thread reads them all.
const PARALLEL_BYTES: usize = 1 << 20;

fn reader_over(bytes: &[u8], tab: bool, headers: bool) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(if tab { b'\t' } else { b',' })
        .flexible(true)
        .quoting(!tab)
        .has_headers(headers)
        .from_reader(bytes)
}

/// Where `parts` runs of rows of about equal size start, from `from` (the
/// first row) to the end of `text`: always at the start of a row.
fn row_cuts(text: &str, from: usize, tab: bool, parts: usize) -> Vec<usize> {
    let step = (text.len() - from).div_ceil(parts);
    let mut cuts = vec![from];
    let mut reader = reader_over(&text.as_bytes()[from..], tab, false);
    let mut record = csv::ByteRecord::new();
    while let Ok(true) = reader.read_byte_record(&mut record) {
        let at = from + reader.position().byte() as usize;
        if at >= cuts[cuts.len() - 1] + step && at < text.len() {
            cuts.push(at);
        }
    }
    cuts.push(text.len());
    cuts
}

/// The entries of the rows in `range` of `text`, which starts at a row.
fn read_rows(
    text: &str,
    range: std::ops::Range<usize>,
    tab: bool,
    columns: &Columns,
    shared: &SharedPath,
) -> Vec<Entry> {
    let base = range.start;
    let mut reader = reader_over(&text.as_bytes()[range], tab, false);
    let mut entries = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let start = base + reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                if let Some(entry) = row_entry(&record, columns, shared, start, text) {
                    entries.push(entry);
                }
            }
            Err(e) => {
                // Report on the entry list's first entry would lose it; the
                // row is skipped and the reader goes on.
                tracing::warn!("{}: skipping a row: {e}", shared.display());
            }
        }
    }
    entries
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
    fn a_large_table_read_on_every_core_is_read_as_one_thread_reads_it() {
        // Quoted cells with line breaks and commas, CRLF and LF rows, a
        // blank line and a row without a term: cuts between rows must land
        // at row starts whatever the cells hold.
        let mut text = String::from("term,definition,synonyms,related\n");
        let mut i = 0;
        while text.len() < 3 * PARALLEL_BYTES {
            let row = match i % 5 {
                0 => format!(
                    "Term {i},\"Spans\nlines, and \"\"quotes\"\".\",T{i};t-{i},Term {}\n",
                    i + 1
                ),
                1 => format!("Term {i},Plain.,,Term 1\r\n"),
                2 => format!(",No term {i}.,,Term 2\n"),
                3 => format!("\"Term, {i}\",\"\n\n\",,Term 3\n\n"),
                _ => format!("Term {i},Last.,,Term 0\n"),
            };
            text.push_str(&row);
            i += 1;
        }
        let path = Path::new("big.csv");
        let parallel = parse_table(&text, path).unwrap();
        let (mut reader, shared) = (reader_over(text.as_bytes(), false, true), path.into());
        let columns = Columns {
            term: 0,
            definition: Some(1),
            synonyms: Some(2),
            related: Some(3),
            slug: None,
            avoid: None,
            case: None,
        };
        reader.headers().unwrap();
        let from = reader.position().byte() as usize;
        let alone = read_rows(&text, from..text.len(), false, &columns, &shared);
        assert!(row_cuts(&text, from, false, 4).len() > 2, "the text is cut");
        assert_eq!(parallel.len(), alone.len());
        assert!(parallel.len() > 10_000);
        for (a, b) in parallel.iter().zip(&alone) {
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
    }

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
