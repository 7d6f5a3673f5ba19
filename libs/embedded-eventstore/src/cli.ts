import { parseArgs } from 'node:util';
import { startEmbeddedEventStore } from './embedded-server';

const USAGE = 'Usage: npm run eventstore -- --data-dir DIR [--port PORT] [--host HOST]';

/** The embedded store as a standalone server: prints its connection string when ready, stops on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '2113' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const dataDir = values['data-dir'];
  const port = Number(values.port);
  if (!dataDir) throw new Error(`--data-dir is required.\n${USAGE}`);
  if (!/^\d+$/.test(values.port ?? '') || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, got '${values.port}'.`);

  const store = await startEmbeddedEventStore({ dataDir, port, host: values.host });
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
