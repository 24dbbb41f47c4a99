#!/usr/bin/env bash
# Checks a built HAsync add-on image the way the Supervisor runs it: what the image contains, what
# it adds to its base, and a container started with an options file in /data — health, options
# reaching the backend, the HEALTHCHECK, the backup hooks, a clean stop on SIGTERM and a restart
# with new options.
# Used by `npm run test:image` (stand-in bases, scripts/test-image.sh) and by the image workflow
# (real bases). Usage: check-image.sh IMAGE BASE_IMAGE
# Environment: DOCKER (the docker CLI), HASYNC_IMAGE_PLATFORM (e.g. linux/arm64),
# HASYNC_IMAGE_MAX_DELTA_MB (default 130), HASYNC_IMAGE_HEALTHY_WITHIN_S (default 90).
set -euo pipefail
cd "$(dirname "$0")/.."

readonly image=$1 base=$2
readonly docker_cli=${DOCKER:-docker}
readonly max_delta_mb=${HASYNC_IMAGE_MAX_DELTA_MB:-130}
readonly healthy_within_s=${HASYNC_IMAGE_HEALTHY_WITHIN_S:-90}
readonly name="hasync-image-check-$$" volume="hasync-image-check-$$"
readonly admin_password="image-check-$$-$RANDOM$RANDOM"
version="$(jq -r .version package.json)"
readonly version
platform=()
if [[ -n "${HASYNC_IMAGE_PLATFORM:-}" ]]; then platform=(--platform "$HASYNC_IMAGE_PLATFORM"); fi
passed=0

dk() { "$docker_cli" "$@"; }
now_ms() {
  local micros=${EPOCHREALTIME/[.,]/}
  echo $((micros / 1000))
}
pass() {
  passed=$((passed + 1))
  echo "ok: $*"
}
fail() {
  echo "FAIL: $*" >&2
  if dk container inspect "$name" >/dev/null 2>&1; then
    echo "--- container log (last 40 lines)" >&2
    dk logs "$name" 2>&1 | tail -n 40 >&2
  fi
  echo "$passed passed, 1 failed"
  exit 1
}
cleanup() {
  dk rm -f "$name" >/dev/null 2>&1 || true
  dk volume rm -f "$volume" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# Options as the Supervisor writes them to /data/options.json (keys from config.yaml's schema).
write_options() {
  jq -n --arg password "$admin_password" --arg level "$1" \
    '{admin_username: "image-check", admin_password: $password, log_level: $level,
      max_device_connections: 7, ssl: false, certfile: "fullchain.pem", keyfile: "privkey.pem"}' |
    dk run --rm -i "${platform[@]}" --network none -v "$volume:/data" --entrypoint /bin/sh "$image" \
      -c 'cat > /data/options.json'
}

check_size() {
  local image_bytes base_bytes delta_mb layers
  image_bytes="$(dk image inspect -f '{{.Size}}' "$image")"
  base_bytes="$(dk image inspect -f '{{.Size}}' "$base")"
  delta_mb="$(awk -v a="$image_bytes" -v b="$base_bytes" 'BEGIN { printf "%.1f", (a - b) / 1000000 }')"
  layers=$(($(dk history -q "$image" | wc -l) - $(dk history -q "$base" | wc -l)))
  echo "The runtime stage's layers on top of $base:"
  dk history --no-trunc --format '{{.Size}}\t{{.CreatedBy}}' "$image" | head -n "$layers" | cut -c1-110
  echo "image $((image_bytes / 1000000)) MB, base $((base_bytes / 1000000)) MB: the add-on adds $delta_mb MB"
  awk -v d="$delta_mb" -v m="$max_delta_mb" 'BEGIN { exit !(d < m) }' ||
    fail "the image adds $delta_mb MB to its base (limit $max_delta_mb MB)"
  pass "the image adds $delta_mb MB to its base (limit $max_delta_mb MB)"
}

# Nothing but the runtime: no package manager or TypeScript tooling, no dev or frontend
# dependencies, no TypeScript sources, and the hasync package as a real directory.
check_contents() {
  local unwanted
  unwanted="$(jq -rn --slurpfile root package.json --slurpfile contract hasync/package.json \
    --slurpfile backend backend/package.json --slurpfile ui frontend/package.json \
    '(($root[0], $contract[0], $backend[0], $ui[0]) | .devDependencies // {} | keys[]),
     ($ui[0].dependencies | keys[])
     | select(. as $name | [$backend[0], $contract[0]] | map(.dependencies // {} | has($name)) | any | not)' |
    sort -u | tr '\n' ' ')"
  # shellcheck disable=SC2016 # the script runs in the image's shell, which expands it
  dk run --rm "${platform[@]}" --network none -e "UNWANTED=$unwanted" --entrypoint /bin/sh "$image" -c '
    set -e
    for tool in npm npx corepack yarn tsx tsc; do
      if command -v "$tool" >/dev/null 2>&1; then echo "unexpected tool: $tool"; exit 1; fi
    done
    for module in $UNWANTED; do
      if [ -e "/app/node_modules/$module" ]; then echo "unexpected module: $module"; exit 1; fi
    done
    sources="$(find /app/backend /app/frontend /app/node_modules/hasync \
      \( -name "*.ts" -o -name "*.tsx" \) ! -name "*.d.ts" | head -n 3)"
    if [ -n "$sources" ]; then echo "unexpected TypeScript sources: $sources"; exit 1; fi
    test ! -L /app/node_modules/hasync && test -f /app/node_modules/hasync/dist/index.js
    cd /app
    node -e "const Database = require(\"better-sqlite3\"); new Database(\":memory:\").close();
      require(\"bcrypt\").hashSync(\"x\", 4)"
    echo "node $(node --version) on $(uname -m), native modules load"
  ' || fail "image contents"
  pass "the image holds only the runtime (no npm/tsx/tsc, no dev dependencies, no .ts sources)"
}

wait_healthy() {
  local deadline=$((SECONDS + healthy_within_s)) status
  while ((SECONDS < deadline)); do
    status="$(dk inspect -f '{{.State.Status}} {{.State.Health.Status}}' "$name")"
    case "$status" in
      "running healthy") return 0 ;;
      running*) sleep 0.5 ;;
      *) fail "the container stopped before it was healthy ($status)" ;;
    esac
  done
  fail "not healthy within ${healthy_within_s}s ($status)"
}

check_health_endpoint() {
  local body
  body="$(dk exec "$name" curl -fsS http://127.0.0.1:8099/health)" || fail "GET /health"
  jq -e --arg v "$version" '.status == "ok" and .version == $v and .checks.database == "ok"' \
    <<<"$body" >/dev/null || fail "unexpected /health body: $body"
  pass "/health answers ok with version $version"
}

# The LAN port's layout (issue 13): the device app at /, the admin UI under /admin/.
check_pages() {
  dk exec "$name" curl -fsS http://127.0.0.1:8099/ | grep -q 'assets/screen-' || fail "GET / is not the device app"
  dk exec "$name" curl -fsS http://127.0.0.1:8099/admin/ | grep -q '<base href="/admin/"' ||
    fail "GET /admin/ is not the admin UI"
  pass "the LAN port serves the device app at / and the admin UI at /admin/"
}

# The MCP endpoint is built on the SDK's Streamable HTTP transport, a production dependency the
# image must carry: without a device token it asks for one, in the JSON-RPC envelope.
check_mcp() {
  local answer
  answer="$(dk exec "$name" curl -sS -X POST -H 'content-type: application/json' \
    -H 'accept: application/json, text/event-stream' -w ' %{http_code}' \
    --data '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}' http://127.0.0.1:8099/mcp)" ||
    fail "POST /mcp did not answer"
  [[ "$answer" == *' 401' && "$answer" == *'"jsonrpc":"2.0"'* ]] ||
    fail "POST /mcp without a token answered: $answer (want 401 in JSON-RPC)"
  pass "the MCP endpoint answers on the LAN port and asks for a device token"
}

# Pass hours are read on Home Assistant's wall clock through Intl: the image's Node (Alpine's,
# with its own ICU data) must know the IANA zones, or every pass would read as UTC.
check_time_zones() {
  local hour
  hour="$(dk exec "$name" node -e 'process.stdout.write(new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Berlin", hour: "2-digit", hourCycle: "h23" }).format(Date.UTC(2026, 6, 1, 10)))')" ||
    fail "node in the image has no time zones"
  [[ "$hour" == "12" ]] || fail "node in the image reads 10:00 UTC in Europe/Berlin as $hour (want 12)"
  pass "node in the image knows time zones (10:00 UTC is 12 in Europe/Berlin in July)"
}

# The backend's own environment, read from /proc, compared without printing the password.
check_options_reached_node() {
  local environ expected
  # shellcheck disable=SC2016 # the script runs in the container's shell, which expands it
  environ="$(dk exec "$name" sh -c 'for p in /proc/[0-9]*; do
      if tr "\0" " " <"$p/cmdline" 2>/dev/null | grep -q "^node /app/backend/dist/main[.]js"; then
        tr "\0" "\n" <"$p/environ"; exit 0
      fi
    done; exit 1')" || fail "no node process running /app/backend/dist/main.js"
  for expected in HASYNC_DATA_DIR=/data HASYNC_LOG_LEVEL=warn HASYNC_ADMIN_USERNAME=image-check \
    HASYNC_MAX_DEVICE_CONNECTIONS=7 HASYNC_SSL=false HASYNC_CERTFILE=/ssl/fullchain.pem \
    HASYNC_KEYFILE=/ssl/privkey.pem "HASYNC_ADMIN_PASSWORD=$admin_password"; do
    grep -qxF -- "$expected" <<<"$environ" || fail "node's environment lacks ${expected%%=*} as set in options.json"
  done
  pass "run.sh passed every option to node (HASYNC_* environment of the node process)"
}

# Around a hot backup the Supervisor runs config.yaml's backup_pre and backup_post with docker exec.
check_backup_hooks() {
  local pre post
  pre="$(sed -n 's/^backup_pre: //p' config.yaml)"
  post="$(sed -n 's/^backup_post: //p' config.yaml)"
  [[ -n "$pre" && -n "$post" ]] || fail "config.yaml has no backup_pre and backup_post"
  dk exec "$name" test -e /data/hasync.live || fail "no live marker in /data"
  # shellcheck disable=SC2086 # split into words, as the Supervisor's docker exec does
  dk exec "$name" $pre >/dev/null || fail "backup_pre failed: $pre"
  dk exec "$name" test -s /data/hasync.snapshot.db || fail "backup_pre wrote no snapshot"
  # shellcheck disable=SC2086
  dk exec "$name" $post >/dev/null || fail "backup_post failed: $post"
  if dk exec "$name" test -e /data/hasync.snapshot.db; then fail "backup_post left the snapshot"; fi
  pass "backup_pre snapshots the database beside the running add-on, backup_post removes it"
}

# `docker stop` sends SIGTERM and waits 10 s before SIGKILL, like the Supervisor's default timeout.
stop_cleanly() {
  local began took exit_code
  began=$(now_ms)
  dk stop -t 10 "$name" >/dev/null
  took=$(($(now_ms) - began))
  exit_code="$(dk inspect -f '{{.State.ExitCode}}' "$name")"
  ((exit_code == 0 && took < 9000)) || fail "stop took ${took} ms and exited with $exit_code (expected a clean exit 0)"
  pass "SIGTERM stopped the add-on cleanly in ${took} ms (exit 0)"
}

check_size
check_contents

dk volume create "$volume" >/dev/null
write_options warn
dk run -d "${platform[@]}" --name "$name" --network none -v "$volume:/data" \
  --health-interval 2s --health-timeout 5s "$image" >/dev/null
began=$(now_ms)
wait_healthy
pass "the HEALTHCHECK reports healthy after $(($(now_ms) - began)) ms"
check_health_endpoint
check_pages
check_mcp
check_time_zones
check_options_reached_node
dk exec "$name" test -s /data/hasync.db || fail "no database in /data"
pass "the database lives in /data (kept by Home Assistant's backups)"
check_backup_hooks
if dk logs "$name" 2>&1 | grep -qE '^[0-9-]+T[0-9:.]+Z INFO '; then fail "INFO lines at log_level warn"; fi
pass "log_level warn reached the backend (no INFO lines)"
stop_cleanly

# A user changes an option and restarts the add-on: same /data, new options.
write_options info
dk start "$name" >/dev/null
wait_healthy
dk logs "$name" 2>&1 | grep -qE 'INFO +hasync: HAsync is listening' || fail "no INFO line at log_level info"
if dk logs "$name" 2>&1 | grep -q 'applied database migration'; then fail "the database was migrated twice"; fi
pass "after a restart with log_level info the backend logs at info and reuses its database"
stop_cleanly
dk logs "$name" 2>&1 | grep -q 'stopped cleanly' || fail "no 'stopped cleanly' in the log"
pass "the backend logged its clean shutdown"

echo "$passed passed, 0 failed"
