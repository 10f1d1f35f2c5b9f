/** What `hotline load` may send load to. */

/** Why `url` may not be loaded (not http(s), or not a loopback address without `allowRemote`), or null. */
export function urlProblem(url: string, allowRemote: boolean): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `"${url}" is not a URL (write it like http://127.0.0.1:8080/path)`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `${url}: only http and https URLs can be loaded`;
  if (!allowRemote && !isLoopbackHost(u.hostname)) {
    return `${url} is not a loopback address: load goes to 127.0.0.1, ::1 or localhost unless you pass --allow-remote`;
  }
  return null;
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The TCP port a URL is served on (the scheme's default when none is written). */
export function urlPort(url: string): number {
  const u = new URL(url);
  return u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
}

/** What the first box of Profile Service Under Load asks for: the command to start, a running pid, or nothing (load only). */
export type ServiceChoice = { readonly kind: 'command'; readonly command: string } | { readonly kind: 'pid'; readonly pid: number } | { readonly kind: 'url' };

/** "pid 1234" (or "pid:1234") is a running process; empty is load only; anything else is the command. A string is the problem. */
export function parseServiceChoice(text: string): ServiceChoice | string {
  const t = text.trim();
  if (!t) return { kind: 'url' };
  const pid = /^pid\s*[:=]?\s*(\S+)$/i.exec(t);
  if (!pid) return { kind: 'command', command: t };
  return /^[1-9]\d*$/.test(pid[1]!) ? { kind: 'pid', pid: Number(pid[1]) } : `"${pid[1]}" is not a process id (write pid 1234)`;
}

/** One request of a load mix: the method (the load's own by default) and the path with its query. */
export interface LoadRequestSpec {
  readonly method?: string;
  readonly path: string;
}

/** What autocannon is pointed at: the origin's first URL, and with several targets the mix each connection cycles through. */
export interface LoadTargets {
  readonly url: string;
  /** The one target's method ("POST http://…"); with several, each request carries its own. */
  readonly method?: string;
  readonly requests?: readonly LoadRequestSpec[];
}

const METHOD = /^(GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS)\s+(\S+)$/i;

/**
 * Targets written "URL" or "METHOD URL" (e.g. "POST http://127.0.0.1:8080/items"): one is the load's
 * URL, several are a mix on one origin (one host and port; autocannon connects to one). A string is the problem.
 */
export function parseLoadTargets(specs: readonly string[], allowRemote: boolean): LoadTargets | string {
  const parsed: { method?: string; url: URL }[] = [];
  for (const raw of specs) {
    const spec = raw.trim();
    const m = METHOD.exec(spec);
    const url = m ? m[2]! : spec;
    const problem = urlProblem(url, allowRemote);
    if (problem) return problem;
    parsed.push({ ...(m ? { method: m[1]!.toUpperCase() } : {}), url: new URL(url) });
  }
  const first = parsed[0];
  if (!first) return 'no URL to load';
  const origins = new Set(parsed.map((p) => p.url.origin));
  if (origins.size > 1) return `the URLs of one load share one host and port (autocannon connects to one); got ${[...origins].join(', ')}`;
  const url = specs[0]!.trim().replace(METHOD, '$2');
  if (parsed.length === 1) return { url, ...(first.method ? { method: first.method } : {}) };
  return { url, requests: parsed.map((p) => ({ ...(p.method ? { method: p.method } : {}), path: p.url.pathname + p.url.search })) };
}

/** The panel's URL box: targets separated by commas ("http://…/cpu, POST http://…/items"). */
export const parseLoadTargetsText = (text: string, allowRemote: boolean): LoadTargets | string =>
  parseLoadTargets(
    text
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    allowRemote,
  );
