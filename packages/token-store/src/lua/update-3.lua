--[[
  Compare-and-set write of one token set.
  Applies the field changes only when the stored version equals the expected one (or when no
  version is expected), then bumps the version and `updatedAt`. `revoked` is terminal: any write
  to a revoked set fails, except setting `revoked` again with nothing else (a no-op). Setting
  `revoked` removes the set from both indexes and starts its retention (0 = delete at once).

  Input:
    KEYS[1] record key                  ({prefix:slot}:s:<rand>)
    KEYS[2] the user's client index     ({prefix:slot}:c:<clientId>)
    KEYS[3] the user's index            ({prefix:slot}:u)

    ARGV[1] expected version ('' = any)
    ARGV[2] now (epoch ms)
    ARGV[3] retention of revoked records in ms (0 = delete at once)
    ARGV[4] new status ('' = unchanged)
    ARGV[5] n: number of field/value pairs that follow
    ARGV[6 .. 5+2n] field, value pairs to set
    ARGV[6+2n ..] fields to delete

  Output:
    { 'ok', <flat HGETALL after the write> }
    { 'not_found' }
    { 'version_conflict', <stored version> }
    { 'set_revoked' }
]]
local recordKey, clientIndex, userIndex = KEYS[1], KEYS[2], KEYS[3]
local expected, now, retention, newStatus = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local n = tonumber(ARGV[5])

if redis.call('EXISTS', recordKey) == 0 then
  return { 'not_found' }
end
local version = redis.call('HGET', recordKey, 'version')
if expected ~= '' and version ~= expected then
  return { 'version_conflict', version }
end

local deletes = {}
for i = 6 + 2 * n, #ARGV do
  deletes[#deletes + 1] = ARGV[i]
end

if redis.call('HGET', recordKey, 'status') == 'revoked' then
  if newStatus == 'revoked' and n == 0 and #deletes == 0 then
    return { 'ok', redis.call('HGETALL', recordKey) }
  end
  return { 'set_revoked' }
end

if n > 0 then
  local sets = {}
  for i = 6, 5 + 2 * n do
    sets[#sets + 1] = ARGV[i]
  end
  redis.call('HSET', recordKey, unpack(sets))
end
if #deletes > 0 then
  redis.call('HDEL', recordKey, unpack(deletes))
end
if newStatus ~= '' then
  redis.call('HSET', recordKey, 'status', newStatus)
end
redis.call('HINCRBY', recordKey, 'version', 1)
redis.call('HSET', recordKey, 'updatedAt', now)

local result = redis.call('HGETALL', recordKey)
if newStatus == 'revoked' then
  local id = redis.call('HGET', recordKey, 'id')
  redis.call('ZREM', clientIndex, id)
  redis.call('ZREM', userIndex, id)
  if retention > 0 then
    redis.call('PEXPIRE', recordKey, retention)
  else
    redis.call('DEL', recordKey)
  end
end
return { 'ok', result }
