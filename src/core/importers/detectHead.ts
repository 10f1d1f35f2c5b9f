/** The first bytes of a profile as importers' detect() and guess() see them. */

/** How much of a file detection reads. */
export const HEAD_BYTES = 64 * 1024;

export class DetectHead {
  /** The head as UTF-8 text (its first HEAD_BYTES). */
  readonly text: string;
  /** The text starts (after white space) with "{" or "[": only JSON formats may claim it. */
  readonly json: boolean;
  private split?: string[];

  constructor(
    /** The first bytes (already decompressed when the file is gzip). */
    readonly bytes: Uint8Array,
    /** The file name, to break ties. */
    readonly name?: string,
  ) {
    this.text = new TextDecoder('utf-8').decode(bytes.subarray(0, HEAD_BYTES));
    const trimmed = this.text.trimStart();
    this.json = trimmed.startsWith('{') || trimmed.startsWith('[');
  }

  /** The text split on "\n" (the last line may be cut). */
  get lines(): string[] {
    return (this.split ??= this.text.split('\n'));
  }
}
