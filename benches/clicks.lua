-- wrk script for the story links: each request one of CLICK_PATHS (comma-separated) in turn,
-- as a browser would ask (a browser's user agent: counted as a person's click). Reports like
-- get.lua; 302 answers are successes.
local paths = {}
for path in string.gmatch(os.getenv("CLICK_PATHS") or "/", "[^,]+") do
  paths[#paths + 1] = path
end
local next_path = 0
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"

request = function()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
