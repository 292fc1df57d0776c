-- Appends an event that changes no draft (denied, stale_click). KEYS: 1 audit stream, 2 chain head.
-- ARGV[1]: event JSON; ARGV[2] (optional): operation id, so that an append re-sent after a lost reply is not doubled.
-- Returns {stream id, chain head after the call}.
local opkey = nil
if ARGV[2] and ARGV[2] ~= '' then opkey = KEYS[2] .. ':op:' .. ARGV[2] end
if opkey then
  local done = redis.call('GET', opkey)
  if done then
    redis.call('PEXPIRE', opkey, 600000)
    return {done, redis.call('GET', KEYS[2]) or string.rep('0', 64)}
  end
end
local id, head = append_event(KEYS[1], KEYS[2], cjson.decode(ARGV[1]))
if opkey then redis.call('SET', opkey, id, 'PX', 600000) end
return {id, head}
