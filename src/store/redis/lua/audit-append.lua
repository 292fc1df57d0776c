-- Appends one audit event to the stream and advances the chain head. Needs KEYS stream and head in scope as
-- STREAM and HEAD. The hash covers the fields in HASHED_FIELDS order (src/core/audit-event.ts), each written as
-- <byte length>:<value>\n, so that no field can bleed into another.
local HASHED = {'type', 'draft_id', 'version', 'actor', 'platform', 'workspace', 'channel', 'at', 'text_sha256',
  'detail'}
local function append_event(STREAM, HEAD, ev)
  local prev = redis.call('GET', HEAD)
  if not prev then prev = string.rep('0', 64) end
  local parts = {}
  local fields = {}
  for _, name in ipairs(HASHED) do
    local value = tostring(ev[name])
    parts[#parts + 1] = #value .. ':' .. value .. '\n'
    fields[#fields + 1] = name
    fields[#fields + 1] = value
  end
  parts[#parts + 1] = '64:' .. prev .. '\n'
  local hash = sha256(table.concat(parts))
  fields[#fields + 1] = 'prev_hash'
  fields[#fields + 1] = prev
  fields[#fields + 1] = 'hash'
  fields[#fields + 1] = hash
  local id = redis.call('XADD', STREAM, '*', unpack(fields))
  redis.call('SET', HEAD, hash)
  return id
end
