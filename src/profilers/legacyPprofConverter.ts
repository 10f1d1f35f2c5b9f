/**
 * Converts a legacy pprof profile (gperftools CPU or heap, a contention profile) to pprof protobuf
 * with the Go toolchain's pprof: `go tool pprof -proto -symbolize=local <file>` (no shell, a
 * timeout, stdout captured). It runs no user code: Go's pprof parses the file and symbolises its
 * addresses by reading the binaries its memory map names (addr2line/nm when installed). It looks
 * for them where they were recorded, beside the profile, and in PPROF_BINARY_PATH (by base name),
 * so a profile copied with its binary still gets its names. Run outside the workspace with
 * GOTOOLCHAIN=local, so no go.mod can make `go` fetch or run another toolchain.
 */
import { tmpdir } from 'node:os';
import { delimiter, dirname } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ProfileFormatError } from '../core/model/profile';
import { type ConverterInput, runConverter, withInputFile } from './converterInput';

const FORMAT = 'pprof-legacy';

export interface LegacyPprofConvertOptions {
  /** The go executable (default `go` on PATH). */
  go?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Returns the profile as (uncompressed) pprof protobuf; a file pprof cannot read becomes a ProfileFormatError naming `name`. */
export async function convertLegacyPprofFile(path: string, opts: LegacyPprofConvertOptions = {}, name = path): Promise<Uint8Array> {
  const go = opts.go ?? 'go';
  const binaryPath = [dirname(path), process.env.PPROF_BINARY_PATH].filter((p) => p).join(delimiter);
  const r = await runConverter(go, ['tool', 'pprof', '-proto', '-symbolize=local', path], {
    timeoutMs: opts.timeoutMs ?? 120_000,
    signal: opts.signal,
    env: { ...(process.env as Record<string, string>), PPROF_BINARY_PATH: binaryPath, GOTOOLCHAIN: 'local' },
    cwd: tmpdir(),
  });
  if (r.failure?.notFound)
    throw new ProfileFormatError(
      FORMAT,
      `reading a legacy pprof profile needs the Go toolchain, and "${go}" was not found; install Go (https://go.dev/dl) or put it on PATH`,
      name,
    );
  if (r.failure) {
    // pprof's last line is "failed to fetch any source profiles"; the reason is the "<path>: parsing profile: …" line before it.
    const reason = r.failure.stderrLines.find((l) => l.startsWith(`${path}: `))?.slice(path.length + 2);
    throw new ProfileFormatError(FORMAT, `go tool pprof could not read it: ${reason ?? r.failure.stderr ?? r.failure.summary}`, name);
  }
  return gunzipSync(r.stdout);
}

/** The hook `importProfileFile(path, { convertLegacyPprof })` expects; pprof reads gzip itself. */
export function legacyPprofConverterHook(opts: LegacyPprofConvertOptions = {}) {
  return (input: ConverterInput): Promise<Uint8Array> => withInputFile(input, 'legacy.prof', (path) => convertLegacyPprofFile(path, opts, input.name));
}
