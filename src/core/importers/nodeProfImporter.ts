/**
 * `node --prof` isolate logs (isolate-0x…-v8.log): V8's own log, whose addresses only V8's tick
 * processor resolves. Core spawns nothing: the caller's `convertNodeProf`
 * (src/profilers/nodeProfConverter.ts) runs `node --prof-process --preprocess`, whose JSON
 * nodeProfJsonImporter reads.
 */
import type { ConvertedImporter } from './importerTypes';
import { nodeProfJsonImporter } from './nodeProfJsonImporter';

export const nodeProfImporter: ConvertedImporter = {
  id: 'node-prof',
  label: 'node --prof isolate log',
  extensions: [],
  looseExtensions: ['.log'],
  // Every V8 log starts with its version line.
  detect: ({ text }) => /^v8-version,\d+,\d+,/.test(text),
  kind: 'converted',
  converter: 'convertNodeProf',
  needsConverter: 'this is a node --prof isolate log; it must be converted by `node --prof-process --preprocess` before import',
  output: nodeProfJsonImporter,
};
