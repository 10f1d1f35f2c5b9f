/** `hotline lsp --stdio`: the anti-pattern language server for editors other than VS Code. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../../server/server';
import { CliUsageError, type CliCommand } from '../command';

const usage = `Usage: hotline lsp --stdio

Runs Hotline's anti-pattern language server on stdin/stdout (LSP). Diagnostics carry the rule id as
their code and a link to the rule's page; quick fixes are code actions. Settings: the "hotline.lint"
section through workspace/configuration, or initializationOptions { lint: {...} }.
Neovim and other editors: see docs/rules/README.md.`;

export const lspCommand: CliCommand = {
  name: 'lsp',
  summary: 'run the anti-pattern language server for other editors (--stdio)',
  usage,
  run(argv: string[]): Promise<number> {
    if (argv.length !== 1 || argv[0] !== '--stdio') throw new CliUsageError('lsp speaks LSP over stdio only: run "hotline lsp --stdio"');
    const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
    startServer(connection);
    // The connection ends the process on the LSP `exit` notification; a closed stdin ends it too.
    return new Promise((resolve) => process.stdin.on('close', () => resolve(0)));
  },
};
