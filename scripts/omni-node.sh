#!/usr/bin/env bash
# Builds polkadot-omni-node (stable2609, from crates.io) once per machine and prints
# the path of the binary, in ~/.cache/missive-tools/bin (or $MISSIVE_TOOLS/bin).
#
# It is built from scripts/omni-node/ (a package outside the workspace) in the shared
# target directory, reusing what the Missive node already compiled. It brings
# RocksDB (a C++ build: clang and libclang-dev, which scripts/setup.sh installs) and
# the crates above it that the workspace does not have (docs/building.md has the
# time); nothing after that. A change to scripts/omni-node/ rebuilds it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tools="${MISSIVE_TOOLS:-$HOME/.cache/missive-tools}"
binary="$tools/bin/polkadot-omni-node"
stamp="$tools/polkadot-omni-node.stamp"
source_hash="$(cat "$ROOT"/scripts/omni-node/{Cargo.toml,Cargo.lock,src/main.rs} | sha256sum | cut -d' ' -f1)"
if [[ -x "$binary" && "$(cat "$stamp" 2>/dev/null)" == "$source_hash" ]]; then
	echo "$binary"
	exit 0
fi
# From the clone, so that .cargo/config.toml (the linker) applies as to every build.
cd "$ROOT"

step "build polkadot-omni-node (once per machine)" >&2
cargo build --locked --manifest-path "$ROOT/scripts/omni-node/Cargo.toml" \
	--bin polkadot-omni-node >&2
install -D -m 0755 "$CARGO_TARGET_DIR/debug/polkadot-omni-node" "$binary"
echo "$source_hash" >"$stamp"
echo "$binary"
