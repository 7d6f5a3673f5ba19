import { parseArgs } from 'node:util';
import { DEFAULT_MAX_APPEND_SIZE, EmbeddedEventStoreOptions } from './event-store-server';

export const EVENTSTORE_USAGE = `Usage: npm run eventstore -- [--data-dir DIR] [--port PORT] [--host HOST]
    [--admin-password PW] [--ops-password PW] [--max-append-size BYTES] [--allow-anonymous] [--insecure]

Runs the embedded event store on its own: the gRPC API of EventStoreDB 23.10+ that @eventstore/db-client
6.x speaks, over TLS with its own certificate (DIR/tls/ca.crt to trust) and the admin and ops accounts.
Prints its connection string (credentials included) on stdout when ready; stops on Ctrl-C or SIGTERM.
The data directory is the one rule's: --data-dir, else DATA_DIR, else ./data; a running app holds its
store, so point this at a copy (npm run backup) or stop the app.

Options (each may also come from the environment, under EventStoreDB's own name):
  --data-dir <dir>          where events.sqlite is (created if missing)
  --port <n>                TCP port, 0 to 65535; 0 picks a free one (default 2113)
  --host <address>          interface to listen on (default 127.0.0.1)
  --admin-password <pw>     the admin account's password  EVENTSTORE_DEFAULT_ADMIN_PASSWORD
  --ops-password <pw>       the ops account's password    EVENTSTORE_DEFAULT_OPS_PASSWORD
                            (not given: a random one, printed on stderr)
  --max-append-size <bytes> largest append (default ${DEFAULT_MAX_APPEND_SIZE})  EVENTSTORE_MAX_APPEND_SIZE
  --allow-anonymous         calls without credentials may use streams open to $all
                                                          EVENTSTORE_ALLOW_ANONYMOUS_STREAM_ACCESS=true
  --insecure                plain gRPC, no TLS, no authentication  EVENTSTORE_INSECURE=true
  -h, --help                show this help

Exit status: 0 stopped by a signal, 1 the store failed (a data directory in use, a port taken),
2 bad usage.
`;

type Env = Readonly<Record<string, string | undefined>>;

export type EventStoreInvocation =
  | { readonly kind: 'help' }
  | { readonly kind: 'usage-error'; readonly problems: readonly string[] }
  | {
      readonly kind: 'run';
      readonly options: EmbeddedEventStoreOptions & { host: string; port: number };
      /** Passwords given neither as an option nor in the environment. */
      readonly missingPasswords: ReadonlyArray<'admin' | 'ops'>;
    };

/** The command line and environment of `npm run eventstore`, every problem named at once. */
export function parseEventStoreArgs(args: readonly string[], env: Env): EventStoreInvocation {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'admin-password': { type: 'string' },
        'ops-password': { type: 'string' },
        'max-append-size': { type: 'string' },
        'allow-anonymous': { type: 'boolean' },
        insecure: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'usage-error', problems: [error instanceof Error ? error.message : String(error)] };
  }
  if (values.help) return { kind: 'help' };

  const problems: string[] = [];
  const dataDir = values['data-dir'] ?? env.DATA_DIR ?? './data';
  if (dataDir.trim() === '') problems.push(`${values['data-dir'] !== undefined ? '--data-dir' : 'DATA_DIR'} must be a non-empty path`);
  const portText = values.port ?? '2113';
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535) problems.push(`--port must be an integer from 0 to 65535, got ${JSON.stringify(portText)}`);
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') problems.push('--host must not be empty');
  const maxAppendSizeText = values['max-append-size'] ?? env.EVENTSTORE_MAX_APPEND_SIZE;
  const maxAppendSize = maxAppendSizeText === undefined ? DEFAULT_MAX_APPEND_SIZE : /^\d+$/.test(maxAppendSizeText) ? Number(maxAppendSizeText) : NaN;
  if (!Number.isSafeInteger(maxAppendSize) || maxAppendSize < 1) {
    problems.push(`--max-append-size (EVENTSTORE_MAX_APPEND_SIZE) must be a whole number of bytes from 1, got ${JSON.stringify(maxAppendSizeText)}`);
  }
  const flag = (given: boolean | undefined, name: string): boolean => {
    if (given) return true;
    const text = env[name];
    if (text === undefined || text === 'false') return false;
    if (text === 'true') return true;
    problems.push(`${name} must be true or false, got ${JSON.stringify(text)}`);
    return false;
  };
  const insecure = flag(values.insecure, 'EVENTSTORE_INSECURE');
  const allowAnonymous = flag(values['allow-anonymous'], 'EVENTSTORE_ALLOW_ANONYMOUS_STREAM_ACCESS');
  const adminPassword = values['admin-password'] ?? env.EVENTSTORE_DEFAULT_ADMIN_PASSWORD;
  const opsPassword = values['ops-password'] ?? env.EVENTSTORE_DEFAULT_OPS_PASSWORD;
  if (adminPassword === '') problems.push('the admin password must not be empty');
  if (opsPassword === '') problems.push('the ops password must not be empty');
  if (problems.length > 0) return { kind: 'usage-error', problems };

  const missingPasswords = [...(adminPassword === undefined ? ['admin' as const] : []), ...(opsPassword === undefined ? ['ops' as const] : [])];
  return { kind: 'run', options: { dataDir, port, host, maxAppendSize, insecure, allowAnonymous, adminPassword, opsPassword }, missingPasswords };
}
