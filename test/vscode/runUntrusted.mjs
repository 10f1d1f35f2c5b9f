#!/usr/bin/env node
// `node test/vscode/run.mjs --untrusted` under its own name, for scripts/test.mjs's launcher tiers
// (which run a script with only --results): the Restricted Mode suite (*.untrusted.test.ts).
process.argv.push('--untrusted');
await import('./run.mjs');
