#!/usr/bin/env bash
# Runs every test of the project: formatting, lints, the runtime and pallet unit
# tests, the node as real processes (dev chain, restart, two validators, DIDs,
# consent, envelopes, four validators with faults, a live runtime upgrade), the local
# network script, the container image (podman), the fuzz targets (briefly), and the
# polkadot.js checks against a dev node and against the parachain runtime under
# polkadot-omni-node.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# The pallets whose benchmarks run as tests (and are linted with that feature).
BENCHMARKED=(-p pallet-did -p pallet-consent -p pallet-policy -p pallet-envelope)
"$ROOT/scripts/setup.sh"
cd "$ROOT"

step "format"
cargo fmt --all --check
cargo fmt --manifest-path fuzz/Cargo.toml --check

step "build: missive-node, its wasm runtime and every test"
cargo test --locked --workspace --no-run

step "clippy"
# The wasm runtime is built above; lints need only the native code.
SKIP_WASM_BUILD=1 cargo clippy --locked --workspace --all-targets -- -D warnings
cargo clippy --locked "${BENCHMARKED[@]}" --features runtime-benchmarks --all-targets -- -D warnings

step "try-runtime: the runtime compiles with every pallet's try_state and migration checks"
SKIP_WASM_BUILD=1 cargo check --locked -p missive-runtime --features try-runtime

step "cargo test"
cargo test --locked --workspace

step "pallet benchmarks, run as tests"
# Only the pallets' own graph is built with runtime-benchmarks; the node is not.
cargo test --locked "${BENCHMARKED[@]}" --features runtime-benchmarks

step "runtime upgrade: four validators, sudo(system.set_code) to spec_version + 1"
MISSIVE_UPGRADE_WASM="$(scripts/upgrade-wasm.sh)"
export MISSIVE_UPGRADE_WASM
# `--workspace` keeps the build's feature set, so nothing is rebuilt for this run.
cargo test --locked --workspace --test process -- --ignored --exact \
	upgrade::runtime_upgrade_on_a_live_network

step "local network: four validators started, finalizing, and stopped by the script"
network="$(mktemp -d)"
export MISSIVE_NETWORK_DIR="$network"
trap 'scripts/local-network.sh stop >/dev/null 2>&1 || true; rm -rf "$network"' EXIT
scripts/local-network.sh start 4
for _ in $(seq 120); do
	if scripts/local-network.sh status >"$network/status" 2>&1 &&
		! grep -q 'finalized #0$' "$network/status"; then
		break
	fi
	sleep 2
done
cat "$network/status"
grep -q 'finalized #[1-9]' "$network/status" && ! grep -q 'finalized #0$' "$network/status"
scripts/local-network.sh stop
for pidfile in "$network"/*/pid; do [[ ! -e "$pidfile" ]]; done
unset MISSIVE_NETWORK_DIR

step "container image: node injected, a dev node in it, compose's four validators (podman)"
scripts/docker-check.sh

step "fuzzing: the runtime and every parser, ${MISSIVE_FUZZ_SECONDS:-30} s each"
scripts/fuzz.sh "${MISSIVE_FUZZ_SECONDS:-30}"

step "polkadot-omni-node (built once per machine) and the parachain's chain spec, para id 2042"
MISSIVE_OMNI_NODE="$(scripts/omni-node.sh)"
MISSIVE_PARA_SPEC="$(mktemp --suffix=.json)"
scripts/parachain.sh spec development 2042 >"$MISSIVE_PARA_SPEC"
export MISSIVE_OMNI_NODE MISSIVE_PARA_SPEC MISSIVE_PARA_ID=2042

step "polkadot.js against a dev node, and against the parachain under omni-node"
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)
(cd e2e && MISSIVE_NODE="$NODE_BIN" MISSIVE_CLI="$CARGO_TARGET_DIR/debug/missive" npm test)
rm -f "$MISSIVE_PARA_SPEC"
