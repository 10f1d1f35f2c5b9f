// "Profile Service Under Load" inside a real VS Code: the command, given its arguments (no input
// boxes), starts examples/services/node/server.js, loads /cpu with real autocannon for 2 s, profiles
// the server with the Node inspector during the load, and shows the Load Results panel (the
// percentiles it returned) and the profile as the active one, whose hottest line is server.js's `// HOT`.
// "Trace Service Under Load": the service picked as the npm script of a fixture folder the test writes
// (as the picker lists it), run under the Node OpenTelemetry auto-instrumentation, a real local Zipkin
// started by the command; the Traces panel shows /slow, and in its slowest traces the downstream call
// holds most of the critical path (computed from the spans Zipkin handed back).
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { criticalPath, criticalTimeByLabel } from '../../../src/core/traces/criticalPath';
import { tailBreakdown, treesByEndpoint } from '../../../src/core/traces/latency';
import { spanLabel } from '../../../src/core/traces/model';
import type { ProfiledService } from '../../../src/extension/load/index';
import { claimPort } from '../../../src/profilers/ports';
import { until } from './until';
import { hotlineApi as hotline } from './hotline';

describe('profile a service under load', function () {
  this.timeout(180_000);

  it('loads /cpu of the Node example service, shows its percentiles and annotates the // HOT line from the profile taken under load', async () => {
    const api = await hotline();
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const serverJs = join(root, 'services/node/server.js');
    const hotLine = readFileSync(serverJs, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('// HOT'));
    assert.ok(hotLine >= 0, 'server.js marks its hot line');
    const port = await claimPort(0);
    const node = JSON.stringify(process.execPath);
    const session = await vscode.commands.executeCommand<ProfiledService | undefined>('hotline.load.profileService', {
      server: `ELECTRON_RUN_AS_NODE=1 ${node} services/node/server.js ${port}`,
      url: `http://127.0.0.1:${port}/cpu`,
      connections: 4,
      duration: 2,
      cwd: root,
    });
    assert.ok(session, 'hotline.load.profileService returned the session (undefined: it failed; see the Hotline output)');
    const r = session.result;
    assert.ok(r.requests > 0 && r.errors === 0 && r.non2xx === 0, `${r.requests} responses, ${r.errors} errors, ${r.non2xx} non-2xx`);

    const html = api.loadResultsHtml();
    assert.ok(html, 'the Load Results panel is open');
    for (const p of ['p50', 'p90', 'p95', 'p99', 'max'] as const) {
      assert.match(
        html,
        new RegExp(`data-stat="${p}"><div class="label">${p}</div><div class="value">${r.latency[p]} ms</div>`),
        `${p} card shows ${r.latency[p]} ms`,
      );
    }
    assert.match(html, new RegExp(`data-stat="throughput"><div class="label">throughput</div><div class="value">${r.requestsPerSecond.toFixed(1)} req/s`));
    assert.match(html, /class="histogram"/);

    assert.ok(session.profile?.file, `a CPU profile was recorded: ${session.profile?.problem}`);
    const active = api.activeProfile();
    assert.equal(active?.file, session.profile.file, 'the profile taken during the load is the active one');
    assert.ok(
      api.flameGraphTitles().some((t) => t.includes('under load')),
      `flame graph open: ${api.flameGraphTitles().join(', ')}`,
    );

    const doc = await vscode.workspace.openTextDocument(serverJs);
    await vscode.window.showTextDocument(doc);
    const drawn = await until('hot line decorations in server.js', () => {
      const d = api.getDecorations(doc.uri);
      return d && d.gutter.length > 0 ? d : undefined;
    });
    const hottest = drawn.gutter.reduce((a, b) => (b.level > a.level ? b : a));
    assert.equal(hottest.line, hotLine, `the hottest line is line ${hotLine + 1} (// HOT); drawn: ${JSON.stringify(drawn.inline)}`);
    console.log(
      `${r.requests} responses, ${r.requestsPerSecond.toFixed(1)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms; hot: ${drawn.inline.find((d) => d.line === hotLine)?.text}`,
    );
  });

  it('traces /slow of the Node example started as the npm script of a workspace folder: the downstream call dominates the critical path of the slowest traces', async () => {
    const api = await hotline();
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const port = await claimPort(0);
    const folder = join(root, 'load-fixture');
    mkdirSync(folder, { recursive: true });
    const node = JSON.stringify(process.execPath);
    writeFileSync(
      join(folder, 'package.json'),
      JSON.stringify({
        name: 'load-fixture',
        private: true,
        scripts: { start: `ELECTRON_RUN_AS_NODE=1 ${node} ../services/node/server.js ${port}`, build: 'true' },
      }),
    );
    try {
      const session = await vscode.commands.executeCommand<ProfiledService | undefined>('hotline.load.traceService', {
        service: { label: 'npm run start', folder },
        url: `http://127.0.0.1:${port}/slow`,
        connections: 8,
        duration: 3,
      });
      assert.ok(session, 'hotline.load.traceService returned the session (undefined: it failed; see the Hotline output)');
      assert.ok(session.result.requests > 20 && session.result.errors === 0 && session.result.non2xx === 0, JSON.stringify(session.result.statusCodes));
      const traces = session.traces?.traces ?? [];
      const endpoint = 'hotline-load GET /slow';
      const downstream = 'hotline-load GET /';
      const trees = treesByEndpoint(traces).get(endpoint);
      assert.ok(trees && trees.length >= session.result.requests, `${trees?.length} traces of ${endpoint} for ${session.result.requests} requests`);

      const html = await until('the Traces panel', () => api.tracesHtml());
      const section = new RegExp(`<section class="endpoint" data-index="\\d+" data-endpoint="${endpoint.replace('/', '\\/')}">([\\s\\S]*?)</section>`).exec(
        html,
      )?.[1];
      assert.ok(section, `the Traces panel has ${endpoint}`);
      assert.match(section, new RegExp(`<td data-stat="count">${trees.length}</td>`));
      const why = /<h3>Why is (p9[59]) slow<\/h3>[\s\S]*?<tr data-label="([^"]+)">/.exec(section);
      assert.equal(why?.[2], downstream, `the first row of "Why is ${why?.[1]} slow" is the downstream call`);

      const b = tailBreakdown(endpoint, trees);
      assert.ok(b.tailTraces.length >= 2, `${b.tailTraces.length} slow-tail traces`);
      for (const tree of b.tailTraces) {
        const byLabel = criticalTimeByLabel(criticalPath(tree), spanLabel);
        const down = byLabel.get(downstream) ?? 0;
        assert.ok(down / tree.root.duration > 0.5, `trace ${tree.trace.traceId}: downstream ${down} of ${tree.root.duration} µs`);
      }
      assert.equal(b.shares[0]!.label, downstream);
      console.log(`${session.result.requests} requests, ${trees.length} traces of /slow; ${b.tailTraces.length} in the tail, downstream first`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
