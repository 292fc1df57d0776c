-- The chain's state in one atomic read: the last entry id, the number of entries ever added to the stream (XINFO
-- entries-added: archived and trimmed entries included) and the chain head. KEYS: 1 audit stream, 2 chain head.
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if #last == 0 then return {} end
local info = redis.call('XINFO', 'STREAM', KEYS[1])
local added = nil
for i = 1, #info, 2 do
  if info[i] == 'entries-added' then added = info[i + 1] end
end
return {last[1][1], tostring(added), redis.call('GET', KEYS[2]) or string.rep('0', 64)}
