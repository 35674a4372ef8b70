-- wrk hook for scripts/bench-lb.sh: prints the run's totals and latency percentiles as "report KEY VALUE"
-- lines, so the script reads numbers instead of wrk's rounded, unit-suffixed text.
-- Only done() is defined (and delay() when BENCH_PACE_MS is set): with no request()/response() hook wrk keeps
-- its fast path (a pre-built request, no per-response Lua call), so the hook costs nothing during the run.
-- Latencies are wrk's microseconds. wrk is closed-loop (no coordinated-omission correction): at
-- saturation, latency ~ connections / throughput.

-- bench-lb.sh --pace MS: every connection waits MS ms before each request, a fixed offered load below
-- every target's capacity, so latency measures the hop rather than queueing.
local pace_ms = tonumber(os.getenv("BENCH_PACE_MS") or "")
if pace_ms then
   delay = function()
      return pace_ms
   end
end

done = function(summary, latency, requests)
   local function out(key, value)
      io.write(string.format("report %s %s\n", key, tostring(value)))
   end
   out("requests", summary.requests)
   out("duration_us", summary.duration)
   out("bytes", summary.bytes)
   out("errors_connect", summary.errors.connect)
   out("errors_read", summary.errors.read)
   out("errors_write", summary.errors.write)
   out("errors_status", summary.errors.status)   -- responses with status > 399
   out("errors_timeout", summary.errors.timeout)
   out("latency_mean_us", string.format("%.1f", latency.mean))
   out("latency_stdev_us", string.format("%.1f", latency.stdev))
   out("latency_max_us", latency.max)
   for _, p in ipairs({ 50, 90, 99, 99.9 }) do
      out(string.format("latency_p%s_us", tostring(p)), latency:percentile(p))
   end
end
