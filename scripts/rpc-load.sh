#!/usr/bin/env bash
# How many `did_resolve` calls one node answers, against `system_health` (no state, no
# runtime call) on the same node as the ceiling. Starts a single-validator chain on
# loopback, creates a DID with a messenger's usual document (e2e/did-for-load.mjs), then
# loads the RPC with wrk: CONNECTIONS (default 32) connections over 2 threads, a 5 s
# warm-up and SECONDS of measurement per method. Prints one JSON line per method.
#
# Usage: scripts/rpc-load.sh [SECONDS]   (default 30)
# The node is RPC_LOAD_NODE, by default the optimized build (scripts/benchmark.sh builds
# it). The chain runs the production runtime: the chain spec comes from the test
# command's node, whose runtime is built without `runtime-benchmarks`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/setup.sh" >/dev/null
command -v wrk >/dev/null || apt_install wrk
cd "$ROOT"

seconds="${1:-30}"
connections="${CONNECTIONS:-32}"
node_bin="${RPC_LOAD_NODE:-$CARGO_TARGET_DIR/release/missive-node}"
spec_node="$NODE_BIN"
for binary in "$node_bin" "$spec_node"; do
	[[ -x "$binary" ]] || {
		echo "$binary is missing: scripts/benchmark.sh builds the optimized node, scripts/test.sh the other" >&2
		exit 1
	}
done
(cd e2e && npm ci --silent --no-audit --no-fund)

work="$(mktemp -d)"
node_pid=""
cleanup() {
	if [[ -n "$node_pid" ]]; then
		kill "$node_pid" 2>/dev/null || true
		wait "$node_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

step "chain spec with the production runtime ($spec_node)"
"$spec_node" build-spec --chain dev --raw >"$work/spec.json" 2>"$work/spec.log" || {
	cat "$work/spec.log" >&2
	exit 1
}

rpc_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
step "node: $node_bin (RPC on $rpc_port)"
"$node_bin" --chain "$work/spec.json" --alice --validator --force-authoring \
	--unsafe-force-node-key-generation \
	--base-path "$work/node" --no-telemetry --no-prometheus --no-mdns --port 0 \
	--rpc-port "$rpc_port" --rpc-max-connections 1000 >"$work/node.log" 2>&1 &
node_pid=$!
producing() {
	curl -sf -H 'Content-Type: application/json' \
		-d '{"jsonrpc":"2.0","id":1,"method":"chain_getHeader"}' \
		"http://127.0.0.1:$rpc_port" | grep -q '"number":"0x[1-9a-f]'
}
for _ in $(seq 120); do
	producing && break
	kill -0 "$node_pid" 2>/dev/null || break
	sleep 1
done
producing || {
	echo "the node produced no block in 120 s; its log:" >&2
	tail -20 "$work/node.log" >&2
	exit 1
}

step "a DID to resolve"
did=$(cd e2e && node did-for-load.mjs "ws://127.0.0.1:$rpc_port")
echo "$did"

load() {
	local name="$1" body="$2" expect="$3"
	BODY="$body" EXPECT="$expect" wrk -t2 -c"$connections" -d5s --timeout 5s \
		-s scripts/wrk-jsonrpc.lua "http://127.0.0.1:$rpc_port" >/dev/null
	local result
	result=$(BODY="$body" EXPECT="$expect" wrk -t2 -c"$connections" -d"${seconds}s" --timeout 5s \
		-s scripts/wrk-jsonrpc.lua "http://127.0.0.1:$rpc_port" | tail -1)
	printf '{"method":"%s","connections":%d,%s\n' "$name" "$connections" "${result#\{}"
}

step "load: $seconds s per method, $connections connections"
load system_health '{"jsonrpc":"2.0","id":1,"method":"system_health"}' '"isSyncing"'
load did_resolve "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"did_resolve\",\"params\":[\"$did\"]}" \
	'"verificationMethod"'
