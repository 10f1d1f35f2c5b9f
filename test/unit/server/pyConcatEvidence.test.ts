// py/string-concat-in-loop, fourth round of the study (docs/lint-study/py-string-concat-in-loop.md): a finding is
// sure only with evidence that the passes grow with the input. Each true positive kept and each false positive
// fixed, as small excerpts of the real code rewritten in the test's own words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { levels } from './helpers';

const id = 'py/string-concat-in-loop';
const lv = (code: string) => levels(id, 'python', code);
/** Every finding of the rule on `code` has confidence `level` (and there is at least one). */
async function all(code: string, level: 'high' | 'low') {
  const found = await lv(code);
  assert.ok(found.length > 0, `no finding on:\n${code}`);
  assert.deepEqual(
    found.map(([, c]) => c),
    found.map(() => level),
    `${JSON.stringify(found)} on:\n${code}`,
  );
}

describe('py/string-concat-in-loop round 4: true positives kept (sure)', () => {
  it('over the lines of a text (email quoprimime: the decoded body, character by character within each line)', async () => {
    await all(
      'def decode(body, nl="\\n"):\n    out = ""\n    for row in body.splitlines():\n        if not row:\n            out += nl\n            continue\n        k = 0\n        while k < len(row):\n            out += row[k]\n            k += 1\n    return out\n',
      'high',
    );
  });
  it('over lines kept in a local (pygments make and rst code blocks) and over the matches of a regex (literate Haskell)', async () => {
    await all(
      'def plain(self, src):\n    parts = src.splitlines(True)\n    kept = ""\n    for ln in parts:\n        if not ln.startswith("#"):\n            kept += ln\n    return kept\n',
      'high',
    );
    await all('def bird(self, src):\n    code = ""\n    for m in LINE.finditer(src):\n        code += m.group(1)\n    return code\n', 'high');
  });
  it('over a token stream of the whole text (pygments DelegatingLexer)', async () => {
    await all(
      'def merged(self, src):\n    buf = ""\n    for pos, kind, val in self.inner.get_tokens_unprocessed(src):\n        if kind is self.mark:\n            buf += val\n    return buf\n',
      'high',
    );
  });
  it("over every line of a file read per class, the string renewed per class (pygments sphinxext: a lexer's example)", async () => {
    assert.deepEqual(
      await lv(
        'def document(classes, folder):\n    for cls in classes:\n        doc = cls.__doc__\n        body = (folder / cls.example).read_text()\n        for row in body.splitlines():\n            doc += f"    {row}\\n"\n        print(doc)\n',
      ),
      [['doc += f"    {row}\\n"', 'high']],
    );
  });
  it('over a tree it walks by recursion (pydoc formattree)', async () => {
    await all(
      'class Doc:\n    def tree(self, entries, depth=0):\n        out = ""\n        for e in entries:\n            if isinstance(e, list):\n                out = out + self.tree(e, depth + 1)\n            else:\n                out = out + " " * depth + e.__name__ + "\\n"\n        return out\n',
      'high',
    );
  });
  it('over a field the class fills while parsing (netrc hosts) or per added row (texttable)', async () => {
    await all(
      'class Logins:\n    def __init__(self, fp):\n        self.hosts = {}\n        self._read(fp)\n    def _read(self, fp):\n        for ln in fp:\n            host, user = ln.split()\n            self.hosts[host] = user\n    def dump(self):\n        rep = ""\n        for host in self.hosts.keys():\n            rep += f"machine {host} login {self.hosts[host]}\\n"\n        return rep\n',
      'high',
    );
    await all(
      'class Grid:\n    def __init__(self):\n        self._rows = []\n    def add(self, row):\n        self._rows.append(row)\n    def many(self, rows):\n        for r in rows:\n            self.add(r)\n    def draw(self):\n        out = ""\n        for r in self._rows:\n            out += " | ".join(r) + "\\n"\n        return out\n',
      'high',
    );
  });
  it('over its own previous value (turtledemo lindenmayer: a sequence rewritten per generation)', async () => {
    await all(
      'def expand(axiom, rules, n):\n    for _ in range(n):\n        nxt = ""\n        for sym in axiom:\n            nxt = nxt + rules.get(sym, sym)\n        axiom = nxt\n    return axiom\n',
      'high',
    );
  });
  it('over a collection the caller passes (logging records, mistune toc, pycparser file declarations)', async () => {
    await all('def render(self, records):\n    rv = ""\n    for rec in records:\n        rv = rv + self.fmt.format(rec)\n    return rv\n', 'high');
    await all('def toc_html(toc):\n    s = "<ul>\\n"\n    for level, key, title in toc:\n        s += f"<li>{title}</li>\\n"\n    return s\n', 'high');
    await all('def visit_Unit(self, node):\n    s = ""\n    for decl in node.decls:\n        s += self.visit(decl) + ";\\n"\n    return s\n', 'high');
  });
  it('in an outer loop of four columns whose inner loop walks the caller’s items (pydoc multicolumn)', async () => {
    await all(
      'def columns(self, items, fmt):\n    out = ""\n    per = (len(items) + 3) // 4\n    for col in range(4):\n        out = out + "<td>"\n        for i in range(per * col, per * col + per):\n            if i < len(items):\n                out = out + fmt(items[i])\n        out = out + "</td>"\n    return out\n',
      'high',
    );
  });
  it("over a DOM collection's length (xml.dom expatbuilder: the notations of a DTD)", async () => {
    await all(
      'def subset(self):\n    dt = self.document.doctype\n    s = ""\n    for i in range(dt.entities.length):\n        s = s + "<!ENTITY %s>" % dt.entities.item(i).nodeName\n    return s\n',
      'high',
    );
  });
});

describe('py/string-concat-in-loop round 4: false positives fixed (hints)', () => {
  it('a repr over a mapping field set whole (featuretools timedelta) and over a field filled only from the constructor (lifelines printer)', async () => {
    await all(
      'class Span:\n    def __init__(self, d):\n        self.parts = d\n    def __str__(self):\n        s = ""\n        for unit, n in self.parts.items():\n            s += f"{n} {unit} "\n        return s\n',
      'low',
    );
    await all(
      'class Summary:\n    def __init__(self, **info):\n        self.rows = []\n        for pair in info.items():\n            self.note(pair)\n    def note(self, pair):\n        self.rows.append(pair)\n    def text(self):\n        s = ""\n        for k, v in self.rows:\n            s += f"{k} = {v}\\n"\n        return s\n',
      'low',
    );
  });
  it('pairs with a literal list of messages (featuretools dfs) and a local list of counts (lifelines at-risk labels)', async () => {
    await all(
      'def warn_unused(groups):\n    texts = ["a: {}\\n", "b: {}\\n"]\n    msg = ""\n    for g, t in zip(groups, texts):\n        if g:\n            msg += t.format(g)\n    return msg\n',
      'low',
    );
    await all(
      'def label(ticks):\n    counts = []\n    for t in ticks:\n        counts.extend([t, t + 1])\n    lbl = ""\n    for i, c in enumerate(counts):\n        lbl += f"{c}\\n"\n    return lbl\n',
      'low',
    );
  });
  it('a mapping parameter (lifelines metadata, yfinance option tables) and the lines of one value’s str()', async () => {
    await all('def meta(self, info):\n    s = ""\n    for k, v in info.items():\n        s += f"{k} = {v}\\n"\n    return s\n', 'low');
    await all('def table(data: dict) -> str:\n    t = ""\n    for k in sorted(data.keys()):\n        t += f"* - {k}\\n"\n    return t\n', 'low');
    await all(
      'def block(self, value):\n    shown = str(value)\n    out = ""\n    for ln in shown.split("\\n"):\n        out += "   |" + ln\n    return out\n',
      'low',
    );
  });
  it('a unique-name counter (backtrader), a dotted name read from a token stream (jinja2) and a local list of a few columns (yfinance)', async () => {
    await all('def unique(mod, name):\n    k = 1\n    while hasattr(mod, name):\n        name += str(k)\n        k += 1\n    return name\n', 'low');
    await all(
      'def dotted(self):\n    name = self.stream.expect("name").value\n    while self.stream.current.type == "dot":\n        name += "." + self.stream.expect("name").value\n    return name\n',
      'low',
    );
    await all(
      'def pretty(fixed):\n    cols = ["Open", "High", "Low", "Close"]\n    s = ""\n    for j in range(len(cols)):\n        s += f"{cols[j]}={fixed[j]} "\n    return s\n',
      'low',
    );
  });
  it('an optional parameter with a default (pycparser declarator modifiers) and an attribute named as one item (a designator’s name parts)', async () => {
    await all('def declarator(self, node, mods=[]):\n    s = node.declname\n    for m in mods:\n        s += "[" + self.visit(m) + "]"\n    return s\n', 'low');
    await all('def visit_Designated(self, node):\n    s = ""\n    for part in node.name:\n        s += "." + part.name\n    return s\n', 'low');
  });
});

describe('py/string-concat-in-loop round 4: trees walked through other methods (tomlkit), and strings renewed per outer pass (jinja2)', () => {
  it('is sure when the loop calls methods that call its own method back (an array of tables rendered through its tables)', async () => {
    await all(
      'class Doc:\n    def table(self, t):\n        cur = ""\n        for k, v in t.items:\n            cur += self.array(v) if v.many else str(v)\n        return cur\n    def array(self, a):\n        cur = ""\n        for t in a.tables:\n            cur += self.entry(t)\n        return cur\n    def entry(self, t):\n        cur = "[[x]]\\n"\n        for k, v in t.value.body:\n            cur += self.table(v)\n        return cur\n',
      'high',
    );
  });
  it('is a hint when only an outer loop recurses and it makes the string new on each pass (a dotted filter name)', async () => {
    assert.deepEqual(
      await lv(
        'class Parser:\n    def filters(self, node):\n        while self.at("pipe"):\n            name = self.take()\n            while self.at("dot"):\n                name += "." + self.take()\n            node = self.call(node, name)\n        return node\n    def call(self, node, name):\n        return self.filters(node)\n',
      ),
      [['name += "." + self.take()', 'low']],
    );
  });
});
