#!/usr/bin/env bash
# inferno (Rust port of FlameGraph's stackcollapse-*): the reference the importer bench compares
# against. Built from crates.io with cargo; takes a few minutes on 2 cores, so it is skipped when present.
# Also py-spy, which scripts/record-fixtures.sh needs (30-profilers.sh installs it too; pip is idempotent).
set -euo pipefail
# inferno is the yardstick of bench/importers.bench.ts only; the test suite does not need it.
if [ "${HOTLINE_SETUP_FOR:-all}" = test ]; then
  command -v py-spy >/dev/null 2>&1 || python3 -m pip install --quiet py-spy
  exit 0
fi
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v inferno-collapse-perf >/dev/null 2>&1; then
  if ! command -v cargo >/dev/null 2>&1; then
    echo "hotline setup: cargo not found; install Rust (rustup) to build inferno for bench/importers.bench.ts" >&2
    exit 0
  fi
  # Only the collapse binaries are needed; --locked keeps the crate's tested dependency versions.
  cargo install --locked --quiet inferno --target-dir "${HOTLINE_CACHE:-$HOME/.cache/hotline}/inferno-target"
fi
if ! command -v py-spy >/dev/null 2>&1; then
  python3 -m pip install --quiet py-spy
fi
# Brendan Gregg's stackcollapse-perf.pl is not packaged by Debian (apt-cache search flamegraph is empty
# on bookworm); the bench reports it as unavailable instead of fetching it from elsewhere.
