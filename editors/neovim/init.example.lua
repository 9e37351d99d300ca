-- glossary-ls in Neovim 0.11+, without plugins. Copy into your init.lua
-- and change the path to where your clone of glossary-ls is.
vim.opt.runtimepath:append(vim.fn.expand('~/src/glossary-ls/editors/neovim'))
vim.lsp.enable('glossary_ls')

-- Keys in buffers where glossary-ls runs. Neovim 0.11 already maps K (hover),
-- gra (code actions) and grr (references).
vim.api.nvim_create_autocmd('LspAttach', {
  group = vim.api.nvim_create_augroup('glossary-ls-keys', { clear = true }),
  callback = function(args)
    local client = vim.lsp.get_client_by_id(args.data.client_id)
    if not client or client.name ~= 'glossary_ls' then
      return
    end
    local function map(mode, lhs, rhs, desc)
      vim.keymap.set(mode, lhs, rhs, { buffer = args.buf, desc = desc })
    end
    map('n', 'K', vim.lsp.buf.hover, 'Glossary: show the definition')
    map('n', 'gd', vim.lsp.buf.definition, 'Glossary: go to the entry')
    map({ 'n', 'x' }, '<leader>ca', vim.lsp.buf.code_action, 'Glossary: link this term')
    map('n', '<leader>gl', function()
      vim.lsp.buf.code_action({
        context = { only = { 'source.glossary.linkAll' }, diagnostics = {} },
        apply = true,
      })
    end, 'Glossary: link every term in this document')
    map('n', '<leader>gs', vim.lsp.buf.workspace_symbol, 'Glossary: search the entries')
    -- Neovim's own completion menu: Ctrl-x Ctrl-o opens it anywhere, and it
    -- opens by itself after `(` and `/` in a link.
    vim.lsp.completion.enable(true, client.id, args.buf, { autotrigger = true })
  end,
})
