import { describe, it } from 'node:test';
import { expectFires, expectSilent } from './helpers';

const py = 'python' as const;

describe('py/string-concat-in-loop', () => {
  const id = 'py/string-concat-in-loop';
  it('fires on the += of a str in for and while loops', async () => {
    await expectFires(id, py, 'out = ""\nfor r in rows:\n    out += str(r)\n', ['out += str(r)']);
    await expectFires(id, py, 'def f(n):\n    s = "x"\n    while n:\n        s += name\n        n -= 1\n', ['s += name']);
    await expectFires(id, py, 'for r in rows:\n    text += f"{r},"\n', ['text += f"{r},"']);
    await expectFires(id, py, 's = ""\nfor r in rows:\n    s = s + r.name\n    t = u + r.name\n', ['s = s + r.name']);
  });
  it('stays silent on numeric +=, list +=, and += outside loops', async () => {
    await expectSilent(id, py, 'total = 0\nfor r in rows:\n    total += r\n');
    await expectSilent(id, py, 'items = []\nfor r in rows:\n    items += [r]\n');
    await expectSilent(id, py, 's = ""\ns += "once"\n');
    await expectSilent(id, py, 'b = b""\nfor r in rows:\n    b += r\n');
    // Found in the standard library (argparse): per-index strings, not one accumulator.
    await expectSilent(id, py, 'for i in range(3):\n    inserts[i] += " ["\n');
  });
  // Found by the labelled corpus (test/fixtures/lint/corpus/python, per_line): new on every pass, nothing grows.
  it('stays silent on a string assigned afresh at the top of the loop body', async () => {
    await expectSilent(
      id,
      py,
      'def f(xs):\n    lines = []\n    for x in xs:\n        line = "- "\n        line += x\n        lines.append(line)\n    return lines\n',
    );
    // Assigned in the outer loop, grown across the inner loop's passes: still reported.
    await expectFires(id, py, 'def f(grid):\n    for row in grid:\n        s = ""\n        for c in row:\n            s += c\n        print(s)\n', ['s += c']);
    // A conditional reset still lets it grow.
    await expectFires(id, py, 'def f(xs):\n    s = ""\n    for x in xs:\n        if len(s) > 60:\n            s = ""\n        s += x\n', ['s += x']);
  });
  // Found by the labelled corpus (with_prefix): only the parameter's annotation says it is a str.
  it('fires when the string starts from a str parameter', async () => {
    await expectFires(id, py, 'def f(prefix: str, parts):\n    s = prefix\n    for p in parts:\n        s += p\n    return s\n', ['s += p']);
    await expectFires(id, py, 'def f(s: str = "", parts=()):\n    for p in parts:\n        s += p\n    return s\n', ['s += p']);
    await expectSilent(id, py, 'def f(start: int, parts):\n    n = start\n    for p in parts:\n        n += p\n    return n\n');
  });
});

describe('py/heavy-import-at-module-level', () => {
  const id = 'py/heavy-import-at-module-level';
  const main = '\nif __name__ == "__main__":\n    main()\n';
  it('fires on a heavy import used only inside functions of a CLI script', async () => {
    await expectFires(id, py, `import pandas as pd\nimport os\n\ndef main():\n    pd.read_csv(os.sys.argv[1])\n${main}`, ['import pandas as pd']);
    await expectFires(id, py, `import argparse\nfrom numpy import array\n\ndef main():\n    array([1])\n`, ['from numpy import array']);
  });
  it('stays silent under if TYPE_CHECKING, in libraries, inside functions, or when used at module level', async () => {
    await expectSilent(
      id,
      py,
      `from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pandas\n\ndef main(df: "pandas.DataFrame"):\n    pass\n${main}`,
    );
    await expectSilent(id, py, 'import pandas as pd\n\ndef load(p):\n    return pd.read_csv(p)\n');
    await expectSilent(id, py, `def main():\n    import pandas as pd\n    pd.read_csv("x")\n${main}`);
    await expectSilent(id, py, `import numpy as np\nZEROS = np.zeros(3)\n\ndef main():\n    print(ZEROS)\n${main}`);
  });
});

describe('py/pandas-apply-rows', () => {
  const id = 'py/pandas-apply-rows';
  it('fires on apply(axis=1) and iterrows loops', async () => {
    await expectFires(id, py, 'df["t"] = df.apply(lambda r: r.a * r.b, axis=1)\n', ['df.apply(lambda r: r.a * r.b, axis=1)']);
    await expectFires(id, py, 'x = df.apply(f, axis="columns")\n', ['df.apply(f, axis="columns")']);
    await expectFires(id, py, 'for i, row in df.iterrows():\n    print(row)\n', ['df.iterrows()']);
  });
  it('stays silent on column-wise apply and itertuples', async () => {
    await expectSilent(id, py, 'df["a"].apply(len)\ndf.apply(sum, axis=0)\n');
    await expectSilent(id, py, 'for row in df.itertuples():\n    print(row)\n');
  });
});

describe('py/sync-io-in-async', () => {
  const id = 'py/sync-io-in-async';
  it('fires on blocking calls directly in async def', async () => {
    await expectFires(id, py, 'async def f(u):\n    time.sleep(1)\n    r = requests.get(u, timeout=3)\n    return open(u).read()\n', [
      'time.sleep(1)',
      'requests.get(u, timeout=3)',
      'open(u)',
    ]);
  });
  it('stays silent in a plain def nested in async def, in to_thread, and in sync code', async () => {
    await expectSilent(id, py, 'async def f(p):\n    def read():\n        return open(p).read()\n    return await asyncio.to_thread(read)\n');
    await expectSilent(id, py, 'async def f():\n    await asyncio.to_thread(time.sleep, 1)\n');
    await expectSilent(id, py, 'async def f(p):\n    return await loop.run_in_executor(None, lambda: open(p).read())\n');
    await expectSilent(id, py, 'def f():\n    time.sleep(1)\n');
  });
});

describe('py/del-with-reference-cycle', () => {
  const id = 'py/del-with-reference-cycle';
  it('fires when a class with __del__ stores a reference to itself', async () => {
    await expectFires(
      id,
      py,
      'class A:\n    def __init__(self):\n        self.me = self\n        self.cb = self.close\n    def close(self): pass\n    def __del__(self):\n        self.close()\n',
      ['self.me = self', 'self.cb = self.close'],
    );
    await expectFires(id, py, 'class Node:\n    def add(self, child):\n        child.parent = self\n    def __del__(self): pass\n', ['child.parent = self']);
  });
  it('stays silent without __del__, with weak references, and on plain attributes', async () => {
    await expectSilent(id, py, 'class A:\n    def __init__(self):\n        self.me = self\n');
    await expectSilent(id, py, 'class A:\n    def add(self, child):\n        child.parent = weakref.ref(self)\n    def __del__(self): pass\n');
    await expectSilent(id, py, 'class A:\n    def __init__(self, x):\n        self.x = x\n        self.n = self.x + 1\n    def __del__(self): pass\n');
    // Found in the standard library (aifc): copying a data attribute is not a bound method.
    await expectSilent(id, py, 'class A:\n    def close(self):\n        self._n = self._written\n    def __del__(self): pass\n');
  });
});

describe('py/unbounded-cache', () => {
  const id = 'py/unbounded-cache';
  it('fires on @cache, lru_cache(maxsize=None) and a module dict that only grows', async () => {
    await expectFires(id, py, '@functools.cache\ndef f(x): return x\n\n@lru_cache(maxsize=None)\ndef g(x): return x\n', [
      '@functools.cache',
      '@lru_cache(maxsize=None)',
    ]);
    await expectFires(id, py, '_cache = {}\n\ndef get(k):\n    if k not in _cache:\n        _cache[k] = load(k)\n    return _cache[k]\n', ['_cache = {}']);
  });
  it('stays silent on bounded caches and dicts that are evicted', async () => {
    await expectSilent(id, py, '@lru_cache(maxsize=256)\ndef f(x): return x\n\n@lru_cache\ndef g(x): return x\n\n@lru_cache()\ndef h(x): return x\n');
    await expectSilent(id, py, '_cache = {}\n\ndef get(k):\n    if len(_cache) > 100:\n        _cache.clear()\n    _cache[k] = 1\n');
    await expectSilent(id, py, 'settings = {}\n\ndef set_opt(k, v):\n    settings[k] = v\n');
  });
});
