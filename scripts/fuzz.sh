#!/usr/bin/env bash
# Fuzzes the runtime and our parsers with cargo-fuzz (libFuzzer, nightly toolchain).
#
#   scripts/fuzz.sh [--dev] [SECONDS] [TARGET...]
#
# Runs each target (default: all of `fuzz/`) for SECONDS (default 30) and fails on the
# first crash, whose input is left in fuzz/artifacts/TARGET/. Corpora live outside
# the clone (MISSIVE_FUZZ_CORPUS, default ~/.cache/missive-fuzz-corpus), so every run
# on a machine starts from what earlier runs found.
#
# Built in release with debug assertions and overflow checks (those are findings
# too), without a sanitizer: the code is safe Rust, and ASan would halve throughput.
# `--dev` builds fuzz/'s dev profile instead (opt-level 1, the same checks): a cheaper
# build for short runs such as the test command's; campaigns keep the release build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
profile=()
if [[ "${1:-}" == "--dev" ]]; then
	profile=(--dev)
	shift
fi
seconds="${1:-30}"
shift || true
export CARGO_TARGET_DIR="${MISSIVE_FUZZ_TARGET_DIR:-$HOME/.cache/missive-fuzz-target}"
corpora="${MISSIVE_FUZZ_CORPUS:-$HOME/.cache/missive-fuzz-corpus}"
# The runtime is fuzzed natively; its wasm is not needed.
export SKIP_WASM_BUILD=1
# Built as cargo-fuzz builds, without the workspace's clippy wrapper (.cargo/config.toml):
# an empty value turns it off.
export RUSTC_WORKSPACE_WRAPPER=""
flags=(--sanitizer none --debug-assertions "${profile[@]}")

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
	echo "fuzzing needs the nightly toolchain (rustup toolchain list)" >&2
	exit 1
fi
# Built without optimizations: the tool only drives cargo, and compiles sooner.
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --debug

cd "$ROOT/fuzz"
if (($# > 0)); then targets=("$@"); else mapfile -t targets < <(cargo +nightly fuzz list); fi
step "fuzz: build ${targets[*]}"
cargo +nightly fuzz build "${flags[@]}"
for target in "${targets[@]}"; do
	step "fuzz: $target for ${seconds} s"
	mkdir -p "$corpora/$target"
	seeds=()
	[[ -d "seeds/$target" ]] && seeds=("seeds/$target")
	# libFuzzer's per-input progress lines are dropped; its stats and any crash are kept.
	set +o pipefail
	cargo +nightly fuzz run "${flags[@]}" "$target" "$corpora/$target" "${seeds[@]}" -- \
		-max_total_time="$seconds" -rss_limit_mb=4096 -timeout=60 -print_final_stats=1 2>&1 |
		grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse|RELOAD)|NEW_FUNC|^WARNING: Failed to find function'
	status="${PIPESTATUS[0]}"
	set -o pipefail
	if ((status != 0)); then
		echo "fuzz: $target failed (exit $status); the input is in fuzz/artifacts/$target/" >&2
		exit 1
	fi
done
