--[[
  Replace a record's ciphertext with one under another key, only if nothing changed since it was
  read (same version and same key id). The version is not bumped: the tokens are the same, and a
  writer holding that version (e.g. a refresh in flight) must still win its compare-and-set.

  Input:
    KEYS[1] record key                  ({prefix:slot}:s:<rand>)

    ARGV[1] expected version
    ARGV[2] expected key id
    ARGV[3] new key id
    ARGV[4] new ciphertext

  Output:
    1 replaced; 0 skipped (record gone or changed since it was read)
]]
local key = KEYS[1]
local current = redis.call('HMGET', key, 'version', 'keyId')
if current[1] ~= ARGV[1] or current[2] ~= ARGV[2] then
  return 0
end
redis.call('HSET', key, 'keyId', ARGV[3], 'ciphertext', ARGV[4])
return 1
