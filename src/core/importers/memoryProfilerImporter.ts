/**
 * memory_profiler's line-by-line report (`python -m memory_profiler prog.py` on @profile functions):
 * per function a `Filename:` block and a table of "Line #, Mem usage, Increment, Occurrences, Line
 * Contents" (older versions have no Occurrences). Each line with figures is a frame (named after
 * the function, at its file and line) weighing its increment: growth and release are separate
 * weights, never netted. The first row of a table is the memory at entry, not an increment, so it
 * is left out (and noted).
 */
import { ProfileBuilder, ProfileFormatError } from '../model/profile';
import type { ImportContext, LineParser, TextImporter } from './importerTypes';
import { preview } from './foldedImporter';

const FORMAT = 'memory-profiler';
const MIB = 1024 * 1024;
const HEADER = /^Line #\s+Mem usage\s+Increment\s+(Occurrences\s+)?Line Contents\s*$/;
/** A row: line number, then either figures and the source, or only the source. */
const ROW = /^\s*(\d+)(?:\s+(-?[\d.]+) MiB\s+(-?[\d.]+) MiB(?:\s+(\d+))?)?(?: {3}(.*))?$/;

const FIGURES_LIKE = /^\s*\d+\s+-?[\d.]+ \S*B\s/;

interface Row {
  line: number;
  usage: number;
  increment: number;
  occurrences: number;
}

export const memoryProfilerImporter: TextImporter = {
  id: FORMAT,
  label: 'memory_profiler line-by-line report',
  extensions: [],
  looseExtensions: ['.txt'],
  detect: ({ json, lines }) => !json && lines.slice(0, 12).some((l) => l.startsWith('Filename: ')) && lines.slice(0, 12).some((l) => HEADER.test(l.trimEnd())),
  kind: 'text',
  create(ctx: ImportContext): LineParser {
    const fail = (detail: string, where?: string) => new ProfileFormatError(FORMAT, detail, ctx.source, where);
    const builder = new ProfileBuilder({ format: FORMAT, profiler: 'memory_profiler', language: 'python', sourceFile: ctx.source }, [
      { name: 'mem_increment', unit: 'bytes' },
      { name: 'mem_released', unit: 'bytes' },
      { name: 'occurrences', unit: 'count' },
    ]);
    let file: string | null = null;
    let inTable = false;
    let rows: Row[] = [];
    let fn: { name: string; line: number } | null = null;
    let functions = 0;
    let samples = 0;
    let peak: { usage: number; where: string } | null = null;
    const weights = [0, 0, 0];
    const flush = () => {
      if (rows.length === 0) return;
      functions++;
      const name = fn?.name ?? '<unknown>';
      // rows[0] is the decorator or def line: memory at entry.
      for (const r of rows.slice(1)) {
        weights[0] = Math.max(r.increment, 0) * MIB;
        weights[1] = Math.max(-r.increment, 0) * MIB;
        weights[2] = r.occurrences;
        builder.addSample([builder.frame({ name, file, line: r.line, functionLine: fn?.line ?? null })], weights);
        samples++;
      }
      for (const r of rows) if (!peak || r.usage > peak.usage) peak = { usage: r.usage, where: `${file ?? '?'}:${r.line}` };
      rows = [];
      fn = null;
    };
    return {
      line(input, lineNo) {
        const text = input.trimEnd();
        if (text.startsWith('Filename: ')) {
          flush();
          file = text.slice('Filename: '.length);
          inTable = false;
          return;
        }
        if (HEADER.test(text)) {
          inTable = true;
          return;
        }
        if (!inTable || text === '' || /^=+$/.test(text)) return;
        const m = ROW.exec(text);
        // Figures in another shape (a unit other than MiB) would otherwise read as source text.
        if (!m || (m[2] === undefined && FIGURES_LIKE.test(text)))
          throw fail('expected "LINE  USAGE MiB  INCREMENT MiB  OCCURRENCES  CONTENTS"', `line ${lineNo}: ${preview(text)}`);
        const def = /^\s*(?:async\s+)?def\s+(\w+)/.exec(m[5] ?? '');
        if (def && !fn) fn = { name: def[1]!, line: Number(m[1]) };
        if (m[2] === undefined) return;
        const row = { line: Number(m[1]), usage: Number(m[2]), increment: Number(m[3]), occurrences: m[4] === undefined ? 1 : Number(m[4]) };
        if (![row.usage, row.increment, row.occurrences].every(Number.isFinite)) throw fail('a figure does not parse', `line ${lineNo}: ${preview(text)}`);
        rows.push(row);
      },
      finish(stats) {
        flush();
        if (functions === 0) throw fail('no table rows with figures (did the @profile functions run?)');
        if (samples === 0) throw fail('only entry rows: no line inside a @profile function ran');
        builder.note(`memory_profiler: the first row of each of ${functions} function(s) is its memory at entry and is not counted as an increment`);
        const top = peak as { usage: number; where: string } | null;
        if (top) builder.note(`memory_profiler: highest "Mem usage" ${top.usage.toFixed(3)} MiB at ${top.where}`);
        if (!stats.endedWithNewline) builder.note('the file ends in the middle of a line (truncated?)');
        return builder.build();
      },
    };
  },
};
