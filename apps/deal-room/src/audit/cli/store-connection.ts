import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EventStoreDBClient } from '@eventstore/db-client';
import { runningStoreConnection, startEmbeddedEventStore } from '@deal-room/embedded-eventstore';

export interface StoreConnection {
  readonly client: EventStoreDBClient;
  /** Where the events come from, for the first line on stderr. */
  readonly source: string;
  close(): Promise<void>;
}

/**
 * The event store the way the app finds it: EVENTSTORE_CONNECTION_STRING when set; else, when an app (or
 * `npm run eventstore`) runs on the data directory, its store, found through the store's owner-only control
 * socket there (so the running store is audited live); else an embedded store of its own on the data
 * directory, which is how an auditor replays a copy on their own machine.
 */
export async function connectToStore(env: Readonly<Record<string, string | undefined>>, dataDir: string): Promise<StoreConnection> {
  const connectionString = env.EVENTSTORE_CONNECTION_STRING;
  if (connectionString !== undefined) {
    const client = EventStoreDBClient.connectionString(connectionString);
    return { client, source: 'EVENTSTORE_CONNECTION_STRING', close: () => client.dispose() };
  }
  // The embedded store would create an empty log in a mistyped directory and then find no round there.
  const log = join(dataDir, 'events.sqlite');
  if (!existsSync(log)) throw new Error(`There is no event store in ${dataDir}: ${log} does not exist.`);
  const running = await runningStoreConnection(dataDir);
  if (running !== null) {
    const client = EventStoreDBClient.connectionString(running);
    return { client, source: `the running store on ${dataDir}`, close: () => client.dispose() };
  }
  const store = await startEmbeddedEventStore({ dataDir });
  const client = EventStoreDBClient.connectionString(store.connectionString);
  return {
    client,
    source: `the embedded store on ${dataDir}`,
    close: async () => {
      await client.dispose();
      await store.close();
    },
  };
}
