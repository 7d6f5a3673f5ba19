import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttp2Server, Http2Session } from 'node:http2';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { EmbeddedEventStore, startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { pingEventStore, readHeadPosition } from './ping-event-store';

const READ_CALL = '/event_store.client.streams.Streams/Read';

describe('pingEventStore', () => {
  let dataDir: string;
  let store: EmbeddedEventStore | undefined;
  let client: EventStoreDBClient | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'deal-room-ping-'));
  });

  afterEach(async () => {
    // Also the check that a timed-out read was cancelled: dispose() waits for every read still open.
    await client?.dispose();
    await store?.close();
    client = store = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives up after the timeout and cancels its read when the store takes the call but never answers', async () => {
    // Speaks HTTP/2 and takes the gRPC call, then says nothing more: a hung server.
    const sessions: Http2Session[] = [];
    const calls: string[] = [];
    const cancelled: string[] = [];
    const silent = createHttp2Server();
    silent.on('session', (session) => void sessions.push(session));
    silent.on('stream', (stream, headers) => {
      calls.push(String(headers[':path']));
      stream.on('close', () => cancelled.push(String(headers[':path'])));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      client = EventStoreDBClient.connectionString(`esdb://127.0.0.1:${(silent.address() as AddressInfo).port}?tls=false`);
      await expect(pingEventStore(client, 500)).rejects.toThrow('no answer from the event store within 500 ms');
      expect(calls).toEqual([READ_CALL]);
      // Cancelled by the ping itself, not left open for dispose() to find.
      await waitUntil(() => cancelled.length > 0, 5000, 'the client to cancel the read');
      expect(cancelled).toEqual([READ_CALL]);
    } finally {
      for (const session of sessions) session.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  describe('against the embedded store', () => {
    it('answers the head of $all: none on an empty store, then the position of the last event', async () => {
      store = await startEmbeddedEventStore({ dataDir });
      client = EventStoreDBClient.connectionString(store.connectionString);
      expect(await readHeadPosition(client, 2000)).toBeNull();
      await expect(pingEventStore(client, 2000)).resolves.toBeUndefined();

      await client.appendToStream('ping-1', jsonEvent({ type: 'Pinged', data: {} }));
      const written = await client.appendToStream('ping-2', jsonEvent({ type: 'Pinged', data: {} }));
      expect(await readHeadPosition(client, 2000)).toEqual(written.position);
      await expect(pingEventStore(client, 2000)).resolves.toBeUndefined();
    });

    it('fails once the store is gone, and succeeds again when a store comes back on the same port', async () => {
      const port = await unusedPort();
      client = EventStoreDBClient.connectionString(`esdb://127.0.0.1:${port}?tls=false`);
      await expect(pingEventStore(client, 2000)).rejects.toThrow();

      // Insecure, so that the client made before the store existed (tls=false, no credentials) can use it.
      store = await startEmbeddedEventStore({ dataDir, port, insecure: true });
      await expect(pingEventStore(client, 2000)).resolves.toBeUndefined();

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

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
