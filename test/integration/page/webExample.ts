// examples/web as the page tests see it: its folder, report.ts and the line its buildReport() is
// marked on (the top frame of a click's long task), and a loopback port where nothing listens.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const web = join(__dirname, '../../../examples/web');
export const report = join(web, 'src/report.ts');
/** 1-based, as a profile names it. */
export const reportLine =
  readFileSync(report, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes("the click's long task (Hotline's tests look for this line)")) + 1;

/** A port that was free a moment ago: nothing listens on it. */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}
