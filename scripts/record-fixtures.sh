#!/usr/bin/env bash
# Records Hotline's importer fixtures on this machine from the small programs in
# test/fixtures/profiles/programs/, with the real profilers, and saves beside each recording
# the profiler's own numbers (<name>.expected.json) that test/unit/core/*.test.ts checks against.
#
# Usage: scripts/record-fixtures.sh [py-spy|cprofile|node|go|perf|callgrind|load ...]   (default: all)
# Needs: python3 + py-spy, node, go, gcc, perf, valgrind (scripts/setup.sh installs them).
# Re-running replaces the fixtures; numbers differ from run to run (sampling), the tests read them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
progs="$root/test/fixtures/profiles/programs"
out="$root/test/fixtures/profiles"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
want=("$@")
[ ${#want[@]} -eq 0 ] && want=(py-spy cprofile node go perf callgrind load)

# Writes JSON from key=string and key:=json pairs.
expected() { # expected <file> key=value... key:=json...
  local file="$1"; shift
  python3 - "$file" "$@" <<'PY'
import json, sys
out = {}
for kv in sys.argv[2:]:
    k, v = kv.split("=", 1)
    out[k.rstrip(":")] = json.loads(v) if k.endswith(":") else v
json.dump(out, open(sys.argv[1], "w"), indent=2, sort_keys=True)
open(sys.argv[1], "a").write("\n")
PY
}
size_ok() { # fixtures stay small so the repository stays small
  local f="$1"; local n; n=$(stat -c %s "$f")
  if [ "$n" -gt 300000 ]; then echo "record-fixtures: $f is $n bytes (> 300 KB); lower the scale" >&2; exit 1; fi
  echo "recorded $(realpath --relative-to="$root" "$f") ($n bytes)"
}

record_pyspy() {
  mkdir -p "$out/py-spy"
  local v; v=$(py-spy --version | awk '{print $2}')
  for fmt in raw speedscope; do
    local ext=txt; [ "$fmt" = speedscope ] && ext=json
    local f="$out/py-spy/hot.$fmt.$ext"
    # py-spy may exit 1 ("No child process") after a complete recording: judge by its summary line.
    # py-spy prints its summary ("Samples: N Errors: M") on stdout, mixed with the program's output.
    # --full-filenames keeps absolute paths so lines map back to the user's files.
    py-spy record -r 200 --full-filenames -f "$fmt" -o "$f" -- python3 "$progs/python/hot.py" 3 >"$work/pyspy.out" 2>&1 || true
    local summary; summary=$(grep -o 'Samples: [0-9]* Errors: [0-9]*' "$work/pyspy.out" | tail -1)
    [ -n "$summary" ] || { cat "$work/pyspy.out" >&2; exit 1; }
    expected "${f%.$ext}.expected.json" profiler=py-spy version="$v" format="$fmt" rate:=200 \
      samples:="$(awk '{print $2}' <<<"$summary")" errors:="$(awk '{print $4}' <<<"$summary")" \
      programOutput="$(grep -v '^py-spy>' "$work/pyspy.out" | grep . | head -1)"
    size_ok "$f"
  done
}

record_cprofile() {
  mkdir -p "$out/cprofile"
  local f="$out/cprofile/hot.pstats"
  python3 -m cProfile -o "$f" "$progs/python/hot.py" 0.3 >/dev/null
  # pstats' own totals: primitive and total call counts and total internal time, plus the hottest function.
  local numbers; numbers=$(python3 - "$f" <<'PY'
import json, pstats, sys
s = pstats.Stats(sys.argv[1])
top = max(s.stats.items(), key=lambda kv: kv[1][2])
(file, line, name), (cc, nc, tt, ct, callers) = top
print(json.dumps({"total_calls": s.total_calls, "prim_calls": s.prim_calls, "total_tt": s.total_tt,
                  "functions": len(s.stats), "top_self": {"name": name, "file": file, "line": line, "tt": tt, "ncalls": nc}}))
PY
)
  expected "$f.expected.json" profiler=cProfile python="$(python3 -c 'import sys;print(sys.version.split()[0])')" pstats:="$numbers"
  size_ok "$f"
}

record_node() {
  mkdir -p "$out/node"
  node --cpu-prof --cpu-prof-dir="$work" --cpu-prof-name=hot.cpuprofile "$progs/node/hot.js" 0.3 >/dev/null
  local f="$out/node/hot.cpuprofile"
  cp "$work/hot.cpuprofile" "$f"
  # Node's own numbers: the samples it wrote and the sum of its time deltas, and per-function hits.
  local numbers; numbers=$(python3 - "$f" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
# hitCount can lag the samples array by one, so both are kept; the samples array is the record.
hits, by_sample, fn_of = {}, {}, {}
for n in p["nodes"]:
    fn = n["callFrame"]["functionName"] or "(anonymous)"
    fn_of[n["id"]] = fn
    hits[fn] = hits.get(fn, 0) + n.get("hitCount", 0)
for s in p["samples"]:
    by_sample[fn_of[s]] = by_sample.get(fn_of[s], 0) + 1
mine = ("fib", "buildString", "sortNumbers", "main")
print(json.dumps({"samples": len(p["samples"]), "sumTimeDeltasUs": sum(p["timeDeltas"]),
                  "firstDeltaUs": p["timeDeltas"][0], "durationUs": p["endTime"] - p["startTime"], "nodes": len(p["nodes"]),
                  "hitsByFunction": {k: hits[k] for k in mine if k in hits},
                  "samplesByFunction": {k: by_sample[k] for k in mine if k in by_sample}}))
PY
)
  expected "$f.expected.json" profiler="node --cpu-prof" node="$(node --version)" cpuprofile:="$numbers"
  size_ok "$f"
}

record_go() {
  mkdir -p "$out/go"
  local f="$out/go/hot.pprof"
  (cd "$progs/go" && go test -count=1 -run TestHot -o "$work/fixture.test" -cpuprofile "$f" . >/dev/null)
  # go tool pprof's own totals, in nanoseconds, and the flat time of the hottest functions.
  go tool pprof -top -unit=ns -nodecount=200 "$work/fixture.test" "$f" >"$work/top.txt" 2>/dev/null
  go tool pprof -raw "$f" >"$work/raw.txt" 2>/dev/null
  local numbers; numbers=$(python3 - "$work/top.txt" "$work/raw.txt" <<'PY'
import json, re, sys
top = open(sys.argv[1]).read()
total = int(re.search(r"of ([0-9]+)ns total", top).group(1))
flat = {}
for line in top.splitlines():
    m = re.match(r"\s*([0-9]+)(?:ns)?\s+[0-9.]+%\s+[0-9.]+%\s+([0-9]+)(?:ns)?\s+[0-9.]+%\s+(\S+)", line)
    if m: flat[m.group(3)] = {"flat": int(m.group(1)), "cum": int(m.group(2))}
raw = open(sys.argv[2]).read()
# -raw prints each sample as "   count   nanoseconds: location ids"; the counts sum to the sample count.
samples = sum(int(m.group(1)) for m in re.finditer(r"^\s+([0-9]+)\s+[0-9]+: ", raw, re.M))
print(json.dumps({"totalNs": total, "samples": samples,
                  "flat": {k: v for k, v in flat.items() if k.startswith("hotline.dev/fixture.")}}))
PY
)
  expected "$f.expected.json" profiler="go test -cpuprofile" go="$(go env GOVERSION)" goroot="$(go env GOROOT)" pprof:="$numbers"
  size_ok "$f"
}

build_c() {
  gcc -g -O1 -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer -o "$work/hot" "$progs/c/hot.c"
}

record_perf() {
  mkdir -p "$out/perf"
  build_c
  # Software cpu-clock: hardware events are not supported on these machines (RECIPES.md).
  perf record -q -e cpu-clock -F 999 -g -o "$work/perf.data" -- "$work/hot" 1 >/dev/null 2>"$work/perf.err"
  local f="$out/perf/hot.perf-script.txt" fs="$out/perf/hot.perf-script-srcline.txt"
  perf script -i "$work/perf.data" >"$f" 2>/dev/null
  perf script -i "$work/perf.data" -F comm,pid,tid,time,event,ip,sym,dso,srcline >"$fs" 2>/dev/null
  local samples; samples=$(perf report -i "$work/perf.data" --stdio 2>/dev/null | sed -n "s/^# Samples: \([0-9]*\) *of event 'cpu-clock.*/\1/p" | head -1)
  local count; count=$(perf report -i "$work/perf.data" --stdio 2>/dev/null | sed -n 's/^# Event count (approx.): \([0-9]*\)/\1/p' | head -1)
  expected "$f.expected.json" profiler=perf version="$(perf --version | awk '{print $3}')" event=cpu-clock samples:="$samples" eventCount:="$count"
  cp "$f.expected.json" "$fs.expected.json"
  size_ok "$f"; size_ok "$fs"
}

record_callgrind() {
  mkdir -p "$out/callgrind"
  build_c
  local f="$out/callgrind/hot.callgrind.out"
  valgrind --tool=callgrind --callgrind-out-file="$f" "$work/hot" 0.01 >/dev/null 2>"$work/vg.err"
  # callgrind_annotate's program total of instructions (Ir) and the per-function Ir of the program's own functions.
  callgrind_annotate --threshold=100 "$f" >"$work/ann.txt" 2>/dev/null
  local numbers; numbers=$(python3 - "$work/ann.txt" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
total = int(re.search(r"^([0-9,]+) (?:\(100\.0%\)\s+)?PROGRAM TOTALS", text, re.M).group(1).replace(",", ""))
# The file:function table ends at the next rule; callgrind names recursion levels fib'2, fib'3...
table = text.split("file:function", 1)[1].split("\n-----", 2)[1]
fns = {}
for m in re.finditer(r"^\s*([0-9,]+) (?:\([ 0-9.]+%\)\s+)?\S*hot\.c:(\S+)", table, re.M):
    fns[m.group(2)] = int(m.group(1).replace(",", ""))
print(json.dumps({"totalIr": total, "selfIr": fns}))
PY
)
  expected "$f.expected.json" profiler="valgrind --tool=callgrind" version="$(valgrind --version)" callgrind:="$numbers"
  size_ok "$f"
}

# Load results of examples/services/node under autocannon ($HOTLINE_CACHE/autocannon, scripts/setup.d/70-load.sh):
# Hotline's runner file (autocannon's own result is inside it: the oracle) and a bare `autocannon --json`.
record_load() {
  local ac="${HOTLINE_AUTOCANNON:-${HOTLINE_CACHE:-$HOME/.cache/hotline}/autocannon/node_modules/autocannon}"
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$root/test/fixtures/load"
  setsid node "$root/examples/services/node/server.js" "$port" >"$work/service.out" 2>&1 &
  local pgid=$!
  for _ in $(seq 50); do curl -s "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
  node "$root/src/helpers/autocannon_runner.cjs" "$ac" "{\"url\":\"http://127.0.0.1:$port/queue\",\"connections\":8,\"duration\":2}" "$root/test/fixtures/load/node-queue-c8.autocannon.json" >/dev/null
  node "$ac/autocannon.js" -c 4 -d 2 --json "http://127.0.0.1:$port/slow" >"$root/test/fixtures/load/node-slow-c4.json" 2>/dev/null
  kill -- -"$pgid"
  size_ok "$root/test/fixtures/load/node-queue-c8.autocannon.json"
  size_ok "$root/test/fixtures/load/node-slow-c4.json"
}

for w in "${want[@]}"; do
  case "$w" in
    py-spy) record_pyspy ;; cprofile) record_cprofile ;; node) record_node ;;
    go) record_go ;; perf) record_perf ;; callgrind) record_callgrind ;; load) record_load ;;
    *) echo "record-fixtures: unknown recording '$w'" >&2; exit 2 ;;
  esac
done
