/**
 * A generated page with 300 requests for the page-load bench: the document, 100 render-blocking
 * stylesheets, 100 images, 98 deferred vendor scripts and one app bundle (esbuild, with a source map,
 * 40 .ts modules and a long task on load), served on the loopback. Deterministic: the same files each time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { build } from 'esbuild';

export const REQUESTS = 300;
const STYLES = 100;
const IMAGES = 100;
const VENDORS = REQUESTS - 2 - STYLES - IMAGES;
const MODULES = 40;

/** Writes the site under `dir` (index.html, css/, img/, js/, src/*.ts and the bundled app.js with app.js.map). */
export async function generateSite(dir: string): Promise<void> {
  for (const sub of ['css', 'img', 'js', 'src']) mkdirSync(join(dir, sub), { recursive: true });
  const head: string[] = [];
  const body: string[] = [];
  for (let i = 0; i < STYLES; i++) {
    writeFileSync(
      join(dir, 'css', `s${i}.css`),
      `.c${i} { color: #${(i * 2654435761).toString(16).slice(-6).padStart(6, '0')}; margin: ${i % 7}px; }\n`.repeat(20),
    );
    head.push(`<link rel="stylesheet" href="/css/s${i}.css">`);
  }
  for (let i = 0; i < IMAGES; i++) {
    writeFileSync(
      join(dir, 'img', `i${i}.svg`),
      `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" fill="#${(i * 40503).toString(16).slice(-6).padStart(6, '0')}"/></svg>\n`,
    );
    body.push(`<img class="c${i}" src="/img/i${i}.svg" width="32" height="32" alt="">`);
  }
  for (let i = 0; i < VENDORS; i++) {
    writeFileSync(
      join(dir, 'js', `v${i}.js`),
      `window.__v${i} = (function () { var s = 0; for (var k = 0; k < 2000; k++) s += k % ${i + 3}; return s; })();\n`,
    );
    head.push(`<script defer src="/js/v${i}.js"></script>`);
  }
  const imports: string[] = [];
  for (let m = 0; m < MODULES; m++) {
    writeFileSync(
      join(dir, 'src', `m${m}.ts`),
      [
        `export function score${m}(rows: number[]): number {`,
        '  let total = 0;',
        `  for (const r of rows) total += Math.sqrt(r * ${m + 1}) % 7;`,
        '  return total;',
        '}',
        '',
      ].join('\n'),
    );
    imports.push(`import { score${m} } from './m${m}';`);
  }
  writeFileSync(
    join(dir, 'src', 'main.ts'),
    [
      ...imports,
      '',
      'function longTaskOnLoad(): number {',
      '  const rows = Array.from({ length: 20000 }, (_, i) => i);',
      '  let sum = 0;',
      `  for (let round = 0; round < 15; round++) sum += ${Array.from({ length: MODULES }, (_, m) => `score${m}(rows)`).join(' + ')};`,
      '  return sum;',
      '}',
      '',
      "document.title = 'bench page ' + String(longTaskOnLoad()).length;",
      '',
    ].join('\n'),
  );
  await build({
    entryPoints: [join(dir, 'src/main.ts')],
    outfile: join(dir, 'app.js'),
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'iife',
    logLevel: 'warning',
  });
  head.push('<script src="/app.js"></script>');
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>bench</title>\n${head.join('\n')}\n</head><body>\n<h1>300 requests</h1>\n${body.join('\n')}\n</body></html>\n`,
  );
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.ts': 'text/plain',
};

/** Serves `dir` on a free loopback port. */
export async function serveSite(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '') || 'index.html';
    try {
      const body = await readFile(join(dir, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', () => ok()));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(() => ok())) };
}
