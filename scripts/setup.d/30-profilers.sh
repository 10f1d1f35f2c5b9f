#!/usr/bin/env bash
# The profilers "Profile Current File", `hotline profile` and test/integration/profilers run:
# py-spy (pip), perf (Debian's linux-perf), valgrind (callgrind fallback), gcc (C examples),
# and the Go and Rust toolchains when none is installed yet (Debian's packages; a rustup or
# go.dev install already on PATH is used as it is). Idempotent: every step checks first.
set -euo pipefail
export PATH="$HOME/.cargo/bin:/usr/local/go/bin:$PATH"

if ! command -v py-spy >/dev/null 2>&1; then
  python3 -m pip install --quiet py-spy
fi
# memray: Python allocation profiles that see C extensions' memory too (tracemalloc is the fallback).
if ! python3 -c 'import memray' >/dev/null 2>&1; then
  python3 -m pip install --quiet memray==1.20.0
fi
apt_install perf linux-perf
apt_install valgrind valgrind
apt_install gcc gcc
apt_install addr2line binutils   # perf script resolves source lines (srcline) through it
apt_install go golang-go
apt_install cargo cargo

# perf needs the kernel's permission; as root it has it. Say what to change otherwise, but do not
# change kernel settings from a setup script.
paranoid=$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo "?")
if [ "$(id -u)" != 0 ] && [ "$paranoid" != "?" ] && [ "$paranoid" -gt 2 ]; then
  echo "hotline setup: kernel.perf_event_paranoid=$paranoid refuses perf to users; run: sudo sysctl kernel.perf_event_paranoid=2" >&2
fi
echo "hotline setup: profilers ready: $(py-spy --version), memray $(python3 -c 'import memray; print(memray.__version__)'), $(perf --version), $(valgrind --version), go $(go env GOVERSION 2>/dev/null || echo '?'), $(cargo --version 2>/dev/null || echo 'cargo ?')"
