// A virtual X display for the headed-Chromium tests (scripts/setup.d/61-xvfb.sh installs Xvfb).
// startXvfb() starts `Xvfb :N -screen 0 1280x800x24` on a free display number (Xvfb picks it itself
// with -displayfd, so two test runs never race for one) and resolves once the server accepts
// clients; stop() ends it by its PID and waits for it to exit.
import { spawn } from 'node:child_process';

/** @returns {Promise<{ display: string; pid: number; stop(): Promise<void> }>} */
export function startXvfb({ screen = '1280x800x24', timeoutMs = 20_000 } = {}) {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', screen, '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let fd = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`Xvfb did not open a display within ${timeoutMs} ms: ${stderr.trim()}`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start Xvfb (${err.message}); install it with: bash scripts/setup.sh (scripts/setup.d/61-xvfb.sh)`));
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${signal ?? `exit code ${code}`}) before it opened a display: ${stderr.trim()}`));
    });
    // Xvfb writes the display number it took, then a newline, once it is ready for clients.
    child.stdio[3].setEncoding('utf8').on('data', (c) => {
      fd += c;
      if (!fd.includes('\n')) return;
      clearTimeout(timer);
      resolve({ display: `:${fd.trim()}`, pid: child.pid, stop });
    });
  });
}
