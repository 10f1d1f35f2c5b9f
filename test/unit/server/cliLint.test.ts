import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CliUsageError, type CliIO } from '../../../src/cli/command';
import { lintCommand } from '../../../src/cli/commands/lint';
import { lspCommand } from '../../../src/cli/commands/lsp';
import { FIXTURES } from './helpers';

async function lint(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: () => undefined, cwd: FIXTURES };
  return { code: await lintCommand.run(args, io), out };
}

describe('hotline lint', () => {
  it('--json prints 1-based positions, rule, severity, message and fixes with their edits', async () => {
    const { code, out } = await lint(['python/fixable.py', '--json']);
    assert.equal(code, 1);
    const rows = JSON.parse(out) as {
      file: string;
      line: number;
      column: number;
      endLine: number;
      endColumn: number;
      rule: string;
      severity: string;
      message: string;
      fixes: { title: string; edits: { line: number; column: number; newText: string }[] }[];
    }[];
    const first = rows[0];
    assert.deepEqual(
      {
        file: first.file,
        line: first.line,
        column: first.column,
        endLine: first.endLine,
        endColumn: first.endColumn,
        rule: first.rule,
        severity: first.severity,
      },
      { file: 'python/fixable.py', line: 13, column: 9, endLine: 13, endColumn: 32, rule: 'py/string-concat-in-loop', severity: 'warning' },
    );
    assert.match(first.message, /join/);
    assert.deepEqual(first.fixes[0].edits[0], { line: 11, column: 5, endLine: 11, endColumn: 14, newText: 'line_parts = []' });
    assert.deepEqual(new Set(rows.map((r) => r.rule)), new Set(['py/string-concat-in-loop', 'py/sync-io-in-async']));
  });

  it('--sarif prints SARIF 2.1.0 with rules, results, regions and fixes', async () => {
    const { code, out } = await lint(['go', '--sarif']);
    assert.equal(code, 1);
    const sarif = JSON.parse(out);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'hotline');
    assert.equal(run.tool.driver.rules.length, 23);
    const result = run.results[0];
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'go/fixable.go', uriBaseId: 'SRCROOT' });
    assert.ok(result.locations[0].physicalLocation.region.startLine > 0);
    assert.ok(run.results.some((r: { fixes?: unknown[] }) => r.fixes?.length));
    assert.match(run.tool.driver.rules[0].helpUri, /^https:\/\/.*\/docs\/rules\/py\/string-concat-in-loop\.md$/);
  });

  it('walks folders, prints a text report, and exits 0 when --disable turns everything off', async () => {
    const dirs = ['python', 'javascript', 'typescript', 'go', 'rust'];
    const text = await lint(dirs);
    assert.equal(text.code, 1);
    assert.match(text.out, /^rust\/fixable\.rs:\d+:\d+: \w+ rs\/vec-without-capacity \[fix\]$/m);
    assert.match(text.out, /\d+ anti-patterns in 5 of 5 files\n$/);
    const quiet = await lint([...dirs, '--disable', 'py/*', '--disable', 'js/*', '--disable', 'go/*', '--disable', 'rs/*']);
    assert.equal(quiet.code, 0);
    assert.match(quiet.out, /^0 anti-patterns in 0 of 5 files$/m);
  });

  it('rejects bad input with an actionable message', async () => {
    await assert.rejects(lint([]), (e) => e instanceof CliUsageError && /at least one file/.test(e.message));
    await assert.rejects(lint(['nope.py']), (e) => e instanceof CliUsageError && /no such file or folder: .*nope\.py/.test(e.message));
    await assert.rejects(lint(['.', '--json', '--sarif']), (e) => e instanceof CliUsageError && /one of --json and --sarif/.test(e.message));
    await assert.rejects(lint(['.', '--disable', 'py/nope']), (e) => e instanceof CliUsageError && /unknown rule "py\/nope"/.test(e.message));
    await assert.rejects(
      lint([join(FIXTURES, '../../../package.json')]),
      (e) => e instanceof CliUsageError && /package\.json: not a Python, JavaScript, TypeScript, Go or Rust file/.test(e.message),
    );
  });

  it('hotline lsp insists on --stdio', () => {
    assert.throws(() => lspCommand.run([], { stdout: () => undefined, stderr: () => undefined, cwd: '.' }), /lsp --stdio/);
  });
});
