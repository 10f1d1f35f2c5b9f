// The extension's wiring inside a real VS Code: activation returns the test API, Profile Current File
// really runs the Python example under its profiler and annotates it, kept profiles are listed,
// edits since profiling are reported as stale through the content hash, and the language server
// receives the hot lines.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { KeptProfile } from '../../../src/extension/profileStore';
import type { HotlineApi } from '../../../src/extension/testApi';
import { until } from './until';
import { hotline } from './hotline';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string }[];
    configuration: { properties: Record<string, { scope?: string }> };
    menus: Record<string, { command: string; when?: string }[]>;
    colors: { id: string }[];
  };
  activationEvents: string[];
}

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d && existsSync(join(d, cmd)));
}

describe('extension: manifest and activation', () => {
  it('returns the test API from activate()', async () => {
    const { api } = await hotline();
    for (const fn of ['loadProfile', 'activeProfile', 'getDecorations', 'getCodeLenses', 'getHover', 'sentHotLines', 'keptProfiles'] as const) {
      assert.equal(typeof api[fn], 'function', `api.${fn}`);
    }
  });

  it('contributes categorised commands, machine-scoped executables and heat colors, with narrow activation', async () => {
    const { ext } = await hotline();
    const pkg = ext.packageJSON as Manifest;
    const commands = pkg.contributes.commands;
    assert.ok(
      commands.every((c) => c.category === 'Hotline'),
      'every command is in the Hotline category',
    );
    const titles = new Map(commands.map((c) => [c.command, c.title]));
    assert.equal(titles.get('hotline.profileCurrentFile'), 'Profile Current File');
    assert.equal(titles.get('hotline.openProfile'), 'Open Profile…');
    assert.equal(titles.get('hotline.showFlameGraph'), 'Show Flame Graph');
    assert.equal(titles.get('hotline.toggleAnnotations'), 'Toggle Hot-Line Annotations');
    assert.equal(titles.get('hotline.compareProfiles'), 'Compare Profiles…');
    const title = pkg.contributes.menus['editor/title']!.find((m) => m.command === 'hotline.profileCurrentFile');
    assert.match(title?.when ?? '', /resourceLangId/);
    assert.ok(commands.find((c) => c.command === 'hotline.profileCurrentFile')?.icon, 'an icon for the title bar');
    for (const [key, prop] of Object.entries(pkg.contributes.configuration.properties)) {
      if (/executable|interpreter/.test(key)) assert.equal(prop.scope, 'machine', `${key} is machine-scoped`);
    }
    assert.deepEqual(
      pkg.contributes.colors.filter((c) => c.id.startsWith('hotline.heat.')).map((c) => c.id),
      [1, 2, 3, 4, 5].map((n) => `hotline.heat.level${n}`),
    );
    assert.ok(!pkg.activationEvents.includes('*') && !pkg.activationEvents.includes('onStartupFinished'));
  });

  it('opens a profile file given to Open Profile… and lists it', async () => {
    const { api, ext } = await hotline();
    const file = join(ext.extensionPath, 'test/fixtures/profiles/node/hot.cpuprofile');
    await vscode.commands.executeCommand('hotline.openProfile', vscode.Uri.file(file));
    const active = await until(
      'the opened profile',
      () => api.activeProfile(),
      (a) => a?.file === file,
    );
    assert.equal(active.format, 'cpuprofile');
    const kept = await api.keptProfiles();
    const entry = kept.find((p) => p.file === file);
    assert.ok(entry, 'listed in the Profiles view');
    assert.equal(entry.external, true, 'an opened file is referenced, not copied');
    api.clearProfile();
    assert.equal(api.activeProfile(), undefined);
  });

  it('makes a profile opened in the flame graph editor the active one', async () => {
    const { api, ext } = await hotline();
    const file = join(ext.extensionPath, 'test/fixtures/profiles/go/hot.pprof');
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), 'hotline.profileViewer');
    const active = await until(
      'the profile of the custom editor',
      () => api.activeProfile(),
      (a) => a?.file === file,
    );
    assert.equal(active.format, 'pprof');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    api.clearProfile();
  });
});

describe('extension: Profile Current File on examples/python/report.py', function () {
  this.timeout(120_000);
  let api: HotlineApi;
  let report: vscode.Uri;
  let entry: KeptProfile | undefined;

  before(async function () {
    if (!vscode.workspace.isTrusted) this.skip(); // Restricted Mode never runs code
    api = (await hotline()).api;
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'a workspace folder');
    report = vscode.Uri.file(join(ws.uri.fsPath, 'python', 'report.py'));
    assert.ok(existsSync(report.fsPath), 'examples/python/report.py is in the workspace');
    await vscode.window.showTextDocument(report, { preview: false });
  });

  after(() => api?.clearProfile());

  it('records with py-spy (or cProfile), keeps the profile, and annotates the hot line', async function () {
    if (!onPath('py-spy') && !onPath('python3')) this.skip();
    entry = await vscode.commands.executeCommand<KeptProfile | undefined>('hotline.profileCurrentFile', report);
    assert.ok(entry, 'the run produced a kept profile (see the Hotline log)');
    assert.equal(entry.sourceFile, report.fsPath);
    assert.ok(entry.file.startsWith(api.profilesFolder()), 'kept in the profiles folder');
    assert.ok(existsSync(entry.file));
    assert.ok(entry.sourceHashes?.[report.fsPath], 'the source hash was recorded');
    console.log(`recorded ${entry.file} with ${entry.profiler}: ${entry.samples ?? '?'} samples`);
    const active = api.activeProfile();
    assert.equal(active?.file, entry.file);

    const drawn = await until('decorations of report.py', () => api.getDecorations(report));
    assert.equal(drawn.stale, null);
    // Line 20 is the `report += ...` loop body: the example's known hot line.
    const hottest = drawn.gutter.reduce((a, b) => (b.level > a.level ? b : a), { line: -1, level: 0 });
    assert.equal(hottest.line, 19, `hottest gutter line; drawn: ${JSON.stringify(drawn.gutter)}`);
    const inline = drawn.inline.find((d) => d.line === 19);
    // py-spy's speedscope output weighs samples by time, so the unit may be seconds.
    assert.match(inline?.text ?? '', /^● (?:[\d,]+ samples|[\d.]+ (?:s|ms|µs)) · \d+\.\d%$/);
    const lenses = await api.getCodeLenses(report);
    assert.ok(
      lenses.some((l) => l.line === 16 && /^Hotline: \d+\.\d% total · \d+\.\d% self$/.test(l.title)),
      `render_report lens; got ${JSON.stringify(lenses)}`,
    );
    const kept = await api.keptProfiles();
    assert.ok(kept.some((p) => p.id === entry!.id));
  });

  it('marks the annotations stale once the file differs from what was profiled', async function () {
    if (!entry) this.skip();
    const editor = await vscode.window.showTextDocument(report, { preview: false });
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# edited after profiling\n'));
    // Reloading the profile re-attaches the annotations to the edited text: the hash no longer matches.
    await vscode.commands.executeCommand('hotline.profiles.activate', entry);
    const drawn = await until(
      'stale decorations',
      () => api.getDecorations(report),
      (d) => d !== undefined && d.stale !== null,
    );
    assert.match(drawn.stale!, /content hash differs/);
    assert.ok(drawn.inline.every((d) => d.text.endsWith(' · may be stale')));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('hotline.profiles.activate', entry);
    const fresh = await until(
      'fresh decorations',
      () => api.getDecorations(report),
      (d) => d !== undefined && d.stale === null,
    );
    assert.ok(fresh.inline.length > 0);
  });

  it('sends the hot lines to the language server', async function () {
    if (!entry) this.skip();
    if (!existsSync(join((await hotline()).ext.extensionPath, 'dist/server.js'))) this.skip();
    await until(
      'the language server',
      () => api.languageServerRunning(),
      (r) => r === true,
      30_000,
    );
    const sent = await until('hot lines for report.py', () => api.sentHotLines().find((f) => f.uri === report.toString()));
    const line = sent.lines.find((l) => l.line === 20); // 1-based in the protocol
    assert.ok(line && line.share > 0.1, `report.py line 20 is hot: ${JSON.stringify(sent.lines)}`);
    assert.ok(
      api.sentHotLines().every((f) => !/site-packages|lib\/python3/.test(f.uri)),
      'library files are not sent',
    );
    const diagnostic = await until('the raised diagnostic', () =>
      vscode.languages.getDiagnostics(report).find((d) => d.source === 'hotline' && /% of samples are on this line/.test(d.message)),
    );
    assert.equal(diagnostic.range.start.line, 19);
  });

  it('ranks the string concatenation on the hot line first among hot anti-patterns', async function () {
    if (!entry || !api.languageServerRunning()) this.skip();
    const list = await until(
      'hot anti-patterns',
      () => api.hotAntiPatterns(),
      (l) => l.some((a) => a.uri === report.toString()),
      30_000,
    );
    const first = list[0]!;
    console.log(`hot anti-patterns: ${list.map((a) => `${a.rule}@${a.range.start.line + 1} ${(a.share * 100).toFixed(1)}%`).join(', ')}`);
    assert.equal(first.rule, 'py/string-concat-in-loop');
    assert.equal(first.range.start.line, 19);
    assert.ok(first.share > 0.1);
  });

  it('measures again with the same request and keeps both runs', async function () {
    if (!entry) this.skip();
    const before = (await api.keptProfiles()).length;
    await vscode.commands.executeCommand('hotline.measureAgain');
    const after = await until(
      'a second kept profile',
      () => api.keptProfiles(),
      (k) => k.length === before + 1,
      90_000,
    );
    const newest = after.find((p) => p.id !== entry!.id && p.sourceFile === report.fsPath && p.capturedAt >= entry!.capturedAt);
    assert.ok(newest, 'the second run of report.py is kept');
    assert.equal(api.activeProfile()?.file, newest.file, 'the new run becomes active');
    const manifest = readFileSync(join(api.profilesFolder(), 'profiles.json'), 'utf8');
    assert.ok(manifest.includes(newest.id));
  });
});

describe('extension: Profile Current File in other languages', function () {
  this.timeout(180_000);
  it('profiles one benchmark of a *.bench.mjs file from its "Profile benchmark" CodeLens', async function () {
    if (!vscode.workspace.isTrusted || !onPath('node')) this.skip();
    const { api } = await hotline();
    const uri = vscode.Uri.file(join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'bench/node/textops.bench.mjs'));
    const source = readFileSync(uri.fsPath, 'utf8').split('\n');
    const loop = source.findIndex((l) => l.includes('out += w'));
    const joinLine = source.findIndex((l) => l.includes("words.join('')"));
    await vscode.window.showTextDocument(uri, { preview: false });
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const lens = lenses.find((l) => l.command?.command === 'hotline.bench.profile' && l.command.arguments?.[1] === 'concat');
    assert.ok(lens?.command, `a "Profile benchmark" lens above concat: ${lenses.map((l) => `${l.command?.title}(${l.command?.arguments?.[1]})`).join(', ')}`);
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    const drawn = await until('decorations of textops.bench.mjs', () => api.getDecorations(uri));
    console.log(`textops.bench.mjs: ${drawn.inline.map((d) => `${d.line + 1}: ${d.text}`).join(' | ')}`);
    const hot = drawn.inline.find((d) => d.line === loop);
    assert.ok(hot, `the concat loop (line ${loop + 1}) is annotated`);
    assert.ok(Number(/· ([\d.]+)%$/.exec(hot.text)?.[1]) >= 20, hot.text);
    assert.equal(
      drawn.inline.some((d) => d.line === joinLine),
      false,
      'only concat ran: the join line has no samples',
    );
  });
  // Each example marks its known hot line with a HOT comment; the annotations must find it.
  const cases = [
    { file: 'javascript/orders.js', tool: 'node' },
    { file: 'typescript/tags.ts', tool: 'node' }, // transpiled; lines come back through source maps
    { file: 'go/main.go', tool: 'go' },
  ];
  after(async () => (await hotline()).api.clearProfile());
  for (const c of cases) {
    it(`annotates the HOT line of examples/${c.file}`, async function () {
      if (!vscode.workspace.isTrusted || !onPath(c.tool)) this.skip();
      const { api } = await hotline();
      const uri = vscode.Uri.file(join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, c.file));
      const hotLine = readFileSync(uri.fsPath, 'utf8')
        .split('\n')
        .findIndex((l) => /\bHOT\b/.test(l));
      assert.ok(hotLine >= 0, 'the example marks its hot line');
      await vscode.window.showTextDocument(uri, { preview: false });
      const entry = await vscode.commands.executeCommand<KeptProfile | undefined>('hotline.profileCurrentFile', uri);
      assert.ok(entry, 'the run produced a kept profile (see the Hotline log)');
      const drawn = await until(`decorations of ${c.file}`, () => api.getDecorations(uri));
      console.log(`${c.file} (${entry.profiler}): ${drawn.inline.map((d) => `${d.line + 1}: ${d.text}`).join(' | ')}`);
      const hot = drawn.inline.find((d) => d.line === hotLine);
      assert.ok(hot, `line ${hotLine + 1} is annotated`);
      const share = Number(/· ([\d.]+)%$/.exec(hot.text)?.[1]);
      assert.ok(share >= 20, `line ${hotLine + 1} holds ${share}% of the samples`);
    });
  }
});
