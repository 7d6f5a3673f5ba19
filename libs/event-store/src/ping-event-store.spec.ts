import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { EmbeddedEventStore, startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { pingEventStore } from './ping-event-store';

describe('pingEventStore', () => {
  it('gives up after the timeout and cancels the read when the store never answers', async () => {
    const read = Object.assign(new PassThrough({ objectMode: true }), { cancel: jest.fn(async () => undefined) });
    const client = { readAll: jest.fn(() => read) } as unknown as EventStoreDBClient;

    await expect(pingEventStore(client, 50)).rejects.toThrow('no answer from the event store within 50 ms');
    expect(read.cancel).toHaveBeenCalled();
    expect(read.destroyed).toBe(true);
  });

  describe('against the embedded store', () => {
    let dataDir: string;
    let store: EmbeddedEventStore | undefined;
    let client: EventStoreDBClient | undefined;

    beforeEach(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'deal-room-ping-'));
    });

    afterEach(async () => {
      await client?.dispose();
      await store?.close();
      client = store = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('succeeds on an empty store and on one with events', async () => {
      store = await startEmbeddedEventStore({ dataDir });
      client = EventStoreDBClient.connectionString(store.connectionString);
      await pingEventStore(client, 2000);

      await client.appendToStream('ping-1', jsonEvent({ type: 'Pinged', data: {} }));
      await pingEventStore(client, 2000);
    });

    it('fails once the store is gone, and succeeds again when a store comes back on the same port', async () => {
      const port = await unusedPort();
      client = EventStoreDBClient.connectionString(`esdb://127.0.0.1:${port}?tls=false`);
      await expect(pingEventStore(client, 2000)).rejects.toThrow();

      store = await startEmbeddedEventStore({ dataDir, port });
      await pingEventStore(client, 2000);

      await store.close();
      store = undefined;
      await expect(pingEventStore(client, 2000)).rejects.toThrow();
    });
  });
});

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
