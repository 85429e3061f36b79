--[[
  Add a token set and enforce the per-user-per-client limit, atomically.
  The new set is always stored; when the client index then holds more than the limit, the
  oldest other sets are evicted: `reauth_required` ones first, then `active` ones, each oldest
  first (lowest score, ties by id). An evicted set gets status `revoked`, a bumped version, leaves
  both indexes, and is kept for the retention time (or deleted at once when it is 0).

  Input:
    KEYS[1] record key of the new set   ({prefix:slot}:s:<rand>)
    KEYS[2] the user's client index     ({prefix:slot}:c:<clientId>)
    KEYS[3] the user's index            ({prefix:slot}:u)

    ARGV[1] new set id (<slot>.<rand>)
    ARGV[2] index score: the sign-in's issuedAt (epoch ms)
    ARGV[3] max sets for this user+client (integer >= 1)
    ARGV[4] now (epoch ms)
    ARGV[5] retention of revoked records in ms (0 = delete them at once)
    ARGV[6] the user's key base ({prefix:slot}:), to name the records of other ids
    ARGV[7..] field, value, field, value... of the new record (status, version, createdAt and
              updatedAt are set here)

  Output:
    -1 if KEYS[1] already exists (nothing written)
    otherwise an array with one flat HGETALL reply per evicted set, taken after it was revoked
]]
local recordKey, clientIndex, userIndex = KEYS[1], KEYS[2], KEYS[3]
local id, score, max, now = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local retention, base = tonumber(ARGV[5]), ARGV[6]

if redis.call('EXISTS', recordKey) == 1 then
  return -1
end

local fields = {}
for i = 7, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', recordKey, unpack(fields))
redis.call('HSET', recordKey, 'status', 'active', 'version', '1', 'createdAt', now, 'updatedAt', now)
redis.call('ZADD', clientIndex, score, id)
redis.call('ZADD', userIndex, score, id)

-- Oldest first. Members whose record is gone (or already revoked) are dropped from the indexes.
local live, reauth, active = 0, {}, {}
for _, member in ipairs(redis.call('ZRANGE', clientIndex, 0, -1)) do
  local key = base .. 's:' .. string.sub(member, 24)
  local status = redis.call('HGET', key, 'status')
  if (not status) or status == 'revoked' then
    redis.call('ZREM', clientIndex, member)
    redis.call('ZREM', userIndex, member)
  else
    live = live + 1
    if member ~= id then
      if status == 'active' then
        active[#active + 1] = key
      else
        reauth[#reauth + 1] = key
      end
    end
  end
end

local evicted = {}
local excess = live - max
local function evict(key)
  local member = redis.call('HGET', key, 'id')
  redis.call('HINCRBY', key, 'version', 1)
  redis.call('HSET', key, 'status', 'revoked', 'updatedAt', now)
  redis.call('ZREM', clientIndex, member)
  redis.call('ZREM', userIndex, member)
  evicted[#evicted + 1] = redis.call('HGETALL', key)
  if retention > 0 then
    redis.call('PEXPIRE', key, retention)
  else
    redis.call('DEL', key)
  end
end

for _, group in ipairs({ reauth, active }) do
  for _, key in ipairs(group) do
    if excess <= 0 then
      return evicted
    end
    evict(key)
    excess = excess - 1
  end
end
return evicted
