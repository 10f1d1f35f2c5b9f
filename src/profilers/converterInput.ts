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

export async function withInputFile<T>(input: ConverterInput, fileName: string, run: (path: string) => Promise<T>, opts: { gunzip?: boolean } = {}): Promise<T> {
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
