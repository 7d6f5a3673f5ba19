import { EVENTSTORE_USAGE, parseEventStoreArgs } from './cli-args';
import { startEmbeddedEventStore } from './embedded-server';
import { generatePassword } from './security/users';

/**
 * The embedded store as a standalone server: prints its connection string (credentials included) when
 * ready, stops on SIGINT/SIGTERM. Exit 2 for bad usage (like the other commands), 1 when the store fails.
 */
async function main(): Promise<number | null> {
  const invocation = parseEventStoreArgs(process.argv.slice(2), process.env);
  if (invocation.kind === 'help') {
    process.stdout.write(EVENTSTORE_USAGE);
    return 0;
  }
  if (invocation.kind === 'usage-error') {
    process.stderr.write(`${invocation.problems.map((problem) => `error: ${problem}`).join('\n')}\n\n${EVENTSTORE_USAGE}`);
    return 2;
  }
  const { options, missingPasswords } = invocation;
  const adminPassword = options.adminPassword ?? generatePassword();
  const opsPassword = options.opsPassword ?? generatePassword();
  const store = await startEmbeddedEventStore({ ...options, adminPassword, opsPassword });
  if (options.insecure) console.error('Insecure: no TLS, no authentication; every local process may read and write.');
  else {
    if (missingPasswords.includes('admin')) console.error(`Generated password of admin: ${adminPassword}`);
    if (missingPasswords.includes('ops')) console.error(`Generated password of ops: ${opsPassword}`);
  }
  console.log(store.connectionString);
  const stop = (signal: string) => {
    console.error(`Received ${signal}; stopping the event store.`);
    store.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return null;
}

main().then(
  (code) => {
    if (code !== null) process.exitCode = code;
  },
  (error: Error) => {
    console.error(`error: ${error.message}`);
    process.exit(1);
  },
);
