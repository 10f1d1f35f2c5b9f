// The JSON written by Hotline's Node runner (src/helpers/benchNode.mjs, tinybench): samples in ms
// per call. Version 2 samples are rounds of `callsPerSample` calls (its time / k); version 1 were single calls.
import { BenchFormatError, type BenchRun } from '../model';

export function looksLikeHotlineTinybench(json: unknown): boolean {
  return !!json && typeof json === 'object' && (json as { tool?: unknown }).tool === 'hotline-tinybench';
}

export function importTinybench(json: unknown, source = 'tinybench JSON'): BenchRun {
  if (!looksLikeHotlineTinybench(json)) throw new BenchFormatError(source, 'expected the JSON of Hotline\'s node runner ({"tool": "hotline-tinybench"})');
  const j = json as { version?: unknown; node?: unknown; benchmarks?: unknown };
  if (j.version !== 1 && j.version !== 2)
    throw new BenchFormatError(source, `unsupported runner output version ${String(j.version)} (this Hotline reads 1 and 2)`);
  if (!Array.isArray(j.benchmarks)) throw new BenchFormatError(source, '"benchmarks" is not an array');
  return {
    tool: 'tinybench',
    toolVersion: typeof j.node === 'string' ? `node ${j.node}` : undefined,
    benchmarks: j.benchmarks.map((b: { name?: unknown; file?: unknown; unit?: unknown; samples?: unknown; callsPerSample?: unknown }, i: number) => {
      if (typeof b?.name !== 'string' || !Array.isArray(b.samples) || b.samples.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
        throw new BenchFormatError(source, `benchmark ${i}: expected {"name": string, "samples": number[]}`);
      }
      const scale = b.unit === 'ns' ? 1 : 1e6; // the runner writes ms
      const file = typeof b.file === 'string' ? b.file : undefined;
      const calls = typeof b.callsPerSample === 'number' && b.callsPerSample >= 1 ? b.callsPerSample : undefined;
      return {
        name: file ? `${file}::${b.name}` : b.name,
        samples: (b.samples as number[]).map((v) => v * scale),
        location: file ? { file } : undefined,
        ...(calls ? { callsPerSample: calls } : {}),
      };
    }),
  };
}
