-- What every scenario shares: each wrk thread numbered (`tid`, for distinct residents and keys; `threads` keeps
-- them for `done`), and the one RESULT line scripts/bench/http-load reads.
threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.1f rate=%.0f p50=%.2f p90=%.2f p99=%.2f max=%.2f non2xx=%d socketErrors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
