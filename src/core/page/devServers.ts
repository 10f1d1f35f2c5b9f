/**
 * The address a starting server prints (Vite's "Local:", a "listening on http://…" line), so "Audit
 * Page Load" → "Start the workspace's server" knows which port to wait for. Which servers the workspace
 * has is src/core/workspaceServers.ts (shared with the service picker of the Under Load commands).
 */
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/**
 * The http(s) address in a line a server printed ("Local:   http://localhost:5173/", "serving on
 * http://127.0.0.1:4173/"), with a wildcard host (0.0.0.0, [::]) made the loopback; undefined when none.
 */
export function servedUrl(line: string): URL | undefined {
  const m = /\bhttps?:\/\/(?:\[[0-9a-f:]+\]|[\w.-]+)(?::\d+)?(?:\/[^\s'"<>]*)?/i.exec(line.replace(ANSI, ''));
  if (!m) return undefined;
  let url: URL;
  try {
    url = new URL(m[0]);
  } catch {
    return undefined;
  }
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = '127.0.0.1';
  return url;
}
