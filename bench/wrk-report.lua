-- wrk reporter for scrape-vs-pushgateway.sh: one machine-readable line per run.
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  local n = math.max(summary.requests, 1)
  io.write(string.format(
    "RESULT requests=%d mean_ms=%.3f stdev_ms=%.3f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%d bytes_per_req=%d\n",
    summary.requests, latency.mean / 1000, latency.stdev / 1000, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, errors, math.floor(summary.bytes / n)))
end
