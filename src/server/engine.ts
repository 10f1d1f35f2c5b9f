import type { Language, Node, Query as QueryT, Tree } from 'web-tree-sitter';
import { Query } from './treeSitter';
import type { GrammarId } from './grammars';
import type { Captures, Finding, Rule, RuleContext, Severity } from './rule';
import { isSuppressed, parseSuppressions } from './suppressions';

export interface LintOptions {
  /** Rule ids (or `py/*`-style prefixes) turned off by settings. */
  disabled?: readonly string[];
  /** Per-rule severity overrides from settings; 'off' disables the rule. */
  severity?: Readonly<Record<string, Severity | 'off'>>;
}

/** Compiled queries per language object, so each grammar compiles each rule once per process. */
const compiled = new WeakMap<Language, Map<string, QueryT | null>>();

function queryFor(rule: Rule, grammar: GrammarId, language: Language): QueryT | null {
  let byRule = compiled.get(language);
  if (!byRule) compiled.set(language, (byRule = new Map()));
  if (byRule.has(rule.id)) return byRule.get(rule.id)!;
  const source = typeof rule.query === 'string' ? rule.query : rule.query[grammar];
  // A query that does not compile is a bug in the rule: fail loudly (tests compile every rule).
  const query = source ? new Query(language, source) : null;
  byRule.set(rule.id, query);
  return query;
}

export function isDisabled(ruleId: string, options: LintOptions): boolean {
  if (options.severity?.[ruleId] === 'off') return true;
  return (options.disabled ?? []).some((d) => d === ruleId || (d.endsWith('/*') && ruleId.startsWith(d.slice(0, -1))));
}

/** Runs every enabled rule for the grammar over a parsed tree. Findings are sorted by position. */
export function lintTree(tree: Tree, text: string, grammar: GrammarId, rules: readonly Rule[], options: LintOptions = {}): Finding[] {
  const ctx: RuleContext = { grammar, text, root: tree.rootNode };
  const suppressions = parseSuppressions(text);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!rule.languages.includes(grammar) || isDisabled(rule.id, options)) continue;
    const query = queryFor(rule, grammar, tree.language);
    if (!query) continue;
    for (const match of query.matches(tree.rootNode)) {
      const c: Captures = {};
      for (const cap of match.captures) c[cap.name] = cap.node;
      const target = c.target;
      if (!target) continue;
      const key = `${rule.id}:${target.startIndex}:${target.endIndex}`;
      if (seen.has(key) || isSuppressed(suppressions, target.startPosition.row, rule.id)) continue;
      if (!rule.check(c, ctx)) continue;
      seen.add(key);
      findings.push(toFinding(rule, target, c, ctx, options));
    }
  }
  return findings.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
}

function toFinding(rule: Rule, target: Node, c: Captures, ctx: RuleContext, options: LintOptions): Finding {
  const override = options.severity?.[rule.id];
  let fixes: Finding['fixes'] = [];
  if (rule.fix) {
    const fix = rule.fix(c, ctx);
    if (fix) fixes = [fix];
  }
  return {
    rule: rule.id,
    severity: override && override !== 'off' ? override : rule.severity,
    message: rule.message,
    start: target.startIndex,
    end: target.endIndex,
    range: {
      start: { line: target.startPosition.row, character: target.startPosition.column },
      end: { line: target.endPosition.row, character: target.endPosition.column },
    },
    fixes,
  };
}

/** Applies non-overlapping edits to a text (tests and the CLI's --fix-preview use it). */
export function applyEdits(text: string, edits: readonly { start: number; end: number; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) throw new Error(`overlapping edits at ${e.start}-${e.end}`);
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    limit = e.start;
  }
  return out;
}
