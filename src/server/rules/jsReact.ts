// js/unstable-reference-in-render: fresh objects, arrays and functions handed to components and hooks.
import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../rule';
import { contains, enclosingFunction } from '../syntax';
import { findBinding, STORY_OR_TEST } from './jsScope';

const JS = ['javascript', 'typescript', 'tsx'] as const;

// ---- js/unstable-reference-in-render ----

const FRESH_VALUES = new Set(['object', 'array', 'arrow_function', 'function_expression', 'function']);
const HOOKS = /^(React\.)?(useEffect|useLayoutEffect|useMemo|useCallback|useInsertionEffect|useImperativeHandle)$/;

function isComponentElement(attr: Node): boolean {
  const element = attr.parent;
  const name = element?.childForFieldName('name')?.text ?? '';
  return /^[A-Z]/.test(name) || (name.includes('.') && !name.startsWith('this.'));
}

/** A dependency that is a fresh object/array/function on every render. */
function isUnstableDep(dep: Node, ctx: RuleContext): boolean {
  if (FRESH_VALUES.has(dep.type)) return true;
  if (dep.type !== 'identifier') return false;
  const b = findBinding(ctx.root, dep.text, dep);
  const component = enclosingFunction(dep);
  if (!b?.value || !component || !contains(component, b.node) || b.node.type !== 'variable_declarator') return false;
  // Declared in the component body (not inside a nested hook callback) as a fresh literal.
  return FRESH_VALUES.has(b.value.type) && enclosingFunction(b.node)?.id === component.id;
}

/** The component (a Capitalised function) the JSX is in. */
function enclosingComponent(n: Node): Node | null {
  for (let fn = enclosingFunction(n); fn; fn = enclosingFunction(fn)) {
    const name = fn.childForFieldName('name') ?? (fn.parent?.type === 'variable_declarator' ? fn.parent.childForFieldName('name') : null);
    if (name && /^[A-Z]/.test(name.text)) return fn;
  }
  return null;
}

/**
 * Whether the JSX is rendered by a component that renders more than once on its own: it calls a hook
 * (state, context, a data hook). JSX in a test's render() or a hook-free story renders once.
 */
function rendersAgain(n: Node): boolean {
  const body = enclosingComponent(n)?.childForFieldName('body');
  return !!body && /\b(React\.)?use[A-Z]\w*\s*(<[^>]*>)?\(/.test(body.text);
}

/**
 * Evidence that a fresh prop value costs a re-render: a context Provider's `value` (every consumer
 * re-renders) or a child memoised in this file (React.memo, PureComponent). Any other component
 * re-renders with its parent anyway, so the fresh value costs nothing.
 */
function propCostsRender(prop: Node, ctx: RuleContext): boolean {
  if (!rendersAgain(prop) || STORY_OR_TEST.test(ctx.text)) return false;
  const name = prop.parent!.parent?.childForFieldName('name')?.text ?? '';
  if (prop.text === 'value' && /\.Provider$/.test(name)) return true;
  if (!/^[A-Z]\w*$/.test(name)) return false;
  const memo = new RegExp(
    `\\b${name}\\s*=\\s*(React\\.)?memo\\s*[(<]|\\bclass\\s+${name}\\s+extends\\s+(React\\.)?PureComponent\\b|\\b(React\\.)?memo\\(\\s*${name}\\s*[,)]`,
  );
  return memo.test(ctx.text);
}

export const unstableReference: Rule = {
  id: 'js/unstable-reference-in-render',
  languages: JS,
  severity: 'info',
  title: 'New object, array or function passed as a prop or hook dependency',
  message:
    'A new object, array or function is created on every render, so a memoised child (React.memo, PureComponent) re-renders every time and a hook with it in its dependencies re-runs every render. Hoist constants out of the component or wrap the value in useMemo/useCallback.',
  query: {
    javascript:
      '[(jsx_attribute (property_identifier) @prop (jsx_expression (_) @target)) (call_expression function: (_) @hook arguments: (arguments (_) (array (_) @target)))]',
    tsx: '[(jsx_attribute (property_identifier) @prop (jsx_expression (_) @target)) (call_expression function: (_) @hook arguments: (arguments (_) (array (_) @target)))]',
    typescript: '(call_expression function: (_) @hook arguments: (arguments (_) (array (_) @target)))',
  },
  check(c, ctx) {
    if (c.prop) return FRESH_VALUES.has(c.target.type) && !/^(key|ref|children)$/.test(c.prop.text) && isComponentElement(c.prop.parent!);
    if (!HOOKS.test(c.hook.text) || c.target.parent!.parent!.namedChildren.at(-1)?.id !== c.target.parent!.id) return false;
    return isUnstableDep(c.target, ctx);
  },
  // A hook dependency made fresh each render re-runs the hook every render: that is the cost itself.
  confidence: (c, ctx) => (!c.prop || propCostsRender(c.prop, ctx) ? 'high' : 'low'),
  example: {
    bad: '<Chart options={{ animate: false }} onSelect={(p) => setPoint(p)} />',
    good: 'const CHART_OPTIONS = { animate: false };\nconst onSelect = useCallback((p) => setPoint(p), []);\n<Chart options={CHART_OPTIONS} onSelect={onSelect} />',
  },
};
