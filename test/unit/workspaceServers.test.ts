// The workspace's servers as the page audit and the Under Load service picker offer them: npm scripts
// beyond dev/start/preview/serve when their command runs a server, and Python (program or module) and
// Go launch configurations as the command lines they stand for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchServerChoices, looksLikeServerScript, npmServerChoices } from '../../src/core/workspaceServers';

test('npm scripts: the conventional names first, then the ones whose command runs a server; builds, tests and hooks are not servers', () => {
  const scripts = {
    build: 'vite build',
    'start:api': 'node src/server.js',
    test: 'node --test',
    api: 'uvicorn app:app --port 8000',
    start: 'node index.js',
    prestart: 'node scripts/check.js',
    lint: 'eslint .',
    'dev:py': 'flask --app app run',
    worker: 'node worker.js',
    web: 'cd web && npx vite',
    'docs:serve': 'vitepress dev docs',
  };
  const choices = npmServerChoices([{ path: '/ws/svc/package.json', text: JSON.stringify({ scripts }) }], '/ws');
  assert.deepEqual(
    choices.map((c) => c.label),
    ['npm run start', 'npm run start:api', 'npm run api', 'npm run dev:py', 'npm run web'],
  );
  assert.deepEqual(choices[1], {
    label: 'npm run start:api',
    detail: 'svc/package.json: node src/server.js',
    argv: ['npm', 'run', 'start:api'],
    cwd: '/ws/svc',
    source: 'npm',
  });
  assert.equal(looksLikeServerScript('serve-py', 'python3 -m http.server 8000'), true);
  assert.equal(looksLikeServerScript('django', 'python manage.py runserver'), true);
  assert.equal(looksLikeServerScript('go', 'go run ./cmd/api'), true);
  assert.equal(looksLikeServerScript('gen', 'node scripts/generate.js'), false);
});

test('launch configurations: node program, python program or module (python3 -m), go program (go run, in its folder)', () => {
  const launch = `{
    "configurations": [
      { "type": "debugpy", "request": "launch", "name": "API (uvicorn)", "module": "uvicorn", "args": ["app:app", "--port", "8000"], "env": { "X": "\${workspaceFolder}" } },
      { "type": "python", "request": "launch", "name": "Flask app", "program": "\${workspaceFolder}/services/python/app.py", "args": "8081" },
      { "type": "go", "request": "launch", "name": "Go API", "program": "\${workspaceFolder}/cmd/api", "mode": "auto" },
      { "type": "go", "request": "launch", "name": "Go test", "program": "\${workspaceFolder}", "mode": "test" },
      { "type": "python", "request": "launch", "name": "Needs input", "program": "\${input:script}" },
      { "type": "chrome", "request": "launch", "name": "Browser", "url": "http://localhost:5173" },
    ],
  }`;
  assert.deepEqual(launchServerChoices(launch, { workspaceFolder: '/ws' }), [
    {
      label: 'API (uvicorn)',
      detail: '.vscode/launch.json: python3 -m uvicorn app:app --port 8000',
      argv: ['python3', '-m', 'uvicorn', 'app:app', '--port', '8000'],
      cwd: '/ws',
      env: { X: '/ws' },
      source: 'launch',
    },
    {
      label: 'Flask app',
      detail: '.vscode/launch.json: python3 services/python/app.py 8081',
      argv: ['python3', '/ws/services/python/app.py', '8081'],
      cwd: '/ws',
      source: 'launch',
    },
    { label: 'Go API', detail: '.vscode/launch.json: go run cmd/api', argv: ['go', 'run', '/ws/cmd/api'], cwd: '/ws/cmd/api', source: 'launch' },
  ]);
});
