#!/usr/bin/env bash
# Builds missive-node and runs a development chain: Alice authors and finalizes
# 2-second blocks, state is thrown away on exit. JSON-RPC on ws://127.0.0.1:9944.
# Extra arguments go to the node, e.g. `scripts/dev.sh --rpc-cors all`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/setup.sh"
cd "$ROOT"
step "build missive-node"
# The same build as scripts/test.sh (tests' feature set), so the two share one cache.
cargo test --locked --workspace --no-run
step "run: $NODE_BIN --dev $*"
exec "$NODE_BIN" --dev --tmp "$@"
