--[[
  Extend the lease of a refresh lock this owner still holds.

  KEYS[1]  the lock key
  ARGV[1]  owner token
  ARGV[2]  new lease in milliseconds

  Returns 1 when the lease was extended, 0 when the lock is gone or held by another owner
  (the caller has lost it and must not assume exclusivity any more).
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
