import type { Node } from 'web-tree-sitter';
import type { Rule } from '../rule';
import { descendants, enclosingLoop } from '../syntax';
import { unboundedGrowth } from './rustGrowth';
import { inRustTestCode } from './rustSyntax';

const RS = ['rust'] as const;

// Methods that only borrow their receiver: calling them on a fresh clone copies for nothing.
const BORROWING = new Set([
  'len',
  'is_empty',
  'contains',
  'contains_key',
  'starts_with',
  'ends_with',
  'as_str',
  'as_slice',
  'as_bytes',
  'iter',
  'get',
  'chars',
  'bytes',
  'lines',
  'split',
  'split_whitespace',
  'trim',
  'find',
  'first',
  'last',
  'keys',
  'values',
  'eq',
  'ne',
  'cmp',
  'partial_cmp',
  'to_lowercase',
  'to_uppercase',
  'is_some',
  'is_none',
  'is_ok',
  'is_err',
  'capacity',
]);
const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=']);

// ---- rs/clone-in-loop ----

/** Macros that take their arguments by reference (formatting and assertions). */
const BORROWING_MACROS =
  /^(print|println|eprint|eprintln|format|write|writeln|assert|assert_eq|assert_ne|debug_assert|debug_assert_eq|debug_assert_ne|panic|trace|debug|info|warn|error)$/;
const MUTATING =
  'push|push_str|push_back|push_front|insert|remove|clear|extend|truncate|retain|drain|sort|sort_by|sort_unstable|dedup|append|pop|get_mut|iter_mut|entry';

/** Whether this use of a local only reads it through a borrow: `&x`, a comparison, a `&self` method, a formatting macro. */
function borrowOnly(use: Node): boolean {
  const p = use.parent!;
  if (p.type === 'reference_expression') return !/^&\s*mut\b/.test(p.text);
  if (p.type === 'binary_expression') return COMPARISONS.has(p.childForFieldName('operator')?.text ?? '');
  if (p.type === 'field_expression' && p.childForFieldName('value')?.id === use.id && p.parent?.type === 'call_expression')
    return BORROWING.has(p.childForFieldName('field')?.text ?? '');
  if (p.type === 'token_tree') {
    let m: Node | null = p;
    while (m && m.type === 'token_tree') m = m.parent;
    return m?.type === 'macro_invocation' && BORROWING_MACROS.test(m.childForFieldName('macro')?.text ?? '');
  }
  return false;
}

/**
 * `let name = original.clone();` in a loop where every later use of `name` in its block only borrows
 * it and the loop never changes `original` (a plain local or field path): a borrow of the original
 * would do, so each pass copies the value for nothing. A move (`v.push(name)`, `f(name)`, a return)
 * needs the clone.
 */
function borrowedBinding(letDecl: Node, recv: Node, loop: Node): boolean {
  const pattern = letDecl.childForFieldName('pattern');
  if (pattern?.type !== 'identifier' || letDecl.namedChildren.some((n) => n.type === 'mutable_specifier')) return false;
  if (!/^(self|[a-z_]\w*)(\.[a-z_]\w*)*$/.test(recv.text)) return false;
  const body = loop.childForFieldName('body')!;
  const root = recv.text.split('.')[0];
  const changes = new RegExp(`&\\s*mut\\s+${root}\\b|\\b${root}(\\.\\w+)*\\s*([-+*/|&^]?=)(?!=)|\\b${root}(\\.\\w+)*\\.(${MUTATING})\\(`);
  if (changes.test(body.text.slice(letDecl.endIndex - body.startIndex))) return false;
  const block = letDecl.parent!;
  const uses = [...descendants(block)].filter((n) => n.type === 'identifier' && n.text === pattern.text && n.startIndex >= letDecl.endIndex);
  return uses.length > 0 && uses.every(borrowOnly);
}

const cloneInLoop: Rule = {
  id: 'rs/clone-in-loop',
  languages: RS,
  severity: 'warning',
  title: '.clone() in a loop where a borrow would do',
  message:
    'The clone is only borrowed (by &, a comparison, a &self method or a formatting macro, directly or through the local it is bound to), so each iteration copies the value and its heap data for nothing. Borrow the original instead; remove the .clone().',
  query: '((call_expression function: (field_expression field: (field_identifier) @m)) @target (#eq? @m "clone"))',
  check(c, ctx) {
    c.recv = c.target.childForFieldName('function')!.childForFieldName('value')!;
    if (c.target.childForFieldName('arguments')!.namedChildCount !== 0 || !enclosingLoop(c.target, ctx.grammar) || inRustTestCode(c.target, ctx)) return false;
    const p = c.target.parent!;
    if (p.type === 'reference_expression') return true;
    if (p.type === 'binary_expression') return COMPARISONS.has(p.childForFieldName('operator')?.text ?? '');
    if (p.type === 'field_expression' && p.parent?.type === 'call_expression') return BORROWING.has(p.childForFieldName('field')?.text ?? '');
    if (p.type === 'let_declaration' && p.childForFieldName('value')?.id === c.target.id)
      return borrowedBinding(p, c.recv, enclosingLoop(c.target, ctx.grammar)!);
    return false; // moved into a collection, a function or a binding that is moved on: the clone may be needed
  },
  fix(c) {
    const p = c.target.parent!;
    if (p.type !== 'field_expression') return null; // `&x.clone()` may differ in type from `&x`; only the receiver case is exact
    return {
      title: 'Call the method on the original (remove .clone())',
      edits: [{ start: c.target.startIndex, end: c.target.endIndex, newText: c.recv.text }],
    };
  },
  example: {
    bad: 'for key in &keys {\n    if names.clone().contains(key) { hits += 1; }\n}',
    good: 'for key in &keys {\n    if names.contains(key) { hits += 1; }\n}',
  },
};

// ---- rs/vec-without-capacity ----

/** How many times a `for` over `value` iterates, as a usize expression — only when it is certain. */
function iterationCount(value: Node): string | null {
  const t = value.text.replace(/\s+/g, '');
  let m = /^&(?:mut)?([A-Za-z_][\w.]*)$/.exec(t) ?? /^([A-Za-z_][\w.]*)\.(?:iter|iter_mut|into_iter)\(\)$/.exec(t);
  if (m) return `${m[1]}.len()`;
  m = /^0\.\.([A-Za-z_][\w.]*\.len\(\)|\d+)$/.exec(t);
  if (m) return m[1];
  return null;
}

function statementsAfter(letDecl: Node): Node[] {
  const out: Node[] = [];
  for (let s = letDecl.nextNamedSibling; s; s = s.nextNamedSibling) out.push(s);
  return out;
}

/**
 * The `for` loop that pushes onto `name` unconditionally, with nothing touching `name` before it, and
 * that does not also take from it (a work stack: `stack.push(start); while let Some(s) = stack.pop()`).
 */
function pushingLoop(letDecl: Node, name: string): Node | null {
  const uses = new RegExp(`\\b${name}\\b`);
  for (const s of statementsAfter(letDecl)) {
    const loop = s.type === 'expression_statement' ? s.namedChildren[0] : s;
    if (loop?.type === 'for_expression') {
      const body = loop.childForFieldName('body')!;
      const pushes = body.namedChildren.some((st) => st.type === 'expression_statement' && new RegExp(`^${name}\\.push\\(`).test(st.text));
      if (pushes && new RegExp(`\\b${name}\\s*\\.\\s*(pop|drain|clear|truncate|remove|swap_remove|retain)\\b`).test(body.text)) return null;
      if (pushes) return loop;
    }
    if (uses.test(s.text)) return null;
  }
  return null;
}

const vecWithoutCapacity: Rule = {
  id: 'rs/vec-without-capacity',
  languages: RS,
  severity: 'info',
  title: 'Vec::new() filled by a loop of known length',
  message:
    'The vector starts empty and a loop of known length pushes into it once per iteration, so it reallocates and copies about log2(n) times. Create it with Vec::with_capacity(n).',
  query: '(let_declaration (mutable_specifier) pattern: (identifier) @name value: (_) @target) @let',
  check(c, ctx) {
    if (!/^(Vec::new\(\)|vec!\[\s*\])$/.test(c.target.text) || inRustTestCode(c.target, ctx)) return false;
    return pushingLoop(c.let, c.name.text) !== null;
  },
  // Sure only when the loop's length is known (a slice, a Vec, a `0..n` range): over an iterator
  // chain (a directory walk, a filter, a group_by) the length is not known before the loop.
  // Rust's first push already allocates room for four elements (eight for bytes), so a short vector
  // costs one allocation either way; the evidence of cost is a count that can be large and a loop that
  // pushes every time. A count that is one item's part (`0..self.pattern_len(i)` inside `for i in …`)
  // is usually one or two, a `?`/break/return may end the loop first, and when each element is itself
  // a new allocation (`.clone()`, `vec![…]`, `format!`) the vector's few copies are not what costs.
  confidence(c, ctx) {
    const loop = pushingLoop(c.let, c.name.text)!;
    const value = loop.childForFieldName('value')!;
    if (value.type !== 'range_expression' && !iterationCount(value)) return 'low';
    const body = loop.childForFieldName('body')!;
    if ([...descendants(body)].some((n) => /^(try_expression|break_expression|return_expression|continue_expression)$/.test(n.type))) return 'low';
    const push = body.namedChildren.find((st) => new RegExp(`^${c.name.text}\\.push\\(`).test(st.text))!;
    if (/\.(clone|to_string|to_owned|to_vec)\(\)\s*\)\s*;?$|vec!\[|format!\(|Box::new\(|String::from\(/.test(push.text)) return 'low';
    for (let outer = enclosingLoop(loop, ctx.grammar); outer; outer = enclosingLoop(outer, ctx.grammar)) {
      const bound = outer.childForFieldName('pattern');
      const names = bound ? [...descendants(bound)].filter((n) => n.type === 'identifier').map((n) => n.text) : [];
      if (names.some((v) => new RegExp(`\\b${v}\\b`).test(value.text))) return 'low';
    }
    return 'high';
  },
  fix(c) {
    const loop = pushingLoop(c.let, c.name.text)!;
    const count = iterationCount(loop.childForFieldName('value')!);
    if (!count) return null;
    // The count must mean the same at the `let` as at the loop: no new binding of its variable between.
    const base = count.split('.')[0];
    const between = statementsAfter(c.let)
      .filter((s) => s.endIndex <= loop.startIndex)
      .map((s) => s.text)
      .join('\n');
    if (/^\d+$/.test(count) === false && new RegExp(`\\blet\\s+(mut\\s+)?${base}\\b`).test(between)) return null;
    return {
      title: `Use Vec::with_capacity(${count})`,
      edits: [{ start: c.target.startIndex, end: c.target.endIndex, newText: `Vec::with_capacity(${count})` }],
    };
  },
  example: {
    bad: 'let mut out = Vec::new();\nfor x in &xs {\n    out.push(x * 2);\n}',
    good: 'let mut out = Vec::with_capacity(xs.len());\nfor x in &xs {\n    out.push(x * 2);\n}',
  },
};

// ---- rs/box-dyn-in-loop ----

const boxDynInLoop: Rule = {
  id: 'rs/box-dyn-in-loop',
  languages: RS,
  severity: 'info',
  title: 'Box<dyn Trait> allocated on every loop iteration',
  message:
    'Each iteration heap-allocates a new Box<dyn …> and calls through a vtable, which blocks inlining. Create it once before the loop and reuse it, or use a generic parameter or an enum for static dispatch.',
  query: `[
    (let_declaration type: (generic_type type: (type_identifier) @box type_arguments: (type_arguments (dynamic_type))) value: (call_expression function: (scoped_identifier) @ctor) @target)
    (type_cast_expression value: (call_expression function: (scoped_identifier) @ctor) @target type: (generic_type type: (type_identifier) @box type_arguments: (type_arguments (dynamic_type))))
  ]`,
  check: (c, ctx) => c.box.text === 'Box' && c.ctor.text === 'Box::new' && enclosingLoop(c.target, ctx.grammar) !== null && !inRustTestCode(c.target, ctx),
  example: {
    bad: 'for x in &xs {\n    let f: Box<dyn Fn(i32) -> i32> = Box::new(|v| v * 2);\n    total += f(*x);\n}',
    good: 'let f = |v: i32| v * 2;\nfor x in &xs {\n    total += f(*x);\n}',
  },
};

export const rustRules: Rule[] = [cloneInLoop, vecWithoutCapacity, boxDynInLoop, unboundedGrowth];
