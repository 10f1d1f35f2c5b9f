#!/usr/bin/env bash
# Page-load audits (issue 15): Lighthouse 12.8.2 from npm into $HOTLINE_CACHE/lighthouse (13.x needs
# Node 22; 12.2.3's trace engine throws on Chromium 156's traces, losing render-blocking-resources and
# the LCP element), run in Debian's Chromium (installed by 10-vscode.sh), and the npm packages
# examples/web bundles (its node_modules is gitignored); Lighthouse CI 0.14.0 into $HOTLINE_CACHE/lhci, whose
# `lhci assert` is the oracle of Hotline's reading of its assertion format (test/integration/page/lhciAssert.test.ts).
# A marker per step makes a second run a no-op.
set -euo pipefail
LIGHTHOUSE=12.8.2
LHCI=0.14.0
root="${HOTLINE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
cache="${HOTLINE_CACHE:-$HOME/.cache/hotline}/lighthouse"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

if ! command -v chromium >/dev/null 2>&1; then
  echo "60-web.sh: chromium is missing (scripts/setup.d/10-vscode.sh installs it: apt-get install -y chromium)" >&2; exit 1
fi

marker="$cache/.installed-$LIGHTHOUSE"
if [ -f "$marker" ] && [ -x "$cache/node_modules/.bin/lighthouse" ]; then
  echo "lighthouse $LIGHTHOUSE: cached in $cache"
else
  echo "lighthouse $LIGHTHOUSE: installing into $cache"
  rm -rf "$cache"
  mkdir -p "$cache"
  echo '{"private":true}' > "$cache/package.json"
  npm install --silent --no-save --prefix "$cache" "lighthouse@$LIGHTHOUSE" >"$cache/install.log" 2>&1 \
    || { echo "hotline setup: npm install lighthouse@$LIGHTHOUSE failed (log: $cache/install.log)" >&2; tail -n 20 "$cache/install.log" >&2; exit 1; }
  "$cache/node_modules/.bin/lighthouse" --version >/dev/null
  touch "$marker"
fi

lhci="${HOTLINE_CACHE:-$HOME/.cache/hotline}/lhci"
if [ -f "$lhci/.installed-$LHCI" ] && [ -x "$lhci/node_modules/.bin/lhci" ]; then
  echo "@lhci/cli $LHCI: cached in $lhci"
else
  echo "@lhci/cli $LHCI: installing into $lhci"
  rm -rf "$lhci"
  mkdir -p "$lhci"
  echo '{"private":true}' > "$lhci/package.json"
  npm install --silent --no-save --prefix "$lhci" "@lhci/cli@$LHCI" >"$lhci/install.log" 2>&1 \
    || { echo "hotline setup: npm install @lhci/cli@$LHCI failed (log: $lhci/install.log)" >&2; tail -n 20 "$lhci/install.log" >&2; exit 1; }
  "$lhci/node_modules/.bin/lhci" --version >/dev/null
  touch "$lhci/.installed-$LHCI"
fi

# examples/web: its own package.json pins the oversized dependency; installed, never committed.
web="$root/examples/web"
lock="$web/node_modules/.installed-$(sha1sum "$web/package.json" | cut -c1-12)"
if [ -f "$lock" ]; then
  echo "examples/web: dependencies installed"
else
  (cd "$web" && npm install --silent --no-save --no-package-lock >/dev/null)
  touch "$lock"
  echo "examples/web: dependencies installed"
fi
