-- One wrk script for every endpoint of bench/run.sh, driven by environment variables:
--   BENCH_PATH    the path to request; "{id}" in it is replaced per request by one of BENCH_IDS at random
--   BENCH_IDS     comma-separated ids (optional)
--   BENCH_METHOD  GET (default) or POST
--   BENCH_BODY    a JSON request body (optional; sent with Content-Type: application/json)
--   BENCH_TOKEN   a bearer token (optional)
-- done() prints one line "BENCH_JSON {...}" with the figures PortalBench reads (latencies in microseconds).

local path = os.getenv("BENCH_PATH") or "/"
local ids = {}
for id in string.gmatch(os.getenv("BENCH_IDS") or "", "[^,]+") do
  ids[#ids + 1] = id
end

wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.headers["Accept"] = "application/json"
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
local body = os.getenv("BENCH_BODY")
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

if #ids > 0 then
  -- A fixed seed per thread keeps runs comparable; each request names a different row.
  init = function(args)
    math.randomseed(42)
  end
  request = function()
    return wrk.format(nil, (string.gsub(path, "{id}", ids[math.random(#ids)])))
  end
else
  wrk.path = path
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,"meanUs":%.1f,' ..
    '"errorsConnect":%d,"errorsRead":%d,"errorsWrite":%d,"errorsStatus":%d,"errorsTimeout":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
