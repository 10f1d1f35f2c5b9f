/**
 * `hotline lint <path>... [--json | --sarif]`: the language server's anti-pattern rules from the
 * command line. Exit codes: 0 nothing found, 1 anti-patterns found, 2 bad input.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { version } from '../../../package.json';
import { WEB_DOCS_BASE, ruleDocUrl } from '../../server/diagnostics';
import { GrammarSet, grammarForPath } from '../../server/grammars';
import { collectSourceFiles, lintFile, type FileFindings } from '../../server/lintFiles';
import type { Finding, Fix } from '../../server/rule';
import { ALL_RULES } from '../../server/rules/index';
import { parseCliArgs } from '../args';
import { CliUsageError, type CliCommand, type CliIO } from '../command';

const usage = `Usage: hotline lint <path>... [--json | --sarif] [--disable RULE]... [--rules]

Reports performance anti-patterns (string building in loops, lookups in loops, blocking calls in
async code, ...) in Python, JavaScript/TypeScript, Go and Rust files; folders are searched
(node_modules, target, dist, vendor and dot-folders are skipped).

  --json          print a JSON array: {file, line, column, endLine, endColumn (1-based), rule,
                  severity, confidence (high, or low: shown as a hint), message, fixes: [{title, edits: [{line, column, endLine, endColumn, newText}]}]}
  --sarif         print SARIF 2.1.0 (for GitHub code scanning and other SARIF viewers)
  --disable RULE  turn a rule off (repeatable; "py/*" turns a family off)
  --rules         list the rules and exit

Suppress one line with "# hotline: ignore[rule]" (Python) or "// hotline-ignore rule" (others).
Exit codes: 0 nothing found, 1 anti-patterns found, 2 bad input.`;

interface Position1 {
  line: number;
  column: number;
}

/** 1-based line/column (UTF-16 code units) of an offset. */
function positionOf(text: string, offset: number): Position1 {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function jsonFix(text: string, fix: Fix) {
  return {
    title: fix.title,
    edits: fix.edits.map((e) => {
      const s = positionOf(text, e.start);
      const end = positionOf(text, e.end);
      return { line: s.line, column: s.column, endLine: end.line, endColumn: end.column, newText: e.newText };
    }),
  };
}

function jsonFinding(cwd: string, file: FileFindings, f: Finding) {
  return {
    file: displayPath(cwd, file.path),
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    rule: f.rule,
    severity: f.severity,
    confidence: f.confidence,
    message: f.message,
    fixes: f.fixes.map((fix) => jsonFix(file.text, fix)),
  };
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

function toSarif(cwd: string, files: FileFindings[]) {
  const used = ALL_RULES;
  const index = new Map(used.map((r, i) => [r.id, i]));
  const artifact = (path: string) => {
    const rel = displayPath(cwd, path);
    return isAbsolute(rel) ? { uri: pathToFileURL(rel).href } : { uri: rel.split('\\').join('/'), uriBaseId: 'SRCROOT' };
  };
  const region = (text: string, start: number, end: number) => {
    const s = positionOf(text, start);
    const e = positionOf(text, end);
    return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'hotline',
            version,
            informationUri: 'https://github.com/hotline-dev/hotline',
            rules: used.map((r) => ({
              id: r.id,
              name: r.id
                .replace(/^[a-z]+\//, '')
                .replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())
                .replace(/^\w/, (c) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.message },
              helpUri: ruleDocUrl(WEB_DOCS_BASE, r.id),
              help: { text: r.message },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { tags: ['performance'] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd.endsWith('/') ? cwd : cwd + '/').href } },
        results: files.flatMap((file) =>
          file.findings.map((f) => ({
            ruleId: f.rule,
            ruleIndex: index.get(f.rule),
            level: SARIF_LEVEL[f.severity],
            message: { text: f.message },
            locations: [{ physicalLocation: { artifactLocation: artifact(file.path), region: region(file.text, f.start, f.end) } }],
            ...(f.fixes.length
              ? {
                  fixes: f.fixes.map((fix) => ({
                    description: { text: fix.title },
                    artifactChanges: [
                      {
                        artifactLocation: artifact(file.path),
                        replacements: fix.edits.map((e) => ({ deletedRegion: region(file.text, e.start, e.end), insertedContent: { text: e.newText } })),
                      },
                    ],
                  })),
                }
              : {}),
          })),
        ),
      },
    ],
  };
}

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'report performance anti-patterns (Python, JS/TS, Go, Rust); --json, --sarif',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCliArgs('lint', argv, {
      json: { type: 'boolean' },
      sarif: { type: 'boolean' },
      disable: { type: 'string', multiple: true },
      rules: { type: 'boolean' },
    });
    if (values.rules) {
      for (const r of ALL_RULES) io.stdout(`${r.id.padEnd(34)} ${r.severity.padEnd(7)} ${r.title}\n`);
      return 0;
    }
    if (values.json && values.sarif) throw new CliUsageError('choose one of --json and --sarif');
    if (positionals.length === 0) throw new CliUsageError('lint needs at least one file or folder; see "hotline lint --help"');
    const disabled = values.disable ?? [];
    for (const d of disabled) {
      if (!ALL_RULES.some((r) => r.id === d || (d.endsWith('/*') && r.id.startsWith(d.slice(0, -1))))) {
        throw new CliUsageError(`unknown rule "${d}"; "hotline lint --rules" lists them`);
      }
    }
    const paths = positionals.map((p) => resolve(io.cwd, p));
    let files: string[];
    try {
      files = await collectSourceFiles(paths);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new CliUsageError(e.code === 'ENOENT' ? `no such file or folder: ${e.path ?? ''}` : e.message);
    }
    for (const f of files)
      if (!grammarForPath(f)) throw new CliUsageError(`${displayPath(io.cwd, f)}: not a Python, JavaScript, TypeScript, Go or Rust file (by its extension)`);
    const grammars = new GrammarSet();
    const results: FileFindings[] = [];
    for (const f of files) results.push(await lintFile(grammars, f, { disabled }));
    const total = results.reduce((n, r) => n + r.findings.length, 0);
    if (values.json) {
      io.stdout(
        JSON.stringify(
          results.flatMap((r) => r.findings.map((f) => jsonFinding(io.cwd, r, f))),
          null,
          2,
        ) + '\n',
      );
    } else if (values.sarif) {
      io.stdout(JSON.stringify(toSarif(io.cwd, results), null, 2) + '\n');
    } else {
      for (const r of results) {
        for (const f of r.findings) {
          io.stdout(
            `${displayPath(io.cwd, r.path)}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.rule}${f.fixes.length ? ' [fix]' : ''}\n    ${f.message}\n`,
          );
        }
      }
      io.stdout(
        `${total} anti-pattern${total === 1 ? '' : 's'} in ${results.filter((r) => r.findings.length).length} of ${results.length} file${results.length === 1 ? '' : 's'}\n`,
      );
    }
    return total > 0 ? 1 : 0;
  },
};
