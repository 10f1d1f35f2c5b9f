// The workspace's ways to serve its page: npm server scripts (examples/web's own package.json), node
// launch configurations, and the address a starting server prints (serve.mjs's line, Vite's coloured one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { servedUrl } from '../../../src/core/page/devServers';
import { launchServerChoices, npmServerChoices } from '../../../src/core/workspaceServers';

const examples = join(__dirname, '../../../examples');
const webPackage = join(examples, 'web/package.json');

test("examples/web's preview script is offered, run by npm in its folder; build is not a server", () => {
  const choices = npmServerChoices([{ path: webPackage, text: readFileSync(webPackage, 'utf8') }], examples);
  assert.deepEqual(choices, [
    { label: 'npm run preview', detail: 'web/package.json: node serve.mjs', argv: ['npm', 'run', 'preview'], cwd: join(examples, 'web'), source: 'npm' },
  ]);
});

test('dev, start, preview and serve in that order; broken or script-less package.json files give none', () => {
  const pkg = JSON.stringify({ scripts: { serve: 'http-server', build: 'vite build', preview: 'vite preview', dev: 'vite', start: '' } });
  const choices = npmServerChoices(
    [
      { path: '/ws/app/package.json', text: pkg },
      { path: '/ws/broken/package.json', text: '{ "scripts": ' },
      { path: '/ws/lib/package.json', text: '{"name":"lib"}' },
    ],
    '/ws',
  );
  assert.deepEqual(
    choices.map((c) => `${c.label} @ ${c.cwd}`),
    ['npm run dev @ /ws/app', 'npm run preview @ /ws/app', 'npm run serve @ /ws/app'],
  );
});

test('launch configurations with a program become argv with their args, env and cwd; attach and program-less ones are left out', () => {
  const launch = `{
    // a comment, as VS Code writes them
    "configurations": [
      { "type": "node", "request": "launch", "name": "Serve web", "program": "\${workspaceFolder}/web/serve.mjs", "args": ["--port", "4173"], "env": { "PORT": "4173" }, "cwd": "\${workspaceFolder}/web" },
      { "type": "node", "request": "attach", "name": "Attach", "port": 9229 },
      { "type": "python", "request": "launch", "name": "Py", "program": "app.py" },
      { "type": "pwa-node", "request": "launch", "name": "No program", "runtimeExecutable": "npm" },
    ],
  }`;
  const choices = launchServerChoices(launch, { workspaceFolder: '/ws' });
  assert.deepEqual(choices, [
    {
      label: 'Serve web',
      detail: '.vscode/launch.json: node web/serve.mjs --port 4173',
      argv: ['node', '/ws/web/serve.mjs', '--port', '4173'],
      cwd: '/ws/web',
      env: { PORT: '4173' },
      source: 'launch',
    },
    { label: 'Py', detail: '.vscode/launch.json: python3 app.py', argv: ['python3', '/ws/app.py'], cwd: '/ws', source: 'launch' },
  ]);
  assert.deepEqual(launchServerChoices('not json', { workspaceFolder: '/ws' }), []);
});

test('the address a server prints: serve.mjs, Vite (coloured), a wildcard host made the loopback; none in other lines', () => {
  assert.equal(servedUrl('examples/web: serving on http://127.0.0.1:41731/')?.href, 'http://127.0.0.1:41731/');
  // Vite 5's banner line as written to a terminal: colours around the URL and the port.
  assert.equal(servedUrl('  \x1b[32m➜\x1b[39m  \x1b[1mLocal\x1b[22m:   \x1b[36mhttp://localhost:\x1b[1m5173\x1b[22m/\x1b[39m')?.href, 'http://localhost:5173/');
  assert.equal(servedUrl('Listening on http://0.0.0.0:3000')?.href, 'http://127.0.0.1:3000/');
  assert.equal(servedUrl('> hotline-example-web@ preview'), undefined);
  assert.equal(servedUrl('> node serve.mjs'), undefined);
});
