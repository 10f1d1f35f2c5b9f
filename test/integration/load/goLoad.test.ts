/**
 * `hotline load` on Go services with real autocannon (scripts/setup.d/70-load.sh) and the real
 * example (examples/services/go, built here with `go build`): the service serves net/http/pprof at the
 * HOTLINE_PPROF_ADDR Hotline gives it, and its CPU profile of the load window has the `// HOT` line on
 * top; without a pprof endpoint perf records the process (`perf record -p`) and names the same hot
 * function and line; a Go service that crashes under load gives its stderr and the partial latencies.
 * The Rust example (examples/services/rust, std only, built offline) is native: perf records it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { importProfileFile } from '../../../src/core/importers';
import { buildReport } from '../../../src/core/report';
import { autocannonDir } from '../../../src/profilers/load/autocannon';
import { runLoadSession, ServiceCrashedError, type LoadRequest } from '../../../src/profilers/load/runLoad';
import { executableKind, groupMembers } from '../../../src/profilers/load/service';
import { claimPort } from '../../../src/profilers/ports';
import { execInGroup } from '../../../src/profilers/processTree';
import { EXAMPLES, hotLineOf, tempOut } from '../profilers/helpers';

const GO_SERVICE = join(EXAMPLES, 'services', 'go');
const MAIN = join(GO_SERVICE, 'main.go');
const RUST_SERVICE = join(EXAMPLES, 'services', 'rust');
const RUST_MAIN = join(RUST_SERVICE, 'src', 'main.rs');
const work = tempOut('go-load');
after(() => rmSync(work, { recursive: true, force: true }));

// Fails with the install hint when autocannon is missing (never a silent skip).
autocannonDir();

async function goBuild(dir: string, out: string, env: Record<string, string> = {}): Promise<string> {
  const r = await execInGroup(['go', 'build', '-o', out, '.'], { cwd: dir, env: { GOFLAGS: '-mod=mod', ...env } });
  assert.equal(r.exitCode, 0, `go build in ${dir}: ${r.stderrTail}`);
  return out;
}

async function session(req: Omit<LoadRequest, 'cwd' | 'onServiceStarted'>) {
  let pgid: number | undefined;
  try {
    return await runLoadSession({ ...req, cwd: work, onServiceStarted: (g) => (pgid = g) });
  } finally {
    assert.ok(pgid, 'the service was started');
    for (let i = 0; i < 40 && groupMembers(pgid).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(groupMembers(pgid), [], `processes of the service's group ${pgid} are left running`);
  }
}

let svc = '';
let svcDwarf4 = '';
before(async () => {
  const bin = mkdtempSync(join(work, 'bin-'));
  svc = await goBuild(GO_SERVICE, join(bin, 'svc'));
  // binutils' addr2line (which perf script runs for source lines) reads DWARF 4, not Go 1.25's DWARF 5.
  svcDwarf4 = await goBuild(GO_SERVICE, join(bin, 'svc-dwarf4'), { GOEXPERIMENT: 'nodwarf5' });
});

describe('hotline load: Go services', () => {
  test('the executable is recognised as Go by its build info; node as native', () => {
    assert.equal(executableKind(svc), 'go');
    assert.equal(executableKind(process.execPath), 'native');
    assert.equal(executableKind(MAIN), 'other');
  });

  test("net/http/pprof at HOTLINE_PPROF_ADDR: the load window's CPU profile has /cpu's HOT line on top", { timeout: 90_000 }, async () => {
    const port = await claimPort(0);
    const s = await session({
      server: [svc, String(port)],
      load: { url: `http://127.0.0.1:${port}/cpu`, connections: 4, duration: 3 },
      profileBase: join(work, 'pprof'),
    });
    assert.equal(s.profile?.problem, null);
    assert.equal(s.profile?.note, null);
    assert.equal(s.profile?.profiler, 'net/http/pprof cpu');
    assert.equal(s.profile?.file, join(work, 'pprof.pprof'));
    const report = buildReport(await importProfileFile(s.profile!.file!), { top: 3 });
    assert.equal(`${report.lines[0]!.file}:${report.lines[0]!.line}`, `${MAIN}:${hotLineOf(MAIN)}`);
    assert.ok(s.result.requests > 10 && s.result.errors === 0, JSON.stringify(s.result.errorMessages));
  });

  test('no pprof endpoint: perf record -p names the hot function and its HOT line, and says why perf ran', { timeout: 90_000 }, async () => {
    const port = await claimPort(0);
    const s = await session({
      server: ['env', '-u', 'HOTLINE_PPROF_ADDR', svcDwarf4, String(port)],
      load: { url: `http://127.0.0.1:${port}/cpu`, connections: 4, duration: 3 },
      profileBase: join(work, 'perf'),
    });
    assert.equal(s.profile?.problem, null);
    assert.equal(s.profile?.profiler, 'perf record -p');
    assert.match(s.profile?.note ?? '', /serves no net\/http\/pprof at HOTLINE_PPROF_ADDR/);
    assert.equal(s.profile?.file, join(work, 'perf.perf-script.txt'));
    const report = buildReport(await importProfileFile(s.profile!.file!), { top: 3 });
    // cpuWork is inlined into the /cpu handler (main.main.func2): perf sees the handler's machine code.
    assert.equal(report.functions[0]!.name, 'main.main.func2', JSON.stringify(report.functions.slice(0, 3)));
    assert.equal(`${report.lines[0]!.file}:${report.lines[0]!.line}`, `${MAIN}:${hotLineOf(MAIN)}`);
  });

  test('--pid with --pprof: a Go service that already runs is profiled through its pprof address and left running', { timeout: 90_000 }, async () => {
    const port = await claimPort(0);
    const pprofPort = await claimPort(0);
    const stop = new AbortController();
    let pid = 0;
    let listening!: () => void;
    const ready = new Promise<void>((r) => (listening = r));
    const exited = execInGroup([svc, String(port)], {
      cwd: work,
      env: { HOTLINE_PPROF_ADDR: `127.0.0.1:${pprofPort}` },
      signal: stop.signal,
      onSpawn: (p) => (pid = p),
      onOutput: (line) => /^listening on/.test(line) && listening(),
    });
    await Promise.race([ready, exited.then((r) => Promise.reject(new Error(`svc exited: ${r.stderrTail}`)))]);
    try {
      const s = await runLoadSession({
        pid,
        pprof: `http://127.0.0.1:${pprofPort}`,
        load: { url: `http://127.0.0.1:${port}/cpu`, connections: 4, duration: 2 },
        cwd: work,
        profileBase: join(work, 'by-pid'),
      });
      assert.equal(s.profile?.problem, null);
      assert.equal(s.profile?.profiler, 'net/http/pprof cpu');
      const report = buildReport(await importProfileFile(s.profile!.file!), { top: 3 });
      assert.equal(`${report.lines[0]!.file}:${report.lines[0]!.line}`, `${MAIN}:${hotLineOf(MAIN)}`);
      process.kill(pid, 0); // still running
      assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);
      await assert.rejects(
        runLoadSession({
          pid,
          pprof: `http://127.0.0.1:${port}`,
          load: { url: `http://127.0.0.1:${port}/cpu`, connections: 1, duration: 1 },
          cwd: work,
          profileBase: join(work, 'no-pprof'),
        }),
        new RegExp(`nothing serves net/http/pprof at http://127.0.0.1:${port}`),
      );
    } finally {
      stop.abort();
      await exited;
    }
  });

  test('a Go service that crashes under load: its stderr and the partial latencies are kept, nothing left running', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(work, 'crashy-'));
    writeFileSync(join(dir, 'go.mod'), 'module crashy\n\ngo 1.21\n');
    const port = await claimPort(0);
    writeFileSync(
      join(dir, 'main.go'),
      `package main

import (
	"fmt"
	"net/http"
	"os"
	"sync/atomic"
)

var served atomic.Int64

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		total := 0
		for i := 0; i < 5000000; i++ {
			total += i * i
		}
		if served.Add(1) == 60 {
			fmt.Fprintln(os.Stderr, "out of memory after 60 requests")
			os.Exit(3)
		}
		fmt.Fprint(w, total)
	})
	fmt.Println(http.ListenAndServe("127.0.0.1:${port}", nil))
}
`,
    );
    const bin = await goBuild(dir, join(dir, 'crashy'));
    let crash: ServiceCrashedError | undefined;
    await assert.rejects(
      session({ server: [bin], load: { url: `http://127.0.0.1:${port}/`, connections: 2, duration: 2 }, profileBase: join(work, 'crashy') }),
      (err: unknown) => {
        crash = err as ServiceCrashedError;
        return err instanceof ServiceCrashedError;
      },
    );
    assert.match(crash!.message, /the service exited \(exit code 3\) during the load: \d+ requests failed/);
    assert.match(crash!.message, /out of memory after 60 requests/);
    assert.ok(crash!.partial.result.requests >= 58 && crash!.partial.result.errors > 0, `${crash!.partial.result.requests} responses`);
    // Each answer takes milliseconds of CPU: the latencies measured before the crash are there.
    assert.ok(crash!.partial.result.latency.p50 >= 1, JSON.stringify(crash!.partial.result.latency));
  });
});

describe('hotline load: a Rust service (native: perf record -p)', () => {
  test("the std-only example's /cpu: perf names cpu_work and puts its HOT line on top", { timeout: 120_000 }, async () => {
    const target = mkdtempSync(join(work, 'cargo-'));
    const build = await execInGroup(['cargo', 'build', '--release', '--offline', '--target-dir', target], { cwd: RUST_SERVICE });
    assert.equal(build.exitCode, 0, build.stderrTail);
    const bin = join(target, 'release', 'hotline-service');
    assert.equal(executableKind(bin), 'native');
    const port = await claimPort(0);
    const s = await session({
      server: [bin, String(port)],
      load: { url: `http://127.0.0.1:${port}/cpu`, connections: 4, duration: 3 },
      profileBase: join(work, 'rust'),
    });
    assert.equal(s.profile?.problem, null);
    assert.equal(s.profile?.profiler, 'perf record -p');
    assert.equal(s.profile?.note, null);
    const report = buildReport(await importProfileFile(s.profile!.file!), { top: 3 });
    assert.match(report.functions[0]!.name, /cpu_work/, JSON.stringify(report.functions.slice(0, 3)));
    assert.equal(`${report.lines[0]!.file}:${report.lines[0]!.line}`, `${RUST_MAIN}:${hotLineOf(RUST_MAIN)}`);
    assert.ok(s.result.requests > 10 && s.result.errors === 0);
  });
});
