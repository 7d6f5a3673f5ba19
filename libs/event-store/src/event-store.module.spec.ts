import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, TestingModule } from '@nestjs/testing';
import { AccessDeniedError, binaryEvent, EventStoreDBClient, MaxAppendSizeExceededError } from '@eventstore/db-client';
import { EmbeddedEventStore, startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { EventStoreModule } from './event-store.module';
import { EMBEDDED_EVENT_STORE, EVENT_STORE_CLIENT } from './event-store.tokens';

async function failureOf(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('EventStoreModule with the embedded store', () => {
  let dataDir: string;
  let moduleRef: TestingModule;
  let embedded: EmbeddedEventStore;
  const others: EventStoreDBClient[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'event-store-module-'));
    moduleRef = await Test.createTestingModule({ imports: [EventStoreModule.forRoot({ dataDir, maxAppendSize: 4096 })] }).compile();
    await moduleRef.init();
    embedded = moduleRef.get(EMBEDDED_EVENT_STORE);
  });

  afterAll(async () => {
    for (const client of others) await client.dispose();
    await moduleRef?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const otherProcessAs = (credentials: string) => {
    const client = EventStoreDBClient.connectionString(embedded.connectionString.replace(/^esdb:\/\/[^@]*@/, `esdb://${credentials}`));
    others.push(client);
    return client;
  };

  it('serves the app with credentials only its own connection string carries', async () => {
    const app = moduleRef.get<EventStoreDBClient>(EVENT_STORE_CLIENT);
    await app.appendToStream('module-spec', binaryEvent({ type: 'Ok', data: Buffer.alloc(16) }));
    expect(embedded.connectionString).toMatch(/^esdb:\/\/admin:[A-Za-z0-9_-]{32}@localhost:\d+\?tls=true&/);

    // Another local process knows the port, the CA file and EventStoreDB's default passwords, but not the password.
    for (const credentials of ['admin:changeit@', 'ops:changeit@', '']) {
      const error = await failureOf(() => otherProcessAs(credentials).appendToStream('module-spec', binaryEvent({ type: 'Intruder', data: Buffer.alloc(1) })));
      expect(error).toBeInstanceOf(AccessDeniedError);
    }
  });

  it('passes EVENTSTORE_MAX_APPEND_SIZE on to the embedded store', async () => {
    const app = moduleRef.get<EventStoreDBClient>(EVENT_STORE_CLIENT);
    const error = await failureOf(() => app.appendToStream('module-spec-big', binaryEvent({ type: 'Big', data: Buffer.alloc(8192) })));
    expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
    expect((error as MaxAppendSizeExceededError).maxAppendSize).toBe(4096);
  });
});

describe('EventStoreModule closing while appends are under way', () => {
  it('lets every append finish before it closes the client, so each is acknowledged and stored', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'event-store-module-close-'));
    try {
      const moduleRef = await Test.createTestingModule({ imports: [EventStoreModule.forRoot({ dataDir })] }).compile();
      await moduleRef.init();
      const client = moduleRef.get<EventStoreDBClient>(EVENT_STORE_CLIENT);
      await client.appendToStream('close-warm-up', binaryEvent({ type: 'WarmUp', data: Buffer.alloc(1) }));
      // As at a SIGTERM with 64 commands writing: more than the client's batch stream buffers (16).
      const appends = Array.from({ length: 64 }, (_, i) => client.appendToStream(`close-under-${i}`, binaryEvent({ type: 'Probe', data: Buffer.alloc(8) })));
      await moduleRef.close();
      const outcomes = await Promise.allSettled(appends);
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);

      const reopened = await startEmbeddedEventStore({ dataDir, port: 0 });
      const reader = EventStoreDBClient.connectionString(reopened.connectionString);
      try {
        const typesIn = async (stream: string) => {
          const types: string[] = [];
          for await (const resolved of reader.readStream(stream)) types.push(resolved.event?.type ?? '');
          return types.join();
        };
        const stored = await Promise.all(appends.map((_, i) => typesIn(`close-under-${i}`)));
        expect(new Set(stored)).toEqual(new Set(['Probe']));
      } finally {
        await reader.dispose();
        await reopened.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
