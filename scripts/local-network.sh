#!/usr/bin/env bash
# A local Missive network of real processes on loopback:
#
#   scripts/local-network.sh start [N]   # N nodes (default 4): the local_testnet_4
#                                        # validators alice, bob, charlie, dave, then
#                                        # full nodes node5, node6, …
#   scripts/local-network.sh status      # pid, RPC endpoint, peers, best and finalized;
#                                        # exits non-zero unless every node answers
#   scripts/local-network.sh stop        # ends exactly the processes `start` started
#
# Each node has its own base path and node key under $MISSIVE_NETWORK_DIR (default
# ~/.cache/missive-network); node i listens on p2p 30333+i, RPC 9944+i and Prometheus
# 9615+i (i from 0), and peers through alice as bootnode. The chain persists across
# stop/start; `rm -rf` the directory for a fresh one. Uses the binary the other scripts
# build (set MISSIVE_NODE to use another); builds it if it is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DIR="${MISSIVE_NETWORK_DIR:-$HOME/.cache/missive-network}"
BIN="${MISSIVE_NODE:-$NODE_BIN}"
VALIDATORS=(alice bob charlie dave)

name_of() { # index -> node name
	if (($1 < ${#VALIDATORS[@]})); then echo "${VALIDATORS[$1]}"; else echo "node$(($1 + 1))"; fi
}
node_key_of() { printf '%064x' "$(($1 + 1))"; }
rpc_port_of() { echo $((9944 + $1)); }

rpc() { # port method [params-json]
	curl -sf --max-time 5 -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":${3:-[]}}" \
		"http://127.0.0.1:$1"
}

number() { # header JSON on stdin -> its block number, in hex
	sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p'
}

running() { # pidfile -> 0 if its process is alive
	[[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

peer_id_of() { # node-key-file -> peer id
	"$BIN" key inspect-node-key --file "$1"
}

start() {
	local count="${1:-4}"
	((count >= 1)) || { echo "N must be at least 1" >&2; exit 2; }
	if [[ ! -x "$BIN" ]]; then
		"$ROOT/scripts/setup.sh"
		step "build missive-node"
		(cd "$ROOT" && cargo test --locked --workspace --no-run)
	fi
	mkdir -p "$DIR"
	local bootnode=""
	for ((i = 0; i < count; i++)); do
		local name; name="$(name_of "$i")"
		local home="$DIR/$name"
		mkdir -p "$home"
		if running "$home/pid"; then
			echo "$name is already running (pid $(cat "$home/pid"))" >&2
			exit 1
		fi
		node_key_of "$i" >"$home/node-key"
		local role=()
		if ((i < ${#VALIDATORS[@]})); then role=("--$name"); else role=("--name" "$name"); fi
		local args=(
			--chain local4 "${role[@]}"
			--base-path "$home/data" --node-key-file "$home/node-key"
			--port $((30333 + i)) --rpc-port "$(rpc_port_of "$i")" --prometheus-port $((9615 + i))
			--no-mdns --no-telemetry
		)
		[[ -n "$bootnode" ]] && args+=(--bootnodes "$bootnode")
		nohup "$BIN" "${args[@]}" >"$home/node.log" 2>&1 </dev/null &
		echo $! >"$home/pid"
		echo "$name: pid $!, ws://127.0.0.1:$(rpc_port_of "$i"), log $home/node.log"
		if [[ -z "$bootnode" ]]; then
			bootnode="/ip4/127.0.0.1/tcp/30333/p2p/$(peer_id_of "$home/node-key")"
		fi
	done
	echo "$count" >"$DIR/count"
}

stop() {
	local stopped=0
	for pidfile in "$DIR"/*/pid; do
		[[ -f "$pidfile" ]] || continue
		local name; name="$(basename "$(dirname "$pidfile")")"
		if running "$pidfile"; then
			local pid; pid="$(cat "$pidfile")"
			kill -INT "$pid"
			# A clean shutdown flushes the database; give it 30 s before SIGKILL.
			for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
			if kill -0 "$pid" 2>/dev/null; then
				kill -KILL "$pid"
				echo "$name: pid $pid killed (did not exit within 30 s of SIGINT)"
			else
				echo "$name: pid $pid stopped"
			fi
			stopped=$((stopped + 1))
		fi
		rm -f "$pidfile"
	done
	echo "$stopped node(s) stopped"
}

status() {
	local count; count="$(cat "$DIR/count" 2>/dev/null || echo 0)"
	local down=0
	for ((i = 0; i < count; i++)); do
		local name; name="$(name_of "$i")"
		local port; port="$(rpc_port_of "$i")"
		if ! running "$DIR/$name/pid"; then
			echo "$name: not running"
			down=$((down + 1))
			continue
		fi
		local health best finalized
		if ! health="$(rpc "$port" system_health)"; then
			echo "$name: pid $(cat "$DIR/$name/pid"), ws://127.0.0.1:$port, RPC not answering yet"
			down=$((down + 1))
			continue
		fi
		best="$(rpc "$port" chain_getHeader | number || true)"
		finalized="$(rpc "$port" chain_getFinalizedHead | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p' || true)"
		finalized="$(rpc "$port" chain_getHeader "[\"$finalized\"]" | number || true)"
		printf '%s: pid %s, ws://127.0.0.1:%s, peers %s, best #%d, finalized #%d\n' \
			"$name" "$(cat "$DIR/$name/pid")" "$port" \
			"$(sed -n 's/.*"peers":\([0-9]*\).*/\1/p' <<<"$health")" \
			"$((${best:-0}))" "$((${finalized:-0}))"
	done
	((down == 0))
}

case "${1:-}" in
	start) start "${2:-4}" ;;
	stop) stop ;;
	status) status ;;
	*) echo "usage: $0 start [N] | status | stop" >&2; exit 2 ;;
esac
