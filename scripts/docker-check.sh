#!/usr/bin/env bash
# Checks the container image: builds docker/Dockerfile with the node binary injected
# ($MISSIVE_NODE, default the debug build scripts/test.sh makes), runs a dev chain in
# it and waits for a finalized block over JSON-RPC, for Prometheus metrics and for
# the image's health check; then runs docker/compose.yml's four validators (local4)
# with podman-compose and waits for them to peer and finalize. No image can be pulled
# here, so the base is Debian 12 made with debootstrap (cached in podman's store and
# as a tarball under $HOME/.cache/missive-docker), the engine is podman as root with
# runc and cgroupfs, and compose's Prometheus service (a pulled image) is not started.
# Installs podman, runc, debootstrap, curl, podman-compose and CNI's dnsname plugin
# with apt if missing. Prints the image's size and the time of each step.
#   MISSIVE_DOCKER_REFRESH=1  rebuild the base (e.g. for Debian's security updates)
#   DOCKER_CHECK_COMPOSE=0    skip the compose part
#   DOCKER_CHECK_PATIENCE=N   seconds to wait for finality, each part (default 300)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BINARY="${MISSIVE_NODE:-$NODE_BIN}"
IMAGE=localhost/missive-node:check
BASE=localhost/missive-base:bookworm
CACHE_DIR="$HOME/.cache/missive-docker"
BASE_TAR="$CACHE_DIR/missive-base-bookworm.tar"
CONTAINERS_CONF=/etc/containers/containers.conf
PATIENCE="${DOCKER_CHECK_PATIENCE:-300}"
# Measured on this machine: crun is absent, and podman finds no systemd to manage cgroups.
PODMAN=(podman --runtime runc --cgroup-manager cgroupfs)
CONTAINER="missive-docker-check-$$"
CONTEXT=""
COMPOSE="${DOCKER_CHECK_COMPOSE:-1}"
PROJECT="missive-check-$$"
PROJECT_DIR=""
NODES=(alice bob charlie dave)
declare -A NODE_RPC=()

die() {
	echo "docker-check: $*" >&2
	exit 1
}

TIMINGS=()
START_NS=$(date +%s%N)
# timed NAME CMD...: runs CMD and records how long it took.
timed() {
	local name=$1 t0 ms
	shift
	step "$name"
	t0=$(date +%s%N)
	"$@"
	ms=$((($(date +%s%N) - t0) / 1000000))
	TIMINGS+=("$(printf '%-44s %4d.%d s' "$name" $((ms / 1000)) $((ms % 1000 / 100)))")
}

# Podman schedules health checks with systemd timers; there is no systemd here, so it
# logs an error on each run and removal of a container with a health check. Drop those.
quiet_systemd() {
	"${PODMAN[@]}" "$@" 2> >(grep -v 'unable to get systemd connection' >&2)
}

cleanup() {
	if [[ -n $CONTAINER ]] && podman container exists "$CONTAINER" 2>/dev/null; then
		quiet_systemd rm --force --volumes --time 10 "$CONTAINER" >/dev/null || true
	fi
	if [[ -n $PROJECT_DIR ]]; then
		compose_remove
		rm -rf "$PROJECT_DIR"
	fi
	if [[ -n $CONTEXT ]]; then rm -rf "$CONTEXT"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ $(id -u) -eq 0 ]] || die "run as root: podman runs here as root (no rootless set-up)"
[[ -x $BINARY ]] || die "no node binary at $BINARY: build it first (scripts/test.sh does)"
mkdir -p "$CACHE_DIR"

# Files that no engine here can run: the runtime stage of Dockerfile.build must stay
# Dockerfile's, and the compose file's bootnode must be alice's node key's peer id.
static_checks() {
	local stage='/^# --- runtime stage/,$ { /^(COPY|ARG BINARY)/d; /^# --- runtime stage/d; p }'
	diff <(sed -En "$stage" "$ROOT/docker/Dockerfile") <(sed -En "$stage" "$ROOT/docker/Dockerfile.build") ||
		die "docker/Dockerfile.build's runtime stage differs from docker/Dockerfile's (above)"
	local compose="$ROOT/docker/compose.yml" keyfile peer n
	keyfile=$(mktemp)
	printf '0x%064x' 1 >"$keyfile"
	peer=$("$BINARY" key inspect-node-key --file "$keyfile")
	rm -f "$keyfile"
	n=$(grep -c -- "--bootnodes /dns/alice/tcp/30333/p2p/$peer\$" "$compose" || true)
	[[ $n -eq 3 ]] || die "compose.yml: bob, charlie and dave need --bootnodes /dns/alice/tcp/30333/p2p/$peer (found $n)"
	for n in 1 2 3 4; do
		grep -q -- "--node-key $(printf '0x%064x' "$n")\$" "$compose" || die "compose.yml: no node key $n"
	done
	for n in alice bob charlie dave; do
		grep -q -- "--chain local4 --$n\$" "$compose" || die "compose.yml: no '--chain local4 --$n'"
		grep -q "\"$n:9615\"" "$ROOT/docker/prometheus.yml" || die "prometheus.yml: no target $n:9615"
	done
	echo "Dockerfile.build's runtime stage = Dockerfile's; compose bootnode peer id $peer"
}

install_tools() {
	local need=() tool
	for tool in podman runc debootstrap curl; do
		command -v "$tool" >/dev/null || need+=("$tool")
	done
	if [[ $COMPOSE == 1 ]]; then
		command -v podman-compose >/dev/null || need+=(podman-compose)
		# Resolves service names (alice) on podman's CNI networks.
		[[ -x /usr/lib/cni/dnsname ]] || need+=(golang-github-containernetworking-plugin-dnsname)
	fi
	if ((${#need[@]} == 0)); then
		echo "all installed"
		return
	fi
	echo "apt: ${need[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

# Podman's default ulimits (nofile and nproc at 1048576) exceed this machine's hard
# limits, so runc cannot start a container; an empty list keeps the host's limits.
containers_conf() {
	local wanted='^[[:space:]]*default_ulimits[[:space:]]*=[[:space:]]*\[[[:space:]]*\]'
	if [[ ! -e $CONTAINERS_CONF ]]; then
		mkdir -p "$(dirname "$CONTAINERS_CONF")"
		printf '[containers]\ndefault_ulimits = []\n' >"$CONTAINERS_CONF"
		echo "wrote $CONTAINERS_CONF"
	elif grep -Eq "$wanted" "$CONTAINERS_CONF"; then
		echo "$CONTAINERS_CONF already has default_ulimits = []"
	elif grep -Eq '^[[:space:]]*default_ulimits' "$CONTAINERS_CONF"; then
		echo "$CONTAINERS_CONF sets default_ulimits otherwise: left as it is" \
			"(containers fail to start if it asks more than the host's hard limits)"
	elif grep -Eq '^[[:space:]]*\[containers\]' "$CONTAINERS_CONF"; then
		sed -i -E '0,/^[[:space:]]*\[containers\]/s//&\ndefault_ulimits = []/' "$CONTAINERS_CONF"
		echo "added default_ulimits = [] to [containers] in $CONTAINERS_CONF"
	else
		printf '\n[containers]\ndefault_ulimits = []\n' >>"$CONTAINERS_CONF"
		echo "appended [containers] default_ulimits = [] to $CONTAINERS_CONF"
	fi
}

# A Debian 12 minbase trimmed like debian:bookworm-slim (no docs, man pages, locales
# or apt lists) with the updates and security suites beside the main one.
make_base_tarball() {
	local dir
	dir=$(mktemp -d "$CACHE_DIR/debootstrap.XXXXXX")
	chmod 755 "$dir"
	debootstrap --variant=minbase bookworm "$dir" >"$CACHE_DIR/debootstrap.log" 2>&1 || {
		tail -20 "$CACHE_DIR/debootstrap.log" >&2
		die "debootstrap failed (log: $CACHE_DIR/debootstrap.log)"
	}
	local main
	main=$(grep -m1 '^deb .* bookworm main' "$dir/etc/apt/sources.list")
	{
		echo "${main/ bookworm main/ bookworm-updates main}"
		echo "${main/\/debian bookworm main/\/debian-security bookworm-security main}"
	} >>"$dir/etc/apt/sources.list"
	cat >"$dir/etc/dpkg/dpkg.cfg.d/slim" <<-'EOF'
		path-exclude /usr/share/doc/*
		path-include /usr/share/doc/*/copyright
		path-exclude /usr/share/man/*
		path-exclude /usr/share/info/*
		path-exclude /usr/share/locale/*
		path-include /usr/share/locale/locale.alias
	EOF
	cat >"$dir/etc/apt/apt.conf.d/slim" <<-'EOF'
		APT::Install-Recommends "false";
		Acquire::Languages "none";
	EOF
	# The suites' updates, as in a current debian:bookworm-slim.
	chroot "$dir" sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get upgrade -y -qq -o APT::Sandbox::User=root' >>"$CACHE_DIR/debootstrap.log" 2>&1 ||
		die "apt-get upgrade in the new base failed (log: $CACHE_DIR/debootstrap.log)"
	find "$dir/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
	rm -rf "$dir"/usr/share/{man,info}/* "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin \
		"$dir"/var/cache/apt/archives/*.deb "$dir"/var/log/*.log
	find "$dir/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
	tar --numeric-owner -C "$dir" -cf "$BASE_TAR.tmp" .
	mv "$BASE_TAR.tmp" "$BASE_TAR"
	rm -rf --one-file-system "$dir"
}

base_image() {
	if [[ ${MISSIVE_DOCKER_REFRESH:-0} == 1 ]]; then
		rm -f "$BASE_TAR"
		"${PODMAN[@]}" rmi --force "$BASE" >/dev/null 2>&1 || true
	fi
	if podman image exists "$BASE"; then
		echo "$BASE is cached"
		return
	fi
	if [[ ! -s $BASE_TAR ]]; then
		echo "debootstrap --variant=minbase bookworm"
		make_base_tarball
	fi
	"${PODMAN[@]}" import --quiet "$BASE_TAR" "$BASE" >/dev/null
	echo "imported $BASE from $BASE_TAR"
}

build_image() {
	local old new
	old=$(podman image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)
	# The context holds only the binary (hard-linked where possible: 160 MB debug build).
	CONTEXT=$(mktemp -d "$CACHE_DIR/context.XXXXXX")
	ln "$BINARY" "$CONTEXT/missive-node" 2>/dev/null || cp "$BINARY" "$CONTEXT/missive-node"
	# --format docker: the OCI format has no HEALTHCHECK.
	"${PODMAN[@]}" build --format docker --network host --pull=never \
		--build-arg BASE_IMAGE="$BASE" -f "$ROOT/docker/Dockerfile" -t "$IMAGE" "$CONTEXT"
	rm -rf "$CONTEXT"
	CONTEXT=""
	new=$(podman image inspect --format '{{.Id}}' "$IMAGE")
	# Drop the previous build's image (a new binary makes a new one each time).
	if [[ -n $old && $old != "$new" ]]; then
		"${PODMAN[@]}" rmi "$old" >/dev/null 2>&1 || true
	fi
}

# A loopback port nothing listens on and not in TAKEN_PORTS (the caller adds it there:
# this runs in a subshell).
TAKEN_PORTS=" "
free_port() {
	local port
	for _ in $(seq 100); do
		port=$((20000 + RANDOM % 40000))
		if [[ $TAKEN_PORTS != *" $port "* ]] && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return
		fi
	done
	die "no free port found"
}

rpc() {
	curl -fsS --max-time 5 -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$1\",\"params\":$2}" \
		"http://127.0.0.1:$RPC_PORT" 2>/dev/null || true
}

fail_with_logs() {
	echo "--- last lines of the container's log" >&2
	podman logs --tail 40 "$CONTAINER" >&2 || true
	die "$*"
}

# The number of the finalized head of the node on $RPC_PORT (0 if none or no answer).
finalized_number() {
	local hash number
	hash=$(rpc chain_getFinalizedHead '[]' | sed -nE 's/.*"result":"(0x[0-9a-f]+)".*/\1/p')
	[[ -n $hash ]] || {
		echo 0
		return
	}
	number=$(rpc chain_getHeader "[\"$hash\"]" | sed -nE 's/.*"number":"(0x[0-9a-f]+)".*/\1/p')
	echo $((${number:-0}))
}

run_container() {
	RPC_PORT=$(free_port)
	TAKEN_PORTS+="$RPC_PORT "
	P2P_PORT=$(free_port)
	TAKEN_PORTS+="$P2P_PORT "
	PROM_PORT=$(free_port)
	TAKEN_PORTS+="$PROM_PORT "
	echo "container $CONTAINER: RPC $RPC_PORT, p2p $P2P_PORT, Prometheus $PROM_PORT"
	quiet_systemd run --detach --name "$CONTAINER" --network host \
		--env HEALTHCHECK_RPC_PORT="$RPC_PORT" "$IMAGE" \
		--dev --base-path /data --rpc-external --rpc-port "$RPC_PORT" --port "$P2P_PORT" \
		--prometheus-external --prometheus-port "$PROM_PORT" --no-mdns --no-telemetry >/dev/null
}

wait_finalized() {
	local deadline=$((SECONDS + PATIENCE)) number
	while ((SECONDS < deadline)); do
		[[ $(podman inspect --format '{{.State.Running}}' "$CONTAINER") == true ]] ||
			fail_with_logs "the node exited"
		number=$(finalized_number)
		if ((number > 0)); then
			echo "finalized block #$number"
			return
		fi
		sleep 1
	done
	fail_with_logs "no finalized block within ${PATIENCE}s"
}

check_running_node() {
	local uid metrics health
	[[ $(rpc system_health '[]') == *'"result"'* ]] || fail_with_logs "system_health did not answer"
	metrics=$(curl -fsS --max-time 5 "http://127.0.0.1:$PROM_PORT/metrics" || true)
	grep -q '^substrate_block_height{status="finalized"' <<<"$metrics" ||
		fail_with_logs "no substrate_block_height on Prometheus port $PROM_PORT"
	uid=$(podman exec "$CONTAINER" id -u)
	[[ $uid != 0 ]] || fail_with_logs "the node runs as root in the container"
	podman exec "$CONTAINER" sh -c 'test -d /data/chains/*/paritydb' ||
		fail_with_logs "no database under /data/chains/"
	# With no systemd to run the image's health check every 30 s, run it once.
	"${PODMAN[@]}" healthcheck run "$CONTAINER" || fail_with_logs "the image's health check failed"
	health=$(podman inspect --format '{{.State.Health.Status}}' "$CONTAINER" 2>/dev/null || true)
	echo "system_health, Prometheus metrics, uid $uid, /data: ok; health: ${health:-healthy (exit 0)}"
}

stop_container() {
	quiet_systemd stop --time 20 "$CONTAINER" >/dev/null
	local code
	code=$(podman inspect --format '{{.State.ExitCode}}' "$CONTAINER")
	quiet_systemd rm --volumes "$CONTAINER" >/dev/null
	[[ $code == 0 ]] || die "the node exited with $code on SIGTERM"
	echo "stopped (exit 0) and removed"
}

# docker/compose.yml, run by podman-compose from a copy whose published RPC ports
# (9944..9947 on the host, which a test's node may hold) are free ones.
compose() {
	(cd "$PROJECT_DIR" && MISSIVE_IMAGE="$IMAGE" podman-compose \
		--podman-args="--runtime runc --cgroup-manager cgroupfs" -p "$PROJECT" "$@") \
		>>"$CACHE_DIR/compose.log" 2>&1
}

service_container() {
	podman ps --all --format '{{.Names}}' --filter "label=io.podman.compose.project=$PROJECT" \
		--filter "label=com.docker.compose.service=$1"
}

# Removes the project's containers, volumes and network, whatever state they are in.
compose_remove() {
	local ids
	mapfile -t ids < <(podman ps --all --quiet --filter "label=io.podman.compose.project=$PROJECT")
	((${#ids[@]} == 0)) || quiet_systemd rm --force --volumes --time 10 "${ids[@]}" >/dev/null || true
	mapfile -t ids < <(podman volume ls --quiet --filter "label=io.podman.compose.project=$PROJECT")
	((${#ids[@]} == 0)) || podman volume rm --force "${ids[@]}" >/dev/null || true
	if podman network exists "${PROJECT}_default"; then
		podman network rm --force "${PROJECT}_default" >/dev/null || true
	fi
}

compose_fail() {
	local node
	for node in "${NODES[@]}"; do
		echo "--- $node: last lines of the log" >&2
		podman logs --tail 15 "$(service_container "$node")" >&2 || true
	done
	echo "--- podman-compose: $CACHE_DIR/compose.log" >&2
	die "$*"
}

compose_up() {
	local i
	PROJECT_DIR=$(mktemp -d "$CACHE_DIR/compose.XXXXXX")
	cp "$ROOT/docker/compose.yml" "$ROOT/docker/prometheus.yml" "$PROJECT_DIR/"
	for i in "${!NODES[@]}"; do
		NODE_RPC[${NODES[i]}]=$(free_port)
		TAKEN_PORTS+="${NODE_RPC[${NODES[i]}]} "
		sed -i "s/127.0.0.1:$((9944 + i)):9944/127.0.0.1:${NODE_RPC[${NODES[i]}]}:9944/" \
			"$PROJECT_DIR/compose.yml"
		grep -q "127.0.0.1:${NODE_RPC[${NODES[i]}]}:9944" "$PROJECT_DIR/compose.yml" ||
			die "compose.yml: ${NODES[i]} does not publish 127.0.0.1:$((9944 + i)):9944"
	done
	: >"$CACHE_DIR/compose.log"
	echo "project $PROJECT: ${NODES[*]} (RPC on ${NODE_RPC[*]}), without prometheus"
	compose up -d "${NODES[@]}" || compose_fail "podman-compose up failed"
}

compose_wait() {
	local deadline=$((SECONDS + PATIENCE)) node peers number ready summary
	while ((SECONDS < deadline)); do
		ready=0 summary=""
		for node in "${NODES[@]}"; do
			[[ $(podman inspect --format '{{.State.Running}}' "$(service_container "$node")") == true ]] ||
				compose_fail "$node exited"
			RPC_PORT=${NODE_RPC[$node]}
			peers=$(rpc system_health '[]' | sed -nE 's/.*"peers":([0-9]+).*/\1/p')
			number=$(finalized_number)
			summary+="$node: ${peers:-?} peers, finalized #$number; "
			if ((${peers:-0} >= 3 && number > 0)); then ready=$((ready + 1)); fi
		done
		if ((ready == ${#NODES[@]})); then
			echo "${summary%; }"
			return
		fi
		sleep 2
	done
	compose_fail "not all four peered and finalized within ${PATIENCE}s: ${summary%; }"
}

# What prometheus.yml scrapes (service:9615 on the compose network), and each health check.
compose_checks() {
	local node alice metrics
	alice=$(service_container alice)
	for node in "${NODES[@]}"; do
		# Not piped into grep -q: curl would die of SIGPIPE and fail the pipeline.
		metrics=$(podman exec "$alice" curl -fsS --max-time 5 "http://$node:9615/metrics" || true)
		grep -q '^substrate_block_height{status="finalized"' <<<"$metrics" ||
			compose_fail "no metrics at $node:9615 from alice's container"
		"${PODMAN[@]}" healthcheck run "$(service_container "$node")" >/dev/null ||
			compose_fail "$node's health check failed"
	done
	echo "metrics at ${NODES[*]/%/:9615} and health checks: ok"
}

compose_down() {
	compose down -v || compose_fail "podman-compose down failed"
	compose_remove # podman-compose 1.0 leaves the network
	rm -rf "$PROJECT_DIR"
	PROJECT_DIR=""
	echo "down; containers, volumes and network removed"
}

timed "static checks of docker/" static_checks
timed "tools (apt, if missing)" install_tools
timed "containers.conf" containers_conf
timed "base image $BASE" base_image
timed "build $IMAGE" build_image
timed "run a dev node in a container" run_container
timed "wait for a finalized block" wait_finalized
timed "RPC, metrics, uid, volume, health" check_running_node
timed "stop and remove the container" stop_container
if [[ $COMPOSE == 1 ]]; then
	timed "compose: up alice bob charlie dave" compose_up
	timed "compose: wait for peers and finality" compose_wait
	timed "compose: metrics by name, health checks" compose_checks
	timed "compose: down" compose_down
fi

step "summary"
size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
base_size=$(podman image inspect --format '{{.Size}}' "$BASE")
printf '%s\n' "${TIMINGS[@]}"
total_ms=$((($(date +%s%N) - START_NS) / 1000000))
printf '%-44s %4d.%d s\n' "total" $((total_ms / 1000)) $((total_ms % 1000 / 100))
mb() { echo $((($1 + 500000) / 1000000)); }
printf 'image %s: %d MB (base %d MB, node binary %d MB)\n' "$IMAGE" "$(mb "$size")" \
	"$(mb "$base_size")" "$(mb "$(stat -c %s "$BINARY")")"
echo "docker check passed"
