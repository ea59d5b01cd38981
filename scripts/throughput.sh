#!/usr/bin/env bash
# Messaging throughput and latency on two validators on loopback (Alice's node sends,
# Bob's node receives; each message stored while it is committed, gossiped, decrypted
# and verified, then checked against the best and the finalized chain): final messages
# per second and send → state latency p50/p99 for each state Bob's client shows
# (unconfirmed, committed, final), once with every message committed on its own and
# once with all of them in one batch commitment.
# Usage: scripts/throughput.sh [MESSAGES]  (default 200)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
messages="${1:-200}"

step "build: the node and the benchmark (the test command's build, reused)"
cargo test --locked --workspace --no-run >/dev/null 2>&1 || cargo test --locked --workspace --no-run
export MISSIVE_NODE="$NODE_BIN"

for mode in single batch; do
	step "$messages messages, $mode"
	"$CARGO_TARGET_DIR/debug/examples/throughput" "$messages" "$mode"
done
