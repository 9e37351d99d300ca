-- glossary-ls for Neovim 0.11+: your team's glossary in Markdown and text.
--
-- Put the folder that holds this `lsp/` folder on your 'runtimepath' and
-- enable the server (see editors/neovim/README.md):
--
--   vim.opt.runtimepath:append('/path/to/glossary-ls/editors/neovim')
--   vim.lsp.enable('glossary_ls')
--
-- Override any field from your own config, without copying this file:
--
--   vim.lsp.config('glossary_ls', {
--     settings = { ['glossary-ls'] = { link = { style = 'url', url = '/glossary/{slug}/' } } },
--   })

---@type vim.lsp.Config
return {
  -- The `glossary-ls` executable must be on your PATH (`cargo install --path .`
  -- puts it in ~/.cargo/bin); otherwise write its full path here.
  cmd = { 'glossary-ls', 'serve' },

  -- Markdown and plain text (`*.txt` files have the filetype `text`).
  filetypes = { 'markdown', 'text' },

  -- The workspace is the nearest folder with a `.glossary-ls.toml`, else the
  -- root of the git repository. A file outside both still gets the server,
  -- which then discovers the glossary from Neovim's working directory (or
  -- falls back to its built-in AI glossary).
  root_markers = { '.glossary-ls.toml', '.git' },

  -- Nothing else is needed: the server reads `.glossary-ls.toml`. To
  -- configure it from Neovim instead, set either of these with
  -- `vim.lsp.config('glossary_ls', { ... })`; both take the keys of
  -- `.glossary-ls.toml` as a table, and override the file.
  --
  -- `init_options` are sent once, at start (`initializationOptions`):
  --
  --   init_options = {
  --     glossary = { 'content/glossary' },  -- relative to the workspace folder
  --     link = { style = 'relative' },      -- relative | url | ref | relref
  --   },
  --
  -- `settings` under the `glossary-ls` key answer the server's
  -- `workspace/configuration` requests, and override `init_options`:
  --
  --   settings = {
  --     ['glossary-ls'] = {
  --       link = { style = 'url', url = '/glossary/{slug}/' },
  --       diagnostics = { ['unlinked-term'] = 'hint', ['draft-link'] = 'off' },
  --     },
  --   },
  --
  -- (Leave them unset rather than empty: Neovim sends an empty table as a
  -- JSON array, not an object.)
}
