"""Hotline whole-program leak watch for Python: what grows while a program runs as itself.

Usage: python leak_watch.py --out FILE [--interval 2.0] [--snapshots 4] [--frames 32] -- program.py [args...]

The program runs as `python program.py` would (its `__main__` block runs). tracemalloc traces
from the start; a watcher thread collects garbage and takes a snapshot every --interval seconds:
traced memory per line of the user's code, live objects by type, the length of the program's
module-level containers. What grew in every interval (not just between two snapshots) is reported
with the same analysis as leak_finder.py (sites with tracebacks first to last snapshot, a retainer
path up to a module global, __del__ and cycles). After the last snapshot the result is written and
the program ended; a program that exits earlier gets a last snapshot first. Every collection the
gc module makes is logged through gc.callbacks (generation, pause, objects collected, traced memory
before and after; the watcher's own collections marked as forced). Standard library only.
"""
import array
import gc
import json
import os
import runpy
import sys
import threading
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import leak_finder as lf  # noqa: E402  (the sibling helper: its census and retainer analysis)
sys.path.pop(0)

WATCH_FILE = os.path.abspath(__file__)
lf.HELPER_FILES.add(WATCH_FILE)


class ProgramPaused:
    """The program's threads wait while the watcher reads its objects: the GIL is not handed over
    on the switch interval, only when the watcher blocks (which it does not until it is done)."""

    def __enter__(self):
        self.interval = sys.getswitchinterval()
        sys.setswitchinterval(1000.0)

    def __exit__(self, *exc):
        sys.setswitchinterval(self.interval)


class GcLog:
    """gc.callbacks: one event per collection, kept in a flat array of floats so logging creates no
    objects that would show up growing in the census."""

    FIELDS = ('atMs', 'generation', 'pauseMs', 'collected', 'uncollectable', 'heapBeforeBytes', 'heapAfterBytes', 'forced')
    MAX_EVENTS = 200000

    def __init__(self, started):
        self.started = started
        self.data = array.array('d')
        self.t0 = 0.0
        self.before = 0
        self.forced = False

    def __call__(self, phase, info):
        if phase == 'start':
            self.t0 = time.perf_counter()
            self.before = tracemalloc.get_traced_memory()[0]
            return
        pause = (time.perf_counter() - self.t0) * 1000
        if len(self.data) >= self.MAX_EVENTS * len(self.FIELDS):
            return
        self.data.extend(((time.monotonic() - self.started) * 1000, info['generation'], pause, info['collected'], info['uncollectable'],
                          self.before, tracemalloc.get_traced_memory()[0], 1.0 if self.forced else 0.0))

    def events(self):
        n = len(self.FIELDS)
        return [dict(zip(self.FIELDS, self.data[i:i + n])) for i in range(0, len(self.data), n)]


def rising(values):
    return all(b > a for a, b in zip(values, values[1:]))


class Watch:
    def __init__(self, opts, path):
        self.opts = opts
        self.path = path
        self.program_name = os.path.splitext(os.path.basename(path))[0]
        self.lock = threading.Lock()
        self.started = time.monotonic()
        self.done = False
        # Per snapshot: when, traced bytes, bytes per user line, objects per type, container lengths.
        self.points = []
        self.first = None
        self.latest = None
        self.ids_first = None
        self.globals = {}
        # The watcher's own containers, left out of the object census.
        self.own = {id(self.points)}
        self.gc_log = GcLog(self.started)
        self.own.update({id(self.gc_log), id(self.gc_log.data)})
        self.result = {'format': 'hotline-leaks', 'version': 1, 'language': 'python', 'program': path, 'call': '',
                       'runs': 0, 'warmup': 0, 'python': sys.version.split()[0]}

    def program_globals(self):
        # While it runs, the program's namespace is runpy's temporary __main__ module: keep it.
        main = sys.modules.get('__main__')
        if main is not None and os.path.abspath(getattr(main, '__file__', '') or '') == self.path:
            self.globals = main.__dict__
        return self.globals

    def take(self):
        self.latest = None
        self.gc_log.forced = True
        try:
            gc.collect()
        finally:
            self.gc_log.forced = False
        census = lf.type_census(self.own)
        containers = lf.container_sizes(self.program_globals())
        snap = tracemalloc.take_snapshot()
        lines = {}
        traced = 0
        # Filtering the snapshot itself is slow (a new copy of every trace): skip the helpers' lines here.
        for st in snap.statistics('lineno'):
            f = st.traceback[0]
            if f.filename in (tracemalloc.__file__, WATCH_FILE, lf.HELPER_FILE):
                continue
            traced += st.size
            if lf.is_user_file(f.filename):
                lines['%s\0%d' % (f.filename, f.lineno)] = st.size
        point = {'atMs': (time.monotonic() - self.started) * 1000, 'tracedBytes': traced, 'lines': lines, 'census': census, 'containers': containers}
        self.own.update({id(point), id(lines), id(census), id(containers)} | {id(v) for v in census.values()} | {id(v) for v in containers.values()})
        self.points.append(point)
        if self.first is None:
            self.first = snap
            self.ids_first = {id(o) for o in gc.get_objects()}
            self.own.add(id(self.ids_first))
        else:
            self.latest = snap

    def run(self):
        code = 0
        try:
            while True:
                time.sleep(self.opts['interval'])
                with self.lock:
                    if self.done:
                        return
                    with ProgramPaused():
                        self.take()
                        if len(self.points) < self.opts['snapshots']:
                            continue
                        self.finish('all snapshots taken')
                    self.write()
                break
        except BaseException as e:
            import traceback
            traceback.print_exc()
            self.result['error'] = 'the leak watch failed: %s: %s' % (type(e).__name__, e)
            self.write()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)

    def finish(self, reason):
        self.done = True
        r = self.result
        pts = self.points
        r['endReason'] = reason
        r['runs'] = max(1, len(pts) - 1)
        r['wholeProgram'] = {'intervalMs': self.opts['interval'] * 1000, 'snapshots': [{'atMs': p['atMs'], 'tracedBytes': p['tracedBytes']} for p in pts]}
        if len(pts) < 3 or self.latest is None:
            r['sites'], r['kinds'], r['growingGlobals'] = [], [], []
            return
        r['tracedBytesBefore'] = pts[0]['tracedBytes']
        r['tracedBytesAfter'] = pts[-1]['tracedBytes']
        steady_types = {t for t in pts[-1]['census'] if rising([p['census'].get(t, [0, 0])[0] for p in pts])}
        module_dicts = {id(m.__dict__): n for n, m in list(sys.modules.items()) if getattr(m, '__dict__', None) is not None}
        module_dicts[id(self.program_globals())] = self.program_name
        kinds = lf.growing_kinds(pts[0]['census'], pts[-1]['census'], self.ids_first, module_dicts, set(self.own) | {id(r)}, only=steady_types)
        by_name = {lf.type_name(t): t for t in steady_types}
        for k in kinds:
            k['counts'] = [p['census'].get(by_name[k['name']], [0, 0])[0] for p in pts]
        r['kinds'] = kinds
        # After the kinds: reading source lines for function names makes new objects of its own.
        steady_lines = {k for k in pts[-1]['lines'] if rising([p['lines'].get(k, 0) for p in pts])}
        r['sites'] = [s for s in lf.growing_sites(self.first, self.latest, limit=200) if '%s\0%d' % (s['file'], s['line']) in steady_lines][:30]
        r['growingGlobals'] = [
            {'name': '%s.%s' % (self.program_name, k), 'type': t, 'lenBefore': pts[0]['containers'].get(k, (t, 0))[1], 'lenAfter': n}
            for k, (t, n) in sorted(pts[-1]['containers'].items())
            if rising([p['containers'].get(k, (t, 0))[1] for p in pts])
        ]
        r['gcGarbage'] = len(gc.garbage)

    def write(self):
        self.result['gcEvents'] = self.gc_log.events()
        out = self.opts['out']
        with open(out + '.tmp', 'w', encoding='utf-8') as f:
            json.dump(self.result, f)
        os.replace(out + '.tmp', out)


def main():
    opts, target = lf.parse_args(sys.argv[1:], {'out': None, 'interval': 2.0, 'snapshots': 4, 'frames': 32})
    if not opts['out'] or not target:
        sys.stderr.write(__doc__.split('\n\n')[1] + '\n')
        return 2
    path = lf.enter_program(target)
    watch = Watch(opts, path)
    tracemalloc.start(opts['frames'])
    gc.callbacks.append(watch.gc_log)
    threading.Thread(target=watch.run, name='hotline-leak-watch', daemon=True).start()
    try:
        runpy.run_path(path, run_name='__main__')
    finally:
        # The program ended before the last snapshot: one more, then what there is.
        with watch.lock:
            if not watch.done:
                watch.take()
                watch.finish('program exited')
                watch.write()
    return 0


if __name__ == '__main__':
    sys.exit(main())
