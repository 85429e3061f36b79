--[[
  Release a token set's lease, only when this owner still holds it.

  Input:
    KEYS[1] lease key                   ({prefix:slot}:l:<rand>)
    ARGV[1] owner token

  Output: 1 when released; 0 when it had expired or belongs to another owner (left untouched).
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
