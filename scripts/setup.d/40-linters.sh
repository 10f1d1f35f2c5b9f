#!/usr/bin/env bash
# The established linters docs/lint-comparison.md compares Hotline's rules with, run by
# test/fixtures/lint/corpus/compare.ts: ruff (PERF, ASYNC) and pylint (consider-using-join) from PyPI;
# clippy comes with the Rust toolchain (rustup component). Idempotent.
set -euo pipefail
# Only the comparison script needs them, not the test suite.
if [ "${HOTLINE_SETUP_FOR:-all}" = test ]; then exit 0; fi
export PATH="$HOME/.cargo/bin:$PATH"
if ! python3 -m ruff --version >/dev/null 2>&1 || ! python3 -m pylint --version >/dev/null 2>&1; then
  python3 -m pip install --quiet ruff pylint
fi
if command -v rustup >/dev/null 2>&1 && ! cargo clippy --version >/dev/null 2>&1; then
  rustup component add clippy
fi
