//! Markdown documents of realistic prose: front matter, headings, lists,
//! fenced code, quotes, tables, a little Japanese, links and emphasis, with a
//! glossary term every 8 to 28 words.

use super::rng::Rng;
use super::terms::{Term, title_word};
use super::words::{LANGS, TLDS, vocabulary};

/// Sentences of ordinary words with terms of the first `pool` entries,
/// log-uniformly: a few terms are used a lot, most rarely.
pub struct Prose<'a> {
    pub rng: Rng,
    entries: &'a [Term],
    pool: usize,
    /// Variants to avoid, per entry, and how often a term is written as one.
    avoided: Option<(&'a [[String; 2]], f64)>,
}

impl<'a> Prose<'a> {
    pub fn new(rng: Rng, entries: &'a [Term], pool: usize) -> Prose<'a> {
        let pool = pool.min(entries.len()).max(1);
        Prose {
            rng,
            entries,
            pool,
            avoided: None,
        }
    }

    fn any_entry(&mut self) -> &'a Term {
        &self.entries[self.rng.below(self.pool)]
    }

    pub fn word(&mut self) -> &'static str {
        let words = vocabulary();
        let r = self.rng.unit();
        if r < 0.42 {
            self.rng.pick(&words.function)
        } else if r < 0.47 {
            self.rng.pick(&words.verbs)
        } else {
            self.rng.pick(&words.prose)
        }
    }

    /// A term as writers use it: acronym, synonym or name, often lower case,
    /// sometimes plural or possessive.
    pub fn term(&mut self) -> String {
        let rng = &mut self.rng;
        let i = ((self.pool as f64).powf(rng.unit()) as usize)
            .saturating_sub(1)
            .min(self.pool - 1);
        let e = &self.entries[i];
        if let Some((avoided, rate)) = self.avoided
            && rng.unit() < rate
        {
            return avoided_as_written(&avoided[i], rng);
        }
        if let Some(a) = &e.acronym
            && rng.unit() < 0.3
        {
            let mut t = a.clone();
            if rng.unit() < 0.1 {
                t.push('s');
            }
            return t;
        }
        let mut t = match &e.synonym {
            Some(s) if rng.unit() < 0.15 => s.clone(),
            _ => e.base.clone(),
        };
        let r = rng.unit();
        if r < 0.55 {
            t = t.to_lowercase();
        } else if r < 0.6 && t.is_ascii() {
            t = t.to_uppercase();
        }
        if t.contains('-') && rng.unit() < 0.3 {
            t = t.replace('-', " ");
        }
        let r = rng.unit();
        if t.is_ascii() && t.ends_with(|c: char| c.is_ascii_alphabetic()) {
            if r < 0.10 {
                t = plural(&t);
            } else if r < 0.14 {
                t.push_str("'s");
            }
        }
        t
    }

    pub fn sentence(&mut self, link_terms: bool) -> String {
        let nouns = &vocabulary().nouns;
        let n = self.rng.range(8, 26);
        let mut words: Vec<String> = Vec::with_capacity(n);
        let mut gap = self.rng.range(4, 26);
        while words.len() < n {
            gap -= 1;
            if gap == 0 {
                let t = self.term();
                let r = self.rng.unit();
                words.push(if link_terms && r < 0.06 {
                    format!("[{t}](/glossary/{}/)", self.any_entry().slug)
                } else if r < 0.09 {
                    format!("**{t}**")
                } else if r < 0.11 {
                    format!("*{t}*")
                } else {
                    t
                });
                gap = self.rng.range(8, 28);
                continue;
            }
            let w = self.word();
            let r = self.rng.unit();
            let rng = &mut self.rng;
            words.push(if r < 0.015 {
                format!("`{w}_{}`", rng.pick(nouns))
            } else if r < 0.02 {
                let (other, host, noun) = (self.word(), self.rng.pick(TLDS), self.rng.pick(nouns));
                format!(
                    "[{w} {other}](https://{host}/{noun}/{})",
                    self.rng.range(1, 999)
                )
            } else if r < 0.023 {
                let (host, noun) = (rng.pick(TLDS), rng.pick(nouns));
                format!("https://{host}/{noun}?id={}", rng.range(1, 99999))
            } else {
                w.to_string()
            });
        }
        words[0] = capitalised(&words[0]);
        if self.rng.unit() < 0.15 {
            let k = self.rng.range(1, words.len() - 1);
            words[k - 1].push(',');
        }
        let end = self.rng.pick(&[".", ".", ".", ".", ".", ".", "?", "!"]);
        words.join(" ") + end
    }

    pub fn paragraph(&mut self) -> String {
        let n = self.rng.range(2, 6);
        let text: Vec<String> = (0..n).map(|_| self.sentence(true)).collect();
        let width = [0, 80, 100][self.rng.below(3)];
        wrap(&text.join(" "), width)
    }

    pub fn code_block(&mut self) -> String {
        let lang = self.rng.pick(LANGS);
        let nouns = &vocabulary().nouns;
        let mut out = format!("```{lang}\n");
        for _ in 0..self.rng.range(2, 12) {
            let e = self.any_entry();
            let ident = identifier(&e.base);
            let line = match self.rng.below(5) {
                0 => format!("{ident} = load('{}')", e.base),
                1 => format!("# {} uses the {} {}", e.base, self.word(), self.word()),
                2 => format!(
                    "for item in {ident}: process(item, {})",
                    self.rng.range(0, 99)
                ),
                3 => format!("    return {ident}.{}()", self.rng.pick(nouns)),
                _ => format!("{}: {}", self.rng.pick(nouns), e.base.to_lowercase()),
            };
            out.push_str(&line);
            out.push('\n');
        }
        out + "```"
    }

    pub fn japanese(&mut self) -> String {
        let cjk = &vocabulary().cjk_terms;
        let mut out = String::new();
        for _ in 0..self.rng.range(2, 4) {
            let t = self.rng.pick(cjk);
            out.push_str(&match self.rng.below(3) {
                0 => format!("この章では{t}を説明する。"),
                1 => format!("{t}は多くのチームで使われている。"),
                _ => format!("まず{t}の基本を確認しよう。"),
            });
        }
        out
    }

    pub fn heading_text(&mut self) -> String {
        let n = self.rng.range(1, 4);
        let mut words: Vec<String> = (0..n).map(|_| self.word().to_string()).collect();
        if self.rng.unit() < 0.5 {
            let at = self.rng.below(words.len() + 1);
            let t = self.term();
            words.insert(at, t);
        }
        words[0] = title_word(&words[0]);
        words.join(" ")
    }

    fn list(&mut self) -> String {
        let ordered = self.rng.unit() < 0.3;
        let mut items = Vec::new();
        for i in 0..self.rng.range(2, 6) {
            let marker = if ordered {
                format!("{}.", i + 1)
            } else {
                "-".to_string()
            };
            items.push(format!("{marker} {}", self.sentence(true)));
            if self.rng.unit() < 0.2 {
                items.push(format!("   - {}", self.sentence(true)));
            }
        }
        items.join("\n")
    }

    fn table(&mut self) -> String {
        let mut rows = vec!["| Term | Note |".to_string(), "| --- | --- |".to_string()];
        for _ in 0..self.rng.range(2, 5) {
            let term = self.term();
            rows.push(format!("| {term} | {} |", self.sentence(false)));
        }
        rows.join("\n")
    }

    fn block(&mut self) -> String {
        let r = self.rng.unit();
        if r < 0.08 {
            let level = self.rng.range(2, 4);
            format!("{} {}", "#".repeat(level), self.heading_text())
        } else if r < 0.18 {
            self.list()
        } else if r < 0.23 {
            self.code_block()
        } else if r < 0.26 {
            let p = self.paragraph();
            p.lines()
                .map(|l| format!("> {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        } else if r < 0.28 {
            self.table()
        } else if r < 0.285 {
            self.japanese()
        } else {
            self.paragraph()
        }
    }
}

/// A variant as writers who still use it write it: mostly in small letters,
/// sometimes as the glossary lists it or in capitals, now and then
/// possessive; never plural (a prh rule finds the variant as written, and
/// the comparison with textlint-rule-prh is about the same findings).
fn avoided_as_written(variants: &[String; 2], rng: &mut Rng) -> String {
    let mut t = variants[rng.below(2)].clone();
    let r = rng.unit();
    if r < 0.6 {
        t = t.to_lowercase();
    } else if r < 0.65 {
        t = t.to_uppercase();
    }
    if rng.unit() < 0.04 {
        t.push_str("'s");
    }
    t
}

/// A Markdown document of at least `size` bytes (a block more at most) using
/// terms of the first `pool` entries.
pub fn document(entries: &[Term], pool: usize, size: usize, seed: u64) -> String {
    blocks(Prose::new(Rng::new(seed), entries, pool), entries, size)
}

/// The same kind of document where a term is written as one of its
/// entry's variants to avoid `rate` of the time (`avoided[i]`: entry `i`'s).
pub fn terminology_document(
    entries: &[Term],
    avoided: &[[String; 2]],
    rate: f64,
    size: usize,
    seed: u64,
) -> String {
    let pool = avoided.len();
    let mut p = Prose::new(Rng::new(seed), entries, pool);
    p.avoided = Some((avoided, rate));
    blocks(p, entries, size)
}

fn blocks(mut p: Prose<'_>, entries: &[Term], size: usize) -> String {
    let mut out = format!(
        "---\ntitle: \"Field notes on {}\"\ndate: 2024-06-05\ntags: [architecture, operations]\n---\n\n# {}\n",
        entries[0].base,
        p.heading_text()
    );
    while out.len() < size {
        out.push('\n');
        out.push_str(&p.block());
        out.push('\n');
    }
    out
}

/// One Markdown paragraph of `lines` short lines (one to three words) of
/// plain sentences: ordinary words and terms, no markup. A sentence ends with
/// a full stop; now and then a comma ends a line.
pub fn long_paragraph(entries: &[Term], pool: usize, lines: usize, seed: u64) -> String {
    let mut p = Prose::new(Rng::new(seed), entries, pool);
    let mut out = String::new();
    let mut left = p.rng.range(6, 16);
    for _ in 0..lines {
        for i in 0..p.rng.range(1, 3) {
            let mut w = if i > 0 && p.rng.unit() < 0.15 {
                p.term()
            } else {
                p.word().to_string()
            };
            w.retain(|c| !"`*_~[]<>&\\|{}!".contains(c));
            if i == 0 && !w.starts_with(|c: char| c.is_ascii_alphabetic()) {
                w = "the".to_string();
            }
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&w);
            left -= 1;
            if left == 0 {
                out.push('.');
                left = p.rng.range(6, 16);
                break;
            }
        }
        if !out.ends_with('.') && p.rng.unit() < 0.05 {
            out.push(',');
        }
        out.push('\n');
    }
    out
}

/// Sentences without links, to fill glossary entries from.
pub fn sentence_pool(entries: &[Term], n: usize, seed: u64) -> Vec<String> {
    let mut p = Prose::new(Rng::new(seed), entries, 2000);
    (0..n).map(|_| p.sentence(false)).collect()
}

/// A short definition clause of ordinary words.
pub fn clause(rng: &mut Rng) -> String {
    let words = vocabulary();
    let mut out = rng.pick(&words.verbs).to_string();
    for _ in 0..rng.range(3, 8) {
        out.push(' ');
        out.push_str(if rng.unit() < 0.4 {
            rng.pick(&words.function)
        } else {
            rng.pick(&words.prose)
        });
    }
    out
}

/// An English plural, for generating text only (glossary-ls reads plurals
/// with its own singular).
fn plural(t: &str) -> String {
    if t.ends_with(['s', 'x']) || t.ends_with("ch") || t.ends_with("sh") {
        return format!("{t}es");
    }
    let mut rev = t.chars().rev();
    if t.len() > 2
        && rev.next() == Some('y')
        && rev.next().is_some_and(|c| !"aeiouAEIOU".contains(c))
    {
        return format!("{}ies", &t[..t.len() - 1]);
    }
    format!("{t}s")
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `Real-Time Café Cache` -> `real_time_café_cache`.
fn identifier(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_');
    if out.is_empty() {
        "x".into()
    } else {
        out.into()
    }
}

/// Breaks `text` into lines of at most `width` characters (0: one line).
fn wrap(text: &str, width: usize) -> String {
    if width == 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut line_len = 0;
    for w in text.split(' ') {
        let n = w.chars().count();
        if line_len > 0 && line_len + 1 + n > width {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(w);
        line_len += n;
    }
    out
}
