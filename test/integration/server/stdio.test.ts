// The bundled server (dist/server.js) over stdio, as `hotline lsp --stdio` and other editors run it:
// it must find its grammars next to the bundle (dist/grammars/), not in node_modules.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TestClient } from '../../unit/server/lspClient';

const root = join(__dirname, '../../..');
const bundle = join(root, 'dist/server.js');

describe('dist/server.js --stdio', () => {
  it('answers initialize and publishes Go and Rust diagnostics from the bundled grammars', async () => {
    assert.ok(existsSync(bundle), 'dist/server.js is missing: run `npm run build` first');
    assert.ok(existsSync(join(root, 'dist/grammars/tree-sitter-rust.wasm')), 'dist/grammars/ is missing: run `npm run build`');
    // NODE_PATH points nowhere useful: the bundle must not need node_modules at run time.
    const child = spawn(process.execPath, [bundle, '--stdio'], {
      cwd: '/',
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NODE_PATH: '/nonexistent' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    try {
      const client = TestClient.overStreams(child.stdout, child.stdin);
      client.settings = { debounceMs: 0 };
      await client.initialize();
      const goUri = 'file:///tmp/x.go';
      await client.open(goUri, 'go', 'package p\nfunc f(xs []string) string {\n\ts := ""\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\n');
      const [d] = await client.waitFor(goUri, (ds) => ds.length > 0, 10_000);
      assert.equal(d.code, 'go/string-concat-in-loop');
      const rsUri = 'file:///tmp/x.rs';
      await client.open(
        rsUri,
        'rust',
        'fn f(xs: &[u8]) -> Vec<u8> {\n    let mut v = Vec::new();\n    for x in xs.iter() {\n        v.push(*x);\n    }\n    v\n}\n',
      );
      assert.deepEqual(
        (await client.waitFor(rsUri, (ds) => ds.length > 0, 10_000)).map((x) => x.code),
        ['rs/vec-without-capacity'],
      );
      await client.shutdown(true);
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 0, stderr);
    } finally {
      child.kill();
    }
  });
});
