#!/usr/bin/env bash
# Benchmarks (issue 9): pytest-benchmark for the Python runner, and the criterion crate pre-built for
# examples/bench/rust so `cargo bench` in tests only compiles the tiny example. Idempotent.
set -euo pipefail
root="${HOTLINE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
cache="${HOTLINE_CACHE:-$HOME/.cache/hotline}"

if ! python3 -c 'import pytest_benchmark' >/dev/null 2>&1; then
  python3 -m pip install --quiet pytest pytest-benchmark
fi

# Go: warm the build cache for the example so the first test run is not a cold compile.
if command -v go >/dev/null 2>&1; then
  (cd "$root/examples/bench/go" && go test -run '^$' -count 1 -bench '^$' . >/dev/null)
fi

# Rust: the target dir lives in the cache (outside the repo); tests use the same one, so this build is reused.
if command -v cargo >/dev/null 2>&1; then
  export CARGO_TARGET_DIR="$cache/bench-target"
  (cd "$root/examples/bench/rust" && cargo bench --quiet --no-run >/dev/null 2>&1) \
    || (cd "$root/examples/bench/rust" && cargo bench --no-run)
fi
