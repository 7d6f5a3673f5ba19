import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';

/** Milliseconds. */
export interface ServerTimeouts {
  /** From the connection's first byte to the end of the request headers. */
  readonly headers: number;
  /** From the first byte to the end of the request body: a body that trickles in is cut at this (408). */
  readonly request: number;
  /** A connection on which no byte moves either way for this long is closed (a reader that stopped reading). */
  readonly inactivity: number;
  /** How often Node looks for requests over `headers` or `request`: the overshoot of those bounds. */
  readonly checkInterval: number;
  /** On shutdown, how long requests under way may take to finish before every connection is closed. */
  readonly shutdownGrace: number;
}

/**
 * Node's defaults let a client hold a connection for 300 s by sending `Content-Length: 100` and 9 bytes
 * (requestTimeout, checked every 30 s), and `server.close()` waits for that request, so a SIGTERM took
 * minutes. A JSON body is at most 64 KiB: 30 s is generous for it on any link.
 */
export const SERVER_TIMEOUTS: ServerTimeouts = Object.freeze({
  headers: 10_000,
  request: 30_000,
  inactivity: 60_000,
  checkInterval: 1_000,
  shutdownGrace: 5_000,
});

/**
 * Sets the HTTP server's timeouts, and bounds its shutdown: idle connections are closed as soon as it
 * starts, and whatever is still open `shutdownGrace` later (a slow body, a stalled download) is closed
 * then. Call it before `app.listen()`: Node reads `checkInterval` when the server starts listening.
 */
export function applyServerTimeouts(app: INestApplication, overrides: Partial<ServerTimeouts> = {}): void {
  const timeouts = { ...SERVER_TIMEOUTS, ...overrides };
  const server: Server = app.getHttpServer();
  server.headersTimeout = timeouts.headers;
  server.requestTimeout = timeouts.request;
  // A public property Node reads on 'listening' (set by createServer's option), missing from @types/node.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = timeouts.checkInterval;
  // With no 'timeout' listener, Node destroys a socket that has been inactive this long.
  server.setTimeout(timeouts.inactivity);

  // Node has no event for the start of a close, and Nest's shutdown calls server.close(): hence the wrapper.
  const close = server.close.bind(server);
  server.close = ((callback?: (error?: Error) => void) => {
    close(callback);
    server.closeIdleConnections();
    const deadline = setTimeout(() => server.closeAllConnections(), timeouts.shutdownGrace);
    server.once('close', () => clearTimeout(deadline));
    return server;
  }) as Server['close'];
}
