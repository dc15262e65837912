/**
 * The Lua scripts of the Redis bus. Each runs atomically, which is what makes
 * compare-and-renew leases, hand-offs and drop counting race-free.
 *
 * RESP2 conventions inside Lua: a nil reply element is `false`; XINFO replies
 * are flat `name, value` arrays, read through `fields()`.
 *
 * @module
 */
import { LuaScript } from "../../lib/redis_script.ts";

const FIELDS = `
local function fields(flat)
  local f = {}
  for i = 1, #flat, 2 do f[flat[i]] = flat[i + 1] end
  return f
end
`;

/** Renews each lease still held by ARGV[1] for ARGV[2] ms; returns 1/0 per key. */
const renew = `
local out = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('PEXPIRE', key, ARGV[2])
    out[i] = 1
  else
    out[i] = 0
  end
end
return out
`;

/**
 * Takes up to ARGV[3] of the free leases KEYS for ARGV[1] (SET NX PX ARGV[2]);
 * returns the 1-based indexes of the keys taken.
 */
const acquire = `
local got = {}
local need = tonumber(ARGV[3])
for i, key in ipairs(KEYS) do
  if #got >= need then break end
  if redis.call('SET', key, ARGV[1], 'NX', 'PX', ARGV[2]) then got[#got + 1] = i end
end
return got
`;

/**
 * Heartbeat: scores member ARGV[1] with the server clock in every membership
 * set, drops members silent for ARGV[2] ms, and returns each set's live count.
 */
const heartbeat = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
local out = {}
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - ttl)
  redis.call('PEXPIRE', key, ttl * 10)
  out[i] = redis.call('ZCARD', key)
end
return out
`;

/**
 * Takes over every pending entry of the partition stream KEYS[1] idle for at
 * least ARGV[3] ms (group ARGV[1], new owner ARGV[2]) without bumping delivery
 * counts, deletes other consumers with nothing pending and idle over ARGV[4]
 * ms, and returns how many pending entries other consumers still hold.
 */
const claimAll = FIELDS + `
local cursor = '0-0'
repeat
  cursor = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], cursor, 'COUNT', 1000, 'JUSTID')[1]
until cursor == '0-0'
local others = 0
for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local f = fields(c)
  if f['name'] ~= ARGV[2] then
    if f['pending'] > 0 then
      others = others + f['pending']
    elseif f['idle'] > tonumber(ARGV[4]) then
      redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], f['name'])
    end
  end
end
return others
`;

/**
 * Redelivers the next entry of ARGV[2]'s pending list after id ARGV[3] in
 * stream KEYS[1], group ARGV[1]: XCLAIM bumps its delivery count, which is the
 * durable attempt counter. Returns {id, attempt, fields} (fields false when
 * the entry was trimmed away; it is then acked), or false when none is left.
 */
const recoverNext = `
local p = redis.call('XPENDING', KEYS[1], ARGV[1], '(' .. ARGV[3], '+', 1, ARGV[2])
if #p == 0 then return false end
local id = p[1][1]
local attempt = p[1][4] + 1
local claimed = redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, id)
local entry = claimed[1]
if not entry or not entry[2] then
  redis.call('XACK', KEYS[1], ARGV[1], id)
  return {id, attempt, false}
end
return {id, attempt, entry[2]}
`;

/**
 * Hands a partition over: ARGV[2]'s pending entries in stream KEYS[2] (group
 * ARGV[1]) get idle time ARGV[3] so the next owner claims them at once; a
 * consumer with nothing pending is deleted; the lease KEYS[1] is deleted if
 * still ARGV[2]'s.
 */
const handoff = `
if redis.call('EXISTS', KEYS[2]) == 1 then
  local ok, p = pcall(redis.call, 'XPENDING', KEYS[2], ARGV[1], '-', '+', 100000, ARGV[2])
  if ok then
    if #p == 0 then
      redis.call('XGROUP', 'DELCONSUMER', KEYS[2], ARGV[1], ARGV[2])
    end
    for i = 1, #p, 500 do
      local args = {'XCLAIM', KEYS[2], ARGV[1], ARGV[2], 0}
      for j = i, math.min(i + 499, #p) do args[#args + 1] = p[j][1] end
      args[#args + 1] = 'IDLE'
      args[#args + 1] = ARGV[3]
      args[#args + 1] = 'JUSTID'
      redis.call(unpack(args))
    end
  end
end
if redis.call('GET', KEYS[1]) == ARGV[2] then redis.call('DEL', KEYS[1]) end
return 1
`;

/**
 * Backlog per group over the partition streams KEYS: entries not yet
 * delivered plus pending ones, summed per group, and the age (ms, by Redis's
 * clock: stream ids are its milliseconds) of the oldest of them, -1 when
 * none; returned flat {group, n, age, ...}. ARGV[1] 'exact' counts
 * undelivered entries with XRANGE (used where trimming can skew Redis 7.0's
 * lag); otherwise lag is trusted unless it is missing or exceeds the stream
 * length. ARGV[2] caps an exact count.
 */
const backlog = FIELDS + `
local sums, oldest, order = {}, {}, {}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function stamp(id)
  return tonumber(string.match(id, '^(%d+)'))
end
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    local len = redis.call('XLEN', key)
    for _, g in ipairs(redis.call('XINFO', 'GROUPS', key)) do
      local f = fields(g)
      local undelivered = f['lag']
      if ARGV[1] == 'exact' or not undelivered or undelivered > len then
        undelivered = #redis.call('XRANGE', key, '(' .. f['last-delivered-id'], '+', 'COUNT', ARGV[2])
      end
      local name = f['name']
      if sums[name] == nil then
        sums[name] = 0
        order[#order + 1] = name
      end
      sums[name] = sums[name] + undelivered + f['pending']
      local first = nil
      if f['pending'] > 0 then
        first = stamp(redis.call('XPENDING', key, name)[2])
      end
      if first == nil and undelivered > 0 then
        local next = redis.call('XRANGE', key, '(' .. f['last-delivered-id'], '+', 'COUNT', 1)[1]
        if next then first = stamp(next[1]) end
      end
      if first and (oldest[name] == nil or first < oldest[name]) then oldest[name] = first end
    end
  end
end
local out = {}
for _, name in ipairs(order) do
  out[#out + 1] = name
  out[#out + 1] = sums[name]
  out[#out + 1] = oldest[name] and math.max(0, now - oldest[name]) or -1
end
return out
`;

/**
 * Publishes a batch to a `block` topic: KEYS[1..n-1] are its partition
 * streams, KEYS[n] its stats hash; ARGV[1] is the approximate MAXLEN, then
 * pairs (1-based partition, message JSON). Counts them as published.
 */
const publishBlock = `
local stats = KEYS[#KEYS]
for i = 2, #ARGV, 2 do
  redis.call('XADD', KEYS[tonumber(ARGV[i])], 'MAXLEN', '~', ARGV[1], '*', 'm', ARGV[i + 1])
end
redis.call('HINCRBY', stats, 'published', (#ARGV - 1) / 2)
return 1
`;

/**
 * Publishes ARGV[2..] to the drop-oldest stream KEYS[1] trimmed to exactly
 * ARGV[1] entries. Before each add that trims, every group that had not been
 * delivered a trimmed entry counts it as dropped. Adds the published and
 * dropped counts to the stats hash KEYS[2].
 */
const publishDropOldest = FIELDS + `
local cap = tonumber(ARGV[1])
local function before(a, b)
  local am, as = string.match(a, '(%d+)-(%d+)')
  local bm, bs = string.match(b, '(%d+)-(%d+)')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am < bm or (am == bm and as < bs)
end
local dropped = 0
for i = 2, #ARGV do
  local len = redis.call('XLEN', KEYS[1])
  if len >= cap then
    local victims = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', len - cap + 1)
    for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
      local last = fields(g)['last-delivered-id']
      for _, v in ipairs(victims) do
        if before(last, v[1]) then dropped = dropped + 1 end
      end
    end
  end
  redis.call('XADD', KEYS[1], 'MAXLEN', cap, '*', 'm', ARGV[i])
end
redis.call('HINCRBY', KEYS[2], 'published', #ARGV - 1)
if dropped > 0 then redis.call('HINCRBY', KEYS[2], 'dropped', dropped) end
return dropped
`;

/**
 * Dead-letters entry ARGV[2] of stream KEYS[2] for group ARGV[1] atomically:
 * XADD the fields ARGV[4..] to KEYS[1] (trimmed to about ARGV[3]), XACK the
 * entry and count it in the stats hash KEYS[3].
 */
const deadLetter = `
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', unpack(ARGV, 4))
redis.call('XACK', KEYS[2], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[3], 'deadLettered', 1)
return 1
`;

/** The scripts of one bus. */
export interface BusScripts {
  renew: LuaScript;
  acquire: LuaScript;
  heartbeat: LuaScript;
  claimAll: LuaScript;
  recoverNext: LuaScript;
  handoff: LuaScript;
  backlog: LuaScript;
  publishDropOldest: LuaScript;
  publishBlock: LuaScript;
  deadLetter: LuaScript;
}

/**
 * Creates the bus scripts with their SHAs computed, ready to run.
 *
 * @example
 * ```ts
 * const scripts = await createBusScripts();
 * scripts.renew.name; // "renew"
 * ```
 */
export async function createBusScripts(): Promise<BusScripts> {
  const scripts: BusScripts = {
    renew: new LuaScript("renew", renew),
    acquire: new LuaScript("acquire", acquire),
    heartbeat: new LuaScript("heartbeat", heartbeat),
    claimAll: new LuaScript("claimAll", claimAll),
    recoverNext: new LuaScript("recoverNext", recoverNext),
    handoff: new LuaScript("handoff", handoff),
    backlog: new LuaScript("backlog", backlog),
    publishDropOldest: new LuaScript("publishDropOldest", publishDropOldest),
    publishBlock: new LuaScript("publishBlock", publishBlock),
    deadLetter: new LuaScript("deadLetter", deadLetter),
  };
  await Promise.all(Object.values(scripts).map((s: LuaScript) => s.prepare()));
  return scripts;
}
