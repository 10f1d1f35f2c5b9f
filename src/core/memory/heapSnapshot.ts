/**
 * Reads a V8 .heapsnapshot (DevTools / inspector HeapProfiler.takeHeapSnapshot / v8.writeHeapSnapshot)
 * into flat arrays, and names each object's kind the way a user would recognise it: constructor name
 * for objects, "(closure) name @ file:line" for functions, "(string)", "(array)" and the rest.
 * Allocation stacks (when allocation tracking was on) and definition locations are kept.
 * Pure: JSON text in, data out.
 */
import { fileURLToPath } from 'node:url';
import { ProfileFormatError } from '../model/profile';
import { parseJson } from '../importers/importerTypes';

const FORMAT = 'heapsnapshot';

export interface SourcePosition {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface TraceFrame {
  name: string;
  file: string;
  /** 1-based line where the function starts (V8 tracks allocations per function). */
  line: number;
  column: number;
}

export interface HeapSnapshot {
  readonly nodeCount: number;
  readonly nodeTypes: readonly string[];
  readonly edgeTypes: readonly string[];
  readonly strings: readonly string[];
  /** Per node: type index, name string index, id, self size, trace node id. */
  readonly type: Uint8Array;
  readonly name: Uint32Array;
  readonly id: Float64Array;
  readonly selfSize: Float64Array;
  readonly traceNode: Uint32Array;
  /** Node i's edges are firstEdge[i] .. firstEdge[i+1]-1 in edgeType/edgeName/edgeTo. */
  readonly firstEdge: Uint32Array;
  readonly edgeType: Uint8Array;
  /** String index for named edges, the index for element/hidden edges. */
  readonly edgeName: Uint32Array;
  /** Target node ordinal. */
  readonly edgeTo: Uint32Array;
  /** Where a closure or object's constructor is defined, by node ordinal (script id, 1-based line/column). */
  readonly locations: Map<number, { scriptId: number; line: number; column: number }>;
  /** Script id -> file, from allocation traces (ids are stable within one process). */
  readonly scriptNames: Map<number, string>;
  /** Allocation stack per trace node id, innermost frame first (empty without allocation tracking). */
  readonly traceStacks: Map<number, TraceFrame[]>;
  /** The total self size of all nodes. */
  readonly totalSize: number;
  /** Per node, when the snapshot has the field (Chromium): 0 unknown, 1 attached, 2 detached DOM node. */
  readonly detachedness?: Uint8Array;
}

interface RawSnapshot {
  snapshot?: { meta?: Record<string, unknown>; node_count?: number; edge_count?: number };
  nodes?: number[];
  edges?: number[];
  strings?: string[];
  trace_function_infos?: number[];
  trace_tree?: unknown[];
  locations?: number[];
}

export function parseHeapSnapshot(text: string, source?: string): HeapSnapshot {
  const raw = parseJson<RawSnapshot>(text, FORMAT, source, (m) => `not JSON (${m})`);
  const meta = raw?.snapshot?.meta as
    | {
        node_fields?: string[];
        node_types?: unknown[];
        edge_fields?: string[];
        edge_types?: unknown[];
        trace_function_info_fields?: string[];
        trace_node_fields?: string[];
        location_fields?: string[];
      }
    | undefined;
  if (!meta || !Array.isArray(meta.node_fields) || !Array.isArray(raw.nodes) || !Array.isArray(raw.edges) || !Array.isArray(raw.strings)) {
    throw new ProfileFormatError(FORMAT, 'expected "snapshot.meta", "nodes", "edges" and "strings"', source);
  }
  const nf = meta.node_fields;
  const ef = meta.edge_fields ?? [];
  const nodeTypes = (meta.node_types?.[0] as string[]) ?? [];
  const edgeTypes = (meta.edge_types?.[0] as string[]) ?? [];
  const nTypeF = nf.indexOf('type');
  const nNameF = nf.indexOf('name');
  const nIdF = nf.indexOf('id');
  const nSizeF = nf.indexOf('self_size');
  const nEdgesF = nf.indexOf('edge_count');
  const nTraceF = nf.indexOf('trace_node_id');
  const nDetachedF = nf.indexOf('detachedness');
  const eTypeF = ef.indexOf('type');
  const eNameF = ef.indexOf('name_or_index');
  const eToF = ef.indexOf('to_node');
  if ([nTypeF, nNameF, nIdF, nSizeF, nEdgesF, eTypeF, eNameF, eToF].some((i) => i < 0)) {
    throw new ProfileFormatError(FORMAT, `unknown field layout (nodes: ${nf.join(',')}; edges: ${ef.join(',')})`, source);
  }
  const NF = nf.length;
  const EF = ef.length;
  const nodes = raw.nodes;
  const edges = raw.edges;
  const nodeCount = Math.floor(nodes.length / NF);
  const edgeCount = Math.floor(edges.length / EF);
  const type = new Uint8Array(nodeCount);
  const name = new Uint32Array(nodeCount);
  const id = new Float64Array(nodeCount);
  const selfSize = new Float64Array(nodeCount);
  const traceNode = new Uint32Array(nodeCount);
  const firstEdge = new Uint32Array(nodeCount + 1);
  const detachedness = nDetachedF >= 0 ? new Uint8Array(nodeCount) : undefined;
  let e = 0;
  let totalSize = 0;
  for (let i = 0; i < nodeCount; i++) {
    const o = i * NF;
    type[i] = nodes[o + nTypeF]!;
    name[i] = nodes[o + nNameF]!;
    id[i] = nodes[o + nIdF]!;
    selfSize[i] = nodes[o + nSizeF]!;
    totalSize += selfSize[i]!;
    traceNode[i] = nTraceF >= 0 ? nodes[o + nTraceF]! : 0;
    if (detachedness) detachedness[i] = nodes[o + nDetachedF]!;
    firstEdge[i] = e;
    e += nodes[o + nEdgesF]!;
  }
  firstEdge[nodeCount] = Math.min(e, edgeCount);
  if (e > edgeCount) {
    throw new ProfileFormatError(FORMAT, `nodes declare ${e} edges but the file has ${edgeCount}`, source, 'edges');
  }
  const edgeType = new Uint8Array(edgeCount);
  const edgeName = new Uint32Array(edgeCount);
  const edgeTo = new Uint32Array(edgeCount);
  for (let j = 0; j < edgeCount; j++) {
    const o = j * EF;
    edgeType[j] = edges[o + eTypeF]!;
    edgeName[j] = edges[o + eNameF]!;
    const to = edges[o + eToF]! / NF;
    if (!Number.isInteger(to) || to >= nodeCount) {
      throw new ProfileFormatError(FORMAT, `edge ${j} points outside the node table`, source, 'edges');
    }
    edgeTo[j] = to;
  }

  const strings = raw.strings;
  const { traceStacks, scriptNames } = readTraces(raw, meta, strings);
  const locations = new Map<number, { scriptId: number; line: number; column: number }>();
  const lf = meta.location_fields ?? [];
  if (Array.isArray(raw.locations) && lf.length) {
    const L = lf.length;
    const oF = lf.indexOf('object_index');
    const sF = lf.indexOf('script_id');
    const lnF = lf.indexOf('line');
    const cF = lf.indexOf('column');
    for (let k = 0; k + L <= raw.locations.length; k += L) {
      locations.set(raw.locations[k + oF]! / NF, { scriptId: raw.locations[k + sF]!, line: raw.locations[k + lnF]! + 1, column: raw.locations[k + cF]! + 1 });
    }
  }
  return {
    nodeCount,
    nodeTypes,
    edgeTypes,
    strings,
    type,
    name,
    id,
    selfSize,
    traceNode,
    firstEdge,
    edgeType,
    edgeName,
    edgeTo,
    locations,
    scriptNames,
    traceStacks,
    totalSize,
    ...(detachedness ? { detachedness } : {}),
  };
}

function readTraces(
  raw: RawSnapshot,
  meta: { trace_function_info_fields?: string[]; trace_node_fields?: string[] },
  strings: readonly string[],
): { traceStacks: Map<number, TraceFrame[]>; scriptNames: Map<number, string> } {
  const traceStacks = new Map<number, TraceFrame[]>();
  const scriptNames = new Map<number, string>();
  const ff = meta.trace_function_info_fields ?? [];
  const infos = raw.trace_function_infos ?? [];
  const functions: TraceFrame[] = [];
  if (ff.length) {
    const nameF = ff.indexOf('name');
    const scriptF = ff.indexOf('script_name');
    const sidF = ff.indexOf('script_id');
    const lineF = ff.indexOf('line');
    const colF = ff.indexOf('column');
    for (let k = 0; k + ff.length <= infos.length; k += ff.length) {
      const file = scriptPath(strings[infos[k + scriptF]!] ?? '');
      if (file) scriptNames.set(infos[k + sidF]!, file);
      // Trace function infos are 1-based (checked on Node 20: a function on line 16 reports 16).
      functions.push({ name: strings[infos[k + nameF]!] || '(anonymous)', file, line: infos[k + lineF]!, column: infos[k + colF]! });
    }
  }
  const tf = meta.trace_node_fields ?? [];
  const T = tf.length;
  const idF = tf.indexOf('id');
  const fnF = tf.indexOf('function_info_index');
  const chF = tf.indexOf('children');
  if (!Array.isArray(raw.trace_tree) || T === 0 || idF < 0 || fnF < 0 || chF < 0) return { traceStacks, scriptNames };
  // Iterative walk of the nested [id, fn, count, size, [children...]] arrays.
  const work: { list: unknown[]; parent: TraceFrame[] }[] = [{ list: raw.trace_tree, parent: [] }];
  while (work.length) {
    const { list, parent } = work.pop()!;
    for (let k = 0; k + T <= list.length; k += T) {
      const tid = list[k + idF] as number;
      const fn = functions[list[k + fnF] as number];
      const stack = fn ? [fn, ...parent] : parent;
      traceStacks.set(tid, stack);
      const children = list[k + chF];
      if (Array.isArray(children) && children.length) work.push({ list: children, parent: stack });
    }
  }
  return { traceStacks, scriptNames };
}

/** ES modules are named by file:// URL; show and open them as paths. */
function scriptPath(name: string): string {
  if (!name.startsWith('file:')) return name;
  try {
    return fileURLToPath(name);
  } catch {
    return name;
  }
}

/** True for V8's own bookkeeping (hidden objects, code, shapes, synthetic roots): not what a user leaks. */
export function isSystemNode(snap: HeapSnapshot, i: number): boolean {
  const t = snap.nodeTypes[snap.type[i]!];
  return t === 'hidden' || t === 'code' || t === 'synthetic' || t === 'object shape' || (t === 'array' && snap.strings[snap.name[i]!] !== '');
}

/**
 * Where node i (a closure, or an object by its constructor) is defined. A baseline snapshot taken
 * without allocation tracking has no script names: pass the other snapshot's (same process).
 */
export function nodeLocation(snap: HeapSnapshot, i: number, scriptNames: Map<number, string> = snap.scriptNames): SourcePosition | undefined {
  const at = snap.locations.get(i);
  const file = at ? scriptNames.get(at.scriptId) : undefined;
  return at && file ? { file, line: at.line, column: at.column } : undefined;
}

/** The kind a node is grouped under in a comparison. */
export function nodeClassName(snap: HeapSnapshot, i: number, scriptNames: Map<number, string> = snap.scriptNames): string {
  const t = snap.nodeTypes[snap.type[i]!];
  const n = snap.strings[snap.name[i]!] ?? '';
  switch (t) {
    case 'object':
    case 'native':
      return n === 'system / Context' ? '(closure scope)' : n || '(object)';
    case 'closure': {
      const at = nodeLocation(snap, i, scriptNames);
      return `(closure) ${n || '(anonymous)'}${at ? ` @ ${baseName(at.file)}:${at.line}` : ''}`;
    }
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return '(string)';
    case 'array':
      return n ? `(system) ${n}` : '(array)';
    case 'regexp':
      return 'RegExp';
    case 'number':
      return '(number)';
    case 'code':
      return '(compiled code)';
    case 'hidden':
    case 'object shape':
      return `(system) ${n}`;
    default:
      return `(${t ?? 'unknown'}) ${n}`;
  }
}

function baseName(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut >= 0 ? file.slice(cut + 1) : file;
}
