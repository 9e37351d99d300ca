//! Starts `glossary-ls serve` for Markdown and Plain Text in Zed.
//!
//! The server is not downloaded: it is the `glossary-ls` found on the PATH of
//! the project's shell environment, or the `lsp.glossary-ls.binary.path` of
//! the settings. Settings under `lsp.glossary-ls` go to the server:
//! `initialization_options` when it starts, `settings` as the `glossary-ls`
//! section of `workspace/configuration`.

use zed_extension_api::{self as zed, serde_json, settings::LspSettings, LanguageServerId, Result};

const SERVER: &str = "glossary-ls";

struct GlossaryLs;

impl zed::Extension for GlossaryLs {
    fn new() -> Self {
        GlossaryLs
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(SERVER, worktree)
            .ok()
            .and_then(|settings| settings.binary);
        let args = binary
            .as_ref()
            .and_then(|b| b.arguments.clone())
            .unwrap_or_else(|| vec!["serve".to_string()]);
        let env = binary
            .as_ref()
            .and_then(|b| b.env.clone())
            .map(|env| env.into_iter().collect())
            .unwrap_or_default();
        let command = binary
            .and_then(|b| b.path)
            .or_else(|| worktree.which(SERVER))
            .ok_or_else(|| {
                "glossary-ls was not found on PATH. Install it (cargo install --path . in a clone \
                 of https://github.com/glossary-ls/glossary-ls) or set lsp.glossary-ls.binary.path \
                 in your settings."
                    .to_string()
            })?;
        Ok(zed::Command { command, args, env })
    }

    fn language_server_initialization_options(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        Ok(LspSettings::for_worktree(SERVER, worktree)
            .ok()
            .and_then(|settings| settings.initialization_options))
    }

    fn language_server_workspace_configuration(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        let settings = LspSettings::for_worktree(SERVER, worktree)
            .ok()
            .and_then(|settings| settings.settings);
        Ok(settings.map(|value| serde_json::json!({ SERVER: value })))
    }
}

zed::register_extension!(GlossaryLs);
