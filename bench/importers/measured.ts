// Wall time, CPU time and peak RSS of one child process, measured from outside by a tiny python3
// wrapper (ru_maxrss of RUSAGE_CHILDREN: the child's own peak, not the bench's).
import { spawnSync } from 'node:child_process';

export interface Run {
  ms: number;
  /** user + system CPU time of the child: on a shared 2-core machine wall time mostly measures the neighbours. */
  cpuMs: number;
  peakBytes: number;
  out: string;
}

/** Runs argv under python3 (no shell), returning wall time, the child's peak RSS and its stdout file. */
export function measured(argv: string[], stdoutFile: string): Run {
  const wrapper = [
    'import resource, subprocess, sys, time',
    't = time.perf_counter()',
    'with open(sys.argv[1], "wb") as out:',
    '    r = subprocess.run(sys.argv[2:], stdout=out)',
    'ms = (time.perf_counter() - t) * 1000',
    'u = resource.getrusage(resource.RUSAGE_CHILDREN)',
    'print(r.returncode, ms, (u.ru_utime + u.ru_stime) * 1000, u.ru_maxrss * 1024)',
  ].join('\n');
  const res = spawnSync('python3', ['-c', wrapper, stdoutFile, ...argv], { encoding: 'utf8' });
  const [code, ms, cpuMs, peak] = res.stdout.trim().split(/\s+/).map(Number);
  if (res.status !== 0 || code !== 0) throw new Error(`${argv[0]} failed (${code}): ${res.stderr}`);
  return { ms: ms!, cpuMs: cpuMs!, peakBytes: peak!, out: stdoutFile };
}
