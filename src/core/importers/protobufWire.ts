/**
 * A structural check of protobuf bytes before decoding: every tag, varint and length must end
 * inside its message. Decoders such as pprof-format stop quietly at a varint or a length that runs
 * past the end, so a truncated profile would otherwise read as a smaller whole one.
 */

/** Per message: field number → the nested message it holds, or 'packed' (varints). Others are scalars or bytes. */
export type WireSchema = Record<string, Record<number, string>>;

export class WireError extends Error {}

export function checkWire(bytes: Uint8Array, schema: WireSchema, message: string): void {
  walk(bytes, 0, bytes.length, schema, message);
}

function walk(b: Uint8Array, start: number, end: number, schema: WireSchema, message: string): void {
  const fields = schema[message] ?? {};
  let i = start;
  const varint = (what: string, limit = end): number => {
    let v = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (i >= limit) throw new WireError(`${what} at byte ${i} runs past the end of the ${message} message`);
      const c = b[i++]!;
      v += (c & 0x7f) * 2 ** shift;
      if (c < 0x80) return v;
    }
    throw new WireError(`a varint at byte ${i} is longer than 10 bytes`);
  };
  while (i < end) {
    const at = i;
    const tag = varint('a field tag');
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field === 0) throw new WireError(`field number 0 at byte ${at}`);
    if (wire === 0) varint(`field ${field}'s varint`);
    else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (i + size > end) throw new WireError(`field ${field}'s ${size}-byte value at byte ${i} runs past the end`);
      i += size;
    } else if (wire === 2) {
      const len = varint(`field ${field}'s length`);
      if (i + len > end) throw new WireError(`field ${field} at byte ${at} says ${len} bytes, but only ${end - i} remain`);
      const inner = fields[field];
      if (inner === 'packed') {
        const stop = i + len;
        while (i < stop) varint(`a packed value of field ${field}`, stop);
        continue;
      } else if (inner) walk(b, i, i + len, schema, inner);
      i += len;
    } else throw new WireError(`field ${field} at byte ${at} has wire type ${wire}, which pprof never writes`);
  }
}
