/**
 * A CPU profile of the server process during exactly the load window, with the language's own
 * profiler: `py-spy record --pid --gil` (stopped with SIGINT, which makes it write what it has) for Python,
 * counting the thread that holds the GIL (threads parked on queues and sockets would otherwise show up),
 * the Node inspector (src/profilers/nodeInspector.ts) for Node. `start` resolves once sampling runs.
 */
import { existsSync } from 'node:fs';
import { executable } from '../../core/plan/tools';
import type { Executables } from '../../core/plan';
import { recordNodeInspector } from '../nodeInspector';
import { execInGroup, killGroup } from '../processTree';
import type { ServerRuntime } from './service';

export interface WindowProfiler {
  /** Ends the recording and resolves with the profile file, or with why there is none. */
  finish(): Promise<{ file: string | null; problem: string | null }>;
}

export const PROFILE_EXTENSION: Record<Exclude<ServerRuntime, 'other'>, string> = { python: '.speedscope.json', node: '.cpuprofile' };

export const PROFILER_LABEL: Record<Exclude<ServerRuntime, 'other'>, string> = { python: 'py-spy', node: 'node inspector (V8 CPU profiler)' };

const ATTACH_TIMEOUT_MS = 15_000;

async function startPySpy(pid: number, file: string, opts: { executables?: Executables; rateHz?: number }): Promise<WindowProfiler> {
  const argv = [
    executable('py-spy', opts.executables),
    'record',
    '--pid',
    String(pid),
    '--rate',
    String(opts.rateHz ?? 200),
    '--gil',
    '--format',
    'speedscope',
    '--full-filenames',
    '--output',
    file,
  ];
  let pyspyGroup: number | undefined;
  let sampling!: () => void;
  const started = new Promise<void>((r) => (sampling = r));
  const run = execInGroup(argv, {
    cwd: process.cwd(),
    onSpawn: (p) => (pyspyGroup = p),
    onOutput: (line) => {
      if (/Sampling process/.test(line)) sampling();
    },
  });
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ATTACH_TIMEOUT_MS).unref());
  const first = await Promise.race([started.then(() => 'started' as const), run.then(() => 'exited' as const), timer]);
  if (first !== 'started') {
    if (pyspyGroup !== undefined) killGroup(pyspyGroup, 'SIGKILL');
    const r = await run;
    throw new Error(`py-spy could not attach to pid ${pid}${first === 'timeout' ? ' in time' : ` (exit code ${r.exitCode})`}: ${r.stderrTail || 'no output'}`);
  }
  return {
    async finish() {
      if (pyspyGroup !== undefined) killGroup(pyspyGroup, 'SIGINT');
      const r = await run;
      // py-spy may exit 1 after a complete recording (RECIPES.md): judge by the file.
      return existsSync(file) ? { file, problem: null } : { file: null, problem: `py-spy wrote no profile (exit code ${r.exitCode}): ${r.stderrTail}` };
    },
  };
}

async function startInspector(pid: number, file: string, opts: { log?: (line: string) => void }): Promise<WindowProfiler> {
  let endWindow!: () => void;
  const stop = new Promise<void>((r) => (endWindow = r));
  let sampling!: () => void;
  const started = new Promise<void>((r) => (sampling = r));
  // The window's end is `stop`; the hour is only a cap.
  const recording = recordNodeInspector({ pid, seconds: 3600, samplingIntervalMicros: 1000, outputFile: file }, { stop, onStarted: sampling, log: opts.log });
  await Promise.race([started, recording]);
  return {
    async finish() {
      endWindow();
      try {
        await recording;
        return { file, problem: null };
      } catch (err) {
        return { file: null, problem: `the Node inspector recorded nothing: ${(err as Error).message}` };
      }
    },
  };
}

export function startWindowProfiler(
  runtime: Exclude<ServerRuntime, 'other'>,
  pid: number,
  file: string,
  opts: { executables?: Executables; rateHz?: number; log?: (line: string) => void } = {},
): Promise<WindowProfiler> {
  return runtime === 'python' ? startPySpy(pid, file, opts) : startInspector(pid, file, opts);
}
