/** Bad input for a page audit (unreachable URL, a server that never opens its port, a page Chromium cannot load): exit code 2. */
export class PageInputError extends Error {
  override readonly name = 'PageInputError';
  readonly exitCode = 2;
}
