/**
 * Reading profile bytes without holding more than needed: text formats are consumed line by line
 * from a chunk stream (a 1 GB perf script never becomes one string — V8 strings stop near 512 MB),
 * gzip is decompressed with a hard output limit (gzip bombs), whole-buffer formats have a size cap.
 */
import { createReadStream } from 'node:fs';
import { createGunzip, gunzipSync, constants as zlibConstants } from 'node:zlib';
import { ProfileFormatError } from '../model/profile';

export type ByteChunks = AsyncIterable<Uint8Array>;

/** Default ceilings; callers may lower or raise them. */
export const LIMITS = {
  /** Decompressed bytes a gzip stream may produce before it is treated as a bomb. */
  maxDecompressedBytes: 4 * 1024 ** 3,
  /** Largest input read into memory at once (JSON, protobuf): JSON.parse needs one string. */
  maxBufferedBytes: 400 * 1024 ** 2,
  /** Longest single text line: a "line" longer than this is binary garbage, not a profile. */
  maxLineLength: 64 * 1024 ** 2,
};

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

export async function* fileChunks(path: string): ByteChunks {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
}

export async function* bytesChunks(bytes: Uint8Array): ByteChunks {
  const step = 1 << 20;
  for (let i = 0; i < bytes.length; i += step) yield bytes.subarray(i, Math.min(bytes.length, i + step));
}

/** Streams gunzip output, failing once more than `limit` bytes come out (bounded decompression). */
export async function* gunzipChunks(input: ByteChunks, format: string, source: string, limit = LIMITS.maxDecompressedBytes): ByteChunks {
  const gunzip = createGunzip();
  let produced = 0;
  const feed = (async () => {
    try {
      for await (const c of input) {
        if (gunzip.destroyed) return;
        // Wait for room, or for the consumer to stop (destroy → close), whichever comes first.
        if (!gunzip.write(c)) {
          await new Promise<void>((r) => {
            const done = () => {
              gunzip.off('drain', done);
              gunzip.off('close', done);
              r();
            };
            gunzip.on('drain', done);
            gunzip.on('close', done);
          });
        }
        if (gunzip.destroyed) return;
      }
      gunzip.end();
    } catch (e) {
      gunzip.destroy(e as Error);
    }
  })();
  try {
    for await (const out of gunzip) {
      produced += (out as Buffer).length;
      if (produced > limit) {
        throw new ProfileFormatError(
          format,
          `gzip data expands beyond ${formatBytes(limit)}; refusing to decompress further (possible gzip bomb)`,
          source,
          `after ${formatBytes(produced)} decompressed`,
        );
      }
      yield out as Buffer;
    }
  } catch (e) {
    if (e instanceof ProfileFormatError) throw e;
    throw new ProfileFormatError(format, `corrupt gzip data: ${(e as Error).message}`, source);
  } finally {
    gunzip.destroy();
    await feed;
  }
}

/** Decompresses a small prefix for format detection; never throws, never expands past `max`. */
export function gunzipHead(head: Uint8Array, max = 64 * 1024): Uint8Array {
  try {
    // 4 KB of deflate input can expand to ~4 MB at most; Z_SYNC_FLUSH accepts a truncated stream.
    const out = gunzipSync(head.subarray(0, 4096), { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: 8 * 1024 * 1024 });
    return out.subarray(0, max);
  } catch {
    return new Uint8Array(0);
  }
}

/** Reads a whole stream into one buffer, bounded by `limit`. */
export async function readAll(input: ByteChunks, format: string, source: string, limit = LIMITS.maxBufferedBytes): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const c of input) {
    size += c.length;
    if (size > limit)
      throw new ProfileFormatError(format, `input is larger than ${formatBytes(limit)}, the most this format is read into memory`, source, `at byte ${size}`);
    parts.push(c);
  }
  if (parts.length === 1) return parts[0]!;
  const all = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return all;
}

export interface LineStats {
  lines: number;
  /** False when the input ended in the middle of a line (a truncated file). */
  endedWithNewline: boolean;
}

/**
 * Calls `onLine` for every line (without its "\n" or "\r\n"), numbered from 1. Decodes UTF-8
 * chunk by chunk; invalid bytes become U+FFFD (kept as data). Lines longer than the limit fail.
 */
export async function forEachLine(
  input: ByteChunks,
  onLine: (line: string, lineNo: number) => void,
  where: { format: string; source: string; maxLineLength?: number },
): Promise<LineStats> {
  const decoder = new TextDecoder('utf-8');
  const maxLine = where.maxLineLength ?? LIMITS.maxLineLength;
  // The unfinished line is kept in parts, joined once its end arrives: no quadratic re-copying.
  let parts: string[] = [];
  let partsLength = 0;
  let lineNo = 0;
  const emit = (text: string) => onLine(text.endsWith('\r') ? text.slice(0, -1) : text, ++lineNo);
  for await (const chunk of input) {
    const text = decoder.decode(chunk, { stream: true });
    let nl = text.indexOf('\n');
    if (nl === -1) {
      parts.push(text);
      partsLength += text.length;
      if (partsLength > maxLine)
        throw new ProfileFormatError(where.format, `a line is longer than ${formatBytes(maxLine)} (binary data?)`, where.source, `line ${lineNo + 1}`);
      continue;
    }
    let start = 0;
    if (partsLength > 0) {
      parts.push(text.slice(0, nl));
      emit(parts.join(''));
      parts = [];
      partsLength = 0;
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    while (nl !== -1) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      onLine(text.slice(start, end), ++lineNo);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) {
      parts.push(text.slice(start));
      partsLength = text.length - start;
    }
  }
  const tail = parts.join('') + decoder.decode();
  if (tail.length > 0) {
    emit(tail);
    return { lines: lineNo, endedWithNewline: false };
  }
  return { lines: lineNo, endedWithNewline: true };
}

/**
 * Like forEachLine, but hands out byte ranges of the chunk buffer: no string per line. Used by the
 * perf script importer, whose input can be gigabytes. Chunk buffers are never reused, so a parser
 * may keep a reference to one for as long as it needs it.
 */
export async function forEachLineBytes(
  input: ByteChunks,
  onLine: (buf: Uint8Array, start: number, end: number, lineNo: number) => void,
  where: { format: string; source: string; maxLineLength?: number },
): Promise<LineStats> {
  const maxLine = where.maxLineLength ?? LIMITS.maxLineLength;
  let parts: Buffer[] = [];
  let partsLength = 0;
  let lineNo = 0;
  const emit = (buf: Buffer) => onLine(buf, 0, buf.length > 0 && buf[buf.length - 1] === 13 ? buf.length - 1 : buf.length, ++lineNo);
  for await (const chunk of input) {
    // A Buffer view of the chunk (no copy); the unfinished tail is copied below.
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let nl = buf.indexOf(10);
    if (nl === -1) {
      parts.push(Buffer.from(buf));
      partsLength += buf.length;
      if (partsLength > maxLine)
        throw new ProfileFormatError(where.format, `a line is longer than ${formatBytes(maxLine)} (binary data?)`, where.source, `line ${lineNo + 1}`);
      continue;
    }
    let start = 0;
    if (partsLength > 0) {
      parts.push(buf.subarray(0, nl));
      emit(Buffer.concat(parts));
      parts = [];
      partsLength = 0;
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    while (nl !== -1) {
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      onLine(buf, start, end, ++lineNo);
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    if (start < buf.length) {
      parts.push(Buffer.from(buf.subarray(start)));
      partsLength = buf.length - start;
    }
  }
  if (partsLength > 0) {
    emit(Buffer.concat(parts));
    return { lines: lineNo, endedWithNewline: false };
  }
  return { lines: lineNo, endedWithNewline: true };
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
