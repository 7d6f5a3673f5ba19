import { createConnection, createServer, Server } from 'node:net';
import { chmodSync, existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/**
 * The store's local control socket, `DATA_DIR/control/events.sock`: how a backup of a running store is taken,
 * and how a command on the same data directory finds the running store to read it live (`npm run audit`).
 *
 * The server holds an exclusive lock on its SQLite file, so no other process can read it while it runs; the
 * copy has to be made on the server's own connection. The socket is the authentication: it is a file in the
 * owner-only data directory, itself owner-only, in a directory of its own that is 0700 before the socket exists, so
 * only the account that can already read every file of the store (the secret included) can connect; a backup grants nothing that account does not already have. No
 * password travels, nothing listens on the network, and it works the same inside a container
 * (`docker compose exec`).
 *
 * Protocol: one JSON line each way. Requests: `{"kind":"backup","to":"/absolute/new/file"}`, answered
 * `{"ok":true,"head":N}` (the last `$all` position in the copy); `{"kind":"connection"}`, answered
 * `{"ok":true,"connectionString":"esdb://admin:PW@..."}` (the caller could read the recorded password and
 * the CA anyway). A failure is `{"ok":false,"error":"..."}`.
 */
export const CONTROL_SOCKET_FILE = join('control', 'events.sock');

/** Unix socket paths are limited to ~107 bytes on Linux (103 on macOS); a longer data directory has no socket. */
const MAX_SOCKET_PATH = 103;

export interface ControlHandlers {
  /** Writes a consistent copy of the log to `to` (a new file) and answers its head position. */
  backup(to: string): number;
  /** The connection string a client on this machine uses, credentials included. */
  connection(): string;
}

export type ControlRequest = { kind: 'backup'; to: string } | { kind: 'connection' };
export type ControlAnswer = { ok: true; head?: number; connectionString?: string } | { ok: false; error: string };

export function controlSocketPath(dataDir: string): string {
  return join(dataDir, CONTROL_SOCKET_FILE);
}

/**
 * Listens on the control socket, or answers null (with the reason) when the path is too long. A socket file
 * left by a killed server is removed first: the caller holds the store's exclusive lock, so no live server owns it.
 */
export async function listenOnControlSocket(
  dataDir: string,
  handlers: ControlHandlers,
): Promise<{ server: Server; path: string } | { server: null; reason: string }> {
  const path = controlSocketPath(dataDir);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    return { server: null, reason: `the data directory's path is too long for a Unix socket (${path})` };
  }
  const directory = join(dataDir, 'control');
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  chmodSync(directory, 0o700);
  if (existsSync(path)) unlinkSync(path);
  const server = createServer({ allowHalfOpen: false }, (socket) => {
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end < 0) {
        if (buffered.length > 64 * 1024) socket.destroy();
        return;
      }
      socket.end(`${JSON.stringify(answer(buffered.slice(0, end), handlers))}\n`);
    });
  });
  // Its directory is owner-only already, so nobody else reaches the socket before the chmod (a worker
  // thread cannot change the umask, so the socket's own mode is set once it exists).
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(path, () => {
      server.off('error', fail);
      done();
    });
  });
  chmodSync(path, 0o600);
  return { server, path };
}

function answer(line: string, handlers: ControlHandlers): ControlAnswer {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch {
    return { ok: false, error: 'the request is not JSON' };
  }
  const { kind, to } = (request ?? {}) as { kind?: unknown; to?: unknown };
  if (kind === 'connection') return { ok: true, connectionString: handlers.connection() };
  if (kind !== 'backup') return { ok: false, error: `unknown request kind ${JSON.stringify(kind)}; known: "backup", "connection"` };
  if (typeof to !== 'string' || !isAbsolute(to)) return { ok: false, error: '"to" must be an absolute path' };
  if (existsSync(to)) return { ok: false, error: `${to} exists: a backup goes to a new file` };
  try {
    return { ok: true, head: handlers.backup(to) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The client side: asks the running store at `dataDir` for something; rejects with ENOENT/ECONNREFUSED when none runs. */
export function askControlSocket(dataDir: string, request: ControlRequest): Promise<ControlAnswer> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(controlSocketPath(dataDir));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        resolve(JSON.parse(text) as ControlAnswer);
      } catch {
        reject(new Error(`the store answered something unreadable: ${JSON.stringify(text.slice(0, 200))}`));
      }
    });
  });
}

/**
 * The connection string of the store running on `dataDir` (credentials included), or null when none runs
 * there (no socket, or one left by a process that died). Another failure is thrown.
 */
export async function runningStoreConnection(dataDir: string): Promise<string | null> {
  let answer: ControlAnswer;
  try {
    answer = await askControlSocket(dataDir, { kind: 'connection' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED') return null;
    throw error;
  }
  if (!answer.ok || answer.connectionString === undefined) throw new Error(`the running event store did not give its address: ${answer.ok ? 'no connection string' : answer.error}`);
  return answer.connectionString;
}
