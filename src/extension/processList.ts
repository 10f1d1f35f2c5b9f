/** Running processes for the attach picker (`ps`, argv array, no shell). */
import { execFile } from 'node:child_process';

export interface RunningProcess {
  pid: number;
  name: string;
  command: string;
}

export function listProcesses(): Promise<RunningProcess[]> {
  return new Promise((resolve, reject) => {
    execFile('ps', ['-eo', 'pid=,comm=,args=', '--sort=-pcpu'], { maxBuffer: 8 * 1024 * 1024, timeout: 10_000 }, (err, stdout) => {
      if (err) return reject(new Error(`ps failed: ${err.message}`));
      const own = process.pid;
      const out: RunningProcess[] = [];
      for (const line of stdout.split('\n')) {
        const m = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line);
        if (!m) continue;
        const pid = Number(m[1]);
        if (pid === own) continue;
        out.push({ pid, name: m[2]!, command: m[3]!.trim() });
      }
      resolve(out);
    });
  });
}
