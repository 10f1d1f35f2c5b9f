// A minimal LSP client for tests: talks JSON-RPC to the server over a pair of streams and records
// what the server publishes.
import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';

export class TestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private waiters: (() => void)[] = [];
  settings: Record<string, unknown> = {};
  configurationRequests = 0;

  constructor(readonly rpc: MessageConnection) {
    rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      for (const w of this.waiters.splice(0)) w();
    });
    rpc.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      this.configurationRequests++;
      return p.items.map(() => this.settings);
    });
    rpc.onRequest('client/registerCapability', () => null);
    rpc.onNotification('window/logMessage', () => undefined);
    rpc.listen();
  }

  static overStreams(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): TestClient {
    return new TestClient(createMessageConnection(new StreamMessageReader(input), new StreamMessageWriter(output)));
  }

  static pipes(): { client: TestClient; serverIn: PassThrough; serverOut: PassThrough } {
    const serverIn = new PassThrough();
    const serverOut = new PassThrough();
    return { client: TestClient.overStreams(serverOut, serverIn), serverIn, serverOut };
  }

  async initialize(initializationOptions: unknown = {}, configuration = true): Promise<unknown> {
    const result = await this.rpc.sendRequest('initialize', {
      // A processId makes vscode-languageserver poll for the parent (a timer that keeps an in-process test alive).
      processId: null,
      rootUri: null,
      capabilities: { workspace: { configuration, didChangeConfiguration: { dynamicRegistration: true } } },
      initializationOptions,
    });
    await this.rpc.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: unknown[]): Promise<void> {
    return this.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  /** Waits until the latest diagnostics for `uri` satisfy `pred` (with a deadline). */
  async waitFor(uri: string, pred: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean, timeoutMs = 5000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.diagnostics.get(uri);
      if (p && pred(p.diagnostics, p)) return p.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting for diagnostics of ${uri}; last: ${JSON.stringify(p?.diagnostics.map((d) => [d.code, d.message, d.range]))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** `exit` makes the server call process.exit: send it only to a server in another process. */
  async shutdown(exit = false): Promise<void> {
    await this.rpc.sendRequest('shutdown');
    if (exit) await this.rpc.sendNotification('exit');
    this.rpc.dispose();
  }
}
