-- Puts a range of the open drafts (members of the expiry index) into the open-draft indexes (open-index.lua).
-- Idempotent: for drafts opened before the indexes existed. KEYS: 1 expiry zset.
-- ARGV: 1 draft key prefix, 2 open-index key prefix, 3 start, 4 stop (ZRANGE ranks).
local ids = redis.call('ZRANGE', KEYS[1], tonumber(ARGV[3]), tonumber(ARGV[4]))
for _, id in ipairs(ids) do sync_open(ARGV[2], ARGV[1] .. id, id) end
return #ids
