-- Retention: records a signed base checkpoint and trims the stream up to and including the entry it names, in one
-- step, and only if that entry still carries the signed hash. KEYS: 1 audit stream, 2 base key.
-- ARGV: 1 base checkpoint JSON, 2 the base entry id, 3 its hash, 4 the first id to keep (MINID).
local entry = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
if #entry == 0 then return redis.error_reply('draftgate: the entry to archive up to is gone; nothing was trimmed') end
local fields = entry[1][2]
local hash = nil
for i = 1, #fields, 2 do
  if fields[i] == 'hash' then hash = fields[i + 1] end
end
if hash ~= ARGV[3] then
  return redis.error_reply('draftgate: the entry to archive up to changed since it was read; nothing was trimmed')
end
redis.call('SET', KEYS[2], ARGV[1])
return redis.call('XTRIM', KEYS[1], 'MINID', ARGV[4])
