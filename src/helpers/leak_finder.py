"""Hotline leak finder for Python: what grows when one operation runs again and again.

Usage: python leak_finder.py --out FILE [--call main] [--runs 50] [--warmup 3] [--frames 32] -- program.py [args...]

The program is loaded as a module (run_name "__hotline_leaks__", so an `if __name__ == "__main__":`
block does not run) and its top-level function named by --call is the operation. Protocol:
warm-up calls, gc, baseline (tracemalloc snapshot + live objects by type), N calls, gc, second
snapshot, differences ranked; then N calls more, to tell steady growth from a cache filling up. Allocation sites are grouped by the innermost frame in the user's own
code; object kinds are counted with gc.get_objects(). For the kinds that grew most, one new
instance is followed up its referrers to a module global, so the report can say what holds it.
Only the standard library is used: this runs inside the user's interpreter.
"""
import asyncio
import gc
import inspect
import json
import os
import runpy
import sys
import sysconfig
import time
import tracemalloc
import types

HELPER_FILE = os.path.abspath(__file__)
# Frames of Hotline's helpers are never the user's (leak_watch.py adds its own).
HELPER_FILES = {HELPER_FILE}
STDLIB_DIRS = tuple({os.path.abspath(p) for p in (sysconfig.get_paths().get('stdlib'), sysconfig.get_paths().get('platstdlib')) if p})


def parse_args(argv, defaults=None):
    """--key value options until "--" (or the first non-option), then the program and its args.
    Each value takes the type of its default (a None default is a string)."""
    opts = dict(defaults or {'out': None, 'call': 'main', 'runs': 50, 'warmup': 3, 'frames': 32})
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == '--':
            return opts, argv[i + 1:]
        key = a[2:] if a.startswith('--') else None
        if key in opts and i + 1 < len(argv):
            default = opts[key]
            opts[key] = argv[i + 1] if default is None or isinstance(default, str) else type(default)(argv[i + 1])
            i += 2
        else:
            return opts, argv[i:]
    return opts, []


def is_user_file(filename):
    if filename in HELPER_FILES or filename.startswith('<'):
        return False
    if 'site-packages' in filename or 'dist-packages' in filename:
        return False
    return not os.path.abspath(filename).startswith(STDLIB_DIRS)


def function_name(filename, line, cache={}):
    """Enclosing function for a line, by a light scan for def/class lines above it (indentation-aware)."""
    lines = cache.get(filename)
    if lines is None:
        try:
            with open(filename, encoding='utf-8', errors='replace') as f:
                lines = f.read().splitlines()
        except OSError:
            lines = []
        cache[filename] = lines
    if not (0 < line <= len(lines)):
        return '<module>'
    target = lines[line - 1]
    indent = len(target) - len(target.lstrip())
    for i in range(line - 2, -1, -1):
        text = lines[i]
        stripped = text.lstrip()
        if not stripped or stripped.startswith('#'):
            continue
        ind = len(text) - len(stripped)
        if ind < indent and (stripped.startswith('def ') or stripped.startswith('async def ') or stripped.startswith('class ')):
            return stripped.split('(')[0].split(':')[0].replace('async ', '').replace('def ', '').replace('class ', '').strip()
        if ind < indent:
            indent = ind
    return '<module>'


def type_census(ignore_ids=frozenset()):
    """{type: [count, bytes]} over gc-tracked objects, leaving out the helper's own (ignore_ids)."""
    census = {}
    for o in gc.get_objects():
        if id(o) in ignore_ids:
            continue
        t = type(o)
        e = census.get(t)
        try:
            size = sys.getsizeof(o)
        except Exception:
            size = 0
        if e is None:
            census[t] = [1, size]
        else:
            e[0] += 1
            e[1] += size
    return census


def type_name(t):
    mod = getattr(t, '__module__', '') or ''
    name = getattr(t, '__qualname__', None) or getattr(t, '__name__', repr(t))
    return name if mod in ('builtins', '__hotline_leaks__', '__main__') else '%s.%s' % (mod, name)


def describe_edge(holder, child, module_dicts):
    """How `holder` refers to `child`, as a path segment."""
    if isinstance(holder, dict):
        mod = module_dicts.get(id(holder))
        for k, v in holder.items():
            if v is child:
                return ('%s.%s' % (mod, k)) if mod else '[%r]' % (k,), 'global' if mod else 'dict'
            if k is child:
                return ('%s (key)' % mod) if mod else '[key %r]' % (k,), 'dict'
        return 'dict', 'dict'
    if isinstance(holder, (list, tuple, set, frozenset)):
        if isinstance(holder, (list, tuple)):
            for i, v in enumerate(holder):
                if v is child:
                    return '%s[%d]' % (type(holder).__name__, i), type(holder).__name__
        return type(holder).__name__, type(holder).__name__
    if isinstance(holder, types.CellType):
        return 'closure cell', 'cell'
    if isinstance(holder, types.FunctionType):
        return 'function %s' % holder.__qualname__, 'function'
    if isinstance(holder, types.MethodType):
        return 'bound method %s' % getattr(holder.__func__, '__qualname__', '?'), 'method'
    return type_name(type(holder)), 'object'


def retainer_path(obj, module_dicts, ignore_ids, max_depth=10, budget=300):
    """Shortest referrer chain from a module global down to obj, as [(text, kind)] root first.

    gc.get_referrers scans every tracked object, so the search stops after `budget` calls.
    """
    frontier = [obj]
    parents = {id(obj): None}
    found = None
    for _ in range(max_depth):
        nxt = []
        for o in frontier:
            budget -= 1
            if budget < 0:
                break
            for r in gc.get_referrers(o):
                rid = id(r)
                if rid in parents or rid in ignore_ids or isinstance(r, types.FrameType):
                    continue
                parents[rid] = (o, r)
                if rid in module_dicts:
                    found = r
                    break
                nxt.append(r)
            if found is not None:
                break
        if found is not None or not nxt:
            break
        frontier = nxt[:2000]
        ignore_ids.add(id(frontier))
        ignore_ids.add(id(nxt))
    if found is None:
        return []
    path = []
    node = found
    while parents.get(id(node)) is not None:
        child, holder = parents[id(node)]
        path.append(describe_edge(holder, child, module_dicts))
        node = child
    path.append((type_name(type(obj)), 'object'))
    return [{'text': t, 'kind': k} for t, k in path]


def container_sizes(g):
    """{global name: (type name, len)} for the program's module-level containers."""
    out = {}
    for k, v in list(g.items()):
        if k.startswith('__') or isinstance(v, (str, bytes, bytearray, type, types.ModuleType)):
            continue
        if isinstance(v, (dict, list, set)) or type(v).__name__ in ('deque', 'OrderedDict', 'defaultdict', 'WeakValueDictionary', 'WeakKeyDictionary', 'WeakSet'):
            try:
                out[k] = (type(v).__name__, len(v))
            except Exception:
                pass
    return out


def in_cycle(obj, depth=4):
    seen = set()
    frontier = [obj]
    for _ in range(depth):
        nxt = []
        for o in frontier:
            for r in gc.get_referents(o):
                if r is obj:
                    return True
                if id(r) not in seen and gc.is_tracked(r):
                    seen.add(id(r))
                    nxt.append(r)
        frontier = nxt[:5000]
    return False


def enter_program(target):
    """sys.argv and sys.path as `python program.py args...` sets them; returns the program's path."""
    path = os.path.abspath(target[0])
    sys.argv = [target[0]] + target[1:]
    sys.path[0] = os.path.dirname(path)  # the program's folder, not this helper's
    return path


def growing_sites(snap_before, snap_after, limit=30):
    """Allocation sites (innermost frame in the user's code) whose traced memory grew, largest first."""
    sites = {}
    for d in snap_after.compare_to(snap_before, 'traceback'):
        if d.size_diff <= 0 and d.count_diff <= 0:
            continue
        frames = list(d.traceback)  # root first
        user = [f for f in frames if is_user_file(f.filename)]
        at = user[-1] if user else frames[-1]
        key = (at.filename, at.lineno)
        s = sites.get(key)
        if s is None:
            s = sites[key] = {'file': at.filename, 'line': at.lineno, 'function': function_name(at.filename, at.lineno),
                              'sizeDiff': 0, 'countDiff': 0, 'size': 0, 'count': 0, 'best': -1, 'traceback': []}
        s['sizeDiff'] += d.size_diff
        s['countDiff'] += d.count_diff
        s['size'] += d.size
        s['count'] += d.count
        if d.size_diff > s['best']:
            s['best'] = d.size_diff
            s['traceback'] = [[f.filename, f.lineno, function_name(f.filename, f.lineno)]
                              for f in frames if f.filename not in HELPER_FILES and os.path.basename(f.filename) != 'runpy.py']
    ranked = sorted(sites.values(), key=lambda s: -s['sizeDiff'])[:limit]
    for s in ranked:
        del s['best']
    return ranked


def growing_kinds(census_before, census_after, ids_before, module_dicts, ignore_ids, only=None, limit=30):
    """Object kinds with more instances than before (only those in `only` when given); for the top
    five, one new instance's retainer path up to a module global and whether it sits in a cycle."""
    kinds = []
    for t, (count, size) in census_after.items():
        if only is not None and t not in only:
            continue
        before = census_before.get(t, [0, 0])
        if count > before[0]:
            kinds.append({'name': type_name(t), 'countBefore': before[0], 'countAfter': count,
                          'countDelta': count - before[0], 'sizeDelta': size - before[1],
                          'definesDel': hasattr(t, '__del__'), '_type': t})
    kinds.sort(key=lambda k: (-k['countDelta'], -k['sizeDelta']))
    kinds = kinds[:limit]
    # Follow one new instance of the top kinds up to a module global.
    wanted = {k['_type']: k for k in kinds[:5]}
    samples = {}
    ignore_ids = set(ignore_ids) | {id(samples), id(wanted), id(kinds), id(ids_before), id(census_before), id(census_after)}
    # Preferably an instance the program's code allocated (not a helper's own), by its tracemalloc traceback.
    fallback = {}
    for o in gc.get_objects():
        t = type(o)
        if t not in wanted or t in samples or id(o) in ids_before or id(o) in ignore_ids:
            continue
        tb = tracemalloc.get_object_traceback(o)
        if tb is not None and is_user_file(tb[-1].filename):
            samples[t] = o
        elif t not in fallback:
            fallback[t] = o
    for t, o in fallback.items():
        samples.setdefault(t, o)
    fallback.clear()
    for t, o in samples.items():
        k = wanted[t]
        k['retainerPath'] = retainer_path(o, module_dicts, set(ignore_ids))
        k['inCycle'] = in_cycle(o)
    samples.clear()
    for k in kinds:
        del k['_type']
    return kinds


def main():
    opts, target = parse_args(sys.argv[1:])
    if not opts['out'] or not target:
        sys.stderr.write(__doc__.split('\n\n')[1] + '\n')
        return 2
    path = enter_program(target)
    result = {'format': 'hotline-leaks', 'version': 1, 'language': 'python', 'program': path,
              'call': opts['call'], 'runs': opts['runs'], 'warmup': opts['warmup'], 'python': sys.version.split()[0]}

    def write():
        with open(opts['out'] + '.tmp', 'w', encoding='utf-8') as f:
            json.dump(result, f)
        os.replace(opts['out'] + '.tmp', opts['out'])

    tracemalloc.start(opts['frames'])
    try:
        namespace = runpy.run_path(path, run_name='__hotline_leaks__')
    except BaseException as e:
        import traceback
        traceback.print_exc()
        result['error'] = 'loading %s failed: %s: %s' % (target[0], type(e).__name__, e)
        write()
        return 1
    op = namespace.get(opts['call'])
    if not callable(op):
        funcs = sorted(k for k, v in namespace.items() if isinstance(v, types.FunctionType) and not k.startswith('_'))
        result['error'] = ('%s defines no function "%s" to run as the operation; name one with --call <function> '
                           '(top-level functions found: %s)' % (target[0], opts['call'], ', '.join(funcs) or 'none'))
        write()
        return 2
    # The module's namespace is not in sys.modules; register it so retainer paths can name its globals
    # (runpy returns a copy: the functions' own __globals__ is the live one).
    module_dicts = {id(m.__dict__): n for n, m in list(sys.modules.items()) if getattr(m, '__dict__', None) is not None}
    program_name = os.path.splitext(os.path.basename(path))[0]
    module_dicts[id(namespace)] = program_name
    live_globals = getattr(op, '__globals__', namespace)
    module_dicts[id(live_globals)] = program_name
    if inspect.iscoroutinefunction(op):
        # async def: each run is awaited on one event loop kept for the whole measurement.
        loop = asyncio.new_event_loop()
        coroutine_op = op
        op = lambda: loop.run_until_complete(coroutine_op())  # noqa: E731

    started = time.monotonic_ns()
    try:
        for _ in range(opts['warmup']):
            op()
        gc.collect()
        globals_before = container_sizes(live_globals)
        # Snapshot first, census second: the baseline snapshot's own tuples then count on both sides.
        snap_before = tracemalloc.take_snapshot()
        census_before = type_census()
        ids_before = {id(o) for o in gc.get_objects()}
        own = {id(census_before), id(ids_before)} | {id(e) for e in census_before.values()}
        own.add(id(own))
        t0 = time.monotonic_ns()
        for _ in range(opts['runs']):
            op()
        result['opNsPerRun'] = (time.monotonic_ns() - t0) / max(1, opts['runs'])
        result['gcCollected'] = gc.collect()
        census_after = type_census(own)
        globals_after = container_sizes(live_globals)
        result['growingGlobals'] = [
            {'name': '%s.%s' % (program_name, k), 'type': t, 'lenBefore': globals_before.get(k, (t, 0))[1], 'lenAfter': n}
            for k, (t, n) in sorted(globals_after.items()) if n > globals_before.get(k, (t, 0))[1]
        ]
        snap_after = tracemalloc.take_snapshot()
        # A second round of N runs, measured on its own: a leak keeps growing, a bounded cache
        # filling up or a one-time warm-up effect does not.
        gc.collect()
        m1 = tracemalloc.get_traced_memory()[0]
        for _ in range(opts['runs']):
            op()
        gc.collect()
        result['secondRoundGrowth'] = tracemalloc.get_traced_memory()[0] - m1
    except BaseException as e:
        import traceback
        traceback.print_exc()
        result['error'] = 'the operation %s() failed: %s: %s' % (opts['call'], type(e).__name__, e)
        write()
        return 1
    tracemalloc.stop()
    result['durationNs'] = time.monotonic_ns() - started
    result['gcGarbage'] = len(gc.garbage)

    ignore = [tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, HELPER_FILE)]
    snap_before = snap_before.filter_traces(ignore)
    snap_after = snap_after.filter_traces(ignore)
    result['tracedBytesBefore'] = sum(s.size for s in snap_before.statistics('filename'))
    result['tracedBytesAfter'] = sum(s.size for s in snap_after.statistics('filename'))

    result['sites'] = growing_sites(snap_before, snap_after)
    result['kinds'] = growing_kinds(census_before, census_after, ids_before, module_dicts, {id(result)})
    write()
    return 0


if __name__ == '__main__':
    sys.exit(main())
