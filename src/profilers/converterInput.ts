/**
 * Converters run a tool on a file: this gives them one on disk, writing the bytes to a temporary
 * folder when the profile is not a file (a virtual workspace, an upload), or when the tool cannot
 * read the file as it is (`gunzip`: the tool reads plain text, the file is gzip'd).
 */
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface ConverterInput {
  path?: string;
  bytes?: Uint8Array;
  name: string;
}

export async function withInputFile<T>(
  input: ConverterInput,
  fileName: string,
  run: (path: string) => Promise<T>,
  opts: { gunzip?: boolean } = {},
): Promise<T> {
  if (input.path && !(opts.gunzip && (await fileIsGzip(input.path)))) return run(input.path);
  let bytes = input.bytes ?? (input.path ? await readFile(input.path) : new Uint8Array(0));
  if (opts.gunzip && isGzip(bytes)) bytes = gunzipSync(bytes);
  const dir = await mkdtemp(join(tmpdir(), 'hotline-convert-'));
  try {
    const file = join(dir, fileName);
    await writeFile(file, bytes);
    return await run(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const isGzip = (b: Uint8Array) => b.length > 1 && b[0] === 0x1f && b[1] === 0x8b;

async function fileIsGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = new Uint8Array(2);
    await fh.read(head, 0, 2, 0);
    return isGzip(head);
  } finally {
    await fh.close();
  }
}

export interface ConverterRun {
  /** The tool's stdout: the converted profile. */
  stdout: Uint8Array;
  /** Set when the tool failed: whether it was not found, the last line of its stderr (and all of them), and execa's summary. */
  failure?: { notFound: boolean; stderr: string; stderrLines: string[]; summary: string };
}

/** Runs a converter tool: argv array (no shell), a timeout, stdin closed, stdout captured as bytes. */
export async function runConverter(
  file: string,
  args: string[],
  opts: { timeoutMs: number; signal?: AbortSignal; maxBuffer?: number; env?: Record<string, string>; cwd?: string },
): Promise<ConverterRun> {
  // execa is ESM-only: a dynamic import loads it from CommonJS.
  const { execa } = await import('execa');
  const r = await execa(file, args, {
    reject: false,
    timeout: opts.timeoutMs,
    cancelSignal: opts.signal,
    encoding: 'buffer',
    maxBuffer: opts.maxBuffer ?? 512 * 1024 * 1024,
    stdin: 'ignore',
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
  });
  const stdout = r.stdout as Uint8Array;
  if (!r.failed && r.exitCode === 0) return { stdout };
  const stderrLines = Buffer.from(r.stderr as Uint8Array)
    .toString('utf8')
    .trim()
    .split('\n');
  return {
    stdout,
    failure: {
      notFound: (r as { code?: string }).code === 'ENOENT',
      stderr: stderrLines[stderrLines.length - 1] ?? '',
      stderrLines,
      summary: r.shortMessage ?? `exit code ${String(r.exitCode)}`,
    },
  };
}
