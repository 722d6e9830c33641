import type { Server } from 'node:http';

/** What every stand-in's start function resolves to. */
export interface RunningStandIn {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:12111`. */
  url: string;
  /** The port actually bound (useful when 0 was requested). */
  port: number;
  /** Stops listening, drops open connections and cancels held (timeout-fault) requests. */
  close(): Promise<void>;
}

/**
 * Binds the server and wires a close() that also ends keep-alive and deliberately held
 * connections; otherwise tests that inject timeouts would keep the process alive.
 */
export async function listenStandIn(
  server: Server,
  port: number,
  host: string,
  onClose: () => void,
): Promise<RunningStandIn> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        onClose();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
