import type { Node } from 'web-tree-sitter';
import type { GrammarId } from './grammars';

// Node types per grammar family. Queries cannot say "inside a loop at any depth", so rules walk .parent.
const FUNCTIONS = new Set([
  // python
  'function_definition',
  'lambda',
  // javascript / typescript
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
  // go
  'method_declaration',
  'func_literal',
  // rust
  'function_item',
  'closure_expression',
]);
const LOOPS = new Set(['for_statement', 'while_statement', 'for_in_statement', 'do_statement', 'for_expression', 'while_expression', 'loop_expression']);
/** Array methods whose callback runs once per element: the callback is a loop body. */
const ITERATING_METHODS = new Set(['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'flatMap']);

function isFunction(n: Node): boolean {
  return FUNCTIONS.has(n.type);
}

/** The body of a loop node (tree-sitter names it `body` in every grammar here). */
export function loopBody(loop: Node): Node | null {
  return loop.childForFieldName('body');
}

export function contains(outer: Node, inner: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/** A JS callback passed to forEach/map/…: returns the call expression, else null. */
function iteratingCallbackCall(fn: Node): Node | null {
  if (fn.type !== 'arrow_function' && fn.type !== 'function_expression' && fn.type !== 'function') return null;
  const args = fn.parent;
  const call = args?.parent;
  if (args?.type !== 'arguments' || call?.type !== 'call_expression') return null;
  const callee = call.childForFieldName('function');
  const prop = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
  return prop && ITERATING_METHODS.has(prop) ? call : null;
}

/**
 * The innermost loop whose body holds `node`, without crossing a function boundary — except JS
 * iteration callbacks, which count as loops (returned as the call expression). Null outside loops.
 */
export function enclosingLoop(node: Node, grammar: GrammarId): Node | null {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (LOOPS.has(p.type)) {
      const body = loopBody(p);
      if (body && contains(body, child)) return p;
      continue; // the loop header runs once per iteration too, but lookups there are rarer; skip
    }
    if (isFunction(p)) {
      if (grammar !== 'python' && grammar !== 'go' && grammar !== 'rust') {
        const call = iteratingCallbackCall(p);
        if (call) return call;
      }
      return null;
    }
  }
  return null;
}

export function enclosingFunction(node: Node): Node | null {
  for (let p = node.parent; p; p = p.parent) if (isFunction(p)) return p;
  return null;
}

/** Every descendant (pre-order) of `node`, including itself. */
export function* descendants(node: Node): Generator<Node> {
  const cursor = node.walk();
  try {
    let depth = 0;
    for (;;) {
      yield cursor.currentNode;
      if (cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      for (;;) {
        if (depth === 0) return;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Identifiers named `name` inside `scope` (any identifier-like node type). */
export function identifierUses(scope: Node, name: string): Node[] {
  const out: Node[] = [];
  for (const n of descendants(scope)) {
    if ((n.type === 'identifier' || n.type === 'shorthand_property_identifier') && n.text === name) out.push(n);
  }
  return out;
}

/** The statement that directly holds `node` within `block` (a child of block), or null. */
export function statementIn(block: Node, node: Node): Node | null {
  let n: Node | null = node;
  while (n && n.parent && n.parent.id !== block.id) n = n.parent;
  return n?.parent?.id === block.id ? n : null;
}

/** Leading whitespace of the line `offset` is on. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Offset just past the end of the line holding `offset` (after its newline, or text end). */
export function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** A fresh identifier based on `base` that does not occur in the text. */
export function freshName(text: string, base: string): string {
  for (let i = 0; ; i++) {
    const name = i === 0 ? base : `${base}${i + 1}`;
    if (!new RegExp(`\\b${name}\\b`).test(text)) return name;
  }
}

/** Callee text of a call, e.g. `time.sleep`, `fs.readFileSync`, `reflect.TypeOf`. */
export function calleeText(call: Node): string {
  return call.childForFieldName('function')?.text ?? '';
}
