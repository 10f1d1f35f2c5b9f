// Hot-line annotations inside a real VS Code: a real py-spy recording of the fixture program
// (test/fixtures/profiles/py-spy/hot.raw.txt) is loaded through Hotline's test API, and the
// decorations, CodeLenses and hover VS Code receives are checked against counts computed here
// directly from the recording. The recording's paths are rewritten to a container's (/srv/app/...)
// so the workspace-relative suffix matching is exercised as well.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HotlineApi } from '../../../src/extension/testApi';
import { until } from './until';

const RECORDED_PROGRAM = /\/[^;()]*\/test\/fixtures\/profiles\/programs\/python\/hot\.py/g;
const CONTAINER_PROGRAM = '/srv/app/hotline-fixture/python/hot.py';

async function hotlineApi(): Promise<{ api: HotlineApi; extensionPath: string }> {
  const ext = vscode.extensions.all.find((e) => (e.packageJSON as { name?: string }).name === 'hotline');
  assert.ok(ext, 'the Hotline extension is loaded');
  const api = (ext.isActive ? ext.exports : await ext.activate()) as HotlineApi;
  assert.equal(typeof api?.getDecorations, 'function', 'activate() returns the test API');
  return { api, extensionPath: ext.extensionPath };
}

/** Independent oracle: per-line self and total samples of one file from py-spy's collapsed stacks. */
function expectedLines(folded: string, file: string): { total: number; lines: Map<number, { self: number; total: number }> } {
  const lines = new Map<number, { self: number; total: number }>();
  let total = 0;
  for (const row of folded.split('\n')) {
    // An empty stack (" 8": samples py-spy could not attribute) still counts towards the total.
    const m = /^(.*) (\d+)$/.exec(row.replace(/\r$/, ''));
    if (!m) continue;
    const count = Number(m[2]);
    total += count;
    const frames = (m[1] ? m[1].split(';') : []).map((f) => /\((.*):(\d+)\)$/.exec(f)).map((x) => (x ? { file: x[1]!, line: Number(x[2]) } : null));
    const seen = new Set<number>();
    frames.forEach((f, i) => {
      if (!f || f.file !== file) return;
      const entry = lines.get(f.line) ?? { self: 0, total: 0 };
      if (!seen.has(f.line)) entry.total += count; // a recursive line counts once per sample
      seen.add(f.line);
      if (i === frames.length - 1) entry.self += count;
      lines.set(f.line, entry);
    });
  }
  return { total, lines };
}

const pct = (share: number) => (share * 100 < 0.1 ? '<0.1%' : `${share * 100 >= 99.95 ? '100' : (share * 100).toFixed(1)}%`);

describe('hot-line annotations (real py-spy profile)', function () {
  this.timeout(60_000);
  let api: HotlineApi;
  let docUri: vscode.Uri;
  let expected: ReturnType<typeof expectedLines>;

  before(async () => {
    const h = await hotlineApi();
    api = h.api;
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'the test workbench has a workspace folder');
    const fixtures = join(h.extensionPath, 'test/fixtures/profiles');
    // The program in the workspace, the recording as if made in a container at /srv/app.
    const programDir = join(ws.uri.fsPath, 'hotline-fixture', 'python');
    mkdirSync(programDir, { recursive: true });
    writeFileSync(join(programDir, 'hot.py'), readFileSync(join(fixtures, 'programs/python/hot.py')));
    const folded = readFileSync(join(fixtures, 'py-spy/hot.raw.txt'), 'utf8').replace(RECORDED_PROGRAM, CONTAINER_PROGRAM);
    assert.ok(folded.includes(CONTAINER_PROGRAM), 'the recording names the fixture program');
    expected = expectedLines(folded, CONTAINER_PROGRAM);
    const profileFile = join(mkdtempSync(join(tmpdir(), 'hotline-ann-')), 'hot.container.txt');
    writeFileSync(profileFile, folded);

    const info = await api.loadProfile(profileFile);
    assert.equal(info.format, 'folded');
    assert.ok(info.recordedFiles.includes(CONTAINER_PROGRAM));
    docUri = vscode.Uri.file(join(programDir, 'hot.py'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(docUri), { preview: false });
  });

  after(async () => {
    await vscode.workspace.getConfiguration('hotline').update('annotations.threshold', undefined, vscode.ConfigurationTarget.Workspace);
    api?.clearProfile();
  });

  it('draws inline `● N samples · P%` on every line at or above 1% of the samples', async () => {
    const drawn = await until('decorations of hot.py', () => api.getDecorations(docUri));
    assert.equal(drawn.recordedFile, CONTAINER_PROGRAM, 'matched by workspace-relative suffix');
    const want = [...expected.lines]
      .filter(([, w]) => w.total >= expected.total * 0.01)
      .sort((a, b) => a[0] - b[0])
      .map(([line, w]) => ({
        line: line - 1,
        text: `● ${w.total.toLocaleString('en-US')} ${w.total === 1 ? 'sample' : 'samples'} · ${pct(w.total / expected.total)}`,
      }));
    assert.ok(want.length >= 5, `the recording has hot lines in hot.py (${want.length})`);
    assert.deepEqual(drawn.inline, want);
    console.log(`hot.py inline: ${drawn.inline.map((d) => `${d.line + 1}: ${d.text}`).join(' | ')}`);
    assert.equal(drawn.stale, null);
  });

  it('heats the gutter from self samples: the loop body of build_string is the hottest line of the file', async () => {
    const drawn = await until('decorations', () => api.getDecorations(docUri));
    const selfLines = [...expected.lines]
      .filter(([, w]) => w.self > 0 && w.total >= expected.total * 0.01)
      .map(([l]) => l - 1)
      .sort((a, b) => a - b);
    assert.deepEqual(
      drawn.gutter.map((g) => g.line),
      selfLines,
      'a bar on each annotated line with self time',
    );
    const hottest = drawn.gutter.reduce((a, b) => (b.level > a.level ? b : a));
    assert.equal(hottest.line, 16, 'line 17: parts.append(str(i * i))');
    assert.ok(drawn.gutter.every((g) => g.level >= 1 && g.level <= 5));
    assert.ok(!drawn.gutter.some((g) => g.line === 38), 'main() at line 39 has no self time, so no heat');
    assert.ok(
      drawn.inline.some((d) => d.line === 38),
      '…but it shows its inclusive samples inline',
    );
    assert.deepEqual(drawn.ruler, drawn.gutter, 'the overview ruler marks the same hot lines');
  });

  it('puts a CodeLens on the definition of each hot function', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', docUri, 50);
    const ours = lenses.filter((l) => l.command?.title.startsWith('Hotline:'));
    const byLine = new Map(ours.map((l) => [l.range.start.line, l.command!.title]));
    console.log(`hot.py lenses: ${[...byLine].map(([l, t]) => `${l + 1}: ${t}`).join(' | ')}`);
    assert.match(byLine.get(13) ?? '', /^Hotline: \d+\.\d% total · \d+\.\d% self$/, 'build_string is defined on line 14');
    assert.match(byLine.get(20) ?? '', /^Hotline: \d+\.\d% total · 0% self$/, 'encode (line 21) spends its time in json');
    for (const l of ours) assert.equal(l.command?.command, 'hotline.revealInFlameGraph');
  });

  it('reveals a CodeLens function in the flame graph, reusing the panel of the active profile', async () => {
    const lenses = await api.getCodeLenses(docUri);
    const lens = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', docUri)).find(
      (l) => l.command?.title.startsWith('Hotline:') && l.range.start.line === 13,
    );
    assert.ok(lens?.command, `a lens on build_string; api sees ${JSON.stringify(lenses)}`);
    const label = api.activeProfile()!.label;
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    const open = api.flameGraphTitles().filter((t) => t === label).length;
    assert.equal(open, 1, `one flame graph panel for ${label}: ${api.flameGraphTitles().join(', ')}`);
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    assert.equal(api.flameGraphTitles().filter((t) => t === label).length, 1, 'a second reveal reuses it');
    await vscode.window.showTextDocument(docUri, { preview: false });
  });

  it('hovers a hot line with self, total, callers, callees and a reveal link', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', docUri, new vscode.Position(16, 8));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    const w = expected.lines.get(17)!;
    assert.match(text, /\*\*Hotline\*\*/);
    assert.ok(text.includes(`| self | ${w.self} samples | ${pct(w.self / expected.total)} |`), text);
    assert.ok(text.includes(`| total | ${w.total} samples | ${pct(w.total / expected.total)} |`), text);
    assert.match(text, /In `build_string`/);
    assert.match(text, /Top callers: `main`/);
    assert.match(text, /command:hotline\.revealInFlameGraph\?/);
  });

  it('moves annotations with inserted and deleted lines', async () => {
    const editor = await vscode.window.showTextDocument(docUri, { preview: false });
    const before = (await until('decorations', () => api.getDecorations(docUri))).inline.map((d) => d.line);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# one\n# two\n'));
    const moved = await until(
      'shifted decorations',
      () => api.getDecorations(docUri),
      (d) => d !== undefined && d.inline[0]?.line === before[0]! + 2,
    );
    assert.deepEqual(
      moved.inline.map((d) => d.line),
      before.map((l) => l + 2),
    );
    await editor.edit((e) => e.delete(new vscode.Range(0, 0, 2, 0)));
    const back = await until(
      'restored decorations',
      () => api.getDecorations(docUri),
      (d) => d !== undefined && d.inline[0]?.line === before[0],
    );
    assert.deepEqual(
      back.inline.map((d) => d.line),
      before,
    );
    // Deleting an annotated line drops its annotation instead of moving it onto a neighbour.
    await editor.edit((e) => e.delete(new vscode.Range(16, 0, 17, 0)));
    const dropped = await until(
      'dropped line',
      () => api.getDecorations(docUri),
      (d) => d !== undefined && !d.gutter.some((g) => g.level === 5 && g.line === 16),
    );
    assert.ok(!dropped.inline.some((d) => d.line === 16 && d.text === back.inline.find((b) => b.line === 16)?.text));
    await vscode.commands.executeCommand('undo');
    await until(
      'undo restores',
      () => api.getDecorations(docUri),
      (d) => d !== undefined && d.inline.length > 0,
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('follows the threshold setting and the toggle command', async () => {
    const config = vscode.workspace.getConfiguration('hotline');
    await config.update('annotations.threshold', 20, vscode.ConfigurationTarget.Workspace);
    const few = await until(
      'threshold 20%',
      () => api.getDecorations(docUri),
      (d) => d !== undefined && d.inline.every((i) => Number(/· ([\d.]+)%/.exec(i.text)?.[1] ?? 100) >= 20),
    );
    assert.ok(few.inline.length >= 1 && few.inline.length < [...expected.lines].filter(([, w]) => w.total >= expected.total * 0.01).length);
    await config.update('annotations.threshold', undefined, vscode.ConfigurationTarget.Workspace);

    await vscode.commands.executeCommand('hotline.toggleAnnotations');
    assert.equal(api.annotationsVisible(), false);
    assert.equal(api.getDecorations(docUri), undefined, 'hidden: nothing drawn');
    const hidden = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', docUri);
    assert.equal(hidden.filter((l) => l.command?.title.startsWith('Hotline:')).length, 0);
    await vscode.commands.executeCommand('hotline.toggleAnnotations');
    assert.equal(api.annotationsVisible(), true);
    await until('shown again', () => api.getDecorations(docUri));
  });

  it('leaves files the profile does not touch alone', async () => {
    const other = vscode.Uri.file(join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'python', 'report.py'));
    await vscode.window.showTextDocument(other, { preview: false });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(api.getDecorations(other), undefined);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', other);
    assert.equal(lenses.filter((l) => l.command?.title.startsWith('Hotline:')).length, 0);
  });

  it('says annotations may be stale when the profile has lines past the end of the file', async () => {
    const ws = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const short = join(ws, 'hotline-fixture', 'python', 'short.py');
    writeFileSync(short, 'print(1)\n');
    const profileFile = join(mkdtempSync(join(tmpdir(), 'hotline-stale-')), 'stale.txt');
    writeFileSync(profileFile, `<module> (${short}:1);work (${short}:40) 7\n<module> (${short}:1) 3\n`);
    await api.loadProfile(profileFile);
    const uri = vscode.Uri.file(short);
    await vscode.window.showTextDocument(uri, { preview: false });
    const drawn = await until('decorations of short.py', () => api.getDecorations(uri));
    assert.match(drawn.stale ?? '', /different version/);
    assert.deepEqual(drawn.inline, [{ line: 0, text: '● 10 samples · 100% · may be stale' }]);
  });
});
