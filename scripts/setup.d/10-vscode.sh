#!/usr/bin/env bash
# A real VS Code for the extension-host and end-to-end tests on an offline machine: code-server
# 4.100.3 (VS Code 1.100.3) from npm plus Debian's Chromium, following shared/docs/vscode-offline.md.
# Cached in $HOTLINE_CACHE/code-server (outside the repo); a marker makes a second run a no-op.
set -euo pipefail
VERSION=4.100.3
cache="${HOTLINE_CACHE:-$HOME/.cache/hotline}/code-server"
marker="$cache/.installed-$VERSION"
vscode="$cache/node_modules/code-server/lib/vscode"

# Debian packages: headers for the native modules, the search binary, the browser, a compiler.
if ! declare -F apt_install >/dev/null; then
  echo "10-vscode.sh: run through scripts/setup.sh (it provides apt_install)" >&2; exit 1
fi
apt_install rg ripgrep
apt_install chromium chromium
apt_install pkg-config pkg-config
apt_install make make
apt_install g++ g++
apt_install python3 python3
missing=()
for p in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "hotline setup: please install: sudo apt-get install -y ${missing[*]}" >&2; exit 1; fi
  apt_ready
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -f "$marker" ] && [ -x "$vscode/node_modules/@vscode/ripgrep/bin/rg" ]; then
  echo "code-server $VERSION: cached in $cache"
  exit 0
fi

echo "code-server $VERSION: installing into $cache (about two minutes)"
rm -rf "$cache"
mkdir -p "$cache"
cd "$cache"
# node-gyp must build against the local Node headers (downloading them fails offline);
# node-pty's build script runs `npx node-gyp`, which needs the yes.
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
nodeprefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
if [ -f "$nodeprefix/include/node/node.h" ]; then export npm_config_nodedir="$nodeprefix"; fi
log="$cache/install.log"
step() { # step <description> <command...>: quiet unless it fails
  echo "  - $1"; shift
  if ! "$@" >>"$log" 2>&1; then echo "hotline setup: failed: $* (log: $log)" >&2; tail -n 30 "$log" >&2; exit 1; fi
}
echo '{"private":true}' > package.json
# code-server's own postinstall refuses to run as root and downloads ripgrep: do its steps by hand.
step "npm install code-server@$VERSION" npm install --no-save --ignore-scripts "code-server@$VERSION"
cd "$vscode"
step "VS Code server modules" npm install --omit=dev --ignore-scripts
step "native modules" npm rebuild kerberos node-pty @parcel/watcher @vscode/spdlog native-watchdog
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && step "built-in extensions' modules" npm install --omit=dev --ignore-scripts)
cd "$cache"
step "argon2" npm rebuild argon2
node "$cache/node_modules/code-server/out/node/entry.js" --version >>"$log" 2>&1 \
  || { echo "hotline setup: code-server does not start (log: $log)" >&2; exit 1; }
touch "$marker"
echo "code-server $VERSION: ready ($(head -c 40 <<<"$(node "$cache/node_modules/code-server/out/node/entry.js" --version 2>/dev/null | head -1)"))"
