import {
  ANY,
  AppendExpectedRevision,
  AppendResult,
  BACKWARDS,
  END,
  jsonEvent,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  appendPaths,
  captureError,
  comparePositions,
  probeEvents,
  readAllEvents,
  readStreamEvents,
  streamName,
  useEventStore,
} from './harness';

describe('appendToStream', () => {
  const store = useEventStore();

  const expectPosition = (result: AppendResult) => {
    expect(result.success).toBe(true);
    expect(result.position).toEqual({ commit: expect.any(BigInt), prepare: expect.any(BigInt) });
    return result.position!;
  };

  /** How many events of `stream` the tail of $all holds: proves whether a retry wrote anything. */
  const countInAllTail = async (stream: string) =>
    (await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: END, maxCount: 200 })).filter(
      (e) => e.streamId === stream,
    ).length;

  describe.each(appendPaths)('through $path', ({ callOptions }) => {
    it('appends one event with ANY to a new stream, then with STREAM_EXISTS and an exact revision', async () => {
      const stream = streamName();

      const first = await store.client.appendToStream(stream, jsonEvent({ type: 'A', data: { n: 0 } }), {
        ...callOptions,
        expectedRevision: ANY,
      });
      expect(first.nextExpectedRevision).toBe(0n);
      const p0 = expectPosition(first);

      const second = await store.client.appendToStream(stream, jsonEvent({ type: 'B', data: { n: 1 } }), {
        ...callOptions,
        expectedRevision: STREAM_EXISTS,
      });
      expect(second.nextExpectedRevision).toBe(1n);
      const p1 = expectPosition(second);

      const third = await store.client.appendToStream(stream, jsonEvent({ type: 'C', data: { n: 2 } }), {
        ...callOptions,
        expectedRevision: 1n,
      });
      expect(third.nextExpectedRevision).toBe(2n);
      const p2 = expectPosition(third);

      expect(comparePositions(p0, p1)).toBeLessThan(0);
      expect(comparePositions(p1, p2)).toBeLessThan(0);
      // Each append answered the position its event has in $all.
      const inAll = await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: END, maxCount: 200 });
      expect(inAll.filter((e) => e.streamId === stream).map((e) => e.position)).toEqual([p2, p1, p0]);
      const events = await readStreamEvents(store.client, stream);
      expect(events.map((e) => [e.revision, e.type])).toEqual([
        [0n, 'A'],
        [1n, 'B'],
        [2n, 'C'],
      ]);
    });

    it('appends several events at once with NO_STREAM and an exact revision, in order', async () => {
      const stream = streamName();
      const batch1 = probeEvents(3, 'Batch1');
      const batch2 = probeEvents(4, 'Batch2', 3);

      const r1 = await store.client.appendToStream(stream, batch1, { ...callOptions, expectedRevision: NO_STREAM });
      expect(r1.nextExpectedRevision).toBe(2n);
      const r2 = await store.client.appendToStream(stream, batch2, { ...callOptions, expectedRevision: 2n });
      expect(r2.nextExpectedRevision).toBe(6n);
      expect(comparePositions(expectPosition(r1), expectPosition(r2))).toBeLessThan(0);

      const events = await readStreamEvents(store.client, stream);
      expect(events.map((e) => e.id)).toEqual([...batch1, ...batch2].map((e) => e.id));
      expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n]);

      // $all holds them in the same order, and the second append's events lie after the first append's
      // reported position. (Whether a multi-event append reports the position of its first or its last event is
      // not pinned down here: the real server's choice was not verified.)
      const inAll = (await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: END, maxCount: 50 }))
        .filter((e) => e.streamId === stream)
        .reverse();
      expect(inAll.map((e) => e.id)).toEqual(events.map((e) => e.id));
      for (const e of inAll.slice(3)) expect(comparePositions(e.position, r1.position!)).toBeGreaterThan(0);
    });

    describe('wrong expected revision', () => {
      const expectWrongExpectedVersion = async (
        stream: string,
        expectedRevision: AppendExpectedRevision,
        expected: { expectedVersion: unknown; actualVersion: unknown },
      ) => {
        const error = await captureError(() =>
          store.client.appendToStream(stream, probeEvents(2, 'Rejected'), { ...callOptions, expectedRevision }),
        );
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        const wrong = error as WrongExpectedVersionError;
        expect(wrong.streamName).toBe(stream);
        expect(wrong.expectedVersion).toBe(expected.expectedVersion);
        expect(wrong.actualVersion).toBe(expected.actualVersion);
      };

      it('NO_STREAM on an existing stream reports the current revision and writes nothing', async () => {
        const stream = streamName();
        await store.client.appendToStream(stream, probeEvents(3));
        await expectWrongExpectedVersion(stream, NO_STREAM, { expectedVersion: NO_STREAM, actualVersion: 2n });
        expect(await readStreamEvents(store.client, stream)).toHaveLength(3);
      });

      it('STREAM_EXISTS on a missing stream reports no_stream and creates nothing', async () => {
        const stream = streamName();
        await expectWrongExpectedVersion(stream, STREAM_EXISTS, {
          expectedVersion: STREAM_EXISTS,
          actualVersion: NO_STREAM,
        });
        await expect(readStreamEvents(store.client, stream)).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      it('an exact revision on a missing stream reports no_stream', async () => {
        const stream = streamName();
        await expectWrongExpectedVersion(stream, 5n, { expectedVersion: 5n, actualVersion: NO_STREAM });
        await expect(readStreamEvents(store.client, stream)).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      it('a stale or future exact revision reports the current revision', async () => {
        const stream = streamName();
        await store.client.appendToStream(stream, probeEvents(3));
        await expectWrongExpectedVersion(stream, 0n, { expectedVersion: 0n, actualVersion: 2n });
        await expectWrongExpectedVersion(stream, 7n, { expectedVersion: 7n, actualVersion: 2n });
        expect(await readStreamEvents(store.client, stream)).toHaveLength(3);
      });
    });

    describe('idempotent retries (same event ids)', () => {
      it('retrying with the same expected revision succeeds and writes nothing', async () => {
        const stream = streamName();
        const batch = probeEvents(3, 'Once');
        const first = await store.client.appendToStream(stream, batch, { ...callOptions, expectedRevision: NO_STREAM });
        expect(first.nextExpectedRevision).toBe(2n);

        const retry = await store.client.appendToStream(stream, batch, { ...callOptions, expectedRevision: NO_STREAM });
        expect(retry.success).toBe(true);
        expect(retry.nextExpectedRevision).toBe(2n);

        const next = [jsonEvent({ type: 'Next', data: {} })];
        await store.client.appendToStream(stream, next, { ...callOptions, expectedRevision: 2n });
        const retryNext = await store.client.appendToStream(stream, next, { ...callOptions, expectedRevision: 2n });
        expect(retryNext.nextExpectedRevision).toBe(3n);

        const events = await readStreamEvents(store.client, stream);
        expect(events.map((e) => e.id)).toEqual([...batch, ...next].map((e) => e.id));
        expect(await countInAllTail(stream)).toBe(4);
      });

      it('retrying an earlier append after later writes still succeeds with the original revision', async () => {
        // Real EventStoreDB checks the ids at the position the retry expected (IndexWriter: idempotent commit)
        // and answers with the revision of the original write.
        const stream = streamName();
        const batch = probeEvents(3, 'Early');
        await store.client.appendToStream(stream, batch, { ...callOptions, expectedRevision: NO_STREAM });
        await store.client.appendToStream(stream, probeEvents(2, 'Later'), { ...callOptions, expectedRevision: 2n });

        const retry = await store.client.appendToStream(stream, batch, { ...callOptions, expectedRevision: NO_STREAM });
        expect(retry.nextExpectedRevision).toBe(2n);
        expect(await readStreamEvents(store.client, stream)).toHaveLength(5);
        expect(await countInAllTail(stream)).toBe(5);
      });

      it('retrying with ANY and the same ids is idempotent too', async () => {
        const stream = streamName();
        await store.client.appendToStream(stream, probeEvents(1, 'Before'));
        const event = jsonEvent({ type: 'AnyOnce', data: { n: 1 } });
        const first = await store.client.appendToStream(stream, event, { ...callOptions, expectedRevision: ANY });
        expect(first.nextExpectedRevision).toBe(1n);

        const retry = await store.client.appendToStream(stream, event, { ...callOptions, expectedRevision: ANY });
        expect(retry.nextExpectedRevision).toBe(1n);
        const events = await readStreamEvents(store.client, stream);
        expect(events.map((e) => e.type)).toEqual(['Before', 'AnyOnce']);
        expect(await countInAllTail(stream)).toBe(2);
      });

      it('different ids at a stale revision are rejected with WrongExpectedVersionError', async () => {
        const stream = streamName();
        await store.client.appendToStream(stream, probeEvents(3), { ...callOptions, expectedRevision: NO_STREAM });

        const error = await captureError(() =>
          store.client.appendToStream(stream, probeEvents(3), { ...callOptions, expectedRevision: NO_STREAM }),
        );
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect((error as WrongExpectedVersionError).actualVersion).toBe(2n);

        const stale = await captureError(() =>
          store.client.appendToStream(stream, probeEvents(1), { ...callOptions, expectedRevision: 1n }),
        );
        expect(stale).toBeInstanceOf(WrongExpectedVersionError);
        expect((stale as WrongExpectedVersionError).expectedVersion).toBe(1n);
        expect((stale as WrongExpectedVersionError).actualVersion).toBe(2n);
        expect(await readStreamEvents(store.client, stream)).toHaveLength(3);
      });
    });
  });

  it('keeps stream names and JSON data byte-exact in UTF-8', async () => {
    const stream = streamName('conf-ünïcødé-日本');
    const data = { text: 'Grüße, 世界 🎉', nested: { list: [1, 'two', null, true] } };
    await store.client.appendToStream(stream, jsonEvent({ type: 'Ünïcødé', data }), { expectedRevision: NO_STREAM });
    const [event] = await readStreamEvents(store.client, stream);
    expect(event.streamId).toBe(stream);
    expect(event.type).toBe('Ünïcødé');
    expect(event.data).toEqual(data);
  });
});
