//! `textDocument/semanticTokens/full` and `/range`: term occurrences as
//! one token type, `glossaryTerm`, with the modifier `linked` on an
//! occurrence that is already the text of a link to its entry.
//!
//! A custom type rather than a standard one: no standard type means "a
//! term in prose", and borrowing one (`variable`, `keyword`) would paint
//! prose like code in every theme while giving themes nothing specific to
//! style. Clients style `glossaryTerm` by name (Neovim's
//! `@lsp.type.glossaryTerm`, a VS Code `semanticTokenTypes` contribution
//! with a super type).
//!
//! Tokens never span lines (`features::semantic` splits a wrapped term),
//! so they suit every client, with or without `multilineTokenSupport`.

use std::ops::Range;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::backend::catching;
use super::position::{self, Encoding, LineSource};
use super::state::Shared;
use crate::features::semantic::{Token, tokens};

pub const TERM: &str = "glossaryTerm";
pub const LINKED: &str = "linked";

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: vec![SemanticTokenType::new(TERM)],
        token_modifiers: vec![SemanticTokenModifier::new(LINKED)],
    }
}

pub async fn full(
    shared: &Shared,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    let data = encoded(shared, &params.text_document.uri, None).await?;
    Ok(data.map(|data| {
        SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data,
        })
    }))
}

pub async fn range(
    shared: &Shared,
    params: SemanticTokensRangeParams,
) -> Result<Option<SemanticTokensRangeResult>> {
    let data = encoded(shared, &params.text_document.uri, Some(params.range)).await?;
    Ok(data.map(|data| {
        SemanticTokensRangeResult::Tokens(SemanticTokens {
            result_id: None,
            data,
        })
    }))
}

/// The document's tokens in `range` (all of them without one); `None` for
/// a document that is not analysed. The tokens are found under the state
/// lock (linear in the occurrences); their positions are counted after
/// it is released, on the blocking pool, from a copy of the rope.
async fn encoded(
    shared: &Shared,
    uri: &Uri,
    range: Option<tower_lsp_server::ls_types::Range>,
) -> Result<Option<Vec<SemanticToken>>> {
    let encoding = shared.encoding();
    let found = catching("semanticTokens", || {
        let state = shared.state();
        let open = state.open(uri, encoding)?;
        let Some(analysis) = open.analysis() else {
            return Ok(None);
        };
        let within: Range<usize> = match range {
            Some(range) => open.positions.offsets(range),
            None => 0..analysis.text().len(),
        };
        let found = tokens(&open.context(), analysis, within);
        Ok(Some((open.positions.rope.clone(), found)))
    })?;
    let Some((rope, found)) = found else {
        return Ok(None);
    };
    super::blocking::run("semanticTokens", move |_| {
        Ok(Some(encode(&rope, &found, encoding)))
    })
    .await
}

/// Tokens as LSP wants them: each relative to the one before, columns in
/// the negotiated encoding.
/// Linear in the text the tokens cover (a cursor walks each line once).
pub fn encode(src: &impl LineSource, tokens: &[Token], encoding: Encoding) -> Vec<SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut line, mut column) = (0, 0);
    let mut cursor = position::Cursor::default();
    for token in tokens {
        let start = cursor.position(src, token.range.start, encoding);
        let end = cursor.position(src, token.range.end, encoding);
        if end.line != start.line || end.character <= start.character {
            continue;
        }
        out.push(SemanticToken {
            delta_line: start.line.saturating_sub(line),
            delta_start: if start.line == line {
                start.character.saturating_sub(column)
            } else {
                start.character
            },
            length: end.character - start.character,
            token_type: 0,
            token_modifiers_bitset: u32::from(token.linked),
        });
        (line, column) = (start.line, start.character);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::position::TextLines;

    fn token(text: &str, word: &str, linked: bool) -> Token {
        let start = text.find(word).unwrap();
        Token {
            range: start..start + word.len(),
            entry: 0,
            linked,
        }
    }

    fn flat(tokens: Vec<SemanticToken>) -> Vec<[u32; 5]> {
        tokens
            .into_iter()
            .map(|t| {
                [
                    t.delta_line,
                    t.delta_start,
                    t.length,
                    t.token_type,
                    t.token_modifiers_bitset,
                ]
            })
            .collect()
    }

    #[test]
    fn one_long_line_is_read_once_not_once_per_token() {
        let text = "AI and ".repeat(20_000);
        let tokens: Vec<Token> = (0..20_000)
            .map(|i| Token {
                range: i * 7..i * 7 + 2,
                entry: 0,
                linked: false,
            })
            .collect();
        let lines = TextLines::new(&text);
        let encoded = encode(&lines, &tokens, Encoding::Utf16);
        assert_eq!(encoded.len(), tokens.len());
        assert_eq!(flat(encoded[1..2].to_vec()), [[0, 7, 2, 0, 0]]);
        assert!(
            lines.chars_read.get() <= text.len(),
            "{} characters read for a line of {}",
            lines.chars_read.get(),
            text.len()
        );
    }

    #[test]
    fn deltas_in_both_encodings() {
        let text = "\u{1f600} deep learning and AI\r\nml";
        let tokens = [
            token(text, "deep learning", false),
            token(text, "AI", true),
            token(text, "ml", false),
        ];
        let lines = TextLines::new(text);
        assert_eq!(
            flat(encode(&lines, &tokens, Encoding::Utf16)),
            [[0, 3, 13, 0, 0], [0, 18, 2, 0, 1], [1, 0, 2, 0, 0]]
        );
        assert_eq!(
            flat(encode(&lines, &tokens, Encoding::Utf8)),
            [[0, 5, 13, 0, 0], [0, 18, 2, 0, 1], [1, 0, 2, 0, 0]]
        );
    }
}
