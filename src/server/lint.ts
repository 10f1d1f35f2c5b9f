import { lintTree, type LintOptions } from './engine';
import { GrammarSet, type GrammarId } from './grammars';
import type { Finding, Rule } from './rule';
import { ALL_RULES } from './rules/index';

/** Parses and lints one text in one go (the CLI, tests, benchmarks); the server keeps trees instead. */
export async function lintText(
  grammars: GrammarSet,
  text: string,
  grammar: GrammarId,
  options: LintOptions = {},
  rules: readonly Rule[] = ALL_RULES,
): Promise<Finding[]> {
  const parser = await grammars.parser(grammar);
  const tree = parser.parse(text);
  try {
    if (!tree) throw new Error(`the ${grammar} parser returned no tree`);
    return lintTree(tree, text, grammar, rules, options);
  } finally {
    tree?.delete();
    parser.delete();
  }
}
