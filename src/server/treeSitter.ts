// web-tree-sitter's ESM build locates its runtime through import.meta.url, which a CommonJS bundle
// (dist/server.js, dist/cli.js) does not have; its CJS build uses __dirname. require() makes esbuild
// pick the CJS build, and every value import of web-tree-sitter goes through this module.
import type * as WebTreeSitter from 'web-tree-sitter';

const ts = require('web-tree-sitter') as typeof WebTreeSitter;

export const Parser = ts.Parser;
export const Language = ts.Language;
export const Query = ts.Query;
export const Edit = ts.Edit;
