"""Runs a Python program under memray and writes its allocations as JSON for Hotline.

Usage: python memray_profile.py --out FILE [--native] -- program.py [args...]
       python memray_profile.py --out FILE -- -m package.module [args...]

The same document tracemalloc_profile.py writes ("hotline-tracemalloc", with "tracer": "memray"),
so the rest of Hotline reads both alike. memray sees every allocation, including those of C
extensions that bypass Python's allocator (numpy buffers, for one), which tracemalloc cannot.
"peak" is memray's high-water mark (the allocations alive at the moment memory was highest),
"end" what was still alive at exit; the timeline is memray's heap size over time.
"""
import json
import os
import sys
import tempfile
import time

import memray

from hotline_program import encode_snapshot, is_runner_frame, prepare, run

HELPER_FILE = os.path.abspath(__file__)
MAX_STACKS = 20000
MAX_DEPTH = 128


def parse_args(argv):
    out, native = None, False
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == '--':
            return out, native, argv[i + 1:]
        if a == '--out':
            out = argv[i + 1]
            i += 2
        elif a == '--native':
            native = True
            i += 1
        else:
            return out, native, argv[i:]
    return out, native, []


def is_helper_frame(filename):
    return is_runner_frame(filename, HELPER_FILE)


def encode(records, frame_ids, frames_out):
    groups = {}
    for r in records:
        trace = r.stack_trace(max_stacks=MAX_DEPTH)  # innermost first: (function, file, line)
        stack = tuple((f[1], f[2], f[0]) for f in reversed(trace))
        cut = 0
        while cut < len(stack) and is_helper_frame(stack[cut][0]):
            cut += 1
        if cut == len(stack) and stack:
            continue  # this helper's own allocations (running the program), not the program's
        stack = stack[cut:]
        g = groups.get(stack)
        if g is None:
            groups[stack] = [r.size, r.n_allocations, len(trace) >= MAX_DEPTH]
        else:
            g[0] += r.size
            g[1] += r.n_allocations
    return encode_snapshot(groups, frame_ids, frames_out, list, MAX_STACKS)


def main():
    out, native, target = parse_args(sys.argv[1:])
    if not out or not target:
        sys.stderr.write('usage: memray_profile.py --out FILE [--native] -- program.py [args...]\n')
        return 2
    program = prepare(target)
    capture = os.path.join(tempfile.mkdtemp(prefix='hotline-memray-'), 'capture.bin')
    exit_code, error = 0, None
    start = time.monotonic_ns()
    try:
        with memray.Tracker(capture, native_traces=native, follow_fork=False):
            exit_code, error = run(program)
    finally:
        duration = time.monotonic_ns() - start
        reader = memray.FileReader(capture)
        frame_ids, frames_out = {}, []
        peak = encode(reader.get_high_watermark_allocation_records(merge_threads=True), frame_ids, frames_out)
        end = encode(reader.get_leaked_allocation_records(merge_threads=True), frame_ids, frames_out)
        snaps = list(reader.get_memory_snapshots())
        t0 = snaps[0].time if snaps else 0
        timeline = [[int((s.time - t0) * 1e6), s.heap] for s in snaps][:100000]
        peak_at = max(timeline, key=lambda p: p[1]) if timeline else [0, 0]
        doc = {
            'format': 'hotline-tracemalloc',
            'version': 1,
            'tracer': 'memray',
            'tracerVersion': memray.__version__ if hasattr(memray, '__version__') else None,
            'python': sys.version.split()[0],
            'command': [sys.executable] + target,
            'cwd': os.getcwd(),
            'frameLimit': MAX_DEPTH,
            'durationNs': duration,
            'exitCode': exit_code,
            'error': error,
            'peakTracedBytes': reader.metadata.peak_memory,
            'peakSnapshotTimeNs': peak_at[0],
            'peakSnapshotBytes': peak['bytes'],
            'timeline': timeline,
            'frames': frames_out,
            'snapshots': {'peak': peak, 'end': end},
        }
        reader.close() if hasattr(reader, 'close') else None
        try:
            os.remove(capture)
            os.rmdir(os.path.dirname(capture))
        except OSError:
            pass
        with open(out, 'w') as f:
            json.dump(doc, f)
    return exit_code


if __name__ == '__main__':
    sys.exit(main())
