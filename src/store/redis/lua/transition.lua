-- One checked, audited transition of one draft.
-- KEYS: 1 draft hash, 2 audit stream, 3 chain head, 4 expiry zset, 5 lease zset, 6 retract zset, 7 unknown zset
-- ARGV[1]: JSON spec built by src/store/redis/redis-draft-store.ts
local spec = cjson.decode(ARGV[1])
local key = KEYS[1]
local state = redis.call('HGET', key, 'state')
if spec.create then
  if state then return {'err', 'exists', redis.call('HGETALL', key)} end
else
  if not state then return {'err', 'not_found', {}} end
  local allowed = false
  for _, s in ipairs(spec.states) do
    if s == state then allowed = true end
  end
  if not allowed then return {'err', 'state', redis.call('HGETALL', key)} end
  if spec.version ~= nil and spec.version ~= cjson.null then
    if redis.call('HGET', key, 'version') ~= spec.version then
      return {'err', 'version', redis.call('HGETALL', key)}
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
if spec.ttl ~= nil and spec.ttl ~= cjson.null then
  redis.call('PEXPIRE', key, spec.ttl)
end
local id = ''
for _, ev in ipairs(spec.events) do id = append_event(KEYS[2], KEYS[3], ev) end
return {'ok', id, redis.call('HGETALL', key)}
