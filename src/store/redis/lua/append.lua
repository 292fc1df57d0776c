-- Appends an event that changes no draft (denied, stale_click). KEYS: 1 audit stream, 2 chain head.
-- ARGV[1]: event JSON; ARGV[2] (optional): operation id, so that an append re-sent after a lost reply is not doubled.
local opkey = nil
if ARGV[2] and ARGV[2] ~= '' then opkey = KEYS[2] .. ':op:' .. ARGV[2] end
if opkey then
  local done = redis.call('GET', opkey)
  if done then
    redis.call('PEXPIRE', opkey, 600000)
    return done
  end
end
local id = append_event(KEYS[1], KEYS[2], cjson.decode(ARGV[1]))
if opkey then redis.call('SET', opkey, id, 'PX', 600000) end
return id
