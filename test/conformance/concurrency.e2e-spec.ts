import { ANY, AppendResult, BACKWARDS, END, jsonEvent, NO_STREAM } from '@eventstore/db-client';
import {
  comparePositions,
  expectStrictlyIncreasing,
  readAllEvents,
  readStreamEvents,
  streamName,
  useEventStore,
} from './harness';

const WRITERS = 32;
const APPENDS_PER_WRITER = 15;

describe('concurrent writers', () => {
  const store = useEventStore();

  /** Our events in log order, from the recent tail of $all. */
  const allEventsOf = async (streams: Set<string>) =>
    (await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: END, maxCount: 5_000 }))
      .filter((e) => streams.has(e.streamId))
      .reverse();

  it('32 writers on 32 streams: every acknowledged event is stored once, in order, positions increase', async () => {
    const prefix = streamName('conf-conc');
    const acked = new Map<string, string[]>();
    const results: AppendResult[] = [];

    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const stream = `${prefix}-${w}`;
        const ids: string[] = [];
        acked.set(stream, ids);
        for (let i = 0; i < APPENDS_PER_WRITER; i++) {
          const event = jsonEvent({ type: 'Concurrent', data: { w, i } });
          const result = await store.client.appendToStream(stream, event, {
            expectedRevision: i === 0 ? NO_STREAM : BigInt(i - 1),
          });
          expect(result.nextExpectedRevision).toBe(BigInt(i));
          results.push(result);
          ids.push(event.id);
        }
      }),
    );

    for (const [stream, ids] of acked) {
      const stored = await readStreamEvents(store.client, stream);
      expect(stored.map((e) => e.id)).toEqual(ids);
    }
    const inAll = await allEventsOf(new Set(acked.keys()));
    expect(inAll).toHaveLength(WRITERS * APPENDS_PER_WRITER);
    expect(new Set(inAll.map((e) => e.id)).size).toBe(WRITERS * APPENDS_PER_WRITER);
    expectStrictlyIncreasing(inAll.map((e) => e.position));

    const positions = results.map((r) => r.position!).sort(comparePositions);
    expectStrictlyIncreasing(positions);
  });

  it('32 writers on one stream with ANY: every acknowledged event is stored once, revisions are dense', async () => {
    const stream = streamName('conf-conc-shared');
    const acked: { id: string; revision: bigint }[] = [];

    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = 0; i < APPENDS_PER_WRITER; i++) {
          const event = jsonEvent({ type: 'Shared', data: { w, i } });
          const result = await store.client.appendToStream(stream, event, { expectedRevision: ANY });
          acked.push({ id: event.id, revision: result.nextExpectedRevision });
        }
      }),
    );

    const total = WRITERS * APPENDS_PER_WRITER;
    const stored = await readStreamEvents(store.client, stream);
    expect(stored).toHaveLength(total);
    expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: total }, (_, i) => BigInt(i)));
    expect(new Set(stored.map((e) => e.id)).size).toBe(total);

    // Each acknowledgement names the revision its event really got.
    const revisionOf = new Map(stored.map((e) => [e.id, e.revision]));
    for (const { id, revision } of acked) expect(revisionOf.get(id)).toBe(revision);

    // Per writer, later appends land later.
    for (let w = 0; w < WRITERS; w++) {
      const mine = stored.filter((e) => (e.data as { w: number }).w === w).map((e) => (e.data as { i: number }).i);
      expect(mine).toEqual(Array.from({ length: APPENDS_PER_WRITER }, (_, i) => i));
    }

    const inAll = await allEventsOf(new Set([stream]));
    expect(inAll.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    expectStrictlyIncreasing(inAll.map((e) => e.position));
  });
});
