#!/usr/bin/env bash
# Builds the runtime one `spec_version` later (feature `upgrade-test`, with
# `try-runtime` so its migrations and every pallet's try_state can be run against a
# live chain's state) and prints the path of its wasm: what the runtime
# upgrade test hands to `sudo(system.set_code)`.
#
# It builds runtime/upgrade-wasm (a package outside the workspace) in the shared
# target directory: only the wasm is compiled, reusing the wasm crates the
# workspace's runtime build compiled, and it is written beside the node's
# (`missive_runtime_upgrade.wasm`) without replacing it. Run it after a workspace
# build, never beside one: both build the runtime's wasm project.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
cargo build --locked -q --manifest-path runtime/upgrade-wasm/Cargo.toml >&2
wasm="$CARGO_TARGET_DIR/debug/wbuild/missive-runtime/missive_runtime_upgrade.wasm"
[[ -s "$wasm" ]] || { echo "no wasm at $wasm" >&2; exit 1; }
echo "$wasm"
