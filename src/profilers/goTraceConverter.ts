/**
 * Converts a Go execution trace to a pprof profile of where goroutines waited, with Go's own
 * `go tool trace -pprof=KIND <trace>` (no shell, a timeout, stdout captured):
 *   sync     blocked on channels, select, mutexes, WaitGroups (the default: goroutine stalls and leaks)
 *   net      blocked on network I/O
 *   syscall  blocked in system calls
 *   sched    runnable but waiting for a thread (scheduler latency)
 * The go executable should be the version that wrote the trace: the format follows the runtime's.
 */
import { gunzipSync } from 'node:zlib';
import { ProfileFormatError } from '../core/model/profile';
import { type ConverterInput, runConverter, withInputFile } from './converterInput';

export const GO_TRACE_PROFILES = ['sync', 'net', 'syscall', 'sched'] as const;
export type GoTraceProfile = (typeof GO_TRACE_PROFILES)[number];

export interface GoTraceConvertOptions {
  /** The go executable (default `go` on PATH). */
  go?: string;
  /** Which blocking profile (default sync). */
  profile?: GoTraceProfile;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The pprof protobuf (not gzip'd) of one blocking profile of the trace; a trace go cannot read becomes a ProfileFormatError. */
export async function convertGoTraceFile(path: string, opts: GoTraceConvertOptions = {}, name = path): Promise<Uint8Array> {
  const go = opts.go ?? 'go';
  const r = await runConverter(go, ['tool', 'trace', `-pprof=${opts.profile ?? 'sync'}`, path], { timeoutMs: opts.timeoutMs ?? 120_000, signal: opts.signal });
  if (r.failure?.notFound)
    throw new ProfileFormatError(
      'go-trace',
      `reading a Go execution trace needs the Go toolchain, and "${go}" was not found; install Go (golang-go) or put go on PATH`,
      name,
    );
  if (r.failure) throw new ProfileFormatError('go-trace', r.failure.stderr || `go tool trace failed (${r.failure.summary})`, name);
  if (r.stdout.length === 0) throw new ProfileFormatError('go-trace', 'go tool trace wrote no profile', name);
  // go tool trace writes the profile gzip'd, as every pprof writer does; the importer reads the protobuf.
  return r.stdout[0] === 0x1f && r.stdout[1] === 0x8b ? gunzipSync(r.stdout) : r.stdout;
}

/** The hook `importProfileFile(path, { convertGoTrace })` expects. */
export function goTraceConverterHook(opts: GoTraceConvertOptions = {}) {
  return (input: ConverterInput): Promise<Uint8Array> => withInputFile(input, 'trace.out', (path) => convertGoTraceFile(path, opts, input.name));
}
