-- wrk script: POST one feedback per request through the partner API and report p95.
--   wrk -t2 -c16 -d20s -s deploy/loadtest/intake.lua http://127.0.0.1:5080/api/v1/submissions
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = os.getenv("FP_API_KEY") or "demo-partner-key"
wrk.body = [[{"kind":"feedback","title":"Cổng dịch vụ công chuyển đổi số bị gián đoạn","content":"Hệ thống dịch vụ công trực tuyến về chuyển đổi số thường xuyên bị gián đoạn vào giờ cao điểm.","field":"the-che-chinh-sach","submitter":{"name":"Nguyễn Văn An","email":"an.nguyen@example.vn"},"consent":true,"allowPublish":true}]]

local statuses = {}

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("requests=%d seconds=%.1f rps=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
