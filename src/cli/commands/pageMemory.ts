/**
 * `hotline page <url> --memory --action SELECTOR [--repeat N] [--json]`: heap snapshots of the page in
 * headless Chromium after a warm-up click of SELECTOR, after N and after 2N more clicks, compared: the
 * growth per snapshot, the detached DOM nodes by tag, the event listeners added per click at their
 * source-mapped .ts lines, and what retains them. Exit 0 (a leak is a finding, not a failure), 2 on bad input.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatPageMemoryReport } from '../../core/page/pageMemory';
import { findChromium, PageInputError, portOpen } from '../../profilers/page';
import { findPageMemoryLeaks } from '../../profilers/page/pageMemory';
import { positiveNumber, wholeNumber } from '../args';
import { CliUsageError, type CliIO } from '../command';

export const pageMemoryUsage = `Page memory: hotline page <url> --memory --action SELECTOR [--repeat N] [--out DIR] [--json]
  --memory        instead of Lighthouse: open the page in headless Chromium, click SELECTOR once
                  (warm-up), then take heap snapshots (after a forced GC) before, after N and after 2N
                  more clicks, and print what grew in both intervals: detached DOM nodes (DevTools'
                  rule, grouped by tag), the event listeners added per click with their function's
                  .ts line (through the page's source maps), and the retainer path that keeps them
  --action SEL    the CSS selector of the element clicked (required with --memory)
  --repeat N      clicks between two snapshots (default 10)
  --out DIR       keep the three .heapsnapshot files there (default: a new temporary folder)`;

export interface PageMemoryArgs {
  action?: string;
  repeat?: string;
  out?: string;
  json?: boolean;
  timeout?: string;
}

export async function runPageMemory(url: URL, a: PageMemoryArgs, io: CliIO): Promise<number> {
  if (!a.action?.trim()) throw new CliUsageError('--memory needs --action SELECTOR: the CSS selector of the element to click, e.g. --action "#open-panel"');
  const repeat = a.repeat === undefined ? 10 : wholeNumber(a.repeat, '--repeat', { min: 1, max: 1000 });
  const timeoutMs = a.timeout === undefined ? undefined : positiveNumber(a.timeout, '--timeout') * 1000;
  findChromium();
  if (!(await portOpen(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || (url.protocol === 'https:' ? 443 : 80)), 3000)))
    throw new PageInputError(`nothing answers at ${url.host} (${url.href}); start the page's server first`);
  const outDir = a.out === undefined ? mkdtempSync(join(tmpdir(), 'hotline-page-memory-')) : resolve(io.cwd, a.out);
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once('SIGINT', onSigint);
  try {
    const run = await findPageMemoryLeaks(url.href, {
      cwd: io.cwd,
      action: a.action,
      repeat,
      outDir,
      timeoutMs,
      signal: ac.signal,
      onOutput: a.json ? undefined : (line) => io.stderr(`hotline: ${line}\n`),
    });
    if (a.json) io.stdout(`${JSON.stringify({ ...run.report, files: run.files, sourceMaps: Object.fromEntries(run.sourceMaps) }, null, 2)}\n`);
    else io.stdout(`${formatPageMemoryReport(run.report)}\n\nheap snapshots (open them in DevTools' Memory tab): ${run.files.join(', ')}\n`);
    return 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
