--[[
  Extend a token set's lease that this owner still holds.

  Input:
    KEYS[1] lease key                   ({prefix:slot}:l:<rand>)
    ARGV[1] owner token
    ARGV[2] new lease in milliseconds

  Output: 1 when extended; 0 when the lease expired or another owner holds it (the caller has
  lost it and must not assume exclusivity any more).
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
