/**
 * Converts a raw cProfile/pstats file (Python's marshal format, version-specific) to the JSON the
 * core pstats importer reads, by running src/helpers/pstats_to_json.py in the user's interpreter.
 * execa with an argv array, a timeout, and stdout captured (no shell, no temp files).
 */
import { ProfileFormatError } from '../core/model/profile';
import { type ConverterInput, withInputFile } from './converterInput';
import { helperPath } from './helperPath';

export interface PstatsConvertOptions {
  /** Python interpreter (the one that wrote the file; marshal differs between versions). */
  python?: string;
  helperPath?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Returns the helper's JSON as bytes; a file Python cannot read becomes a ProfileFormatError. */
export async function convertPstatsFile(path: string, opts: PstatsConvertOptions = {}): Promise<Uint8Array> {
  const python = opts.python ?? 'python3';
  const helper = opts.helperPath ?? helperPath('pstats_to_json.py');
  // execa is ESM-only: a dynamic import loads it from CommonJS.
  const { execa } = await import('execa');
  const r = await execa(python, [helper, path], {
    reject: false,
    timeout: opts.timeoutMs ?? 60_000,
    cancelSignal: opts.signal,
    encoding: 'buffer',
    maxBuffer: 512 * 1024 * 1024,
    stdin: 'ignore',
  });
  if (r.failed || r.exitCode !== 0) {
    const stderr = Buffer.from(r.stderr as Uint8Array).toString('utf8').trim().split('\n').pop() ?? '';
    if ((r as { code?: string }).code === 'ENOENT') {
      throw new ProfileFormatError('pstats', `reading a pstats file needs Python, and "${python}" was not found; install python3 or set hotline.python.interpreter`, path);
    }
    throw new ProfileFormatError('pstats', stderr || `the pstats helper failed (${r.shortMessage})`, path);
  }
  return r.stdout as Uint8Array;
}

/** The hook `importProfileFile(path, { convertPstats })` expects. */
export function pstatsConverterHook(opts: PstatsConvertOptions = {}) {
  // Bytes only: written where Python can read them.
  return (input: ConverterInput): Promise<Uint8Array> => withInputFile(input, 'profile.pstats', (path) => convertPstatsFile(path, opts));
}
