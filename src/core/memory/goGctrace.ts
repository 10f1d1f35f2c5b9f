/**
 * Go's `GODEBUG=gctrace=1` log (one line per collection, on the program's stderr) read into the
 * GC-events model of gcLog.ts, so pause percentiles, the share of time in GC, the heap-after-GC
 * series and the no-plateau warning are the same for Go as for Node. A Go collection is a
 * concurrent mark-sweep: its pause is the two stop-the-world phases (sweep termination + mark
 * termination, the first and third "clock" figures); the concurrent mark runs beside the program
 * and is not counted as a pause. The line's own "#%" (CPU share in GC since the start) is kept. Pure.
 */
import type { GcEvent } from './gcLog';

const MB = 1024 * 1024;
// gc N @T s P%: A+B+C ms clock, … ms cpu, H1->H2->H3 MB, G MB goal, … P[ (forced)]
const GO_LINE =
  /^gc \d+ @(\d+(?:\.\d+)?)s (\d+)%: ([\d.]+)\+([\d.]+)\+([\d.]+) ms clock, [\d.+/]+ ms cpu, (\d+)->(\d+)->(\d+) MB, (\d+) MB goal\b.*?( \(forced\))?$/;

/** True for a line `GODEBUG=gctrace=1` wrote, so callers can keep it apart from the program's own stderr. */
export function isGoGctraceLine(line: string): boolean {
  return GO_LINE.test(line);
}

/** The GC events of a gctrace log (other lines skipped). Heap figures are the runtime's whole MiB. */
export function parseGoGctrace(text: string): GcEvent[] {
  const events: GcEvent[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = GO_LINE.exec(line.trimEnd());
    if (!m) continue;
    events.push({
      atMs: Number(m[1]) * 1000,
      kind: 'mark-sweep',
      pauseMs: Number(m[3]) + Number(m[5]),
      incrementalMs: 0,
      heapBeforeBytes: Number(m[6]) * MB,
      // The third figure is the live heap marked: what survived the collection.
      heapAfterBytes: Number(m[8]) * MB,
      // Go does not log the committed heap; the goal (where the next collection starts) is its bound.
      heapTotalAfterBytes: Number(m[9]) * MB,
      reason: m[10] ? 'forced' : 'heap goal reached',
      runtimeGcPercent: Number(m[2]),
    });
  }
  return events;
}
