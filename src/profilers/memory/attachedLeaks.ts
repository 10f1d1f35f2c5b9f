/**
 * Leaks in a Node process already running (`hotline leaks --pid N`): its inspector is opened with
 * SIGUSR1 when closed (src/profilers/nodeInspector.ts), allocation tracking starts, and every
 * interval the heap is collected and snapshotted over the DevTools protocol (HeapProfiler), the
 * chunks streamed to a file; the snapshots then go through the same analysis as a whole program
 * watched from inside (what grew in every interval). Allocation sites are known for objects
 * allocated after the attach. Tracking is stopped and an inspector Hotline opened is closed again,
 * on Cancel too. Python processes cannot be attached to this way: see the README.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeLeakWatchRun } from '../../core/memory/programLeaks';
import { LeakFinderError } from '../../core/memory/leakAnalysis';
import { attachKindOf } from '../attachKind';
import { connectInspector, sleep } from '../nodeInspector';
import type { LeakFinderRun } from './leakFinder';
import { nodeWatchReport } from './programLeaks';

export interface AttachedLeakRequest {
  pid: number;
  /** Time between heap snapshots (default 2000 ms). */
  intervalMs?: number;
  /** Snapshots to take, at least 3 (default 4). */
  snapshots?: number;
  outDir?: string;
  log?: (line: string) => void;
}

export async function runAttachedLeaks(request: AttachedLeakRequest, options: { signal?: AbortSignal } = {}): Promise<LeakFinderRun> {
  const { pid } = request;
  const kind = attachKindOf(pid);
  if (kind !== 'node-inspector')
    throw new LeakFinderError(
      `--pid attaches to Node processes (heap snapshots over the inspector); pid ${pid} is ${kind === 'py-spy' ? 'Python: start it with hotline leaks program.py (tracemalloc from inside), or use memray attach' : 'neither Node nor Python'}`,
      2,
    );
  const snapshots = request.snapshots ?? 4;
  if (snapshots < 3) throw new LeakFinderError('steady growth needs at least 3 snapshots', 2);
  const intervalMs = request.intervalMs ?? 2000;
  const dir = join(request.outDir ?? mkdtempSync(join(tmpdir(), 'hotline-leaks-')), 'snapshots');
  mkdirSync(dir, { recursive: true });
  const inspector = await connectInspector(pid, { signal: options.signal, log: request.log });
  const { session } = inspector;
  const run: NodeLeakWatchRun = { format: 'hotline-leak-watch-node', program: `pid ${pid}`, intervalMs, snapshots: [] };
  let fd: number | undefined;
  session.on('HeapProfiler.addHeapSnapshotChunk', (params) => {
    if (fd !== undefined) writeSync(fd, (params as { chunk: string }).chunk);
  });
  const started = Date.now();
  try {
    await session.send('HeapProfiler.enable');
    await session.send('HeapProfiler.startTrackingHeapObjects', { trackAllocations: true });
    for (let n = 1; n <= snapshots; n++) {
      await sleep(intervalMs, options.signal);
      await session.send('HeapProfiler.collectGarbage');
      const used = await session.send<{ result: { value?: number } }>('Runtime.evaluate', {
        expression: 'process.memoryUsage().heapUsed',
        returnByValue: true,
      });
      const file = join(dir, `${n}.heapsnapshot`);
      fd = openSync(file, 'w');
      try {
        await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
      } finally {
        closeSync(fd);
        fd = undefined;
      }
      run.snapshots.push({ file, atMs: Date.now() - started, heapUsedBytes: used.result.value ?? 0, reason: 'interval' });
      request.log?.(`heap snapshot ${n}/${snapshots} of pid ${pid}: ${file}`);
    }
    await session.send('HeapProfiler.stopTrackingHeapObjects', { reportProgress: false });
    await session.send('HeapProfiler.disable');
  } finally {
    await inspector.release();
  }
  const { report, files } = nodeWatchReport(run);
  return { report, files, series: [], exitCode: null, stderrTail: '', argv: [`inspector of pid ${pid}`] };
}
