#!/usr/bin/env bash
# Python profilers whose output files Hotline imports (test/fixtures/interop/record-python.sh records
# them): pyinstrument, austin, scalene, memory_profiler (mprof); gperftools (libprofiler, libtcmalloc:
# test/fixtures/interop/record-gperftools.sh). valgrind (dhat, cachegrind) and Go (go tool pprof, which
# converts legacy pprof files) come from 30-profilers.sh. Idempotent: each tool is installed only when
# it is missing.
set -euo pipefail
if ! declare -F apt_install >/dev/null; then
  echo "35-interop-tools.sh: run through scripts/setup.sh (it provides apt_install)" >&2; exit 1
fi
apt_install google-pprof google-perftools libgoogle-perftools-dev
# firefox-esr records the Gecko fixture (node scripts/record-interop.mjs firefox); the tests read the recorded file.
if [ "${HOTLINE_SETUP_FOR:-all}" != test ]; then apt_install firefox-esr firefox-esr; fi
pip_install() { # pip_install <python module or command to check> <package==version>
  if ! command -v "$1" >/dev/null 2>&1 && ! python3 -c "import $1" >/dev/null 2>&1; then
    python3 -m pip install --quiet "$2"
  fi
}
pip_install pyinstrument pyinstrument==5.1.3
# austin-dist 4.x ships a binary built against glibc 2.38; Debian 12 has 2.36, so 3.7.0 it is.
pip_install austin austin-dist==3.7.0
pip_install scalene scalene==2.4.0
pip_install memory_profiler memory-profiler==0.61.0
echo "hotline setup: interop tools ready: $(pyinstrument --version | head -1), $(austin --version), scalene $(python3 -c 'import importlib.metadata as m; print(m.version("scalene"))'), memory_profiler $(python3 -c 'import memory_profiler; print(memory_profiler.__version__)'), gperftools $(dpkg-query -W -f='${Version}' libgoogle-perftools4)"
