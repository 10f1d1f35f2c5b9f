/**
 * Firefox Profiler (Gecko) JSON as Firefox writes it (MOZ_PROFILER_SHUTDOWN, about:profiling's
 * "Save", `meta.version` ≥ 11): `threads[]` per process, child processes under `processes[]`,
 * each thread with schema-described tables: samples (stack, time in ms), stackTable (prefix, frame),
 * frameTable (location, line, column…) and its own stringTable. A frame's location is a JS function
 * `name (url:line:column)` (with a `[source]` index in newer versions), a label (`nsRefreshDriver::Tick`)
 * or an unsymbolicated address (`0x7f…`). One thread becomes the Profile (threadChoice.ts): the one
 * asked for, else the one with the most samples in web-page JavaScript (the page's content thread).
 */
import { type FrameKind, ProfileBuilder, ProfileFormatError } from '../model/profile';
import { fileFromUrl } from './cpuprofileImporter';
import type { BufferImporter, ImportContext } from './importerTypes';
import { parseJson } from './importerTypes';
import { chooseThread, noteThreads, type ThreadInfo } from './threadChoice';

const FORMAT = 'gecko';

interface Table {
  schema?: Record<string, unknown>;
  data?: unknown;
}
interface RawThread {
  name?: unknown;
  processType?: unknown;
  pid?: unknown;
  tid?: unknown;
  samples?: Table;
  stackTable?: Table;
  frameTable?: Table;
  stringTable?: unknown;
}
interface RawProfile {
  meta?: { version?: unknown; interval?: unknown; product?: unknown };
  threads?: unknown;
  processes?: unknown;
}

interface GeckoThread extends ThreadInfo {
  raw: RawThread;
  where: string;
  /** Samples whose stack holds a web page's JavaScript frame. */
  pageSamples: number;
}

/** `name (url:line:column)`, after the `[N]` source index newer versions append. */
const JS_LOCATION = /^(.*) \((.+):(\d+):(\d+)\)$/;
const stripSource = (location: string) => location.replace(/\[\d+\]$/, '');
/** Browser-internal JavaScript: Firefox's own chrome and resource scripts. */
const isBrowserUrl = (url: string) => /^(?:chrome|resource|moz-extension|about):/.test(url);

export const geckoImporter: BufferImporter = {
  id: FORMAT,
  label: 'Firefox Profiler (Gecko) JSON',
  extensions: [],
  looseExtensions: ['.json'],
  // Firefox writes "libs" (with breakpad ids) then "meta" (with "stackwalk"); either says Gecko.
  detect: ({ json, text }) =>
    json && ((/^\s*\{\s*"libs"\s*:\s*\[/.test(text) && /"breakpadId"\s*:/.test(text)) || /"meta"\s*:\s*\{[^]*"stackwalk"\s*:/.test(text)),
  kind: 'buffer',
  parse(bytes: Uint8Array, ctx: ImportContext) {
    const doc = parseJson<RawProfile>(bytes, FORMAT, ctx.source);
    const fail = (detail: string, where?: string) => new ProfileFormatError(FORMAT, detail, ctx.source, where);
    if (!doc || typeof doc !== 'object' || !doc.meta || typeof doc.meta.version !== 'number')
      throw fail(
        'no "meta.version": not a Gecko profile (a profile processed by profiler.firefox.com has "meta.preprocessedProfileVersion" and is not read yet)',
      );
    const threads: GeckoThread[] = [];
    collectThreads(doc, 'threads', threads, fail);
    const sampled = threads.filter((t) => t.samples > 0);
    if (sampled.length === 0) throw fail('no thread has samples');
    const chosen = chooseThread(
      sampled,
      ctx.thread,
      (t) => t.pageSamples,
      (d) => fail(d),
    );
    const builder = new ProfileBuilder(
      {
        format: FORMAT,
        profiler: typeof doc.meta.product === 'string' ? `${doc.meta.product} profiler` : 'Gecko profiler',
        language: 'javascript',
        sampleIntervalNs: typeof doc.meta.interval === 'number' ? doc.meta.interval * 1e6 : undefined,
        sourceFile: ctx.source,
      },
      [{ name: 'samples', unit: 'samples' }],
    );
    readThread(chosen, builder, fail);
    noteThreads(builder, chosen, sampled, 'profile');
    return builder.build();
  },
};

/** Threads of the profile and of its child processes (depth first), each counted and scored. */
function collectThreads(doc: RawProfile, where: string, out: GeckoThread[], fail: (d: string, w?: string) => ProfileFormatError): void {
  if (!Array.isArray(doc.threads)) throw fail('"threads" is not an array', where);
  doc.threads.forEach((raw: RawThread, i) => {
    const at = `${where}[${i}]`;
    const t = tables(raw, at, fail);
    let samples = 0;
    let pageSamples = 0;
    for (const row of t.samples) {
      const s = row[t.sampleStack];
      if (s === null || s === undefined) continue;
      samples++;
      if (t.pageStack(s as number)) pageSamples++;
    }
    const name = typeof raw.name === 'string' ? raw.name : 'thread';
    const pid = typeof raw.pid === 'number' || typeof raw.pid === 'string' ? raw.pid : '?';
    const tid = typeof raw.tid === 'number' || typeof raw.tid === 'string' ? raw.tid : null;
    const process = typeof raw.processType === 'string' && raw.processType !== 'default' ? raw.processType : undefined;
    out.push({ name, process, pid, tid, samples, raw, where: at, pageSamples });
  });
  if (doc.processes === undefined) return;
  if (!Array.isArray(doc.processes)) throw fail('"processes" is not an array', where);
  doc.processes.forEach((child: RawProfile, i) => collectThreads(child, `processes[${i}].threads`, out, fail));
}

/** A thread's tables, checked: every index points inside its table, every prefix before its stack. */
function tables(raw: RawThread, where: string, fail: (d: string, w?: string) => ProfileFormatError) {
  const table = (t: Table | undefined, name: string, columns: string[]) => {
    if (!t || typeof t !== 'object' || !t.schema || !Array.isArray(t.data)) throw fail(`no ${name} with a schema and data`, where);
    const col = columns.map((c) => {
      const n = t.schema![c];
      if (typeof n !== 'number') throw fail(`${name}.schema has no "${c}"`, where);
      return n;
    });
    for (const row of t.data as unknown[]) if (!Array.isArray(row)) throw fail(`a ${name} row is not an array`, where);
    return { rows: t.data as unknown[][], col };
  };
  const strings = raw.stringTable;
  if (!Array.isArray(strings)) throw fail('no stringTable', where);
  const samples = table(raw.samples, 'samples', ['stack']);
  const stacks = table(raw.stackTable, 'stackTable', ['prefix', 'frame']);
  const frames = table(raw.frameTable, 'frameTable', ['location']);
  const [prefixCol, frameCol] = stacks.col as [number, number];
  const locationCol = frames.col[0]!;
  const location = (f: number): string => {
    const s = strings[frames.rows[f]![locationCol] as number];
    if (typeof s !== 'string') throw fail(`frameTable[${f}].location is not a string index`, where);
    return s;
  };
  const pageFrame = (f: number) => {
    const m = JS_LOCATION.exec(stripSource(location(f)));
    return m !== null && !isBrowserUrl(m[2]!);
  };
  // A stack's prefix comes before it, so one pass in order checks the references and marks page JavaScript.
  const page = new Uint8Array(stacks.rows.length);
  stacks.rows.forEach((row, i) => {
    const prefix = row[prefixCol];
    const frame = row[frameCol];
    if (prefix !== null && !(Number.isInteger(prefix) && (prefix as number) >= 0 && (prefix as number) < i))
      throw fail(`stackTable[${i}].prefix ${String(prefix)} is not an earlier stack`, where);
    if (!Number.isInteger(frame) || (frame as number) < 0 || (frame as number) >= frames.rows.length)
      throw fail(`stackTable[${i}].frame ${String(frame)} is outside the frameTable (${frames.rows.length} frames)`, where);
    page[i] = (prefix !== null && page[prefix as number]) || pageFrame(frame as number) ? 1 : 0;
  });
  const sampleStack = samples.col[0]!;
  samples.rows.forEach((row, j) => {
    const s = row[sampleStack];
    if (s !== null && s !== undefined && !(Number.isInteger(s) && (s as number) >= 0 && (s as number) < stacks.rows.length))
      throw fail(`samples[${j}].stack ${String(s)} is outside the stackTable (${stacks.rows.length} stacks)`, where);
  });
  return { samples: samples.rows, sampleStack, stacks: stacks.rows, prefixCol, frameCol, frames, location, pageStack: (s: number) => page[s] === 1 };
}

/** The chosen thread's samples into the builder: each stack's frames from the root, one sample each. */
function readThread(thread: GeckoThread, builder: ProfileBuilder, fail: (d: string, w?: string) => ProfileFormatError): void {
  const t = tables(thread.raw, thread.where, fail);
  const schema = thread.raw.frameTable!.schema!;
  const lineCol = typeof schema.line === 'number' ? schema.line : -1;
  const columnCol = typeof schema.column === 'number' ? schema.column : -1;
  const frameIds = new Map<number, number>();
  const frameOf = (f: number) => {
    let id = frameIds.get(f);
    if (id === undefined) frameIds.set(f, (id = builder.frame(geckoFrame(t.location(f), t.frames.rows[f]!, lineCol, columnCol))));
    return id;
  };
  const node = new Int32Array(t.stacks.length);
  t.stacks.forEach((row, i) => {
    const prefix = row[t.prefixCol] as number | null;
    node[i] = builder.stack(prefix === null ? -1 : node[prefix]!, frameOf(row[t.frameCol] as number));
  });
  let empty = 0;
  for (const row of t.samples) {
    const s = row[t.sampleStack];
    if (s === null || s === undefined) empty++;
    else builder.addSampleAt(node[s as number]!, [1]);
  }
  if (empty) builder.note(`${empty} sample(s) with no stack (the thread was not running JavaScript or labelled code) are left out.`);
}

/** A frame from its location and its frameTable row (line and column of the sample inside a JS function). */
function geckoFrame(location: string, row: unknown[], lineCol: number, columnCol: number) {
  const loc = stripSource(location);
  const m = JS_LOCATION.exec(loc);
  if (!m) return { name: loc, kind: (/^0x[0-9a-f]+$/i.test(loc) ? 'native' : 'runtime') as FrameKind };
  const [, name, url, fnLine] = m as unknown as [string, string, string, string, string];
  const line = lineCol >= 0 && typeof row[lineCol] === 'number' && (row[lineCol] as number) > 0 ? (row[lineCol] as number) : Number(fnLine);
  const column = columnCol >= 0 && typeof row[columnCol] === 'number' ? (row[columnCol] as number) : null;
  return { name, file: fileFromUrl(url), line, column, functionLine: Number(fnLine), kind: (isBrowserUrl(url) ? 'runtime' : 'user') as FrameKind };
}
