// The Event-Loop Lag panel's page on the real recording of examples/long-running/server.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyseEventLoop, parseEventLoopDocument } from '../../../src/core/eventLoop/eventLoopLag';
import { blockingLineNote, eventLoopPageHtml } from '../../../src/core/eventLoop/eventLoopPage';
import { importProfileBytes } from '../../../src/core/importers/index';
import { markedLine, ROOT } from '../memory/markedLine';

const DIR = join(ROOT, 'test', 'fixtures', 'eventLoop');
const text = (name: string) => readFileSync(join(DIR, name), 'utf8').replaceAll('/ROOT', ROOT);

async function report() {
  const cpuProfile = await importProfileBytes('server.cpuprofile', new TextEncoder().encode(text('server.cpuprofile')));
  return analyseEventLoop(parseEventLoopDocument(text('server.eventloop.json')), { cpuProfile });
}

test('the page charts p50/p99/max per second and lists the BLOCKS line with its count, worst and total', async () => {
  const r = await report();
  const html = eventLoopPageHtml({ title: 'server.js', report: r, relative: (f) => relative(ROOT, f) }, { nonce: 'n0nce', cspSource: 'vscode-resource:' });
  const line = markedLine('examples/long-running/server.js', '// BLOCKS');
  const top = r.blockers[0]!;
  assert.match(
    html,
    new RegExp(
      `<td class="where"><code>examples/long-running/server.js:${line}</code><div class="how">${top.function}, in a ${top.resourceType} callback; line from CPU profile</div></td><td>${top.count}</td><td>${top.worstMs.toFixed(1)} ms</td><td>${top.totalMs.toFixed(1)} ms</td>`,
    ),
  );
  assert.equal(html.match(/<polyline /g)?.length, 3, 'p50, p99 and max lines');
  assert.match(html, new RegExp(`max: peak ${r.summary.maxMs.toFixed(1)} ms`));
  assert.match(html, /Content-Security-Policy/);
  assert.equal(blockingLineNote(top), `⚠ blocks the event loop: ${top.count}× worst ${top.worstMs.toFixed(1)} ms`);
});

test('function names are escaped and a run without stretches says nothing blocked', async () => {
  const r = await report();
  const hostile = { ...r, blockers: [{ ...r.blockers[0]!, function: '<img src=x onerror=alert(1)>' }] };
  assert.doesNotMatch(eventLoopPageHtml({ title: 't', report: hostile }, { nonce: 'n', cspSource: 'c' }), /<img src=x/);
  const quiet = eventLoopPageHtml({ title: 't', report: { ...r, blockers: [], stretchCount: 0 } }, { nonce: 'n', cspSource: 'c' });
  assert.match(quiet, /nothing blocked the event loop/);
});
