#!/usr/bin/env bash
# Builds the runtime one `spec_version` later (feature `upgrade-test`, with
# `try-runtime` so its migrations and every pallet's try_state can be run against a
# live chain's state) and prints the path of its wasm: what the runtime
# upgrade test hands to `sudo(system.set_code)`.
#
# runtimes/upgrade-wasm's build script builds it when MISSIVE_BUILD_UPGRADE_WASM=1: only
# the wasm, in the shared target directory, reusing the wasm crates the workspace's
# runtime build compiled, and written beside the node's wasm
# (`missive_runtime_upgrade.wasm`) without replacing it. The workspace is built first,
# with the test build's command (its feature set, so nothing else is rebuilt), so that
# the runtime's own build script, which uses the same wasm project, is done before.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
cargo test --locked -q --workspace --no-run >&2
MISSIVE_BUILD_UPGRADE_WASM=1 cargo test --locked -q --workspace --no-run >&2
wasm="$CARGO_TARGET_DIR/debug/wbuild/missive-runtime/missive_runtime_upgrade.wasm"
[[ -s "$wasm" ]] || { echo "no wasm at $wasm" >&2; exit 1; }
echo "$wasm"
