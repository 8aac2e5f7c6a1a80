-- wrk script: every request signs up a new address, so each one commits a subscriber row
-- and its outbox row (a repeated address would take the cheaper "already known" path).
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
  -- Each wrk run and thread draws its own addresses (an unseeded generator would repeat the
  -- warm-up's addresses, which then take the "already known" path).
  math.randomseed(os.time() * 100 + id)
end

-- SIGNUP_DOMAINS=N spreads the addresses over N domains (d0.example.kz …); unset, every
-- address is at example.kz (a flood from one domain, past its hourly ceiling at once).
local domains = tonumber(os.getenv("SIGNUP_DOMAINS") or "0")

request = function()
  counter = counter + 1
  local domain = "example.kz"
  if domains > 0 then
    domain = string.format("d%d.example.kz", math.random(0, domains - 1))
  end
  local body = string.format("email=reader-%d-%d-%d%%40%s&name=Lecteur+%d",
    thread_id, counter, math.random(1, 1000000000), domain, counter)
  return wrk.format("POST", "/subscriptions",
    { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
