// Types of serve.mjs for the TypeScript tests that start the example.
export function startServer(opts?: { port?: number; host?: string }): Promise<{ url: string; close(): Promise<void> }>;
