import type { Language, Node, Query as QueryT, Tree } from 'web-tree-sitter';
import { Query } from './treeSitter';
import type { GrammarId } from './grammars';
import type { Captures, Confidence, Finding, Rule, RuleContext, Severity } from './rule';
import { isSuppressed, parseSuppressions } from './suppressions';

export interface LintOptions {
  /** Rule ids (or `py/*`-style prefixes) turned off by settings. */
  disabled?: readonly string[];
  /** Per-rule severity overrides from settings; 'off' disables the rule. */
  severity?: Readonly<Record<string, Severity | 'off'>>;
  /** Compute fixes on first access of `finding.fixes` (only while the tree is alive) instead of now. */
  lazyFixes?: boolean;
  /** The file's path or URI, when known: rules read it for test code and folders no build includes (Go's `testdata`). */
  path?: string;
}

/** One query per (rule list, language) holding every rule's patterns, so the tree is walked once. */
interface CompiledRules {
  query: QueryT;
  ruleOfPattern: Rule[];
}
const compiled = new WeakMap<readonly Rule[], Map<Language, CompiledRules>>();

function compileRules(rules: readonly Rule[], grammar: GrammarId, language: Language): CompiledRules {
  let byLanguage = compiled.get(rules);
  if (!byLanguage) compiled.set(rules, (byLanguage = new Map()));
  const cached = byLanguage.get(language);
  if (cached) return cached;
  const sources: string[] = [];
  const ruleOfPattern: Rule[] = [];
  for (const rule of rules) {
    if (!rule.languages.includes(grammar)) continue;
    const source = typeof rule.query === 'string' ? rule.query : rule.query[grammar];
    if (!source) continue;
    // Compiled alone first: a rule whose query does not compile is named in the error (tests compile all).
    let single;
    try {
      single = new Query(language, source);
    } catch (err) {
      throw new Error(`rule ${rule.id}: its ${grammar} query does not compile: ${(err as Error).message}`);
    }
    for (let i = single.patternCount(); i > 0; i--) ruleOfPattern.push(rule);
    single.delete();
    sources.push(source);
  }
  const result = { query: new Query(language, sources.join('\n')), ruleOfPattern };
  byLanguage.set(language, result);
  return result;
}

function isDisabled(ruleId: string, options: LintOptions): boolean {
  if (options.severity?.[ruleId] === 'off') return true;
  return (options.disabled ?? []).some((d) => d === ruleId || (d.endsWith('/*') && ruleId.startsWith(d.slice(0, -1))));
}

/** Runs every enabled rule for the grammar over a parsed tree. Findings are sorted by position. */
export function lintTree(tree: Tree, text: string, grammar: GrammarId, rules: readonly Rule[], options: LintOptions = {}): Finding[] {
  const ctx: RuleContext = { grammar, text, root: tree.rootNode, path: options.path ?? '' };
  const suppressions = parseSuppressions(text);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const { query, ruleOfPattern } = compileRules(rules, grammar, tree.language);
  for (const match of query.matches(tree.rootNode)) {
    const rule = ruleOfPattern[match.patternIndex];
    if (!rule || isDisabled(rule.id, options)) continue;
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
  return findings.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
}

function toFinding(rule: Rule, target: Node, c: Captures, ctx: RuleContext, options: LintOptions): Finding {
  const override = options.severity?.[rule.id];
  const confidence: Confidence = rule.confidence?.(c, ctx) ?? 'high';
  let fixes: Finding['fixes'] | undefined;
  const finding: Finding = {
    rule: rule.id,
    // A setting is the user's word for every finding of the rule; otherwise a low-confidence one is a hint.
    severity: override && override !== 'off' ? override : confidence === 'low' ? 'hint' : rule.severity,
    confidence,
    message: rule.message,
    start: target.startIndex,
    end: target.endIndex,
    range: {
      start: { line: target.startPosition.row, character: target.startPosition.column },
      end: { line: target.endPosition.row, character: target.endPosition.column },
    },
    // Fixes cost more than detection; the server asks for them only for code actions. They read the
    // tree, so a lazy finding must not outlive it (see LintOptions.lazyFixes).
    get fixes() {
      if (!fixes) {
        const fix = rule.fix?.(c, ctx);
        fixes = fix ? [fix] : [];
      }
      return fixes;
    },
  };
  if (!options.lazyFixes) void finding.fixes;
  return finding;
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
