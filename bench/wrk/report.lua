-- Shared by the wrk phases: counts answers by status per thread and prints
-- one machine-readable line at the end (parsed by bench/run.sh).
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for code, n in pairs(s) do counts[code] = (counts[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(counts) do table.insert(parts, code .. ":" .. n) end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d bytes=%d statuses=%s\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout, summary.bytes,
    table.concat(parts, ",")))
  local tail = {}
  for _, p in ipairs({75, 90, 95, 98, 99, 99.5, 99.9}) do
    table.insert(tail, string.format("p%s=%.1fms", p, latency:percentile(p) / 1000))
  end
  io.write("PERCENTILES " .. table.concat(tail, " ") .. "\n")
end
