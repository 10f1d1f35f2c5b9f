/**
 * Every format Hotline reads, one line each, in detection order: a head is this format when its
 * importer's detect() is the first to match (then, failing all, the first guess()). Format ids,
 * the CLI help, the Open Profile dialog and the custom editor's file names come from this list.
 */
import { austinImporter } from './austinImporter';
import { isGzip, gunzipHead } from './byteSource';
import { cachegrindImporter } from './cachegrindImporter';
import { callgrindImporter } from './callgrindImporter';
import { cpuprofileHeadImporter } from './cpuprofileHeadImporter';
import { cpuprofileImporter } from './cpuprofileImporter';
import { byteOrderMark, toUtf8 } from './textEncoding';
import { DetectHead } from './detectHead';
import { dhatImporter } from './dhatImporter';
import { dtraceImporter } from './dtraceImporter';
import { foldedImporter } from './foldedImporter';
import { geckoImporter } from './geckoImporter';
import { goTraceImporter } from './goTraceImporter';
import { heapProfileImporter } from './heapProfileImporter';
import type { Importer } from './importerTypes';
import { instrumentsImporter } from './instrumentsImporter';
import { legacyPprofImporter } from './legacyPprofImporter';
import { memoryProfilerImporter } from './memoryProfilerImporter';
import { mprofImporter } from './mprofImporter';
import { nodeProfImporter } from './nodeProfImporter';
import { nodeProfJsonImporter } from './nodeProfJsonImporter';
import { perfScriptImporter } from './perfScriptImporter';
import { pprofImporter } from './pprofImporter';
import { pstatsImporter } from './pstatsImporter';
import { pstatsJsonImporter } from './pstatsJsonImporter';
import { pyinstrumentImporter } from './pyinstrumentImporter';
import { scaleneImporter } from './scaleneImporter';
import { speedscopeImporter } from './speedscopeImporter';
import { traceEventImporter } from './traceEventImporter';
import { tracemallocImporter } from './tracemallocImporter';

export const IMPORTERS: readonly Importer[] = [
  pstatsImporter, // binary marshal, before anything reads the head as text
  goTraceImporter, // binary after a text header of its own
  heapProfileImporter,
  tracemallocImporter,
  pstatsJsonImporter,
  pyinstrumentImporter,
  dhatImporter,
  scaleneImporter,
  nodeProfJsonImporter,
  speedscopeImporter,
  geckoImporter,
  traceEventImporter, // its ProfileChunk events hold "nodes" and "callFrame": before .cpuprofile
  cpuprofileHeadImporter, // after heap profiles, whose head nodes have callFrame and selfSize
  cpuprofileImporter,
  cachegrindImporter, // callgrind's grammar without calls: asked first, it refuses callgrind's own lines
  callgrindImporter,
  nodeProfImporter, // a text log: before the line formats, which never start with "v8-version,"
  legacyPprofImporter, // gperftools' CPU header has NUL bytes: before pprof's protobuf guess
  pprofImporter,
  instrumentsImporter, // a tab-separated header naming Instruments' columns
  austinImporter, // its samples are folded-like lines: asked before folded
  memoryProfilerImporter,
  mprofImporter,
  dtraceImporter, // indented module`function frames and a count line: before perf script's indented frames
  perfScriptImporter,
  foldedImporter,
];

/** Format ids accepted by `opts.format` and `--format`, and returned by detectFormat. */
export const SUPPORTED_FORMATS: readonly string[] = IMPORTERS.map((i) => i.id);

export function importerById(id: string): Importer | undefined {
  return IMPORTERS.find((i) => i.id === id);
}

/**
 * Detects the format from the first bytes (and the name, to break ties). Returns null when
 * nothing matches. A gzip head is decompressed a little to look inside.
 */
export function detectFormat(head: Uint8Array, name?: string): string | null {
  if (isGzip(head)) {
    const inner = gunzipHead(head);
    const innerFormat = inner.length === 0 ? null : detectFormat(inner, name?.replace(/\.gz$/, ''));
    return innerFormat ?? IMPORTERS.find((i) => i.guessGzip?.(inner, name))?.id ?? null;
  }
  if (head.length === 0) return null;
  // UTF-8 with a BOM, UTF-16 LE/BE: detected on the UTF-8 text (the loader re-encodes the input).
  if (byteOrderMark(head)) return detectFormat(toUtf8(head), name);
  const h = new DetectHead(head, name);
  return (IMPORTERS.find((i) => i.detect(h)) ?? IMPORTERS.find((i) => i.guess?.(h)))?.id ?? null;
}

/** File name endings that say a profile format ("*.<ending>" in package.json's customEditors). */
export function profileFileExtensions(): string[] {
  return [...new Set(IMPORTERS.flatMap((i) => i.extensions))];
}

/** Extensions for an open dialog's "Profiles" filter (no dot; the last part of ".pb.gz" is "gz"). */
export function openDialogExtensions(): string[] {
  return [...new Set(IMPORTERS.flatMap((i) => [...i.extensions, ...(i.looseExtensions ?? [])]).map((e) => e.slice(e.lastIndexOf('.') + 1)))];
}
