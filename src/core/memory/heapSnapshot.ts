/**
 * Reads a V8 .heapsnapshot (DevTools / inspector HeapProfiler.takeHeapSnapshot / v8.writeHeapSnapshot)
 * into flat arrays, and names each object's kind the way a user would recognise it: constructor name
 * for objects, "(closure) name @ file:line" for functions, "(string)", "(array)" and the rest.
 * Allocation stacks (when allocation tracking was on) and definition locations are kept.
 * Pure: JSON text in, data out (heapSnapshotReader.ts reads it in chunks).
 */
import { readHeapSnapshot } from './heapSnapshotReader';

export interface SourcePosition {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface SnapshotLocation {
  scriptId: number;
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
  readonly locations: { get(node: number): SnapshotLocation | undefined; readonly size: number };
  /** Script id -> file, from allocation traces (ids are stable within one process). */
  readonly scriptNames: Map<number, string>;
  /** Allocation stack per trace node id, innermost frame first (empty without allocation tracking). */
  readonly traceStacks: Map<number, TraceFrame[]>;
  /** The total self size of all nodes. */
  readonly totalSize: number;
  /** Per node, when the snapshot has the field (Chromium): 0 unknown, 1 attached, 2 detached DOM node. */
  readonly detachedness?: Uint8Array;
}

/** Reads a whole snapshot text (tests, small inputs); files are read in chunks with readHeapSnapshot. */
export function parseHeapSnapshot(text: string, source?: string): HeapSnapshot {
  return readHeapSnapshot([text], source);
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
