// `hotline page <url> --record --duration S` on examples/web in headless Debian Chromium, as a terminal
// user runs it: while the CLI records, a second DevTools connection (on the port the CLI prints) clicks
// "Build report" three times with real mouse events and reads what the page itself measured of each
// click's handler (performance.now around it, the example's data-ms). The oracles: the example's own
// marked line (the top user frame of the profile written, and of each long task), the page's own
// timings (each long task lasts at least as long as the handler it ran, and not much longer), and the
// DOM event Chromium's trace names (click).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { importProfileFile } from '../../../src/core/importers/index';
import { frameWhere, type InteractionTask } from '../../../src/core/page';
import { liveProcessGroups } from '../../../src/profilers';
import { drivePage } from './drivePage';
import { closedPort, report, reportLine, web } from './webExample';
import { selfByFrame } from '../../unit/importers/helpers';

test('hotline page --record: three clicks are three long tasks led by buildReport at report.ts, as long as the page measured', async () => {
  const { startServer } = await import('../../../examples/web/serve.mjs');
  const server = await startServer({ port: 0 });
  const out = join(mkdtempSync(join(tmpdir(), 'hotline-record-cli-')), 'click.cpuprofile');
  let stdout = '';
  let stderr = '';
  let driven: Promise<number[]> | undefined;
  let code: number;
  try {
    code = await main(['page', server.url, '--record', '--duration', '10', '--cpu-profile', out, '--json'], {
      cwd: web,
      stdout: (t) => (stdout += t),
      stderr: (t) => {
        stderr += t;
        const port = /DevTools port (\d+)\)/.exec(t)?.[1];
        if (port)
          driven ??= (async () => {
            const page = await drivePage(Number(port));
            const measured: number[] = [];
            try {
              for (let i = 0; i < 3; i++) {
                await page.click('#build-report', 1);
                measured.push(Number(await page.value<string>("document.getElementById('report').dataset.ms")));
              }
            } finally {
              page.close();
            }
            return measured;
          })();
      },
    });
  } finally {
    await server.close();
  }
  assert.equal(code, 0, stderr);
  assert.match(
    stderr,
    /recording http:\/\/127\.0\.0\.1:\d+\/ in Chromium \((headless|a window on \S+); DevTools port \d+\): interact with the page, then .*wait 10 s to stop/,
  );
  assert.ok(driven, `the CLI printed its DevTools port: ${stderr}`);
  const measured = await driven;
  assert.equal(measured.length, 3);
  const rec = JSON.parse(stdout) as { profile: string; durationMs: number; longTasks: InteractionTask[] };
  assert.equal(rec.profile, out);
  assert.ok(rec.durationMs >= 10_000 - 100, `recorded for --duration: ${rec.durationMs} ms`);

  const p = await importProfileFile(out);
  const frame = selfByFrame(p).find((s) => s.frame.kind === 'user')!.frame;
  assert.deepEqual([frame.name, frame.file, frame.line], ['buildReport', report, reportLine]);

  const led = rec.longTasks.filter((t) => t.frames[0]?.name === 'buildReport');
  assert.equal(led.length, 3, JSON.stringify(rec.longTasks));
  led.forEach((t, i) => {
    assert.equal(frameWhere(t.frames[0]!), `${report}:${reportLine}`);
    assert.ok(t.events.includes('click'), `started by a click: ${t.events.join(', ')}`);
    // The task ran the handler and the click's dispatch around it: no shorter than the page's own measure, and little longer.
    const ms = measured[i]!;
    assert.ok(t.durationMs >= ms - 1, `task ${i + 1}: ${t.durationMs} ms in the trace, the page measured ${ms} ms`);
    assert.ok(t.durationMs - ms < Math.max(20, ms * 0.2), `task ${i + 1}: ${t.durationMs} ms in the trace, the page measured ${ms} ms`);
  });
  assert.deepEqual(liveProcessGroups(), [], 'Chromium is gone');
});

test('hotline page --record on a URL where nothing answers: one clear message, exit 2, no browser started', async () => {
  const port = await closedPort();
  let stderr = '';
  const code = await main(['page', `http://127.0.0.1:${port}/`, '--record', '--duration', '5'], { cwd: web, stdout: () => {}, stderr: (t) => (stderr += t) });
  assert.equal(code, 2);
  assert.equal(
    stderr,
    `hotline: nothing answers at 127.0.0.1:${port} (http://127.0.0.1:${port}/); start the page's server first or pass --server "npm run preview"\n`,
  );
  assert.deepEqual(liveProcessGroups(), []);
});
