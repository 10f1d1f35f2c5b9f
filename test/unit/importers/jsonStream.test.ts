// The streaming JSON tokenizer against JSON.parse, the oracle: any JSON value, cut into chunks
// anywhere, reads back the same; a cut document, a flipped byte or trailing data is what JSON.parse
// refuses, as a ProfileFormatError naming the byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonCapture, readJsonStream } from '../../../src/core/importers/jsonStream';
import { ProfileFormatError } from '../../../src/core/model/profile';

async function* chunked(bytes: Uint8Array, cuts: number[]): AsyncIterable<Uint8Array> {
  let at = 0;
  for (const c of [...cuts.map((x) => Math.floor(x * bytes.length))].sort((a, b) => a - b)) {
    yield bytes.subarray(at, Math.max(at, c));
    at = Math.max(at, c);
  }
  yield bytes.subarray(at);
}

async function read(bytes: Uint8Array, cuts: number[] = []): Promise<unknown> {
  const c = new JsonCapture();
  await readJsonStream(chunked(bytes, cuts), c, { format: 'test', source: 't.json' });
  return c.value;
}

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

test('property: any JSON value, in chunks cut anywhere, reads as JSON.parse reads it', async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }), fc.boolean(), async (v, cuts, pretty) => {
      const text = JSON.stringify(v, null, pretty ? 2 : undefined);
      assert.deepEqual(await read(Buffer.from(text), cuts), JSON.parse(text));
    }),
    { numRuns: 300 },
  );
});

test('property: a cut or flipped document is refused exactly when JSON.parse refuses it', async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(), fc.integer({ min: 0, max: 255 }), async (v, cut, at, byte) => {
      const whole = Buffer.from(JSON.stringify({ v }));
      const damaged = [whole.subarray(0, Math.floor(whole.length * cut)), Buffer.from(whole)];
      damaged[1]![at % whole.length] = byte;
      for (const bytes of damaged) {
        const text = bytes.toString('utf8');
        const got = await read(bytes, [0.5]).then(
          (x) => ({ ok: true as const, x }),
          (e: Error) => ({ ok: false as const, e }),
        );
        if (got.ok) assert.deepEqual(got.x, JSON.parse(text), text);
        else {
          assert.ok(got.e instanceof ProfileFormatError, got.e.message);
          assert.ok(!parses(text) || bytes.length === 0, `JSON.parse accepts ${JSON.stringify(text)}; the stream said ${got.e.message}`);
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('errors name the byte; an empty input says so; "__proto__" stays a member', async () => {
  await assert.rejects(read(Buffer.from('{"a": [1, 2,]}')), /t\.json: not a valid test profile: invalid JSON: unexpected character "\]" at byte 12/);
  await assert.rejects(read(Buffer.from('{"a": 1')), /unexpected end of input at byte 7/);
  await assert.rejects(read(Buffer.from('[1] 2')), /unexpected data after the end of the document at byte 4/);
  await assert.rejects(read(Buffer.from('[01]')), /invalid number "01"/);
  await assert.rejects(read(Buffer.from('')), /the file is empty/);
  const o = (await read(Buffer.from('{"__proto__": {"x": 1}}'))) as Record<string, unknown>;
  assert.deepEqual(Object.keys(o), ['__proto__']);
  assert.equal(Object.getPrototypeOf(o), Object.prototype);
});
