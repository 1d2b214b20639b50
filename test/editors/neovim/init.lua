-- Headless Neovim as an LSP client of the standalone server (test/editors/neovim.test.ts runs it):
-- start go-dockerfile-language-server --stdio the way the README configures it, open a Dockerfile,
-- wait for diagnostics, ask for code actions, apply the quick fix, and check the diagnostic clears.
-- Every step writes what it saw into a JSON file the test reads; Neovim then quits.
local env = vim.env
local result = { steps = {}, nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch) }

local function step(name, value)
  table.insert(result.steps, name)
  result[name] = value
end

local function finish(err)
  if err then result.error = err end
  local file = assert(io.open(env.GDF_RESULT, 'w'))
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qa!')
end

-- Raw publishDiagnostics as the server sent them (with version), besides Neovim's own handling.
local published = {}
local function on_publish(err, params, ctx, config)
  table.insert(published, params)
  return vim.lsp.handlers['textDocument/publishDiagnostics'](err, params, ctx, config)
end

local config = {
  name = 'go-dockerfile',
  cmd = { env.GDF_NODE, env.GDF_SERVER, '--stdio' },
  root_dir = env.GDF_ROOT,
  -- initializationOptions: what VS Code's client sends; other editors may send languageFeatures.
  init_options = { languageFeatures = 'off' },
  -- workspace/configuration, section goDockerfile: the same settings as VS Code's goDockerfile.*.
  settings = { goDockerfile = { rules = { ['single-stage'] = 'off' } } },
  handlers = { ['textDocument/publishDiagnostics'] = on_publish },
}

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(env.GDF_DOCKERFILE))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id
  if vim.lsp.start then
    -- Neovim 0.8+: what the README shows.
    client_id = vim.lsp.start(config)
  else
    -- Neovim 0.7 (Debian bookworm): the same configuration through the older API.
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
  step('started', client_id ~= nil)

  local uri = vim.uri_from_bufnr(bufnr)
  local function latest()
    local last
    for _, params in ipairs(published) do
      if params.uri == uri then last = params end
    end
    return last
  end
  local function codes(params)
    local out = {}
    for _, d in ipairs(params and params.diagnostics or {}) do
      if d.source == 'go-dockerfile' then table.insert(out, d.code) end
    end
    table.sort(out)
    return out
  end

  if not vim.wait(20000, function() return latest() ~= nil end, 50) then error('no diagnostics within 20 s') end
  local first = latest()
  step('diagnostics', codes(first))
  step('nvimDiagnosticCount', #vim.diagnostic.get(bufnr))

  local client = vim.lsp.get_client_by_id(client_id)
  local caps = client.server_capabilities or client.resolved_capabilities
  step('hoverAdvertised', caps.hoverProvider == true)
  step('codeActionAdvertised', caps.codeActionProvider ~= nil and caps.codeActionProvider ~= false)

  local cgo
  for _, d in ipairs(first.diagnostics) do
    if d.code == 'cgo-not-disabled' then cgo = d end
  end
  if not cgo then error('no cgo-not-disabled diagnostic') end
  local params = { textDocument = { uri = uri }, range = cgo.range, context = { diagnostics = { cgo } } }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000)
  local actions = {}
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do table.insert(actions, action) end
  end
  local titles, preferred = {}, nil
  for _, action in ipairs(actions) do
    table.insert(titles, action.title)
    if action.isPreferred and action.kind == 'quickfix' then preferred = action end
  end
  step('actions', titles)
  if not preferred then error('no preferred quick fix') end
  step('applied', preferred.title)

  local before = #published
  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding or 'utf-16')
  local line = vim.api.nvim_buf_get_lines(bufnr, cgo.range.start.line, cgo.range.start.line + 1, false)[1]
  step('fixedLine', line)
  -- The edit goes to the server as didChange; the next publish is for the fixed text.
  if not vim.wait(20000, function() return #published > before and latest().version ~= first.version end, 50) then
    error('no diagnostics after the fix within 20 s')
  end
  step('diagnosticsAfterFix', codes(latest()))
  vim.lsp.stop_client(client_id)
end)

finish(not ok and tostring(err) or nil)
