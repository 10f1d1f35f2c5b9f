#!/usr/bin/env bash
# speedscope (its npm package ships the built web app): the yardstick bench/importers.bench.ts loads
# the big generated profiles into, in Debian Chromium, to compare with Hotline in the same run.
# Bench-only: skipped for the test setup. Idempotent (marker file per version).
set -euo pipefail
if [ "${HOTLINE_SETUP_FOR:-all}" = test ]; then exit 0; fi
cache="${HOTLINE_CACHE:-$HOME/.cache/hotline}"
version=1.25.0
dir="$cache/speedscope"
if [ ! -f "$dir/.installed-$version" ]; then
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"name":"hotline-speedscope","private":true}' >"$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --silent "speedscope@$version"
  touch "$dir/.installed-$version"
fi
if ! command -v chromium >/dev/null 2>&1; then
  { declare -F apt_install >/dev/null && apt_install chromium chromium; } || echo "hotline setup: chromium not found; the bench's speedscope comparison needs it" >&2
fi
