import { parseArgs } from 'node:util';
import { startEmbeddedEventStore } from './embedded-server';
import { DEFAULT_MAX_APPEND_SIZE } from './event-store-server';
import { generatePassword } from './security/users';

const USAGE = `Usage: npm run eventstore -- --data-dir DIR [--port PORT] [--host HOST]
    [--admin-password PW] [--ops-password PW] [--max-append-size BYTES] [--allow-anonymous] [--insecure]

Each option may also come from the environment, under EventStoreDB's own names:
  EVENTSTORE_DEFAULT_ADMIN_PASSWORD, EVENTSTORE_DEFAULT_OPS_PASSWORD, EVENTSTORE_MAX_APPEND_SIZE,
  EVENTSTORE_ALLOW_ANONYMOUS_STREAM_ACCESS=true, EVENTSTORE_INSECURE=true.
Without a password, a random one is generated and printed.`;

const flag = (value: boolean | undefined, env: string | undefined, name: string): boolean => {
  if (value) return true;
  if (env === undefined) return false;
  if (env === 'true' || env === 'false') return env === 'true';
  throw new Error(`${name} must be true or false, got '${env}'.`);
};

/**
 * The embedded store as a standalone server: prints its connection string (credentials included) when
 * ready, stops on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '2113' },
      host: { type: 'string', default: '127.0.0.1' },
      'admin-password': { type: 'string' },
      'ops-password': { type: 'string' },
      'max-append-size': { type: 'string' },
      'allow-anonymous': { type: 'boolean' },
      insecure: { type: 'boolean' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const env = process.env;
  const dataDir = values['data-dir'];
  const port = Number(values.port);
  if (!dataDir) throw new Error(`--data-dir is required.\n${USAGE}`);
  if (!/^\d+$/.test(values.port ?? '') || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, got '${values.port}'.`);
  const maxAppendSizeText = values['max-append-size'] ?? env.EVENTSTORE_MAX_APPEND_SIZE;
  const maxAppendSize = maxAppendSizeText === undefined ? DEFAULT_MAX_APPEND_SIZE : Number(maxAppendSizeText);
  if (!Number.isSafeInteger(maxAppendSize) || maxAppendSize < 1) {
    throw new Error(`--max-append-size (EVENTSTORE_MAX_APPEND_SIZE) must be a positive integer of bytes, got '${maxAppendSizeText}'.`);
  }
  const insecure = flag(values.insecure, env.EVENTSTORE_INSECURE, 'EVENTSTORE_INSECURE');
  const allowAnonymous = flag(values['allow-anonymous'], env.EVENTSTORE_ALLOW_ANONYMOUS_STREAM_ACCESS, 'EVENTSTORE_ALLOW_ANONYMOUS_STREAM_ACCESS');
  const given = { admin: values['admin-password'] ?? env.EVENTSTORE_DEFAULT_ADMIN_PASSWORD, ops: values['ops-password'] ?? env.EVENTSTORE_DEFAULT_OPS_PASSWORD };
  for (const [account, password] of Object.entries(given)) {
    if (password === '') throw new Error(`The ${account} password must not be empty.`);
  }
  const adminPassword = given.admin ?? generatePassword();
  const opsPassword = given.ops ?? generatePassword();

  const store = await startEmbeddedEventStore({ dataDir, port, host: values.host, maxAppendSize, insecure, adminPassword, opsPassword, allowAnonymous });
  if (insecure) console.error('Insecure: no TLS, no authentication; every local process may read and write.');
  else {
    if (given.admin === undefined) console.error(`Generated password of admin: ${adminPassword}`);
    if (given.ops === undefined) console.error(`Generated password of ops: ${opsPassword}`);
  }
  console.log(store.connectionString);
  const stop = (signal: string) => {
    console.error(`Received ${signal}; stopping the event store.`);
    store.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
