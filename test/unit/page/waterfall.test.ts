// The waterfall of examples/web's load against Lighthouse's own audits in the recorded result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWaterfall } from '../../../src/core/page';

const raw = JSON.parse(readFileSync(join(__dirname, '../../fixtures/page/examples-web.lhr.json'), 'utf8'));
const w = buildWaterfall(raw);
const byPath = (p: string) => w.requests.find((r) => new URL(r.url).pathname === p)!;

test('every request of network-requests, with its times, sizes, type and priority', () => {
  const items = raw.audits['network-requests'].details.items;
  assert.equal(w.requests.length, items.length);
  for (const [i, r] of w.requests.entries()) {
    assert.equal(r.url, items[i].url);
    assert.equal(r.startMs, items[i].rendererStartTime);
    assert.equal(r.endMs, items[i].networkEndTime);
    assert.equal(r.transferSize, items[i].transferSize);
    assert.equal(r.priority, items[i].priority);
    assert.equal(r.resourceType, items[i].resourceType);
  }
  assert.equal(byPath('/styles/theme.css').resourceType, 'Stylesheet');
  assert.equal(byPath('/dist/main.js').priority, 'Low'); // deferred
  assert.equal(w.endMs, Math.max(...items.map((i: { networkEndTime: number }) => i.networkEndTime)));
});

test("per-type bytes and counts add up to Lighthouse's resource-summary (favicon left out as it does)", () => {
  const summary: { resourceType: string; requestCount: number; transferSize: number }[] = raw.audits['resource-summary'].details.items;
  const type = (t: string) => ({ Document: 'document', Script: 'script', Stylesheet: 'stylesheet' })[t] ?? 'other';
  const counted = w.requests.filter((r) => !r.url.endsWith('/favicon.ico'));
  for (const s of summary.filter((x) => ['document', 'script', 'stylesheet', 'other'].includes(x.resourceType))) {
    const mine = counted.filter((r) => type(r.resourceType) === s.resourceType);
    assert.equal(mine.length, s.requestCount, s.resourceType);
    assert.equal(
      mine.reduce((a, r) => a + r.transferSize, 0),
      s.transferSize,
      s.resourceType,
    );
  }
});

test('the render-blocking stylesheet is marked, on the critical chain with the document; the deferred script is not', () => {
  assert.equal(byPath('/styles/theme.css').renderBlocking, true);
  assert.equal(byPath('/dist/main.js').renderBlocking, false);
  assert.deepEqual(
    w.requests.filter((r) => r.onCriticalChain).map((r) => new URL(r.url).pathname),
    ['/', '/styles/theme.css'],
  );
  assert.equal(w.criticalChain.length, raw.audits['critical-request-chains'].details.longestChain.length);
  assert.equal(w.criticalChain.durationMs, raw.audits['critical-request-chains'].details.longestChain.duration);
});

test('chain requests split into queueing, waiting and download at the recorded first byte', () => {
  const css = byPath('/styles/theme.css');
  assert.deepEqual(
    css.phases.map((p) => p.name),
    ['queueing', 'waiting', 'download'],
  );
  const [queue, wait, body] = css.phases;
  const item = raw.audits['network-requests'].details.items.find((i: { url: string }) => i.url === css.url);
  assert.equal(queue!.endMs, item.networkRequestTime);
  assert.equal(wait!.endMs, body!.startMs);
  assert.equal(body!.endMs, item.networkEndTime);
  const chainCss = raw.audits['critical-request-chains'].details.chains;
  const rootId = Object.keys(chainCss)[0]!;
  const cssNode = Object.values(chainCss[rootId].children)[0] as { request: { responseReceivedTime: number; endTime: number; startTime: number } };
  // The chain's durations (seconds) equal the phases' (ms), whatever the origin of the clocks.
  assert.ok(Math.abs(body!.endMs - body!.startMs - (cssNode.request.endTime - cssNode.request.responseReceivedTime) * 1000) < 1e-3);
  assert.ok(Math.abs(wait!.endMs - wait!.startMs - (cssNode.request.responseReceivedTime - cssNode.request.startTime) * 1000) < 1e-3);
  assert.deepEqual(
    byPath('/dist/main.js').phases.map((p) => p.name),
    ['queueing', 'network'],
  );
});

test('the LCP moment and element, and FCP', () => {
  assert.equal(w.lcp.timeMs, raw.audits['largest-contentful-paint'].numericValue);
  assert.equal(w.lcp.element?.selector, 'body > main > h1');
  assert.equal(w.lcp.element?.label, 'Orders');
  assert.equal(w.fcpMs, raw.audits['first-contentful-paint'].numericValue);
});
