import assert from 'node:assert/strict';
import { join } from 'node:path';
import { GrammarSet, type GrammarId } from '../../../src/server/grammars';
import { lintText } from '../../../src/server/lint';
import type { Finding } from '../../../src/server/rule';

export const grammars = new GrammarSet('node_modules');
export const FIXTURES = join(__dirname, '../../fixtures/lint');

export async function findingsFor(rule: string, code: string, grammar: GrammarId): Promise<Finding[]> {
  return (await lintText(grammars, code, grammar)).filter((f) => f.rule === rule);
}

/** Asserts `rule` fires exactly on the given snippets of `code` (the diagnostic's text), nothing else. */
export async function expectFires(rule: string, grammar: GrammarId, code: string, targets: string[]): Promise<Finding[]> {
  const found = await findingsFor(rule, code, grammar);
  assert.deepEqual(
    found.map((f) => code.slice(f.start, f.end)),
    targets,
    `${rule} on:\n${code}`,
  );
  return found;
}

export async function expectSilent(rule: string, grammar: GrammarId, code: string): Promise<void> {
  const found = await findingsFor(rule, code, grammar);
  assert.deepEqual(
    found.map((f) => code.slice(f.start, f.end)),
    [],
    `${rule} must not fire on:\n${code}`,
  );
}

/** The findings of `rule` on `code` as `[target text, confidence, severity]`, in order. */
export async function confidences(rule: string, grammar: GrammarId, code: string): Promise<[string, string, string][]> {
  return (await findingsFor(rule, code, grammar)).map((f) => [code.slice(f.start, f.end), f.confidence, f.severity]);
}

/** The findings of `rule` on `code` as `[target text, confidence]`, in order (`path` for rules that read it). */
export async function levels(rule: string, grammar: GrammarId, code: string, path?: string): Promise<[string, string][]> {
  const found = (await lintText(grammars, code, grammar, path === undefined ? {} : { path })).filter((f) => f.rule === rule);
  return found.map((f) => [code.slice(f.start, f.end), f.confidence]);
}
