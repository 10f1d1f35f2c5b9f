// Types of build.mjs for the TypeScript tests that build the example.
/** esbuild's metafile; its paths are relative to examples/web. */
export interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}
export function build(opts?: { outdir?: string }): Promise<{ outdir: string; metafile: Metafile }>;
