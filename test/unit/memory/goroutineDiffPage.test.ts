// The Goroutine Diff panel on the recorded profiles of examples/long-running/go: what grew, at which
// line, on which wait; hostile names from a profile stay text under the strict CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { importProfileFile } from '../../../src/core/importers/index';
import { goLeakReport, type GoLeakReport } from '../../../src/core/memory/goLeakReport';
import { goroutineDiffPageHtml } from '../../../src/core/memory/goroutineDiffPage';
import { assertStrictPage } from '../strictPage';
import { markedLine, ROOT } from './markedLine';

const MAIN = 'examples/long-running/go/main.go';

async function report(): Promise<GoLeakReport> {
  const load = (kind: string) => Promise.all([1, 2, 3].map((i) => importProfileFile(join(ROOT, 'test', 'fixtures', 'go', `${kind}-${i}.pb.gz`))));
  const [g, h] = await Promise.all([load('goroutine'), load('heap')]);
  return goLeakReport(
    g.map((goroutine, i) => ({ atMs: i * 1000, goroutine, heap: h[i]! })),
    { program: 'go', url: 'http://127.0.0.1:1/debug/pprof/', intervalMs: 1000, readSource: () => null },
  );
}

test('the page lists the growing goroutine stack with its wait, line and counts, and the growing site', async () => {
  const r = await report();
  const html = goroutineDiffPageHtml(
    { title: 'main.go', report: r, relative: (f) => f.slice(f.indexOf('examples/')) },
    { nonce: 'n0nce', cspSource: 'vscode-webview://x' },
  );
  assertStrictPage(html, 'n0nce');
  const g = r.goroutines[0]!;
  assert.match(html, new RegExp(`<code>main\\.awaitConfirmation ${MAIN}:${markedLine(MAIN, '// LEAK')}</code>`));
  assert.match(html, /<div class="wait channel">chan receive<\/div>/);
  assert.ok(html.includes(`<td>+${g.counts[2]! - g.counts[0]!}<div class="how">${g.counts.join(' → ')}</div></td>`));
  assert.match(html, new RegExp(`<code>main\\.handleOrder ${MAIN}:${markedLine(MAIN, '// GROWS')}</code>`));
  assert.match(html, /Goroutine blocked on a channel/);
});

test('names from the profile are escaped', async () => {
  const r = await report();
  const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  r.goroutines[0]!.blockedAt = { name: hostile, file: `/tmp/${hostile}.go`, line: 1 };
  r.goroutines[0]!.wait = hostile;
  r.heap[0]!.function = hostile;
  const html = goroutineDiffPageHtml({ title: hostile, report: r }, { nonce: 'n0nce', cspSource: 'vscode-webview://x' });
  assertStrictPage(html, 'n0nce');
  assert.ok(!html.includes('<img src=x'));
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
});
