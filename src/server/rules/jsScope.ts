import type { Node } from 'web-tree-sitter';
import { contains, descendants, enclosingFunction } from '../syntax';

/** What a JS/TS binding was initialised with or annotated as, as far as the syntax tells. */
export interface JsBinding {
  /** The declarator, parameter or loop header that binds the name. */
  node: Node;
  value: Node | null;
  type: string | null;
}

const SCOPES = new Set(['statement_block', 'program', 'for_statement', 'for_in_statement', 'class_body', 'switch_body']);

function bindingScope(decl: Node): Node | null {
  for (let p = decl.parent; p; p = p.parent) {
    if (SCOPES.has(p.type) || p.type === 'arrow_function' || p.type === 'function_declaration' || p.type === 'function_expression' || p.type === 'method_definition') return p;
  }
  return null;
}

/** The nearest binding of `name` visible at `use` (declarators, parameters, loop variables). */
export function findBinding(root: Node, name: string, use: Node): JsBinding | null {
  let best: JsBinding | null = null;
  for (const n of descendants(root)) {
    if (n.startIndex > use.startIndex) break;
    let binding: JsBinding | null = null;
    if (n.type === 'variable_declarator' && n.childForFieldName('name')?.text === name) {
      binding = { node: n, value: n.childForFieldName('value'), type: n.childForFieldName('type')?.text ?? null };
    } else if ((n.type === 'required_parameter' || n.type === 'optional_parameter') && n.childForFieldName('pattern')?.text === name) {
      binding = { node: n, value: null, type: n.childForFieldName('type')?.text ?? null };
    } else if (n.type === 'identifier' && n.text === name && n.parent?.type === 'formal_parameters') {
      binding = { node: n, value: null, type: null };
    } else if (n.type === 'for_in_statement' && n.childForFieldName('left')?.text.replace(/^(const|let|var)\s+/, '') === name) {
      binding = { node: n, value: null, type: null };
    }
    if (!binding) continue;
    const scope = binding.node.type === 'for_in_statement' ? binding.node : bindingScope(binding.node);
    if (scope && contains(scope, use)) best = binding;
  }
  return best;
}

/** The identifier a member chain starts from: `this.a.b` -> this, `ids` -> ids, `f().x` -> null. */
export function rootIdentifier(n: Node): Node | null {
  let cur: Node | null = n;
  while (cur && (cur.type === 'member_expression' || cur.type === 'subscript_expression' || cur.type === 'non_null_expression' || cur.type === 'parenthesized_expression')) {
    cur = cur.type === 'parenthesized_expression' || cur.type === 'non_null_expression' ? cur.namedChildren[0] : cur.childForFieldName('object');
  }
  return cur && (cur.type === 'identifier' || cur.type === 'this') ? cur : null;
}

/** True when a member chain has no calls or computed parts, so evaluating it twice is harmless. */
export function isPlainChain(n: Node): boolean {
  if (n.type === 'identifier' || n.type === 'this') return true;
  return n.type === 'member_expression' && n.childForFieldName('property')?.type === 'property_identifier' && isPlainChain(n.childForFieldName('object')!);
}

export function isAsyncFunction(fn: Node | null): boolean {
  return !!fn && fn.children.some((c) => c.type === 'async');
}

export function nearestFunction(n: Node): Node | null {
  return enclosingFunction(n);
}

/** Whether `text` (a loop's text, say) writes to the chain `name`: assignment or an in-place array method. */
export function mutates(text: string, name: string): boolean {
  const esc = name.replace(/[.$]/g, (m) => `\\${m}`);
  return new RegExp(`(^|[^.\\w$])${esc}\\s*(=[^=]|\\+=|\\.(push|pop|shift|unshift|splice|fill|copyWithin|sort|reverse|length\\s*=)\\b)|(^|[^.\\w$])${esc}\\[[^\\]]*\\]\\s*=[^=]`).test(text);
}
