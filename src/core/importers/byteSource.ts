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
        throw new ProfileFormatError(format, `gzip data expands beyond ${formatBytes(limit)}; refusing to decompress further (possible gzip bomb)`, source, `after ${formatBytes(produced)} decompressed`);
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
    if (size > limit) throw new ProfileFormatError(format, `input is larger than ${formatBytes(limit)}, the most this format is read into memory`, source, `at byte ${size}`);
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
  let carry = '';
  let lineNo = 0;
  for await (const chunk of input) {
    const text = carry + decoder.decode(chunk, { stream: true });
    let start = 0;
    let nl = text.indexOf('\n', start);
    while (nl !== -1) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      onLine(text.slice(start, end), ++lineNo);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    carry = start === 0 ? text : text.slice(start);
    if (carry.length > maxLine) {
      throw new ProfileFormatError(where.format, `a line is longer than ${formatBytes(maxLine)} (binary data?)`, where.source, `line ${lineNo + 1}`);
    }
  }
  carry += decoder.decode();
  if (carry.length > 0) {
    onLine(carry.endsWith('\r') ? carry.slice(0, -1) : carry, ++lineNo);
    return { lines: lineNo, endedWithNewline: false };
  }
  return { lines: lineNo, endedWithNewline: true };
}

/**
 * Like forEachLine, but hands out byte ranges of the chunk buffer: no string per line. Used by the
 * perf script importer, whose input can be gigabytes. buf is only valid during the call.
 */
export async function forEachLineBytes(
  input: ByteChunks,
  onLine: (buf: Uint8Array, start: number, end: number, lineNo: number) => void,
  where: { format: string; source: string; maxLineLength?: number },
): Promise<LineStats> {
  const maxLine = where.maxLineLength ?? LIMITS.maxLineLength;
  let carry: Buffer | null = null;
  let lineNo = 0;
  for await (const chunk of input) {
    const c = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const buf: Buffer = carry ? Buffer.concat([carry, c]) : c;
    let start = 0;
    let nl = buf.indexOf(10, start);
    while (nl !== -1) {
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      onLine(buf, start, end, ++lineNo);
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    // Copy the unfinished line: the chunk's memory may be reused by the stream.
    carry = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
    if (carry && carry.length > maxLine) {
      throw new ProfileFormatError(where.format, `a line is longer than ${formatBytes(maxLine)} (binary data?)`, where.source, `line ${lineNo + 1}`);
    }
  }
  if (carry && carry.length > 0) {
    onLine(carry, 0, carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length, ++lineNo);
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
