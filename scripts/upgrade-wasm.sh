#!/usr/bin/env bash
# Builds the runtime one `spec_version` later (feature `upgrade-test`, with
# `try-runtime` so its migrations and every pallet's try_state can be run against a
# live chain's state) and prints the path of its wasm: what the runtime
# upgrade test hands to `sudo(system.set_code)`.
#
# It has its own target directory: building the feature in the shared one would
# overwrite the wasm the node embeds. Only build scripts and the wasm are compiled;
# the native crates are type-checked.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
target="${MISSIVE_UPGRADE_TARGET_DIR:-$HOME/.cache/missive-target-upgrade}"
CARGO_TARGET_DIR="$target" cargo check --locked -q -p missive-runtime \
	--features upgrade-test,try-runtime >&2
wasm="$target/debug/wbuild/missive-runtime/missive_runtime.wasm"
[[ -s "$wasm" ]] || { echo "no wasm at $wasm" >&2; exit 1; }
echo "$wasm"
