#!/usr/bin/env bash
# Installs what building and testing Missive needs on a fresh Debian machine with
# rustup: protoc (litep2p's build script), mold (the linker), ccache (build scripts' C
# and C++), clang and libclang-dev (RocksDB's bindings, for polkadot-omni-node), python3
# (scripts/test.sh reads cargo's JSON with it), the wasm targets and rustup components,
# and Node.js/npm for the polkadot.js checks. Safe to run again: it skips what is there.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_apt=()
command -v protoc >/dev/null || need_apt+=(protobuf-compiler)
# .cargo/config.toml links native code with mold.
command -v mold >/dev/null || need_apt+=(mold)
# Build scripts' C and C++ through ccache (scripts/lib.sh).
command -v ccache >/dev/null || need_apt+=(ccache)
command -v cc >/dev/null || need_apt+=(build-essential)
command -v git >/dev/null || need_apt+=(git)
command -v curl >/dev/null || need_apt+=(curl)
command -v python3 >/dev/null || need_apt+=(python3)
# polkadot-omni-node's RocksDB bindings (scripts/omni-node.sh).
command -v clang >/dev/null || need_apt+=(clang)
dpkg -s libclang-dev >/dev/null 2>&1 || need_apt+=(libclang-dev)
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
((${#need_apt[@]})) && apt_install "${need_apt[@]}"

command -v rustup >/dev/null || {
	echo "rustup is required: see https://rustup.rs" >&2
	exit 1
}
cd "$ROOT"
# rust-toolchain.toml names the targets and components; make sure they are installed.
installed_targets=$(rustup target list --installed)
for target in wasm32-unknown-unknown wasm32v1-none; do
	grep -qx "$target" <<<"$installed_targets" || rustup target add "$target"
done
installed_components=$(rustup component list --installed)
for component in rust-src clippy rustfmt; do
	grep -q "^$component" <<<"$installed_components" || rustup component add "$component"
done
mkdir -p "$CARGO_TARGET_DIR"
