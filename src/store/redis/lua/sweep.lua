-- Claims due entries of a deadline index and moves each draft that is still in one of the `from` states to `to`,
-- with one audit event each (actor `system`). A rule without `to` but with a `type` (the expiry reminder) claims
-- and records the event without changing the state. Entries are removed from the index whatever the state, so each is
-- claimed exactly once however many replicas sweep. The rule is built from the state table (src/core/transitions.ts,
-- SWEEPS) by redis-draft-store.ts: this script encodes no state of its own.
-- KEYS: 1 deadline zset, 2 audit stream, 3 chain head, 4 index zset that moved drafts join when rule.index is set
-- ARGV: 1 now (ms), 2 limit, 3 ISO time, 4 draft key prefix, 5 JSON {from=[...], to=..., type=..., ttl=ms|null,
--       detail=...}
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local rule = cjson.decode(ARGV[5])
local out = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local key = ARGV[4] .. id
  local state = redis.call('HGET', key, 'state')
  local eligible = false
  for _, s in ipairs(rule.from) do
    if s == state then eligible = true end
  end
  local moves = rule.to ~= nil and rule.to ~= cjson.null
  if eligible and (moves or rule.type ~= '') then
    if moves then
      redis.call('HSET', key, 'state', rule.to, 'updatedAt', ARGV[1])
      if rule.ttl ~= nil and rule.ttl ~= cjson.null then redis.call('PEXPIRE', key, rule.ttl) end
      if rule.index then redis.call('ZADD', KEYS[4], ARGV[1], id) end
      sync_open(rule.open, key, id)
    end
    local f = redis.call('HMGET', key, 'version', 'platform', 'workspace', 'channel', 'text_sha256')
    local ev = {
      type = rule.type, draft_id = id, version = f[1], actor = 'system', platform = f[2], workspace = f[3],
      channel = f[4], at = ARGV[3], text_sha256 = f[5] or '', detail = cjson.encode({ from = state, reason = rule.reason }),
    }
    ev.entry_digest = entry_digest(ev)
    append_event(KEYS[2], KEYS[3], ev)
    out[#out + 1] = id
  elseif eligible then
    out[#out + 1] = id
  end
end
return out
