-- Sets one field of an existing draft hash (never creates a partial draft). KEYS[1] draft; ARGV field, value
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return 1
end
return 0
