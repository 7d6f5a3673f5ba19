import { randomBytes } from 'node:crypto';
import {
  AllStreamRecordedEvent,
  BACKWARDS,
  binaryEvent,
  END,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  StreamNotFoundError,
} from '@eventstore/db-client';
import {
  captureError,
  comparePositions,
  expectStrictlyIncreasing,
  readAllEvents,
  readStreamEvents,
  streamName,
  useEventStore,
} from './harness';

describe('reading', () => {
  const store = useEventStore();

  const stream = streamName();
  const written = Array.from({ length: 10 }, (_, i) =>
    jsonEvent({ type: `Read${i % 2 ? 'Odd' : 'Even'}`, data: { n: i, label: `event ${i}` }, metadata: { correlation: `c-${i}` } }),
  );
  let appendedAt: number;

  beforeAll(async () => {
    appendedAt = Date.now();
    await store.client.appendToStream(stream, written, { expectedRevision: NO_STREAM });
  });

  const revisions = (events: { revision: bigint }[]) => events.map((e) => Number(e.revision));

  describe('readStream', () => {
    it('returns every field of the events as written', async () => {
      const events = await readStreamEvents(store.client, stream);
      expect(events).toHaveLength(10);
      events.forEach((event, i) => {
        expect(event.streamId).toBe(stream);
        expect(event.id).toBe(written[i].id);
        expect(event.revision).toBe(BigInt(i));
        expect(event.type).toBe(written[i].type);
        expect(event.isJson).toBe(true);
        expect(event.data).toEqual({ n: i, label: `event ${i}` });
        expect(event.metadata).toEqual({ correlation: `c-${i}` });
        expect(event.created).toBeInstanceOf(Date);
        expect(Math.abs(event.created.getTime() - appendedAt)).toBeLessThan(60_000);
      });
    });

    it('reads forwards from a revision with maxCount', async () => {
      expect(revisions(await readStreamEvents(store.client, stream, { fromRevision: 4n, maxCount: 3 }))).toEqual([4, 5, 6]);
      expect(revisions(await readStreamEvents(store.client, stream, { maxCount: 1 }))).toEqual([0]);
      expect(revisions(await readStreamEvents(store.client, stream, { fromRevision: 8n }))).toEqual([8, 9]);
    });

    it('reads backwards from the end, and from a revision with maxCount', async () => {
      expect(revisions(await readStreamEvents(store.client, stream, { direction: BACKWARDS, fromRevision: END }))).toEqual([
        9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
      ]);
      expect(
        revisions(await readStreamEvents(store.client, stream, { direction: BACKWARDS, fromRevision: 4n, maxCount: 2 })),
      ).toEqual([4, 3]);
      expect(
        revisions(await readStreamEvents(store.client, stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })),
      ).toEqual([9]);
    });

    it('backwards with the default fromRevision (START) returns only revision 0', async () => {
      expect(revisions(await readStreamEvents(store.client, stream, { direction: BACKWARDS }))).toEqual([0]);
    });

    it('returns nothing when reading forwards past the end of an existing stream', async () => {
      expect(await readStreamEvents(store.client, stream, { fromRevision: 50n })).toEqual([]);
    });

    it('throws StreamNotFoundError while iterating a missing stream', async () => {
      const missing = streamName('conf-missing');
      const iteration = store.client.readStream(missing);
      const error = await captureError(async () => {
        for await (const _ of iteration) {
          throw new Error('a missing stream yielded an event');
        }
      });
      expect(error).toBeInstanceOf(StreamNotFoundError);
      expect((error as StreamNotFoundError).streamName).toBe(missing);

      const backwards = await captureError(() => readStreamEvents(store.client, missing, { direction: BACKWARDS, fromRevision: END }));
      expect(backwards).toBeInstanceOf(StreamNotFoundError);
    });

    it('round-trips binary data and binary metadata byte-exact', async () => {
      const binaryStream = streamName();
      const data = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(4096)]);
      const metadata = new Uint8Array([0xff, 0x00, 0xfe, 0x7b]); // not valid JSON, so the client keeps the bytes
      const event = binaryEvent({ type: 'Blob', data, metadata });
      await store.client.appendToStream(binaryStream, event, { expectedRevision: NO_STREAM });

      const [read] = await readStreamEvents(store.client, binaryStream);
      expect(read.isJson).toBe(false);
      expect(read.id).toBe(event.id);
      expect(read.data).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(read.data as Uint8Array).equals(data)).toBe(true);
      expect(Buffer.from(read.metadata as Uint8Array).equals(Buffer.from(metadata))).toBe(true);
    });

    it('returns no metadata for an event written without any', async () => {
      const bare = streamName();
      await store.client.appendToStream(bare, jsonEvent({ type: 'Bare', data: { ok: true } }));
      const [read] = await readStreamEvents(store.client, bare);
      expect(read.metadata).toBeUndefined();
      expect(read.data).toEqual({ ok: true });
    });

    it('gives stream events the same log position as $all does', async () => {
      // Assumes a server newer than 22.6, which fills the position of events read from a stream.
      const fromStream = await readStreamEvents(store.client, stream);
      const fromAll = new Map(
        (await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: END, maxCount: 500 })).map((e) => [e.id, e]),
      );
      for (const event of fromStream) {
        expect(event.position).toEqual(fromAll.get(event.id)?.position);
      }
    });
  });

  describe('readAll', () => {
    /** Five events written by one append are contiguous in $all. */
    const setUpContiguous = async (): Promise<AllStreamRecordedEvent[]> => {
      const s = streamName();
      const events = Array.from({ length: 5 }, (_, i) => jsonEvent({ type: 'Contiguous', data: { i } }));
      await store.client.appendToStream(s, events, { expectedRevision: NO_STREAM });
      const tail = (await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: END, maxCount: 100 }))
        .filter((e) => e.streamId === s)
        .reverse();
      expect(tail.map((e) => e.id)).toEqual(events.map((e) => e.id));
      return tail;
    };

    it('reads forwards from the start with strictly increasing positions', async () => {
      const all = await readAllEvents(store.client, { maxCount: 5_000 });
      expect(all.length).toBeGreaterThanOrEqual(10);
      expectStrictlyIncreasing(all.map((e) => e.position));
    });

    it('holds the events of one append contiguously and in revision order', async () => {
      const [last] = await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: END, maxCount: 1 });
      const tail = (await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: END, maxCount: 1_000 })).reverse();
      const firstOurs = tail.find((e) => e.streamId === stream)!;
      const forwards = await readAllEvents(store.client, { fromPosition: firstOurs.position, maxCount: 10 });
      expect(forwards.map((e) => e.id)).toEqual(written.map((e) => e.id));
      expect(forwards.map((e) => e.revision)).toEqual(written.map((_, i) => BigInt(i)));
      expectStrictlyIncreasing(forwards.map((e) => e.position));
      expect(comparePositions(forwards[9].position, last.position)).toBeLessThanOrEqual(0);
    });

    it('honours maxCount forwards and backwards', async () => {
      expect(await readAllEvents(store.client, { maxCount: 3 })).toHaveLength(3);
      const lastTwo = await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: END, maxCount: 2 });
      expect(lastTwo).toHaveLength(2);
      expect(comparePositions(lastTwo[0].position, lastTwo[1].position)).toBeGreaterThan(0);
    });

    it('reads backwards from the end in reverse log order', async () => {
      const tail = await setUpContiguous();
      const backwards = await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: END, maxCount: 5 });
      expect(backwards.map((e) => e.id)).toEqual(tail.map((e) => e.id).reverse());
    });

    it('from a position: forwards includes the event at that position, backwards excludes it', async () => {
      const tail = await setUpContiguous();
      const at = tail[2].position;

      const forwards = await readAllEvents(store.client, { fromPosition: at, direction: FORWARDS, maxCount: 2 });
      expect(forwards.map((e) => e.id)).toEqual([tail[2].id, tail[3].id]);

      const backwards = await readAllEvents(store.client, { fromPosition: at, direction: BACKWARDS, maxCount: 2 });
      expect(backwards.map((e) => e.id)).toEqual([tail[1].id, tail[0].id]);
    });

    it('returns nothing backwards from the start or forwards from the end', async () => {
      expect(await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: START, maxCount: 10 })).toEqual([]);
      expect(await readAllEvents(store.client, { direction: FORWARDS, fromPosition: END, maxCount: 10 })).toEqual([]);
    });
  });
});
