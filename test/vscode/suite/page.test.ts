// "Audit Page Load" inside a real VS Code: real Lighthouse in Debian's Chromium on examples/web
// (served on the loopback by its own serve.mjs), and the Page Load panel it draws: the metrics with
// Lighthouse's figures, the render-blocking stylesheet, lodash behind the unused JavaScript and the
// waterfall with one row per request.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Metafile } from '../../../examples/web/build.mjs';
import { formatBytes, formatShare } from '../../../src/core/annotations/weightFormat';
import type { PageRuns } from '../../../src/core/page';
import { portOpen } from '../../../src/profilers/ports';
import { drivePage } from '../../integration/page/drivePage';
import { hotline, serveExample } from './hotline';

describe('page load audit', function () {
  this.timeout(180_000);
  let server: { url: string; child: ChildProcess } | undefined;
  after(() => server?.child.kill());

  it('audits examples/web with Lighthouse and draws metrics, findings and the waterfall', async () => {
    const { api, root } = await hotline();
    server = await serveExample(root);
    const runs = await vscode.commands.executeCommand<PageRuns | undefined>('hotline.page.audit', server.url);
    assert.ok(runs, 'hotline.page.audit returned the audit (undefined: it failed; see the Hotline output)');
    const html = api.pageLoadHtml();
    assert.ok(html, 'the Page Load panel is open');
    const run = runs.medianRun;
    for (const m of run.metrics) assert.ok(html.includes(`data-metric="${m.id}"`), `${m.short} card`);
    const lcp = run.metrics.find((m) => m.id === 'largest-contentful-paint')!;
    assert.ok(lcp.value > 0, 'Lighthouse measured an LCP');
    assert.match(html, /data-finding="render-blocking-resources">[\s\S]*?styles\/theme\.css[\s\S]*?<\/section>/);
    assert.match(html, /data-finding="unused-javascript">[\s\S]*?node_modules\/lodash\/lodash\.js[\s\S]*?<\/section>/);
    assert.equal((html.match(/<g data-row="\d+">/g) ?? []).length, run.waterfall.requests.length, 'one waterfall row per request');
    // Hover on the stylesheet's row: its connection phases and headers from Lighthouse's devtools log.
    assert.match(html, /<g data-row="\d+"><title>[^<]*styles\/theme\.css[^<]*waiting \(TTFB\)[^<]*response headers:[^<]*content-type: text\/css/i);
    assert.ok(
      run.waterfall.requests.some((r) => r.renderBlocking && r.url.endsWith('/styles/theme.css')),
      'the stylesheet is marked render-blocking',
    );
    console.log(`${run.metrics.map((m) => `${m.short} ${m.displayValue}`).join(' · ')}; ${run.waterfall.requests.length} requests`);
  });

  it("notes lodash's size in the bundle after main.ts's import line, as esbuild's metafile counts it", async () => {
    const { api, root } = await hotline();
    server ??= await serveExample(root);
    const runs = await vscode.commands.executeCommand<PageRuns | undefined>('hotline.page.audit', server.url);
    assert.ok(runs, 'hotline.page.audit returned the audit (undefined: it failed; see the Hotline output)');
    // The oracle: esbuild's own count of lodash's bytes in the bundle serve.mjs built and served.
    const built = (JSON.parse(readFileSync(join(root, 'examples/web/dist/meta.json'), 'utf8')) as Metafile).outputs['dist/main.js']!;
    const lodash = Object.entries(built.inputs).find(([f]) => f.endsWith('node_modules/lodash/lodash.js'))![1].bytesInOutput;
    const html = api.pageLoadHtml()!;
    assert.match(
      html,
      /<table class="bundle-parts" data-kind="package"><thead>.*?<\/thead><tbody><tr><td><code>lodash<\/code><\/td><td class="num" data-key="(\d+)"/,
    );
    const main = join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'web/src/main.ts');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(main));
    await vscode.window.showTextDocument(doc);
    const importLine = doc
      .getText()
      .split('\n')
      .findIndex((l) => /^import _ from 'lodash';/.test(l));
    const end = Date.now() + 15_000;
    let notes = api.pageImportNotes(doc.uri);
    while (notes.length === 0 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      notes = api.pageImportNotes(doc.uri);
    }
    assert.deepEqual(
      notes.map((n) => n.line),
      [importLine],
      `one note, on the lodash import: ${JSON.stringify(notes)}`,
    );
    assert.equal(notes[0]!.text, `📦 lodash: ${formatBytes(lodash)}, ${formatShare(lodash / built.bytes)} of main.js`);
    console.log(`import note: ${notes[0]!.text}`);
  });

  it("starts the workspace's own npm run preview (web/package.json), audits what it serves, then stops it", async () => {
    const { api, root } = await hotline();
    const ws = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    // The workspace copy has no node_modules; its build (esbuild) and lodash come from the repository's, as after npm install.
    const modules = join(ws, 'node_modules');
    const linked = !existsSync(modules);
    if (linked) symlinkSync(join(root, 'node_modules'), modules);
    try {
      const runs = await vscode.commands.executeCommand<PageRuns | undefined>('hotline.page.audit', { server: 'npm run preview', folder: join(ws, 'web') });
      assert.ok(runs, "hotline.page.audit returned the audit of the workspace's server (undefined: it failed; see the Hotline output)");
      const served = new URL(runs.medianRun.url);
      assert.equal(served.hostname, '127.0.0.1', `the address serve.mjs printed: ${served.href}`);
      assert.ok(
        runs.medianRun.waterfall.requests.some((r) => r.renderBlocking && r.url.endsWith('/styles/theme.css')),
        "the workspace's page was audited: its stylesheet blocks rendering",
      );
      assert.ok(api.pageLoadHtml()?.includes('styles/theme.css'), 'the Page Load panel shows it');
      assert.equal(await portOpen('127.0.0.1', Number(served.port)), false, 'the server was stopped after the audit');
    } finally {
      if (linked) rmSync(modules);
    }
  });

  it("profiles the page load: the bundle mapped to the workspace's .ts, the hot function annotated", async () => {
    const { api, root } = await hotline();
    server ??= await serveExample(root);
    const loaded = await vscode.commands.executeCommand<unknown>('hotline.page.profileLoad', server.url);
    assert.ok(loaded, 'hotline.page.profileLoad returned the profile (undefined: it failed; see the Hotline output)');
    const active = api.activeProfile();
    assert.equal(active?.format, 'cpuprofile');
    const orders = active!.recordedFiles.find((f) => f.endsWith('/web/src/orders.ts'));
    assert.ok(orders, `the profile names the workspace's orders.ts: ${active!.recordedFiles.join(', ')}`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(orders));
    await vscode.window.showTextDocument(doc);
    const similarity = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('function similarity('));
    const end = Date.now() + 15_000;
    let drawn = api.getDecorations(doc.uri);
    while (!drawn && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      drawn = api.getDecorations(doc.uri);
    }
    assert.ok(drawn, 'orders.ts is annotated');
    const hottest = drawn.gutter.reduce((a, b) => (b.level > a.level ? b : a), { line: -1, level: 0 });
    assert.equal(hottest.line, similarity, `the hottest line is similarity()'s; drawn: ${JSON.stringify(drawn.gutter)}`);
    assert.ok(
      api.flameGraphTitles().some((t) => /page load/.test(t)),
      `a flame graph of the load: ${api.flameGraphTitles().join(', ')}`,
    );
    const longTasks = api.pageLongTasksHtml();
    assert.ok(longTasks, 'the Long Tasks panel is open');
    assert.match(
      longTasks,
      /<section class="long-task"[^>]*><h3>[^<]+<\/h3><table>.*?<tbody><tr><td class="num">[^<]+<\/td><td class="fn">similarity<\/td><td class="where">[^<]*\/web\/src\/orders\.ts:\d+<\/td>/,
      "the load's long task has similarity() in orders.ts as its top frame",
    );
  });

  it('records an interaction: two clicks on "Build report", Stop, buildReport at report.ts on top and annotated', async () => {
    const { api, root } = await hotline();
    server ??= await serveExample(root);
    const done = vscode.commands.executeCommand<unknown>('hotline.page.recordInteraction', server.url);
    const end = Date.now() + 60_000;
    let recording = api.pageInteractionRecording();
    while (!recording && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      recording = api.pageInteractionRecording();
    }
    assert.ok(recording, 'the recording started (Chromium showed the page)');
    const page = await drivePage(recording.port);
    try {
      await page.click('#build-report', 2);
    } finally {
      page.close();
    }
    recording.stop(); // the notification's Stop
    const loaded = await done;
    assert.ok(loaded, 'hotline.page.recordInteraction returned the profile (undefined: it failed; see the Hotline output)');
    assert.equal(api.pageInteractionRecording(), undefined, 'the recording is over');

    const report = join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'web/src/report.ts');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(report));
    // The example's marked line: buildReport's declaration (1-based as the profile names it, 0-based in the editor).
    const marked =
      doc
        .getText()
        .split('\n')
        .findIndex((l) => l.includes("the click's long task (Hotline's tests look for this line)")) + 1;
    const title = api.flameGraphTitles().find((t) => /page interaction/.test(t));
    assert.ok(title, `a flame graph of the interaction: ${api.flameGraphTitles().join(', ')}`);
    let shown = api.flameGraphShown(title)?.details;
    while (!shown && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      shown = api.flameGraphShown(title)?.details;
    }
    const top = shown!.functions.filter((f) => f.kind === 'u').reduce((a, b) => (b.self > a.self ? b : a));
    assert.deepEqual([top.name, top.file, top.line], ['buildReport', report, marked], 'the top user frame by self time');

    await vscode.window.showTextDocument(doc);
    let drawn = api.getDecorations(doc.uri);
    while (!drawn && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      drawn = api.getDecorations(doc.uri);
    }
    assert.ok(drawn, 'report.ts is annotated');
    const hottest = drawn.gutter.reduce((a, b) => (b.level > a.level ? b : a), { line: -1, level: 0 });
    assert.equal(hottest.line, marked - 1, `the hottest line is buildReport's; drawn: ${JSON.stringify(drawn.gutter)}`);

    const longTasks = api.pageLongTasksHtml();
    assert.ok(longTasks, 'the Long Tasks panel is open');
    assert.match(longTasks, /during the interaction recorded on http:\/\/127\.0\.0\.1:\d+\//);
    const clicked = longTasks.match(
      /<section class="long-task"[^>]*><h3>[^<]+\(([^)]*click[^)]*)\)<\/h3><table>.*?<tbody><tr><td class="num">[^<]+<\/td><td class="fn">buildReport<\/td><td class="where">([^<]*)<\/td>/g,
    );
    assert.equal(clicked?.length, 2, `two long tasks started by a click, buildReport on top: ${longTasks}`);
    for (const c of clicked!) assert.ok(c.includes(`${report}:${marked}<`), c);
  });
});
