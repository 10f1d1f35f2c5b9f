/** TCP ports on the loopback: whether one accepts connections, and claiming a free one. */
import { connect, createServer } from 'node:net';

/** True when something accepts a TCP connection on host:port. */
export function portOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The port asked for is in use by another program. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(readonly port: number) {
    super(`port ${port} on 127.0.0.1 is already in use; stop what listens there or choose another port (0 picks a free one)`);
  }
}

/** Binds the port on 127.0.0.1 for a moment: 0 returns a free port, a taken port throws PortInUseError. */
export function claimPort(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new PortInUseError(port) : e));
    probe.listen(port, '127.0.0.1', () => {
      const got = (probe.address() as { port: number }).port;
      probe.close(() => resolve(got));
    });
  });
}
