"""What Hotline's Python allocation helpers (tracemalloc, memray) share: running the user's program
as __main__ (sys.argv and sys.path as under `python program.py` or `python -m module`, SIGTERM
turned into SystemExit so a time limit still writes what was traced, the exit code or crash kept)
and encoding grouped allocation stacks into the "hotline-tracemalloc" document.
Only the standard library is used: this runs inside the user's interpreter.
"""
import os
import runpy
import signal
import sys
import traceback

HELPER_FILE = os.path.abspath(__file__)


def prepare(target):
    """Sets sys.argv and sys.path[0] for target (['prog.py', args...] or ['-m', 'mod', args...]).

    Returns the callable that runs it.
    """
    if target[0] == '-m' and len(target) > 1:
        module = target[1]
        sys.argv = [module] + target[2:]
        # As `python -m` does: the current directory first on the path (not the helpers' folder).
        sys.path[0] = os.getcwd()
        return lambda: runpy.run_module(module, run_name='__main__', alter_sys=True)
    path = os.path.abspath(target[0])
    sys.argv = [target[0]] + target[1:]
    # As `python program.py` does: the program's folder first on the path, not the helpers'.
    sys.path[0] = os.path.dirname(path)
    return lambda: runpy.run_path(path, run_name='__main__')


def on_sigterm(signum, _frame):
    raise SystemExit(128 + signum)


def run(program):
    """Runs program() and returns (exit_code, error): a crash is printed and kept, not raised."""
    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        program()
        return 0, None
    except SystemExit as e:
        code = e.code
        if code is not None and not isinstance(code, int):
            sys.stderr.write(str(code) + '\n')
        return (code if isinstance(code, int) else (0 if code is None else 1)), None
    except BaseException as e:  # the program crashed: keep what was traced and say why
        traceback.print_exc()
        return 1, '%s: %s' % (type(e).__name__, e)


def is_runner_frame(filename, helper_file):
    """A frame of the helper itself, of this module or of runpy: not the program's."""
    return (filename == helper_file or filename == HELPER_FILE or os.path.basename(filename) == 'runpy.py'
            or filename.startswith('<frozen runpy'))


def encode_snapshot(groups, frame_ids, frames_out, describe, max_stacks=20000):
    """The document's snapshot from {stack (root first): [bytes, count, truncated]}, heaviest first.

    Frames are interned into frames_out ([file, line, function], via describe(entry)) across
    snapshots through frame_ids; stacks past max_stacks are counted as dropped.
    """
    items = sorted(groups.items(), key=lambda kv: -kv[1][0])
    stacks, dropped, dropped_bytes = [], 0, 0
    for stack, (size, count, truncated) in items:
        if len(stacks) >= max_stacks:
            dropped += 1
            dropped_bytes += size
            continue
        ids = []
        for entry in stack:
            fid = frame_ids.get(entry)
            if fid is None:
                fid = len(frames_out)
                frame_ids[entry] = fid
                frames_out.append(describe(entry))
            ids.append(fid)
        stacks.append({'frames': ids, 'size': size, 'count': count, 'truncated': truncated})
    return {
        'bytes': sum(g[0] for g in groups.values()),
        'blocks': sum(g[1] for g in groups.values()),
        'stacks': stacks,
        'droppedStacks': dropped,
        'droppedBytes': dropped_bytes,
    }
