# Shared by the project's scripts: one cargo target directory outside the clone, so
# every clone on a machine (CI's fresh ones included) reuses one build.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/missive-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
NODE_BIN="$CARGO_TARGET_DIR/debug/missive-node"
export NODE_BIN
# C and C++ compiled by build scripts go through ccache (scripts/setup.sh installs it;
# set before it runs, so the first build on a new machine fills the cache): the fuzz
# build, whose nightly compiler shares no artifacts with the stable builds, then takes
# binaryen's C++ and the other C libraries from it instead of compiling them again.
# Build scripts do not track PATH, so this never makes cargo rebuild anything.
[[ ":$PATH:" == *":/usr/lib/ccache:"* ]] || export PATH="/usr/lib/ccache:$PATH"

step() { printf '\n==> %s\n' "$*"; }

# Installs Debian packages, through sudo unless root.
apt_install() {
	step "apt: $*"
	local sudo=""
	[[ $(id -u) -ne 0 ]] && sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}
