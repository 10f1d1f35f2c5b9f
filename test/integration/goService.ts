// The Go example service (examples/long-running/go) built and started by a test on a free loopback
// port, for tests that attach to a service already running; `stop()` kills it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portOpen } from '../../src/profilers/ports';
import { execInGroup } from '../../src/profilers/processTree';
import { claimPort } from '../../src/profilers/ports';

export async function startGoService(seconds: number): Promise<{ port: number; process: ChildProcess; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-go-svc-'));
  const build = await execInGroup(['go', 'build', '-o', join(dir, 'svc'), '.'], { cwd: join(__dirname, '..', '..', 'examples', 'long-running', 'go') });
  assert.equal(build.exitCode, 0, build.stderrTail);
  const port = await claimPort(0);
  const child = spawn(join(dir, 'svc'), ['-addr', `127.0.0.1:${port}`, '-seconds', String(seconds)], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !(await portOpen('127.0.0.1', port, 200)); i++) await new Promise((r) => setTimeout(r, 100));
  return { port, process: child, stop: () => void child.kill('SIGKILL') };
}
