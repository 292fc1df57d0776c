-- Keeps one draft's open-draft indexes in step with its state (OpenIndex in src/core/ports.ts): a zset per
-- requester, one per intake agent, and one of drafts awaiting a second approval, each scored by the expiry.
-- A draft is in them while its state is one of INBOX_STATES (from the prelude) and leaves them with any other.
-- `prefix` carries the audit hash tag, so on Cluster these keys share the slot of the draft and the stream.
local function sync_open(prefix, key, id)
  local f = redis.call('HMGET', key, 'state', 'meta', 'expiresAt')
  if not f[1] or not f[2] then return end
  local meta = cjson.decode(f[2])
  local open = false
  for _, s in ipairs(INBOX_STATES) do
    if s == f[1] then open = true end
  end
  local score = tonumber(f[3]) or 0
  local function put(zkey, member)
    if member then redis.call('ZADD', zkey, score, id) else redis.call('ZREM', zkey, id) end
  end
  put(prefix .. 'requester:' .. meta.target.platform .. ':' .. meta.requester, open)
  if meta.source == 'intake' then put(prefix .. 'agent:' .. meta.agent, open) end
  put(prefix .. 'second:' .. meta.target.platform .. ':' .. meta.target.workspace,
    open and f[1] == 'awaiting_second_approval')
end
