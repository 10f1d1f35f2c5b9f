/** What `hotline load` may send load to, and the service command it starts (argv, never a shell). */

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

/**
 * Splits a command line as a POSIX shell splits words: spaces separate, '…' is literal, "…" keeps
 * spaces and honours \" and \\, a backslash outside quotes escapes the next character. No expansion.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new SyntaxError(`unclosed ' in: ${line}`);
      word += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && (line[j + 1] === '"' || line[j + 1] === '\\')) j++;
        word += line[j];
      }
      if (j >= line.length) throw new SyntaxError(`unclosed " in: ${line}`);
      i = j;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
