//! Properties of the server's document store and position conversion, on
//! arbitrary Unicode: surrogate pairs, combining marks, ZWJ sequences, CRLF
//! and lone CR. Each property is checked against a small implementation
//! written here, independently of `server::position`.

use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use glossary_ls::analysis::{Analysis, Scanner};
use glossary_ls::features::hover;
use glossary_ls::glossary::parse::parse_entry;
use glossary_ls::glossary::{Glossary, builtin};
use glossary_ls::index::{DocKind, GlossaryIndex};
use glossary_ls::server::documents::{Document, kind_of};
use glossary_ls::server::position::{Encoding, TextLines, to_offset, to_position};
use proptest::prelude::*;
use proptest::sample::Index;
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

// ---------------------------------------------------------------------------
// An independent model of LSP positions.

/// Each line of `text` as (start, end of content): lines end at `\n`,
/// `\r\n` or a lone `\r`, the three breaks LSP knows.
fn model_lines(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                lines.push((start, i));
                i += 2;
                start = i;
            }
            b'\r' | b'\n' => {
                lines.push((start, i));
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    lines.push((start, bytes.len()));
    lines
}

fn columns(s: &str, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => s.encode_utf16().count(),
    }
}

/// The byte offset a position means, clamped the way the server promises:
/// a line past the last is the end of the text, a column past the end of
/// its line is the line's end, a column inside a character is its start.
fn model_offset(text: &str, line: u32, column: u32, enc: Encoding) -> usize {
    let lines = model_lines(text);
    let Some(&(start, end)) = lines.get(line as usize) else {
        return text.len();
    };
    let mut used = 0;
    for (i, c) in text[start..end].char_indices() {
        used += columns(c.encode_utf8(&mut [0; 4]), enc);
        if used > column as usize {
            return start + i;
        }
    }
    end
}

/// The position of a character boundary that is not inside a `\r\n`;
/// `lines` are the text's [`model_lines`].
fn model_position(text: &str, lines: &[(usize, usize)], offset: usize, enc: Encoding) -> Position {
    let line = lines
        .iter()
        .rposition(|&(start, _)| start <= offset)
        .expect("line 0 starts at 0");
    let (start, end) = lines[line];
    assert!(offset <= end, "offset {offset} is inside a line break");
    Position::new(line as u32, columns(&text[start..offset], enc) as u32)
}

fn inside_crlf(text: &str, i: usize) -> bool {
    i > 0 && text.as_bytes()[i - 1] == b'\r' && text.as_bytes().get(i) == Some(&b'\n')
}

// ---------------------------------------------------------------------------
// Generators.

/// Pieces of text that are hard on offsets and on the scanner alike.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "\u{1f600}",                   // surrogate pair in UTF-16, 4 bytes in UTF-8
            "\u{1f469}\u{200d}\u{1f52c}", // ZWJ sequence
            "\u{1f1eb}\u{1f1f7}",          // regional indicators
            "e\u{301}",                    // combining acute accent
            "cafe\u{301}",
            "caf\u{e9}",
            "\u{915}\u{94d}\u{937}",       // Devanagari conjunct
            "\u{feff}",                    // BOM inside the text
            "\u{2028}",                    // not a line break for LSP
            "\u{85}",
            "\r\n",
            "\r",
            "\n",
            "\n\n",
            "\r\r\n",
            " ",
            "\t",
            "\u{6df1}\u{5ea6}\u{5b66}\u{4e60}",
            "AI",
            "x",
            "Deep learning",
            "neural networks",
            "Na\u{ef}ve Bayes",
            "a large language model",
            "```\n",
            "`",
            "[GAN](../glossary/gan.md)",
            "[x]: https://example.com\n",
            "---\n",
            "<div>\n",
            "> ",
            "- ",
            "# ",
            "{{< ref \"x\" >}}",
            "https://ai.example/deep-learning ",
        ])
        .prop_map(String::from),
        2 => "[a-zA-Z ]{1,8}",
        1 => any::<char>().prop_map(String::from),
    ]
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..max).prop_map(|v| v.concat())
}

/// Paragraphs of short plain lines, some ending with a punctuation mark,
/// with now and then what makes a paragraph not plain (a blank line, a block
/// marker, a setext underline, inline markup, a fence) between two lines.
fn paragraphs() -> impl Strategy<Value = String> {
    let words = prop_oneof![
        6 => prop::sample::select(vec![
            "Deep learning", "neural networks", "x", "AI", "the models", "caf\u{e9}",
            "Na\u{ef}ve Bayes", "Artificial", "Intelligence (AI)", "a large language model",
            "e\u{301}t\u{e9}", "see https://ai.example/x", "Deep", "learning",
        ])
        .prop_map(String::from),
        1 => "[a-z]{1,6}( [a-z]{1,6})?",
    ];
    let end = prop::sample::select(vec![
        "", "", ".", ".", ",", ";", ":", "?", ")", " ", "  ", "!",
    ]);
    let between = prop_oneof![
        12 => Just("\n"),
        1 => prop::sample::select(vec![
            "\n\n", "\r\n", "\n# ", "\n- ", "\n1. ", "\n===\n", "\n---\n", "\n> ", "\n    ",
            " `code` ", " *em\n", "`\n", "\n[x]: https://example.com\n", "\n```\n", "\n<div>\n",
            "\n| a |\n| - |\n", "\n\n  ", " [link\n", "](x)\n", " &amp;\n", "\\\n",
        ]),
    ];
    let lead = prop::sample::select(vec![
        "",
        "Intro.\n\n",
        "---\ntitle: T\n---\n\n",
        "- item\n\n",
    ]);
    (lead, prop::collection::vec((words, end, between), 1..48)).prop_map(|(lead, lines)| {
        let mut out = lead.to_string();
        for (words, end, between) in lines {
            out.push_str(&words);
            out.push_str(end);
            out.push_str(between);
        }
        out
    })
}

/// What is typed in a paragraph: mostly plain text, sometimes what ends
/// its plainness.
fn paragraph_edit() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "x", "a", " ", "", ".", ",", ")", "\n", "learning", "Deep", ".\nnext", "AI.\n", "s",
        ])
        .prop_map(String::from),
        1 => prop::sample::select(vec!["*", "`", "\n\n", "\n-", "\n=", "[", "\r", " \n", "\n "])
            .prop_map(String::from),
    ]
}

/// A glossary of awkward terms: one letter, combining marks, CJK, acronyms.
fn odd_scanner() -> Arc<Scanner> {
    static SCANNER: OnceLock<Arc<Scanner>> = OnceLock::new();
    SCANNER
        .get_or_init(|| {
            let titles = [
                "x",
                "Caf\u{e9}",
                "Cafe\u{301} Au Lait",
                "Na\u{ef}ve Bayes",
                "\u{6df1}\u{5ea6}\u{5b66}\u{4e60}",
                "Artificial Intelligence (AI)",
                "Deep Learning",
                "\u{1f600} Face",
            ];
            let entries = titles
                .iter()
                .enumerate()
                .map(|(i, title)| {
                    parse_entry(
                        &format!("# {title}\n\nSummary {i}.\n"),
                        &format!("e{i}"),
                        std::path::PathBuf::from(format!("/g/e{i}.md")),
                    )
                })
                .collect();
            let glossary = Glossary::new(entries, Vec::new(), Vec::new());
            Arc::new(Scanner::new(GlossaryIndex::new(glossary)))
        })
        .clone()
}

fn builtin_scanner() -> Arc<Scanner> {
    static SCANNER: OnceLock<Arc<Scanner>> = OnceLock::new();
    SCANNER
        .get_or_init(|| Arc::new(Scanner::new(GlossaryIndex::new(builtin::glossary()))))
        .clone()
}

fn scanner(odd: bool) -> Arc<Scanner> {
    if odd {
        odd_scanner()
    } else {
        builtin_scanner()
    }
}

/// One end of a range, resolved against the text it applies to: a line
/// (one past the last included) and a column (a few past the line's end
/// included), or an absurd position now and then.
#[derive(Debug, Clone)]
enum End {
    Near(Index, Index),
    Far(u32, u32),
}

fn end() -> impl Strategy<Value = End> {
    prop_oneof![
        12 => (any::<Index>(), any::<Index>()).prop_map(|(l, c)| End::Near(l, c)),
        1 => prop::sample::select(vec![(u32::MAX, 0), (0, u32::MAX), (u32::MAX, u32::MAX), (1, 1 << 20)])
            .prop_map(|(l, c)| End::Far(l, c)),
    ]
}

impl End {
    fn resolve(&self, text: &str, enc: Encoding) -> Position {
        match self {
            End::Far(line, column) => Position::new(*line, *column),
            End::Near(line, column) => {
                let lines = model_lines(text);
                let line = line.index(lines.len() + 1);
                let width = lines
                    .get(line)
                    .map_or(0, |&(start, end)| columns(&text[start..end], enc));
                Position::new(line as u32, column.index(width + 3) as u32)
            }
        }
    }
}

#[derive(Debug, Clone)]
enum Change {
    Edit { start: End, end: End, text: String },
    Whole(String),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        20 => (end(), end(), text(4)).prop_map(|(start, end, text)| Change::Edit { start, end, text }),
        1 => text(12).prop_map(Change::Whole),
    ]
}

// ---------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// Every character boundary goes to the position the model gives and
    /// back to itself (an offset inside `\r\n` has no position and comes
    /// back as the line's end); a rope and a plain string agree; an offset
    /// inside a character counts as that character's start.
    #[test]
    fn offsets_and_positions_round_trip(text in text(30)) {
        let rope = Rope::from_str(&text);
        let lines = TextLines::new(&text);
        let model = model_lines(&text);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let mut last_boundary = 0;
            for i in 0..=text.len() {
                if !text.is_char_boundary(i) {
                    // Inside a UTF-8 sequence: the character's start.
                    prop_assert_eq!(to_position(&rope, i, enc), to_position(&rope, last_boundary, enc));
                    continue;
                }
                last_boundary = i;
                let canonical = if inside_crlf(&text, i) { i - 1 } else { i };
                let pos = to_position(&rope, i, enc);
                prop_assert_eq!(pos, model_position(&text, &model, canonical, enc), "offset {} of {:?}", i, text);
                prop_assert_eq!(to_position(&lines, i, enc), pos);
                prop_assert_eq!(to_offset(&rope, pos, enc), canonical);
                prop_assert_eq!(to_offset(&lines, pos, enc), canonical);
                // UTF-8 column -> offset -> UTF-16 column, and back.
                let other = match enc { Encoding::Utf8 => Encoding::Utf16, Encoding::Utf16 => Encoding::Utf8 };
                let there = to_position(&rope, to_offset(&rope, pos, enc), other);
                prop_assert_eq!(to_position(&rope, to_offset(&rope, there, other), enc), pos);
            }
        }
    }

    /// Any position, in range or not, means the offset the model gives.
    #[test]
    fn any_position_is_clamped_like_the_model(text in text(30), ends in prop::collection::vec(end(), 1..20)) {
        let rope = Rope::from_str(&text);
        let lines = TextLines::new(&text);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for end in &ends {
                let pos = end.resolve(&text, enc);
                let expected = model_offset(&text, pos.line, pos.character, enc);
                prop_assert_eq!(to_offset(&rope, pos, enc), expected, "{:?} in {:?}", pos, text);
                prop_assert_eq!(to_offset(&lines, pos, enc), expected);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// `didChange` batches applied through the document store give the text
    /// the same edits give on a `String`, and the document's analysis is
    /// exactly a fresh analysis of that text.
    #[test]
    fn document_edits_equal_string_edits(
        initial in text(24),
        batches in prop::collection::vec(prop::collection::vec(change(), 1..4), 1..12),
        utf8 in any::<bool>(),
        markdown in any::<bool>(),
        odd in any::<bool>(),
    ) {
        let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
        let scanner = scanner(odd);
        let language = if markdown { "markdown" } else { "plaintext" };
        let kind = if markdown { DocKind::Markdown } else { DocKind::PlainText };
        let uri = Uri::from_str("file:///work/notes.md").unwrap();
        let mut document = Document::open(&uri, language.into(), 1, initial.clone(), &scanner, |p, l, _| kind_of(p, l));
        let mut expected = initial;
        for (version, batch) in batches.iter().enumerate() {
            let mut changes = Vec::new();
            for change in batch {
                match change {
                    Change::Edit { start, end, text } => {
                        let (start, end) = (start.resolve(&expected, enc), end.resolve(&expected, enc));
                        let a = model_offset(&expected, start.line, start.character, enc);
                        // A reversed range is read as empty at its start.
                        let b = model_offset(&expected, end.line, end.character, enc).max(a);
                        expected.replace_range(a..b, text);
                        changes.push(TextDocumentContentChangeEvent {
                            range: Some(Range::new(start, end)),
                            range_length: None,
                            text: text.clone(),
                        });
                    }
                    Change::Whole(text) => {
                        expected = text.clone();
                        changes.push(TextDocumentContentChangeEvent { range: None, range_length: None, text: text.clone() });
                    }
                }
            }
            document.apply(version as i32 + 2, changes, enc, &scanner);
            prop_assert_eq!(document.rope.to_string(), expected.as_str());
            prop_assert_eq!(document.version, version as i32 + 2);
            let analysis = document.analysis.as_ref().expect("analysed");
            prop_assert_eq!(analysis.text(), expected.as_str());
            let fresh = Analysis::new(expected.clone(), kind, &scanner);
            prop_assert_eq!(analysis.occurrences(), fresh.occurrences(), "after {:?}", batch);
            prop_assert!(analysis == &fresh, "analysis differs after {:?} on {:?}", batch, expected);
        }
    }

    /// `Analysis::edit` with any byte range (clamped to the text and moved
    /// back to character boundaries) equals `Analysis::new` of the result,
    /// on arbitrary text and on long paragraphs (cut inside when plain).
    #[test]
    fn incremental_rescan_equals_full_scan(
        initial in prop_oneof![text(30), paragraphs()],
        edits in prop::collection::vec(
            (any::<Index>(), any::<Index>(), prop_oneof![3 => text(4), 2 => paragraph_edit()]),
            1..16,
        ),
        markdown in any::<bool>(),
        odd in any::<bool>(),
    ) {
        let kind = if markdown { DocKind::Markdown } else { DocKind::PlainText };
        let scanner = scanner(odd);
        let mut analysis = Analysis::new(initial, kind, &scanner);
        for (a, b, insert) in &edits {
            let mut expected = analysis.text().to_string();
            let len = expected.len();
            // Byte offsets anywhere, a few past the end, inside characters too.
            let (a, b) = (a.index(len + 3), b.index(len + 3));
            let floor = |text: &str, mut i: usize| {
                i = i.min(text.len());
                while !text.is_char_boundary(i) { i -= 1; }
                i
            };
            let end = floor(&expected, b);
            let start = floor(&expected, a.min(end));
            expected.replace_range(start..end, insert);
            #[allow(clippy::reversed_empty_ranges)] // Reversed ranges are part of the input space.
            let how = analysis.edit(a..b, insert, &scanner);
            let fresh = Analysis::new(expected.clone(), kind, &scanner);
            prop_assert_eq!(analysis.text(), expected.as_str());
            prop_assert_eq!(analysis.occurrences(), fresh.occurrences(), "{:?} for {}..{} -> {:?}", how, a, b, insert);
            prop_assert!(analysis == fresh, "{:?} for {}..{} -> {:?} on {:?}", how, a, b, insert, expected);
        }
    }

    /// Whatever a glossary entry says, its hover is Markdown with no raw
    /// HTML, no image, no link but to http(s), mailto, a relative address
    /// or the entry's own file, and no imitation of the link to the entry.
    #[test]
    fn hover_text_is_inert_markdown(
        title in text(4),
        summary in hostile_markdown(),
        eli5 in hostile_markdown(),
        related in hostile_markdown(),
    ) {
        let file = format!(
            "---\ntitle: {:?}\n---\n\n### Summary\n{summary}\n\n### ELI5\n{eli5}\n\n### Related terms\n{related}\n",
            title.trim()
        );
        let entry = parse_entry(&file, "e", std::path::Path::new("/g/e.md"));
        let index = GlossaryIndex::new(Glossary::new(vec![entry], Vec::new(), Vec::new()));
        let out = hover::render(&index, 0, &|_| Some("file:///g/e.md".to_string()));
        // CommonMark with GitHub's extensions, as editors render hovers.
        use pulldown_cmark::{Event, Options, Tag};
        let gfm = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
            | Options::ENABLE_FOOTNOTES | Options::ENABLE_GFM;
        // Each link's destination and text.
        let mut links: Vec<(String, String)> = Vec::new();
        let mut inside = false;
        for event in pulldown_cmark::Parser::new_ext(&out, gfm) {
            match event {
                Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::Image { .. }) => {
                    prop_assert!(false, "{:?} in hover {:?}", event, out);
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    links.push((dest_url.to_string(), String::new()));
                    inside = true;
                }
                Event::End(pulldown_cmark::TagEnd::Link) => inside = false,
                Event::Text(text) | Event::Code(text) if inside => {
                    if let Some(last) = links.last_mut() { last.1.push_str(&text); }
                }
                _ => {}
            }
        }
        let links: Vec<(String, String)> = links;
        let own = "file:///g/e.md";
        // (An unclosed code fence in the summary may swallow the entry
        // link: then it is text, which is harmless.)
        for (dest, text) in &links {
            let lower = dest.trim().to_ascii_lowercase();
            let scheme = lower.split_once(':').map(|(head, _)| head).filter(|h| !h.contains(['/', '?', '#']));
            prop_assert!(
                matches!(scheme, None | Some("http" | "https" | "mailto")) || dest == own,
                "link to {:?} in hover {:?}", dest, out
            );
            prop_assert!(
                dest == own || !text.to_ascii_lowercase().starts_with("open the glossary entry"),
                "an imitation of the entry link in {:?}", out
            );
        }
    }
}

/// Markdown built from HTML, images, command links and the syntax around them.
fn hostile_markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec![
            "<b>", "</b>", "<script>alert(1)</script>", "<div onclick=\"x\">\n", "</div>\n",
            "<!-- c -->", "<img src=x>", "![pic](http://x/p.png)", "[run](command:evil.run)",
            "[run]( command:evil.run )", "<command:evil>", "[ref][c]", "\n[c]: command:evil\n",
            "[ok](https://ok.example)", "[js](javascript:alert(1))", "<javascript:alert(1)>",
            "[d](data:text/html,x)", "[f](file:///etc/passwd)", "<file:///etc/passwd>",
            "[v](vscode:extension/x)", "[s](ssh://host)", "\n[d]: JAVASCRIPT:x\n", "[d]",
            "[Open the glossary entry](https://evil.example)", "[Open the glossary entry][c]",
            "[rel](../page.md)", "[m](mailto:a@b.example)", "`<code>`", "```\n<b>\n```\n", "    <b>indented</b>\n",
            "\\", "\\<", "[", "](", ")", "!", "<", ">", "&lt;", "*", "_", "\n", "\n\n", "> ",
            "- ", "1. ", "| a | b |\n|---|---|\n", "word ", "Deep Learning, ",
        ])
        .prop_map(String::from),
        1 => "[a-z<>!\\[\\]() ]{1,6}",
    ];
    prop::collection::vec(piece, 0..16).prop_map(|v| v.concat())
}
