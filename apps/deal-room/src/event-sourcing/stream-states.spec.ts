import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { EmbeddedEventStore, startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventCodec } from './event-codec';
import { keyOf, StreamStateCache } from './stream-state-cache';
import { StreamStates } from './stream-states';

type Added = { type: 'Added'; n: number };
const codec: EventCodec<Added> = {
  serialize: (event) => ({ type: 'test.Added.v1', data: { n: event.n } }),
  deserialize: (_type, data) => ({ type: 'Added', n: (data as { n: number }).n }),
  schemaVersionOf: () => 1,
};
const model = { codec, initialState: () => [] as number[], evolve: (state: number[], event: Added) => [...state, event.n] };

// An event as the write path stamps it; only the fields the kept state reads matter here.
const added = (n: number, key: string | null = null) =>
  jsonEvent({
    type: 'test.Added.v1',
    data: { n },
    metadata: {
      actor: { sub: 'dana', role: 'deal-lead', investorId: null },
      correlationId: 'c',
      causationId: 'c',
      idempotencyKey: key,
      requestFingerprint: key && `fingerprint of ${key}`,
      schemaVersion: 1,
      recordedAt: '2026-12-04T00:00:00.000Z',
      ...(key ? { answer: { created: true, body: { n } } } : {}),
      prevHash: 'p',
      hash: `hash of ${n}`,
    },
  });

describe('StreamStates on the embedded event store', () => {
  let store: EmbeddedEventStore;
  let client: EventStoreDBClient;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'stream-states-'));
    store = await startEmbeddedEventStore({ dataDir });
    client = EventStoreDBClient.connectionString(store.connectionString);
  });

  afterAll(async () => {
    await client.dispose();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('folds a stream it does not keep yet, with its head hash and the answers under its keys', async () => {
    const stream = `added-${randomUUID()}`;
    await client.appendToStream(stream, [added(1), added(2, 'k2'), added(3)]);
    const states = new StreamStates(client, model, new StreamStateCache(1 << 20));
    const state = await states.current(stream);
    expect({ ...state, keys: [...state.keys] }).toEqual({
      state: [1, 2, 3],
      revision: 2n,
      headHash: 'hash of 3',
      events: 3,
      keys: [[keyOf('dana', 'k2'), { fingerprint: 'fingerprint of k2', answer: { created: true, body: { n: 2 } }, revision: 1n, position: expect.any(BigInt) }]],
    });
    expect(states.kept(stream)).toBe(state);
  });

  it('catches a kept state up with only the events written since, and keeps nothing for a stream with none', async () => {
    const stream = `added-${randomUUID()}`;
    await client.appendToStream(stream, [added(1)]);
    const states = new StreamStates(client, model, new StreamStateCache(1 << 20));
    const first = await states.current(stream);
    expect(await states.current(stream)).toBe(first);
    await client.appendToStream(stream, [added(2, 'k'), added(3)]);
    const later = await states.current(stream);
    expect({ state: later.state, revision: later.revision, events: later.events, headHash: later.headHash, keys: [...later.keys.keys()] }).toEqual({
      state: [1, 2, 3],
      revision: 2n,
      events: 3,
      headHash: 'hash of 3',
      keys: [keyOf('dana', 'k')],
    });
    const missing = `added-${randomUUID()}`;
    expect(await states.current(missing)).toMatchObject({ revision: null, events: 0, state: [] });
    expect(states.kept(missing)).toBeUndefined();
  });
});
