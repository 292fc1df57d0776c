-- Appends an event that changes no draft (denied, stale_click). KEYS: 1 audit stream, 2 chain head.
-- ARGV[1]: operation id ('' for none), so that an append re-sent after a lost reply is not doubled; ARGV[2]:
-- entry_digest; ARGV[3], ARGV[4]: link_prev and link ('' without a prediction); ARGV[5…]: the ENTRY_FIELDS values in
-- order (event-wire.ts appendArgs). Plain arguments rather than JSON: decoding it was ~15 % of the script's time.
-- Returns {stream id, chain head after the call}.
local opkey = nil
if ARGV[1] ~= '' then opkey = KEYS[2] .. ':op:' .. ARGV[1] end
if opkey then
  local done = redis.call('GET', opkey)
  if done then
    redis.call('PEXPIRE', opkey, 600000)
    return {done, redis.call('GET', KEYS[2]) or string.rep('0', 64)}
  end
end
if #ARGV ~= 4 + #ENTRY_FIELDS then
  error('draftgate: append with ' .. #ARGV .. ' arguments, expected ' .. (4 + #ENTRY_FIELDS) .. '; is every replica on the same version?')
end
local ev = { entry_digest = ARGV[2], link_prev = ARGV[3], link = ARGV[4] }
for i, name in ipairs(ENTRY_FIELDS) do ev[name] = ARGV[4 + i] end
local id, head = append_event(KEYS[1], KEYS[2], ev)
if opkey then redis.call('SET', opkey, id, 'PX', 600000) end
return {id, head}
