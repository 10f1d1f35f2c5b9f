// How sure js/sync-io-in-async is, from the study on CLI tools, build tools and servers
// (docs/lint-study/js-sync-io-in-async.md): a blocking call costs when other work waits on the event loop,
// not in a test, a metadata lookup or a program's one run of its entry point.
import type { Node } from 'web-tree-sitter';
import type { Confidence, RuleContext } from '../rule';
import { descendants, enclosingFunction } from '../syntax';
import { STORY_OR_TEST } from './jsScope';

const TEST_PATH = /(^|[/\\])(test|tests|__tests__|spec|e2e)[/\\]|\.(test|spec)\.[cm]?[jt]sx?$/;

/** A test or Storybook file, by its imports and `describe(`/`it(` calls or by its path (`test/`, `*.spec.js`). */
export function inJsTestCode(ctx: RuleContext): boolean {
  return STORY_OR_TEST.test(ctx.text) || TEST_PATH.test(ctx.path);
}

// A stat of one path: microseconds on a local disk, next to a read or a child process.
const METADATA = /(existsSync|statSync|lstatSync|fstatSync|accessSync)$/;

function functionName(fn: Node): string | null {
  const own = fn.childForFieldName('name')?.text;
  if (own) return own;
  return fn.parent?.type === 'variable_declarator' ? (fn.parent.childForFieldName('name')?.text ?? null) : null;
}

/**
 * The async function is the program's entry, run once per run: the module calls it outside any function
 * (`validateAll()`, `main().catch(…)`, under `if (require.main === module)`), or it takes or reads the command line (`argv`, `process.argv`).
 */
function entryPoint(fn: Node, root: Node): boolean {
  const params = fn.childForFieldName('parameters')?.text ?? fn.childForFieldName('parameter')?.text ?? '';
  if (/\bargv\b/.test(params) || /\bprocess\.argv\b/.test(fn.text)) return true;
  const name = functionName(fn);
  if (!name) return false;
  for (const n of descendants(root)) if (n.type === 'call_expression' && n.childForFieldName('function')?.text === name && !enclosingFunction(n)) return true;
  return false;
}

export function syncIoConfidence(call: Node, callee: string, ctx: RuleContext): Confidence {
  if (inJsTestCode(ctx) || METADATA.test(callee)) return 'low';
  const fn = enclosingFunction(call);
  return fn && entryPoint(fn, ctx.root) ? 'low' : 'high';
}
