--[[
  Release a refresh lock, only when this owner still holds it.

  KEYS[1]  the lock key
  ARGV[1]  owner token

  Returns 1 when the lock was released, 0 when it had expired or belongs to another owner
  (which is left untouched).
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
