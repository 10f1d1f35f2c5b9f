/**
 * The old `.cpuprofile` shape (Chrome before 2016, node-inspector and the `v8-profiler` module of
 * node ≤ 10): a `head` tree of nodes with functionName/url/lineNumber/columnNumber (1-based),
 * hitCount and children, `startTime`/`endTime` in seconds, `samples` (node ids) and `timestamps`
 * (µs). It becomes today's shape (nodes with callFrame, 0-based lines, timeDeltas in µs), as
 * DevTools' own compatibility code converts it, and is read by the .cpuprofile code.
 */
import { ProfileFormatError } from '../model/profile';
import { cpuProfileBuilder } from './cpuprofileImporter';
import type { BufferImporter, ImportContext } from './importerTypes';
import { parseJson } from './importerTypes';

const FORMAT = 'cpuprofile-head';

interface HeadNode {
  id?: unknown;
  functionName?: unknown;
  url?: unknown;
  lineNumber?: unknown;
  columnNumber?: unknown;
  hitCount?: unknown;
  children?: unknown;
  positionTicks?: unknown;
}

export const cpuprofileHeadImporter: BufferImporter = {
  id: FORMAT,
  label: 'V8 .cpuprofile, old head-tree shape',
  extensions: [],
  looseExtensions: ['.cpuprofile'],
  // Heap profiles also have a head, but with callFrame and selfSize (heapProfileImporter, asked first).
  detect: ({ json, text }) => json && /"head"\s*:\s*\{/.test(text) && /"hitCount"\s*:/.test(text) && !/"callFrame"\s*:|"selfSize"\s*:/.test(text),
  kind: 'buffer',
  parse(bytes: Uint8Array, ctx: ImportContext) {
    const doc = parseJson<{ head?: unknown; startTime?: unknown; endTime?: unknown; samples?: unknown; timestamps?: unknown }>(bytes, FORMAT, ctx.source);
    const fail = (detail: string) => new ProfileFormatError(FORMAT, detail, ctx.source);
    if (!doc || typeof doc !== 'object' || !doc.head || typeof doc.head !== 'object') throw fail('no "head" node');
    if (typeof doc.startTime !== 'number' || typeof doc.endTime !== 'number') throw fail('"startTime" and "endTime" (seconds) are missing');
    const startUs = doc.startTime * 1e6;
    const endUs = doc.endTime * 1e6;
    const nodes: object[] = [];
    const pending: HeadNode[] = [doc.head as HeadNode];
    const ids = new Set<number>();
    let nextId = 1;
    while (pending.length) {
      const n = pending.pop()!;
      if (!n || typeof n !== 'object') throw fail(`a child of node ${nodes.length} is not a node`);
      const children = Array.isArray(n.children) ? (n.children as HeadNode[]) : [];
      const id = typeof n.id === 'number' ? n.id : nextId;
      if (ids.has(id)) throw fail(`duplicate node id ${id}`);
      ids.add(id);
      nextId = Math.max(nextId, id) + 1;
      n.id = id;
      const line = typeof n.lineNumber === 'number' ? n.lineNumber - 1 : -1;
      const column = typeof n.columnNumber === 'number' ? n.columnNumber - 1 : -1;
      nodes.push({
        id,
        callFrame: { functionName: n.functionName, url: n.url, lineNumber: line, columnNumber: column },
        positionTicks: n.positionTicks,
        children: children,
      });
      for (let c = children.length - 1; c >= 0; c--) pending.push(children[c]!);
    }
    // Children are objects in the old shape, ids in the new one; every node has its id by now.
    for (const n of nodes as { children: HeadNode[] | number[] }[]) n.children = (n.children as HeadNode[]).map((c) => c.id as number);
    const samples = doc.samples;
    if (!Array.isArray(samples)) throw fail('no "samples" array (profiles older than Chrome 33 kept only hit counts; re-record them)');
    const ts = doc.timestamps;
    if (!Array.isArray(ts) || ts.length !== samples.length) throw fail(`${samples.length} samples but ${Array.isArray(ts) ? ts.length : 'no'} timestamps`);
    const timeDeltas = ts.map((t: unknown, i) => (typeof t === 'number' ? t : NaN) - (i === 0 ? startUs : (ts[i - 1] as number)));
    if (timeDeltas.some((d) => !Number.isFinite(d))) throw fail('a timestamp is not a number');
    return cpuProfileBuilder({ nodes, samples, timeDeltas, startTime: startUs, endTime: endUs }, ctx.source, {
      format: FORMAT,
      profiler: 'V8 (old .cpuprofile)',
    }).build();
  },
};
