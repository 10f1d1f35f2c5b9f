"""Runs the user's program as __main__ for Hotline's Python helpers (tracemalloc, memray).

Shared by tracemalloc_profile.py and memray_profile.py: sys.argv and sys.path as the program would
see them under `python program.py` or `python -m module`, SIGTERM turned into SystemExit so a
time limit still writes what was traced, and the program's exit code or crash kept.
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
