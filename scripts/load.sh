#!/usr/bin/env bash
# Load on a Missive network on loopback (client/examples/load.rs): 16 senders × 16
# recipients, 12,800 messages in batches of 200 (10,240 in the measured steady state),
# on 2 nodes and then on 4, each beside the statement store alone between the same
# nodes. Writes one JSON report per network and a PNG (messages/s over time, latency
# distributions per state) into OUT_DIR, and prints the reports.
#
# Usage: scripts/load.sh [--debug] [OUT_DIR]
#   --debug    the test command's debug build instead of the release build
#   NODES      networks to run (default "2 4")
#   LOAD_ARGS  more arguments for the example (`--senders`, `--per-sender`, `--chunk`,
#              `--mode single`, …; see `load --help`)
#   DEADLINE   seconds each phase may take (default 900); each run stops by itself
#
# The release build is scripts/benchmark.sh's (missive-node with `runtime-benchmarks`,
# built once per machine); the chain runs the production runtime all the same: its chain
# spec comes from the test command's node, whose runtime is built without it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/setup.sh" >/dev/null
cd "$ROOT"

profile=release
if [[ "${1:-}" == "--debug" ]]; then
	profile=debug
	shift
fi
out="${1:-$CARGO_TARGET_DIR/load/$(date -u +%Y%m%dT%H%M%SZ)-$profile}"
mkdir -p "$out"
rm -f "$out"/nodes-*.json
deadline="${DEADLINE:-900}"

step "build: the test command's build (its node's chain spec has the production runtime)"
cargo test --locked --workspace --no-run >/dev/null 2>&1 || cargo test --locked --workspace --no-run
if [[ "$profile" == release ]]; then
	step "build: the release node and the load example"
	cargo build --locked --release -p missive-node --features runtime-benchmarks
	cargo build --locked --release -p missive-client --example load
else
	step "build: the load example (debug)"
	cargo build --locked -p missive-client --example load
fi
export MISSIVE_NODE="$CARGO_TARGET_DIR/$profile/missive-node"
load="$CARGO_TARGET_DIR/$profile/examples/load"

step "chain spec: local, production runtime"
"$NODE_BIN" build-spec --chain local --raw >"$out/local.json" 2>"$out/build-spec.log"
export MISSIVE_CHAIN_SPEC="$out/local.json"

for nodes in ${NODES:-2 4}; do
	step "load: $nodes nodes, $profile build"
	# shellcheck disable=SC2086 # LOAD_ARGS are words
	timeout $((2 * deadline + 300)) "$load" --nodes "$nodes" --deadline "$deadline" ${LOAD_ARGS:-} \
		>"$out/nodes-$nodes.json"
	cat "$out/nodes-$nodes.json"
done

step "plot → $out/load.png"
venv="$HOME/.cache/missive-venv"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import matplotlib' 2>/dev/null ||
	"$venv/bin/pip" install --quiet --disable-pip-version-check 'matplotlib==3.9.*'
"$venv/bin/python" scripts/plot-load.py "$out"/nodes-*.json --output "$out/load.png"
echo "$out"
