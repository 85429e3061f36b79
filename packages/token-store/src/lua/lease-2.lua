--[[
  Take a token set's lease (its refresh lock) and read the set, in one atomic step.

  The lease key sits in the record's own hash-tag slot, so this script touches one Redis Cluster
  slot. Taking a lease the same owner already holds extends it.

  Input:
    KEYS[1] lease key                   ({prefix:slot}:l:<rand>)
    KEYS[2] record key                  ({prefix:slot}:s:<rand>)

    ARGV[1] owner token (random, one per attempt)
    ARGV[2] lease in milliseconds

  Output:
    { 'acquired', <flat HGETALL of the record> }   the lease is this owner's now
    { 'held' }                                     another owner holds it (nothing read)
    { 'not_found' }                                no such set (no lease taken)
]]
local leaseKey, recordKey, owner, leaseMs = KEYS[1], KEYS[2], ARGV[1], ARGV[2]

local record = redis.call('HGETALL', recordKey)
if #record == 0 then
  return { 'not_found' }
end
local current = redis.call('GET', leaseKey)
if current == false then
  redis.call('SET', leaseKey, owner, 'PX', leaseMs)
elseif current == owner then
  redis.call('PEXPIRE', leaseKey, leaseMs)
else
  return { 'held' }
end
return { 'acquired', record }
