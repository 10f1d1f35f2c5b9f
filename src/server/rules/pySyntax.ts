// Syntax helpers shared by the Python rules (scopes, assignments, test code), read from the tree.
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../rule';
import { descendants, enclosingFunction } from '../syntax';

export function rootOf(n: Node): Node {
  let r = n;
  while (r.parent) r = r.parent;
  return r;
}

/** The scope whose statements can assign a local: the enclosing function's body or the module. */
export function scopeOf(n: Node): Node {
  const fn = enclosingFunction(n);
  return (fn?.type === 'function_definition' ? fn.childForFieldName('body') : null) ?? rootOf(n);
}

/** The last plain `name = value` (or `name: T = value`) before `before` in the scope, not inside nested functions. */
export function lastAssignment(scope: Node, name: string, before: number): Node | null {
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

export function isAsyncDef(fn: Node | null): boolean {
  return fn?.type === 'function_definition' && fn.text.startsWith('async');
}

export function classOf(n: Node): Node | null {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'class_definition') return p;
  return null;
}

const TEST_IMPORT = /^\s*(import\s+(unittest|pytest)\b|from\s+(unittest|pytest|test(\.support)?)\s+import\b)/m;

/**
 * Test code: a file importing unittest/pytest (or CPython's test.support), a `test_*` function or a
 * `Test*` class. It runs once per test run on small inputs, so a cost found there is rarely worth a fix.
 */
export function inTestCode(n: Node, ctx: RuleContext): boolean {
  if (TEST_IMPORT.test(ctx.text)) return true;
  for (let p = n.parent; p; p = p.parent) {
    const name = p.childForFieldName('name')?.text ?? '';
    if (p.type === 'function_definition' && /^test/.test(name)) return true;
    if (p.type === 'class_definition' && /^Test|Tests?$/.test(name)) return true;
  }
  return false;
}

/** The names of a function's parameters (`self`, `line: str`, `sep=","`, …), in order. */
export function paramNames(fn: Node | null): string[] {
  const names: string[] = [];
  for (const p of fn?.childForFieldName('parameters')?.namedChildren ?? []) {
    const id = p.type === 'identifier' ? p : p.type === 'typed_parameter' ? p.namedChildren.find((k) => k.type === 'identifier') : p.childForFieldName('name');
    if (id) names.push(id.text);
  }
  return names;
}

/**
 * The value `name` was last assigned before `at` in its function, or else (not being a parameter) at module
 * level: `ROMAN = ((…), …)` read by a function of the module.
 */
export function valueBefore(at: Node, name: string): Node | null {
  const scope = scopeOf(at);
  const local = lastAssignment(scope, name, at.startIndex);
  if (local || scope.type === 'module' || paramNames(enclosingFunction(at)).includes(name)) return local?.childForFieldName('right') ?? null;
  const root = rootOf(at);
  return lastAssignment(root, name, root.endIndex)?.childForFieldName('right') ?? null;
}

/** A `for` loop's iterable, or for a bare name the value it was last assigned before the loop (one hop). */
export function iterableOf(loop: Node): Node | null {
  const right = loop.type === 'for_statement' ? loop.childForFieldName('right') : null;
  return right?.type === 'identifier' ? valueBefore(loop, right.text) : right;
}
