/**
 * Go execution traces (`/debug/pprof/trace?seconds=N`, `go test -trace`, runtime/trace): events,
 * not samples. Core spawns nothing: the caller's `convertGoTrace` (src/profilers/goTraceConverter.ts)
 * runs `go tool trace -pprof=sched|net|sync|syscall`, whose pprof profile of the time goroutines
 * spent blocked (or waiting to run, for sched) pprofImporter reads.
 */
import type { BufferImporter, ConvertedImporter } from './importerTypes';
import { pprofImporter } from './pprofImporter';

/** go tool trace's pprof output, said to come from the trace (its sample type, "delay", is the time blocked). */
const blockingProfile: BufferImporter = {
  ...pprofImporter,
  parse(bytes, ctx) {
    const p = pprofImporter.parse(bytes, ctx);
    p.metadata.format = 'go-trace';
    p.metadata.profiler = 'go tool trace -pprof';
    return p;
  },
};

export const goTraceImporter: ConvertedImporter = {
  id: 'go-trace',
  label: 'Go execution trace (go tool trace -pprof)',
  extensions: [],
  looseExtensions: ['.trace', '.out'],
  // Every trace starts with its version header, e.g. "go 1.26 trace\0\0\0".
  detect: ({ text }) => /^go 1\.\d+ trace\0/.test(text),
  kind: 'converted',
  converter: 'convertGoTrace',
  needsConverter: 'this is a Go execution trace; it must be converted by `go tool trace -pprof=sync` (or sched, net, syscall) before import',
  output: blockingProfile,
};
