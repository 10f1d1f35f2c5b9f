/**
 * Converts a `node --prof` isolate log to JSON with V8's own tick processor:
 * `node --prof-process --preprocess <log>` (no shell, a timeout, stdout captured). Node must be
 * the version that wrote the log: the log's format follows V8's. The tick processor runs `nm` and
 * `objdump` on the shared libraries the log names, to symbolise native code.
 */
import { ProfileFormatError } from '../core/model/profile';
import { type ConverterInput, runConverter, withInputFile } from './converterInput';

export interface NodeProfConvertOptions {
  /** The node executable (default `node` on PATH). */
  node?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Returns the tick processor's JSON as bytes; a log it cannot read becomes a ProfileFormatError. */
export async function convertNodeProfFile(path: string, opts: NodeProfConvertOptions = {}): Promise<Uint8Array> {
  const node = opts.node ?? 'node';
  const r = await runConverter(node, ['--prof-process', '--preprocess', path], {
    timeoutMs: opts.timeoutMs ?? 120_000,
    signal: opts.signal,
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (r.failure?.notFound)
    throw new ProfileFormatError('node-prof', `reading a node --prof log needs Node.js, and "${node}" was not found; install node or put it on PATH`, path);
  // Node prints an ExperimentalWarning on stderr first: the last line says what went wrong.
  if (r.failure) throw new ProfileFormatError('node-prof', r.failure.stderr || `node --prof-process failed (${r.failure.summary})`, path);
  if (r.stdout.length === 0) throw new ProfileFormatError('node-prof', 'node --prof-process wrote nothing', path);
  return r.stdout;
}

/** The hook `importProfileFile(path, { convertNodeProf })` expects; a gzip'd log is unpacked for the tick processor, which reads plain text. */
export function nodeProfConverterHook(opts: NodeProfConvertOptions = {}) {
  return (input: ConverterInput): Promise<Uint8Array> => withInputFile(input, 'isolate-v8.log', (path) => convertNodeProfFile(path, opts), { gunzip: true });
}
