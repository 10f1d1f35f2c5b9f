// Headers and connection phases from the devtools log Lighthouse saved for examples/web
// (lighthouse <url> --save-assets → lhr-0.devtoolslog.json, copied to test/fixtures/page/examples-web.devtoolslog.json),
// with the log's own events as the oracle, and how the waterfall's hover text shows them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requestDetails } from '../../../src/core/page/devtoolsLog';
import { connectionText, requestTooltip } from '../../../src/core/page/waterfallSvg';
import type { PageRequest } from '../../../src/core/page';

interface Entry {
  method: string;
  params: {
    requestId: string;
    request: { url: string };
    headers: Record<string, string>;
    response: { timing: Record<string, number> };
  };
}
const log = JSON.parse(readFileSync(join(__dirname, '../../fixtures/page/examples-web.devtoolslog.json'), 'utf8')) as Entry[];
const sent = log.filter((e) => e.method === 'Network.requestWillBeSent');
const css = sent.find((e) => e.params.request.url.endsWith('/styles/theme.css'))!;
const id = css.params.requestId;
const of = (method: string) => log.find((e) => e.method === method && e.params.requestId === id)!.params;

test('every request of the log, by URL, with the headers that went over the wire', () => {
  const details = requestDetails(log);
  assert.deepEqual([...details.keys()].sort(), [...new Set(sent.map((e) => e.params.request.url))].sort());
  const d = details.get(css.params.request.url)![0]!;
  assert.deepEqual(d.requestHeaders, Object.entries(of('Network.requestWillBeSentExtraInfo').headers));
  assert.deepEqual(d.responseHeaders, Object.entries(of('Network.responseReceivedExtraInfo').headers));
  assert.ok(d.responseHeaders.some(([k, v]) => k.toLowerCase() === 'content-type' && v === 'text/css'));
});

test("connection phases from the response's timing: send and waiting, DNS/connect/TLS only when they happened", () => {
  const t = of('Network.responseReceived').response.timing as Record<string, number>;
  const p = requestDetails(log).get(css.params.request.url)![0]!.phases!;
  assert.equal(p.sendMs, t.sendEnd - t.sendStart);
  assert.equal(p.waitingMs, (t.receiveHeadersStart > 0 ? t.receiveHeadersStart : t.receiveHeadersEnd) - t.sendEnd);
  assert.equal(p.dnsMs, t.dnsStart >= 0 ? t.dnsEnd - t.dnsStart : undefined);
  assert.equal(p.tlsMs, undefined, 'no TLS on the http:// loopback');
  assert.doesNotMatch(connectionText(p), /TLS/);
  assert.match(
    connectionText({ dnsMs: 2, connectMs: 30, tlsMs: 20, sendMs: 0.1, waitingMs: 40, connectionReused: false }),
    /^DNS 2(\.0)? ms, connect 30(\.0)? ms, TLS 20(\.0)? ms, send .+, waiting \(TTFB\) 40(\.0)? ms$/,
  );
});

test('the hover text lists the phases and the headers (capped), nothing when the log was not read', () => {
  const base: PageRequest = {
    url: css.params.request.url,
    resourceType: 'Stylesheet',
    mimeType: 'text/css',
    priority: 'VeryHigh',
    protocol: 'http/1.1',
    statusCode: 200,
    transferSize: 1000,
    resourceSize: 900,
    startMs: 1,
    endMs: 20,
    phases: [{ name: 'network', startMs: 1, endMs: 20 }],
    renderBlocking: true,
    onCriticalChain: true,
    entity: '127.0.0.1',
    finished: true,
  };
  const detail = requestDetails(log).get(base.url)![0]!;
  const tip = requestTooltip({ ...base, detail });
  assert.match(tip, /send [^\n]*waiting \(TTFB\)/);
  assert.match(tip, /response headers:\n(?: {2}.+\n)*? {2}content-type: text\/css/);
  assert.match(tip, /request headers:\n {2}/);
  const many = { ...detail, responseHeaders: Array.from({ length: 20 }, (_, i) => [`x-h${i}`, 'v'] as const) };
  assert.match(requestTooltip({ ...base, detail: many }), / {2}… 8 more$/);
  assert.doesNotMatch(requestTooltip(base), /headers|TTFB/);
});
