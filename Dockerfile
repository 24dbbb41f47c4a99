# HAsync add-on image. The repository root is the add-on folder and this file's build context.
# Three stages (issue #8): build the JavaScript on a current Node; compile the native modules once,
# against Alpine 3.16's musl and Node 18's ABI; carry that Node runtime into Home Assistant's
# Alpine 3.15 base. Each stage checks its own output, so a broken build stops where it broke.
# Contributors: `docker build .` builds for amd64; see DOCS.md for other architectures.

# The Supervisor passes BUILD_FROM from build.yaml; this default (equal to build.yaml's amd64
# entry) serves plain `docker build` and Supervisors that no longer read build.yaml.
ARG BUILD_FROM=ghcr.io/home-assistant/amd64-base:3.15
# Vite needs Node >= 20.19. This stage's output is plain JavaScript and static files, so its Node
# never reaches the add-on.
ARG NODE_BUILD_IMAGE=node:20-alpine
# The add-on's runtime. Alpine 3.16's musl (1.2.3) still runs the 3.15 base's own tools; 3.18's
# (1.2.4) did not. Bump it here, in one line.
ARG NODE_RUNTIME_IMAGE=node:18-alpine3.16

# Stage 1: the workspaces' build output (hasync/dist, backend/dist, frontend/dist).
FROM ${NODE_BUILD_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY hasync/package.json hasync/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
# No install scripts: nothing in this stage loads a native module; stage 2 compiles them.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json ./
COPY hasync hasync
COPY backend backend
COPY frontend frontend
RUN npm run build --workspace hasync \
 && npm run build --workspace backend \
 && npm run build --workspace frontend \
 && test -f hasync/dist/index.js && test -f backend/dist/main.js && test -f frontend/dist/index.html && test -f frontend/dist/screen.html

# Stage 2: the backend's production dependencies, native modules compiled here, and the app tree.
FROM ${NODE_RUNTIME_IMAGE} AS runtime-builder
RUN apk add --no-cache python3 make g++
WORKDIR /app
# Compile better-sqlite3 and bcrypt from source rather than take prebuilt binaries, against the
# headers that ship beside this node (node-gyp downloads nothing).
ENV npm_config_build_from_source=true \
    npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
COPY hasync/package.json hasync/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
# Then drop what only the install needed: workspace links and manifests, compiler output other
# than the .node files, vendored C sources and other platforms' prebuilt binaries.
RUN set -e; \
    npm ci --omit=dev --workspace backend --no-audit --no-fund; \
    rm -rf package.json package-lock.json hasync frontend \
           node_modules/hasync node_modules/@hasync node_modules/.bin node_modules/.package-lock.json; \
    for module in better-sqlite3 bcrypt; do \
      dir="node_modules/$module"; \
      mkdir "/tmp/$module"; \
      mv "$dir"/build/Release/*.node "/tmp/$module/"; \
      rm -rf "$dir/build" "$dir/deps" "$dir/src" "$dir/prebuilds"; \
      mkdir -p "$dir/build/Release"; \
      mv "/tmp/$module"/*.node "$dir/build/Release/"; \
      rmdir "/tmp/$module"; \
    done
RUN node -e "const Database = require('better-sqlite3'); new Database(':memory:').prepare('SELECT 1').get(); \
const bcrypt = require('bcrypt'); if (!bcrypt.compareSync('x', bcrypt.hashSync('x', 4))) process.exit(1)" \
 && echo "native modules load on Node $(node --version)"
COPY --from=build /src/hasync/package.json node_modules/hasync/package.json
COPY --from=build /src/hasync/dist node_modules/hasync/dist
COPY --from=build /src/backend/dist backend/dist
COPY --from=build /src/frontend/dist frontend/dist

# Stage 3: the add-on.
FROM ${BUILD_FROM}
ARG BUILD_ARCH=amd64
ARG BUILD_VERSION
LABEL io.hass.type="addon" \
      io.hass.name="HAsync" \
      io.hass.arch="${BUILD_ARCH}" \
      io.hass.version="${BUILD_VERSION}"
# s6-overlay kills what is left 3 s after SIGTERM by default; the backend may take up to 5 s to
# close connections and checkpoint SQLite. Still inside the Supervisor's 10 s stop timeout.
ENV S6_KILL_GRACETIME=6000 \
    NODE_ENV=production

# The base already has what the add-on needs from Alpine (bash, curl for the HEALTHCHECK,
# ca-certificates). Anything that must run the base's own tools (apk, downloads) goes above this
# line, while the musl loader is still the one they were built with.
COPY --from=runtime-builder /usr/local/bin/node /usr/local/bin/node
COPY --from=runtime-builder /usr/lib/libstdc++.so.6 /usr/lib/libgcc_s.so.1 /usr/lib/
COPY --from=runtime-builder /lib/ld-musl-*.so.1 /lib/
RUN for tool in bash curl jq; do "$tool" --version >/dev/null || exit 1; done \
 && echo "base tools run with the copied loader; node $(node --version) on $(uname -m)"

COPY --from=runtime-builder /app /app
COPY run.sh /run.sh
# The backend's whole import graph must load here: with a log level it refuses, main.js imports
# every module, native ones included, then stops at the settings with exit code 78.
RUN set -e; \
    chmod 755 /run.sh; \
    cd /app; \
    node -e "const Database = require('better-sqlite3'); new Database(':memory:').close(); \
require('bcrypt').hashSync('x', 4)"; \
    status=0; \
    HASYNC_LOG_LEVEL=verify-image node backend/dist/main.js >/tmp/entry.log 2>&1 || status=$?; \
    if [ "$status" -ne 78 ] || ! grep -q HASYNC_LOG_LEVEL /tmp/entry.log; then \
      cat /tmp/entry.log; echo "backend/dist/main.js: expected exit 78 on bad settings, got $status"; exit 1; \
    fi; \
    rm /tmp/entry.log; \
    echo "backend entry and native modules load"

# The ingress listener (run.sh: HASYNC_INGRESS_PORT=8098) is plain HTTP even when `ssl` puts the
# LAN port on HTTPS, so one check fits both.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS --max-time 4 -o /dev/null http://127.0.0.1:8098/health || exit 1

CMD ["/run.sh"]
