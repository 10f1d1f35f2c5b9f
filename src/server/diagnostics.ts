import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { withHeat } from './hotLines';
import type { HotLine, HotlineDiagnosticData } from './protocol';
import type { Finding, Severity } from './rule';

export const SOURCE = 'hotline';
/** Rule pages on the web (SARIF helpUri; the LSP falls back to it when docs/rules is not shipped). */
export const WEB_DOCS_BASE = 'https://github.com/hotline-dev/hotline/blob/main/docs/rules/';

/** Where rule pages live: the repo's docs/rules next to the bundle (dist/ -> ../docs/rules) when present. */
export function defaultDocsBaseUrl(): string {
  for (const dir of [join(__dirname, '..', 'docs', 'rules'), join(__dirname, '..', '..', 'docs', 'rules')]) {
    if (existsSync(dir)) return pathToFileURL(dir).href + '/';
  }
  return WEB_DOCS_BASE;
}

export function ruleDocUrl(base: string, rule: string): string {
  return `${base.endsWith('/') ? base : base + '/'}${rule}.md`;
}

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding, hot: HotLine | null, threshold: number, docsBase: string): Diagnostic {
  const { severity, message } = withHeat(f, hot, threshold);
  const data: HotlineDiagnosticData = { rule: f.rule, share: hot?.share ?? 0, self: hot?.self ?? 0 };
  return {
    range: f.range,
    severity: LSP_SEVERITY[severity],
    code: f.rule,
    codeDescription: { href: ruleDocUrl(docsBase, f.rule) },
    source: SOURCE,
    message,
    data,
  };
}
