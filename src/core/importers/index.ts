/**
 * Entry point for reading any profile: detects the format from the content (the file name only
 * breaks ties), decompresses gzip with a bound, streams text formats line by line, and returns
 * one Profile. Raw pstats files (Python marshal) need a converter that runs Python; core spawns
 * nothing, so callers pass `convertPstats` (src/profilers/pstatsConverter.ts provides one).
 */
import { open } from 'node:fs/promises';
import { Profile, ProfileFormatError } from '../model/profile';
import { ByteChunks, LIMITS, bytesChunks, fileChunks, forEachLine, forEachLineBytes, gunzipChunks, gunzipHead, isGzip, readAll } from './byteSource';
import { callgrindImporter } from './callgrindImporter';
import { cpuprofileImporter } from './cpuprofileImporter';
import { foldedImporter } from './foldedImporter';
import type { Importer } from './importerTypes';
import { perfScriptImporter } from './perfScriptImporter';
import { pprofImporter } from './pprofImporter';
import { pstatsJsonImporter } from './pstatsJsonImporter';
import { speedscopeImporter } from './speedscopeImporter';
import { byteOrderMark, toUtf8, utf8Chunks } from './textEncoding';
import { heapProfileImporter, looksLikeHeapProfile } from './heapProfileImporter';
import { looksLikeTracemalloc, tracemallocImporter } from './tracemallocImporter';

export { ProfileFormatError } from '../model/profile';
export type { Importer, TextImporter, BufferImporter, LineParser, ByteLineParser, ImportContext } from './importerTypes';

/** Format ids accepted by `opts.format` and returned by detectFormat. */
export const SUPPORTED_FORMATS = ['cpuprofile', 'pprof', 'speedscope', 'folded', 'perf-script', 'callgrind', 'pstats', 'pstats-json', 'heapprofile', 'tracemalloc'] as const;
export type SupportedFormat = (typeof SUPPORTED_FORMATS)[number];

const importers = new Map<string, Importer>([
  ['cpuprofile', cpuprofileImporter],
  ['pprof', pprofImporter],
  ['speedscope', speedscopeImporter],
  ['folded', foldedImporter],
  ['perf-script', perfScriptImporter],
  ['callgrind', callgrindImporter],
  ['pstats-json', pstatsJsonImporter],
]);

/** Extra formats (e.g. heap profiles, tracemalloc) register here with their own detector. */
const extraDetectors: { id: string; detect: (text: string, name?: string) => boolean }[] = [];
export function registerImporter(importer: Importer, detect: (headText: string, name?: string) => boolean): void {
  importers.set(importer.id, importer);
  extraDetectors.push({ id: importer.id, detect });
}
// Memory profiles (owned by the memory area): V8 sampling heap profiles and tracemalloc JSON.
registerImporter(heapProfileImporter, looksLikeHeapProfile);
registerImporter(tracemallocImporter, looksLikeTracemalloc);

export interface ImportOptions {
  /** Skip detection and use this format id. */
  format?: string;
  /** Converts a raw pstats (marshal) file to the helper's JSON; needed only for .pstats/.prof input. */
  convertPstats?: (input: { path?: string; bytes?: Uint8Array; name: string }) => Promise<Uint8Array>;
  /** Bounds (bytes) for decompression and whole-buffer formats. */
  maxDecompressedBytes?: number;
  maxBufferedBytes?: number;
}

const HEAD_BYTES = 64 * 1024;

/**
 * Detects the format from the first bytes (and the name, to break ties). Returns null when
 * nothing matches. A gzip head is decompressed a little to look inside.
 */
export function detectFormat(head: Uint8Array, name?: string): string | null {
  if (isGzip(head)) {
    const inner = gunzipHead(head);
    if (inner.length === 0) return name && /\.pb\.gz$|\.pprof$|\.prof$/.test(name) ? 'pprof' : null;
    const innerFormat = detectFormat(inner, name?.replace(/\.gz$/, ''));
    return innerFormat ?? (looksLikeProtobuf(inner) ? 'pprof' : null);
  }
  if (head.length === 0) return null;
  // UTF-8 with a BOM, UTF-16 LE/BE: detected on the UTF-8 text (importFrom re-encodes the input).
  if (byteOrderMark(head)) return detectFormat(toUtf8(head), name);
  // Python marshal dict ('{', with or without FLAG_REF) whose first key is a tuple: pstats.
  if ((head[0] === 0x7b || head[0] === 0xfb) && head.length > 1 && [0x28, 0x29, 0xa8, 0xa9].includes(head[1]!)) return 'pstats';
  const text = new TextDecoder('utf-8').decode(head.subarray(0, HEAD_BYTES));
  for (const d of extraDetectors) if (d.detect(text, name)) return d.id;
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    if (/"hotline-pstats"/.test(text)) return 'pstats-json';
    if (/speedscope\.app\/file-format-schema|"shared"\s*:\s*\{\s*"frames"/.test(text)) return 'speedscope';
    if (/"nodes"\s*:\s*\[/.test(text) && /"callFrame"\s*:/.test(text)) return 'cpuprofile';
    if (/"startTime"\s*:/.test(text) && /"nodes"\s*:/.test(text)) return 'cpuprofile';
    if (name?.endsWith('.cpuprofile')) return 'cpuprofile';
    if (name?.endsWith('.speedscope.json')) return 'speedscope';
    return null;
  }
  if (/^(# callgrind format|version: ?\d|creator: callgrind)/m.test(text.slice(0, 2048)) || /^events: /m.test(text.slice(0, 4096)) && /^(fn|fl)=/m.test(text)) return 'callgrind';
  // Binary protobuf first when there are NUL bytes; text profiles may still hold a stray NUL in a name.
  if (head.includes(0) && looksLikeProtobuf(head)) return 'pprof';
  const lines = text.split('\n');
  if (looksLikePerfScript(lines)) return 'perf-script';
  if (looksLikeFolded(lines)) return 'folded';
  // One stack longer than the whole head (very deep stacks): frames separated by ";".
  if (lines.length === 1 && head.length >= HEAD_BYTES && !head.includes(0) && text.split(';').length > 100) return 'folded';
  if (looksLikeProtobuf(head)) return 'pprof';
  return null;
}

function looksLikePerfScript(lines: string[]): boolean {
  for (let i = 0; i < lines.length - 1; i++) {
    const l = lines[i]!.trimEnd();
    if (l === '' || l.startsWith('#')) continue;
    // header "comm pid[/tid] [cpu] time: ... event:" followed by a "hexaddr symbol (dso)" line
    // (indented by perf; CRLF and unindented frames come from files that went through other tools)
    return /\s\d+(?:\/\d+)?\s+(?:\[\d+\]\s+)?(?:\d+\.\d+:)?/.test(l) && /^\s*[0-9a-fA-F]+ .*\)\s*$/.test(lines[i + 1] ?? '');
  }
  return false;
}

/** The first stack line and at least half of the first 50 look like "frames COUNT". */
function looksLikeFolded(lines: string[]): boolean {
  let good = 0;
  let bad = 0;
  const n = Math.min(lines.length - 1, 50);
  for (let i = 0; i < Math.max(n, 1); i++) {
    const l = lines[i]!.trimEnd();
    if (l === '' || l.trimStart().startsWith('#')) continue;
    if (/(?:\S|^)[ \t]+-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/.test(l)) good++;
    else if (good === 0) return false;
    else bad++;
  }
  return good > 0 && bad <= good;
}

/**
 * A pprof Profile message: the first few protobuf fields parse (field numbers 1..14 of the
 * Profile message, wire types varint or length-delimited, lengths inside the buffer). Go writes
 * time_nanos (field 9) first, so the first byte alone is not enough.
 */
function looksLikeProtobuf(head: Uint8Array): boolean {
  let i = 0;
  let fields = 0;
  const varint = (): number => {
    let v = 0;
    for (let shift = 0; shift < 63 && i < head.length; shift += 7) {
      const b = head[i++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
    return -1;
  };
  while (i < head.length && fields < 6) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (tag < 0 || field < 1 || field > 14) return false;
    if (wire === 0) {
      if (varint() < 0) return false;
    } else if (wire === 2) {
      const len = varint();
      if (len < 0 || (i + len > head.length && head.length < HEAD_BYTES)) return false;
      i += len;
    } else return false;
    fields++;
  }
  return fields >= 2 || (fields === 1 && i === head.length);
}

async function readHead(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Imports a profile file; text formats are streamed, never held as one string. */
export async function importProfileFile(path: string, opts: ImportOptions = {}): Promise<Profile> {
  const head = await readHead(path);
  // The path as given names the file in errors and in metadata.sourceFile.
  return importFrom(path, head, () => fileChunks(path), opts, path);
}

/** Imports a profile held in memory (e.g. a webview upload, a test). */
export async function importProfileBytes(name: string, bytes: Uint8Array, opts: ImportOptions = {}): Promise<Profile> {
  return importFrom(name, bytes.subarray(0, HEAD_BYTES), () => bytesChunks(bytes), opts, undefined, bytes);
}

async function importFrom(
  name: string,
  head: Uint8Array,
  chunks: () => ByteChunks,
  opts: ImportOptions,
  path?: string,
  bytes?: Uint8Array,
): Promise<Profile> {
  const gz = isGzip(head);
  const format = opts.format ?? detectFormat(head, name);
  if (!format) {
    throw new ProfileFormatError('profile', `unrecognised content${head.length === 0 ? ' (the file is empty)' : ''}; supported: ${SUPPORTED_FORMATS.join(', ')}`, name);
  }
  if (format === 'pstats') {
    if (!opts.convertPstats) {
      throw new ProfileFormatError('pstats', 'this is a raw cProfile/pstats file; it must be converted by Python (pstats_to_json.py) before import', name);
    }
    const json = await opts.convertPstats({ path, bytes, name });
    return finish(pstatsJsonImporter.parse(json, { source: name }), name);
  }
  const importer = importers.get(format);
  if (!importer) throw new ProfileFormatError(format, `unknown format id; supported: ${SUPPORTED_FORMATS.join(', ')}`, name);
  const ctx = { source: name };
  const bom = byteOrderMark(gz ? gunzipHead(head) : head) !== null;
  const raw = gz ? gunzipChunks(chunks(), format, name, opts.maxDecompressedBytes ?? LIMITS.maxDecompressedBytes) : chunks();
  const input = bom ? utf8Chunks(raw) : raw;
  if (importer.kind === 'buffer') {
    const all = !gz && bytes ? (bom ? toUtf8(bytes) : bytes) : await readAll(input, format, name, opts.maxBufferedBytes ?? LIMITS.maxBufferedBytes);
    if (all.length === 0) throw new ProfileFormatError(format, 'the file is empty', name);
    return finish(importer.parse(all, ctx), name);
  }
  const parser = importer.create(ctx);
  const stats =
    'lineBytes' in parser
      ? await forEachLineBytes(input, (b, s, e, n) => parser.lineBytes(b, s, e, n), { format, source: name })
      : await forEachLine(input, (l, n) => parser.line(l, n), { format, source: name });
  if (stats.lines === 0) throw new ProfileFormatError(format, 'the file is empty', name);
  return finish(parser.finish(stats), name);
}

function finish(p: Profile, name: string): Profile {
  p.metadata.sourceFile ??= name;
  return p;
}
