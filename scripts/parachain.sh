#!/usr/bin/env bash
# The Missive runtime as a parachain, under polkadot-omni-node.
#
#   scripts/parachain.sh spec [PRESET] [PARA_ID] [RELAY_CHAIN]
#       Builds the parachain runtime and writes its chain spec (JSON) to stdout:
#       PRESET `development` (Alice collates; default) or `local_testnet` (Alice and
#       Bob), PARA_ID 2000 by default, RELAY_CHAIN `westend-local` by default.
#   scripts/parachain.sh dev [OMNI-NODE ARGS…]
#       Runs it as a dev chain: omni-node seals and finalizes a block every second
#       without a relay chain; state is thrown away on exit. JSON-RPC on
#       ws://127.0.0.1:9944, the statement store enabled.
#
# polkadot-omni-node is built once per machine by scripts/omni-node.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

# The wasm of the parachain runtime. Built by the same command as scripts/test.sh's
# (the workspace's feature set), so that nothing is built twice.
para_wasm() {
	cargo test --locked -q --workspace --no-run >&2
	local wasm="$CARGO_TARGET_DIR/debug/wbuild/missive-parachain-runtime/missive_parachain_runtime.wasm"
	[[ -s "$wasm" ]] || { echo "no wasm at $wasm" >&2; exit 1; }
	echo "$wasm"
}

# Writes the chain spec of PRESET (with PARA_ID) to stdout.
spec() {
	local preset="${1:-development}" para_id="${2:-2000}" relay="${3:-westend-local}"
	local omni wasm out
	omni="$("$ROOT/scripts/omni-node.sh")"
	wasm="$(para_wasm)"
	out="$(mktemp -d)"
	# The preset's name carries the para id (`development-2042`): the runtime writes it
	# into genesis, and `--para-id` puts the same id in the spec's extension.
	"$omni" chain-spec-builder -c "$out/spec.json" create --relay-chain "$relay" \
		--para-id "$para_id" -r "$wasm" named-preset "$preset-$para_id" >&2
	cat "$out/spec.json"
	rm -rf "$out"
}

case "${1:-}" in
spec)
	shift
	spec "$@"
	;;
dev)
	shift
	"$ROOT/scripts/setup.sh"
	omni="$("$ROOT/scripts/omni-node.sh")"
	chain="$(mktemp --suffix=.json)"
	trap 'rm -f "$chain"' EXIT
	spec development >"$chain"
	step "run: $omni --chain $chain --dev-block-time 1000 $*"
	"$omni" --chain "$chain" --dev-block-time 1000 --tmp --enable-statement-store "$@"
	;;
*)
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
	exit 2
	;;
esac
