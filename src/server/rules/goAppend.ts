// go/append-without-prealloc: append in a loop whose final length is known (a range over a collection
// or an int, or a counted for loop) to a slice that starts empty.
import type { Node } from 'web-tree-sitter';
import type { Captures, Confidence, Fix, Rule, RuleContext } from '../rule';
import { calleeText, contains, descendants, enclosingFunction, enclosingLoop, indentAt } from '../syntax';
import { type GoDecl, functionBody, goDeclaration, goParamType, inTestCode, writes } from './goSyntax';

const GO = ['go'] as const;

// ---- go/append-without-prealloc ----

const SLICE_LIKE = new Set(['slice_type', 'array_type', 'map_type']);

const INT_TYPE = /^u?int(8|16|32|64)?$|^uintptr$/;

/** Whether `n` is evidently an integer: an int literal, a len/cap call, or an int-typed parameter or local. */
function isGoInt(n: Node, fn: Node | null): boolean {
  if (n.type === 'int_literal') return true;
  if (n.type === 'call_expression') return /^(len|cap)$/.test(calleeText(n));
  if (n.type !== 'identifier') return false;
  const param = goParamType(fn, n.text);
  if (param) return INT_TYPE.test(param.text);
  const body = fn?.childForFieldName('body');
  const decl = body ? goDeclaration(body, n.text, n.startIndex) : null;
  if (decl?.type) return INT_TYPE.test(decl.type.text);
  return !!decl?.value && decl.value.type !== 'identifier' && isGoInt(decl.value, fn);
}

/**
 * Type evidence for the ranged-over expression: 'sized' (slice/array/map), 'count' (an integer,
 * Go 1.22 `for i := range n`), 'chan', or null.
 */
function rangeKind(xs: Node, fn: Node | null): 'sized' | 'count' | 'chan' | null {
  if (isGoInt(xs, fn)) return 'count';
  if (xs.type !== 'identifier') return null;
  const param = goParamType(fn, xs.text);
  if (param) return SLICE_LIKE.has(param.type) ? 'sized' : param.type === 'channel_type' ? 'chan' : null;
  const body = fn?.childForFieldName('body');
  const decl = body ? goDeclaration(body, xs.text, xs.startIndex) : null;
  const shape =
    decl?.type ??
    (decl?.value?.type === 'composite_literal'
      ? decl.value.childForFieldName('type')
      : decl?.value?.type === 'call_expression' && calleeText(decl.value) === 'make'
        ? decl.value.childForFieldName('arguments')?.namedChildren[0]
        : null);
  if (!shape) return null;
  return SLICE_LIKE.has(shape.type) ? 'sized' : shape.type === 'channel_type' ? 'chan' : null;
}

/** The count of `for i := 0; i < n; i++` (n: a literal, len(x) or a local/parameter the body leaves alone), else null. */
function countedLoop(clause: Node, loop: Node, fn: Node | null): Node | null {
  const init = clause.childForFieldName('initializer');
  const cond = clause.childForFieldName('condition');
  const update = clause.childForFieldName('update');
  if (init?.type !== 'short_var_declaration' || cond?.type !== 'binary_expression' || update?.type !== 'inc_statement') return null;
  const left = init.childForFieldName('left')!.namedChildren;
  const right = init.childForFieldName('right')!.namedChildren;
  if (left.length !== 1 || right.length !== 1 || right[0].text !== '0') return null;
  const i = left[0].text;
  if (cond.childForFieldName('left')?.text !== i || cond.childForFieldName('operator')?.text !== '<' || update.namedChildren[0]?.text !== i) return null;
  const n = cond.childForFieldName('right')!;
  const body = loop.childForFieldName('body')!;
  if (writes(body, i) || !isGoInt(n, fn)) return null;
  const simple = n.type === 'int_literal' || n.type === 'identifier' || (n.type === 'call_expression' && /^len\(\w+\)$/.test(n.text));
  if (!simple) return null;
  for (const id of n.type === 'identifier' ? [n.text] : n.type === 'call_expression' ? [n.text.slice(4, -1)] : []) if (writes(body, id)) return null;
  return n;
}

/** The final length of the appended slice: `len(xs)` for a range over a collection, the count for counted loops. */
function loopCount(c: Captures, fn: Node | null): { cap: string; nonNegative: boolean } | null {
  if (c.clause) {
    const n = countedLoop(c.clause, c.loop, fn);
    return n ? { cap: n.text, nonNegative: n.type !== 'identifier' } : null;
  }
  const kind = rangeKind(c.xs, fn);
  if (kind === 'sized') return { cap: `len(${c.xs.text})`, nonNegative: true };
  // `range n` runs zero times for a negative n, where make([]T, 0, n) would panic.
  if (kind === 'count' && /^(\d+|\w+|len\(\w+\))$/.test(c.xs.text)) return { cap: c.xs.text, nonNegative: c.xs.type !== 'identifier' };
  return null;
}

/** The element slice type of an empty-slice declaration: `var out []T`, `out := []T{}`, `make([]T, 0)`. */
function emptySliceType(decl: GoDecl): string | null {
  if (decl.kind === 'var' && !decl.value) return decl.type?.type === 'slice_type' ? decl.type.text : null;
  const v = decl.value;
  if (v?.type === 'composite_literal' && v.childForFieldName('type')?.type === 'slice_type' && v.childForFieldName('body')?.namedChildCount === 0)
    return v.childForFieldName('type')!.text;
  if (v?.type === 'call_expression' && calleeText(v) === 'make') {
    const args = v.childForFieldName('arguments')!.namedChildren;
    if (args.length === 2 && args[0].type === 'slice_type' && args[1].text === '0') return args[0].text;
  }
  return null;
}

function appendDecl(c: Captures): GoDecl | null {
  const body = functionBody(c.target);
  return body ? goDeclaration(body, c.lhs.text, c.target.startIndex) : null;
}

function preallocFix(c: Captures, ctx: RuleContext): Fix | null {
  const decl = appendDecl(c)!;
  const type = emptySliceType(decl);
  const fn = enclosingFunction(c.target);
  const count = loopCount(c, fn);
  if (!type || !count) return null;
  const name = c.lhs.text;
  const make = `make(${type}, 0, ${count.cap})`;
  const capVar = /^len\((\w+)\)$/.exec(count.cap)?.[1] ?? (/^\w+$/.test(count.cap) && !/^\d/.test(count.cap) ? count.cap : null);
  if (decl.kind === 'var') {
    // `var out []T` stays nil when the loop does not run; keep that (json, == nil) by allocating only
    // when needed — which also keeps make from panicking on a negative count.
    const loop = c.loop;
    const list = loop.parent;
    if (list?.type !== 'statement_list') return null;
    const indent = indentAt(ctx.text, loop.startIndex);
    return {
      title: `Preallocate ${name} with ${make}`,
      edits: [{ start: loop.startIndex, end: loop.startIndex, newText: `if ${count.cap} > 0 {\n${indent}\t${name} = ${make}\n${indent}}\n${indent}` }],
    };
  }
  // In place: the count must not be negative (make would panic where the loop runs zero times) and
  // its variable must already be in scope at the declaration.
  if (!count.nonNegative) return null;
  if (capVar) {
    const param = goParamType(fn, capVar);
    const body = fn?.childForFieldName('body');
    const capDecl = body ? goDeclaration(body, capVar, c.loop.startIndex) : null;
    if (!param && (!capDecl || capDecl.stmt.endIndex > decl.stmt.startIndex)) return null;
  }
  return { title: `Preallocate ${name} with ${make}`, edits: [{ start: decl.value!.startIndex, end: decl.value!.endIndex, newText: make }] };
}

/** A continue, break, return or goto in the loop body: the append may run fewer than len(xs) times. */
function mayStopEarly(loop: Node): boolean {
  for (const n of descendants(loop.childForFieldName('body')!)) {
    if (/^(continue|break|return|goto)_statement$/.test(n.type)) return true;
  }
  return false;
}

/** Whether the statements after `loop` in its own block end the outer loop's pass for good (break, return, goto). */
function passEndsOuterLoop(loop: Node): boolean {
  for (let s = loop.nextNamedSibling; s; s = s.nextNamedSibling) if (/^(break|return|goto)_statement$/.test(s.type)) return true;
  return false;
}

/** Each element is itself a new string (fmt.Sprintf, .String(), strconv): its allocation dwarfs the slice's few copies. */
const FORMATTED = /^(fmt\.Sprint\w*|strconv\.\w+|strings\.\w+)$|\.String$/;

/**
 * Sure when the slice grows with the data on a path that repeats: it is built again on every pass of
 * an outer loop that goes on after the pass (not a `for {}` retry, not a pass that ends in break or
 * return: an error report, a one-shot search), the inner loop runs over a collection or count that is
 * not a literal (a literal list or `i < 16` is short and fixed), is not a call that may be an iterator
 * (range-over-func has no length), appends on every pass, and what it appends is not a freshly
 * formatted string.
 */
function appendCostConfidence(c: Captures, ctx: RuleContext): Confidence {
  if (mayStopEarly(c.loop)) return 'low';
  const outer = enclosingLoop(c.loop, ctx.grammar);
  if (!outer || !contains(outer, appendDecl(c)!.stmt) || outer.namedChildren.length === 1 || passEndsOuterLoop(c.loop)) return 'low';
  const value = c.target.childForFieldName('arguments')!.namedChildren[1];
  if (value?.type === 'call_expression' && FORMATTED.test(calleeText(value))) return 'low';
  if (c.clause) return countedLoop(c.clause, c.loop, enclosingFunction(c.target))?.type === 'int_literal' ? 'low' : 'high';
  if (c.xs.type === 'composite_literal' || c.xs.type === 'int_literal') return 'low';
  return rangeKind(c.xs, enclosingFunction(c.target)) === null && c.xs.type === 'call_expression' ? 'low' : 'high';
}

export const appendPrealloc: Rule = {
  id: 'go/append-without-prealloc',
  languages: GO,
  severity: 'info',
  title: 'append in a loop of known length without preallocation',
  message:
    'The loop appends once per element of a collection whose length is known, but the slice starts empty, so append reallocates and copies it about log2(n) times. Preallocate: make([]T, 0, len(xs)).',
  query: `
    (for_statement (range_clause left: (expression_list) @vars right: (_) @xs) body: (block (statement_list
      (assignment_statement left: (expression_list . (identifier) @lhs .) right: (expression_list . (call_expression function: (identifier) @fn arguments: (argument_list . (identifier) @first)) @target .))))) @loop
    (for_statement (for_clause) @clause body: (block (statement_list
      (assignment_statement left: (expression_list . (identifier) @lhs .) right: (expression_list . (call_expression function: (identifier) @fn arguments: (argument_list . (identifier) @first)) @target .))))) @loop`,
  check(c, ctx) {
    if (c.fn.text !== 'append' || c.first.text !== c.lhs.text) return false;
    if (/\.\.\.\s*\)$/.test(c.target.childForFieldName('arguments')!.text)) return false; // appends a whole slice: len(xs) is not the final length
    const decl = appendDecl(c);
    if (!decl || !emptySliceType(decl)) return false; // make([]T, 0, n) and friends are fine
    // Touched between the declaration and the loop: preallocated already (what the quick fix inserts),
    // reused (`s = s[:0]` keeps the capacity of the previous pass), or appended to by an earlier loop
    // (x509's SANs: DNS names, then emails), where len(xs) is not the final length and a `make` before
    // this loop would drop what the earlier one added.
    if (new RegExp(`\\b${c.lhs.text}\\b`).test(ctx.text.slice(decl.stmt.endIndex, c.loop.startIndex))) return false;
    const fn = enclosingFunction(c.target);
    if (inTestCode(c.target, ctx)) return false;
    if (c.clause) return countedLoop(c.clause, c.loop, fn) !== null;
    const kind = rangeKind(c.xs, fn);
    return kind === 'sized' || kind === 'count' || (kind === null && c.vars.namedChildCount === 2);
  },
  confidence: appendCostConfidence,
  fix: preallocFix,
  example: {
    bad: 'var names []string\nfor _, u := range users {\n\tnames = append(names, u.Name)\n}',
    good: 'names := make([]string, 0, len(users))\nfor _, u := range users {\n\tnames = append(names, u.Name)\n}',
  },
};
