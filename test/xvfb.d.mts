// Types of xvfb.mjs for the TypeScript tests that need a display.
export function startXvfb(opts?: { screen?: string; timeoutMs?: number }): Promise<{ display: string; pid: number; stop(): Promise<void> }>;
