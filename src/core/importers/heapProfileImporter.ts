/**
 * V8 sampling heap profile (.heapprofile: `node --heap-prof`, DevTools, or Hotline's
 * leak_heapprof_preload.cjs) -> Profile with weights bytes and (estimated) objects.
 * Nodes are functions (V8 samples allocations per function, not per line); callFrame
 * line/column are 0-based and become 1-based here.
 */
import { fileURLToPath } from 'node:url';
import { Profile, ProfileBuilder, ProfileFormatError, FrameKind } from '../model/profile';
import { parseJson, type BufferImporter } from './importerTypes';

const FORMAT = 'heapprofile';

interface CallFrame {
  functionName?: unknown;
  url?: unknown;
  lineNumber?: unknown;
  columnNumber?: unknown;
  guessedLine?: unknown;
}
interface HeapNode {
  callFrame?: CallFrame;
  selfSize?: unknown;
  id?: unknown;
  children?: unknown;
}
interface HeapSample {
  size?: unknown;
  nodeId?: unknown;
}

export interface HeapProfileImportOptions {
  source?: string;
  /** "inuse_space" (default: live objects when the profile was written) or "alloc_space" (objects later collected kept). */
  spaceName?: 'inuse_space' | 'alloc_space';
  command?: string[];
}

/** True when the first bytes look like a V8 sampling heap profile (`{"head":{"callFrame":...`). */
export function looksLikeHeapProfile(headText: string): boolean {
  return /^\s*\{\s*"head"\s*:\s*\{\s*"callFrame"/.test(headText);
}

export function importHeapProfile(input: string | Uint8Array, options: HeapProfileImportOptions = {}): Profile {
  const doc = parseJson<{ head?: HeapNode; samples?: unknown }>(input, FORMAT, options.source, (m) => `not JSON (${m})`);
  if (!doc || typeof doc !== 'object' || !doc.head || typeof doc.head !== 'object' || !doc.head.callFrame) {
    throw new ProfileFormatError(FORMAT, 'expected an object with "head": { "callFrame", "selfSize", "children" }', options.source);
  }
  const space = options.spaceName ?? 'inuse_space';
  const builder = new ProfileBuilder(
    { format: FORMAT, profiler: 'v8 sampling heap profiler', language: 'javascript', sourceFile: options.source, command: options.command },
    [
      { name: space, unit: 'bytes' },
      { name: space === 'alloc_space' ? 'alloc_objects' : 'inuse_objects', unit: 'objects' },
    ],
  );

  // Sampled sizes per node, to turn a node's (scaled) byte estimate into an object estimate.
  const sampled = new Map<number, { bytes: number; n: number }>();
  if (Array.isArray(doc.samples)) {
    for (const s of doc.samples as HeapSample[]) {
      if (!s || typeof s.nodeId !== 'number' || typeof s.size !== 'number' || !(s.size > 0)) continue;
      const e = sampled.get(s.nodeId) ?? { bytes: 0, n: 0 };
      e.bytes += s.size;
      e.n += 1;
      sampled.set(s.nodeId, e);
    }
  }

  let guessed = 0;
  let badNodes = 0;
  // Iterative walk: deep recursion in user code must not overflow ours.
  const stack: { node: HeapNode; parent: number; depth: number }[] = [];
  const rootChildren = Array.isArray(doc.head.children) ? (doc.head.children as HeapNode[]) : [];
  for (let i = rootChildren.length - 1; i >= 0; i--) stack.push({ node: rootChildren[i]!, parent: -1, depth: 1 });
  while (stack.length) {
    const { node, parent, depth } = stack.pop()!;
    if (!node || typeof node !== 'object' || !node.callFrame || depth > 10000) {
      badNodes++;
      continue;
    }
    const cf = node.callFrame;
    const name = typeof cf.functionName === 'string' && cf.functionName ? cf.functionName : '(anonymous)';
    const file = fileOf(cf.url);
    const line = typeof cf.lineNumber === 'number' && cf.lineNumber >= 0 ? cf.lineNumber + 1 : null;
    const column = typeof cf.columnNumber === 'number' && cf.columnNumber >= 0 ? cf.columnNumber + 1 : null;
    if (cf.guessedLine === true) guessed++;
    const kind: FrameKind | undefined = file === null ? 'runtime' : undefined;
    const frame = builder.frame({ name, file, line, column, kind });
    const here = builder.stack(parent, frame);
    const self = typeof node.selfSize === 'number' && Number.isFinite(node.selfSize) ? node.selfSize : 0;
    if (self > 0) {
      const s = typeof node.id === 'number' ? sampled.get(node.id) : undefined;
      const objects = s && s.bytes > 0 ? Math.max(1, Math.round((self * s.n) / s.bytes)) : 0;
      builder.addSampleAt(here, [self, objects]);
    }
    const children = Array.isArray(node.children) ? (node.children as HeapNode[]) : [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, parent: here, depth: depth + 1 });
  }
  if (badNodes) builder.note(`${badNodes} malformed node(s) were skipped`);
  if (guessed) builder.note(`${guessed} function(s) had no position in the profile; their line is the function's definition found by name in the source`);
  builder.note('V8 samples allocations per function: lines are where each function starts; object counts are estimates from the sampled sizes');
  return builder.build();
}

function fileOf(url: unknown): string | null {
  if (typeof url !== 'string' || url === '') return null;
  if (url.startsWith('file:')) {
    try {
      return fileURLToPath(url);
    } catch {
      return url;
    }
  }
  return url;
}

export const heapProfileImporter: BufferImporter = {
  id: FORMAT,
  label: 'V8 sampling heap profile (.heapprofile)',
  extensions: ['.heapprofile'],
  detect: ({ text }) => looksLikeHeapProfile(text),
  kind: 'buffer',
  parse: (bytes, ctx) => importHeapProfile(bytes, { source: ctx.source }),
};
