// Types of codeServer.mjs for the TypeScript e2e library (test/e2e/workbench.ts).
import type { Browser } from 'playwright-core';

export const repoRoot: string;
export const CODE_SERVER_VERSION: string;
export const CHROMIUM_ARGS: string[];
export const quietSettings: Record<string, unknown>;
export function codeServerEntry(): string;
export function tempDir(prefix: string): string;
export function copyWorkspace(src: string, prefix?: string): string;
export function installExtension(vsix: string, extensionsDir: string, userDataDir: string): string;

export interface CodeServer {
  port: number;
  base: string;
  userDataDir: string;
  extensionsDir: string;
  lines: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly exited: { code: number | null; signal: NodeJS.Signals | null } | null;
  waitForLine(re: RegExp, ms: number, what?: string): Promise<string>;
  url(opts?: { folder?: string; extensionDevelopmentPath?: string; extensionTestsPath?: string }): string;
  stop(): Promise<void>;
}
export function startCodeServer(opts?: {
  workspace?: string;
  userDataDir?: string;
  extensionsDir?: string;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  port?: number;
  log?: (line: string) => void;
  disableTrust?: boolean;
  timeoutMs?: number;
  keepUserSettings?: boolean;
}): Promise<CodeServer>;
export function launchChromium(opts?: { headless?: boolean }): Promise<Browser>;
export function stopAll(): Promise<void>;
export function isStopping(): boolean;
