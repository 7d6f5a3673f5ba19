import { BACKWARDS, END, EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { EmbeddedEventStore, startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventCodec } from './event-codec';
import { keyOf, StreamStateCache } from './stream-state-cache';
import { StreamStates } from './stream-states';
import { snapshotStreamOf } from './stream-snapshots';

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

  it('shares one read among the calls that arrive while another is under way, and never answers a call from a read that began before it', async () => {
    const stream = `added-${randomUUID()}`;
    await client.appendToStream(stream, [added(1)]);
    const states = new StreamStates(client, model, new StreamStateCache(1 << 20));
    await states.current(stream);
    const readStream = client.readStream.bind(client);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const reads = jest.spyOn(client, 'readStream');
    // The first read answers as a read that began before event 2 was written would, and only once the
    // gate opens: the calls made meanwhile arrive after event 2 was acknowledged, while it is under way.
    reads.mockImplementationOnce(((name: string, options: Parameters<typeof client.readStream>[1]) =>
      (async function* () {
        const events = [];
        for await (const resolved of readStream(name, options)) if (resolved.event!.revision === 0n) events.push(resolved);
        await gate;
        yield* events;
      })()) as unknown as typeof client.readStream);
    try {
      const first = states.current(stream);
      await client.appendToStream(stream, [added(2)]);
      const later = Array.from({ length: 15 }, () => states.current(stream));
      release();
      const results = await Promise.all([first, ...later]);
      for (const result of results.slice(1)) expect(result.state).toEqual([1, 2]);
      // Sixteen calls, two reads: the one under way and the one the fifteen shared.
      expect(reads).toHaveBeenCalledTimes(2);
    } finally {
      reads.mockRestore();
    }
  });

  describe('with snapshots every 10 events', () => {
    // Counts the events folded, so a test sees how much of the stream a cold read went through.
    const counting = (version = 'v1') => {
      const folded = { count: 0 };
      const evolve = (state: number[], event: Added) => {
        folded.count += 1;
        return [...state, event.n];
      };
      return { folded, model: { ...model, evolve, snapshots: { version, every: 10 } } };
    };
    const append = async (stream: string, from: number, to: number) => {
      for (let n = from; n <= to; n += 1) await client.appendToStream(stream, added(n, n % 7 === 0 ? `k${n}` : null));
    };
    const readBack = async (name: string) => {
      // The snapshot stream's own revision counts the snapshots written; its data names the state's revision.
      const snapshots: string[] = [];
      for await (const { event } of client.readStream(name, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        snapshots.push(`snapshot ${event!.revision} of revision ${(event!.data as { revision: string }).revision}`);
      }
      return snapshots;
    };
    const numbers = (to: number) => Array.from({ length: to }, (_, index) => index + 1);

    it('writes one when a fold passes a multiple of 10, and a cold read then folds only the events after it', async () => {
      const stream = `added-${randomUUID()}`;
      await append(stream, 1, 23);
      const writer = new StreamStates(client, counting().model, new StreamStateCache(1 << 20));
      await writer.current(stream);
      await writer.settled();

      await append(stream, 24, 26);
      const { folded, model: coldModel } = counting();
      const cold = await new StreamStates(client, coldModel, new StreamStateCache(1 << 20)).current(stream);
      expect({ state: cold.state, revision: cold.revision, events: cold.events, headHash: cold.headHash }).toEqual({ state: numbers(26), revision: 25n, events: 26, headHash: 'hash of 26' });
      // The snapshot holds events 1..23; only 24..26 are folded.
      expect(folded.count).toBe(3);
      // Answers under keys older than the snapshot come back with it.
      expect([...cold.keys.keys()].sort()).toEqual(['k14', 'k21', 'k7'].map((key) => keyOf('dana', key)).sort());
      // Only the latest snapshot is kept.
      const metadata = await client.getStreamMetadata(snapshotStreamOf(stream));
      expect(metadata.metadata?.maxCount).toBe(1);
    });

    it('folds a cold stream once for many requests at the same moment, and each sees what was written before it asked', async () => {
      const stream = `added-${randomUUID()}`;
      await append(stream, 1, 8);
      const { folded, model: countingModel } = counting();
      const states = new StreamStates(client, countingModel, new StreamStateCache(1 << 20));
      const early = Array.from({ length: 8 }, () => states.current(stream));
      await append(stream, 9, 9);
      // Asked after event 9 was written: it must see it, though the load it joins may not.
      const late = states.current(stream);
      const results = await Promise.all([...early, late]);
      expect(results.map((result) => result.state.length).every((length) => length >= 8)).toBe(true);
      expect((await late).state).toEqual(numbers(9));
      // One whole fold of the 8 events; each of the 9 requests then folds at most event 9 on its own.
      // Eight loads of their own would have folded 64 or more.
      expect(folded.count).toBeLessThanOrEqual(8 + 9);
    });

    it('writes none on reads of a stream it cannot keep, only as the stream passes a multiple of 10', async () => {
      const stream = `added-${randomUUID()}`;
      await append(stream, 1, 12);
      const keepsNothing = new StreamStates(client, counting().model, new StreamStateCache(0));
      const latestSnapshot = async () => {
        await keepsNothing.settled();
        const [latest] = await readBack(snapshotStreamOf(stream));
        return latest;
      };
      await keepsNothing.current(stream);
      expect(await latestSnapshot()).toBe('snapshot 0 of revision 11');
      await keepsNothing.current(stream);
      await append(stream, 13, 19);
      await keepsNothing.current(stream);
      expect(await latestSnapshot()).toBe('snapshot 0 of revision 11');
      await append(stream, 20, 20);
      expect((await keepsNothing.current(stream)).state).toEqual(numbers(20));
      expect(await latestSnapshot()).toBe('snapshot 1 of revision 19');
    });

    it('ignores a snapshot of another version, and one that no longer matches the stream', async () => {
      const stream = `added-${randomUUID()}`;
      await append(stream, 1, 12);
      const writer = new StreamStates(client, counting().model, new StreamStateCache(1 << 20));
      await writer.current(stream);
      await writer.settled();

      const otherVersion = counting('v2');
      expect((await new StreamStates(client, otherVersion.model, new StreamStateCache(1 << 20)).current(stream)).state).toEqual(numbers(12));
      expect(otherVersion.folded.count).toBe(12);

      // A snapshot whose state does not come from the events it names (written by hand, or by a bug).
      const forged = { version: 'v1', revision: '11', headHash: 'not the hash of 12', events: 12, state: [999], keys: [] };
      await client.appendToStream(snapshotStreamOf(stream), jsonEvent({ type: 'deal-room.StreamSnapshot.v1', data: forged }));
      const checked = counting();
      expect((await new StreamStates(client, checked.model, new StreamStateCache(1 << 20)).current(stream)).state).toEqual(numbers(12));
      expect(checked.folded.count).toBe(12);

      // The stream deleted and written again with other events: the snapshot's anchor is gone.
      await client.deleteStream(stream);
      for (let n = 101; n <= 115; n += 1) await client.appendToStream(stream, added(n));
      const rewritten = counting();
      const state = await new StreamStates(client, rewritten.model, new StreamStateCache(1 << 20)).current(stream);
      expect(state.state).toEqual(Array.from({ length: 15 }, (_, index) => 101 + index));
      expect(rewritten.folded.count).toBe(15);
    });
  });
});
