// Syntax helpers shared by the Go rules (declarations and parameter types, read from the tree).
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../rule';
import { contains, descendants, enclosingFunction, identifierUses } from '../syntax';

export function functionBody(n: Node): Node | null {
  return enclosingFunction(n)?.childForFieldName('body') ?? null;
}

export interface GoDecl {
  stmt: Node;
  kind: 'var' | 'short';
  type: Node | null;
  value: Node | null;
}

/** Single-name declarations of a function body by name, in source order: one walk per body, reused by every lookup. */
const declarationIndex = new WeakMap<object, Map<number, Map<string, { start: number; decl: GoDecl }[]>>>();

function declarationsOf(body: Node): Map<string, { start: number; decl: GoDecl }[]> {
  let byBody = declarationIndex.get(body.tree);
  if (!byBody) declarationIndex.set(body.tree, (byBody = new Map()));
  const cached = byBody.get(body.id);
  if (cached) return cached;
  const index = new Map<string, { start: number; decl: GoDecl }[]>();
  const add = (name: string, start: number, decl: GoDecl) => index.set(name, [...(index.get(name) ?? []), { start, decl }]);
  for (const n of descendants(body)) {
    if (n.type === 'var_spec' && n.childrenForFieldName('name').length === 1) {
      const values = n.childForFieldName('value');
      add(n.childForFieldName('name')!.text, n.startIndex, {
        stmt: n.parent!,
        kind: 'var',
        type: n.childForFieldName('type'),
        value: values?.namedChildren.length === 1 ? values.namedChildren[0] : null,
      });
    } else if (n.type === 'short_var_declaration') {
      const left = n.childForFieldName('left')!.namedChildren;
      const right = n.childForFieldName('right')!.namedChildren;
      if (left.length === 1 && right.length === 1) add(left[0].text, n.startIndex, { stmt: n, kind: 'short', type: null, value: right[0] });
    }
  }
  byBody.set(body.id, index);
  return index;
}

/** The declaration of a single-name local (`var x T [= v]` or `x := v`) before `before` in the function body. */
export function goDeclaration(body: Node, name: string, before: number): GoDecl | null {
  const decls = declarationsOf(body).get(name) ?? [];
  let found: GoDecl | null = null;
  for (const d of decls) if (d.start < before) found = d.decl;
  return found;
}

export function goParamType(fn: Node | null, name: string): Node | null {
  for (const p of fn?.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p.childrenForFieldName('name').some((n) => n.text === name)) return p.childForFieldName('type');
  }
  return null;
}

/** Whether anything in `scope` assigns to or increments `name`. */
export function writes(scope: Node, name: string): boolean {
  for (const use of identifierUses(scope, name)) {
    const holder = use.parent?.type === 'expression_list' ? use.parent.parent : use.parent;
    if ((holder?.type === 'assignment_statement' || holder?.type === 'short_var_declaration') && contains(holder.childForFieldName('left')!, use)) return true;
    if (holder?.type === 'inc_statement' || holder?.type === 'dec_statement') return true;
    if (use.parent?.type === 'unary_expression' && use.parent.childForFieldName('operator')?.text === '&') return true;
  }
  return false;
}

/** Whether `scope` (a loop, say) binds `name`: a range or for-clause variable, `x := …` or `var x`. */
export function boundIn(scope: Node, name: string): boolean {
  for (const n of descendants(scope)) {
    if (n.type === 'var_spec' && n.childrenForFieldName('name').some((v) => v.text === name)) return true;
    if ((n.type === 'range_clause' || n.type === 'short_var_declaration') && n.childForFieldName('left')?.namedChildren.some((v) => v.text === name))
      return true;
  }
  return false;
}

const TEST_FILE = /^func (Test|Benchmark|Fuzz)\w*\(\w+ \*testing\.[TBF]\)/m;
/** Files the go tool builds only for tests (`_test.go`) or never (`testdata`, folders starting with `_`). */
const NOT_BUILT = /_test\.go$|(^|[/\\])(testdata|_\w[^/\\]*)[/\\]/;
/** A program run by hand or by go generate (`//go:build ignore`, as mkpreempt.go): never part of a build. */
const BUILD_IGNORE = /^\/\/go:build ignore\s*$/m;
/** Imports "testing" outside a _test.go file: test support (cgo's test package, cryptotest, fstest), never shipped code. */
const IMPORTS_TESTING = /^\s*(import\s+)?(\w+\s+)?"testing"\s*$/m;

/** Whether the whole file is test code, once per lint of the file (the regexps read the whole text). */
const testFiles = new WeakMap<RuleContext, boolean>();

/**
 * Test code: a `_test.go` file, a folder `go build` skips (testdata programs, `_gen` generators) or a
 * `//go:build ignore` program, a file that imports "testing",
 * inside `func TestX(t *testing.T)` and friends, or anywhere in a file that defines tests (its helpers
 * build test tables once), where the cost does not matter.
 */
export function inTestCode(n: Node, ctx: RuleContext): boolean {
  let file = testFiles.get(ctx);
  if (file === undefined)
    testFiles.set(ctx, (file = NOT_BUILT.test(ctx.path) || BUILD_IGNORE.test(ctx.text) || IMPORTS_TESTING.test(ctx.text) || TEST_FILE.test(ctx.text)));
  if (file) return true;
  for (let fn = enclosingFunction(n); fn; fn = enclosingFunction(fn)) {
    if (/\*testing\.(T|F)\b|\btesting\.TB\b/.test(fn.childForFieldName('parameters')?.text ?? '')) return true;
  }
  return false;
}
