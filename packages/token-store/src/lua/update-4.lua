--[[
  Compare-and-set write of one token set.
  Applies the field changes only when the stored version equals the expected one (or when no
  version is expected), then bumps the version and `updatedAt`. `revoked` is terminal: any write
  to a revoked set fails, except setting `revoked` again with nothing else (a no-op). Setting
  `revoked` removes the set from both indexes and starts its retention (0 = delete at once).
  With a lease owner, a successful write also releases the set's lease when that owner still
  holds it (the refresh worker's write-back ends its critical section in the same step).

  Input:
    KEYS[1] record key                  ({prefix:slot}:s:<rand>)
    KEYS[2] the user's client index     ({prefix:slot}:c:<clientId>)
    KEYS[3] the user's index            ({prefix:slot}:u)
    KEYS[4] the set's lease key         ({prefix:slot}:l:<rand>)

    ARGV[1] expected version ('' = any)
    ARGV[2] now (epoch ms)
    ARGV[3] retention of revoked records in ms (0 = delete at once)
    ARGV[4] new status ('' = unchanged)
    ARGV[5] lease owner to release on success ('' = none)
    ARGV[6] reply: 'full' or 'brief' (the caller holds the record as read at the expected version)
    ARGV[7] n: number of field/value pairs that follow
    ARGV[8 .. 7+2n] field, value pairs to set
    ARGV[8+2n ..] fields to delete

  Output:
    { 'ok', <flat HGETALL after the write> }            reply 'full'
    { 'done', <new version>, <keyId> }                  reply 'brief' (keyId: re-encryption does
                                                        not bump the version, so it is sent back)
    { 'not_found' }
    { 'version_conflict', <stored version> }
    { 'set_revoked' }
]]
local recordKey, clientIndex, userIndex, leaseKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local expected, now, retention, newStatus, leaseOwner, brief = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5], ARGV[6] == 'brief'
local n = tonumber(ARGV[7])

local function releaseLease()
  if leaseOwner ~= '' and redis.call('GET', leaseKey) == leaseOwner then
    redis.call('DEL', leaseKey)
  end
end

local state = redis.call('HMGET', recordKey, 'version', 'status')
local version, status = state[1], state[2]
if version == false and redis.call('EXISTS', recordKey) == 0 then
  return { 'not_found' }
end
if expected ~= '' and version ~= expected then
  return { 'version_conflict', version }
end

local deletes = {}
for i = 8 + 2 * n, #ARGV do
  deletes[#deletes + 1] = ARGV[i]
end

if status == 'revoked' then
  if newStatus == 'revoked' and n == 0 and #deletes == 0 then
    releaseLease()
    return { 'ok', redis.call('HGETALL', recordKey) }
  end
  return { 'set_revoked' }
end

local sets = {}
for i = 8, 7 + 2 * n do
  sets[#sets + 1] = ARGV[i]
end
if newStatus ~= '' then
  sets[#sets + 1] = 'status'
  sets[#sets + 1] = newStatus
end
sets[#sets + 1] = 'updatedAt'
sets[#sets + 1] = now
redis.call('HSET', recordKey, unpack(sets))
if #deletes > 0 then
  redis.call('HDEL', recordKey, unpack(deletes))
end
local newVersion = redis.call('HINCRBY', recordKey, 'version', 1)

local result
if brief then
  result = { 'done', tostring(newVersion), redis.call('HGET', recordKey, 'keyId') }
else
  result = { 'ok', redis.call('HGETALL', recordKey) }
end
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
releaseLease()
return result
