/**
 * Legacy pprof profiles: gperftools' CPU profile (libprofiler, CPUPROFILE=: a binary header of
 * machine words, the samples as address lists, then the process's /proc/self/maps), its heap
 * profile (libtcmalloc, HEAPPROFILE=: `heap profile: …` text, then MAPPED_LIBRARIES) and the
 * contention profiles of old Go and C++ servers (`--- contention:`/`--- mutex:` text). They hold
 * addresses only: names come from the binaries their memory map names, which core cannot read.
 * So core spawns nothing here: the caller's `convertLegacyPprof` (src/profilers/legacyPprofConverter.ts)
 * runs the Go toolchain's `go tool pprof -proto`, which symbolises them, and pprofImporter reads that.
 */
import type { ConvertedImporter } from './importerTypes';
import { pprofImporter } from './pprofImporter';

/** The text headers Go's pprof reads as legacy heap and contention profiles. */
const TEXT_HEADER = /^(?:heap profile: *\d+: *\d+ *\[ *\d+: *\d+ *\] *@|--- (?:contention|contentionz|mutex|delay):?\s*$)/;

/** True when `head` starts with gperftools' CPU profile header: words 0, 3 (header words), 0 (version), in 4- or 8-byte words of either byte order. */
export function isLegacyCpuHeader(head: Uint8Array): boolean {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  for (const size of [8, 4]) {
    if (head.length < size * 3) continue;
    for (const little of [true, false]) {
      const word = (i: number) => (size === 8 ? Number(view.getBigUint64(i * size, little)) : view.getUint32(i * size, little));
      if (word(0) === 0 && word(1) === 3 && word(2) === 0) return true;
    }
  }
  return false;
}

export const legacyPprofImporter: ConvertedImporter = {
  id: 'pprof-legacy',
  label: 'legacy pprof (gperftools CPU/heap, contention)',
  extensions: [],
  looseExtensions: ['.prof', '.heap'],
  // Before pprof, which would take the CPU profile's NUL bytes for protobuf.
  detect: ({ json, bytes, text }) => !json && (isLegacyCpuHeader(bytes) || TEXT_HEADER.test(text.slice(0, 200).split('\n', 1)[0]!)),
  kind: 'converted',
  converter: 'convertLegacyPprof',
  needsConverter:
    'this is a legacy pprof profile (gperftools CPU or heap, or a contention profile); it must be converted by `go tool pprof -proto` before import',
  output: pprofImporter,
};
