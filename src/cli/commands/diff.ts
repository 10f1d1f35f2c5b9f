/** `hotline diff <base> <new> [--json]`: which functions gained or lost share of the total. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadProfileSource } from '../../profilers/profileLoader';
import { biggestChanges, type ChangeRow } from '../../core/flame/diff';
import { totalWeight, type Profile } from '../../core/model/profile';
import { parseCliArgs, wholeNumber } from '../args';
import type { CliCommand } from '../command';
import { CliUsageError } from '../command';

const usage = `Usage: hotline diff <base-profile> <new-profile> [--json] [--limit N] [--my-code]

Compares two profiles by each function's share of its profile's total (so runs of different
length compare fairly) and lists the biggest changes in self time first.
  --json      print { base, new, changes } as JSON
  --limit N   rows to show (default 20)
  --my-code   fold library and runtime frames first`;

export interface DiffReport {
  base: { file: string; total: number; unit: string; samples: number };
  new: { file: string; total: number; unit: string; samples: number };
  changes: ChangeRow[];
}

function diffReport(base: Profile, next: Profile, baseFile: string, newFile: string, opts: { limit?: number; myCodeOnly?: boolean } = {}): DiffReport {
  const side = (p: Profile, file: string) => ({
    file,
    total: totalWeight(p, 0),
    unit: p.weightTypes[0]!.unit,
    samples: p.timeline?.stacks.length ?? p.sampleStack.length,
  });
  return { base: side(base, baseFile), new: side(next, newFile), changes: biggestChanges(base, next, { myCodeOnly: !!opts.myCodeOnly }, opts.limit ?? 20) };
}

function pct(x: number, signed = false): string {
  const s = `${(Math.abs(x) * 100).toFixed(1)}%`;
  return signed ? `${x > 0 ? '+' : x < 0 ? '-' : ' '}${s}` : s;
}

/** Printable table; names are cut to keep columns aligned, and control characters are shown as '?'. */
function formatDiff(r: DiffReport): string {
  const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, '?');
  const lines = [`base: ${clean(r.base.file)} (total ${r.base.total} ${r.base.unit})`, `new:  ${clean(r.new.file)} (total ${r.new.total} ${r.new.unit})`, ''];
  if (!r.changes.length) return [...lines, 'No function changed its share of the total.'].join('\n') + '\n';
  lines.push(`${'function'.padEnd(48)} ${'base self'.padStart(9)} ${'new self'.padStart(9)} ${'Δ self'.padStart(8)} ${'Δ total'.padStart(8)}`);
  for (const c of r.changes) {
    const name = clean(c.name).length > 48 ? `${clean(c.name).slice(0, 47)}…` : clean(c.name);
    lines.push(
      `${name.padEnd(48)} ${pct(c.baseSelf).padStart(9)} ${pct(c.newSelf).padStart(9)} ${pct(c.deltaSelf, true).padStart(8)} ${pct(c.deltaTotal, true).padStart(8)}`,
    );
  }
  return lines.join('\n') + '\n';
}

export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'compare two profiles: biggest changes in share of time per function',
  usage,
  async run(argv, io) {
    const { values, positionals: files } = parseCliArgs('diff', argv, { json: { type: 'boolean' }, 'my-code': { type: 'boolean' }, limit: { type: 'string' } });
    const json = !!values.json;
    const myCodeOnly = !!values['my-code'];
    const limit = values.limit === undefined ? 20 : wholeNumber(values.limit, '--limit');
    if (files.length !== 2) throw new CliUsageError('diff needs two profile files: hotline diff <base> <new>');
    const [base, next] = await Promise.all(
      files.map((f) => {
        const p = resolve(io.cwd, f);
        if (!existsSync(p)) throw new CliUsageError(`${f}: no such file`);
        return loadProfileSource(p);
      }),
    );
    const report = diffReport(base!, next!, files[0]!, files[1]!, { limit, myCodeOnly });
    io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatDiff(report));
    return 0;
  },
};
