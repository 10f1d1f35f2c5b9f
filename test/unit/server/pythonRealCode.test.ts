// Cases from the precision study on real code (docs/lint-study/py-*.md): each false positive fixed and
// each true positive kept, as small excerpts rewritten in the test's own words (the study names the
// file and line each one comes from).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confidences, expectFires, expectSilent } from './helpers';

const py = 'python' as const;

describe('py/string-concat-in-loop on real code', () => {
  const id = 'py/string-concat-in-loop';
  it('is silent where the string is new on every pass (asyncio base_events, distutils install, rlcompleter, dis)', async () => {
    // Reset in the branch that grows it, not at the top of the loop body.
    await expectSilent(
      id,
      py,
      'def f(ctx):\n    for k in ctx:\n        v = ctx[k]\n        if k == "tb":\n            v = "at:\\n"\n            v += fmt(k)\n        out.append(v)\n',
    );
    // The loop variable itself is rebound each pass.
    await expectSilent(id, py, 'for name, path in schemes.items():\n    path = path.replace("$a", "$b")\n    if name == "h":\n        path += "/x"\n');
    await expectSilent(id, py, 'for word in words:\n    if word in special:\n        word = word + ":"\n    found.append(word)\n');
    // Assigned by a tuple unpacking earlier in the same branch.
    await expectSilent(
      id,
      py,
      'for ins in code:\n    if ins.flag:\n        kind, text = describe(ins)\n        if kind:\n            text += ", with format"\n        emit(text)\n',
    );
  });
  it('is silent on an attribute of the loop variable (idlelib browser) and on a += followed by break (unittest)', async () => {
    await expectSilent(id, py, 'for obj in objs:\n    obj.name += "({})".format(", ".join(obj.bases))\n');
    await expectSilent(id, py, 'msg = ""\nfor i in range(n):\n    if a[i] != b[i]:\n        msg += "differ at %d" % i\n        break\n');
  });
  it('does not take datetime.replace(tzinfo=…) for a str (datetimetester)', async () => {
    await expectSilent(id, py, 'def f(start, tz):\n    t = start.replace(tzinfo=tz)\n    while t < end:\n        t += HOUR\n');
    await expectFires(id, py, 'def f(s, xs):\n    t = s.replace("a", "b")\n    for x in xs:\n        t += x\n', ['t += x']);
  });
  it('is a hint in tests, token scanners, per-line buffers, literal lists and *args loops', async () => {
    const low = async (code: string, target: string) => assert.deepEqual(await confidences(id, py, code), [[target, 'low', 'hint']]);
    await low('import unittest\ndef helper(bps):\n    info = ""\n    for bp in bps:\n        info += "%d" % bp\n    return info\n', 'info += "%d" % bp');
    await low(
      'def name(src):\n    result = ""\n    while True:\n        c = src.get()\n        if c == ">":\n            break\n        result += c\n    return result\n',
      'result += c',
    );
    await low(
      'def digits(value):\n    d = ""\n    while value and value[0].isdigit():\n        d += value[0]\n        value = value[1:]\n    return d\n',
      'd += value[0]',
    );
    await low(
      'def lines(src):\n    out = []\n    cur = ""\n    for c in src:\n        cur += c\n        if c == "\\n":\n            out.append(cur)\n            cur = ""\n    return out\n',
      'cur += c',
    );
    await low('ORDER = ["help", "where", "up"]\ndoc = ""\nfor cmd in ORDER:\n    doc += cmd + "\\n"\n', 'doc += cmd + "\\n"');
    await low('def nlst(*args):\n    cmd = "NLST"\n    for arg in args:\n        cmd = cmd + (" " + arg)\n    return cmd\n', 'cmd = cmd + (" " + arg)');
  });
  it('stays sure where the string grows over the whole input (quoprimime, pydoc, netrc)', async () => {
    assert.deepEqual(
      await confidences(
        id,
        py,
        'def decode(encoded):\n    out = ""\n    for line in encoded.splitlines():\n        for c in line:\n            out += c\n    return out\n',
      ),
      [['out += c', 'high', 'warning']],
    );
    assert.deepEqual(await confidences(id, py, 'def tree(entries):\n    html = ""\n    for e in entries:\n        html = html + link(e)\n    return html\n'), [
      ['html = html + link(e)', 'high', 'warning'],
    ]);
  });
});

describe('py/string-concat-in-loop: sizes bounded by what the loop walks (calendar, difflib, warnings, docutils, pygments)', () => {
  const id = 'py/string-concat-in-loop';
  const check = async (code: string, expected: [string, string][]) =>
    assert.deepEqual(
      (await confidences(id, py, code)).map(([t, c]) => [t, c]),
      expected,
    );
  it('is a hint over the weeks of a month, a constant or terminal-sized range, the parts of a dotted name and traceback frames', async () => {
    await check('def month(cal, y, m):\n    s = cal.title(y, m)\n    for wk in cal.monthdays2calendar(y, m):\n        s += cal.row(wk)\n    return s\n', [
      ['s += cal.row(wk)', 'low'],
    ]);
    await check('def ruler():\n    s = ""\n    for i in range(10):\n        s += str(i)\n    return s\n', [['s += str(i)', 'low']]);
    await check(
      'def grab(self):\n    out = ""\n    for y in range(self.maxy + 1):\n        for x in range(self.maxx + 1):\n            out = out + self.cell(y, x)\n        out = out + "\\n"\n    return out\n',
      [
        ['out = out + self.cell(y, x)', 'low'],
        ['out = out + "\\n"', 'low'],
      ],
    );
    await check('def find(dotted):\n    parts = dotted.split(".")\n    seen = parts.pop(0)\n    for p in parts:\n        seen += "." + p\n    return seen\n', [
      ['seen += "." + p', 'low'],
    ]);
    await check('def where(obj):\n    s = ""\n    tb = get_object_traceback(obj)\n    for fr in tb:\n        s += "  at %s\\n" % fr.filename\n    return s\n', [
      ['s += "  at %s\\n" % fr.filename', 'low'],
    ]);
  });
  it('is a hint on runs of one mark, per-character copies and loops over a parameter named as one line', async () => {
    await check(
      'def marks(ops):\n    tags = ""\n    for op, n in ops:\n        if op == "r":\n            tags += "^" * n\n        else:\n            tags += " " * n\n    return tags\n',
      [
        ['tags += "^" * n', 'low'],
        ['tags += " " * n', 'low'],
      ],
    );
    await check('def pad(src):\n    out = ""\n    for ch in src:\n        out += ch if ch == "\\t" else " "\n    return out\n', [
      ['out += ch if ch == "\\t" else " "', 'low'],
    ]);
    await check(
      'def wrap(self, line):\n    n = len(line)\n    out = ""\n    for i in range(0, n // self.width):\n        out += line[i * self.width:(i + 1) * self.width] + "\\n"\n    return out\n',
      [['out += line[i * self.width:(i + 1) * self.width] + "\\n"', 'low']],
    );
  });
  it('is a hint on one item of an outer loop and on scanners up to an ending or testing the current character', async () => {
    await check(
      'def emit(tokens, left):\n    for kind, value in tokens:\n        rest = value\n        value = ""\n        while rest:\n            a, sep, rest = rest.partition(left)\n            value += esc(a)\n        out.write(value)\n',
      [['value += esc(a)', 'low']],
    );
    await check(
      'def formula(reader, end):\n    f = ""\n    line = reader.current()\n    while not line.endswith(end):\n        f += line + "\\n"\n        line = reader.next_line()\n    return f\n',
      [['f += line + "\\n"', 'low']],
    );
    await check('def glob(self, check):\n    g = ""\n    while not self.done() and currentcheck():\n        g += self.skip()\n    return g\n', [
      ['g += self.skip()', 'low'],
    ]);
  });
  it('stays sure on an L-system (reset per generation, but the inner loop walks the whole sequence), a multicolumn table and lines or tokens of a text', async () => {
    await check(
      'def grow(seq, rules, n):\n    for i in range(n):\n        nxt = ""\n        for el in seq:\n            nxt = nxt + rules.get(el, el)\n        seq = nxt\n    return seq\n',
      [['nxt = nxt + rules.get(el, el)', 'high']],
    );
    await check(
      'def columns(items, fmt):\n    html = ""\n    rows = (len(items) + 3) // 4\n    for col in range(4):\n        html = html + "<td>"\n        for i in range(rows * col, rows * col + rows):\n            html = html + fmt(items[i])\n        html = html + "</td>"\n    return html\n',
      [
        ['html = html + "<td>"', 'high'],
        ['html = html + fmt(items[i])', 'high'],
        ['html = html + "</td>"', 'high'],
      ],
    );
    await check(
      'def plain(text):\n    lines = text.splitlines(True)\n    kept = ""\n    for line in lines:\n        if not line.startswith("#"):\n            kept += line\n    return kept\n',
      [['kept += line', 'high']],
    );
    await check(
      'def strip(lexer, text):\n    buf = ""\n    for i, t, v in lexer.tokens(text):\n        if t is NEEDLE:\n            buf += v\n    return buf\n',
      [['buf += v', 'high']],
    );
  });
  it('demotes a per-character copy of a whole text to a hint (docutils odf escape_cdata: a true positive, named in the study)', async () => {
    await check('def escape(text):\n    out = ""\n    for char in text:\n        out += "&#%d;" % ord(char) if ord(char) > 127 else char\n    return out\n', [
      ['out += "&#%d;" % ord(char) if ord(char) > 127 else char', 'low'],
    ]);
  });
});

describe('py/sync-io-in-async and py/del-with-reference-cycle in tests', () => {
  it('a blocking sleep in an async test is a hint (test_timeouts)', async () => {
    assert.deepEqual(await confidences('py/sync-io-in-async', py, 'import time\nclass T:\n    async def test_busy(self):\n        time.sleep(0.1)\n'), [
      ['time.sleep(0.1)', 'low', 'hint'],
    ]);
    assert.deepEqual(await confidences('py/sync-io-in-async', py, 'import time\nasync def serve():\n    time.sleep(0.1)\n'), [
      ['time.sleep(0.1)', 'high', 'warning'],
    ]);
  });
  it('a cycle built on purpose in a test is a hint (test_queue)', async () => {
    const code = 'import unittest\nclass Circular:\n    def __init__(self):\n        self.me = self\n    def __del__(self):\n        pass\n';
    assert.deepEqual(await confidences('py/del-with-reference-cycle', py, code), [['self.me = self', 'low', 'hint']]);
  });
});

describe('py/del-with-reference-cycle recall: cycles through containers', () => {
  const id = 'py/del-with-reference-cycle';
  const withDel = (body: string) => `class C:\n${body}\n    def close(self):\n        pass\n    def __del__(self):\n        self.close()\n`;
  it('fires on a parent listing the child that keeps it, and on self-held bound methods', async () => {
    await expectFires(id, py, withDel('    def __init__(self, parent):\n        self.parent = parent\n        parent.children.append(self)'), [
      'parent.children.append(self)',
    ]);
    await expectFires(id, py, withDel('    def __init__(self):\n        self.handlers = []\n        self.handlers.append(self.close)'), [
      'self.handlers.append(self.close)',
    ]);
    await expectFires(id, py, withDel('    def __init__(self):\n        self.hooks = {}\n        self.hooks["x"] = self.close'), [
      'self.hooks["x"] = self.close',
    ]);
    await expectFires(id, py, withDel('    def add(self):\n        self.pages.append(Page(self))'), ['self.pages.append(Page(self))']);
  });
  it('is silent on a global registry, a weak back-reference, id(self), data attributes and other objects tables', async () => {
    await expectSilent(id, py, withDel('    def __init__(self):\n        REGISTRY.append(self)'));
    await expectSilent(id, py, withDel('    def __init__(self, parent):\n        self.parent = weakref.ref(parent)\n        parent.children.append(self)'));
    await expectSilent(id, py, withDel('    def __init__(self):\n        self.calls.append(id(self))'));
    await expectSilent(id, py, withDel('    def __init__(self, data):\n        self.size = len(data)\n        self.items.append(self.size)'));
    // asyncio selector_events: the loop's table of transports is a WeakValueDictionary.
    await expectSilent(id, py, withDel('    def __init__(self, loop, fd):\n        loop._transports[fd] = self'));
  });
});

describe('py/unbounded-cache on real code', () => {
  const id = 'py/unbounded-cache';
  it('is sure only on methods (every self stays alive), a hint on module caches, silent without arguments', async () => {
    assert.deepEqual(await confidences(id, py, 'import functools\nclass A:\n    @functools.cache\n    def load(self, key):\n        return key\n'), [
      ['@functools.cache', 'high', 'info'],
    ]);
    assert.deepEqual(await confidences(id, py, '@lru_cache(maxsize=None)\ndef tz(h, m):\n    return h\n'), [['@lru_cache(maxsize=None)', 'low', 'hint']]);
    assert.deepEqual(
      await confidences(
        id,
        py,
        '_cache = {}\ndef norm(name):\n    if name in _cache:\n        return _cache[name]\n    _cache[name] = name.lower()\n    return _cache[name]\n',
      ),
      [['_cache = {}', 'low', 'hint']],
    );
    // update_test_data.py: one entry, ever.
    await expectSilent(id, py, '@functools.lru_cache(maxsize=None)\ndef zoneinfo_path():\n    return find()\n');
  });
  it('is silent when the dict is handed on under another name (urllib ftpcache, trimmed by its users)', async () => {
    await expectSilent(
      id,
      py,
      'ftpcache = {}\nclass Opener:\n    def __init__(self):\n        self.ftpcache = ftpcache\n    def open(self, key):\n        ftpcache[key] = connect(key)\n',
    );
  });
});
