// "Hotline: Live Top" inside a real VS Code on a running program the test started (its pid passed,
// so no picker appears): the Live Top panel's top function is the program's busy function, the view
// is redrawn as new windows arrive, and the panel's Stop ends sampling with no sampler left below the
// extension host (a /proc scan), the program itself running on.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LiveTopOutcome } from '../../../src/extension/liveTop/index';
import { listeningPorts } from '../../../src/profilers/nodeInspector';
import { descendantsRunning } from './processes';
import { until } from './until';
import { hotline } from './hotline';

const CASES = [
  // worker.py spends its time in main's job loop; server.js in the JSON.parse stall of parseReport.
  { program: 'worker.py', argv: (file: string) => ['python3', file, '--seconds', '90'], top: 'main', sampler: /py-spy record --pid \d+/ },
  { program: 'server.js', argv: (file: string) => [process.execPath, file, '--seconds', '90'], top: 'parseReport', sampler: /inspector/i },
];

describe('live top', function () {
  this.timeout(90_000);

  for (const c of CASES) {
    it(`on a running ${c.program}: ${c.top} tops the panel, redrawn every window; Stop leaves no sampler and the program running`, async () => {
      const { api, root } = await hotline();
      const file = join(root, 'examples/long-running', c.program);
      const [exe, ...args] = c.argv(file);
      const child = spawn(exe!, args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
      try {
        if (c.program.endsWith('.js')) await once(child.stdout!, 'data');
        // py-spy cannot read an interpreter that is still starting up.
        else await new Promise((r) => setTimeout(r, 1500));
        const portsBefore = c.program.endsWith('.js') ? listeningPorts(child.pid!).sort() : [];
        const outcome = Promise.resolve(vscode.commands.executeCommand<LiveTopOutcome | undefined>('hotline.liveTop.show', child.pid));
        const updates = new Set<string>();
        const view = await until(
          `${c.top} at the top of the Live Top panel over 3 windows`,
          () => {
            const v = api.liveTopShown();
            if (v?.updatedAt) updates.add(v.updatedAt);
            return v;
          },
          (v) => v.windows >= 3 && v.rows[0]?.name === c.top,
          60_000,
        );
        assert.match(view.sampler, c.sampler);
        assert.equal(view.rows[0]!.file, file);
        assert.ok(updates.size >= 2, `the view was redrawn as windows arrived (${[...updates].join(', ')})`);
        assert.ok(descendantsRunning(/py-spy/).length > 0 || c.program.endsWith('.js'), 'py-spy runs below the extension host while sampling');
        assert.equal(api.liveTopMessage({ type: 'stop' }), true, 'a live top was running');
        const ended = await outcome;
        assert.ok(ended, 'the command resolved with how sampling ended');
        assert.equal(ended.end.reason, 'stopped');
        assert.deepEqual(descendantsRunning(/py-spy/), [], 'no py-spy is left');
        assert.deepEqual(
          descendantsRunning(/./).filter((p) => p.pid !== child.pid && new RegExp(`--pid ${child.pid}\\b`).test(p.cmd)),
          [],
          'nothing attached to the program is left',
        );
        assert.equal(child.exitCode, null, 'the program runs on');
        if (c.program.endsWith('.js')) assert.deepEqual(listeningPorts(child.pid!).sort(), portsBefore, 'the inspector live top opened is closed again');
        console.log(
          `${c.program}: ${view.rows[0]!.name} self ${(view.rows[0]!.selfShare * 100).toFixed(0)}% over ${view.windows} windows, ${updates.size} redraws`,
        );
      } finally {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
          await once(child, 'exit');
        }
      }
    });
  }
});
