/**
 * What an importer is: how it describes itself (id, label, file name endings, how it recognises
 * its content) and the shape its parser takes: a line parser (text formats, streamed), a buffer
 * parser, a stream reader, or a converter's output read by another importer (raw pstats, node --prof logs).
 */
import { ProfileFormatError, type Profile } from '../model/profile';
import type { ByteChunks, LineStats } from './byteSource';
import type { DetectHead } from './detectHead';

export interface ImportContext {
  /** File name (or label) the bytes came from; appears in error messages. */
  readonly source: string;
  /** The thread to import, by name or tid, for formats that hold several (threadChoice.ts). */
  readonly thread?: string;
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

/** How an importer describes itself to the registry (src/core/importers/registry.ts). */
export interface ImporterInfo {
  /** Format id: `--format`, `opts.format`, detectFormat's answer. */
  readonly id: string;
  /** How the CLI help names the format. */
  readonly label: string;
  /** File name endings that say this format: the custom editor opens them (package.json customEditors). */
  readonly extensions: readonly string[];
  /** Endings the format is often saved with that do not say it alone (.json, .txt, .out): offered in the Open Profile dialog only. */
  readonly looseExtensions?: readonly string[];
  /** True when the head's content is this format; the registry asks importers in its order. */
  detect(head: DetectHead): boolean;
  /** A weaker clue (the file name, a bare protobuf shape), asked in the same order once no importer's detect() matched. */
  guess?(head: DetectHead): boolean;
  /** A gzip file whose inside no importer recognised (`inner` is empty when the head did not decompress). */
  guessGzip?(inner: Uint8Array, name?: string): boolean;
}

export interface TextImporter extends ImporterInfo {
  readonly kind: 'text';
  create(ctx: ImportContext): LineParser | ByteLineParser;
}

/** Reads the byte stream itself, in one pass (a JSON format too big for one string: jsonStream.ts). */
export interface StreamImporter extends ImporterInfo {
  readonly kind: 'stream';
  read(input: ByteChunks, ctx: ImportContext): Promise<Profile>;
}

export interface BufferImporter extends ImporterInfo {
  readonly kind: 'buffer';
  parse(bytes: Uint8Array, ctx: ImportContext): Profile;
}

/** A converter hook of ImportOptions: gets the file (path, or bytes when there is no file) and returns `output`'s input. */
export type ProfileConverter = (input: { path?: string; bytes?: Uint8Array; name: string }) => Promise<Uint8Array>;

/** A format core cannot read itself: a converter (passed in ImportOptions, since core spawns nothing) turns it into another importer's input. */
export interface ConvertedImporter extends ImporterInfo {
  readonly kind: 'converted';
  /** The ImportOptions hook that converts it. */
  readonly converter: 'convertPstats' | 'convertNodeProf' | 'convertLegacyPprof' | 'convertGoTrace';
  /** The error when that hook was not passed. */
  readonly needsConverter: string;
  /** Reads the converter's output. */
  readonly output: BufferImporter;
}

export type Importer = TextImporter | BufferImporter | StreamImporter | ConvertedImporter;

function decodeUtf8(bytes: Uint8Array): string {
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
