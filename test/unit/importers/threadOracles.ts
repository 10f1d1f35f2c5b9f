// The oracles of the multi-thread fixtures, read from the files themselves and independently of the
// importers: the Chrome trace's ProfileChunk samples per thread, the Gecko profile's thread tables.
// Shared by the importer tests and the extension-host thread picker test (no test runner imported).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const readGzJson = (path: string): Json => JSON.parse(gunzipSync(readFileSync(path)).toString('utf8'));

/** Self samples per function name on the trace's thread whose Profile event has tid `tid`, from its chunks. */
export function traceSelfOnThread(traceEvents: Json[], tid: number): Map<string, number> {
  const profile = traceEvents.find((e) => e.name === 'Profile' && e.tid === tid);
  const names = new Map<number, string>();
  const self = new Map<string, number>();
  for (const e of traceEvents.filter((x) => x.name === 'ProfileChunk' && x.pid === profile.pid && x.id === profile.id)) {
    for (const n of e.args.data.cpuProfile?.nodes ?? []) names.set(n.id, n.callFrame.functionName || '(anonymous)');
    for (const s of e.args.data.cpuProfile?.samples ?? []) self.set(names.get(s)!, (self.get(names.get(s)!) ?? 0) + 1);
  }
  return self;
}

/** Every thread of a Gecko profile (the parent's, then each child process's). */
export function geckoThreads(d: Json): Json[] {
  return [...d.threads, ...(d.processes ?? []).flatMap(geckoThreads)];
}

/** A Gecko thread's samples that have a stack. */
export const geckoWithStack = (t: Json) => t.samples.data.filter((row: Json[]) => row[t.samples.schema.stack] !== null);

/** Self samples per web-page JavaScript function of a Gecko thread: each sample's innermost `name (file:…)` frame. */
export function geckoPageSelf(t: Json): Map<string, number> {
  const m = new Map<string, number>();
  for (const row of geckoWithStack(t)) {
    for (let s = row[t.samples.schema.stack]; s !== null; s = t.stackTable.data[s][t.stackTable.schema.prefix]) {
      const loc: string = t.stringTable[t.frameTable.data[t.stackTable.data[s][t.stackTable.schema.frame]][t.frameTable.schema.location]];
      const js = /^(\S+) \((?:file|blob):.*:\d+:\d+\)(\[\d+\])?$/.exec(loc);
      if (js) {
        m.set(js[1]!, (m.get(js[1]!) ?? 0) + 1);
        break;
      }
    }
  }
  return m;
}

/** The heaviest entry of a self-sample map among names `keep` accepts. */
export function heaviest(self: Map<string, number>, keep: (name: string) => boolean = () => true): [string, number] {
  return [...self].filter(([n]) => keep(n)).sort((a, b) => b[1] - a[1])[0]!;
}
