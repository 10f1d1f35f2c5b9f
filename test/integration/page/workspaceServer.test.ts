// The workspace's own server, as "Audit Page Load" → "Start the workspace's server" starts it: examples/web's
// `npm run preview` (npm → sh → node serve.mjs) found in its package.json, its printed address learned, its
// port waited for, and the whole tree gone after stop(); a script that dies or prints no address: one message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { npmServerChoices } from '../../../src/core/workspaceServers';
import { PageInputError, portOpen, startWorkspaceServer } from '../../../src/profilers/page';
import { liveProcessGroups } from '../../../src/profilers/processTree';

const examples = join(__dirname, '../../../examples');

test("examples/web's npm run preview: started, its printed address answers, then the whole tree is stopped", { timeout: 90_000 }, async () => {
  const pkg = join(examples, 'web/package.json');
  const [preview] = npmServerChoices([{ path: pkg, text: readFileSync(pkg, 'utf8') }], examples);
  assert.equal(preview?.label, 'npm run preview');
  const lines: string[] = [];
  const server = await startWorkspaceServer(preview.argv, preview.label, { cwd: preview.cwd, onOutput: (l) => lines.push(l) });
  const port = Number(server.url.port);
  try {
    assert.equal(server.url.hostname, '127.0.0.1');
    assert.ok(
      lines.some((l) => l.includes(`serving on ${server.url.href}`)),
      `the address came from the server's own line: ${lines.join(' | ')}`,
    );
    const page = await (await fetch(server.url)).text();
    assert.match(page, /styles\/theme\.css/, 'the example page is served');
  } finally {
    await server.stop();
  }
  assert.equal(await portOpen('127.0.0.1', port), false, 'nothing listens on the port after stop()');
  assert.deepEqual(liveProcessGroups(), [], 'no process group of the server is left');
});

test('a workspace script that exits, or never prints an address: one message each, nothing left running', { timeout: 30_000 }, async () => {
  await assert.rejects(
    startWorkspaceServer(['sh', '-c', 'echo missing: vite >&2; exit 127'], '"npm run dev"', { cwd: examples }),
    (err: Error) =>
      err instanceof PageInputError &&
      /"npm run dev" exited \(code 127\) before opening a port \(it printed no http:\/\/ address\):\nmissing: vite/.test(err.message),
  );
  await assert.rejects(
    startWorkspaceServer(['sh', '-c', 'echo compiling; sleep 30'], '"npm start"', { cwd: examples, timeoutMs: 1500 }),
    (err: Error) =>
      err instanceof PageInputError && /"npm start" did not open a port \(it printed no http:\/\/ address\) within 2 s; it was stopped/.test(err.message),
  );
  assert.deepEqual(liveProcessGroups(), [], 'the sleeping script was killed');
});
