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

# install_npm PACKAGE VERSION DIR BIN: PACKAGE@VERSION into DIR (a marker per version), BIN checked to run.
install_npm() {
  local pkg="$1" version="$2" dir="$3" bin="$4"
  if [ -f "$dir/.installed-$version" ] && [ -x "$dir/node_modules/.bin/$bin" ]; then
    echo "$pkg $version: cached in $dir"
    return
  fi
  echo "$pkg $version: installing into $dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  echo '{"private":true}' > "$dir/package.json"
  npm install --silent --no-save --prefix "$dir" "$pkg@$version" >"$dir/install.log" 2>&1 \
    || { echo "hotline setup: npm install $pkg@$version failed (log: $dir/install.log)" >&2; tail -n 20 "$dir/install.log" >&2; exit 1; }
  "$dir/node_modules/.bin/$bin" --version >/dev/null
  touch "$dir/.installed-$version"
}

install_npm lighthouse "$LIGHTHOUSE" "$cache" lighthouse
install_npm @lhci/cli "$LHCI" "${HOTLINE_CACHE:-$HOME/.cache/hotline}/lhci" lhci

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
