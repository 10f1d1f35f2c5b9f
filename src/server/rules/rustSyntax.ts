// Syntax helpers shared by the Rust rules.
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../rule';

/** Cargo's integration tests and benchmarks (`tests/`, `benches/`) and test modules kept in their own file (`tests.rs`). */
const TEST_PATH = /(^|[/\\])(tests|benches)([/\\]|\.rs$)/;
const TEST_ATTRIBUTE = /^#\[\s*((\w+::)*test\b|bench\b|cfg\(\s*test\s*\))/;

/** Whether an item (a function, a module) carries `#[test]`, `#[tokio::test]`, `#[bench]` or `#[cfg(test)]`. */
function testAttributed(item: Node): boolean {
  for (let s = item.previousNamedSibling; s && (s.type === 'attribute_item' || s.type === 'line_comment'); s = s.previousNamedSibling) {
    if (s.type === 'attribute_item' && TEST_ATTRIBUTE.test(s.text)) return true;
  }
  return false;
}

/** Whether the whole file is test code, once per lint of the file. */
const testFiles = new WeakMap<RuleContext, boolean>();

/** Test code: a test or bench file, a `#[test]` function, or anything inside a `#[cfg(test)]` module, where the cost does not matter. */
export function inRustTestCode(n: Node, ctx: RuleContext): boolean {
  let file = testFiles.get(ctx);
  if (file === undefined) testFiles.set(ctx, (file = TEST_PATH.test(ctx.path) || /^#!\[cfg\(test\)\]/m.test(ctx.text)));
  if (file) return true;
  for (let p = n.parent; p; p = p.parent) if ((p.type === 'function_item' || p.type === 'mod_item') && testAttributed(p)) return true;
  return false;
}
