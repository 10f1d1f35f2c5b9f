/** `hotline flamegraph <profile> -o out.html`: a standalone flame graph page (no network needed). */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { loadProfileSource, type LoadProfileOptions } from '../../profilers/profileLoader';
import { standalonePageHtml } from '../../core/flame/standalonePage';
import { GO_TRACE_USAGE, goTraceProfileArg, parseCliArgs } from '../args';
import type { CliCommand } from '../command';
import { CliUsageError } from '../command';

const usage = `Usage: hotline flamegraph <profile-file> [-o out.html] [--baseline <profile-file>] [--title <text>] [--format <id>] [--thread <name|tid>] [--go-trace KIND]

Writes a self-contained HTML flame graph (zoom, search, inverted, my code only, top functions,
insights; with --baseline a differential view). It opens from file:// with no network.
--thread picks the thread of a file with several (Chrome traces, Firefox profiles) by name or tid.
Default output: <profile-file>.html
${GO_TRACE_USAGE}`;

/** Finds dist/webview.js(+.css): next to the bundled CLI, or in the package's dist/ when run from source. */
function findWebviewBundle(): { script: string; css: string } {
  const candidates = [__dirname, join(__dirname, '..', '..', '..', 'dist'), join(__dirname, '..', 'dist')];
  for (const dir of candidates) {
    const js = join(dir, 'webview.js');
    if (existsSync(js)) {
      const cssPath = join(dir, 'webview.css');
      return { script: readFileSync(js, 'utf8'), css: existsSync(cssPath) ? readFileSync(cssPath, 'utf8') : '' };
    }
  }
  throw new CliUsageError(`the webview bundle (dist/webview.js) is missing; run "npm run build" first`);
}

export interface FlamegraphArgs {
  input: string;
  output?: string;
  baseline?: string;
  title?: string;
  format?: string;
  thread?: string;
  goTraceProfile?: LoadProfileOptions['goTraceProfile'];
}

export function parseFlamegraphArgs(argv: string[]): FlamegraphArgs {
  const { values, positionals } = parseCliArgs('flamegraph', argv, {
    output: { type: 'string', short: 'o' },
    baseline: { type: 'string' },
    title: { type: 'string' },
    format: { type: 'string' },
    thread: { type: 'string' },
    'go-trace': { type: 'string' },
  });
  const { 'go-trace': goTrace, ...rest } = values;
  const [input, extra] = positionals;
  if (extra !== undefined) throw new CliUsageError(`unexpected argument "${extra}": flamegraph takes one profile file`);
  if (!input) throw new CliUsageError('flamegraph needs a profile file: hotline flamegraph <profile-file> -o out.html');
  if (rest.thread === '') throw new CliUsageError('--thread needs a thread name or tid');
  const goTraceProfile = goTraceProfileArg(goTrace);
  return { input, ...rest, ...(goTraceProfile ? { goTraceProfile } : {}) };
}

async function load(path: string, options: LoadProfileOptions = {}) {
  if (!existsSync(path)) throw new CliUsageError(`${path}: no such file`);
  return loadProfileSource(path, options);
}

export const flamegraphCommand: CliCommand = {
  name: 'flamegraph',
  summary: 'write a standalone HTML flame graph of a profile (-o out.html)',
  usage,
  async run(argv, io) {
    const args = parseFlamegraphArgs(argv);
    const input = resolve(io.cwd, args.input);
    const output = resolve(io.cwd, args.output ?? `${args.input}.html`);
    const bundle = findWebviewBundle();
    const profile = await load(input, { format: args.format, thread: args.thread, goTraceProfile: args.goTraceProfile });
    const baseline = args.baseline ? await load(resolve(io.cwd, args.baseline), { goTraceProfile: args.goTraceProfile }) : undefined;
    if (!existsSync(dirname(output))) throw new CliUsageError(`${dirname(output)}: no such directory for the output`);
    const html = standalonePageHtml({
      title: args.title ?? basename(input),
      profile,
      ...(baseline ? { baseline, baselineTitle: basename(args.baseline!) } : {}),
      ...bundle,
    });
    await writeFile(output, html);
    io.stdout(`wrote ${output} (${(html.length / 1024).toFixed(0)} KiB)\n`);
    return 0;
  },
};
