/**
 * Text profiles saved by editors and Windows tools: a UTF-8 byte-order mark, or UTF-16 (little or
 * big endian, with its BOM; PowerShell's `>` writes UTF-16LE). Importers read UTF-8 only, so such
 * input is re-encoded to UTF-8 without the mark, chunk by chunk (never one string).
 */
import type { ByteChunks } from './byteSource';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The encoding a BOM at the start of `head` announces, with the BOM's length; null without a BOM. */
export function byteOrderMark(head: Uint8Array): { encoding: TextEncoding; length: number } | null {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** `bytes` (which start with a BOM) as UTF-8 without it. A cut-off last UTF-16 unit becomes U+FFFD. */
export function toUtf8(bytes: Uint8Array): Uint8Array {
  const bom = byteOrderMark(bytes);
  if (!bom) return bytes;
  if (bom.encoding === 'utf-8') return bytes.subarray(bom.length);
  return Buffer.from(new TextDecoder(bom.encoding, { ignoreBOM: true }).decode(bytes.subarray(bom.length)), 'utf8');
}

/** A chunk stream that starts with a BOM, re-encoded to UTF-8 without the BOM; other streams pass through. */
export async function* utf8Chunks(input: ByteChunks): ByteChunks {
  let decoder: TextDecoder | null = null;
  let first = true;
  let pending: Uint8Array | null = null;
  for await (const chunk of input) {
    let c = chunk;
    if (first) {
      // The BOM could straddle a tiny first chunk: wait for 3 bytes before deciding.
      if (pending) c = Buffer.concat([pending, c]);
      if (c.length < 3) {
        pending = c;
        continue;
      }
      pending = null;
      first = false;
      const bom = byteOrderMark(c);
      if (bom && bom.encoding !== 'utf-8') decoder = new TextDecoder(bom.encoding, { ignoreBOM: true });
      if (bom) c = c.subarray(bom.length);
    }
    if (decoder) yield Buffer.from(decoder.decode(c, { stream: true }), 'utf8');
    else yield c;
  }
  if (pending) yield toUtf8(pending);
  if (decoder) {
    const tail = decoder.decode();
    if (tail.length > 0) yield Buffer.from(tail, 'utf8');
  }
}
