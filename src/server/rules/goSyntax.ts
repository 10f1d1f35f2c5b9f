// Syntax helpers shared by the Go rules (declarations and parameter types, read from the tree).
import type { Node } from 'web-tree-sitter';
import { descendants, enclosingFunction } from '../syntax';

export function functionBody(n: Node): Node | null {
  return enclosingFunction(n)?.childForFieldName('body') ?? null;
}

export interface GoDecl {
  stmt: Node;
  kind: 'var' | 'short';
  type: Node | null;
  value: Node | null;
}

/** The declaration of a single-name local (`var x T [= v]` or `x := v`) before `before` in the function body. */
export function goDeclaration(body: Node, name: string, before: number): GoDecl | null {
  let found: GoDecl | null = null;
  for (const n of descendants(body)) {
    if (n.startIndex >= before) break;
    if (n.type === 'var_spec' && n.childForFieldName('name')?.text === name && n.childrenForFieldName('name').length === 1) {
      const values = n.childForFieldName('value');
      found = { stmt: n.parent!, kind: 'var', type: n.childForFieldName('type'), value: values?.namedChildren.length === 1 ? values.namedChildren[0] : null };
    } else if (n.type === 'short_var_declaration') {
      const left = n.childForFieldName('left')!.namedChildren;
      const right = n.childForFieldName('right')!.namedChildren;
      if (left.length === 1 && right.length === 1 && left[0].text === name) found = { stmt: n, kind: 'short', type: null, value: right[0] };
    }
  }
  return found;
}

export function goParamType(fn: Node | null, name: string): Node | null {
  for (const p of fn?.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p.childrenForFieldName('name').some((n) => n.text === name)) return p.childForFieldName('type');
  }
  return null;
}
