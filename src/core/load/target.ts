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
