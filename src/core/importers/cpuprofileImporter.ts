/**
 * V8 `.cpuprofile` (node --cpu-prof, Chrome DevTools): `nodes` (id, callFrame, children or parent,
 * hitCount, positionTicks), `samples` (node id per sample, in time order) and `timeDeltas` (µs).
 * callFrame.lineNumber/columnNumber are 0-based; positionTicks[].line is 1-based and gives a
 * node's self hits per line, so a sample's leaf frame gets the line it was on, not the
 * function's first line. The timeline (sample order and times) is kept for event-loop views.
 */
import { FrameKind, ProfileBuilder, ProfileFormatError } from '../model/profile';
import type { BufferImporter, ImportContext } from './importerTypes';
import { parseJson } from './importerTypes';

const FORMAT = 'cpuprofile';

interface CallFrame {
  functionName?: unknown;
  url?: unknown;
  lineNumber?: unknown;
  columnNumber?: unknown;
}
interface RawNode {
  id?: unknown;
  callFrame?: CallFrame;
  children?: unknown;
  parent?: unknown;
  positionTicks?: unknown;
}

export const cpuprofileImporter: BufferImporter = {
  id: FORMAT,
  label: 'V8 .cpuprofile',
  extensions: ['.cpuprofile'],
  detect: ({ json, text }) =>
    json && ((/"nodes"\s*:\s*\[/.test(text) && /"callFrame"\s*:/.test(text)) || (/"startTime"\s*:/.test(text) && /"nodes"\s*:/.test(text))),
  guess: ({ json, name }) => json && !!name?.endsWith('.cpuprofile'),
  kind: 'buffer',
  parse(bytes: Uint8Array, ctx: ImportContext) {
    return cpuProfileBuilder(parseJson<CpuProfileDoc>(bytes, FORMAT, ctx.source), ctx.source, { format: FORMAT, profiler: 'node --cpu-prof' }).build();
  },
};

/** A V8 CPU profile as .cpuprofile files and the trace-event chunks hold it (times in µs). */
export interface CpuProfileDoc {
  nodes?: unknown;
  samples?: unknown;
  timeDeltas?: unknown;
  startTime?: unknown;
  endTime?: unknown;
}

/** The profile's frames, stacks, samples and timeline, before build(): callers may add notes. */
export function cpuProfileBuilder(doc: CpuProfileDoc, source: string, meta: { format: string; profiler: string }): ProfileBuilder {
  const fail = (detail: string, where?: string) => new ProfileFormatError(meta.format, detail, source, where);
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.nodes)) throw fail('no "nodes" array');
  const nodes = doc.nodes as RawNode[];
  // Every V8 profile has at least its (root) node: an empty tree is a cut-off or emptied file.
  if (nodes.length === 0) throw fail('the "nodes" array is empty (V8 always writes at least the (root) node)');
  const samples = Array.isArray(doc.samples) ? (doc.samples as unknown[]) : [];
  const deltas = Array.isArray(doc.timeDeltas) ? (doc.timeDeltas as unknown[]) : [];
  const builder = new ProfileBuilder(
    { format: meta.format, profiler: meta.profiler, language: 'javascript', sourceFile: source },
    [
      { name: 'samples', unit: 'samples' },
      { name: 'cpu', unit: 'nanoseconds' },
    ],
    { timeline: true },
  );

  // Index nodes; parent links from `children` (or `parent`, in older files).
  const index = new Map<number, number>();
  nodes.forEach((n, i) => {
    if (!n || typeof n !== 'object' || typeof n.id !== 'number' || !n.callFrame || typeof n.callFrame !== 'object')
      throw fail('node without an id or callFrame', `nodes[${i}]`);
    if (index.has(n.id)) throw fail(`duplicate node id ${n.id}`, `nodes[${i}]`);
    index.set(n.id, i);
  });
  const parent = new Int32Array(nodes.length).fill(-1);
  let dangling = 0;
  nodes.forEach((n, i) => {
    if (Array.isArray(n.children)) {
      for (const c of n.children) {
        const ci = typeof c === 'number' ? index.get(c) : undefined;
        if (ci === undefined) dangling++;
        else if (parent[ci] !== -1 && parent[ci] !== i) throw fail(`node ${String(c)} has two parents`, `nodes[${i}].children`);
        else parent[ci] = i;
      }
    } else if (typeof n.parent === 'number') {
      const pi = index.get(n.parent);
      if (pi === undefined) dangling++;
      else parent[i] = pi;
    }
  });
  if (dangling) builder.note(`${dangling} child/parent reference(s) pointed to no node and were ignored`);

  // Depth-first order without recursion; a cycle never reaches a root and is reported.
  const state = new Uint8Array(nodes.length); // 0 new, 1 on path, 2 done
  const stackNode = new Int32Array(nodes.length).fill(-1);
  const frameOf = (i: number, line: number | null): number => {
    const cf = nodes[i]!.callFrame!;
    const name = typeof cf.functionName === 'string' && cf.functionName !== '' ? cf.functionName : '(anonymous)';
    const url = typeof cf.url === 'string' ? cf.url : '';
    const file = url === '' ? null : fileFromUrl(url);
    const fnLine = typeof cf.lineNumber === 'number' && cf.lineNumber >= 0 ? cf.lineNumber + 1 : null;
    const column = typeof cf.columnNumber === 'number' && cf.columnNumber >= 0 ? cf.columnNumber + 1 : null;
    return builder.frame({ name, file, line: line ?? fnLine, column: line === null ? column : null, functionLine: fnLine, kind: kindOf(name, url) });
  };
  const path: number[] = [];
  for (let start = 0; start < nodes.length; start++) {
    if (state[start] === 2) continue;
    path.length = 0;
    let i = start;
    while (i !== -1 && state[i] === 0) {
      state[i] = 1;
      path.push(i);
      i = parent[i]!;
    }
    if (i !== -1 && state[i] === 1) throw fail(`the children of node ${String(nodes[i]!.id)} form a cycle`, `nodes[${i}]`);
    let above = i === -1 ? -1 : stackNode[i]!;
    for (let k = path.length - 1; k >= 0; k--) {
      const n = path[k]!;
      const name = nodes[n]!.callFrame!.functionName;
      // "(root)" is V8's synthetic root of every stack: not a frame the user can act on.
      if (!(parent[n] === -1 && name === '(root)')) above = builder.stack(above, frameOf(n, null));
      stackNode[n] = above;
      state[n] = 2;
    }
  }

  // Per-node line queues from positionTicks: each sample of the node takes the next line.
  const lineQueues = new Map<number, { lines: number[]; ticks: number[]; at: number }>();
  nodes.forEach((n, i) => {
    if (!Array.isArray(n.positionTicks) || n.positionTicks.length === 0) return;
    const lines: number[] = [];
    const ticks: number[] = [];
    for (const pt of n.positionTicks as { line?: unknown; ticks?: unknown }[]) {
      if (pt && typeof pt.line === 'number' && typeof pt.ticks === 'number' && pt.ticks > 0 && pt.line > 0) {
        lines.push(pt.line);
        ticks.push(pt.ticks);
      }
    }
    if (lines.length) lineQueues.set(i, { lines, ticks, at: 0 });
  });
  const leafNodeCache = new Map<string, number>();
  const leafFor = (i: number): number => {
    const q = lineQueues.get(i);
    if (!q || stackNode[i]! < 0) return stackNode[i]!;
    while (q.at < q.lines.length && q.ticks[q.at]! <= 0) q.at++;
    const k = Math.min(q.at, q.lines.length - 1);
    q.ticks[k]!--;
    const line = q.lines[k]!;
    const key = `${i}:${line}`;
    let node = leafNodeCache.get(key);
    if (node === undefined) {
      node = builder.stack(parent[i] === -1 ? -1 : stackNode[parent[i]!]!, frameOf(i, line));
      leafNodeCache.set(key, node);
    }
    return node;
  };

  let t = 0;
  const times = new Float64Array(samples.length);
  for (let s = 0; s < samples.length; s++) {
    const d = deltas[s];
    t += typeof d === 'number' && Number.isFinite(d) ? d : 0;
    times[s] = t;
  }
  const endUs = typeof doc.endTime === 'number' && typeof doc.startTime === 'number' ? doc.endTime - doc.startTime : t;
  let unknown = 0;
  const w = [1, 0];
  for (let s = 0; s < samples.length; s++) {
    const id = samples[s];
    const i = typeof id === 'number' ? index.get(id) : undefined;
    if (i === undefined) {
      unknown++;
      continue;
    }
    const node = leafFor(i);
    // A sample lasts until the next one (as DevTools draws it); the last one until endTime.
    const next = s + 1 < samples.length ? times[s + 1]! : endUs;
    w[1] = Math.max(0, next - times[s]!) * 1000;
    if (node >= 0) builder.addSampleAt(node, w, times[s]! * 1000);
  }
  if (unknown) builder.note(`${unknown} sample(s) named no node and were dropped`);
  if (typeof doc.startTime === 'number' && typeof doc.endTime === 'number') builder.metadata.durationNs = (doc.endTime - doc.startTime) * 1000;
  if (samples.length > 1) builder.metadata.sampleIntervalNs = (t / (samples.length - 1)) * 1000;
  return builder;
}

function kindOf(name: string, url: string): FrameKind | undefined {
  if (name === '(program)' || name === '(idle)' || name === '(garbage collector)' || name === '(root)') return 'runtime';
  if (url.startsWith('node:') || url.startsWith('internal/')) return 'runtime';
  // Empty URL: V8 builtins (Array.prototype.sort, JSON.parse...) — the engine's own code.
  if (url === '') return 'runtime';
  if (url.startsWith('wasm://')) return 'native';
  return undefined; // classifyFrame decides (node_modules → library)
}

/** file:///a/b%20c.js → /a/b c.js (a query or #fragment is not part of the file); other URLs (http:, webpack:) are kept as recorded. */
export function fileFromUrl(url: string): string {
  if (!url.startsWith('file://')) return url;
  try {
    const p = decodeURIComponent(url.slice(7).replace(/[?#].*$/, ''));
    return /^\/[A-Za-z]:\//.test(p) ? p.slice(1) : p;
  } catch {
    return url;
  }
}
