-- wrk script for scripts/rpc-load.sh: POSTs the JSON-RPC request in $BODY, counts every
-- answer that is not HTTP 200 with $EXPECT in its body as bad, and prints one JSON line.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("BODY")
local expect = os.getenv("EXPECT")
local threads = {}

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	bad = 0
end

function response(status, headers, body)
	if status ~= 200 or not string.find(body, expect, 1, true) then
		bad = bad + 1
	end
end

function done(summary, latency, requests)
	local wrong = 0
	for _, thread in ipairs(threads) do
		wrong = wrong + thread:get("bad")
	end
	local errors = summary.errors
	io.write(string.format(
		'{"requests":%d,"seconds":%.3f,"per_second":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"bad_answers":%d,"socket_errors":%d}\n',
		summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
		latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
		latency.max / 1e3, wrong,
		errors.connect + errors.read + errors.write + errors.timeout))
end
