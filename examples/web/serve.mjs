// A tiny static server for the example: builds it, then serves index.html, styles/ and dist/ on the
// loopback. `node serve.mjs [--port N]` (default: a random free port) prints the URL it listens on.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.map': 'application/json', '.ts': 'text/plain' };
const SERVED = ['index.html', 'styles/', 'dist/', 'src/'];

/** Builds the example and serves it; resolves with the URL and a close function. */
export async function startServer({ port = 0, host = '127.0.0.1' } = {}) {
  await build();
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '') || 'index.html';
    if (!SERVED.some((s) => path === s || (s.endsWith('/') && path.startsWith(s)))) {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      const body = await readFile(join(here, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(port, host, ok));
  const address = server.address();
  return { url: `http://${host}:${address.port}/`, close: () => new Promise((ok) => server.close(() => ok())) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.PORT ?? 0);
  const { url, close } = await startServer({ port });
  console.log(`examples/web: serving on ${url}`);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => close().then(() => process.exit(0)));
}
