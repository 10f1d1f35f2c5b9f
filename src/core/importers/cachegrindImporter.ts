/**
 * cachegrind's out files (`valgrind --tool=cachegrind`, cachegrind.out.<pid>): callgrind's grammar
 * without calls — `events:`, `fl=`/`fn=` and "line cost…" lines — so callgrind's parser reads them,
 * and each function's lines are roots of a flat profile (no callers, no stacks to reconstruct).
 * Told from callgrind by what callgrind never writes (`desc:` lines) or the file name, and by
 * having none of callgrind's own lines.
 */
import { callgrindFormatParser, looksLikeCallgrindFormat, type ValgrindTool } from './callgrindImporter';
import type { TextImporter } from './importerTypes';

const CACHEGRIND: ValgrindTool = {
  format: 'cachegrind',
  profiler: 'valgrind --tool=cachegrind',
  calls: false,
  note: 'cachegrind records no calls: every function and line is a root of a flat profile',
};
const CALLGRIND_ONLY = /^(?:# callgrind format|version:|creator:|positions:|(?:calls|cfn|cfl|cfi|cob)=)/m;

export const cachegrindImporter: TextImporter = {
  id: CACHEGRIND.format,
  label: 'cachegrind.out',
  extensions: [],
  looseExtensions: ['.out'],
  detect: ({ json, text, name }) =>
    !json &&
    looksLikeCallgrindFormat(text) &&
    !CALLGRIND_ONLY.test(text) &&
    (/^desc: /m.test(text.slice(0, 4096)) || /(?:^|[\\/])cachegrind\.out/.test(name ?? '')),
  kind: 'text',
  create: (ctx) => callgrindFormatParser(ctx, CACHEGRIND),
};
