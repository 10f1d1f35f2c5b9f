/**
 * Entry point for reading any profile: detects the format from the content (the file name only
 * breaks ties; see registry.ts), decompresses gzip with a bound, streams text formats line by
 * line, and returns one Profile. Raw pstats files (Python marshal) need a converter that runs
 * Python, node --prof logs one that runs node, legacy pprof files one that runs `go tool pprof`;
 * core spawns nothing, so callers pass
 * `convertPstats` (src/profilers/pstatsConverter.ts), `convertNodeProf` (nodeProfConverter.ts) and
 * `convertLegacyPprof` (legacyPprofConverter.ts).
 */
import { open } from 'node:fs/promises';
import { Profile, ProfileFormatError } from '../model/profile';
import { ByteChunks, LIMITS, bytesChunks, fileChunks, forEachLine, forEachLineBytes, gunzipChunks, gunzipHead, isGzip, readAll } from './byteSource';
import { HEAD_BYTES } from './detectHead';
import type { ProfileConverter } from './importerTypes';
import { detectFormat, importerById, SUPPORTED_FORMATS } from './registry';
import { byteOrderMark, toUtf8, utf8Chunks } from './textEncoding';

export { ProfileFormatError } from '../model/profile';
export type {
  Importer,
  TextImporter,
  BufferImporter,
  StreamImporter,
  ConvertedImporter,
  ImporterInfo,
  LineParser,
  ByteLineParser,
  ImportContext,
  ProfileConverter,
} from './importerTypes';
export { detectFormat, IMPORTERS, SUPPORTED_FORMATS } from './registry';

export interface ImportOptions {
  /** Skip detection and use this format id. */
  format?: string;
  /** Converts a raw pstats (marshal) file to the helper's JSON; needed only for .pstats/.prof input. */
  convertPstats?: ProfileConverter;
  /** Converts a node --prof isolate log to `node --prof-process --preprocess` JSON; needed only for such logs. */
  convertNodeProf?: ProfileConverter;
  /** Converts a legacy pprof profile (gperftools CPU/heap, contention) to pprof protobuf (`go tool pprof -proto`); needed only for those. */
  convertLegacyPprof?: ProfileConverter;
  /** For formats with several profiled threads (Chrome trace events, Gecko): the thread to show, by name or tid. */
  thread?: string;
  /** Converts a Go execution trace to a pprof blocking profile (`go tool trace -pprof=…`); needed only for such traces. */
  convertGoTrace?: ProfileConverter;
  /** Bounds (bytes) for decompression and whole-buffer formats. */
  maxDecompressedBytes?: number;
  maxBufferedBytes?: number;
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

async function importFrom(name: string, head: Uint8Array, chunks: () => ByteChunks, opts: ImportOptions, path?: string, bytes?: Uint8Array): Promise<Profile> {
  const gz = isGzip(head);
  const format = opts.format ?? detectFormat(head, name);
  if (!format) {
    throw new ProfileFormatError(
      'profile',
      `unrecognised content${head.length === 0 ? ' (the file is empty)' : ''}; supported: ${SUPPORTED_FORMATS.join(', ')}`,
      name,
    );
  }
  const importer = importerById(format);
  if (!importer) throw new ProfileFormatError(format, `unknown format id; supported: ${SUPPORTED_FORMATS.join(', ')}`, name);
  if (importer.kind === 'converted') {
    const convert = opts[importer.converter];
    if (!convert) throw new ProfileFormatError(importer.id, importer.needsConverter, name);
    const converted = importer.output.parse(await convert({ path, bytes, name }), { source: name });
    // The profile says what the user opened (a legacy pprof file), not what the converter wrote.
    converted.metadata.format = importer.id;
    return finish(converted, name);
  }
  const ctx = { source: name, thread: opts.thread };
  // UTF-8 with a BOM and UTF-16 text are re-encoded to plain UTF-8 before parsing.
  const bom = byteOrderMark(gz ? gunzipHead(head) : head) !== null;
  const raw = gz ? gunzipChunks(chunks(), format, name, opts.maxDecompressedBytes ?? LIMITS.maxDecompressedBytes) : chunks();
  const input = bom ? utf8Chunks(raw) : raw;
  if (importer.kind === 'stream') return finish(await importer.read(input, ctx), name);
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
