#!/usr/bin/env bash
# memlab (Meta's JavaScript memory-leak analyser, npm): the peer bench/leaks.bench.ts diffs the same
# two Node heap snapshots with, in the same run as Hotline. Only its heap analysis is used (no
# browser), so puppeteer's own Chrome download is skipped. Bench-only: skipped for the test setup.
# Idempotent (marker file per version).
set -euo pipefail
if [ "${HOTLINE_SETUP_FOR:-all}" = test ]; then exit 0; fi
cache="${HOTLINE_CACHE:-$HOME/.cache/hotline}"
version=2.0.5
dir="$cache/memlab"
if [ ! -f "$dir/.installed-$version" ]; then
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"name":"hotline-memlab","private":true}' >"$dir/package.json"
  PUPPETEER_SKIP_DOWNLOAD=true npm install --prefix "$dir" --no-audit --no-fund --silent "memlab@$version"
  touch "$dir/.installed-$version"
fi
