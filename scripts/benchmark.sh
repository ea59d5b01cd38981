#!/usr/bin/env bash
# Builds missive-node with the `runtime-benchmarks` feature and regenerates the
# weights of Missive's pallets: `scripts/benchmark.sh [pallet …]` (default: all).
# STEPS and REPEAT may be set in the environment.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/setup.sh"
cd "$ROOT"

STEPS="${STEPS:-20}"
REPEAT="${REPEAT:-10}"
pallets=("$@")
((${#pallets[@]})) || pallets=(did consent policy envelope)

step "build missive-node --features runtime-benchmarks"
cargo build --locked -p missive-node --features runtime-benchmarks
WASM="$CARGO_TARGET_DIR/debug/wbuild/missive-runtime/missive_runtime.wasm"

for pallet in "${pallets[@]}"; do
	step "benchmark pallet_$pallet"
	"$NODE_BIN" benchmark pallet \
		--runtime "$WASM" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet "pallet_$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--template scripts/frame-weight-template.hbs \
		--output "pallets/$pallet/src/weights.rs"
done
