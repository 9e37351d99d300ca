-- Runs one scenario inside headless Neovim, after the user's init.lua (made
-- from editors/neovim/init.example.lua) has put editors/neovim on the
-- runtimepath and enabled glossary_ls, and the file to test was opened.
--
-- Every check is made here, in Neovim, on what Neovim shows the user: the
-- hover window's lines, the buffer and cursor after go-to-entry, the items of
-- the completion menu. The results go to $E2E_RESULT as JSON, and Neovim
-- quits; test_neovim.py reports them.

local scenario = vim.env.E2E_SCENARIO
local result_file = vim.env.E2E_RESULT
local timeout = tonumber(vim.env.E2E_TIMEOUT_MS or '15000')

local checks = {}
local function check(name, ok, detail)
  table.insert(checks, { name = name, ok = not not ok, detail = detail and vim.inspect(detail) or '' })
  return ok
end

local function finish()
  local file = assert(io.open(result_file, 'w'))
  file:write(vim.json.encode({ scenario = scenario, checks = checks }))
  file:close()
  vim.cmd('qall!')
end

local function wait_for(what, condition)
  local ok = vim.wait(timeout, condition, 20)
  if not ok then
    error('timed out waiting for ' .. what, 0)
  end
end

--- Puts the cursor on the `nth` match of `pattern` (plain text), `offset`
--- bytes into it.
local function cursor_on(pattern, nth, offset)
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  local seen = 0
  for lnum, line in ipairs(lines) do
    local from = 1
    while true do
      local s = line:find(pattern, from, true)
      if not s then
        break
      end
      seen = seen + 1
      if seen == (nth or 1) then
        vim.api.nvim_win_set_cursor(0, { lnum, s - 1 + (offset or 0) })
        return
      end
      from = s + 1
    end
  end
  error('no ' .. pattern .. ' in the buffer', 0)
end

--- Types keys as the user would, with mappings.
local function press(keys)
  vim.api.nvim_feedkeys(vim.keycode(keys), 'mx', false)
end

local function floating_windows()
  local out = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      table.insert(out, win)
    end
  end
  return out
end

local function attached_client()
  local client
  wait_for('glossary_ls to attach to the buffer', function()
    client = vim.lsp.get_clients({ bufnr = 0, name = 'glossary_ls' })[1]
    return client ~= nil and client.initialized
  end)
  return client
end

local scenarios = {}

function scenarios.hover(client)
  cursor_on('widget', 1, 2)
  press('K')
  local win
  wait_for('the hover window', function()
    win = floating_windows()[1]
    return win ~= nil
  end)
  local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
  local text = table.concat(lines, '\n')
  check('the hover starts with the title', lines[1] and lines[1]:find('Widget', 1, true), lines)
  check('the hover shows the summary', text:find(vim.env.E2E_EXPECT, 1, true), lines)
  check('the hover does not show another entry', not text:find('toothed wheel', 1, true), lines)
end

function scenarios.diskchange(client)
  -- The entry is rewritten behind the editor's back, as `git pull` would.
  local file = assert(io.open(vim.env.E2E_ENTRY, 'w'))
  file:write(vim.env.E2E_ENTRY_TEXT)
  file:close()
  cursor_on('widget', 1, 2)
  local shown = ''
  local ok = vim.wait(timeout, function()
    local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
    local answers = vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 1000) or {}
    for _, answer in pairs(answers) do
      local contents = answer.result and answer.result.contents
      shown = contents and contents.value or ''
    end
    return shown:find(vim.env.E2E_EXPECT, 1, true) ~= nil
  end, 100)
  check('the hover shows the entry as changed on disk', ok, shown)
end

function scenarios.definition(client)
  local from = vim.api.nvim_buf_get_name(0)
  cursor_on('sprocket', 1, 3)
  press('gd')
  wait_for('go-to-entry to open the entry', function()
    return vim.api.nvim_buf_get_name(0) ~= from
  end)
  local name = vim.uv.fs_realpath(vim.api.nvim_buf_get_name(0))
  check('go to entry opens the entry file', name == vim.uv.fs_realpath(vim.env.E2E_EXPECT), { name, vim.env.E2E_EXPECT })
  local cursor = vim.api.nvim_win_get_cursor(0)
  local line = vim.api.nvim_get_current_line()
  check('the cursor is on the title line', cursor[1] == 2 and line:find('^title:'), { cursor, line })
  check('the cursor is at the title', line:sub(cursor[2] + 1):find('^Sprocket'), { cursor, line })
  -- The entry file is in the workspace: the same client serves it.
  wait_for('the client to attach to the entry', function()
    return #vim.lsp.get_clients({ bufnr = 0, name = 'glossary_ls' }) == 1
  end)
  check('one client serves both files', #vim.lsp.get_clients({ name = 'glossary_ls' }) == 1)
end

--- The labels of the completion menu that <C-x><C-o> (Neovim's LSP
--- omnifunc) opens at the end of line `lnum`.
local function omni_complete_at_end_of(lnum)
  vim.api.nvim_win_set_cursor(0, { lnum, 0 })
  local items
  local deadline = vim.uv.now() + timeout
  local timer = assert(vim.uv.new_timer())
  timer:start(
    20,
    20,
    vim.schedule_wrap(function()
      if items then
        return
      end
      local info = vim.fn.complete_info({ 'items' })
      if #info.items > 0 or vim.uv.now() > deadline then
        items = info.items
        timer:stop()
        timer:close()
        vim.api.nvim_feedkeys(vim.keycode('<C-e><Esc>'), 'n', false)
      end
    end)
  )
  -- `x!`: type the keys and stay in Insert mode until the timer leaves it.
  vim.api.nvim_feedkeys(vim.keycode('A<C-x><C-o>'), 'tx!', false)
  return vim.tbl_map(function(item)
    return item.abbr ~= '' and item.abbr or item.word
  end, items or {})
end

local function position_of(labels, title)
  for i, label in ipairs(labels) do
    if vim.startswith(label:lower(), title:lower()) then
      return i
    end
  end
  return math.huge
end

function scenarios.completion(client)
  local last = vim.api.nvim_buf_line_count(0)

  -- What the server answers, through vim.lsp.buf_request_sync.
  local line = vim.api.nvim_buf_get_lines(0, last - 1, last, false)[1]
  -- After the last character (the line is ASCII: the same in any encoding).
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(0),
    position = { line = last - 1, character = #line },
  }
  local responses = vim.lsp.buf_request_sync(0, 'textDocument/completion', params, timeout)
  local answer = responses and responses[client.id] and responses[client.id].result
  check('the server answers the completion request', answer ~= nil, responses)
  local items = answer and (answer.items or answer) or {}
  check('the server offers items', #items > 0, answer)
  -- Neovim filters by the word before the cursor, as its menu does.
  local typed = line:match('[%w_]*$')
  local raw = vim.lsp.completion._lsp_to_complete_items(answer or {}, typed, client.id)
  local raw_labels = vim.tbl_map(function(item)
    return item.abbr
  end, raw)

  -- What the user sees in the menu.
  local labels = omni_complete_at_end_of(last)
  check('the completion menu opens', #labels > 0, labels)
  for _, shown in ipairs({ labels, raw_labels }) do
    local related = math.max(position_of(shown, 'Transformer'), position_of(shown, 'Transfer Learning'))
    local unrelated = math.min(position_of(shown, 'Tokenization'), position_of(shown, 'Training Data'))
    check('terms related to Deep Learning come first', related < unrelated and unrelated < math.huge, shown)
  end
  check('the first item is related to Deep Learning', labels[1] and (vim.startswith(labels[1], 'Transformer') or vim.startswith(labels[1], 'Transfer Learning')), labels)
end

function scenarios.semantic(client)
  -- Neovim paints semantic tokens as @lsp.type.<type> highlights.
  cursor_on('widget', 1, 2)
  local cursor = vim.api.nvim_win_get_cursor(0)
  local found
  wait_for('a semantic token on the term', function()
    for _, token in ipairs(vim.lsp.semantic_tokens.get_at_pos(0, cursor[1] - 1, cursor[2]) or {}) do
      if token.type == 'glossaryTerm' then
        found = token
        return true
      end
    end
    return false
  end)
  check('the token covers the term', found.start_col == cursor[2] - 2 and found.end_col == cursor[2] + 4, found)
  cursor_on('needs', 1, 1)
  cursor = vim.api.nvim_win_get_cursor(0)
  check('no token on other words', #(vim.lsp.semantic_tokens.get_at_pos(0, cursor[1] - 1, cursor[2]) or {}) == 0)
end

function scenarios.linkall(client)
  local before = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  vim.g.mapleader = '\\'
  press('\\gl')
  wait_for('the link-all action to change the buffer', function()
    return table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n') ~= before
  end)
  local after = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n') .. '\n'
  check('every term is linked once', after == vim.env.E2E_EXPECT, { after = after, expected = vim.env.E2E_EXPECT })
end

local ok, err = xpcall(function()
  local run = scenarios[scenario] or error('no scenario ' .. tostring(scenario), 0)
  run(attached_client())
end, debug.traceback)
if not ok then
  check('scenario ' .. tostring(scenario) .. ' ran to its end', false, err)
end
finish()
