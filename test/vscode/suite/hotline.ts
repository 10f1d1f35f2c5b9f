// The Hotline extension as the suites reach it: its test API (activated if need be), its folder and
// the vscode.Extension itself; and examples/web served on the loopback by its own serve.mjs.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HotlineApi } from '../../../src/extension/testApi';

export async function hotline(loaded = 'the Hotline extension is loaded'): Promise<{ api: HotlineApi; root: string; ext: vscode.Extension<HotlineApi> }> {
  const ext = vscode.extensions.all.find((e) => (e.packageJSON as { name?: string }).name === 'hotline') as vscode.Extension<HotlineApi> | undefined;
  assert.ok(ext, loaded);
  return { api: ext.isActive ? ext.exports : await ext.activate(), root: ext.extensionPath, ext };
}

/** The test API alone. */
export const hotlineApi = async (): Promise<HotlineApi> => (await hotline()).api;

/** Starts examples/web/serve.mjs on a free loopback port; resolves with its URL. */
export function serveExample(root: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(root, 'examples/web/serve.mjs')], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      const m = /serving on (http:\/\/\S+)/.exec(d.toString());
      if (m) resolve({ url: m[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`examples/web/serve.mjs exited (${code}): ${err}`)));
  });
}
