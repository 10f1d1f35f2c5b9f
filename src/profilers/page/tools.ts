/**
 * Finds Lighthouse and Chromium the way a user's Hotline does: HOTLINE_LIGHTHOUSE, then `lighthouse`
 * on PATH, then the copy scripts/setup.d/60-web.sh installs in $HOTLINE_CACHE/lighthouse; CHROME_PATH,
 * then chromium / chromium-browser / google-chrome on PATH.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ProfilerNotFoundError } from '../errors';
import { findExecutable } from '../toolCheck';

export const LIGHTHOUSE_VERSION = '12.8.2';
const CACHE_HINT = '$HOTLINE_CACHE/lighthouse (default ~/.cache/hotline/lighthouse)';

export function findLighthouse(env: NodeJS.ProcessEnv = process.env): string {
  const cached = join(env.HOTLINE_CACHE ?? join(homedir(), '.cache', 'hotline'), 'lighthouse', 'node_modules', '.bin', 'lighthouse');
  const found = env.HOTLINE_LIGHTHOUSE ? findExecutable(env.HOTLINE_LIGHTHOUSE, env) : (findExecutable('lighthouse', env) ?? findExecutable(cached, env));
  if (found) return found;
  throw new ProfilerNotFoundError(
    'Lighthouse',
    `bash scripts/setup.d/60-web.sh (or: npm install --prefix ~/.cache/hotline/lighthouse lighthouse@${LIGHTHOUSE_VERSION}); Hotline looks in HOTLINE_LIGHTHOUSE, PATH and ${CACHE_HINT}`,
    env.HOTLINE_LIGHTHOUSE ?? 'lighthouse',
  );
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = env.CHROME_PATH ? [env.CHROME_PATH] : ['chromium', 'chromium-browser', 'google-chrome'];
  for (const c of candidates) {
    const found = findExecutable(c, env);
    if (found) return found;
  }
  throw new ProfilerNotFoundError(
    'Chromium',
    'sudo apt-get install -y chromium (Debian/Ubuntu), or set CHROME_PATH to a Chrome or Chromium binary',
    candidates.join(' / '),
  );
}
