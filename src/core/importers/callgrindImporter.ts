/**
 * callgrind's output format (valgrind --tool=callgrind): self cost per (function, line) and call
 * edges with inclusive costs. Instruction counts are exact and repeatable (deterministic).
 * Name compression `(id) name` / `(id)`, relative positions (`+n`, `-n`, `*`), `fi=`/`fe=` inlined
 * files and `calls=` lines (the following cost line is the call's inclusive cost at the call site).
 *
 * Like pstats, callgrind has no stacks: each self cost is put under its callers in proportion to
 * their inclusive call cost, each caller at its call-site line, prefixed by the caller's heaviest
 * chain. metadata.stacksAreSynthetic says so; self costs and totals per line stay exact.
 * Recursion levels (`fib'2`) are merged into their function.
 */
import { ProfileBuilder, ProfileFormatError, WeightType } from '../model/profile';
import type { ImportContext, LineParser, TextImporter } from './importerTypes';
import { preview } from './foldedImporter';

const FORMAT = 'callgrind';
const MAX_CHAIN = 48;

interface FnInfo {
  name: string;
  file: string | null;
  obj: string;
  /** self cost by file and line (fi=/fe= put inlined code's lines in another file) */
  self: Map<string, { file: string | null; line: number; costs: number[] }>;
  /** incoming edges: caller fn index → { line in caller, inclusive costs } list */
  callers: Map<string, { caller: number; line: number; cost: number[] }>;
}

/** Which valgrind tool wrote the file: the profile's format, profiler and what its stacks are. */
export interface ValgrindTool {
  readonly format: string;
  readonly profiler: string;
  /** True when the file has call edges, from which stacks are reconstructed. */
  readonly calls: boolean;
  readonly note: string;
}
const CALLGRIND: ValgrindTool = {
  format: FORMAT,
  profiler: 'valgrind --tool=callgrind',
  calls: true,
  note: 'callgrind records callers, not stacks: call chains above the direct caller are reconstructed from the heaviest callers',
};

/** The head is callgrind's output format (or a file of its grammar, such as cachegrind's). */
export const looksLikeCallgrindFormat = (text: string) => /^events: /m.test(text.slice(0, 4096)) && /^(fn|fl)=/m.test(text);

export const callgrindImporter: TextImporter = {
  id: FORMAT,
  label: 'callgrind.out',
  extensions: [],
  looseExtensions: ['.out'],
  detect: ({ json, text }) => !json && (/^(# callgrind format|version: ?\d|creator: callgrind)/m.test(text.slice(0, 2048)) || looksLikeCallgrindFormat(text)),
  kind: 'text',
  create: (ctx) => callgrindFormatParser(ctx, CALLGRIND),
};

/** Reads callgrind's format; cachegrind's files are the same grammar without calls (cachegrindImporter.ts). */
export function callgrindFormatParser(ctx: ImportContext, tool: ValgrindTool): LineParser {
  const fail = (detail: string, where?: string) => new ProfileFormatError(tool.format, detail, ctx.source, where);
  let events: string[] = [];
  let positions = ['line'];
  const names = { ob: new Map<string, string>(), fl: new Map<string, string>(), fn: new Map<string, string>() };
  const fns: FnInfo[] = [];
  const fnIndex = new Map<string, number>();
  let ob = '';
  let fl: string | null = null;
  let fi: string | null = null;
  let curFn = -1;
  let cob = '';
  let cfl: string | null = null;
  let cfn: string | null = null;
  let pendingCall = false;
  const last = [0, 0];
  let sawHeader = false;
  let cmd = '';
  let summary: number | null = null;

  const resolve = (kind: 'ob' | 'fl' | 'fn', value: string, lineNo: number): string => {
    const m = /^\((\d+)\)(?:\s+(.*))?$/.exec(value);
    if (!m) return value;
    if (m[2] !== undefined) {
      names[kind].set(m[1]!, m[2]);
      return m[2];
    }
    const known = names[kind].get(m[1]!);
    if (known === undefined) throw fail(`compressed name (${m[1]}) used before it was defined`, `line ${lineNo}`);
    return known;
  };
  const fnId = (name: string, file: string | null, obj: string): number => {
    const base = name.replace(/'\d+$/, '');
    const key = `${base}\u0000${file ?? ''}\u0000${obj}`;
    let id = fnIndex.get(key);
    if (id === undefined) {
      id = fns.length;
      fns.push({ name: base, file, obj, self: new Map(), callers: new Map() });
      fnIndex.set(key, id);
    }
    return id;
  };
  const parsePositions = (tokens: string[], lineNo: number): number[] => {
    const out: number[] = [];
    for (let k = 0; k < positions.length; k++) {
      const t = tokens[k];
      let v: number;
      if (t === undefined || t === '*') v = last[k] ?? 0;
      else if (t[0] === '+' || t[0] === '-') {
        const d = t.slice(1);
        const n = d.startsWith('0x') ? Number.parseInt(d.slice(2), 16) : Number(d);
        v = (last[k] ?? 0) + (t[0] === '-' ? -n : n);
      } else v = t.startsWith('0x') ? Number.parseInt(t, 16) : Number(t);
      if (!Number.isFinite(v)) throw fail(`bad position ${JSON.stringify(t)}`, `line ${lineNo}`);
      out.push(v);
      last[k] = v;
    }
    return out;
  };
  const lineOf = (pos: number[]): number => {
    const li = positions.indexOf('line');
    return li === -1 ? 0 : pos[li]!;
  };

  return {
    line(text, lineNo) {
      if (text.length === 0 || text[0] === '#') {
        if (lineNo === 1 && text.startsWith('# callgrind format')) sawHeader = true;
        return;
      }
      const c = text.charCodeAt(0);
      const isCost = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 42; // digit + - *
      if (isCost) {
        if (curFn < 0) throw fail('cost line before any fn=', `line ${lineNo}: ${preview(text)}`);
        const tokens = text.trim().split(/\s+/);
        const pos = parsePositions(tokens, lineNo);
        const costs = tokens.slice(positions.length).map(Number);
        if (costs.some((v) => !Number.isFinite(v) || v < 0)) throw fail('bad cost value', `line ${lineNo}: ${preview(text)}`);
        const line = lineOf(pos);
        if (pendingCall) {
          pendingCall = false;
          if (cfn === null) throw fail('calls= without cfn=', `line ${lineNo}`);
          const callee = fnId(cfn, cfl ?? fl, cob || ob);
          const key = `${curFn}:${line}`;
          const edge = fns[callee]!.callers.get(key);
          if (edge) costs.forEach((v, k) => (edge.cost[k] = (edge.cost[k] ?? 0) + v));
          else fns[callee]!.callers.set(key, { caller: curFn, line, cost: costs });
          cfn = null;
          cfl = null;
          cob = '';
          return;
        }
        const self = fns[curFn]!.self;
        const file = fi ?? fl;
        const key = `${file ?? ''}\u0000${line}`;
        const acc = self.get(key);
        if (acc) costs.forEach((v, k) => (acc.costs[k] = (acc.costs[k] ?? 0) + v));
        else self.set(key, { file, line, costs });
        return;
      }
      const eq = text.indexOf('=');
      const colon = text.indexOf(':');
      if (eq > 0 && (colon === -1 || eq < colon)) {
        const key = text.slice(0, eq);
        const value = text.slice(eq + 1).trim();
        switch (key) {
          case 'ob':
            ob = resolve('ob', value, lineNo);
            break;
          case 'fl':
            fl = resolve('fl', value, lineNo);
            fi = null;
            break;
          case 'fi':
          case 'fe':
            fi = resolve('fl', value, lineNo);
            break;
          case 'fn':
            curFn = fnId(resolve('fn', value, lineNo), fl, ob);
            fi = null;
            break;
          case 'cob':
            cob = resolve('ob', value, lineNo);
            break;
          case 'cfl':
          case 'cfi':
            cfl = resolve('fl', value, lineNo);
            break;
          case 'cfn':
            cfn = resolve('fn', value, lineNo);
            break;
          case 'calls':
            pendingCall = true;
            break;
          case 'jump':
          case 'jcnd':
            break;
          default:
            throw fail(`unknown specification "${key}="`, `line ${lineNo}: ${preview(text)}`);
        }
        return;
      }
      if (colon > 0) {
        const key = text.slice(0, colon);
        const value = text.slice(colon + 1).trim();
        if (key === 'events') events = value.split(/\s+/);
        else if (key === 'positions') positions = value.split(/\s+/);
        else if (key === 'version' || key === 'creator') sawHeader = true;
        else if (key === 'cmd') cmd = value;
        else if ((key === 'summary' || key === 'totals') && summary === null) summary = Number(value.split(/\s+/)[0]);
        return;
      }
      throw fail('unrecognised line', `line ${lineNo}: ${preview(text)}`);
    },
    finish(stats) {
      if (!sawHeader && events.length === 0) throw fail('no callgrind header (version:/creator:/events:)');
      if (events.length === 0) throw fail('no "events:" line');
      if (fns.length === 0) throw fail(stats.endedWithNewline ? 'no functions with costs' : 'file ends before any cost (truncated?)');
      const weightTypes: WeightType[] = events.map((e) => ({ name: e, unit: e === 'Ir' ? 'instructions' : 'count' }));
      const builder = new ProfileBuilder(
        {
          format: tool.format,
          profiler: tool.profiler,
          sourceFile: ctx.source,
          deterministic: true,
          stacksAreSynthetic: tool.calls || undefined,
          command: cmd ? cmd.split(/\s+/) : undefined,
        },
        weightTypes,
      );
      builder.note(tool.note);
      if (!stats.endedWithNewline) builder.note('the file ends in the middle of a line (truncated?)');
      // Code from shared objects (libc, the dynamic loader) and unnamed addresses is native.
      const kindOf = (f: FnInfo) => (/\.so(\.[\d.]+)?$/.test(f.obj) || /^0x[0-9a-f]+$/.test(f.name) ? 'native' : undefined);
      const frameCache = new Map<string, number>();
      const frame = (fi: number, line: number, inFile?: string | null) => {
        const key = `${fi}:${line}:${inFile ?? ''}`;
        let id = frameCache.get(key);
        if (id === undefined) {
          const f = fns[fi]!;
          const recorded = inFile === undefined ? f.file : inFile;
          const file = recorded === null || recorded === '???' ? null : recorded;
          id = builder.frame({ name: f.name, file, line: file ? line : null, kind: kindOf({ ...f, file }) });
          frameCache.set(key, id);
        }
        return id;
      };
      // Heaviest incoming edge per function, for reconstructed chains.
      const primary = fns.map((f, i) => {
        let best: { caller: number; line: number } | null = null;
        let bestCost = -1;
        for (const e of f.callers.values()) {
          if (e.caller !== i && (e.cost[0] ?? 0) > bestCost) {
            best = e;
            bestCost = e.cost[0] ?? 0;
          }
        }
        return best;
      });
      const chainCache = new Map<string, number>();
      const chainOf = (fi: number, line: number): number => {
        const key = `${fi}:${line}`;
        const cached = chainCache.get(key);
        if (cached !== undefined) return cached;
        const path: [number, number][] = [];
        const seen = new Set<number>();
        for (
          let at: { caller: number; line: number } | null = { caller: fi, line };
          at && !seen.has(at.caller) && path.length < MAX_CHAIN;
          at = primary[at.caller]!
        ) {
          seen.add(at.caller);
          path.push([at.caller, at.line]);
        }
        let node = -1;
        for (let k = path.length - 1; k >= 0; k--) node = builder.stack(node, frame(path[k]![0], path[k]![1]));
        chainCache.set(key, node);
        return node;
      };
      const w = new Array<number>(events.length).fill(0);
      fns.forEach((f, i) => {
        const edges = [...f.callers.values()].filter((e) => e.caller !== i);
        const inTotal = edges.reduce((a, e) => a + (e.cost[0] ?? 0), 0);
        for (const { file, line, costs } of f.self.values()) {
          const leaf = frame(i, line, file);
          if (edges.length === 0 || inTotal <= 0) {
            for (let k = 0; k < w.length; k++) w[k] = costs[k] ?? 0;
            builder.addSampleAt(builder.stack(-1, leaf), w);
            continue;
          }
          for (const e of edges) {
            const share = (e.cost[0] ?? 0) / inTotal;
            if (share <= 0) continue;
            for (let k = 0; k < w.length; k++) w[k] = (costs[k] ?? 0) * share;
            builder.addSampleAt(builder.stack(chainOf(e.caller, e.line), leaf), w);
          }
        }
      });
      if (summary !== null && Number.isFinite(summary)) builder.note(`callgrind summary: ${summary} ${events[0]}`);
      return builder.build();
    },
  };
}
