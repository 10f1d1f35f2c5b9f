/**
 * Reads a V8 .heapsnapshot from chunks in one pass, without the whole text as one string or its
 * numbers as JS arrays: the JSON tokenizer of the streaming importers (JsonFeeder) hands every
 * number of "nodes", "edges" and "locations" straight to typed columns, so a 200 MB snapshot needs
 * its model (about 30 bytes per node, 9 per edge) and its strings, not JSON.parse's object graph
 * (~2 GB). V8 writes "snapshot" (with its meta and counts) first, as Chrome DevTools' own loader
 * also requires; the tables follow. Pure: chunks in, data out (the file source lives in src/profilers).
 */
import { fileURLToPath } from 'node:url';
import { JsonCapture, JsonFeeder, JsonHandler, JsonScalar } from '../importers/jsonStream';
import { ProfileFormatError } from '../model/profile';
import type { HeapSnapshot, SnapshotLocation, TraceFrame } from './heapSnapshot';

const FORMAT = 'heapsnapshot';

interface Meta {
  node_fields?: string[];
  node_types?: unknown[];
  edge_fields?: string[];
  edge_types?: unknown[];
  trace_function_info_fields?: string[];
  trace_node_fields?: string[];
  location_fields?: string[];
}

/** Where each node's definition is (locations table), by node ordinal. */
export class SnapshotLocations {
  constructor(
    /** Per node: its row in `rows` or -1. */
    private readonly rowOf: Int32Array,
    /** Per row: script id, 0-based line, 0-based column. */
    private readonly rows: Uint32Array,
    readonly size: number,
  ) {}

  get(node: number): SnapshotLocation | undefined {
    const r = node >= 0 && node < this.rowOf.length ? this.rowOf[node]! : -1;
    if (r < 0) return undefined;
    return { scriptId: this.rows[r * 3]!, line: this.rows[r * 3 + 1]! + 1, column: this.rows[r * 3 + 2]! + 1 };
  }
}

/** What the builder is reading. */
const enum Mode {
  /** Inside the top-level object, between members. */
  Top,
  /** A member whose value must be an array: waiting for its `[`. */
  Open,
  /** A member rebuilt (snapshot, trace_tree) or skipped (samples, unknown ones) by a JsonCapture. */
  Capture,
  Nodes,
  Edges,
  Strings,
  Locations,
  Infos,
  /** Before the top-level `{` or after its `}`. */
  Outside,
}

/** Node and edge field roles. */
const enum Role {
  Other,
  Type,
  Name,
  Id,
  Size,
  EdgeCount,
  Trace,
  To,
  Detached,
}

const ARRAY_MEMBERS: Record<string, Mode> = {
  nodes: Mode.Nodes,
  edges: Mode.Edges,
  strings: Mode.Strings,
  locations: Mode.Locations,
  trace_function_infos: Mode.Infos,
};

class SnapshotBuilder implements JsonHandler {
  private mode = Mode.Outside;
  private started = false;
  private member = '';
  private pending = Mode.Top;
  private capture: JsonCapture | null = null;
  private readonly seen = new Set<string>();

  meta: Meta | null = null;
  private declaredNodes = -1;
  private declaredEdges = -1;
  private NF = 0;
  private EF = 0;
  private nodeRole = new Uint8Array(0);
  private edgeRole = new Uint8Array(0);

  nodeCount = 0;
  private field = 0;
  private pendingEdges = 0;
  private edgeSum = 0;
  type = new Uint8Array(0);
  name = new Uint32Array(0);
  id = new Float64Array(0);
  selfSize = new Float64Array(0);
  traceNode = new Uint32Array(0);
  /** Chromium's per-node detachedness (0 unknown, 1 attached, 2 detached), when the meta has the field. */
  detachedness: Uint8Array | undefined;
  firstEdge = new Uint32Array(1);
  totalSize = 0;

  edgeCount = 0;
  edgeType = new Uint8Array(0);
  edgeName = new Uint32Array(0);
  edgeTo = new Uint32Array(0);

  strings: string[] = [];
  infos: number[] = [];
  traceTree: unknown = undefined;
  locationRaw = new Uint32Array(0);
  locationValues = 0;

  constructor(private readonly source: string | undefined) {}

  fail(detail: string, where?: string): never {
    throw new ProfileFormatError(FORMAT, detail, this.source, where);
  }

  beginObject(): void {
    if (this.mode === Mode.Capture) return this.forward((c) => c.beginObject());
    if (this.mode === Mode.Outside && !this.started) {
      this.started = true;
      this.mode = Mode.Top;
      return;
    }
    this.notFlat();
  }

  endObject(): void {
    if (this.mode === Mode.Capture) return this.forward((c) => c.endObject());
    if (this.mode === Mode.Top) {
      this.mode = Mode.Outside;
      return;
    }
    this.notFlat();
  }

  beginArray(): void {
    if (this.mode === Mode.Capture) return this.forward((c) => c.beginArray());
    if (this.mode === Mode.Open) {
      this.mode = this.pending;
      if (this.mode === Mode.Nodes) this.startNodes();
      else if (this.mode === Mode.Edges) this.startEdges();
      return;
    }
    this.notFlat();
  }

  endArray(): void {
    if (this.mode === Mode.Capture) return this.forward((c) => c.endArray());
    if (this.mode === Mode.Nodes) this.endNodes();
    else if (this.mode === Mode.Edges) this.endEdges();
    else if (this.mode === Mode.Open || this.mode === Mode.Top || this.mode === Mode.Outside) this.notFlat();
    this.seen.add(this.member);
    this.mode = Mode.Top;
  }

  key(name: string): void {
    if (this.mode === Mode.Capture) return this.forward((c) => c.key(name));
    this.member = name;
    const array = ARRAY_MEMBERS[name];
    if (array !== undefined && Object.prototype.hasOwnProperty.call(ARRAY_MEMBERS, name)) {
      if (this.seen.has(name)) this.fail(`"${name}" appears twice`);
      if (array === Mode.Nodes || array === Mode.Edges || array === Mode.Locations) {
        if (!this.meta) this.fail(`"${name}" comes before "snapshot.meta" (V8 writes the meta first)`);
        if (array === Mode.Edges && !this.seen.has('nodes')) this.fail('"edges" comes before "nodes" (V8 writes the nodes first)');
      }
      this.pending = array;
      this.mode = Mode.Open;
      return;
    }
    // "snapshot" and "trace_tree" are rebuilt; the rest ("samples", unknown members) only skipped.
    this.capture = new JsonCapture(name === 'snapshot' || name === 'trace_tree');
    this.mode = Mode.Capture;
  }

  scalar(v: JsonScalar): void {
    switch (this.mode) {
      case Mode.Nodes:
        if (typeof v !== 'number') this.notNumber(v);
        this.nodeValue(v);
        return;
      case Mode.Edges:
        if (typeof v !== 'number') this.notNumber(v);
        this.edgeValue(v);
        return;
      case Mode.Strings:
        if (typeof v !== 'string') this.fail(`"strings" holds a non-string (${JSON.stringify(v)}) at index ${this.strings.length}`);
        this.strings.push(v);
        return;
      case Mode.Locations:
        if (typeof v !== 'number') this.notNumber(v);
        if (this.locationValues === this.locationRaw.length) this.locationRaw = grown(this.locationRaw, this.locationValues + 1);
        this.locationRaw[this.locationValues++] = v;
        return;
      case Mode.Infos:
        if (typeof v !== 'number') this.notNumber(v);
        this.infos.push(v);
        return;
      case Mode.Capture:
        return this.forward((c) => c.scalar(v));
      default:
        this.notFlat();
    }
  }

  private notNumber(v: JsonScalar): never {
    this.fail(`"${this.member}" holds a non-number (${JSON.stringify(v)})`);
  }

  private notFlat(): never {
    if (this.mode === Mode.Outside) this.fail('expected one JSON object with "snapshot", "nodes", "edges" and "strings"');
    if (this.mode === Mode.Open) this.fail(`"${this.member}" is not an array`);
    this.fail(`"${this.member}" is not a flat array`);
  }

  private forward(f: (c: JsonCapture) => void): void {
    const c = this.capture!;
    f(c);
    if (!c.done) return;
    if (this.member === 'snapshot') this.readMeta(c.value);
    else if (this.member === 'trace_tree') this.traceTree = c.value;
    this.seen.add(this.member);
    this.capture = null;
    this.mode = Mode.Top;
  }

  private readMeta(value: unknown): void {
    const s = value as { meta?: Meta; node_count?: unknown; edge_count?: unknown } | null;
    const meta = s && typeof s === 'object' ? s.meta : undefined;
    if (!meta || typeof meta !== 'object' || !Array.isArray(meta.node_fields)) this.fail('expected "snapshot.meta", "nodes", "edges" and "strings"');
    const nf = meta.node_fields;
    const ef = Array.isArray(meta.edge_fields) ? meta.edge_fields : [];
    const roles = (fields: string[], names: Record<string, Role>) => Uint8Array.from(fields, (f) => names[f] ?? Role.Other);
    this.nodeRole = roles(nf, {
      type: Role.Type,
      name: Role.Name,
      id: Role.Id,
      self_size: Role.Size,
      edge_count: Role.EdgeCount,
      trace_node_id: Role.Trace,
      detachedness: Role.Detached,
    });
    if (nf.includes('detachedness')) this.detachedness = new Uint8Array(0);
    this.edgeRole = roles(ef, { type: Role.Type, name_or_index: Role.Name, to_node: Role.To });
    const need = (fields: string[], names: string[]) => names.every((n) => fields.includes(n));
    if (!need(nf, ['type', 'name', 'id', 'self_size', 'edge_count']) || !need(ef, ['type', 'name_or_index', 'to_node'])) {
      this.fail(`unknown field layout (nodes: ${nf.join(',')}; edges: ${ef.join(',')})`);
    }
    this.NF = nf.length;
    this.EF = ef.length;
    this.meta = meta;
    if (typeof s!.node_count === 'number' && s!.node_count >= 0) this.declaredNodes = s!.node_count;
    if (typeof s!.edge_count === 'number' && s!.edge_count >= 0) this.declaredEdges = s!.edge_count;
  }

  private startNodes(): void {
    this.resizeNodes(this.declaredNodes >= 0 ? this.declaredNodes : 1 << 16);
  }

  private resizeNodes(n: number): void {
    this.type = resized(this.type, n);
    this.name = resized(this.name, n);
    this.id = resized(this.id, n);
    this.selfSize = resized(this.selfSize, n);
    this.traceNode = resized(this.traceNode, n);
    if (this.detachedness) this.detachedness = resized(this.detachedness, n);
    this.firstEdge = resized(this.firstEdge, n + 1);
  }

  private nodeValue(v: number): void {
    const i = this.nodeCount;
    const f = this.field;
    if (f === 0 && i === this.type.length) this.resizeNodes(Math.ceil(i * 1.5) + 1024);
    switch (this.nodeRole[f]) {
      case Role.Type:
        this.type[i] = v;
        break;
      case Role.Name:
        this.name[i] = v;
        break;
      case Role.Id:
        this.id[i] = v;
        break;
      case Role.Size:
        this.selfSize[i] = v;
        break;
      case Role.EdgeCount:
        this.pendingEdges = v;
        break;
      case Role.Trace:
        this.traceNode[i] = v;
        break;
      case Role.Detached:
        this.detachedness![i] = v;
        break;
    }
    if (f + 1 < this.NF) {
      this.field = f + 1;
      return;
    }
    // A whole record: it counts (a trailing partial one does not, as before).
    this.field = 0;
    this.totalSize += this.selfSize[i]!;
    this.firstEdge[i] = this.edgeSum;
    this.edgeSum += this.pendingEdges;
    this.nodeCount = i + 1;
  }

  private endNodes(): void {
    this.field = 0;
    const n = this.nodeCount;
    if (n !== this.type.length) this.resizeNodes(n);
  }

  private startEdges(): void {
    this.resizeEdges(this.declaredEdges >= 0 ? this.declaredEdges : this.edgeSum);
  }

  private resizeEdges(n: number): void {
    this.edgeType = resized(this.edgeType, n);
    this.edgeName = resized(this.edgeName, n);
    this.edgeTo = resized(this.edgeTo, n);
  }

  private edgeValue(v: number): void {
    const j = this.edgeCount;
    const f = this.field;
    if (f === 0 && j === this.edgeType.length) this.resizeEdges(Math.ceil(j * 1.5) + 1024);
    switch (this.edgeRole[f]) {
      case Role.Type:
        this.edgeType[j] = v;
        break;
      case Role.Name:
        this.edgeName[j] = v;
        break;
      case Role.To: {
        const to = v / this.NF;
        if (!Number.isInteger(to) || to < 0 || to >= this.nodeCount) this.fail(`edge ${j} points outside the node table`, 'edges');
        this.edgeTo[j] = to;
        break;
      }
    }
    if (f + 1 < this.EF) {
      this.field = f + 1;
      return;
    }
    this.field = 0;
    this.edgeCount = j + 1;
  }

  private endEdges(): void {
    this.field = 0;
    if (this.edgeCount !== this.edgeType.length) this.resizeEdges(this.edgeCount);
  }

  finish(): HeapSnapshot {
    if (!this.meta || !this.seen.has('nodes') || !this.seen.has('edges') || !this.seen.has('strings')) {
      this.fail('expected "snapshot.meta", "nodes", "edges" and "strings"');
    }
    const meta = this.meta;
    const { nodeCount, edgeCount, edgeSum } = this;
    if (this.declaredNodes >= 0 && nodeCount !== this.declaredNodes)
      this.fail(`"snapshot.node_count" is ${this.declaredNodes} but "nodes" holds ${nodeCount}`, 'nodes');
    if (this.declaredEdges >= 0 && edgeCount !== this.declaredEdges)
      this.fail(`"snapshot.edge_count" is ${this.declaredEdges} but "edges" holds ${edgeCount}`, 'edges');
    if (edgeSum > edgeCount) this.fail(`nodes declare ${edgeSum} edges but the file has ${edgeCount}`, 'edges');
    this.firstEdge[nodeCount] = edgeSum;
    const strings = this.strings;
    const { traceStacks, scriptNames } = readTraces(meta, this.infos, this.traceTree, strings);
    return {
      nodeCount,
      nodeTypes: Array.isArray(meta.node_types?.[0]) ? (meta.node_types[0] as string[]) : [],
      edgeTypes: Array.isArray(meta.edge_types?.[0]) ? (meta.edge_types[0] as string[]) : [],
      strings,
      type: this.type,
      name: this.name,
      id: this.id,
      selfSize: this.selfSize,
      traceNode: this.traceNode,
      firstEdge: this.firstEdge,
      edgeType: this.edgeType,
      edgeName: this.edgeName,
      edgeTo: this.edgeTo,
      locations: this.locations(meta),
      scriptNames,
      traceStacks,
      totalSize: this.totalSize,
      ...(this.detachedness ? { detachedness: this.detachedness } : {}),
    };
  }

  private locations(meta: Meta): SnapshotLocations {
    const lf = Array.isArray(meta.location_fields) ? meta.location_fields : [];
    const L = lf.length;
    const [oF, sF, lnF, cF] = ['object_index', 'script_id', 'line', 'column'].map((f) => lf.indexOf(f)) as [number, number, number, number];
    const rowOf = new Int32Array(this.nodeCount).fill(-1);
    if (L === 0 || [oF, sF, lnF, cF].some((f) => f < 0)) return new SnapshotLocations(rowOf, new Uint32Array(0), 0);
    const raw = this.locationRaw;
    const count = Math.floor(this.locationValues / L);
    const rows = new Uint32Array(count * 3);
    let size = 0;
    for (let r = 0; r < count; r++) {
      const k = r * L;
      const node = raw[k + oF]! / this.NF;
      if (!Number.isInteger(node) || node >= this.nodeCount) continue;
      // A later row for the same node wins, as Map.set did.
      if (rowOf[node]! < 0) size++;
      rowOf[node] = r;
      rows[r * 3] = raw[k + sF]!;
      rows[r * 3 + 1] = raw[k + lnF]!;
      rows[r * 3 + 2] = raw[k + cF]!;
    }
    return new SnapshotLocations(rowOf, rows, size);
  }
}

type Column = Uint8Array | Uint32Array | Float64Array;

/** `a` with exactly `n` elements (its first ones kept). */
function resized<T extends Column>(a: T, n: number): T {
  if (a.length === n) return a;
  if (n < a.length) return a.slice(0, n) as T;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

function grown<T extends Column>(a: T, need: number): T {
  return resized(a, Math.max(need, Math.ceil(a.length * 1.5) + 1024));
}

/**
 * Builds the snapshot model from its JSON text in chunks (Buffers or strings, split anywhere).
 * Bad input is one ProfileFormatError naming `source`: invalid or truncated JSON (with the byte
 * offset), a missing table, an edge pointing outside the nodes.
 */
export function readHeapSnapshot(chunks: Iterable<Uint8Array | string>, source?: string): HeapSnapshot {
  const builder = new SnapshotBuilder(source);
  const feeder = new JsonFeeder(builder, { format: FORMAT, source: source ?? '' });
  for (const chunk of chunks) feeder.feed(chunk);
  feeder.end();
  return builder.finish();
}

function readTraces(
  meta: Meta,
  infos: readonly number[],
  traceTree: unknown,
  strings: readonly string[],
): { traceStacks: Map<number, TraceFrame[]>; scriptNames: Map<number, string> } {
  const traceStacks = new Map<number, TraceFrame[]>();
  const scriptNames = new Map<number, string>();
  const ff = meta.trace_function_info_fields ?? [];
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
  if (!Array.isArray(traceTree) || T === 0 || idF < 0 || fnF < 0 || chF < 0) return { traceStacks, scriptNames };
  // Iterative walk of the nested [id, fn, count, size, [children...]] arrays.
  const work: { list: unknown[]; parent: TraceFrame[] }[] = [{ list: traceTree, parent: [] }];
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
