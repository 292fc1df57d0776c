-- Appends an event that changes no draft (denied, stale_click). KEYS: 1 audit stream, 2 chain head. ARGV[1]: event JSON
return append_event(KEYS[1], KEYS[2], cjson.decode(ARGV[1]))
