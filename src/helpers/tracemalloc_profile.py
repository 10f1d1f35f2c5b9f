"""Runs a Python program under tracemalloc and writes its allocations as JSON for Hotline.

Usage: python tracemalloc_profile.py --out FILE [--frames 64] [--interval-ms 2] -- program.py [args...]
       python tracemalloc_profile.py --out FILE -- -m package.module [args...]

The program runs with runpy as __main__, with sys.argv as it would see it. Two snapshots are kept:
"peak" (taken by a watcher thread each time traced memory grows by 5%, so the last one is close to
the high-water mark) and "end" (what is still alive when the program returns). Each snapshot lists
distinct allocation stacks (root first) with bytes and block counts. Frames carry the enclosing
function's qualified name, found with ast, since tracemalloc records only file and line.
Only the standard library is used: this runs inside the user's interpreter.
"""
import ast
import gc
import json
import os
import sys
import threading
import time
import tracemalloc

from hotline_program import encode_snapshot, is_runner_frame, prepare, run

HELPER_FILE = os.path.abspath(__file__)
MAX_STACKS = 20000


def parse_args(argv):
    out, frames, interval_ms = None, 64, 2.0
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == '--':
            return out, frames, interval_ms, argv[i + 1:]
        if a == '--out':
            out = argv[i + 1]
            i += 2
        elif a == '--frames':
            frames = max(1, int(argv[i + 1]))
            i += 2
        elif a == '--interval-ms':
            interval_ms = max(1.0, float(argv[i + 1]))
            i += 2
        else:
            return out, frames, interval_ms, argv[i:]
    return out, frames, interval_ms, []


def is_helper_frame(filename):
    return is_runner_frame(filename, HELPER_FILE)


class FunctionNames:
    """Maps (file, line) to the innermost enclosing def/class qualified name, via ast."""

    def __init__(self):
        self.by_file = {}

    def ranges(self, filename):
        if filename in self.by_file:
            return self.by_file[filename]
        spans = []
        try:
            with open(filename, 'rb') as f:
                tree = ast.parse(f.read(), filename)

            def walk(node, prefix):
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                        name = prefix + child.name
                        spans.append((child.lineno, getattr(child, 'end_lineno', child.lineno) or child.lineno, name))
                        walk(child, name + '.')
                    else:
                        walk(child, prefix)

            walk(tree, '')
        except (OSError, SyntaxError, ValueError, RecursionError):
            spans = None
        self.by_file[filename] = spans
        return spans

    def name(self, filename, line):
        if filename.startswith('<frozen '):
            return filename[len('<frozen '):].rstrip('>')
        spans = self.ranges(filename)
        if spans is None:
            return '<unknown>'
        best = None
        for start, end, name in spans:
            if start <= line <= end and (best is None or start >= best[0]):
                best = (start, name)
        return best[1] if best else '<module>'


def raw_traces(snapshot):
    """(size, frames most-recent-first, total_nframe) per traced block."""
    traces = getattr(snapshot.traces, '_traces', None)
    if traces is not None:
        for t in traces:
            yield t[1], t[2], (t[3] if len(t) > 3 else None)
    else:
        for t in snapshot.traces:
            frames = tuple((f.filename, f.lineno) for f in reversed(list(t.traceback)))
            yield t.size, frames, t.traceback.total_nframe


def group_snapshot(snapshot):
    """Groups blocks by their full stack; returns {stack_tuple_root_first: [size, count, truncated]}."""
    groups = {}
    for size, frames, total in raw_traces(snapshot):
        # The watcher thread's own bookkeeping: a helper frame under a root that is not the helper's main.
        if frames and frames[-1][0] != HELPER_FILE and any(f[0] == HELPER_FILE for f in frames):
            continue
        stack = tuple(reversed(frames))
        truncated = total is not None and total > len(frames)
        cut = 0
        while cut < len(stack) - 1 and is_helper_frame(stack[cut][0]):
            cut += 1
        stack = stack[cut:]
        g = groups.get(stack)
        if g is None:
            groups[stack] = [size, 1, truncated]
        else:
            g[0] += size
            g[1] += 1
    return groups


class PeakWatcher(threading.Thread):
    """Keeps the snapshot taken nearest the high-water mark, and records a traced-memory timeline.

    A snapshot is taken each time traced memory passes the last one by 5%, so there are only
    logarithmically many; grouping waits for the end so the thread stays quick between polls.
    """

    def __init__(self, interval_s):
        super().__init__(daemon=True, name='hotline-tracemalloc-watcher')
        self.interval_s = interval_s
        self.stop_event = threading.Event()
        self.peak_snapshot = None
        self.peak_bytes = 0
        self.peak_time_ns = 0
        self.timeline = []
        self.start_ns = time.monotonic_ns()

    def run(self):
        while not self.stop_event.wait(self.interval_s):
            self.check()

    def check(self):
        if not tracemalloc.is_tracing():
            return
        current, _peak = tracemalloc.get_traced_memory()
        now = time.monotonic_ns() - self.start_ns
        if len(self.timeline) < 100000:
            self.timeline.append([now, current])
        if current > max(self.peak_bytes * 1.05, 64 * 1024):
            self.peak_snapshot = tracemalloc.take_snapshot()
            self.peak_bytes = current
            self.peak_time_ns = now


def encode(groups, frame_ids, frames_out, names):
    return encode_snapshot(groups, frame_ids, frames_out, lambda e: [e[0], e[1], names.name(e[0], e[1])], MAX_STACKS)


def main():
    out, nframes, interval_ms, target = parse_args(sys.argv[1:])
    if not out or not target:
        sys.stderr.write('usage: tracemalloc_profile.py --out FILE [--frames N] -- program.py [args...]\n')
        return 2
    program = prepare(target)
    watcher = PeakWatcher(interval_ms / 1000.0)
    exit_code = 0
    error = None
    start = time.monotonic_ns()
    # The watcher polls every interval, but only gets the GIL when the program yields it (every
    # 5 ms by default): a finer switch interval lets the polls happen, so the peak snapshot is close.
    sys.setswitchinterval(min(sys.getswitchinterval(), interval_ms / 1000.0))
    tracemalloc.start(nframes)
    watcher.start()
    try:
        exit_code, error = run(program)
    finally:
        watcher.stop_event.set()
        watcher.join(timeout=5)
        watcher.check()
        end_groups = group_snapshot(tracemalloc.take_snapshot())
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        duration = time.monotonic_ns() - start
        names, frame_ids, frames_out = FunctionNames(), {}, []
        peak_groups = group_snapshot(watcher.peak_snapshot) if watcher.peak_snapshot is not None else end_groups
        watcher.peak_snapshot = None
        doc = {
            'format': 'hotline-tracemalloc',
            'version': 1,
            'python': sys.version.split()[0],
            'command': [sys.executable] + target,
            'cwd': os.getcwd(),
            'frameLimit': nframes,
            'durationNs': duration,
            'exitCode': exit_code,
            'error': error,
            'peakTracedBytes': peak,
            'peakSnapshotTimeNs': watcher.peak_time_ns,
            'peakSnapshotBytes': watcher.peak_bytes,
            'timeline': watcher.timeline,
            'frames': frames_out,
            'snapshots': {
                'peak': encode(peak_groups, frame_ids, frames_out, names),
                'end': encode(end_groups, frame_ids, frames_out, names),
            },
        }
        tmp = out + '.tmp'
        with open(tmp, 'w', encoding='utf-8') as f:
            json.dump(doc, f)
        os.replace(tmp, out)
        gc.collect()
    return exit_code


if __name__ == '__main__':
    sys.exit(main())
