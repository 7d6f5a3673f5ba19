import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, jsonEvent, NO_STREAM } from '@eventstore/db-client';
import { EmbeddedEventStore, startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { AppMetrics } from './app-metrics';
import { instrumentClient } from './instrument-client';

describe('instrumentClient', () => {
  let dataDir: string;
  let store: EmbeddedEventStore;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'deal-room-metrics-'));
    store = await startEmbeddedEventStore({ dataDir });
    client = EventStoreDBClient.connectionString(store.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts appends that went through and those refused for a wrong expected revision', async () => {
    const metrics = new AppMetrics();
    instrumentClient(client, metrics);
    const event = () => jsonEvent({ type: 'Tested', data: {} });
    await client.appendToStream('metrics-1', event(), { expectedRevision: NO_STREAM });
    await expect(client.appendToStream('metrics-1', event(), { expectedRevision: NO_STREAM })).rejects.toThrow();

    expect((await metrics.appends.get()).values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { outcome: 'ok' }, value: 1 }),
        expect.objectContaining({ labels: { outcome: 'conflict' }, value: 1 }),
      ]),
    );
    expect((await metrics.appendConflicts.get()).values[0].value).toBe(1);
  });
});
