-- entry_digest(ev) for events built inside a script (the sweep's expiries): the SHA-256 of the canonical encoding,
-- every ENTRY_FIELDS value as <byte length>:<value>\n. Node computes the same in src/core/audit-hash.ts.
local function entry_digest(ev)
  local parts = {}
  for _, name in ipairs(ENTRY_FIELDS) do
    local value = tostring(ev[name])
    parts[#parts + 1] = #value .. ':' .. value .. '\n'
  end
  return sha256(table.concat(parts))
end
