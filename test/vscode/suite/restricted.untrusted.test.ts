// Restricted Mode, inside a real VS Code whose workspace is NOT trusted (run.mjs --untrusted; this file
// runs only there). Every Hotline command that would run code — profile, memory profile, leak finder,
// benchmarks, attach, measure again, starting the workspace's page server — must refuse, say why, and
// start no process. Proof: probe programs that append to a marker file the moment they run (a positive
// control shows they really do), and a /proc watch for any new process working in or naming the
// workspace, or started by the extension host as a profiler, toolchain or `ps`. Opening existing
// profiles, auditing a typed URL and the anti-pattern diagnostics still work.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { HotlineApi } from '../../../src/extension/testApi';
import { until } from './until';
import { hotline } from './hotline';

interface ProcInfo {
  pid: number;
  ppid: number;
  name: string;
  cmdline: string;
  cwd: string;
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    let cwd = '';
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      // another user's process: its cmdline is still checked
    }
    return { pid, ppid, name, cmdline, cwd };
  } catch {
    return undefined; // exited between readdir and read
  }
}

function processes(): Map<number, ProcInfo> {
  const out = new Map<number, ProcInfo>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const p = readProc(Number(d));
    if (p) out.set(p.pid, p);
  }
  return out;
}

// VS Code's own port scan from the extension host (run once at start even with auto-forwarding off).
const VSCODE_PORT_SCAN = new Set(['/bin/sh -c ls -l /proc/[0-9]*/fd/[0-9]* | grep socket:', '/bin/sh -c ps -F -A -l | grep root']);

// What a profile, build or benchmark would start: profilers, interpreters, toolchains, and ps (attach).
const RUNNERS = /^(python[\d.]*|py-spy|perf|valgrind|go|cargo|rustc|cc|gcc|g\+\+|clang|pytest|ps|sh|bash|dash)$/;

/** Polls /proc and keeps every new process that works in or names the workspace, or that the extension host started as a runner. */
class ProcessWatch {
  private readonly before = new Set(processes().keys());
  readonly seen = new Map<number, ProcInfo>();
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly root: string) {
    this.timer = setInterval(() => this.poll(), 20);
  }
  poll(): void {
    const all = processes();
    const host = process.pid; // the extension host: Hotline runs inside it
    const descends = (p: ProcInfo) => {
      for (let q: ProcInfo | undefined = p, n = 0; q && n < 50; q = all.get(q.ppid), n++) if (q.ppid === host) return true;
      return false;
    };
    for (const p of all.values()) {
      if (this.before.has(p.pid) || this.seen.has(p.pid)) continue;
      // VS Code's own file search (findFiles from built-in extensions) runs its bundled ripgrep in the workspace.
      if (/\/@vscode\/ripgrep\/bin\/rg /.test(`${p.cmdline} `)) continue;
      if (VSCODE_PORT_SCAN.has(p.cmdline) || VSCODE_PORT_SCAN.has(all.get(p.ppid)?.cmdline ?? '')) continue;
      // An exited process (zombie) has no command line left to judge; a probe that ran writes the marker.
      if (p.cmdline === '') continue;
      const inWorkspace = p.cwd.startsWith(this.root) || p.cmdline.includes(this.root);
      if (inWorkspace || (descends(p) && RUNNERS.test(p.name))) this.seen.set(p.pid, p);
    }
  }
  stop(): ProcInfo[] {
    clearInterval(this.timer);
    this.poll();
    return [...this.seen.values()];
  }
}

describe('Restricted Mode: an untrusted workspace runs no code', () => {
  let api: HotlineApi;
  let ext: vscode.Extension<HotlineApi>;
  let root: string;
  let probeDir: string;
  let marker: string;
  let watch: ProcessWatch;

  const probes = () => ({
    py: join(probeDir, 'probe.py'),
    js: join(probeDir, 'probe.js'),
    bench: join(probeDir, 'probe.bench.mjs'),
    pyBench: join(probeDir, 'test_probe_bench.py'),
  });

  before(async function () {
    this.timeout(60_000);
    ({ api, ext } = await hotline('the Hotline extension is loaded (capabilities.untrustedWorkspaces "limited" keeps it enabled)'));
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace is open');
    root = folder.uri.fsPath;
    probeDir = join(root, 'restricted-probe');
    marker = join(probeDir, 'ran.marker');
    mkdirSync(probeDir, { recursive: true });
    // Each probe appends its name to the marker as soon as it is loaded; HOTLINE_PROBE_MARKER redirects
    // it for the positive control below.
    const p = probes();
    writeFileSync(
      p.py,
      [
        'import os',
        `open(os.environ.get("HOTLINE_PROBE_MARKER", ${JSON.stringify(marker)}), "a").write("probe.py ran\\n")`,
        '',
        'def grow():',
        '    return [0] * 1000',
        '',
        'if __name__ == "__main__":',
        '    print(sum(len(grow()) for _ in range(10)))',
        '',
      ].join('\n'),
    );
    writeFileSync(
      p.js,
      [
        "const { appendFileSync } = require('node:fs');",
        `appendFileSync(process.env.HOTLINE_PROBE_MARKER || ${JSON.stringify(marker)}, 'probe.js ran\\n');`,
        'exports.grow = () => new Array(1000).fill(0);',
        'if (require.main === module) console.log(exports.grow().length);',
        '',
      ].join('\n'),
    );
    writeFileSync(
      p.bench,
      [
        "import { appendFileSync } from 'node:fs';",
        `appendFileSync(process.env.HOTLINE_PROBE_MARKER || ${JSON.stringify(marker)}, 'probe.bench.mjs ran\\n');`,
        'export default { join() { return Array.from({ length: 100 }, (_, i) => i).join(","); } };',
        '',
      ].join('\n'),
    );
    writeFileSync(
      p.pyBench,
      [
        'import os',
        `open(os.environ.get("HOTLINE_PROBE_MARKER", ${JSON.stringify(marker)}), "a").write("test_probe_bench.py ran\\n")`,
        '',
        'def test_join(benchmark):',
        '    benchmark(lambda: ",".join(str(i) for i in range(100)))',
        '',
      ].join('\n'),
    );
    rmSync(marker, { force: true });
    // Hotline's own language server (started after activation, cwd = workspace) is not a program run.
    await until(
      'the language server',
      () => api.languageServerRunning(),
      (r) => r,
      30_000,
    );
    watch = new ProcessWatch(root);
  });

  after(() => {
    watch?.stop();
  });

  it('VS Code reports the workspace as not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'vscode.workspace.isTrusted');
    console.log(`vscode.workspace.isTrusted = ${String(vscode.workspace.isTrusted)}; extension under development at ${ext.extensionPath}`);
  });

  it('the probes write the marker when they do run (positive control, run by the test itself)', function () {
    this.timeout(30_000);
    const control = join(probeDir, 'control.marker');
    const env = { ...process.env, HOTLINE_PROBE_MARKER: control };
    execFileSync('python3', [probes().py], { env, stdio: 'ignore' });
    execFileSync(process.execPath.endsWith('node') ? process.execPath : 'node', [probes().js], { env: { ...env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'ignore' });
    assert.deepEqual(readFileSync(control, 'utf8').trim().split('\n'), ['probe.py ran', 'probe.js ran']);
    rmSync(control);
    watch.stop();
    watch = new ProcessWatch(root); // the control's own processes do not count
  });

  const uri = (path: string) => vscode.Uri.file(path);
  const cases: { command: string; what: RegExp; target: () => vscode.Uri | undefined }[] = [
    { command: 'hotline.profileCurrentFile', what: /profile this file/, target: () => uri(probes().py) },
    { command: 'hotline.profileCurrentFile', what: /profile this file/, target: () => uri(probes().js) },
    { command: 'hotline.profileCurrentFile', what: /profile this file/, target: () => uri(join(root, 'python/report.py')) },
    { command: 'hotline.profileCurrentFile', what: /profile this file/, target: () => uri(join(root, 'go/main.go')) },
    { command: 'hotline.profileCurrentFile', what: /profile this file/, target: () => uri(join(root, 'rust/src/main.rs')) },
    { command: 'hotline.profileCurrentFile', what: /profile this file/, target: () => uri(join(root, 'c/upper.c')) },
    { command: 'hotline.memory.profileAllocations', what: /profile memory/, target: () => uri(probes().py) },
    { command: 'hotline.memory.profileAllocations', what: /profile memory/, target: () => uri(probes().js) },
    { command: 'hotline.memory.findLeaks', what: /find memory leaks/, target: () => uri(probes().py) },
    { command: 'hotline.memory.findLeaks', what: /find memory leaks/, target: () => uri(probes().js) },
    { command: 'hotline.longRunning.eventLoopLag', what: /find event-loop blocking/, target: () => uri(probes().js) },
    { command: 'hotline.bench.run', what: /run benchmarks/, target: () => uri(probes().bench) },
    { command: 'hotline.bench.run', what: /run benchmarks/, target: () => uri(probes().pyBench) },
    { command: 'hotline.bench.run', what: /run benchmarks/, target: () => uri(join(root, 'bench/go/textops_test.go')) },
    { command: 'hotline.bench.saveBaseline', what: /run benchmarks/, target: () => uri(probes().bench) },
    { command: 'hotline.bench.compareWithBaseline', what: /run benchmarks/, target: () => uri(probes().bench) },
    { command: 'hotline.attachToProcess', what: /attach a profiler/, target: () => undefined },
    { command: 'hotline.liveTop.show', what: /attach a sampler/, target: () => undefined },
    { command: 'hotline.attachGoPprof', what: /Go program/, target: () => undefined },
    { command: 'hotline.profileWithLaunchConfig', what: /launch configuration/, target: () => undefined },
    { command: 'hotline.load.profileService', what: /start a service and profile it under load/, target: () => undefined },
    { command: 'hotline.load.traceService', what: /start a service under OpenTelemetry and trace it under load/, target: () => undefined },
  ];

  /** Runs a command; it must settle by itself (no question left open), refuse with a reason, and start nothing. */
  async function refuses(command: string, what: RegExp, args: unknown[]): Promise<void> {
    const before = api.restrictedModeRefusals().length;
    const settled = await Promise.race([
      Promise.resolve(vscode.commands.executeCommand(command, ...args)).then(() => 'done'),
      new Promise((r) => setTimeout(() => r('waiting'), 10_000)),
    ]);
    if (settled !== 'done') await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(settled, 'done', `${command} settled by itself instead of waiting for input`);
    await new Promise((r) => setTimeout(r, 300)); // anything started asynchronously shows up now
    assert.ok(!existsSync(marker), `no probe ran: ${existsSync(marker) ? readFileSync(marker, 'utf8') : ''}`);
    watch.poll();
    assert.deepEqual(
      [...watch.seen.values()].map((p) => `${p.pid} ${p.name} (cwd ${p.cwd}): ${p.cmdline}`),
      [],
      'no process was started',
    );
    const told = api.restrictedModeRefusals().slice(before);
    assert.equal(told.length, 1, `${command} told the user once why it did not run: ${JSON.stringify(told)}`);
    assert.match(told[0]!, /Restricted Mode/);
    assert.match(told[0]!, /not trusted/);
    assert.match(told[0]!, what);
  }

  for (const c of cases) {
    it(`${c.command} refuses to run anything`, async function () {
      const target = c.target();
      if (target) this.test!.title = `${c.command} on ${basename(target.fsPath)} refuses, says why and starts no process`;
      else this.test!.title = `${c.command} refuses before asking anything, says why and starts no process`;
      if (target) assert.ok(existsSync(target.fsPath), `the example ${target.fsPath} exists`);
      await refuses(c.command, c.what, target ? [target] : []);
    });
  }

  // The Under Load commands given a workspace server by name (as their picker lists it) or a typed command: refused all the same.
  for (const [command, what] of [
    ['hotline.load.profileService', /start a service and profile it under load/],
    ['hotline.load.traceService', /start a service under OpenTelemetry and trace it under load/],
  ] as const) {
    it(`${command} refuses the workspace's npm run preview and a typed command, says why and starts no process`, async function () {
      await refuses(command, what, [{ service: { label: 'npm run preview' }, url: 'http://127.0.0.1:4173/' }]);
      await refuses(command, what, [{ server: `node ${probes().js}`, url: 'http://127.0.0.1:4173/' }]);
    });
  }

  for (const command of ['hotline.page.audit', 'hotline.page.recordInteraction'])
    it(`${command} refuses to start the workspace's server, but a typed URL is still loaded (not refused)`, async function () {
      this.timeout(30_000);
      await refuses(command, /start the workspace's server/, [{ server: 'npm run preview' }]);
      // A URL runs no workspace code: nothing answers on this port, so the command stops there, and not because of trust.
      const before = api.restrictedModeRefusals().length;
      await vscode.commands.executeCommand(command, 'http://127.0.0.1:9/');
      assert.equal(api.restrictedModeRefusals().length, before, `${command} on a URL is not refused in Restricted Mode`);
    });

  it('hotline.measureAgain refuses to re-run a kept profile whose stored request names a workspace program', async function () {
    this.timeout(30_000);
    // A profiles list as a cloned repository could ship it: a kept profile with a request to run probe.py.
    const folder = api.profilesFolder();
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'kept-hot.cpuprofile');
    copyFileSync(join(ext.extensionPath, 'test/fixtures/profiles/node/hot.cpuprofile'), file);
    const entry = {
      id: 'restricted-kept',
      name: 'probe.py · kept',
      file,
      external: false,
      capturedAt: new Date().toISOString(),
      format: 'cpuprofile',
      sourceFile: probes().py,
      request: { program: probes().py, workspaceRoot: root, outDir: folder, profiler: 'cprofile', executables: { python: 'python3' } },
    };
    writeFileSync(join(folder, 'profiles.json'), JSON.stringify({ version: 1, profiles: [entry] }));
    await vscode.commands.executeCommand('hotline.profiles.refresh');
    const kept = await until(
      'the kept profile to be listed',
      () => api.keptProfiles(),
      (l) => l.some((p) => p.id === entry.id),
    );
    await vscode.commands.executeCommand(
      'hotline.profiles.activate',
      kept.find((p) => p.id === entry.id),
    );
    await until(
      'the kept profile to be active',
      () => api.activeProfile(),
      (a) => a?.file === file,
    );
    await refuses('hotline.measureAgain', /measure again/, []);
  });

  it('still opens an existing profile: active profile, Profiles view entry and flame graph', async function () {
    this.timeout(30_000);
    const file = join(ext.extensionPath, 'test/fixtures/profiles/node/hot.cpuprofile');
    const before = api.restrictedModeRefusals().length;
    await vscode.commands.executeCommand('hotline.openProfile', vscode.Uri.file(file));
    const active = (await until(
      'the opened profile',
      () => api.activeProfile(),
      (a) => a?.file === file,
    ))!;
    assert.equal(active.format, 'cpuprofile');
    assert.ok(active.frames > 1, `frames: ${active.frames}`);
    assert.ok(
      (await api.keptProfiles()).some((p) => p.file === file),
      'listed in the Profiles view',
    );
    await until(
      'a flame graph panel',
      () => api.flameGraphTitles(),
      (t) => t.includes(basename(file)),
    );
    const py = join(ext.extensionPath, 'test/fixtures/profiles/py-spy');
    const speedscope = readdirSync(py).find((f) => f.endsWith('.json') && !f.endsWith('.expected.json'));
    if (speedscope) {
      const info = await api.loadProfile(join(py, speedscope));
      assert.ok(info.frames > 1, `${speedscope}: ${info.frames} frames`);
    }
    assert.equal(api.restrictedModeRefusals().length, before, 'opening profiles is not refused');
  });

  it('still opens a trace file in the Traces panel (importing runs nothing)', async function () {
    this.timeout(30_000);
    const file = join(ext.extensionPath, 'test/fixtures/traces/zipkin-flask.json');
    const before = api.restrictedModeRefusals().length;
    const shown = (await vscode.commands.executeCommand('hotline.traces.openFile', vscode.Uri.file(file))) as { format: string; traces: number; spans: number };
    assert.deepEqual([shown.format, shown.traces, shown.spans], ['zipkin', 13, 26]);
    await until(
      'the Traces panel',
      () => api.tracesHtml(),
      (h) => !!h && h.includes('flask GET /slow'),
    );
    assert.equal(api.restrictedModeRefusals().length, before, 'opening a trace file is not refused');
  });

  it('does not run Python to read a raw cProfile (.pstats) file, and says why', async function () {
    this.timeout(30_000);
    const file = join(ext.extensionPath, 'test/fixtures/profiles/cprofile/hot.pstats');
    const before = api.restrictedModeRefusals().length;
    await assert.rejects(api.loadProfile(file), (err: Error) => {
      assert.match(err.message, /Restricted Mode/);
      assert.match(err.message, /pstats/);
      return true;
    });
    assert.equal(api.restrictedModeRefusals().length, before + 1, 'the refusal is recorded');
    watch.poll();
    assert.deepEqual(
      [...watch.seen.values()].map((p) => `${p.pid} ${p.name}: ${p.cmdline}`),
      [],
      'no Python was started',
    );
  });

  it('still reports anti-patterns: the Python example gets the string-concatenation diagnostic', async function () {
    this.timeout(60_000);
    assert.ok(api.languageServerRunning(), 'the language server runs');
    const file = join(root, 'python', 'report_restricted_copy.py');
    writeFileSync(file, readFileSync(join(root, 'python', 'report.py'), 'utf8'));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    const diags = await until(
      'the string-concat diagnostic',
      () => vscode.languages.getDiagnostics(doc.uri),
      (d) => d.some((x) => (typeof x.code === 'object' ? x.code.value : x.code) === 'py/string-concat-in-loop'),
    );
    console.log(`diagnostics: ${diags.map((d) => `${d.range.start.line + 1}: ${typeof d.code === 'object' ? d.code.value : d.code}`).join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('started no process and ran no probe over the whole suite', () => {
    const started = watch.stop();
    assert.deepEqual(
      started.map((p) => `${p.pid} ${p.name}: ${p.cmdline}`),
      [],
    );
    assert.ok(!existsSync(marker), 'no probe ran');
  });
});
