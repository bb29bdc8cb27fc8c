/**
 * Lua scripts of the Redis task store. Every write and every index change of one task happens inside
 * one script, so a reader on any instance sees either the whole write or none of it.
 *
 * A task record is a hash `<prefix>task:<id>` with fields json, version, status, vendor, tkey (its
 * tenant index), vtkey (its vendor-task lookup), member (its entry in both) and npa (nextPollAt).
 * The index keys live in the hash because a write must clean up the lookup of the *stored*
 * vendorTaskId, which the caller of compareAndSet does not know.
 *
 * Retention: a terminal record gets PEXPIREAT; a copy of what is needed to clean its index entries and
 * its status counter once it is gone sits in the `retinfo` hash, and its expiry time in the `retention`
 * sorted set. `sweep` removes records whose time has passed from every index. Times come from Redis'
 * own clock (TIME) so that the record's expiry and its retention score agree, whatever the instances'
 * clocks say.
 *
 * Keys computed inside the scripts (the stored tkey/vtkey, record keys from ids) are not declared in
 * KEYS: fine on a standalone Redis or a sentinel set; on Redis Cluster the key prefix must carry a hash
 * tag (`{gw}:`) so that every key of the store lives in one slot.
 */

const SHARED = `
if redis.replicate_commands then redis.replicate_commands() end

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function int(n)
  return string.format('%.0f', n)
end

local function forget(id, info, sched, counts, retention, retinfo)
  redis.call('ZREM', info.tkey, info.member)
  redis.call('ZREM', info.vtkey, info.member)
  redis.call('ZREM', sched, id)
  redis.call('HINCRBY', counts, info.status, -1)
  redis.call('ZREM', retention, id)
  redis.call('HDEL', retinfo, id)
end

local function retain(key, id, info, retention_ms, retention, retinfo)
  local at = int(now_ms() + retention_ms)
  redis.call('PEXPIREAT', key, at)
  redis.call('ZADD', retention, at, id)
  redis.call('HSET', retinfo, id, cjson.encode(info))
end

local function keep(key, id, retention, retinfo)
  redis.call('PERSIST', key)
  redis.call('ZREM', retention, id)
  redis.call('HDEL', retinfo, id)
end

local function schedule(key, id, sched, npa_iso, npa_ms)
  if npa_iso == '' then
    redis.call('HDEL', key, 'npa')
    redis.call('ZREM', sched, id)
  else
    redis.call('HSET', key, 'npa', npa_iso)
    redis.call('ZADD', sched, npa_ms, id)
  end
end
`;

/**
 * KEYS: record, tenant index, vendor-task lookup, sched, counts, retention, retinfo.
 * ARGV: id, json, version, status, vendor, member, nextPollAt ISO or '', nextPollAt ms, terminal '1'/'0',
 * retentionMs, tracked '1'/'0', record key prefix. Returns 1; 0 when the id exists; 2 when a tracked
 * record's tenant already tracks the vendor task (the lookup holds a TRACKED record that is not
 * CANCELLED), the same rule as SQLite's partial unique index.
 */
export const INSERT_LUA = `${SHARED}
local key, tkey, vtkey, sched, counts, retention, retinfo = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local id = ARGV[1]
if redis.call('EXISTS', key) == 1 then return 0 end
if ARGV[11] == '1' then
  for _, m in ipairs(redis.call('ZRANGE', vtkey, 0, -1)) do
    local other = redis.call('HMGET', ARGV[12] .. string.sub(m, 17), 'status', 'origin')
    if other[2] == 'TRACKED' and other[1] ~= 'CANCELLED' then return 2 end
  end
end
-- An earlier record with this id expired but was not swept yet: its index entries must not
-- point at the new one.
local stale = redis.call('HGET', retinfo, id)
if stale then forget(id, cjson.decode(stale), sched, counts, retention, retinfo) end
local status, member = ARGV[4], ARGV[6]
redis.call('HSET', key, 'json', ARGV[2], 'version', ARGV[3], 'status', status, 'vendor', ARGV[5],
  'tkey', tkey, 'vtkey', vtkey, 'member', member, 'origin', ARGV[11] == '1' and 'TRACKED' or 'STARTED')
redis.call('ZADD', tkey, 0, member)
redis.call('ZADD', vtkey, 0, member)
redis.call('HINCRBY', counts, status, 1)
schedule(key, id, sched, ARGV[7], ARGV[8])
if ARGV[9] == '1' then
  retain(key, id, { tkey = tkey, vtkey = vtkey, member = member, status = status }, tonumber(ARGV[10]),
    retention, retinfo)
end
return 1
`;

/**
 * KEYS: record, new vendor-task lookup, sched, counts, retention, retinfo.
 * ARGV: id, expected version, json, new version, status, nextPollAt ISO or '', nextPollAt ms,
 * terminal '1'/'0', retentionMs. Returns 1 when written, 0 when the version differs or the record is gone.
 * The tenant index entry is left as it is: tenant and createdAt are fixed at insert (as in SQLite).
 */
export const COMPARE_AND_SET_LUA = `${SHARED}
local key, vtkey, sched, counts, retention, retinfo = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local id = ARGV[1]
local cur = redis.call('HMGET', key, 'version', 'status', 'vtkey', 'tkey', 'member')
if not cur[1] or cur[1] ~= ARGV[2] then return 0 end
local old_status, old_vtkey, tkey, member = cur[2], cur[3], cur[4], cur[5]
local status = ARGV[5]
redis.call('HSET', key, 'json', ARGV[3], 'version', ARGV[4], 'status', status, 'vtkey', vtkey)
if old_vtkey ~= vtkey then
  redis.call('ZREM', old_vtkey, member)
  redis.call('ZADD', vtkey, 0, member)
end
if old_status ~= status then
  redis.call('HINCRBY', counts, old_status, -1)
  redis.call('HINCRBY', counts, status, 1)
end
schedule(key, id, sched, ARGV[6], ARGV[7])
if ARGV[8] == '1' then
  -- Every terminal write restarts the retention clock: it counts from the task's last change.
  retain(key, id, { tkey = tkey, vtkey = vtkey, member = member, status = status }, tonumber(ARGV[9]),
    retention, retinfo)
else
  keep(key, id, retention, retinfo)
end
return 1
`;

/**
 * Walks an index (tenant listing or vendor-task lookup; members `<ms, 15 digits>:<id>`) newest first from
 * an exclusive lex bound, returning the JSON of up to `want` records that pass the filters. Scans at most
 * `budget` members so that one call never blocks Redis for long; the caller continues from `last`.
 * KEYS: index. ARGV: record key prefix, upper bound ('+' or '(<member>'), want, budget, vendor or '',
 * statuses comma-separated or ''.
 * Returns { jsons, last member scanned or '', 1 when the index is exhausted, records found missing }.
 */
export const PAGE_LUA = `
local index, prefix, max = KEYS[1], ARGV[1], ARGV[2]
local want, budget, vendor = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local statuses = nil
if ARGV[6] ~= '' then
  statuses = {}
  for s in string.gmatch(ARGV[6], '[^,]+') do statuses[s] = true end
end
local out, last, done, missing, scanned = {}, '', 0, 0, 0
while #out < want and scanned < budget do
  local n = math.min(budget - scanned, 200)
  local members = redis.call('ZREVRANGEBYLEX', index, max, '-', 'LIMIT', 0, n)
  for _, m in ipairs(members) do
    scanned = scanned + 1
    last = m
    local r = redis.call('HMGET', prefix .. string.sub(m, 17), 'json', 'status', 'vendor')
    if not r[1] then
      missing = missing + 1
    elseif (vendor == '' or r[3] == vendor) and (statuses == nil or statuses[r[2]]) then
      out[#out + 1] = r[1]
      if #out >= want then break end
    end
  end
  if #out >= want then break end
  if #members < n then
    done = 1
    break
  end
  max = '(' .. last
end
return { out, last, done, missing }
`;

/**
 * Cleans up records whose retention has passed. KEYS: sched, counts, retention, retinfo.
 * ARGV: record key prefix, limit. Returns { candidates looked at, records cleaned up }.
 */
export const SWEEP_LUA = `${SHARED}
local sched, counts, retention, retinfo = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local ids = redis.call('ZRANGEBYSCORE', retention, '-inf', '(' .. int(now_ms()), 'LIMIT', 0, tonumber(ARGV[2]))
local removed = 0
for _, id in ipairs(ids) do
  -- Within a millisecond of its expiry a record can still exist; the next sweep takes it.
  if redis.call('EXISTS', ARGV[1] .. id) == 0 then
    local raw = redis.call('HGET', retinfo, id)
    if raw then
      forget(id, cjson.decode(raw), sched, counts, retention, retinfo)
    else
      redis.call('ZREM', retention, id)
    end
    removed = removed + 1
  end
end
return { #ids, removed }
`;
