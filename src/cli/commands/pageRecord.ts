/**
 * `hotline page <url> --record`: the Performance panel's Record → interact → Stop from a terminal.
 * Opens Chromium on the URL (a window when DISPLAY is set, headless otherwise: drive it through the
 * DevTools port printed), records V8's samples and the main thread's trace until Enter, Ctrl-C or
 * --duration, then prints the interaction's tasks over 50 ms with their top source-mapped frames and
 * the DOM events that started them, and writes the source-mapped .cpuprofile.
 */
import { resolve } from 'node:path';
import { interactionText } from '../../core/page';
import { findChromium, recordPageInteraction, startServer, type RunningServer } from '../../profilers/page';
import { parseCliArgs, positiveNumber } from '../args';
import { CliUsageError, type CliIO } from '../command';
import { pageAnswers, pageUrl } from './page';

export const recordUsage = `  --record        record an interaction instead of auditing the load: opens Chromium on the URL (a
                  visible window when DISPLAY is set, else headless, driven through the DevTools port
                  printed), records its CPU profile and trace until Enter, Ctrl-C or --duration, then
                  prints the tasks over 50 ms with their top source-mapped frames and the DOM events
                  (click, keydown...) that started them; with --cpu-profile F (default
                  interaction-<host>-<time>.cpuprofile), --duration S, --server, --timeout S (the load), --json`;

/** `hotline page <url> --record ...`. */
export async function recordInteraction(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCliArgs('page', argv, {
    record: { type: 'boolean' },
    duration: { type: 'string' },
    'cpu-profile': { type: 'string' },
    json: { type: 'boolean' },
    server: { type: 'string' },
    timeout: { type: 'string' },
  });
  if (positionals.length > 1) throw new CliUsageError(`page takes one URL, got ${positionals.length}`);
  const url = pageUrl(positionals[0]);
  const maxSeconds = values.duration === undefined ? undefined : positiveNumber(values.duration, '--duration');
  const timeoutMs = values.timeout === undefined ? undefined : positiveNumber(values.timeout, '--timeout') * 1000;
  const out = resolve(io.cwd, values['cpu-profile'] ?? `interaction-${url.host.replace(/[^\w.-]/g, '_')}-${Date.now()}.cpuprofile`);
  findChromium();

  let server: RunningServer | undefined;
  if (values.server !== undefined) {
    io.stderr(`hotline: starting "${values.server}" and waiting for port ${url.port || 80}\n`);
    server = await startServer(values.server, url, { cwd: io.cwd, timeoutMs: timeoutMs ?? 60_000 });
  } else await pageAnswers(url);

  const stop = new AbortController();
  const cancel = new AbortController();
  // The first Ctrl-C stops and keeps the recording; a second one gives up on it.
  const onSigint = () => (stop.signal.aborted ? cancel.abort() : stop.abort());
  const onLine = () => stop.abort();
  const stdin = process.stdin.isTTY ? process.stdin : undefined;
  process.on('SIGINT', onSigint);
  try {
    const rec = await recordPageInteraction(url.href, {
      cwd: io.cwd,
      outputFile: out,
      timeoutMs,
      maxSeconds,
      stop: stop.signal,
      signal: cancel.signal,
      onRecording: ({ port }) => {
        stdin?.on('data', onLine).resume();
        const how = [stdin && 'press Enter', 'Ctrl-C', maxSeconds !== undefined && `wait ${maxSeconds} s`].filter(Boolean).join(', ');
        io.stderr(
          `hotline: recording ${url.href} in Chromium (${process.env.DISPLAY ? `a window on ${process.env.DISPLAY}` : 'headless'}; DevTools port ${port}): interact with the page, then ${how} to stop\n`,
        );
      },
    });
    io.stderr(`hotline: wrote ${out} (${rec.remappedFrames} frames mapped through ${rec.sourceMaps.size} source map${rec.sourceMaps.size === 1 ? '' : 's'})\n`);
    if (rec.sourceMaps.size === 0)
      io.stderr(`hotline: no source map was found for the scripts sampled, so their frames name the served files, not your sources\n`);
    else if (rec.remappedFrames === 0)
      io.stderr(
        `hotline: none of the files the source maps name were found under ${io.cwd}, so the frames name the served files; run it from the page's project folder (where its src/ is)\n`,
      );
    if (values.json)
      io.stdout(JSON.stringify({ url: rec.url, durationMs: rec.durationMs, headed: rec.headed, profile: out, longTasks: rec.longTasks }, null, 2) + '\n');
    else io.stdout(interactionText(rec).join('\n') + '\n');
    return 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
    stdin?.removeListener('data', onLine).pause();
    await server?.stop();
  }
}
