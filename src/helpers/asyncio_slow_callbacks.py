"""Hotline asyncio slow-callback recorder: the callbacks and coroutine steps that block the event loop.

Usage: python asyncio_slow_callbacks.py --out FILE [--threshold-ms 20] [--seconds S] [--sample-ms 2] -- program.py [args...]

The program runs as `python program.py` would. Every event loop it creates runs in asyncio's debug
mode with slow_callback_duration set to the threshold, so asyncio itself logs each callback that ran
longer ("Executing <Task ...> took 0.123 seconds"); those records are kept with the coroutine, the
line it was suspended at next (asyncio's "running at FILE:LINE"), the line it resumed from, and the
line that was running most often during the callback: a SIGPROF timer samples the main thread's
frame every --sample-ms (default 2) while a callback runs, and takes the coroutine's own line (the
call in it that blocks), or for a plain callback the innermost line of the user's code. After
--seconds the record is written and the program ended; a program that exits earlier writes at exit.
Standard library only.
"""
import asyncio
import asyncio.base_events
import asyncio.events
import json
import logging
import os
import re
import runpy
import signal
import sys
import threading
import time

STARTED = time.monotonic()
RECORD = {'format': 'hotline-asyncio-slow', 'version': 1, 'python': sys.version.split()[0], 'callbacks': []}
# The step that ran last: the line its Task resumed from and the user lines sampled while it ran,
# read by the log handler right after the step.
STEP = {'resumed': None, 'samples': {}, 'running': False, 'code': None}
HELPER = os.path.abspath(__file__)
LIBRARY = tuple({os.path.abspath(p) + os.sep for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)})
RUNNING_AT = re.compile(r"coro=<(?P<name>[^>]*?)\(\) running at (?P<file>.+?):(?P<line>\d+)>")
HANDLE_AT = re.compile(r"<Handle (?P<name>[^>]*?)\(.*?\) at (?P<file>.+?):(?P<line>\d+)")


class SlowCallbacks(logging.Handler):
    def emit(self, record):
        if not str(record.msg).startswith('Executing %s took') or len(record.args or ()) != 2:
            return
        handle, seconds = record.args
        m = RUNNING_AT.search(handle) or HANDLE_AT.search(handle)
        samples = STEP['samples']
        hottest = max(samples, key=samples.get) if samples else None
        RECORD['callbacks'].append({
            'atMs': (time.monotonic() - STARTED) * 1000,
            'durationMs': seconds * 1000,
            'kind': 'Task' if handle.startswith('<Task') else 'Handle',
            'function': m.group('name') if m else handle[:200],
            'file': os.path.abspath(m.group('file')) if m and not m.group('file').startswith('<') else None,
            'line': int(m.group('line')) if m else None,
            'resumedLine': STEP['resumed'],
            'sampled': {'file': hottest[0], 'line': hottest[1], 'function': hottest[2], 'samples': samples[hottest], 'of': sum(samples.values())} if hottest else None,
        })


def sample(signum, frame):
    """SIGPROF: the running coroutine's line, else the innermost line of the user's code, while a callback runs."""
    if not STEP['running']:
        return
    own = frame
    while own is not None and own.f_code is not STEP['code']:
        own = own.f_back
    if own is not None:
        frame = own
    while frame is not None:
        file = frame.f_code.co_filename
        if not file.startswith('<') and not os.path.abspath(file).startswith(LIBRARY) and os.path.abspath(file) != HELPER:
            key = (os.path.abspath(file), frame.f_lineno, frame.f_code.co_name)
            STEP['samples'][key] = STEP['samples'].get(key, 0) + 1
            return
        frame = frame.f_back


def debug_loops(threshold_s):
    init = asyncio.base_events.BaseEventLoop.__init__

    def debug_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.set_debug(True)
        self.slow_callback_duration = threshold_s

    asyncio.base_events.BaseEventLoop.__init__ = debug_init
    run = asyncio.events.Handle._run

    def remember_resume(self):
        task = getattr(self._callback, '__self__', None)
        coro = task.get_coro() if isinstance(task, asyncio.Task) else None
        frame = getattr(coro, 'cr_frame', None)
        STEP['resumed'] = frame.f_lineno if frame is not None else None
        STEP['code'] = frame.f_code if frame is not None else None
        STEP['samples'] = {}
        STEP['running'] = True
        try:
            return run(self)
        finally:
            STEP['running'] = False

    asyncio.events.Handle._run = remember_resume
    log = logging.getLogger('asyncio')
    log.addHandler(SlowCallbacks())
    log.setLevel(logging.WARNING)
    log.propagate = False


def write(out, reason):
    RECORD['durationMs'] = (time.monotonic() - STARTED) * 1000
    RECORD['endReason'] = reason
    with open(out + '.tmp', 'w', encoding='utf-8') as f:
        json.dump(RECORD, f)
    os.replace(out + '.tmp', out)


def main():
    argv = sys.argv[1:]
    if '--' not in argv:
        sys.stderr.write(__doc__.split('\n\n')[1] + '\n')
        return 2
    opts, target = argv[:argv.index('--')], argv[argv.index('--') + 1:]
    value = lambda name, default: opts[opts.index(name) + 1] if name in opts else default  # noqa: E731
    out = value('--out', None)
    if not out or not target:
        sys.stderr.write(__doc__.split('\n\n')[1] + '\n')
        return 2
    threshold_ms = float(value('--threshold-ms', 20))
    seconds = float(value('--seconds', 0))
    sample_s = float(value('--sample-ms', 2)) / 1000
    RECORD['thresholdMs'] = threshold_ms
    RECORD['sampleMs'] = sample_s * 1000
    RECORD['program'] = os.path.abspath(target[0])
    debug_loops(threshold_ms / 1000)
    signal.signal(signal.SIGPROF, sample)
    signal.setitimer(signal.ITIMER_PROF, sample_s, sample_s)
    if seconds > 0:
        def stop():
            time.sleep(seconds)
            write(out, 'time limit')
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
        threading.Thread(target=stop, name='hotline-asyncio-stop', daemon=True).start()
    sys.argv = target
    sys.path.insert(0, os.path.dirname(os.path.abspath(target[0])))
    try:
        runpy.run_path(target[0], run_name='__main__')
    finally:
        # Stop the sampler first: a SIGPROF that arrives while the interpreter finalizes (its handler
        # gone) would end the process with signal 27 instead of the program's own exit.
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        write(out, 'program exited')
    return 0


if __name__ == '__main__':
    sys.exit(main())
