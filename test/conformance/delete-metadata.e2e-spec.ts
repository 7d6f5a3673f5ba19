import {
  ANY,
  AppendExpectedRevision,
  BACKWARDS,
  END,
  excludeSystemEvents,
  jsonEvent,
  NO_STREAM,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  adminCredentials,
  captureError,
  comparePositions,
  probeEvents,
  readAllEvents,
  readStreamEvents,
  streamName,
  useEventStore,
} from './harness';
import { collectUntil } from './subscription-helpers';

describe('delete, tombstone and stream metadata', () => {
  const store = useEventStore();

  const streamWithTwoEvents = async () => {
    const stream = streamName();
    await store.client.appendToStream(stream, probeEvents(2, 'BeforeDelete'), { expectedRevision: NO_STREAM });
    return stream;
  };

  describe('soft delete (deleteStream)', () => {
    it('makes reads answer StreamNotFoundError and records truncateBefore in the metadata', async () => {
      const stream = await streamWithTwoEvents();
      const [last] = await readStreamEvents(store.client, stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
      const result = await store.client.deleteStream(stream, { expectedRevision: 1n });
      // The delete is recorded in the log after the stream's last event.
      expect(comparePositions(last.position!, result.position!)).toBeLessThan(0);

      expect(await captureError(() => readStreamEvents(store.client, stream))).toBeInstanceOf(StreamNotFoundError);
      expect(
        await captureError(() => readStreamEvents(store.client, stream, { direction: BACKWARDS, fromRevision: END })),
      ).toBeInstanceOf(StreamNotFoundError);

      // Real EventStoreDB writes $tb = long.MaxValue (the "deleted" marker) at this point; anything at or past
      // the next revision hides the old events, so accept both that and 2.
      const { metadata } = await store.client.getStreamMetadata(stream);
      expect(metadata?.truncateBefore).toBeGreaterThanOrEqual(2);
    });

    // Real server behaviour (EventStore's own soft_delete tests): the first write after a soft delete recreates the
    // stream whatever the expected revision (ANY, NO_STREAM or the last revision), numbering continues after the
    // last revision before the delete, the old events stay hidden and $tb becomes the first new revision.
    it.each<[string, AppendExpectedRevision]>([
      ['ANY', ANY],
      ['NO_STREAM', NO_STREAM],
      ['the last revision', 1n],
    ])('can be written again with %s; revisions continue after the last one', async (_name, expectedRevision) => {
      const stream = await streamWithTwoEvents();
      await store.client.deleteStream(stream);

      const again = probeEvents(3, 'AfterDelete');
      const result = await store.client.appendToStream(stream, again, { expectedRevision });
      expect(result.nextExpectedRevision).toBe(4n);

      const events = await readStreamEvents(store.client, stream);
      expect(events.map((e) => e.id)).toEqual(again.map((e) => e.id));
      expect(events.map((e) => e.revision)).toEqual([2n, 3n, 4n]);

      const { metadata } = await store.client.getStreamMetadata(stream);
      expect(metadata?.truncateBefore).toBe(2);
    });

    it('only the first write after the delete may use NO_STREAM', async () => {
      const stream = await streamWithTwoEvents();
      await store.client.deleteStream(stream);
      await store.client.appendToStream(stream, probeEvents(1), { expectedRevision: NO_STREAM });

      const error = await captureError(() =>
        store.client.appendToStream(stream, probeEvents(1), { expectedRevision: NO_STREAM }),
      );
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect((error as WrongExpectedVersionError).actualVersion).toBe(2n);
    });

    it('with a wrong expected revision fails with WrongExpectedVersionError and deletes nothing', async () => {
      const stream = await streamWithTwoEvents();
      const error = await captureError(() => store.client.deleteStream(stream, { expectedRevision: 5n }));
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect((error as WrongExpectedVersionError).expectedVersion).toBe(5n);
      expect((error as WrongExpectedVersionError).actualVersion).toBe(1n);
      expect(await readStreamEvents(store.client, stream)).toHaveLength(2);
    });
  });

  describe('tombstone (tombstoneStream)', () => {
    it('makes reads and appends (both RPCs) fail with StreamDeletedError for good', async () => {
      const stream = await streamWithTwoEvents();
      await store.client.tombstoneStream(stream, { expectedRevision: 1n });

      const read = await captureError(() => readStreamEvents(store.client, stream));
      expect(read).toBeInstanceOf(StreamDeletedError);
      expect((read as StreamDeletedError).streamName).toBe(stream);

      for (const callOptions of [{}, { credentials: adminCredentials }]) {
        for (const expectedRevision of [ANY, NO_STREAM, 1n] as AppendExpectedRevision[]) {
          const append = await captureError(() =>
            store.client.appendToStream(stream, probeEvents(1), { ...callOptions, expectedRevision }),
          );
          expect(append).toBeInstanceOf(StreamDeletedError);
        }
      }
      expect(await captureError(() => store.client.deleteStream(stream))).toBeInstanceOf(StreamDeletedError);
    });

    it('with a wrong expected revision fails with WrongExpectedVersionError and leaves the stream alone', async () => {
      const stream = await streamWithTwoEvents();
      const error = await captureError(() => store.client.tombstoneStream(stream, { expectedRevision: 0n }));
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect((error as WrongExpectedVersionError).expectedVersion).toBe(0n);
      expect((error as WrongExpectedVersionError).actualVersion).toBe(1n);
      expect(await readStreamEvents(store.client, stream)).toHaveLength(2);
    });
  });

  describe('stream metadata', () => {
    it('round-trips maxAge, maxCount and custom fields, with a metadata revision per write', async () => {
      const stream = await streamWithTwoEvents();
      expect((await store.client.getStreamMetadata(stream)).metadata).toBeUndefined();

      const first = await store.client.setStreamMetadata(stream, {
        maxAge: 3600,
        maxCount: 100,
        owner: 'conformance',
        nested: { list: [1, 'two'], flag: true },
      });
      expect(first.nextExpectedRevision).toBe(0n);
      expect((await store.client.getStreamMetadata(stream)).metadata).toEqual({
        maxAge: 3600,
        maxCount: 100,
        owner: 'conformance',
        nested: { list: [1, 'two'], flag: true },
      });

      const second = await store.client.setStreamMetadata(stream, { maxCount: 5, owner: 'changed' }, { expectedRevision: 0n });
      expect(second.nextExpectedRevision).toBe(1n);
      const { metadata, streamName: name } = await store.client.getStreamMetadata(stream);
      expect(name).toBe(stream);
      expect(metadata).toEqual({ maxCount: 5, owner: 'changed' });

      // The metadata lives in the metastream $$<stream> as $metadata events, of which reads show the last.
      const metastream = await readStreamEvents(store.client, `$$${stream}`);
      expect(metastream.map((e) => [e.revision, e.type])).toEqual([[1n, '$metadata']]);
      expect(metastream[0].data).toEqual({ $maxCount: 5, owner: 'changed' });

      const stale = await captureError(() => store.client.setStreamMetadata(stream, { owner: 'late' }, { expectedRevision: 0n }));
      expect(stale).toBeInstanceOf(WrongExpectedVersionError);
      expect((stale as WrongExpectedVersionError).actualVersion).toBe(1n);
    });

    it('applies $maxCount and $tb when reading the stream', async () => {
      // The real server hides events outside maxCount / before truncateBefore on read, long before a scavenge.
      const stream = streamName();
      await store.client.appendToStream(stream, probeEvents(5), { expectedRevision: NO_STREAM });

      await store.client.setStreamMetadata(stream, { maxCount: 2 });
      expect((await readStreamEvents(store.client, stream)).map((e) => e.revision)).toEqual([3n, 4n]);

      await store.client.setStreamMetadata(stream, { truncateBefore: 1 });
      expect((await readStreamEvents(store.client, stream)).map((e) => e.revision)).toEqual([1n, 2n, 3n, 4n]);
      expect(
        (await readStreamEvents(store.client, stream, { direction: BACKWARDS, fromRevision: END })).map((e) => e.revision),
      ).toEqual([4n, 3n, 2n, 1n]);
    });

    it('shows up in $all as a $metadata event on $$<stream>, which excludeSystemEvents() removes', async () => {
      const stream = await streamWithTwoEvents();
      await store.client.setStreamMetadata(stream, { owner: 'visible-in-all' });
      const after = jsonEvent({ type: 'AfterMetadata', data: {} });
      await store.client.appendToStream(stream, after, { expectedRevision: 1n });

      const tail = await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: END, maxCount: 20 });
      const metadataEvent = tail.find((e) => e.streamId === `$$${stream}`);
      expect(metadataEvent?.type).toBe('$metadata');
      expect(metadataEvent?.data).toEqual({ owner: 'visible-in-all' });

      const [first] = await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: END, maxCount: 50 }).then(
        (events) => events.filter((e) => e.streamId === stream).reverse(),
      );
      const filtered = await collectUntil(
        store.client.subscribeToAll({ fromPosition: first.position, filter: excludeSystemEvents() }),
        { until: (r) => r.some((e) => e.id === after.id) },
      );
      expect(filtered.map((e) => e.streamId)).not.toContain(`$$${stream}`);
      expect(filtered.filter((e) => e.streamId === stream).map((e) => e.id)).toEqual([
        ...(await readStreamEvents(store.client, stream)).slice(1).map((e) => e.id),
      ]);
    });
  });
});
