/**
 * Converts a raw cProfile/pstats file (Python's marshal format, version-specific) to the JSON the
 * core pstats importer reads, by running src/helpers/pstats_to_json.py in the user's interpreter.
 * An argv array, a timeout, and stdout captured (no shell, no temp files; see converterInput.ts).
 */
import { ProfileFormatError } from '../core/model/profile';
import { type ConverterInput, runConverter, withInputFile } from './converterInput';
import { helperPath } from './helperPath';

export interface PstatsConvertOptions {
  /** Python interpreter (the one that wrote the file; marshal differs between versions). */
  python?: string;
  helperPath?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Returns the helper's JSON as bytes; a file Python cannot read becomes a ProfileFormatError. */
async function convertPstatsFile(path: string, opts: PstatsConvertOptions = {}): Promise<Uint8Array> {
  const python = opts.python ?? 'python3';
  const helper = opts.helperPath ?? helperPath('pstats_to_json.py');
  const r = await runConverter(python, [helper, path], { timeoutMs: opts.timeoutMs ?? 60_000, signal: opts.signal });
  if (r.failure?.notFound) {
    throw new ProfileFormatError(
      'pstats',
      `reading a pstats file needs Python, and "${python}" was not found; install python3 or set hotline.python.interpreter`,
      path,
    );
  }
  if (r.failure) throw new ProfileFormatError('pstats', r.failure.stderr || `the pstats helper failed (${r.failure.summary})`, path);
  return r.stdout;
}

/** The hook `importProfileFile(path, { convertPstats })` expects. */
export function pstatsConverterHook(opts: PstatsConvertOptions = {}) {
  // Bytes only: written where Python can read them.
  return (input: ConverterInput): Promise<Uint8Array> => withInputFile(input, 'profile.pstats', (path) => convertPstatsFile(path, opts));
}
