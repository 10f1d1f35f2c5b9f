// "Record Page Interaction" on examples/web in Debian's Chromium: headed in a window on Xvfb (and headless),
// Hotline records while a second DevTools connection clicks "Build report" three times with real mouse
// events, then stops. The oracles are the example's own code and Chromium's own trace: the top user self
// frame of the flame graph is buildReport() at its marked line of src/report.ts; each click is a task over
// 50 ms of the trace (the trace's own durations) led by buildReport and started by a click; and
// Chromium's process group and the X server are gone afterwards (checked by their PIDs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importProfileFile } from '../../../src/core/importers/index';
import { frameWhere, mainThreadLongTasks, type TraceEvent } from '../../../src/core/page';
import { liveProcessGroups } from '../../../src/profilers';
import { partialTraceFile, recordPageInteraction, type RecordedInteraction } from '../../../src/profilers/page';
import { drivePage } from './drivePage';
import { closedPort, report, reportLine, web } from './webExample';
import { selfByFrame } from '../../unit/importers/helpers';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Records examples/web while clicking "Build report" three times; the profile and the trace kept. */
async function recordThreeClicks(display: string | undefined): Promise<{ rec: RecordedInteraction; trace: TraceEvent[] }> {
  const { startServer } = await import('../../../examples/web/serve.mjs');
  const server = await startServer({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'hotline-interaction-it-'));
  const stop = new AbortController();
  let driven: Promise<void> = Promise.resolve();
  try {
    const rec = await recordPageInteraction(server.url, {
      cwd: web,
      outputFile: join(dir, 'interaction.cpuprofile'),
      traceFile: join(dir, 'trace.json'),
      headed: display !== undefined,
      env: { ...process.env, DISPLAY: display },
      stop: stop.signal,
      onRecording: ({ port }) => {
        driven = (async () => {
          const page = await drivePage(port);
          try {
            await page.click('#build-report', 3);
          } finally {
            page.close();
            stop.abort();
          }
        })();
      },
    });
    await driven;
    return { rec, trace: (JSON.parse(readFileSync(join(dir, 'trace.json'), 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents };
  } finally {
    await server.close();
  }
}

async function checkRecording({ rec, trace }: { rec: RecordedInteraction; trace: TraceEvent[] }) {
  assert.deepEqual(
    [...rec.sourceMaps.values()].map((u) => new URL(u).pathname),
    ['/dist/main.js.map'],
  );
  // The flame graph's top user frame by self time.
  const p = await importProfileFile(rec.profilePath);
  const frame = selfByFrame(p).find((s) => s.frame.kind === 'user')!.frame;
  assert.deepEqual([frame.name, frame.file, frame.line], ['buildReport', report, reportLine]);
  // One long task per click, led by buildReport, started by the click; their durations are the trace's own.
  const led = rec.longTasks.filter((t) => t.frames[0]?.name === 'buildReport');
  assert.ok(led.length >= 3, `three long tasks led by buildReport: ${JSON.stringify(rec.longTasks)}`);
  for (const t of led) {
    assert.equal(frameWhere(t.frames[0]!), `${report}:${reportLine}`);
    assert.ok(t.events.includes('click'), `started by a click: ${t.events.join(', ')}`);
    assert.ok(t.durationMs > 50);
  }
  const inTrace = mainThreadLongTasks(trace).map((t) => t.dur / 1000);
  for (const t of rec.longTasks) assert.ok(inTrace.includes(t.durationMs), `${t.durationMs} ms is one of the trace's tasks ${inTrace.join(', ')}`);
  assert.ok(rec.durationMs > 3 * 300, `recorded while the clicks went on: ${rec.durationMs} ms`);
  assert.ok(!alive(rec.chromiumPid), `Chromium (pid ${rec.chromiumPid}) is gone`);
  assert.deepEqual(liveProcessGroups(), [], 'nothing Hotline started is left running');
}

test('headed under Xvfb: three clicks on "Build report" are three long tasks led by buildReport() at its .ts line', async () => {
  const { startXvfb } = await import('../../xvfb.mjs');
  const x = await startXvfb();
  let recording;
  try {
    recording = await recordThreeClicks(x.display);
  } finally {
    await x.stop();
  }
  assert.equal(recording.rec.headed, true);
  await checkRecording(recording);
  assert.ok(!alive(x.pid), `Xvfb (pid ${x.pid}) is gone`);
});

test('headless (no DISPLAY): the same recording', async () => {
  const recording = await recordThreeClicks(undefined);
  assert.equal(recording.rec.headed, false);
  await checkRecording(recording);
});

test('a page that crashes while recording: one clear message, the trace up to the crash kept, nothing left running', async () => {
  const { startServer } = await import('../../../examples/web/serve.mjs');
  const server = await startServer({ port: 0 });
  const out = join(mkdtempSync(join(tmpdir(), 'hotline-interaction-crash-')), 'crash.cpuprofile');
  let pid = 0;
  try {
    await assert.rejects(
      recordPageInteraction(server.url, {
        cwd: web,
        outputFile: out,
        headed: false,
        onRecording: ({ port, pid: p }) => {
          pid = p;
          void (async () => {
            const page = await drivePage(port);
            await page.click('#build-report', 1);
            // Chromium's own way to kill a page's renderer (as a crashing page does).
            await page.crash();
          })();
        },
      }),
      (err: Error) => {
        assert.equal(err.name, 'PageInputError');
        assert.match(err.message, /^the page crashed \(Chromium's renderer died\) [\d.]+ s into the recording of http:\/\/127\.0\.0\.1:\d+\/, before Stop/);
        assert.match(err.message, /there is no CPU profile/);
        assert.ok(err.message.includes(partialTraceFile(out)), err.message);
        return true;
      },
    );
  } finally {
    await server.close();
  }
  const kept = (JSON.parse(readFileSync(partialTraceFile(out), 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  assert.ok(mainThreadLongTasks(kept).length >= 1, 'the click before the crash is in the kept trace');
  assert.ok(pid > 0 && !alive(pid), `Chromium (pid ${pid}) is gone`);
  assert.deepEqual(liveProcessGroups(), []);
});

test('a URL where nothing answers: one clear message, Chromium stopped', async () => {
  const port = await closedPort();
  await assert.rejects(recordPageInteraction(`http://127.0.0.1:${port}/`, { cwd: web, outputFile: join(tmpdir(), 'never.cpuprofile'), headed: false }), {
    name: 'PageInputError',
    message: `Chromium could not load http://127.0.0.1:${port}/: net::ERR_CONNECTION_REFUSED`,
  });
  assert.deepEqual(liveProcessGroups(), []);
});
