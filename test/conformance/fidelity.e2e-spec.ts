import {
  ANY,
  BACKWARDS,
  binaryEvent,
  CancelledError,
  DeadlineExceededError,
  EventStoreDBClient,
  END,
  excludeSystemEvents,
  jsonEvent,
  NO_STREAM,
  Position,
  ResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import {
  adminCredentials,
  appendPaths,
  captureError,
  describeEmbedded,
  disposeClient,
  makeTempDir,
  removeDir,
  probeEvents,
  readAllEvents,
  readStreamEvents,
  sleep,
  streamName,
  useEventStore,
  waitFor,
} from './harness';
import { collectUntil } from './subscription-helpers';

/**
 * Behaviour the official client's own tests and a model of EventStoreDB found missing or wrong in the
 * embedded store (issue 15). Expectations come from EventStoreDB's documentation and server source (the
 * commit-check rules of its index writer, soft delete as `$tb = long.MaxValue`, `$maxCount` 1 on
 * metastreams), and from the client's own test suite where it pins a behaviour down.
 */
describe('fidelity to EventStoreDB', () => {
  const store = useEventStore();

  const readResolved = async (stream: string, resolveLinkTos: boolean): Promise<ResolvedEvent[]> => {
    const out: ResolvedEvent[] = [];
    for await (const resolved of store.client.readStream(stream, { resolveLinkTos })) out.push(resolved);
    return out;
  };

  /** Reads a stream expecting no events; a fully truncated stream may answer empty or not found. */
  const expectNoEvents = async (stream: string) => {
    const events = await readStreamEvents(store.client, stream).catch((error: Error) => {
      expect(error).toBeInstanceOf(StreamNotFoundError);
      return [];
    });
    expect(events).toEqual([]);
  };

  describe('links ($> events) with resolveLinkTos', () => {
    const linked = async () => {
      const target = streamName('link_to');
      const source = streamName('link_from');
      const targets = probeEvents(4, 'Linked');
      await store.client.appendToStream(target, targets, { expectedRevision: NO_STREAM });
      const link = binaryEvent({ type: '$>', data: Buffer.from(`2@${target}`, 'utf8') });
      const missing = binaryEvent({ type: '$>', data: Buffer.from(`99@${target}`, 'utf8') });
      await store.client.appendToStream(source, [link, missing], { expectedRevision: NO_STREAM });
      return { target, source, targets, link, missing };
    };

    it('readStream answers the linked event as event and the $> event as link', async () => {
      const { target, source, targets, link, missing } = await linked();
      const [resolved, unresolved] = await readResolved(source, true);
      expect(resolved.event?.id).toBe(targets[2].id);
      expect(resolved.event?.streamId).toBe(target);
      expect(resolved.event?.revision).toBe(2n);
      expect(resolved.link?.id).toBe(link.id);
      expect(resolved.link?.streamId).toBe(source);
      expect(resolved.link?.type).toBe('$>');
      // A link to an event that does not exist cannot be resolved: the link alone comes back.
      expect(unresolved.event).toBeUndefined();
      expect(unresolved.link?.id).toBe(missing.id);

      const [plain] = await readResolved(source, false);
      expect(plain.event?.id).toBe(link.id);
      expect(plain.link).toBeUndefined();
    });

    it('readAll and subscriptions resolve links too', async () => {
      const { source, targets, link } = await linked();
      const tail: ResolvedEvent[] = [];
      for await (const resolved of store.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 10, resolveLinkTos: true })) {
        tail.push(resolved);
      }
      const fromAll = tail.find((resolved) => resolved.link?.id === link.id);
      expect(fromAll?.event?.id).toBe(targets[2].id);

      const subscription = store.client.subscribeToStream(source, { fromRevision: START, resolveLinkTos: true });
      const seen: ResolvedEvent[] = [];
      try {
        for await (const resolved of subscription) {
          seen.push(resolved);
          if (seen.length === 2) break;
        }
      } finally {
        await subscription.unsubscribe();
      }
      expect(seen[0].event?.id).toBe(targets[2].id);
      expect(seen[0].link?.id).toBe(link.id);
    });
  });

  describe.each(appendPaths)('deadlines, through $path', ({ callOptions }) => {
    it('an append whose deadline passes fails with DeadlineExceededError and writes nothing', async () => {
      const stream = streamName('deadline');
      const error = await captureError(() =>
        store.client.appendToStream(stream, probeEvents(5_000), { ...callOptions, deadline: 1 }),
      );
      expect(error).toBeInstanceOf(DeadlineExceededError);
      await sleep(200);
      expect(await captureError(() => readStreamEvents(store.client, stream))).toBeInstanceOf(StreamNotFoundError);
    });
  });

  describe('filtered $all subscription checkpoints', () => {
    const lastPosition = async (): Promise<Position> => {
      const marker = await store.client.appendToStream(streamName('marker'), jsonEvent({ type: 'Marker', data: {} }));
      return marker.position!;
    };

    const countCheckpoints = async (write: () => Promise<void>, finish: string) => {
      const checkpoints: Position[] = [];
      const subscription = store.client.subscribeToAll({
        fromPosition: await lastPosition(),
        filter: excludeSystemEvents({ checkpointInterval: 2, checkpointReached: (_s, position) => void checkpoints.push(position) }),
      });
      const received = collectUntil(subscription, { until: (events) => events.some((e) => e.type === finish), timeoutMs: 60_000 });
      await write();
      await received;
      return checkpoints.length;
    };

    it('come one per checkpointInterval x 32 scanned events, not after every live append', async () => {
      const stream = streamName('checkpoints');
      const finish = `finish-${stream}`;
      const count = await countCheckpoints(async () => {
        for (let i = 0; i < 20; i++) {
          await store.client.appendToStream(stream, jsonEvent({ type: 'Live', data: { i } }));
          await sleep(10);
        }
        await store.client.appendToStream(stream, jsonEvent({ type: finish, data: {} }));
      }, finish);
      // 21 events scanned, fewer than one interval of 64: at most the one checkpoint when catch-up ends.
      expect(count).toBeLessThanOrEqual(1);
    });

    it('over 384 live events, 6 checkpoints, or 7 with the one at catch-up', async () => {
      const stream = streamName('checkpoints');
      const finish = `finish-${stream}`;
      const count = await countCheckpoints(async () => {
        for (let i = 0; i < 18; i++) {
          await store.client.appendToStream(stream, probeEvents(20));
          await sleep(10);
        }
        await store.client.appendToStream(stream, [...probeEvents(23), jsonEvent({ type: finish, data: {} })]);
      }, finish);
      expect(count).toBeGreaterThanOrEqual(6);
      expect(count).toBeLessThanOrEqual(7);
    });
  });

  describe('idempotent appends', () => {
    it('refuses a retry that starts like an earlier append and then differs (no event written twice)', async () => {
      const stream = streamName();
      const [a, b, c] = probeEvents(3);
      await store.client.appendToStream(stream, [a, b], { expectedRevision: ANY });
      const error = await captureError(() => store.client.appendToStream(stream, [a, c], { expectedRevision: ANY }));
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect((error as WrongExpectedVersionError).actualVersion).toBe(1n);
      const again = await store.client.appendToStream(stream, [a, b], { expectedRevision: ANY });
      expect(again.nextExpectedRevision).toBe(1n);
      expect((await readStreamEvents(store.client, stream)).map((e) => e.id)).toEqual([a.id, b.id]);
    });

    it('answers a retry of events now before $tb with no position', async () => {
      const stream = streamName();
      const first = probeEvents(2);
      await store.client.appendToStream(stream, first, { expectedRevision: NO_STREAM });
      await store.client.appendToStream(stream, probeEvents(3), { expectedRevision: 1n });
      await store.client.setStreamMetadata(stream, { truncateBefore: 3 });
      const retry = await store.client.appendToStream(stream, first, { expectedRevision: NO_STREAM });
      expect(retry.nextExpectedRevision).toBe(1n);
      expect(retry.position).toBeUndefined();
    });
  });

  describe('soft delete', () => {
    it('of a stream with neither events nor metadata fails with WrongExpectedVersionError (expected -2, actual -1)', async () => {
      const stream = streamName();
      const error = await captureError(() => store.client.deleteStream(stream));
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect((error as WrongExpectedVersionError).expectedVersion).toBe(-2n);
      expect((error as WrongExpectedVersionError).actualVersion).toBe(-1n);

      const wrong = await captureError(() => store.client.deleteStream(stream, { expectedRevision: 5n }));
      expect((wrong as WrongExpectedVersionError).actualVersion).toBe(-1n);
    });

    it('of a stream with metadata but no events succeeds: it exists implicitly', async () => {
      const stream = streamName();
      await store.client.setStreamMetadata(stream, { owner: 'someone' });
      await store.client.deleteStream(stream, { expectedRevision: NO_STREAM });
      expect(Object.keys((await store.client.getStreamMetadata(stream)).metadata ?? {})).toEqual(['truncateBefore']);
    });

    it('writes only $tb: the earlier metadata is gone', async () => {
      const stream = streamName();
      await store.client.appendToStream(stream, probeEvents(2), { expectedRevision: NO_STREAM });
      await store.client.setStreamMetadata(stream, { maxCount: 10, owner: 'someone' });
      await store.client.deleteStream(stream);
      const { metadata } = await store.client.getStreamMetadata(stream);
      expect(Object.keys(metadata ?? {})).toEqual(['truncateBefore']);
    });

    it('keeps the events deleted when metadata is set afterwards ($tb becomes the next revision)', async () => {
      const stream = streamName();
      await store.client.appendToStream(stream, probeEvents(2), { expectedRevision: NO_STREAM });
      await store.client.deleteStream(stream);
      await store.client.setStreamMetadata(stream, { maxCount: 100 });
      await expectNoEvents(stream);
      const { metadata } = await store.client.getStreamMetadata(stream);
      expect(metadata).toEqual({ maxCount: 100, truncateBefore: 2 });
      await store.client.appendToStream(stream, probeEvents(1), { expectedRevision: 1n });
      expect((await readStreamEvents(store.client, stream)).map((e) => e.revision)).toEqual([2n]);
    });

    it('of a soft-deleted stream keeps it deleted', async () => {
      const stream = streamName();
      await store.client.appendToStream(stream, probeEvents(2), { expectedRevision: NO_STREAM });
      await store.client.deleteStream(stream);
      await store.client.deleteStream(stream);
      expect(await captureError(() => readStreamEvents(store.client, stream))).toBeInstanceOf(StreamNotFoundError);
    });

    it('answers STREAM_EXISTS with StreamDeletedError, also for an idempotent retry', async () => {
      const stream = streamName();
      const events = probeEvents(2);
      await store.client.appendToStream(stream, events, { expectedRevision: NO_STREAM });
      await store.client.deleteStream(stream);
      expect(await captureError(() => store.client.appendToStream(stream, probeEvents(1), { expectedRevision: STREAM_EXISTS }))).toBeInstanceOf(
        StreamDeletedError,
      );
      expect(await captureError(() => store.client.appendToStream(stream, events, { expectedRevision: STREAM_EXISTS }))).toBeInstanceOf(
        StreamDeletedError,
      );
    });
  });

  it('STREAM_EXISTS holds for a stream that has metadata but no events', async () => {
    const stream = streamName();
    await store.client.setStreamMetadata(stream, { owner: 'first' });
    const result = await store.client.appendToStream(stream, probeEvents(1), { expectedRevision: STREAM_EXISTS });
    expect(result.nextExpectedRevision).toBe(0n);
  });

  describe('after a tombstone', () => {
    it('metadata can be neither read nor written, and $$stream reads as deleted', async () => {
      const stream = streamName();
      await store.client.appendToStream(stream, probeEvents(1), { expectedRevision: NO_STREAM });
      await store.client.setStreamMetadata(stream, { owner: 'before' });
      await store.client.tombstoneStream(stream);
      expect(await captureError(() => store.client.setStreamMetadata(stream, { owner: 'after' }))).toBeInstanceOf(StreamDeletedError);
      expect(await captureError(() => store.client.getStreamMetadata(stream))).toBeInstanceOf(StreamDeletedError);
      expect(await captureError(() => readStreamEvents(store.client, `$$${stream}`))).toBeInstanceOf(StreamDeletedError);
    });

    it('the $streamDeleted event in $all carries no data', async () => {
      const stream = streamName();
      await store.client.appendToStream(stream, probeEvents(1), { expectedRevision: NO_STREAM });
      await store.client.tombstoneStream(stream);
      const tail = await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: END, maxCount: 20 });
      const tombstone = tail.find((e) => e.streamId === stream && e.type === '$streamDeleted');
      expect(tombstone).toBeDefined();
      expect(tombstone!.isJson).toBe(false);
      expect(Buffer.from(tombstone!.data as Uint8Array)).toHaveLength(0);
    });
  });

  it('a metastream keeps only its last event ($maxCount 1)', async () => {
    const stream = streamName();
    for (const owner of ['one', 'two', 'three']) await store.client.setStreamMetadata(stream, { owner });
    const metastream = await readStreamEvents(store.client, `$$${stream}`);
    expect(metastream.map((e) => [e.revision, (e.data as { owner: string }).owner])).toEqual([[2n, 'three']]);
  });

  it('$maxAge hides expired events whatever the page size', async () => {
    const stream = streamName();
    await store.client.appendToStream(stream, probeEvents(5, 'Old'), { expectedRevision: NO_STREAM });
    await sleep(3_500);
    await store.client.appendToStream(stream, probeEvents(3, 'New', 5), { expectedRevision: 4n });
    await store.client.setStreamMetadata(stream, { maxAge: 3 });
    const revisions = async (options: Parameters<typeof readStreamEvents>[2]) =>
      (await readStreamEvents(store.client, stream, options)).map((e) => e.revision);
    expect(await revisions({ maxCount: 2 })).toEqual([5n, 6n]);
    expect(await revisions({ maxCount: 6 })).toEqual([5n, 6n, 7n]);
    expect(await revisions({ direction: BACKWARDS, fromRevision: END, maxCount: 2 })).toEqual([7n, 6n]);
    expect(await revisions({ direction: BACKWARDS, fromRevision: END, maxCount: 10 })).toEqual([7n, 6n, 5n]);
  });

  describe('catch-up subscriptions to a stream show what a read shows', () => {
    const subscribedRevisions = async (stream: string, expected: number) =>
      (await collectUntil(store.client.subscribeToStream(stream, { fromRevision: START }), { until: (r) => r.length >= expected })).map(
        (e) => e.revision,
      );

    it('nothing before $tb or beyond $maxCount', async () => {
      const stream = streamName();
      await store.client.appendToStream(stream, probeEvents(5), { expectedRevision: NO_STREAM });
      await store.client.setStreamMetadata(stream, { truncateBefore: 2, maxCount: 2 });
      const seen = subscribedRevisions(stream, 3);
      await sleep(100);
      await store.client.appendToStream(stream, probeEvents(1), { expectedRevision: 4n });
      expect(await seen).toEqual([3n, 4n, 5n]);
    });

    it('nothing of a soft-deleted stream: only what is written after the delete', async () => {
      const stream = streamName();
      await store.client.appendToStream(stream, probeEvents(2), { expectedRevision: NO_STREAM });
      await store.client.deleteStream(stream);
      const seen = subscribedRevisions(stream, 1);
      await sleep(100);
      await store.client.appendToStream(stream, probeEvents(1), { expectedRevision: ANY });
      expect(await seen).toEqual([2n]);
    });

    it('a tombstoned stream fails with StreamDeletedError', async () => {
      const stream = streamName();
      await store.client.appendToStream(stream, probeEvents(2), { expectedRevision: NO_STREAM });
      await store.client.tombstoneStream(stream);
      const subscription = store.client.subscribeToStream(stream, { fromRevision: START });
      const error = await captureError(async () => {
        for await (const resolved of subscription) expect(resolved).toBeUndefined();
      });
      expect(error).toBeInstanceOf(StreamDeletedError);
    });

    it('a live subscription gets the $streamDeleted event, then StreamDeletedError', async () => {
      const stream = streamName();
      await store.client.appendToStream(stream, probeEvents(2), { expectedRevision: NO_STREAM });
      const subscription = store.client.subscribeToStream(stream, { fromRevision: START });
      const types: string[] = [];
      const ended = captureError(async () => {
        for await (const resolved of subscription) types.push(resolved.event!.type);
      });
      await waitFor(() => types.length === 2, 10_000, 'the two events');
      await store.client.tombstoneStream(stream);
      expect(await ended).toBeInstanceOf(StreamDeletedError);
      expect(types).toEqual(['ConformanceProbe', 'ConformanceProbe', '$streamDeleted']);
    });
  });
});

describeEmbedded('a stopping server (embedded only: stops the server)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));

  const startStore = async () => {
    const dataDir = makeTempDir();
    dirs.push(dataDir);
    const server = await startEmbeddedEventStore({ dataDir, port: 0, maxAppendSize: 256 * 1024 * 1024 });
    return { server, client: EventStoreDBClient.connectionString(server.connectionString) };
  };

  // EventStoreDB's clients expect exactly these (the client's own write-after-end tests): UNAVAILABLE for a
  // classic append cut off by the stop, CANCELLED for the BatchAppend call.
  it('ends a classic append in progress with UnavailableError', async () => {
    const { server, client } = await startStore();
    try {
      const stream = streamName('stop');
      const huge = probeEvents(300_000);
      const append = captureError(() => client.appendToStream(stream, huge, { credentials: adminCredentials, deadline: Infinity }));
      await sleep(300);
      await server.close();
      expect(await append).toBeInstanceOf(UnavailableError);
    } finally {
      await disposeClient(client);
      await server.close();
    }
  }, 60_000);

  it('ends a BatchAppend call with CancelledError', async () => {
    const { server, client } = await startStore();
    try {
      const stream = streamName('stop');
      const writeUntilError = (async () => {
        for (;;) await client.appendToStream(stream, probeEvents(2_000));
      })().catch((error: unknown) => error);
      await sleep(500);
      await server.close();
      expect(await writeUntilError).toBeInstanceOf(CancelledError);
    } finally {
      await disposeClient(client);
      await server.close();
    }
  }, 60_000);
});
