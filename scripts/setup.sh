#!/usr/bin/env bash
# Installs what Hotline's tests and demo need on a fresh machine. Idempotent: each step checks first.
# Runs every scripts/setup.d/*.sh in name order. Caches outside the repo in $HOTLINE_CACHE.
# Usage: scripts/setup.sh [test|bench|all]  (steps only the benchmarks need are skipped for "test").
set -euo pipefail
export HOTLINE_SETUP_FOR="${1:-all}"
export HOTLINE_CACHE="${HOTLINE_CACHE:-$HOME/.cache/hotline}"
mkdir -p "$HOTLINE_CACHE"
here="$(cd "$(dirname "$0")" && pwd)"
export HOTLINE_ROOT="$(cd "$here/.." && pwd)"
# apt-get update once per machine boot (lists are needed before any apt-get install).
apt_ready() {
  if [ ! -f "$HOTLINE_CACHE/.apt-updated" ] || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ]; then
    apt-get update -qq && touch "$HOTLINE_CACHE/.apt-updated"
  fi
}
apt_install() { # apt_install <command-to-check> <package...>
  local check="$1"; shift
  if ! command -v "$check" >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then echo "hotline setup: please install: sudo apt-get install -y $*" >&2; return 1; fi
    apt_ready
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  fi
}
export -f apt_ready apt_install
for step in "$here"/setup.d/*.sh; do
  [ -e "$step" ] || continue
  echo "hotline setup: $(basename "$step")"
  bash "$step"
done
