# Shared by the project's scripts: one cargo target directory outside the clone, so
# every clone on a machine (CI's fresh ones included) reuses one build.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/missive-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
NODE_BIN="$CARGO_TARGET_DIR/debug/missive-node"
export NODE_BIN

step() { printf '\n==> %s\n' "$*"; }

# Installs Debian packages, through sudo unless root.
apt_install() {
	step "apt: $*"
	local sudo=""
	[[ $(id -u) -ne 0 ]] && sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}
