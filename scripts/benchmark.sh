#!/usr/bin/env bash
# Regenerates the runtime's weights from an optimized build, the figures a validator's
# machine would produce: `scripts/benchmark.sh [what …]` (default: everything).
#
#   did consent policy envelope  Missive's pallets → pallets/<name>/src/weights.rs
#   frame_system pallet_balances … the upstream pallets the runtimes use
#                                  → runtimes/common/src/weights/<name>.rs
#   overhead                     an empty block and a no-op extrinsic
#                                  → runtimes/solochain/src/weights/{block,extrinsic}_weights.rs
#
# Builds missive-node with `runtime-benchmarks` in the release profile (once per
# machine into the shared target dir; later runs rebuild what changed). STEPS and
# REPEAT may be set in the environment.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/setup.sh"
cd "$ROOT"

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
MISSIVE_PALLETS=(did consent policy envelope)
UPSTREAM_PALLETS=(
	frame_system
	frame_system_extensions
	pallet_balances
	pallet_transaction_payment
	pallet_timestamp
	pallet_sudo
	pallet_utility
)
wanted=("$@")
((${#wanted[@]})) || wanted=("${MISSIVE_PALLETS[@]}" "${UPSTREAM_PALLETS[@]}" overhead)
known=" ${MISSIVE_PALLETS[*]} ${UPSTREAM_PALLETS[*]} overhead "
for what in "${wanted[@]}"; do
	[[ "$known" == *" $what "* ]] || {
		echo "unknown: $what (one of:$known)" >&2
		exit 2
	}
done

step "build missive-node --release --features runtime-benchmarks"
cargo build --locked --release -p missive-node --features runtime-benchmarks
BENCH_NODE="$CARGO_TARGET_DIR/release/missive-node"
WASM="$CARGO_TARGET_DIR/release/wbuild/missive-runtime/missive_runtime.wasm"

benchmark_pallet() {
	local pallet="$1" output="$2"
	shift 2
	step "benchmark $pallet → $output"
	"$BENCH_NODE" benchmark pallet \
		--runtime "$WASM" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--output "$output" \
		"$@"
}

mkdir -p runtimes/common/src/weights runtimes/solochain/src/weights
for what in "${wanted[@]}"; do
	case "$what" in
	did | consent | policy | envelope)
		benchmark_pallet "pallet_$what" "pallets/$what/src/weights.rs" \
			--template scripts/frame-weight-template.hbs
		;;
	overhead)
		step "benchmark overhead → runtimes/solochain/src/weights"
		# --dev: a temporary database on the development chain.
		"$BENCH_NODE" benchmark overhead --dev --weight-path runtimes/solochain/src/weights
		;;
	*)
		benchmark_pallet "$what" "runtimes/common/src/weights/$what.rs"
		;;
	esac
done
