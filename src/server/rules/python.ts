import type { Node } from 'web-tree-sitter';
import type { Captures, Fix, Rule, RuleContext } from '../rule';
import { calleeText, contains, descendants, endOfLine, enclosingFunction, identifierUses } from '../syntax';
import { heavyImportConfidence, isCliScript, pandasRowsConfidence } from './pyScripts';
import { stringConcat } from './pyStringConcat';
import { classOf, inTestCode, isAsyncDef } from './pySyntax';

const PY = ['python'] as const;

// ---- py/heavy-import-at-module-level ----

const HEAVY_MODULES = new Set([
  'pandas',
  'numpy',
  'scipy',
  'matplotlib',
  'torch',
  'tensorflow',
  'sklearn',
  'sympy',
  'transformers',
  'seaborn',
  'plotly',
  'cv2',
  'keras',
  'jax',
  'polars',
  'statsmodels',
  'nltk',
  'spacy',
  'boto3',
  'pyarrow',
  'dask',
  'numba',
]);

/** Names an import binds, e.g. `import numpy as np` -> np; `from pandas import DataFrame` -> DataFrame. */
function boundNames(imp: Node): string[] {
  const names: string[] = [];
  for (const child of imp.namedChildren) {
    if (imp.type === 'import_from_statement' && child.id === imp.childForFieldName('module_name')?.id) continue;
    if (child.type === 'aliased_import') names.push(child.childForFieldName('alias')!.text);
    else if (child.type === 'dotted_name') names.push(child.text.split('.')[0]);
    else if (child.type === 'wildcard_import') return [];
  }
  return names;
}

function importedModule(imp: Node): string {
  const mod = imp.type === 'import_from_statement' ? imp.childForFieldName('module_name') : imp.namedChildren[0];
  return (mod?.type === 'aliased_import' ? mod.childForFieldName('name')! : mod)?.text.split('.')[0] ?? '';
}

const heavyImport: Rule = {
  id: 'py/heavy-import-at-module-level',
  languages: PY,
  severity: 'info',
  title: 'Heavy library imported at module level in a command-line script',
  message:
    'This CLI script imports a heavy library at module level, so every run (even --help or a path that never uses it) pays its import time, often hundreds of milliseconds. Import it inside the function that needs it (a lazy import).',
  query: '[(import_statement) (import_from_statement)] @target',
  check(c, ctx) {
    const imp = c.target;
    if (imp.parent?.type !== 'module' || !HEAVY_MODULES.has(importedModule(imp)) || !isCliScript(ctx.root)) return false;
    const names = boundNames(imp);
    if (names.length === 0) return false;
    // Only worth it (and only possible) when the module is used solely inside functions.
    for (const n of descendants(ctx.root)) {
      if (n.type !== 'identifier' || !names.includes(n.text) || contains(imp, n)) continue;
      if (!enclosingFunction(n)) return false;
    }
    return true;
  },
  confidence: (c, ctx) => heavyImportConfidence(boundNames(c.target), ctx.root),
  example: {
    bad: 'import pandas as pd\n\ndef report(path):\n    return pd.read_csv(path)\n\nif __name__ == "__main__":\n    main()',
    good: 'def report(path):\n    import pandas as pd  # paid only when a report is made\n    return pd.read_csv(path)',
  },
};

// ---- py/pandas-apply-rows ----

const pandasApplyRows: Rule = {
  id: 'py/pandas-apply-rows',
  languages: PY,
  severity: 'warning',
  title: 'Row-by-row pandas apply(axis=1) or iterrows()',
  message:
    'apply(..., axis=1) and iterrows() call Python code once per row and build a Series for each, typically 10-100x slower than column operations. Use vectorised column arithmetic, numpy.where/select, or Series.map on a column.',
  query: `[
    (call function: (attribute attribute: (identifier) @method) arguments: (argument_list (keyword_argument name: (identifier) @kw value: (_) @val))) @target
    (for_statement right: (call function: (attribute attribute: (identifier) @method)) @target)
  ]`,
  check(c) {
    if (c.kw) return c.method.text === 'apply' && c.kw.text === 'axis' && /^(1|['"]columns['"])$/.test(c.val.text);
    return c.method.text === 'iterrows';
  },
  confidence: (c, ctx) => pandasRowsConfidence(c.target, ctx),
  example: { bad: 'df["total"] = df.apply(lambda r: r.price * r.qty, axis=1)', good: 'df["total"] = df["price"] * df["qty"]' },
};

// ---- py/sync-io-in-async ----

const BLOCKING =
  /^(time\.sleep|open|input|os\.system|urlopen|urllib\.request\.urlopen|requests\.(get|post|put|patch|delete|head|request)|subprocess\.(run|call|check_call|check_output)|socket\.create_connection|shutil\.(copy|copy2|copyfile|copytree|rmtree|move))$/;

function toThreadFix(c: Captures, ctx: RuleContext): Fix | null {
  const call = c.target;
  const callee = calleeText(call);
  const parent = call.parent!;
  // Moving only open() to a thread leaves the reads and writes on the handle blocking: no fix for it.
  if (callee === 'open' || parent.type === 'await') return null;
  for (let p: Node | null = call.parent; p && p.type !== 'function_definition'; p = p.parent) {
    if (p.type === 'generator_expression') return null; // an await there would turn it into an async generator
  }
  const args = call.childForFieldName('arguments');
  if (args?.type !== 'argument_list') return null;
  const inner = ctx.text.slice(args.startIndex + 1, args.endIndex - 1).trim();
  const awaited = callee === 'time.sleep' ? `await asyncio.sleep(${inner})` : `await asyncio.to_thread(${callee}${inner ? `, ${inner}` : ''})`;
  const bare =
    parent.type === 'expression_statement' ||
    parent.type === 'return_statement' ||
    (parent.type === 'assignment' && parent.childForFieldName('right')?.id === call.id);
  const edits = [{ start: call.startIndex, end: call.endIndex, newText: bare ? awaited : `(${awaited})` }];
  const importEdit = ensureImport(ctx, 'asyncio');
  if (importEdit) edits.push(importEdit);
  return {
    title: callee === 'time.sleep' ? 'Use await asyncio.sleep(...)' : `Run ${callee} in a thread: await asyncio.to_thread(...)`,
    edits,
  };
}

/** An edit adding `import <module>` at the top of the file, or null when it is already imported. */
function ensureImport(ctx: RuleContext, module: string) {
  const stmts = ctx.root.namedChildren;
  if (stmts.some((s) => s.type === 'import_statement' && s.namedChildren.some((n) => n.text === module))) return null;
  let at = 0;
  for (const s of stmts) {
    const docstring = s.type === 'expression_statement' && s.namedChildren[0]?.type === 'string' && at === 0;
    const future = s.type === 'future_import_statement';
    if (docstring || future) at = endOfLine(ctx.text, s.endIndex - 1);
    else if (s.type !== 'comment') break;
  }
  return { start: at, end: at, newText: `import ${module}\n` };
}

const syncIoInAsync: Rule = {
  id: 'py/sync-io-in-async',
  languages: PY,
  severity: 'warning',
  title: 'Blocking call inside async def',
  message:
    'A blocking call inside async def stops the event loop: no other task runs until it returns. Await an async equivalent (asyncio.sleep, aiohttp/httpx, aiofiles) or move it to a thread with await asyncio.to_thread(...).',
  query: `((call function: (_) @fn) @target (#match? @fn "${BLOCKING.source.replace(/\\/g, '\\\\')}"))`,
  check: (c) => BLOCKING.test(c.fn.text) && isAsyncDef(enclosingFunction(c.target)),
  // An async test that sleeps or opens a fixture file on purpose blocks only the test's own loop.
  confidence: (c, ctx) => (inTestCode(c.target, ctx) ? 'low' : 'high'),
  fix: toThreadFix,
  example: {
    bad: 'async def fetch(url):\n    return requests.get(url, timeout=5)',
    good: 'async def fetch(url):\n    return await asyncio.to_thread(requests.get, url, timeout=5)',
  },
};

// ---- py/del-with-reference-cycle ----

/** Names of the methods a class body defines (a stored `self.method` is a bound method: a cycle). */
function methodNames(cls: Node): Set<string> {
  const names = new Set<string>();
  for (const s of cls.childForFieldName('body')?.namedChildren ?? []) {
    const fn = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
    if (fn?.type === 'function_definition') names.add(fn.childForFieldName('name')!.text);
  }
  return names;
}

function definesDel(cls: Node): boolean {
  const body = cls.childForFieldName('body');
  return !!body?.namedChildren.some((s) => {
    const fn = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
    return fn?.type === 'function_definition' && fn.childForFieldName('name')?.text === '__del__';
  });
}

/**
 * `holder.append(x)` closes a cycle when the object ends up reachable from itself: its own list holds
 * a bound method or something built from self (`self.handlers.append(self.on_event)`,
 * `self.children.append(Child(self))`), or a parent it keeps (`self.parent = parent`) lists it
 * (`parent.children.append(self)`). A global registry that lists self keeps it alive, but no cycle.
 */
function containerCycle(call: Node, self: string, fn: Node, boundMethod: (n: Node) => boolean): boolean {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  const holder = call.childForFieldName('function')?.childForFieldName('object');
  if (args.length !== 1 || !holder) return false;
  let root = holder;
  while (root.type === 'attribute') root = root.childForFieldName('object')!;
  const [arg] = args;
  const builtFromSelf =
    // `Page(self)` or `partial(f, self)` keeps self; `id(self)` or `repr(self)` does not.
    (arg.type === 'call' && /^[A-Z]|partial$/.test(calleeText(arg)) && !!arg.childForFieldName('arguments')?.namedChildren.some((a) => a.text === self)) ||
    (arg.type === 'lambda' && identifierUses(arg, self).length > 0);
  if (root.text === self) return holder.id !== root.id && (boundMethod(arg) || builtFromSelf);
  return root.type === 'identifier' && arg.text === self && new RegExp(`\\b${self}\\.\\w+\\s*=\\s*${root.text}\\s*$`, 'm').test(fn.text);
}

const delWithCycle: Rule = {
  id: 'py/del-with-reference-cycle',
  languages: PY,
  severity: 'warning',
  title: '__del__ on an object that references itself',
  message:
    'This object defines __del__ and stores a reference back to itself (directly or through a bound method), so it sits in a reference cycle: it is not freed when the last name goes away but only when the cyclic GC runs, and __del__ runs late or at exit. Store a weakref (weakref.ref / WeakMethod) or use weakref.finalize or a context manager instead of __del__.',
  // `x.attr = …`, `self.handlers[k] = …`, and `holder.append(x)` / `.add(x)` (only @method and @target
  // are captured for calls: every call's captures leave wasm before the predicate runs).
  query: `
    (assignment left: (attribute object: (identifier) @obj) right: (_) @rhs) @target
    (assignment left: (subscript value: (attribute object: (identifier) @obj)) right: (_) @rhs) @target
    ((call function: (attribute attribute: (identifier) @method)) @target (#match? @method "^(append|add|appendleft)$"))`,
  check(c) {
    const fn = enclosingFunction(c.target);
    const self = fn?.childForFieldName('parameters')?.namedChildren[0]?.text;
    const cls = classOf(c.target);
    if (!self || !fn || !cls || !definesDel(cls)) return false;
    const boundMethod = (n: Node) =>
      n.type === 'attribute' && n.childForFieldName('object')?.text === self && methodNames(cls).has(n.childForFieldName('attribute')!.text);
    if (c.method) return containerCycle(c.target, self, fn, boundMethod);
    // `loop._transports[fd] = self` fills another object's table (asyncio's is a WeakValueDictionary).
    if (c.target.childForFieldName('left')?.type === 'subscript' && c.obj.text !== self) return false;
    const rhs = c.rhs.type === 'lambda' ? null : c.rhs;
    const refersToSelf = rhs
      ? rhs.text === self ||
        (boundMethod(rhs) && c.obj.text === self) ||
        ((rhs.type === 'list' || rhs.type === 'tuple' || rhs.type === 'dictionary') && rhs.namedChildren.some((e) => e.text === self))
      : identifierUses(c.rhs, self).length > 0 && c.obj.text === self;
    return refersToSelf;
  },
  // A test building the cycle on purpose (to exercise the collector) is not a bug to fix.
  confidence: (c, ctx) => (inTestCode(c.target, ctx) ? 'low' : 'high'),
  example: {
    bad: 'class Conn:\n    def __init__(self):\n        self.on_close = self.close\n    def __del__(self):\n        self.close()',
    good: 'class Conn:\n    def __init__(self):\n        self._finalizer = weakref.finalize(self, close_socket, self.sock)',
  },
};

// ---- py/unbounded-cache ----

const EVICTION = (name: string) => new RegExp(`\\b${name}\\.(pop|popitem|clear)\\(|\\bdel\\s+${name}\\[|\\blen\\(${name}\\)|\\b${name}\\s*=\\s*\\{`, 'g');

const UNBOUNDED_DECORATOR = /^@\s*(functools\.)?(cache|lru_cache\(\s*(maxsize\s*=\s*)?None\s*\))\s*$/;

/** The function a decorator is on. */
function decorated(decorator: Node): Node | null {
  const def = decorator.parent?.childForFieldName('definition');
  return def?.type === 'function_definition' ? def : null;
}

function parameterCount(fn: Node | null): number {
  return fn?.childForFieldName('parameters')?.namedChildCount ?? 0;
}

/** A plain method (first parameter self): the cache keys on self and keeps every instance alive. */
function isMethod(fn: Node | null): boolean {
  const first = fn?.childForFieldName('parameters')?.namedChildren[0];
  return fn?.parent?.parent?.parent?.type === 'class_definition' && first?.text === 'self';
}

/**
 * Sure only on a method (flake8-bugbear's B019): every `self` it was called on stays alive. A module
 * dict or a cached function is keyed by what the program passes, which on real code is mostly a small
 * vocabulary (encoding names, blueprint paths, platform strings): shown as a hint.
 */
const unboundedCache: Rule = {
  id: 'py/unbounded-cache',
  languages: PY,
  severity: 'info',
  title: 'Cache without a size limit',
  message:
    'This cache has no size limit: it keeps every distinct argument and result for the life of the process (and on methods, keeps every self alive). Memory grows with the input. Use functools.lru_cache(maxsize=N), or evict old entries.',
  query: `[
    (decorator) @target
    (module (expression_statement (assignment left: (identifier) @name right: (dictionary) @dict) @target))
  ]`,
  check(c, ctx) {
    if (!c.name) return UNBOUNDED_DECORATOR.test(c.target.text) && parameterCount(decorated(c.target)) > 0;
    const name = c.name.text;
    if (!/cache|memo/i.test(name) || c.dict.namedChildCount > 0) return false;
    const stored = new RegExp(`\\b${name}\\[[^\\]]+\\]\\s*=[^=]|\\b${name}\\.(setdefault|update)\\(`).test(ctx.text);
    const rest = ctx.text.slice(c.target.endIndex);
    // `self.cache = cache` hands the dict to code that may evict under another name (urllib's ftpcache).
    const aliased = new RegExp(`=\\s*${name}\\s*$`, 'm').test(rest);
    return stored && !aliased && !EVICTION(name).test(rest);
  },
  confidence: (c) => (!c.name && isMethod(decorated(c.target)) ? 'high' : 'low'),
  example: { bad: '@functools.lru_cache(maxsize=None)\ndef load(key): ...', good: '@functools.lru_cache(maxsize=1024)\ndef load(key): ...' },
};

export const pythonRules: Rule[] = [stringConcat, heavyImport, pandasApplyRows, syncIoInAsync, delWithCycle, unboundedCache];
