--[[
  Take the per-token-set refresh lock.

  KEYS[1]  the lock key (<queue prefix>:lock:<token-set id>)
  ARGV[1]  owner token (random, unique per attempt)
  ARGV[2]  lease in milliseconds

  Returns 1 when the lock was taken (or was already held by this owner, lease renewed),
          0 when another owner holds it.
]]
local current = redis.call('GET', KEYS[1])
if current == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if current == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
