--[[
  Delete a token set and its index entries.

  Input:
    KEYS[1] record key                  ({prefix:slot}:s:<rand>)
    KEYS[2] the user's client index     ({prefix:slot}:c:<clientId>)
    KEYS[3] the user's index            ({prefix:slot}:u)

    ARGV[1] the set id

  Output:
    1 if the record existed, 0 otherwise (index entries are removed either way)
]]
local removed = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return removed
