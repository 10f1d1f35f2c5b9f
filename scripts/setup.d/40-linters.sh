#!/usr/bin/env bash
# The established linters docs/lint-comparison.md compares Hotline's rules with, run by
# test/fixtures/lint/corpus/compare.ts: ruff (PERF, ASYNC) and pylint (consider-using-join) from PyPI;
# clippy comes with the Rust toolchain (rustup component); eslint-plugin-unicorn (prefer-set-has) and
# eslint-plugin-react-hooks (exhaustive-deps, the React Compiler's checks) from npm
# and the Go analyzers modernize (stringsbuilder) and prealloc from the Go module proxy, both into
# $HOTLINE_CACHE/linters so the project's package.json and node_modules stay untouched. Idempotent.
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

linters="${HOTLINE_CACHE:-$HOME/.cache/hotline}/linters"
mkdir -p "$linters/bin"
# eslint-plugin-unicorn 66+ needs Node 22 (it calls Set.prototype.union); 65.0.1 is the last for Node 20.
# eslint 10.15.0 matches the repo's; the TypeScript parser lets unicorn read the .ts cases.
# eslint-plugin-react-hooks 7.1.1 runs on Node 18+ and accepts eslint 10.
unicorn=65.0.1 eslint=10.15.0 tsparser=8.73.0 hooks=7.1.1
version_of() { node -p "try { require('$linters/node_modules/$1/package.json').version } catch { '' }"; }
if [ "$(version_of eslint-plugin-unicorn)" != "$unicorn" ] || [ "$(version_of eslint-plugin-react-hooks)" != "$hooks" ]; then
  npm install --prefix "$linters" --no-save --no-audit --no-fund --loglevel=error \
    "eslint-plugin-unicorn@$unicorn" "eslint-plugin-react-hooks@$hooks" "eslint@$eslint" "@typescript-eslint/parser@$tsparser" typescript@5.9.3
fi
# modernize's published command is in x/tools at go/analysis/passes/modernize/cmd/modernize (older
# releases kept it under gopls/internal); prealloc's module root is its command.
if command -v go >/dev/null 2>&1; then
  [ -x "$linters/bin/modernize" ] || GOBIN="$linters/bin" go install golang.org/x/tools/go/analysis/passes/modernize/cmd/modernize@v0.52.0
  [ -x "$linters/bin/prealloc" ] || GOBIN="$linters/bin" go install github.com/alexkohler/prealloc@v1.1.0
fi
