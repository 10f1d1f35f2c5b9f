// Evidence for py/heavy-import-at-module-level and py/pandas-apply-rows, from the precision study on data-science
// wheels (docs/lint-study/py-heavy-import-at-module-level.md, py-pandas-apply-rows.md).
import type { Node } from 'web-tree-sitter';
import type { Confidence, RuleContext } from '../rule';
import { descendants, enclosingFunction, identifierUses } from '../syntax';
import { inTestCode, paramNames } from './pySyntax';

const MAIN_GUARD = /^__name__\s*==\s*['"]__main__['"]$|^['"]__main__['"]\s*==\s*__name__$/;
const CLI_MODULE = /^(argparse|click|typer)$/;

/**
 * A command-line script: a module-level `if __name__ == "__main__":` (a statement, not text in a string: pycaret
 * writes one into the code it generates) or a module-level import of argparse, click or typer.
 */
export function isCliScript(root: Node): boolean {
  return root.namedChildren.some((s) => {
    if (s.type === 'if_statement') return MAIN_GUARD.test(s.childForFieldName('condition')?.text ?? '');
    if (s.type !== 'import_statement' && s.type !== 'import_from_statement') return false;
    const mod = s.type === 'import_from_statement' ? s.childForFieldName('module_name') : s.namedChildren[0];
    return CLI_MODULE.test((mod?.type === 'aliased_import' ? mod.childForFieldName('name') : mod)?.text ?? '');
  });
}

const SUBCOMMANDS = /\.add_subparsers\(|\.add_parser\(|@[\w.]*\b(command|group)\(|\.add_command\(|\.add_typer\(/;

/**
 * Sure only when some run of the script would not need the module: the script has subcommands (argparse
 * subparsers, click or typer commands) and a function that never reads the module's names. A script whose
 * every command uses it (tsfresh's run_tsfresh, mplfinance's rcparams tool, luigi tasks) saves only `--help`.
 */
export function heavyImportConfidence(names: string[], root: Node): Confidence {
  if (!SUBCOMMANDS.test(root.text)) return 'low';
  const fns = [...descendants(root)].filter((n) => n.type === 'function_definition');
  return fns.some((f) => names.every((name) => identifierUses(f, name).length === 0)) ? 'high' : 'low';
}

// Calls that draw: pyplot, an Axes or a Figure (`ax.plot`, `figure.add_axes`, `row["axes"][1].set_visible`).
const DRAWS = /\b(plt|pyplot|ax\d*|axes|fig|figure)\.\w+\(|\[\s*['"]axes['"]\s*\]/;

/**
 * Row-wise pandas code that is not worth vectorising: in test code; `df.apply(func, axis=1)` where `func` is the
 * caller's (a parameter: the row-wise call is the API, as in pyjanitor's join_apply); an `iterrows()` loop that
 * draws per row (one arrow per feature, one Axes per panel: the drawing costs more than the rows, and a figure
 * shows few of them).
 */
export function pandasRowsConfidence(target: Node, ctx: RuleContext): Confidence {
  if (inTestCode(target, ctx)) return 'low';
  const loop = target.parent?.type === 'for_statement' ? target.parent : null;
  if (loop) return DRAWS.test(loop.childForFieldName('body')?.text ?? '') ? 'low' : 'high';
  const func = target.childForFieldName('arguments')?.namedChildren[0];
  return func?.type === 'identifier' && paramNames(enclosingFunction(target)).includes(func.text) ? 'low' : 'high';
}
