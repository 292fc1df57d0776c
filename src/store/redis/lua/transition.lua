-- One checked, audited transition of one draft.
-- KEYS: 1 draft hash, 2 audit stream, 3 chain head, 4 expiry zset, 5 lease zset, 6 retract zset, 7 unknown zset,
--       8 warn zset (expiry reminders)
-- ARGV[1]: JSON spec built by src/store/redis/redis-draft-store.ts
-- Returns {status, detail, the draft's fields, the chain head after the call} (the head feeds chain-predictor.ts).
local spec = cjson.decode(ARGV[1])
local function head() return redis.call('GET', KEYS[3]) or string.rep('0', 64) end
local key = KEYS[1]
-- Retry safety: a transition re-sent after a lost reply or a failover finds its operation id and answers as the
-- first run did (touching the marker, so that a WAIT after it also covers the original write).
local opkey = nil
if spec.op ~= nil and spec.op ~= cjson.null then opkey = key .. ':op:' .. spec.op end
if opkey then
  local done = redis.call('GET', opkey)
  if done then
    redis.call('PEXPIRE', opkey, 600000)
    return {'ok', done, redis.call('HGETALL', key), head()}
  end
end
local state = redis.call('HGET', key, 'state')
if spec.create then
  if state then return {'err', 'exists', redis.call('HGETALL', key), head()} end
else
  if not state then return {'err', 'not_found', {}, head()} end
  local allowed = false
  for _, s in ipairs(spec.states) do
    if s == state then allowed = true end
  end
  if not allowed then return {'err', 'state', redis.call('HGETALL', key), head()} end
  if spec.version ~= nil and spec.version ~= cjson.null then
    if redis.call('HGET', key, 'version') ~= spec.version then
      return {'err', 'version', redis.call('HGETALL', key), head()}
    end
  end
  if spec.expires ~= nil and spec.expires ~= cjson.null then
    if redis.call('HGET', key, 'expiresAt') ~= spec.expires then
      return {'err', 'version', redis.call('HGETALL', key), head()}
    end
  end
end
if #spec.unset > 0 then redis.call('HDEL', key, unpack(spec.unset)) end
if #spec.set > 0 then redis.call('HSET', key, unpack(spec.set)) end
local function schedule(zkey, op)
  if op == nil or op == cjson.null then return end
  if op == 'del' then redis.call('ZREM', zkey, spec.id) else redis.call('ZADD', zkey, op, spec.id) end
end
schedule(KEYS[4], spec.expiry)
schedule(KEYS[5], spec.lease)
schedule(KEYS[6], spec.retract)
schedule(KEYS[7], spec.unknown)
schedule(KEYS[8], spec.warn)
if spec.ttl ~= nil and spec.ttl ~= cjson.null then
  redis.call('PEXPIRE', key, spec.ttl)
end
sync_open(spec.open, key, spec.id)
local id, hash = '', nil
for _, ev in ipairs(spec.events) do id, hash = append_event(KEYS[2], KEYS[3], ev) end
if opkey then redis.call('SET', opkey, id, 'PX', 600000) end
return {'ok', id, redis.call('HGETALL', key), hash or head()}
