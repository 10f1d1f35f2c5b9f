import type { Node } from 'web-tree-sitter';
import type { Captures, Fix, Rule, RuleContext } from '../rule';
import { calleeText, contains, descendants, endOfLine, enclosingFunction, enclosingLoop, freshName, identifierUses, indentAt, statementIn } from '../syntax';

const PY = ['python'] as const;

// ---- shared Python helpers ----

const STRING_CALLS =
  /^(str|repr|chr|format|ascii)$|\.(join|format|strip|lstrip|rstrip|lower|upper|replace|title|capitalize|decode|hex|zfill|ljust|rjust|center)$/;

/** True when the expression evidently produces a str. */
function isStringExpr(n: Node | null): boolean {
  if (!n) return false;
  switch (n.type) {
    case 'string':
    case 'concatenated_string':
      return !/^[bB]|^[rR][bB]/.test(n.text);
    case 'parenthesized_expression':
      return isStringExpr(n.namedChildren[0]);
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.text;
      if (op === '%') return isStringExpr(n.childForFieldName('left'));
      return op === '+' && (isStringExpr(n.childForFieldName('left')) || isStringExpr(n.childForFieldName('right')));
    }
    case 'call':
      return STRING_CALLS.test(calleeText(n));
    default:
      return false;
  }
}

/** The scope whose statements can assign a local: the enclosing function's body or the module. */
function scopeOf(n: Node): Node {
  const fn = enclosingFunction(n);
  return (fn?.type === 'function_definition' ? fn.childForFieldName('body') : null) ?? rootOf(n);
}

function rootOf(n: Node): Node {
  let r = n;
  while (r.parent) r = r.parent;
  return r;
}

/** The last plain `name = value` (or `name: T = value`) before `before` in the scope, not inside nested functions. */
function lastAssignment(scope: Node, name: string, before: number): Node | null {
  let last: Node | null = null;
  const owner = scope.type === 'module' ? null : (scope.parent?.id ?? null);
  for (const n of descendants(scope)) {
    if (n.startIndex >= before) break;
    if (n.type !== 'assignment' || n.childForFieldName('left')?.text !== name) continue;
    if ((enclosingFunction(n)?.id ?? null) !== owner) continue; // skip nested functions' locals
    last = n;
  }
  return last;
}

function isAsyncDef(fn: Node | null): boolean {
  return fn?.type === 'function_definition' && fn.text.startsWith('async');
}

const LOOP_TYPES = new Set(['for_statement', 'while_statement']);

// ---- py/string-concat-in-loop ----

/** The annotation of parameter `name` of the function enclosing `at` (`prefix: str`, `prefix: str = ""`). */
function paramAnnotation(at: Node, name: string): string | null {
  const fn = enclosingFunction(at);
  if (fn?.type !== 'function_definition') return null;
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p.type !== 'typed_parameter' && p.type !== 'typed_default_parameter') continue;
    const id = p.type === 'typed_parameter' ? p.namedChildren.find((k) => k.type === 'identifier') : p.childForFieldName('name');
    if (id?.text === name) return p.childForFieldName('type')?.text ?? null;
  }
  return null;
}

/** Whether the local `name` seen at `at` is evidently a str: its last assignment, or a `str` parameter. */
function nameIsString(name: string, at: Node, depth = 0): boolean {
  const init = lastAssignment(scopeOf(at), name, at.startIndex);
  if (!init) return paramAnnotation(at, name) === 'str';
  const right = init.childForFieldName('right');
  if (isStringExpr(right) || init.childForFieldName('type')?.text === 'str') return true;
  // `s = prefix` where `prefix: str` is a parameter (or a str local): one hop.
  return depth === 0 && right?.type === 'identifier' && nameIsString(right.text, init, 1);
}

/**
 * True when the innermost loop's body assigns the name afresh (without reading it) before the `+=`:
 * the string is made new on every pass, so nothing grows across passes.
 */
function freshEachPass(c: Captures, loop: Node): boolean {
  const init = lastAssignment(scopeOf(c.target), c.lhs.text, c.target.startIndex);
  const body = loop.childForFieldName('body');
  if (!init || !body || !contains(body, init)) return false;
  const stmt = statementIn(body, c.target);
  const top = statementIn(body, init);
  // Only a reset at the top level of the loop body counts (a conditional reset still lets it grow).
  return !!stmt && top?.id === init.parent?.id && identifierUses(init.childForFieldName('right') ?? init, c.lhs.text).length === 0;
}

function concatIsString(c: Captures, loop: Node): boolean {
  if (c.lhs.type === 'identifier' && freshEachPass(c, loop)) return false;
  if (isStringExpr(c.rhs)) return true;
  if (c.lhs.type !== 'identifier') return false;
  return nameIsString(c.lhs.text, c.target);
}

/** `s = ""; for …: s += x` → `parts = []; for …: parts.append(x)` then `s = "".join(parts)` after the loop. */
function joinFix(c: Captures, ctx: RuleContext): Fix | null {
  const name = c.lhs.text;
  if (c.lhs.type !== 'identifier') return null;
  const scope = scopeOf(c.target);
  const init = lastAssignment(scope, name, c.target.startIndex);
  const initStmt = init?.parent;
  const block = initStmt?.parent;
  if (!init || initStmt?.type !== 'expression_statement' || !block || init.childForFieldName('right') === null) return null;
  const loop = statementIn(block, c.target);
  if (!loop || !LOOP_TYPES.has(loop.type) || loop.startIndex < initStmt.endIndex) return null;
  // Nothing may read or write the name between the initialisation and the loop, nor inside the loop
  // except the `+=` statements themselves (which must not read it on their right-hand side).
  const between = ctx.text.slice(initStmt.endIndex, loop.startIndex);
  if (new RegExp(`\\b${name}\\b`).test(between)) return null;
  const augs: Node[] = [];
  for (const use of identifierUses(loop, name)) {
    const aug = use.parent;
    if (aug?.type !== 'augmented_assignment' || aug.childForFieldName('left')?.id !== use.id) return null;
    if (aug.childForFieldName('operator')?.text !== '+=' || aug.parent?.type !== 'expression_statement') return null;
    if (identifierUses(aug.childForFieldName('right')!, name).length) return null;
    augs.push(aug);
  }
  if (augs.length === 0) return null;
  const value = init.childForFieldName('right')!.text;
  const parts = freshName(ctx.text, `${name}_parts`);
  const empty = /^[rRuU]?("")$|^[rRuU]?('')$/.test(value);
  const edits = [
    { start: init.startIndex, end: init.endIndex, newText: `${parts} = [${empty ? '' : value}]` },
    ...augs.map((a) => ({ start: a.startIndex, end: a.endIndex, newText: `${parts}.append(${a.childForFieldName('right')!.text})` })),
  ];
  const after = endOfLine(ctx.text, loop.endIndex - 1);
  const nl = after === ctx.text.length && !ctx.text.endsWith('\n') ? '\n' : '';
  edits.push({ start: after, end: after, newText: `${nl}${indentAt(ctx.text, loop.startIndex)}${name} = "".join(${parts})\n` });
  return { title: `Collect the pieces in a list and "".join them after the loop`, edits };
}

const stringConcat: Rule = {
  id: 'py/string-concat-in-loop',
  languages: PY,
  severity: 'warning',
  title: 'String concatenation with += in a loop',
  message:
    'String += in a loop copies the whole string on every iteration (quadratic when CPython cannot resize in place, e.g. under a profiler or with other references). Append the pieces to a list and "".join() them once after the loop.',
  query: `
    (augmented_assignment left: (_) @lhs operator: "+=" right: (_) @rhs) @target
    (assignment left: (identifier) @lhs right: (binary_operator left: (identifier) @self operator: "+" right: (_) @rhs)) @target`,
  // `parts[i] += s` grows a different string per index, not one accumulator: left alone.
  // `s = s + x` is reported too (no quick fix: only the += shape is rewritten).
  check(c, ctx) {
    if (c.lhs.type === 'subscript' || (c.self && c.self.text !== c.lhs.text)) return false;
    const loop = enclosingLoop(c.target, ctx.grammar);
    return loop !== null && concatIsString(c, loop);
  },
  fix: joinFix,
  example: {
    bad: 'out = ""\nfor row in rows:\n    out += f"{row}\\n"',
    good: 'out_parts = []\nfor row in rows:\n    out_parts.append(f"{row}\\n")\nout = "".join(out_parts)',
  },
};

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

function isCliScript(text: string): boolean {
  return /if\s+__name__\s*==\s*['"]__main__['"]/.test(text) || /^\s*(import|from)\s+(argparse|click|typer)\b/m.test(text);
}

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
    if (imp.parent?.type !== 'module' || !HEAVY_MODULES.has(importedModule(imp)) || !isCliScript(ctx.text)) return false;
    const names = boundNames(imp);
    if (names.length === 0) return false;
    // Only worth it (and only possible) when the module is used solely inside functions.
    for (const n of descendants(ctx.root)) {
      if (n.type !== 'identifier' || !names.includes(n.text) || contains(imp, n)) continue;
      if (!enclosingFunction(n)) return false;
    }
    return true;
  },
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
  fix: toThreadFix,
  example: {
    bad: 'async def fetch(url):\n    return requests.get(url, timeout=5)',
    good: 'async def fetch(url):\n    return await asyncio.to_thread(requests.get, url, timeout=5)',
  },
};

// ---- py/del-with-reference-cycle ----

function classOf(n: Node): Node | null {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'class_definition') return p;
  return null;
}

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

const delWithCycle: Rule = {
  id: 'py/del-with-reference-cycle',
  languages: PY,
  severity: 'warning',
  title: '__del__ on an object that references itself',
  message:
    'This object defines __del__ and stores a reference back to itself (directly or through a bound method), so it sits in a reference cycle: it is not freed when the last name goes away but only when the cyclic GC runs, and __del__ runs late or at exit. Store a weakref (weakref.ref / WeakMethod) or use weakref.finalize or a context manager instead of __del__.',
  query: '(assignment left: (attribute object: (identifier) @obj) right: (_) @rhs) @target',
  check(c) {
    const fn = enclosingFunction(c.target);
    const self = fn?.childForFieldName('parameters')?.namedChildren[0]?.text;
    if (!self) return false;
    const rhs = c.rhs.type === 'lambda' ? null : c.rhs;
    const cls = classOf(c.target);
    const boundMethod = (n: Node) =>
      n.type === 'attribute' && n.childForFieldName('object')?.text === self && !!cls && methodNames(cls).has(n.childForFieldName('attribute')!.text);
    const refersToSelf = rhs
      ? rhs.text === self ||
        (boundMethod(rhs) && c.obj.text === self) ||
        ((rhs.type === 'list' || rhs.type === 'tuple' || rhs.type === 'dictionary') && rhs.namedChildren.some((e) => e.text === self))
      : identifierUses(c.rhs, self).length > 0 && c.obj.text === self;
    return refersToSelf && !!cls && definesDel(cls);
  },
  example: {
    bad: 'class Conn:\n    def __init__(self):\n        self.on_close = self.close\n    def __del__(self):\n        self.close()',
    good: 'class Conn:\n    def __init__(self):\n        self._finalizer = weakref.finalize(self, close_socket, self.sock)',
  },
};

// ---- py/unbounded-cache ----

const EVICTION = (name: string) => new RegExp(`\\b${name}\\.(pop|popitem|clear)\\(|\\bdel\\s+${name}\\[|\\blen\\(${name}\\)|\\b${name}\\s*=\\s*\\{`, 'g');

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
    if (!c.name) return /^@\s*(functools\.)?(cache|lru_cache\(\s*(maxsize\s*=\s*)?None\s*\))\s*$/.test(c.target.text);
    const name = c.name.text;
    if (!/cache|memo/i.test(name) || c.dict.namedChildCount > 0) return false;
    const stored = new RegExp(`\\b${name}\\[[^\\]]+\\]\\s*=[^=]|\\b${name}\\.(setdefault|update)\\(`).test(ctx.text);
    const rest = ctx.text.slice(c.target.endIndex);
    return stored && !EVICTION(name).test(rest);
  },
  example: { bad: '@functools.lru_cache(maxsize=None)\ndef load(key): ...', good: '@functools.lru_cache(maxsize=1024)\ndef load(key): ...' },
};

export const pythonRules: Rule[] = [stringConcat, heavyImport, pandasApplyRows, syncIoInAsync, delWithCycle, unboundedCache];
