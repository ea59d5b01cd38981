#!/usr/bin/env bash
# Runs every test of the project: formatting, lints, the runtime and pallet unit
# tests, the node as real processes (dev chain, restart, two validators, DIDs,
# consent, envelopes, four validators with faults, a live runtime upgrade), the local
# network script, the container image (podman), the fuzz targets (briefly), and the
# polkadot.js checks against a dev node and against the parachain runtime under
# polkadot-omni-node. Prints the wall time of each step and the total at the end.
#
# Steps that need cargo in the shared target directory run first. Then the
# polkadot-omni-node build (once per machine) starts in the background at the lowest
# CPU priority, and the tests run meanwhile in three lanes: the test binaries are
# started directly, not through cargo, so that they do not wait for cargo's lock on
# the target directory, and most of their time is spent waiting for blocks, which
# leaves the CPU to the build (docs/building.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# The pallets whose benchmarks run as tests (and are linted with that feature).
BENCHMARKED=(-p pallet-did -p pallet-consent -p pallet-policy -p pallet-envelope)
cd "$ROOT"
work="$(mktemp -d)"

# Step timing: `begin NAME` ends the running step and starts the next one.
RUN_START=$(date +%s)
STEP_NAMES=()
STEP_SECONDS=()
current=""
current_start=0
begin() {
	finish
	current="$1"
	current_start=$(date +%s)
	step "$1"
}
finish() {
	[[ -n "$current" ]] || return 0
	STEP_NAMES+=("$current")
	STEP_SECONDS+=($(($(date +%s) - current_start)))
	current=""
}
minutes() { printf '%d:%02d' $(($1 / 60)) $(($1 % 60)); }
report() {
	local status=$1 failed="$current" i
	finish
	printf '\n==> time of each step (min:s)\n'
	for i in "${!STEP_NAMES[@]}"; do
		printf '%8s  %s\n' "$(minutes "${STEP_SECONDS[$i]}")" "${STEP_NAMES[$i]}"
	done
	local times
	for times in tests beside; do
		[[ -s "$work/$times.times" ]] || continue
		while IFS=$'\t' read -r seconds name; do
			printf '%8s    %s\n' "$(minutes "$seconds")" "$name"
		done <"$work/$times.times"
	done
	[[ -n "${OMNI_SECONDS:-}" ]] &&
		printf '%8s  %s\n' "$(minutes "$OMNI_SECONDS")" "(polkadot-omni-node: its build or stamp check, in the background, start to end)"
	printf '%8s  total\n' "$(minutes $(($(date +%s) - RUN_START)))"
	((status == 0)) || printf 'FAILED in: %s\n' "$failed"
}
cleanup() {
	local status=$?
	report "$status"
	local pid
	for pid in "${omni_pid:-}" "${beside_pid:-}" "${client_pid:-}"; do
		[[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && { kill -- "-$pid" 2>/dev/null || true; }
	done
	if [[ -n "${client_pid:-}" && -s "$work/client.log" ]]; then
		echo "the client's chain tests, so far:"
		sed 's/^/  client | /' "$work/client.log" | tail -n 60
	fi
	if [[ -n "${beside_pid:-}" && -s "$work/beside.log" ]]; then
		echo "the checks beside the tests, so far:"
		sed 's/^/  beside | /' "$work/beside.log" | tail -n 60
	fi
	if [[ -n "${MISSIVE_NETWORK_DIR:-}" ]]; then
		scripts/local-network.sh stop >/dev/null 2>&1 || true
		rm -rf "$MISSIVE_NETWORK_DIR"
	fi
	rm -rf "$work"
	exit "$status"
}
trap cleanup EXIT

begin "setup: apt packages, rustup targets and components"
scripts/setup.sh

begin "format"
cargo fmt --all --check
for package in fuzz scripts/omni-node; do
	cargo fmt --manifest-path "$package/Cargo.toml" --check
done

begin "no test doubles in what users run"
# `missive_primitives::testing` (feature test-doubles) lets any account act as a DID:
# only the pallets' mock runtimes may have it, as a dev-dependency.
for package in missive-node missive-runtime missive-parachain-runtime missive-client; do
	# Captured first, so that a failing `cargo tree` fails the step instead of passing it.
	tree="$(cargo tree --locked -p "$package" -e normal,build -f '{p} {f}')"
	if grep -q 'test-doubles' <<<"$tree"; then
		echo "$package is built with missive-primitives' test doubles" >&2
		exit 1
	fi
done

# build_denying_warnings JSON CARGO_ARGS...: runs `cargo CARGO_ARGS` with JSON
# messages into JSON, prints every diagnostic, and fails on any warning in the
# workspace's code. Clippy lints the workspace's crates as they compile (cargo's
# workspace wrapper, .cargo/config.toml), so this is the lint check: a unit already
# built replays its diagnostics.
build_denying_warnings() {
	local json="$1" status=0
	shift
	cargo "$@" --message-format=json >"$json" || status=$?
	python3 - "$json" <<'EOF' || status=1
import json, sys
denied = 0
for line in open(sys.argv[1]):
    if not line.startswith("{"):
        continue
    m = json.loads(line)
    if m.get("reason") != "compiler-message":
        continue
    message = m["message"]
    sys.stderr.write(message.get("rendered") or message["message"] + "\n")
    # Registry and git dependencies have their lints capped; only path packages warn.
    if message["level"] in ("warning", "error") and m["package_id"].startswith("path+"):
        denied += 1
if denied:
    sys.exit(f"{denied} warnings or errors in the workspace's code (rustc and clippy); none is allowed")
EOF
	return "$status"
}

begin "build and lint: missive-node, its wasm runtimes and every test (clippy as the workspace's compiler wrapper)"
# The JSON lists every test binary, which the test steps below run.
build_denying_warnings "$work/build.json" test --locked --workspace --no-run

# The runtime with `try-runtime` (every pallet's try_state and the migrations' checks)
# is compiled twice below: for wasm here, and natively by the fuzz targets.
begin "build: the runtime one spec_version later (and with try-runtime), for the upgrade test"
MISSIVE_UPGRADE_WASM="$(scripts/upgrade-wasm.sh)"
export MISSIVE_UPGRADE_WASM

begin "pallet benchmarks, run as tests (built and linted with runtime-benchmarks)"
# Only the pallets' own graph is built with runtime-benchmarks; the node is not.
build_denying_warnings "$work/benchmarks.json" test --locked "${BENCHMARKED[@]}" --features runtime-benchmarks --no-run
cargo test --locked "${BENCHMARKED[@]}" --features runtime-benchmarks

begin "doc tests"
cargo test --locked --workspace --doc

begin "polkadot-omni-node: its build starts in the background (once per machine)"
# Lowest priority: the tests below keep the CPU whenever they need it. A process
# group of its own, so that a failing run stops the whole build.
set -m
nice -n 19 bash -c 'scripts/omni-node.sh; status=$?; date +%s >"$1"; exit "$status"' \
	omni-node "$work/omni-node.end" </dev/null >"$work/omni-node.path" 2>"$work/omni-node.log" &
omni_pid=$!
set +m
omni_start=$(date +%s)

# The checks that run beside the test binaries, each with nodes and ports of its own;
# like the tests, they spend most of their time waiting for blocks. Each one's time
# goes to $work/beside.times; the fuzzer, which keeps a core busy, runs at a lower
# priority than the tests.
beside_the_tests() {
	local network="$MISSIVE_NETWORK_DIR"
	lap_start=$(date +%s)
	step "local network: four validators started, finalizing, and stopped by the script"
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
	lap "local network: four validators, finalizing, stopped by the script"

	step "container image: node injected, a dev node in it, compose's four validators (podman)"
	scripts/docker-check.sh
	lap "container image: a dev node in it, compose's four validators (podman)"

	step "polkadot.js against a dev node"
	(cd e2e && MISSIVE_NODE="$NODE_BIN" MISSIVE_CLI="$CARGO_TARGET_DIR/debug/missive" \
		npm test -- dev-node.test.mjs messaging.test.mjs)
	lap "polkadot.js against a dev node"

	step "fuzzing: the runtime (natively, with try-runtime) and every parser"
	nice -n 10 scripts/fuzz.sh --dev "${MISSIVE_FUZZ_SECONDS:-30}"
	lap "fuzzing: the runtime (with try-runtime) and every parser, ${MISSIVE_FUZZ_SECONDS:-30} s each (dev build)"
}
# lap NAME: records the time since the previous lap under NAME.
lap() {
	local now
	now=$(date +%s)
	printf '%s\t%s\n' $((now - lap_start)) "beside the tests: $1" >>"$work/beside.times"
	lap_start=$now
}

begin "tests, in three lanes: every test binary, the runtime upgrade and the parachain under polkadot-omni-node; the client's chain tests; the local network, the container image, polkadot.js on a dev node and fuzzing"
# polkadot.js, from npm, for the dev node's checks and the parachain's (two lanes).
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)
MISSIVE_NETWORK_DIR="$(mktemp -d)"
export MISSIVE_NETWORK_DIR
set -m
beside_the_tests </dev/null >"$work/beside.log" 2>&1 &
beside_pid=$!
set +m

# As `cargo test --workspace` runs them (in its package's directory), without cargo.
python3 - "$work/build.json" >"$work/tests" <<'EOF'
import json, os, sys
for line in open(sys.argv[1]):
    if not line.startswith("{"):
        continue
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["profile"]["test"] and m.get("executable"):
        print(os.path.dirname(m["manifest_path"]), m["executable"], sep="\t")
EOF
[[ -s "$work/tests" ]] || { echo "the build listed no test binary" >&2; exit 1; }
# The client's chain tests (devnets of their own, mostly waiting for blocks) are a
# lane of their own; every other test binary runs in this one.
grep -P '/deps/(end_to_end|cli)-[0-9a-f]+$' "$work/tests" >"$work/tests.client" ||
	{ echo "the build listed no client chain test" >&2; exit 1; }
grep -vxFf "$work/tests.client" "$work/tests" >"$work/tests.main"
# run_tests LIST: each test binary of LIST, as `cargo test` runs it, and its time.
run_tests() {
	local dir exe start
	while IFS=$'\t' read -r dir exe; do
		printf '\n     Running %s\n' "${exe#"$CARGO_TARGET_DIR"/}"
		start=$(date +%s)
		# Not the list on stdin: a test (or a node it starts) must not read it away.
		(cd "$dir" && "$exe" </dev/null)
		printf '%s\t%s\n' $(($(date +%s) - start)) "test binary ${exe##*/}" >>"$work/tests.times"
	done <"$1"
}
set -m
run_tests "$work/tests.client" </dev/null >"$work/client.log" 2>&1 &
client_pid=$!
set +m
run_tests "$work/tests.main"

# timed NAME COMMAND...: runs COMMAND and records its time under NAME.
timed() {
	local name="$1" start
	shift
	start=$(date +%s)
	"$@"
	printf '%s\t%s\n' $(($(date +%s) - start)) "$name" >>"$work/tests.times"
}

step "runtime upgrade: four validators, sudo(system.set_code) to spec_version + 1"
process_tests="$(grep -m1 '/deps/process-' "$work/tests" | cut -f2)"
[[ -x "$process_tests" ]] || { echo "no process test binary in the build" >&2; exit 1; }
runtime_upgrade() { (cd node && "$process_tests" --ignored --exact upgrade::runtime_upgrade_on_a_live_network); }
timed "the runtime upgrade (four validators)" runtime_upgrade

# The parachain's checks follow in this lane, once polkadot-omni-node is built.
step "polkadot-omni-node: waiting for its build"
wait_for_omni_node() {
	local omni_status=0
	wait "$omni_pid" || omni_status=$?
	OMNI_SECONDS=$(($(cat "$work/omni-node.end" 2>/dev/null || date +%s) - omni_start))
	omni_pid=""
	if ((omni_status != 0)); then
		tail -n 40 "$work/omni-node.log" >&2
		echo "scripts/omni-node.sh failed (exit $omni_status)" >&2
		exit 1
	fi
}
timed "waiting for polkadot-omni-node's build" wait_for_omni_node
MISSIVE_OMNI_NODE="$(tail -n 1 "$work/omni-node.path")"
[[ -x "$MISSIVE_OMNI_NODE" ]] || { echo "scripts/omni-node.sh named no binary" >&2; exit 1; }

step "the parachain's chain spec, para id 2042"
MISSIVE_PARA_SPEC="$work/parachain-2042.json"
parachain_spec() { scripts/parachain.sh spec development 2042 >"$MISSIVE_PARA_SPEC"; }
timed "the parachain's chain spec, para id 2042" parachain_spec
export MISSIVE_OMNI_NODE MISSIVE_PARA_SPEC MISSIVE_PARA_ID=2042

step "polkadot.js and the client against the parachain under polkadot-omni-node"
parachain_tests() {
	(cd e2e && MISSIVE_NODE="$NODE_BIN" MISSIVE_CLI="$CARGO_TARGET_DIR/debug/missive" \
		npm test -- parachain.test.mjs)
}
timed "polkadot.js and the client against the parachain under polkadot-omni-node" parachain_tests

# wait_for_lane PID_VARIABLE LOG PREFIX WHAT: waits for a lane (and forgets its pid),
# prints its log, fails if it did.
wait_for_lane() {
	local -n lane_pid="$1"
	local status=0
	wait "$lane_pid" || status=$?
	lane_pid=""
	sed "s/^/  $3 | /" "$2"
	((status == 0)) || { echo "$4 failed (exit $status)" >&2; exit 1; }
}

step "waiting for the client's chain tests"
wait_for_lane client_pid "$work/client.log" client "a client chain test"

step "waiting for the checks beside the tests"
wait_for_lane beside_pid "$work/beside.log" beside "a check beside the tests"
rm -rf "$MISSIVE_NETWORK_DIR"
unset MISSIVE_NETWORK_DIR
finish
