/**
 * A streaming JSON tokenizer over a ByteSource: strict JSON (RFC 8259), fed chunk by chunk, calling
 * a handler for each event, so a JSON profile far larger than one V8 string (or than the heap
 * JSON.parse's object graph needs) is read in one pass. `JsonCapture` rebuilds one small value
 * (a frame, an event) from the events when an importer wants it whole.
 */
import { ProfileFormatError } from '../model/profile';
import type { ByteChunks } from './byteSource';

export type JsonScalar = string | number | boolean | null;

export interface JsonHandler {
  beginObject(): void;
  endObject(): void;
  beginArray(): void;
  endArray(): void;
  /** An object member's name; its value's events follow. */
  key(name: string): void;
  scalar(value: JsonScalar): void;
}

/** What comes next. */
const enum Expect {
  Value,
  /** After `[`: a value or `]`. */
  FirstItem,
  /** After `{`: a key or `}`. */
  FirstKey,
  /** After `,` in an object. */
  Key,
  Colon,
  /** After a value inside a container: `,` or its closing bracket. */
  Next,
  End,
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

class SyntaxFailure extends Error {}

/** The tokenizer's state between chunks: containers open (true = object) and what it expects. */
class Tokenizer {
  private readonly open: boolean[] = [];
  private expect = Expect.Value;
  /** Bytes consumed before the current buffer (for error positions). */
  offset = 0;
  /** Whether the string stringEnd just found holds a backslash escape. */
  private escaped = false;

  constructor(private readonly h: JsonHandler) {}

  /**
   * Tokenizes `buf` up to the last complete token; returns where an unfinished token starts (the
   * caller keeps those bytes for the next chunk), or buf.length. `final`: no more bytes follow.
   */
  run(buf: Buffer, final: boolean): number {
    const h = this.h;
    const n = buf.length;
    let i = 0;
    while (i < n) {
      const c = buf[i]!;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++;
        continue;
      }
      const start = i;
      if ((this.expect === Expect.FirstKey && c === 0x7d) || (this.expect === Expect.FirstItem && c === 0x5d)) {
        this.close(c, start);
        i++;
        continue;
      }
      const expect = this.expect === Expect.FirstKey ? Expect.Key : this.expect === Expect.FirstItem ? Expect.Value : this.expect;
      switch (expect) {
        case Expect.End:
          this.fail(start, 'unexpected data after the end of the document');
          break;
        case Expect.Colon:
          if (c !== 0x3a) this.fail(start, "expected ':'");
          this.expect = Expect.Value;
          i++;
          continue;
        case Expect.Next:
          if (c === 0x2c) {
            this.expect = this.open[this.open.length - 1] ? Expect.Key : Expect.Value;
            i++;
            continue;
          }
          if (c === 0x5d || c === 0x7d) {
            this.close(c, start);
            i++;
            continue;
          }
          this.fail(start, "expected ',' or a closing bracket");
          break;
        case Expect.Key: {
          if (c !== 0x22) this.fail(start, 'expected a member name in double quotes');
          const end = this.stringEnd(buf, i);
          if (end < 0) return final ? this.fail(start, 'unexpected end of input in a string') : start;
          h.key(this.stringAt(buf, i, end));
          this.expect = Expect.Colon;
          i = end;
          continue;
        }
        case Expect.Value:
          if (c === 0x7b || c === 0x5b) {
            const isObject = c === 0x7b;
            this.open.push(isObject);
            this.expect = isObject ? Expect.FirstKey : Expect.FirstItem;
            if (isObject) h.beginObject();
            else h.beginArray();
            i++;
            continue;
          }
          if (c === 0x22) {
            const end = this.stringEnd(buf, i);
            if (end < 0) return final ? this.fail(start, 'unexpected end of input in a string') : start;
            h.scalar(this.stringAt(buf, i, end));
            i = end;
          } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
            // Small non-negative integers (frame indices) are read in the loop; the rest through NUMBER.
            let j = i;
            let v = 0;
            let plain = c !== 0x2d && !(c === 0x30 && i + 1 < n && buf[i + 1]! >= 0x30 && buf[i + 1]! <= 0x39);
            for (; j < n; j++) {
              const d = buf[j]!;
              if (d >= 0x30 && d <= 0x39) v = v * 10 + (d - 0x30);
              else if (d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d) plain = false;
              else break;
            }
            if (j === n && !final) return start;
            if (plain && j - i < 16) h.scalar(v);
            else {
              const text = buf.toString('latin1', i, j);
              if (!NUMBER.test(text)) this.fail(start, `invalid number ${JSON.stringify(text.slice(0, 40))}`);
              h.scalar(Number(text));
            }
            i = j;
          } else {
            const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : c === 0x6e ? 'null' : '';
            if (!word) this.fail(start, `unexpected character ${JSON.stringify(String.fromCharCode(c))}`);
            if (i + word.length > n) {
              if (!final) return start;
              this.fail(start, 'unexpected end of input');
            }
            if (buf.toString('latin1', i, i + word.length) !== word) this.fail(start, 'unexpected token');
            h.scalar(word === 'true' ? true : word === 'false' ? false : null);
            i += word.length;
          }
          this.expect = this.open.length ? Expect.Next : Expect.End;
          continue;
      }
    }
    return n;
  }

  /** True once one whole value has been read. */
  get complete(): boolean {
    return this.expect === Expect.End;
  }

  private close(c: number, at: number): void {
    const isObject = this.open.pop();
    if (isObject === undefined || isObject !== (c === 0x7d)) this.fail(at, `unexpected '${String.fromCharCode(c)}'`);
    if (isObject) this.h.endObject();
    else this.h.endArray();
    this.expect = this.open.length ? Expect.Next : Expect.End;
  }

  /** Index just past the closing quote of the string opening at `i`, or -1 when the buffer ends first. */
  private stringEnd(buf: Buffer, i: number): number {
    this.escaped = false;
    for (let j = i + 1; j < buf.length; j++) {
      const c = buf[j]!;
      if (c === 0x22) return j + 1;
      if (c === 0x5c) {
        this.escaped = true;
        j++;
      } else if (c < 0x20) this.fail(j, 'a control character inside a string');
    }
    return -1;
  }

  /** The string whose quotes are buf[start] and buf[end - 1] (stringEnd's answer). */
  private stringAt(buf: Buffer, start: number, end: number): string {
    if (!this.escaped) return buf.toString('utf8', start + 1, end - 1);
    try {
      return JSON.parse(buf.toString('utf8', start, end)) as string;
    } catch {
      return this.fail(start, 'invalid escape in a string');
    }
  }

  private fail(at: number, what: string): never {
    throw new SyntaxFailure(`${what} at byte ${this.offset + at}`);
  }
}

/**
 * The tokenizer fed by hand, synchronously: `feed` each chunk in order, then `end`. Syntax errors,
 * truncation and an empty input are ProfileFormatErrors of `where.format` ("invalid JSON: …");
 * errors the handler throws pass through. A chunk may be reused by its source once `feed` returns
 * (the unfinished token at its end is copied).
 */
export class JsonFeeder {
  private readonly t: Tokenizer;
  private rest: Buffer | null = null;
  /** Bytes fed so far. */
  bytes = 0;

  constructor(
    handler: JsonHandler,
    private readonly where: { format: string; source: string },
  ) {
    this.t = new Tokenizer(handler);
  }

  feed(chunk: Uint8Array | string): void {
    const view = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.bytes += view.length;
    const rest = this.rest;
    const buf: Buffer = rest ? Buffer.concat([rest, view]) : view;
    const used = this.guard(() => this.t.run(buf, false));
    this.t.offset += used;
    // The unfinished token is copied: chunk buffers belong to the source.
    this.rest = used < buf.length ? Buffer.from(buf.subarray(used)) : null;
  }

  /** No more bytes: checks the document is whole; returns the number of bytes read. */
  end(): number {
    if (this.bytes === 0) throw new ProfileFormatError(this.where.format, 'the file is empty', this.where.source);
    const rest = this.rest;
    this.rest = null;
    this.guard(() => {
      if (rest) this.t.run(rest, true);
      if (!this.t.complete) throw new SyntaxFailure(`unexpected end of input at byte ${this.bytes}`);
    });
    return this.bytes;
  }

  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof SyntaxFailure) throw new ProfileFormatError(this.where.format, `invalid JSON: ${e.message}`, this.where.source);
      throw e;
    }
  }
}

/**
 * Feeds every chunk of `input` through the tokenizer into `handler` (see JsonFeeder for errors).
 * Returns the number of bytes read.
 */
export async function readJsonStream(input: ByteChunks, handler: JsonHandler, where: { format: string; source: string }): Promise<number> {
  const feeder = new JsonFeeder(handler, where);
  for await (const chunk of input) feeder.feed(chunk);
  return feeder.end();
}

/** Rebuilds one value from its events (fed from its first event on); `done` once it is whole. */
export class JsonCapture implements JsonHandler {
  value: unknown = undefined;
  done = false;
  private readonly stack: (unknown[] | Record<string, unknown>)[] = [];
  private keys: string[] = [];

  /** `keep` false: only finds where the value ends (a member the importer does not read). */
  constructor(private readonly keep = true) {}

  beginObject(): void {
    this.push({});
  }
  beginArray(): void {
    this.push([]);
  }
  endObject(): void {
    this.pop();
  }
  endArray(): void {
    this.pop();
  }
  key(name: string): void {
    this.keys[this.stack.length - 1] = name;
  }
  scalar(value: JsonScalar): void {
    this.add(value);
  }

  private push(container: unknown[] | Record<string, unknown>): void {
    if (this.keep) this.add(container);
    this.stack.push(container);
  }

  private pop(): void {
    this.stack.pop();
    if (this.stack.length === 0) this.done = true;
  }

  private add(v: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.value = this.keep ? v : undefined;
      if (typeof v !== 'object' || v === null) this.done = true;
    } else if (!this.keep) return;
    else if (Array.isArray(top)) top.push(v);
    // A member named "__proto__" stays a member, as JSON.parse makes it (an assignment would set the prototype).
    else Object.defineProperty(top, this.keys[this.stack.length - 1]!, { value: v, writable: true, enumerable: true, configurable: true });
  }
}
