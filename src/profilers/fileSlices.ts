/**
 * A file read in fixed slices, synchronously: the source the core's chunk readers
 * (readHeapSnapshot) take, so a file of hundreds of MB never becomes one string. One buffer is
 * reused: each slice is valid until the consumer asks for the next one (the JSON feeder copies the
 * unfinished token it keeps, nothing more).
 */
import { closeSync, openSync, readSync } from 'node:fs';

export const SLICE_BYTES = 8 * 1024 * 1024;

export function* fileSlices(path: string, sliceBytes = SLICE_BYTES): Generator<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(sliceBytes);
    for (;;) {
      const n = readSync(fd, buf, 0, sliceBytes, null);
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}
