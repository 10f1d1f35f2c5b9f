// "Find Event-Loop Blocking (Node)…" inside a real VS Code on examples/long-running/server.js (file
// and seconds passed as arguments, so no input box appears): the Event-Loop Lag panel names the
// `// BLOCKS` line with its count and worst, and that line carries the "blocks the event loop" note.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ShownEventLoop } from '../../../src/extension/eventLoop/index';
import type { HotlineApi } from '../../../src/extension/testApi';

async function hotline(): Promise<{ api: HotlineApi; root: string }> {
  const ext = vscode.extensions.all.find((e) => (e.packageJSON as { name?: string }).name === 'hotline') as vscode.Extension<HotlineApi> | undefined;
  assert.ok(ext, 'the Hotline extension is loaded');
  return { api: ext.isActive ? ext.exports : await ext.activate(), root: ext.extensionPath };
}

describe('event loop lag', function () {
  this.timeout(90_000);

  it('runs server.js for 4 s, names the BLOCKS line in the panel and notes it in the editor', async () => {
    const { api, root } = await hotline();
    const file = join(root, 'examples/long-running/server.js');
    const blocks =
      readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('// BLOCKS')) + 1;
    assert.ok(blocks > 0, 'server.js marks its blocking line');
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri);
    const shown = await vscode.commands.executeCommand<ShownEventLoop | undefined>('hotline.longRunning.eventLoopLag', uri, 4);
    assert.ok(shown, 'the command returned its report (undefined: it failed; see the Hotline output)');
    const top = shown.report.blockers[0];
    assert.ok(top, `something blocked the loop: ${JSON.stringify(shown.report.notes)}`);
    assert.equal(top.line, blocks, `the worst blocker is the BLOCKS line (${top.function} ${top.file}:${top.line})`);
    assert.ok(top.count >= 2, `the stall repeats every 25th request (${top.count}×)`);
    const html = api.eventLoopHtml();
    assert.ok(html, 'the Event-Loop Lag panel is open');
    assert.match(
      html,
      new RegExp(`server\\.js:${blocks}</code><div class="how">${top.function},[^<]*</div></td><td>${top.count}</td><td>${top.worstMs.toFixed(1)} ms</td>`),
    );
    assert.equal(html.match(/<polyline /g)?.length, 3, 'delay p50, p99 and max per second');
    const notes = api.eventLoopLineNotes(uri);
    const inFile = shown.report.blockers.filter((b) => b.file === file && b.line);
    assert.deepEqual(
      notes.map((n) => n.line).sort((a, b) => a - b),
      inFile.map((b) => b.line! - 1).sort((a, b) => a - b),
      'one note per blocking line of server.js',
    );
    const note = notes.find((n) => n.line === blocks - 1);
    assert.ok(note, 'the BLOCKS line carries a note');
    assert.equal(note.text, `⚠ blocks the event loop: ${top.count}× worst ${top.worstMs.toFixed(1)} ms`);
    console.log(`${note.text} at server.js:${blocks}`);
  });
});
