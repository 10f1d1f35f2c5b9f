// dist/server.js: the anti-pattern language server. The transport comes from argv
// (--stdio, --node-ipc, --socket=N), as vscode-languageclient and other editors pass it.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
