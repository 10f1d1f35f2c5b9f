#!/usr/bin/env bash
# Fetches the real-code corpora of the lint precision study (docs/lint-comparison.md, docs/lint-study/)
# from the package registries into $HOTLINE_CACHE/lint-corpora (default ~/.cache/hotline/lint-corpora),
# outside the repository. Versions are pinned here so the figures can be reproduced.
#   scripts/lint-corpora.sh           fetch (idempotent)
#   scripts/lint-corpora.sh --count   also print findings per rule and per 1,000 lines for each corpus
set -euo pipefail

HOTLINE="$(cd "$(dirname "$0")/.." && pwd)/bin/hotline.js"
ROOT="${HOTLINE_CACHE:-$HOME/.cache/hotline}/lint-corpora"
mkdir -p "$ROOT"
cd "$ROOT"

PYPI=(requests==2.32.3 rich==13.9.4 flask==3.1.0)
# Text-processing wheels, where py/string-concat-in-loop should fire (its second round, docs/lint-study/py-string-concat-in-loop.md).
PYPI_MORE=(docutils==0.21.2 pygments==2.18.0 sqlparse==0.5.3 tabulate==0.9.0 markdown==3.7 pyparsing==3.2.0)
# Data-science helpers (row-wise pandas) and scripts importing heavy modules: py/pandas-apply-rows, py/heavy-import-at-module-level.
PYPI_DATA=(featuretools==1.31.0 lifelines==0.30.3 mlxtend==0.25.0 mplfinance==0.12.10b0 pyjanitor==0.32.60 pingouin==0.7.0 quantstats==0.0.86 ffn==1.4.1
  yfinance==1.7.0 dython==0.7.12 scikit-posthocs==0.17.1 backtrader==1.9.78.123 eli5==0.16.0 sweetviz==2.3.3 ydata-profiling==4.18.4 kaggle==2.2.5 tsfresh==0.21.2 pycaret==3.3.2)
NPM=(express@4.21.2 react-dom@19.0.0 ws@8.18.0 socket.io@4.8.1 chart.js@4.4.7 ra-ui-materialui@5.15.4 ra-core@5.15.4)
# Hooks libraries and HTTP packages, where js/listener-not-removed and js/unstable-reference-in-render should fire.
NPM_MORE=(react-use@17.6.1 usehooks-ts@3.1.1 ahooks@3.11.0 react-draggable@4.7.2 react-grid-layout@2.3.0 http-proxy@1.18.1 agentkeepalive@4.6.0)
# CLI and build tools (async functions doing fs.*Sync) and servers and body parsers: js/sync-io-in-async, js/sync-json-parse-large.
NPM_TOOLS=(@11ty/eleventy@3.1.8 hexo@8.1.2 nodemon@3.1.14 release-it@21.1.2 np@12.1.1 depcheck@1.4.7 plop@4.0.5 patch-package@8.0.1 standard-version@9.5.0
  size-limit@14.3.0 @docusaurus/core@3.10.2 license-checker@25.0.1 body-parser@2.4.0 co-body@6.2.0 koa-bodyparser@4.4.1 micro@10.0.1 fastify@5.12.8
  json-server@0.17.4 restify@12.0.0 @hapi/subtext@8.1.3 serverless-http@4.0.0 polka@0.5.2)
# Go modules from the module proxy (servers, CLIs, clients): go/goroutine-leak and the other go/* rules outside Go's own code.
GO_MODS=(github.com/gin-gonic/gin@v1.12.0 github.com/spf13/cobra@v1.10.2 github.com/prometheus/client_golang@v1.25.0 go.etcd.io/etcd/client/v3@v3.7.3
  github.com/labstack/echo/v4@v4.16.5 github.com/gofiber/fiber/v2@v2.52.15 github.com/spf13/viper@v1.21.0 go.uber.org/zap@v1.28.0
  github.com/redis/go-redis/v9@v9.23.0 github.com/minio/minio-go/v7@v7.4.1 github.com/hashicorp/consul/api@v1.34.5 github.com/sirupsen/logrus@v1.10.2)
CRATES=('regex = "=1.13.2"' 'serde_json = "=1.0.154"' 'clap = "=4.6.9"' 'syn = { version = "=2.0.119", features = ["full"] }' 'itertools = "=0.10.5"' 'walkdir = "=2.5.1"' 'criterion = "=0.5.1"'
  'tokio = { version = "=1.54.1", features = ["full"] }' 'hyper = { version = "=1.13.0", features = ["full"] }' 'rayon = "=1.12.0"' 'rayon-core = "=1.13.0"'
  'regex-automata = "=0.4.19"' 'bytes = "=1.12.2"' 'futures-util = "=0.3.34"' 'grep-searcher = "=0.1.17"' 'ignore = "=0.4.35"' 'globset = "=0.4.22"')

# ---- Python: wheels from PyPI, unpacked; the local standard library (linked) ----
mkdir -p py
for spec in "${PYPI[@]}" "${PYPI_MORE[@]}" "${PYPI_DATA[@]}"; do
  name="${spec%%==*}"
  [ -d "py/$name" ] && continue
  pip download --quiet --no-deps --only-binary=:all: --dest "py/.dl" "$spec"
  # wheel names keep the project's own case (Markdown-3.7-…) and spell '-' as '_' (scikit_posthocs-0.17.1-…)
  python3 -m zipfile -e "$(find py/.dl -maxdepth 1 -iname "${name//-/_}-${spec##*==}-*.whl" | head -1)" "py/$name"
done
PYSTD="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
ln -sfn "$PYSTD" py-stdlib

# ---- npm: tarballs from the registry, unpacked (ra-ui-materialui and ra-core ship their .tsx sources) ----
mkdir -p npm
for spec in "${NPM[@]}" "${NPM_MORE[@]}" "${NPM_TOOLS[@]}"; do
  dir="npm/${spec//\//_}"
  [ -d "$dir" ] && continue
  mkdir -p "$dir" npm/.dl
  tgz="$(cd npm/.dl && npm pack --silent "$spec" | tail -1)"
  tar xzf "npm/.dl/$tgz" -C "$dir"
done

# ---- Go: the standard library and the commands of the installed toolchain (linked) ----
GOSRC="$(go env GOROOT)/src"
ln -sfn "$GOSRC" go-std   # counted without cmd, which is its own corpus
ln -sfn "$GOSRC/cmd" go-cmd

# ---- Go modules: `go mod download` into the module cache, then links to the sources (read-only there) ----
mkdir -p go-mods
for spec in "${GO_MODS[@]}"; do
  link="go-mods/${spec//\//_}"
  [ -e "$link" ] && continue
  dir="$(go mod download -json "$spec" | sed -nE 's/^\s*"Dir": "(.*)",?$/\1/p')"
  ln -sfn "$dir" "$link"
done

# ---- Rust: a throwaway cargo project depending on the crates, `cargo fetch`, then links to the sources ----
mkdir -p rs/.proj/src rs/crates
manifest="$({ printf '[package]\nname = "lint-corpora"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n'; printf '%s\n' "${CRATES[@]}"; })"
if [ ! -f rs/.proj/Cargo.lock ] || [ "$(cat rs/.proj/Cargo.toml)" != "$manifest" ]; then # fetched again when the list changes
  printf '%s\n' "$manifest" > rs/.proj/Cargo.toml
  echo 'fn main() {}' > rs/.proj/src/main.rs
  (cd rs/.proj && cargo fetch --quiet)
fi
REG="${CARGO_HOME:-$HOME/.cargo}/registry/src"
for spec in "${CRATES[@]}"; do
  name="${spec%% *}"
  version="$(sed -E 's/.*"=([0-9.]+)".*/\1/' <<<"$spec")"
  src="$(ls -d "$REG"/*/"$name-$version" | head -1)"
  ln -sfn "$src" "rs/crates/$name-$version"
done

echo "corpora in $ROOT"
[ "${1:-}" = "--count" ] || exit 0

# ---- Counts: findings per rule and per 1,000 lines, per corpus (needs `npm run build` first) ----
count() { # name, then the directories
  local name="$1"; shift
  local lines
  lines="$(find -L "$@" -type f \( -name '*.py' -o -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.ts' -o -name '*.tsx' -o -name '*.jsx' -o -name '*.go' -o -name '*.rs' \) \
    -not -path '*/node_modules/*' -not -path '*/testdata/*' -not -path '*/vendor/*' -print0 | xargs -0 cat | wc -l)"
  node "$HOTLINE" lint "$@" --json > "$ROOT/$name.json" || true
  node -e '
    const [file, name, lines] = process.argv.slice(1);
    const fs = require("fs");
    const all = JSON.parse(fs.readFileSync(file, "utf8"));
    const by = {};
    for (const f of all) { const r = (by[f.rule] ??= { all: 0, high: 0 }); r.all++; if (f.confidence !== "low") r.high++; }
    const per1k = (n) => (n * 1000 / lines).toFixed(3);
    console.log(`## ${name}: ${lines} lines, ${all.length} findings (rule, all, high confidence, all per 1k lines, high per 1k lines)`);
    for (const [rule, r] of Object.entries(by).sort((a, b) => b[1].all - a[1].all)) console.log(`${rule}\t${r.all}\t${r.high}\t${per1k(r.all)}\t${per1k(r.high)}`);
  ' "$ROOT/$name.json" "$name" "$lines"
}
count py-wheels py/requests py/rich py/flask
count py-more py/docutils py/pygments py/sqlparse py/tabulate py/markdown py/pyparsing
# shellcheck disable=SC2046 # one folder per wheel, named as in PYPI_DATA without the version
count py-data $(for spec in "${PYPI_DATA[@]}"; do echo "py/${spec%%==*}"; done)
# shellcheck disable=SC2046 # the standard library without the machine's site-packages
count py-stdlib $(ls -d py-stdlib/*/ | grep -v '^py-stdlib/site-packages/$') py-stdlib/*.py
count npm npm/express@4.21.2 npm/react-dom@19.0.0 npm/ws@8.18.0 npm/socket.io@4.8.1 npm/chart.js@4.4.7
count react-app npm/ra-ui-materialui@5.15.4/package/src npm/ra-core@5.15.4/package/src
# one build per package (their CommonJS and ESM copies are the same code)
count npm-more npm/react-use@17.6.1/package/esm npm/usehooks-ts@3.1.1/package/dist npm/ahooks@3.11.0/package/es npm/react-draggable@4.7.2/package/build \
  npm/react-grid-layout@2.3.0/package/dist npm/http-proxy@1.18.1/package/lib npm/agentkeepalive@4.6.0/package/lib
# shellcheck disable=SC2046 # the package folders of the tools and servers
count npm-tools $(for spec in "${NPM_TOOLS[@]}"; do echo "npm/${spec//\//_}"; done)
# shellcheck disable=SC2046 # the standard library without cmd, which is its own corpus
count go-std $(ls -d go-std/*/ | grep -v '^go-std/cmd/$')
count go-cmd go-cmd/
count go-mods go-mods/*/
count crates rs/crates/*/
