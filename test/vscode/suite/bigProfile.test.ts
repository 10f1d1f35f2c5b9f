// A big speedscope file opened in the panel inside a real VS Code: the file is read in a child process
// (src/profilers/profileLoaderChild.ts), so the extension host holds the finished profile and the
// panel's tree, never the parse. This test runs in the extension host: process.memoryUsage() is the host's.
import * as assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HotlineApi } from '../../../src/extension/testApi';

const SAMPLES = 2_000_000;
const FRAMES = 100_000;
/**
 * Most the host's peak RSS may grow while the file (106 MB) opens in the panel. Measured 2026-12-07
 * (code-server 1.100.3, this test): read through the child process +161 MB (the profile, its panel's
 * tree, the message it came in); read in the host itself, as before, +280 MB.
 */
const MAX_GROWTH_MB = 220;

/**
 * A sampled speedscope file written piece by piece (nothing of it kept here, so the host's RSS before
 * the open is not inflated by the generator): node n of a ternary tree is frame n % frames, its parent
 * node (n - 1) / 3; sample j is the path to node (j * 7919) % nodes.
 */
function writeSpeedscope(path: string, samples: number, frames: number): void {
  const fd = openSync(path, 'w');
  const nodes = frames * 4;
  let buf = '{"$schema":"https://www.speedscope.app/file-format-schema.json","shared":{"frames":[';
  for (let f = 0; f < frames; f++) buf += `${f ? ',' : ''}{"name":"mod${f % 997}::fn_${f}","file":"src/mod${f % 997}.ts","line":${1 + (f % 500)}}`;
  buf += `]},"profiles":[{"type":"sampled","name":"big","unit":"none","startValue":0,"endValue":${samples},"samples":[`;
  const stack: number[] = [];
  for (let j = 0; j < samples; j++) {
    stack.length = 0;
    for (let n = (j * 7919) % nodes; ; n = Math.floor((n - 1) / 3)) {
      stack.push(n % frames);
      if (n === 0) break;
    }
    buf += `${j ? ',' : ''}[${stack.reverse().join(',')}]`;
    if (buf.length > 1 << 20) {
      writeSync(fd, buf);
      buf = '';
    }
  }
  writeSync(fd, `${buf}],"weights":[${'1,'.repeat(samples - 1)}1]}]}`);
  closeSync(fd);
}

/** The kernel's peak RSS of this process (VmHWM), which also sees what synchronous code allocates between two timer ticks. */
function peakRss(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  assert.ok(m, 'VmHWM in /proc/self/status');
  return Number(m[1]) * 1024;
}

describe('a big profile file in the panel', () => {
  it(`opens a speedscope file of ${SAMPLES.toLocaleString('en-US')} samples with the extension host's RSS bounded`, async function () {
    this.timeout(600_000);
    const ext = vscode.extensions.all.find((e) => (e.packageJSON as { name?: string }).name === 'hotline') as vscode.Extension<HotlineApi> | undefined;
    assert.ok(ext);
    const api = ext.isActive ? ext.exports : await ext.activate();
    const dir = mkdtempSync(join(tmpdir(), 'hotline-big-'));
    try {
      const file = join(dir, 'big.speedscope.json');
      writeSpeedscope(file, SAMPLES, FRAMES);
      const before = process.memoryUsage().rss;
      // "5" resets the peak to the current RSS (proc(5), /proc/pid/clear_refs).
      writeFileSync('/proc/self/clear_refs', '5');
      const t0 = Date.now();
      const info = await api.loadProfile(file, { show: true });
      assert.equal(info.format, 'speedscope');
      assert.equal(info.frames, FRAMES);
      const peak = peakRss();
      const growthMb = (peak - before) / 2 ** 20;
      console.log(
        `${(statSync(file).size / 2 ** 20).toFixed(0)} MB file opened in ${((Date.now() - t0) / 1000).toFixed(1)} s; host RSS ${(before / 2 ** 20).toFixed(0)} MB before, peak ${(peak / 2 ** 20).toFixed(0)} MB (+${growthMb.toFixed(0)} MB)`,
      );
      assert.ok(growthMb < MAX_GROWTH_MB, `the host's RSS grew ${growthMb.toFixed(0)} MB while the file opened (at most ${MAX_GROWTH_MB} MB)`);
      assert.ok(peak < 1.5 * 1024 ** 3, 'the host stays under 1.5 GB');
    } finally {
      api.clearProfile();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
