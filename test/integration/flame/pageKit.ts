/** Shared by the Chromium tests and the benchmark: bundle the webview in memory, launch Chromium. */
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../vscode/codeServer.mjs';

export const root = join(__dirname, '..', '..', '..');

/** dist/webview.js and .css as `npm run build` makes them, built in memory so tests need no prior build. */
export async function buildWebviewBundle(): Promise<{ script: string; css: string }> {
  const r = await esbuild.build({
    entryPoints: [join(root, 'webview/main.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: !process.env.HOTLINE_NO_MINIFY,
    write: false,
    outdir: join(root, 'out/flame-test'),
    absWorkingDir: root,
    logLevel: 'silent',
  });
  const js = r.outputFiles.find((f) => f.path.endsWith('.js'));
  const css = r.outputFiles.find((f) => f.path.endsWith('.css'));
  if (!js) throw new Error('esbuild produced no webview script');
  return { script: js.text, css: css?.text ?? '' };
}

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.HOTLINE_CHROMIUM ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}
