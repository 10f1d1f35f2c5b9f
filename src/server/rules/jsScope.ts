import type { Node } from 'web-tree-sitter';

/** What a JS/TS binding was initialised with or annotated as, as far as the syntax tells. */
export interface JsBinding {
  /** The declarator, parameter or loop header that binds the name. */
  node: Node;
  value: Node | null;
  type: string | null;
}

const FUNCTION_TYPES = new Set([
  'arrow_function',
  'function_declaration',
  'function_expression',
  'function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
]);

function declaredIn(stmt: Node, name: string): JsBinding | null {
  if (stmt.type === 'lexical_declaration' || stmt.type === 'variable_declaration') {
    for (const d of stmt.namedChildren) {
      if (d.type === 'variable_declarator' && d.childForFieldName('name')?.text === name) {
        return { node: d, value: d.childForFieldName('value'), type: d.childForFieldName('type')?.text ?? null };
      }
    }
  } else if (stmt.type === 'export_statement') {
    const decl = stmt.childForFieldName('declaration');
    return decl ? declaredIn(decl, name) : null;
  }
  return null;
}

function paramBinding(fn: Node, name: string): JsBinding | null {
  const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  if (!params) return null;
  if (params.type === 'identifier') return params.text === name ? { node: params, value: null, type: null } : null;
  for (const p of params.namedChildren) {
    if ((p.type === 'required_parameter' || p.type === 'optional_parameter') && p.childForFieldName('pattern')?.text === name) {
      return { node: p, value: null, type: p.childForFieldName('type')?.text ?? null };
    }
    if (p.type === 'identifier' && p.text === name) return { node: p, value: null, type: null };
    if (p.type === 'assignment_pattern' && p.childForFieldName('left')?.text === name) return { node: p, value: p.childForFieldName('right'), type: null };
  }
  return null;
}

/**
 * The nearest binding of `name` visible at `use`: walks out through blocks, loop headers and
 * functions, looking only at each scope's own declarations (cheap: no whole-file scan).
 */
export function findBinding(_root: Node, name: string, use: Node): JsBinding | null {
  for (let child: Node = use, scope = use.parent; scope; child = scope, scope = scope.parent) {
    if (
      scope.type === 'statement_block' ||
      scope.type === 'program' ||
      scope.type === 'class_body' ||
      scope.type === 'switch_case' ||
      scope.type === 'switch_default'
    ) {
      // Declarations before the use in this block (let/const are not usable earlier anyway).
      let found: JsBinding | null = null;
      for (const stmt of scope.namedChildren) {
        if (stmt.startIndex > child.startIndex) break;
        found = declaredIn(stmt, name) ?? found;
      }
      if (found) return found;
    } else if (scope.type === 'for_in_statement') {
      if (scope.childForFieldName('left')?.text.replace(/^(const|let|var)\s+/, '') === name) return { node: scope, value: null, type: null };
    } else if (scope.type === 'for_statement') {
      const init = scope.childForFieldName('initializer');
      const found = init ? declaredIn(init, name) : null;
      if (found) return found;
    } else if (FUNCTION_TYPES.has(scope.type)) {
      const found = paramBinding(scope, name);
      if (found) return found;
    }
  }
  return null;
}

/** The identifier a member chain starts from: `this.a.b` -> this, `ids` -> ids, `f().x` -> null. */
export function rootIdentifier(n: Node): Node | null {
  let cur: Node | null = n;
  while (
    cur &&
    (cur.type === 'member_expression' || cur.type === 'subscript_expression' || cur.type === 'non_null_expression' || cur.type === 'parenthesized_expression')
  ) {
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

/** Whether `text` (a loop's text, say) writes to the chain `name`: assignment or an in-place array method. */
export function mutates(text: string, name: string): boolean {
  const esc = name.replace(/[.$]/g, (m) => `\\${m}`);
  return new RegExp(
    `(^|[^.\\w$])${esc}\\s*(=[^=]|\\+=|\\.(push|pop|shift|unshift|splice|fill|copyWithin|sort|reverse|length\\s*=)\\b)|(^|[^.\\w$])${esc}\\[[^\\]]*\\]\\s*=[^=]`,
  ).test(text);
}

/** A Storybook file (`export default { title: … }`) or a test file: demos and fixtures that run once. */
export const STORY_OR_TEST =
  /^export default \{\s*title\s*:|from ['"]@storybook\/|from ['"](@testing-library\/\w+|vitest|@jest\/globals)['"]|^\s*(describe|it|test)\(\s*['"`]/m;
