/**
 * Lua scripts of the Redis task store. Every write and every index change of one task happens inside
 * one script, so a reader on any instance sees either the whole write or none of it.
 *
 * A task record is a hash `<prefix>task:<id>` with fields json, version, status, vendor, tkey (its
 * tenant index), vtkey (its vendor-task lookup), member (its entry in both) and npa (nextPollAt).
 * The index keys live in the hash because a write must clean up the lookup of the *stored*
 * vendorTaskId, which the caller of compareAndSet does not know.
 *
 * Status sets: besides the tenant index `tenant:<tenant>`, each record's member sits in
 * `tenant:<tenant>:status:<status>` (the tenant index key + ':status:' + status; `status_key` in Lua and
 * RedisTaskStore.statusKey build it alike), moved by every status change, so a status filter reads only
 * the sets of the statuses it asks for. `status-index` marks a store whose every record is in its set:
 * set by the first insert into an empty store, or by RedisTaskStore.buildStatusIndex for records that a
 * version without status sets wrote.
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

local function status_key(tkey, status)
  return tkey .. ':status:' .. status
end

local function forget(id, info, sched, counts, retention, retinfo)
  redis.call('ZREM', info.tkey, info.member)
  redis.call('ZREM', status_key(info.tkey, info.status), info.member)
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
 * KEYS: record, tenant index, vendor-task lookup, sched, counts, retention, retinfo, status-index marker.
 * ARGV: id, json, version, status, vendor, member, nextPollAt ISO or '', nextPollAt ms, terminal '1'/'0',
 * retentionMs, tracked '1'/'0', record key prefix. Returns 1; 0 when the id exists; 2 when a tracked
 * record's tenant already tracks the vendor task (the lookup holds a TRACKED record that is not
 * CANCELLED), the same rule as SQLite's partial unique index.
 */
export const INSERT_LUA = `${SHARED}
local key, tkey, vtkey, sched, counts, retention, retinfo = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local id = ARGV[1]
if redis.call('EXISTS', key) == 1 then return 0 end
-- No counters yet: nobody ever wrote a record here, so every record will be in its status set.
if redis.call('EXISTS', counts) == 0 then redis.call('SET', KEYS[8], '1') end
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
redis.call('ZADD', status_key(tkey, status), 0, member)
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
  redis.call('ZREM', status_key(tkey, old_status), member)
  redis.call('ZADD', status_key(tkey, status), 0, member)
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
 * statuses comma-separated or '' (a status filter comes here only while the status sets are not built;
 * see STATUS_PAGE_LUA).
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
 * A status-filtered page: walks the tenant's status sets of the requested statuses together, newest
 * first (a merge: each step takes the greatest head member of all sets), from an exclusive lex bound,
 * returning the JSON of up to `want` records that pass the filters. Only the requested statuses' members
 * are read, however many tasks the tenant has in others. Scans at most `budget` members per call; as
 * members come out in one descending order, `last` bounds the continuation of every set at once.
 * A record is returned only if its status is one of those asked for: while instances of a version
 * without status sets still run (a rolling upgrade), their writes change a status without moving the
 * member, leaving it in the set of a status its record no longer has.
 * KEYS: the status sets. ARGV: record key prefix, upper bound ('+' or '(<member>'), want, budget,
 * vendor or '', then the status of each KEYS entry, in order.
 * Returns { jsons, last member scanned or '', 1 when every set is exhausted, records found missing }.
 */
export const STATUS_PAGE_LUA = `
local prefix, want, budget, vendor = ARGV[1], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local chunk = math.min(math.max(want, 16), 200)
local sets, wanted = {}, {}
for i, key in ipairs(KEYS) do
  sets[i] = { key = key, bound = ARGV[2], buf = {}, pos = 1, ended = false }
  wanted[ARGV[5 + i]] = true
end

-- Redis orders members by bytes; Lua's < follows the server's locale (LC_COLLATE), so compare bytes.
local function newer(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x > y end
  end
  return #a > #b
end

local function head(set)
  if set.pos > #set.buf and not set.ended then
    set.buf = redis.call('ZREVRANGEBYLEX', set.key, set.bound, '-', 'LIMIT', 0, chunk)
    set.pos = 1
    if #set.buf < chunk then set.ended = true end
    if #set.buf > 0 then set.bound = '(' .. set.buf[#set.buf] end
  end
  return set.buf[set.pos]
end

local out, last, done, missing, scanned = {}, '', 0, 0, 0
while #out < want and scanned < budget do
  local m = nil
  for _, set in ipairs(sets) do
    local h = head(set)
    if h and (m == nil or newer(h, m)) then m = h end
  end
  if m == nil then
    done = 1
    break
  end
  -- The same member in two sets (a stale entry, see above) is read once.
  for _, set in ipairs(sets) do
    if set.buf[set.pos] == m then set.pos = set.pos + 1 end
  end
  scanned = scanned + 1
  last = m
  local r = redis.call('HMGET', prefix .. string.sub(m, 17), 'json', 'status', 'vendor')
  if not r[1] then
    missing = missing + 1
  elseif wanted[r[2]] and (vendor == '' or r[3] == vendor) then
    out[#out + 1] = r[1]
  end
end
return { out, last, done, missing }
`;

/**
 * Puts records into their status sets (see buildStatusIndex); idempotent, and atomic per call, so a
 * concurrent compare-and-set either ran before (the record is filed under its new status) or after
 * (it moves the member itself). KEYS: record keys. Returns how many records it filed.
 */
export const INDEX_STATUS_LUA = `${SHARED}
local filed = 0
for _, key in ipairs(KEYS) do
  local r = redis.call('HMGET', key, 'tkey', 'member', 'status')
  if r[1] and r[2] and r[3] then
    redis.call('ZADD', status_key(r[1], r[3]), 0, r[2])
    filed = filed + 1
  end
end
return filed
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

/**
 * Start intents (idempotency keys, crash safety): a hash `<prefix>intent:<tenant>:<key>` with json (the
 * intent without its state), ms (created, epoch ms) and state; PENDING ones are also in the sorted set
 * `<prefix>intents:pending` by creation time, for the restart's reconciliation.
 *
 * Begin. KEYS: intent, pending set. ARGV: json, created ms, window ms, pending member.
 * Returns { json, state } of the intent that stands: the earlier one when it is PENDING or still inside
 * the idempotency window, else the new one.
 */
export const BEGIN_START_LUA = `
local key, pending = KEYS[1], KEYS[2]
local current = redis.call('HMGET', key, 'json', 'ms', 'state')
if current[1] and (current[3] == 'PENDING' or tonumber(ARGV[2]) - tonumber(current[2]) < tonumber(ARGV[3])) then
  return { current[1], current[3] }
end
redis.call('DEL', key)
redis.call('HSET', key, 'json', ARGV[1], 'ms', ARGV[2], 'state', 'PENDING')
redis.call('ZADD', pending, ARGV[2], ARGV[4])
return { ARGV[1], 'PENDING' }
`;

/** Complete. KEYS: intent, pending set. ARGV: pending member, window ms. Kept until the window closes. */
export const COMPLETE_START_LUA = `
local ms = redis.call('HGET', KEYS[1], 'ms')
if not ms then return 0 end
redis.call('HSET', KEYS[1], 'state', 'DONE')
redis.call('PEXPIREAT', KEYS[1], string.format('%.0f', tonumber(ms) + tonumber(ARGV[2])))
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`;

/** Abandon a PENDING intent. KEYS: intent, pending set. ARGV: pending member. */
export const ABANDON_START_LUA = `
if redis.call('HGET', KEYS[1], 'state') == 'PENDING' then redis.call('DEL', KEYS[1]) end
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`;
