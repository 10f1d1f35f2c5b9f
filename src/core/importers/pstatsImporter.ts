/**
 * Raw cProfile/pstats files: Python's marshal format, version-specific, so only the user's Python
 * reads them. Core spawns nothing: the caller's `convertPstats` (src/profilers/pstatsConverter.ts)
 * turns the file into the helper's JSON, which pstatsJsonImporter reads.
 */
import type { ConvertedImporter } from './importerTypes';
import { pstatsJsonImporter } from './pstatsJsonImporter';

export const pstatsImporter: ConvertedImporter = {
  id: 'pstats',
  label: 'cProfile .pstats',
  extensions: [],
  looseExtensions: ['.pstats', '.prof'],
  // Python marshal dict ('{', with or without FLAG_REF) whose first key is a tuple: pstats.
  detect: ({ bytes: head }) => (head[0] === 0x7b || head[0] === 0xfb) && head.length > 1 && [0x28, 0x29, 0xa8, 0xa9].includes(head[1]!),
  kind: 'converted',
  converter: 'convertPstats',
  needsConverter: 'this is a raw cProfile/pstats file; it must be converted by Python (pstats_to_json.py) before import',
  output: pstatsJsonImporter,
};
