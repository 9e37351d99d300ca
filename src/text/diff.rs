//! A unified diff of a text and the same text with some of its byte ranges
//! replaced. The replacements say which lines change, so no line matching
//! is needed: each hunk is the touched lines, before and after, with up to
//! three lines of context on either side.

use std::fmt::Write as _;
use std::ops::Range;

const CONTEXT: usize = 3;

/// `--- a/NAME`, `+++ b/NAME` and the hunks; empty when nothing changes.
/// `edits` are sorted and do not overlap.
pub fn unified(name: &str, text: &str, edits: &[(Range<usize>, String)]) -> String {
    let lines: Vec<Range<usize>> = line_ranges(text);
    // The lines each run of edits touches, and the text they become.
    let mut changes: Vec<(Range<usize>, String)> = Vec::new();
    for (range, _) in edits {
        let first = line_of(&lines, range.start);
        let last = line_of(&lines, range.end.saturating_sub(1).max(range.start));
        match changes.last_mut() {
            Some((span, _)) if first <= span.end => span.end = span.end.max(last + 1),
            _ => changes.push((first..last + 1, String::new())),
        }
    }
    if changes.is_empty() {
        return String::new();
    }
    let mut edits = edits.iter().peekable();
    for (span, after) in &mut changes {
        let start = lines[span.start].start;
        let end = lines[span.end - 1].end;
        let mut at = start;
        while let Some((range, new_text)) = edits.next_if(|(r, _)| r.start < end) {
            after.push_str(&text[at..range.start]);
            after.push_str(new_text);
            at = range.end;
        }
        after.push_str(&text[at..end]);
    }
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    let mut shift: isize = 0;
    let mut i = 0;
    while i < changes.len() {
        // Changes whose context touches go in one hunk.
        let mut j = i;
        while j + 1 < changes.len() && changes[j + 1].0.start <= changes[j].0.end + 2 * CONTEXT {
            j += 1;
        }
        let from = changes[i].0.start.saturating_sub(CONTEXT);
        let to = (changes[j].0.end + CONTEXT).min(lines.len());
        let mut body = String::new();
        let (mut old_count, mut new_count) = (0, 0);
        let mut line = from;
        for (span, after) in &changes[i..=j] {
            for l in line..span.start {
                push_line(&mut body, ' ', &text[lines[l].clone()]);
            }
            old_count += span.start - line;
            new_count += span.start - line;
            for l in span.clone() {
                push_line(&mut body, '-', &text[lines[l].clone()]);
                old_count += 1;
            }
            for new_line in crate::text::lines_inclusive(after) {
                push_line(&mut body, '+', new_line);
                new_count += 1;
            }
            line = span.end;
        }
        for l in line..to {
            push_line(&mut body, ' ', &text[lines[l].clone()]);
        }
        old_count += to - line;
        new_count += to - line;
        let new_start = (from as isize + shift) as usize;
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            hunk_range(from, old_count),
            hunk_range(new_start, new_count)
        );
        out.push_str(&body);
        shift += new_count as isize - old_count as isize;
        i = j + 1;
    }
    out
}

/// `START,COUNT` as a unified diff writes it (one-based; an empty range
/// is given by the line before it).
fn hunk_range(start: usize, count: usize) -> String {
    match count {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{count}", start + 1),
    }
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in crate::text::lines_inclusive(text) {
        out.push(at..at + line.len());
        at += line.len();
    }
    if out.is_empty() {
        out.push(0..0);
    }
    out
}

fn line_of(lines: &[Range<usize>], offset: usize) -> usize {
    lines
        .partition_point(|l| l.end <= offset)
        .min(lines.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_change_with_context() {
        let text = "a\nb\nc\nd\ne\nf\ng\nh\ni\n";
        let at = text.find('e').unwrap();
        let diff = unified("x.md", text, &[(at..at + 1, "E".to_string())]);
        assert_eq!(
            diff,
            "--- a/x.md\n+++ b/x.md\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
    }

    #[test]
    fn near_changes_share_a_hunk_and_far_ones_do_not() {
        let text: String = (0..20).map(|i| format!("line {i}\n")).collect();
        let edit = |n: usize| {
            let at = text.find(&format!("line {n}\n")).unwrap();
            (at..at + 4, "LINE".to_string())
        };
        let diff = unified("x", &text, &[edit(1), edit(4), edit(15)]);
        assert_eq!(diff.matches("@@ -").count(), 2, "{diff}");
        assert!(diff.contains("@@ -1,8 +1,8 @@"), "{diff}");
        assert!(diff.contains("@@ -13,7 +13,7 @@"), "{diff}");
    }

    #[test]
    fn a_change_that_joins_lines_and_a_last_line_without_newline() {
        let text = "log\nin now";
        let diff = unified("x", text, &[(0..6, "sign in".to_string())]);
        assert_eq!(
            diff,
            "--- a/x\n+++ b/x\n@@ -1,2 +1 @@\n-log\n-in now\n\\ No newline at end of file\n+sign in now\n\\ No newline at end of file\n"
        );
        assert_eq!(unified("x", text, &[]), "");
    }
}
