/** The two shapes an importer takes: a line parser (text formats, streamed) or a buffer parser. */
import { ProfileFormatError, type Profile } from '../model/profile';
import type { LineStats } from './byteSource';

export interface ImportContext {
  /** File name (or label) the bytes came from; appears in error messages. */
  readonly source: string;
}

export interface LineParser {
  line(text: string, lineNo: number): void;
  finish(stats: LineStats): Profile;
}

/** A line as bytes: buf[start, end) without the line break. For parsers that must not allocate per line. */
export interface ByteLineParser {
  lineBytes(buf: Uint8Array, start: number, end: number, lineNo: number): void;
  finish(stats: LineStats): Profile;
}

export interface TextImporter {
  readonly id: string;
  readonly kind: 'text';
  create(ctx: ImportContext): LineParser | ByteLineParser;
}

export interface BufferImporter {
  readonly id: string;
  readonly kind: 'buffer';
  parse(bytes: Uint8Array, ctx: ImportContext): Profile;
}

export type Importer = TextImporter | BufferImporter;

export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * JSON.parse of a profile's bytes (UTF-8) or text; a syntax error becomes a ProfileFormatError of
 * `format` for `source`, whose detail is `detail(the parser's message)` ("invalid JSON: …" unless told).
 */
export function parseJson<T>(
  input: Uint8Array | string,
  format: string,
  source: string | undefined,
  detail: (message: string) => string = (message) => `invalid JSON: ${message}`,
): T {
  try {
    return JSON.parse(typeof input === 'string' ? input : decodeUtf8(input)) as T;
  } catch (e) {
    throw new ProfileFormatError(format, detail((e as Error).message), source);
  }
}
