/**
 * cProfile / pstats, as dumped to JSON by src/helpers/pstats_to_json.py (the .pstats file itself is
 * Python's marshal format, read by the user's interpreter; see src/profilers/pstatsConverter.ts).
 *
 * pstats has per-function totals and caller→callee edges, not stacks. Stacks are synthesised,
 * honestly marked (metadata.stacksAreSynthetic): each function's own time is split over its
 * callers in proportion to the time it spent when called from each, and the caller is prefixed by
 * its heaviest chain of callers (no cycles, bounded depth). Self times are exact; totals of
 * frames above the direct caller are an approximation.
 */
import { ProfileBuilder, ProfileFormatError } from '../model/profile';
import type { BufferImporter, ImportContext } from './importerTypes';
import { parseJson } from './importerTypes';

const FORMAT = 'pstats';
const MAX_CHAIN = 48;

interface Fn {
  file: string;
  line: number;
  name: string;
  cc: number;
  nc: number;
  tt: number;
  ct: number;
  callers: [number, number, number, number, number][];
}

export const pstatsJsonImporter: BufferImporter = {
  id: 'pstats-json',
  label: "pstats_to_json.py's JSON",
  extensions: [],
  looseExtensions: ['.json'],
  detect: ({ json, text }) => json && /"hotline-pstats"/.test(text),
  kind: 'buffer',
  parse(bytes: Uint8Array, ctx: ImportContext) {
    const doc = parseJson<{ format?: unknown; functions?: unknown; python?: unknown; total_tt?: unknown }>(
      bytes,
      FORMAT,
      ctx.source,
      (m) => `invalid JSON from the pstats helper: ${m}`,
    );
    const fail = (detail: string, where?: string) => new ProfileFormatError(FORMAT, detail, ctx.source, where);
    if (!doc || doc.format !== 'hotline-pstats' || !Array.isArray(doc.functions)) throw fail('not the JSON written by pstats_to_json.py');
    const fns = doc.functions as Fn[];
    fns.forEach((f, i) => {
      if (!f || typeof f.name !== 'string' || typeof f.tt !== 'number' || !Array.isArray(f.callers)) throw fail('malformed function entry', `functions[${i}]`);
      for (const c of f.callers) {
        if (!Array.isArray(c) || typeof c[0] !== 'number' || c[0] < 0 || c[0] >= fns.length || !Number.isInteger(c[0]))
          throw fail('caller index out of range', `functions[${i}].callers`);
      }
    });
    const builder = new ProfileBuilder(
      {
        format: FORMAT,
        profiler: 'cProfile',
        language: 'python',
        sourceFile: ctx.source,
        deterministic: true,
        stacksAreSynthetic: true,
      },
      [{ name: 'cpu', unit: 'nanoseconds' }],
    );
    builder.note('cProfile records callers, not stacks: call chains above the direct caller are reconstructed from the heaviest callers');
    builder.note('cProfile is a tracing profiler: it slows small functions down more than big ones, and can turn in-place string concatenation quadratic');
    const frames = fns.map((f) => {
      // Built-ins are recorded as ("~", 0, "<built-in method ...>").
      const builtin = f.file === '~';
      return builder.frame({
        name: f.name,
        file: builtin ? null : f.file,
        line: builtin ? null : f.line,
        functionLine: builtin ? null : f.line,
        kind: builtin ? 'runtime' : undefined,
      });
    });
    // Heaviest caller of each function (by time spent in it from that caller), for chains.
    const primary = fns.map((f, i) => {
      let best = -1;
      let bestCt = -1;
      for (const [ci, , , , ct] of f.callers) {
        if (ci !== i && ct > bestCt) {
          best = ci;
          bestCt = ct;
        }
      }
      return best;
    });
    const chainNode = new Map<number, number>();
    const chainOf = (start: number): number => {
      const cached = chainNode.get(start);
      if (cached !== undefined) return cached;
      const path: number[] = [];
      const seen = new Set<number>();
      for (let f = start; f !== -1 && !seen.has(f) && path.length < MAX_CHAIN; f = primary[f]!) {
        seen.add(f);
        path.push(f);
      }
      let node = -1;
      for (let k = path.length - 1; k >= 0; k--) node = builder.stack(node, frames[path[k]!]!);
      chainNode.set(start, node);
      return node;
    };
    const w = [0];
    fns.forEach((f, i) => {
      const tt = f.tt * 1e9;
      if (!(tt > 0)) return;
      const edges = f.callers.filter((c) => c[0] !== i);
      const edgeTt = edges.reduce((a, c) => a + (c[3] > 0 ? c[3] : 0), 0);
      const edgeNc = edges.reduce((a, c) => a + (c[2] > 0 ? c[2] : 0), 0);
      if (edges.length === 0 || (edgeTt <= 0 && edgeNc <= 0)) {
        w[0] = tt;
        builder.addSampleAt(builder.stack(-1, frames[i]!), w);
        return;
      }
      for (const c of edges) {
        const share = edgeTt > 0 ? Math.max(0, c[3]) / edgeTt : Math.max(0, c[2]) / edgeNc;
        if (share <= 0) continue;
        w[0] = tt * share;
        builder.addSampleAt(builder.stack(chainOf(c[0]), frames[i]!), w);
      }
    });
    if (typeof doc.python === 'string') builder.metadata.profilerVersion = `Python ${doc.python}`;
    return builder.build();
  },
};
