import { randomUUID } from 'node:crypto';
import {
  AllStreamRecordedEvent,
  BACKWARDS,
  END,
  eventTypeFilter,
  excludeSystemEvents,
  Filter,
  jsonEvent,
  NO_STREAM,
  Position,
  RecordedEvent,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import {
  comparePositions,
  expectStrictlyIncreasing,
  probeEvents,
  readAllEvents,
  readStreamEvents,
  sleep,
  streamName,
  useEventStore,
  waitFor,
} from './harness';
import { CatchUpSubscription, collectUntil } from './subscription-helpers';

describe('subscriptions', () => {
  const store = useEventStore();

  /** A position at or after everything written so far: subscriptions from it see only what follows. */
  const lastPositionInAll = async (): Promise<Position> => {
    await store.client.appendToStream(streamName('conf-marker'), jsonEvent({ type: 'Marker', data: {} }));
    const [last] = await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    return last.position;
  };

  const seedStream = async (stream: string, count: number, batch = 100) => {
    for (let from = 0; from < count; from += batch) {
      await store.client.appendToStream(stream, probeEvents(Math.min(batch, count - from), 'Seed', from), {
        expectedRevision: from === 0 ? NO_STREAM : BigInt(from - 1),
      });
    }
  };

  /**
   * 2,000 events exist before subscribing; once the first one arrives a writer appends 500 more one by one while
   * the (deliberately slow) consumer is still catching up; once everything arrived and caughtUp fired, 5 live
   * events follow. The consumer must see revisions 0..2504 exactly once, in order.
   */
  const catchUpWhileWriting = async (
    subscribe: (stream: string) => CatchUpSubscription,
    keep: (event: RecordedEvent, stream: string) => boolean,
  ) => {
    const stream = streamName();
    const preExisting = 2_000;
    const concurrent = 500;
    const live = 5;
    const total = preExisting + concurrent + live;
    await seedStream(stream, preExisting);

    const subscription = subscribe(stream);
    let caughtUp = 0;
    let writesAcked = 0;
    let writesAckedAtFirstCaughtUp = -1;
    subscription.on('caughtUp', () => {
      caughtUp++;
      if (writesAckedAtFirstCaughtUp < 0) writesAckedAtFirstCaughtUp = writesAcked;
    });

    let writer: Promise<void> | undefined;
    let writerError: unknown;
    const writeConcurrently = async () => {
      for (let i = 0; i < concurrent; i++) {
        const revision = preExisting + i;
        await store.client.appendToStream(stream, jsonEvent({ type: 'Concurrent', data: { n: revision } }), {
          expectedRevision: BigInt(revision - 1),
        });
        writesAcked++;
      }
    };

    const ours: RecordedEvent[] = [];
    const all = await collectUntil(subscription, {
      timeoutMs: 25_000,
      until: () => ours.length >= total || writerError !== undefined,
      onEvent: async (event) => {
        if (!keep(event, stream)) return;
        ours.push(event);
        if (ours.length === 1) writer = writeConcurrently().catch((error: unknown) => void (writerError = error));
        if (ours.length < preExisting && ours.length % 50 === 0) await sleep(5);
        if (ours.length === preExisting + concurrent) {
          await writer;
          await waitFor(() => caughtUp > 0, 10_000, 'the caughtUp event');
          await store.client.appendToStream(stream, probeEvents(live, 'Live', preExisting + concurrent), {
            expectedRevision: BigInt(preExisting + concurrent - 1),
          });
        }
      },
    });

    if (writerError !== undefined) throw writerError;
    expect(ours.map((e) => Number(e.revision))).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(ours.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(new Set(ours.map((e) => e.id)).size).toBe(total);
    expect(caughtUp).toBeGreaterThanOrEqual(1);
    // The writer really overlapped the catch-up phase: otherwise this case proves nothing about the switch.
    expect(writesAckedAtFirstCaughtUp).toBeGreaterThan(0);
    return all;
  };

  describe('catch-up then live', () => {
    it('subscribeToStream from START: no event missed or repeated across the switch', async () => {
      await catchUpWhileWriting(
        (stream) => store.client.subscribeToStream(stream, { fromRevision: START }),
        () => true,
      );
    });

    it('subscribeToAll from START: no event missed or repeated across the switch, positions increase', async () => {
      const all = await catchUpWhileWriting(
        () => store.client.subscribeToAll({ fromPosition: START }),
        (event, stream) => event.streamId === stream,
      );
      expectStrictlyIncreasing((all as AllStreamRecordedEvent[]).map((e) => e.position));
    });

    it('subscribeToStream on a stream that does not exist yet delivers its first events when written', async () => {
      const stream = streamName();
      const subscription = store.client.subscribeToStream(stream, { fromRevision: START });
      const writes = probeEvents(3, 'Late');
      // Written once the subscription is live (caught up with a stream that does not exist), not before it.
      const writer = (async () => {
        await new Promise((resolve) => subscription.once('caughtUp', resolve));
        await store.client.appendToStream(stream, writes, { expectedRevision: NO_STREAM });
      })();
      const received = await collectUntil(subscription, { until: (r) => r.length >= 3, timeoutMs: 10_000 });
      await writer;
      expect(received.map((e) => e.id)).toEqual(writes.map((e) => e.id));
    });
  });

  describe('start positions are exclusive', () => {
    it('subscribeToStream fromRevision n starts at n + 1', async () => {
      const stream = streamName();
      await store.client.appendToStream(stream, probeEvents(10), { expectedRevision: NO_STREAM });
      const received = await collectUntil(store.client.subscribeToStream(stream, { fromRevision: 4n }), {
        until: (r) => r.length >= 5,
      });
      expect(received.map((e) => Number(e.revision))).toEqual([5, 6, 7, 8, 9]);
    });

    it('subscribeToAll fromPosition p starts after the event at p', async () => {
      const stream = streamName();
      const events = probeEvents(5, 'Exclusive');
      await store.client.appendToStream(stream, events, { expectedRevision: NO_STREAM });
      const inAll = (await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: END, maxCount: 100 }))
        .filter((e) => e.streamId === stream)
        .reverse();
      const from = inAll[1].position;

      const received = (await collectUntil(store.client.subscribeToAll({ fromPosition: from }), {
        until: (r) => r.some((e) => e.id === events[4].id),
      })) as AllStreamRecordedEvent[];
      for (const event of received) expect(comparePositions(event.position, from)).toBeGreaterThan(0);
      expect(received.filter((e) => e.streamId === stream).map((e) => e.id)).toEqual(events.slice(2).map((e) => e.id));
    });
  });

  describe('server-side filters on subscribeToAll', () => {
    const tag = randomUUID().replace(/-/g, '').slice(0, 12);
    const streamA = `flta${tag}-1`;
    const streamB = `fltb${tag}-1`;
    const typeA = `FltA${tag}.happened`;
    const typeB = `FltB${tag}.happened`;
    const written: { stream: string; id: string }[] = [];
    let before: Position;

    beforeAll(async () => {
      before = await lastPositionInAll();
      for (let i = 0; i < 5; i++) {
        for (const [stream, type] of [
          [streamA, typeA],
          [streamB, typeB],
        ]) {
          const event = jsonEvent({ type, data: { i } });
          await store.client.appendToStream(stream, event);
          written.push({ stream, id: event.id });
        }
      }
      // A system event ($metadata on $$flta...) in the middle of our events.
      await store.client.setStreamMetadata(streamA, { purpose: 'filter conformance' });
      const tail = jsonEvent({ type: typeB, data: { i: 'tail' } });
      await store.client.appendToStream(streamB, tail);
      written.push({ stream: streamB, id: tail.id });
    });

    const idsOf = (stream: string) => written.filter((w) => w.stream === stream).map((w) => w.id);

    it.each<[string, () => Filter, () => string[]]>([
      ['streamNameFilter prefixes', () => streamNameFilter({ prefixes: [`flta${tag}`] }), () => idsOf(streamA)],
      ['streamNameFilter regex', () => streamNameFilter({ regex: `^fltb${tag}-` }), () => idsOf(streamB)],
      ['eventTypeFilter prefixes', () => eventTypeFilter({ prefixes: [`FltB${tag}`] }), () => idsOf(streamB)],
      ['eventTypeFilter regex', () => eventTypeFilter({ regex: `^FltA${tag}\\.` }), () => idsOf(streamA)],
    ])('%s delivers exactly the matching events', async (_name, filter, expected) => {
      const ids = expected();
      const received = await collectUntil(store.client.subscribeToAll({ fromPosition: before, filter: filter() }), {
        until: (r) => r.some((e) => e.id === ids[ids.length - 1]),
      });
      expect(received.map((e) => e.id)).toEqual(ids);
    });

    it('excludeSystemEvents drops $-typed events such as $metadata but keeps every other event', async () => {
      // Without the filter the $metadata event is there, so its absence below means something.
      const unfiltered = await readAllEvents(store.client, { fromPosition: before, maxCount: 1_000 });
      expect(unfiltered.some((e) => e.streamId === `$$${streamA}` && e.type === '$metadata')).toBe(true);

      const lastId = written[written.length - 1].id;
      const lastIndex = unfiltered.findIndex((e) => e.id === lastId);
      const expectedIds = unfiltered
        .slice(0, lastIndex + 1)
        .filter((e) => comparePositions(e.position, before) > 0 && !e.type.startsWith('$'))
        .map((e) => e.id);
      const received = await collectUntil(
        store.client.subscribeToAll({ fromPosition: before, filter: excludeSystemEvents() }),
        { until: (r) => r.some((e) => e.id === lastId) },
      );
      expect(received.filter((e) => e.type.startsWith('$'))).toEqual([]);
      expect(received.filter((e) => e.streamId.includes(tag)).map((e) => e.id)).toEqual(written.map((w) => w.id));
      expect(received.map((e) => e.id)).toEqual(expectedIds);
    });

    it('checkpointReached fires with positions inside the scanned range', async () => {
      const start = await lastPositionInAll();
      const noise = streamName('conf-noise');
      await seedStream(noise, 300);
      const match = jsonEvent({ type: `Chk${tag}`, data: {} });
      await store.client.appendToStream(streamName(), match);

      const checkpoints: Position[] = [];
      const subscription = store.client.subscribeToAll({
        fromPosition: start,
        filter: eventTypeFilter({
          prefixes: [`Chk${tag}`],
          checkpointInterval: 1,
          checkpointReached: (_sub, position) => {
            checkpoints.push(position);
          },
        }),
      });
      const received: RecordedEvent[] = [];
      const loop = (async () => {
        for await (const resolved of subscription) if (resolved.event) received.push(resolved.event);
      })();
      await waitFor(() => received.length >= 1, 15_000, 'the matching event');
      // More non-matching events scanned live give a server that checkpoints only when live a chance too.
      await store.client.appendToStream(noise, probeEvents(300, 'Seed', 300), { expectedRevision: 299n });
      await waitFor(() => checkpoints.length >= 1, 10_000, 'a checkpoint').finally(() => subscription.unsubscribe());
      await loop;
      const end = await lastPositionInAll();

      expect(received.map((e) => e.id)).toEqual([match.id]);
      expect(checkpoints.length).toBeGreaterThanOrEqual(1);
      for (const checkpoint of checkpoints) {
        expect(typeof checkpoint.commit).toBe('bigint');
        expect(comparePositions(checkpoint, start)).toBeGreaterThan(0);
        expect(comparePositions(checkpoint, end)).toBeLessThanOrEqual(0);
      }
      for (let i = 1; i < checkpoints.length; i++) {
        expect(comparePositions(checkpoints[i - 1], checkpoints[i])).toBeLessThanOrEqual(0);
      }
    });
  });

  it('unsubscribe ends the iteration cleanly and stops delivery; the server keeps serving', async () => {
    const stream = streamName();
    await store.client.appendToStream(stream, probeEvents(1), { expectedRevision: NO_STREAM });
    const subscription = store.client.subscribeToStream(stream, { fromRevision: START });
    const errors: unknown[] = [];
    subscription.on('error', (error) => errors.push(error));

    const received: RecordedEvent[] = [];
    const loop = (async () => {
      for await (const resolved of subscription) {
        if (resolved.event) received.push(resolved.event);
      }
    })();
    await waitFor(() => received.length === 1, 10_000, 'the first event');

    await subscription.unsubscribe();
    let ended = false;
    void loop.then(
      () => (ended = true),
      (error) => errors.push(error),
    );
    await waitFor(() => ended || errors.length > 0, 5_000, 'the iteration to end after unsubscribe');
    expect(errors).toEqual([]);

    // A witness on the same stream, live before the write: once it has the marker written after the event,
    // the server has dispatched the event to every subscription it still serves on this stream.
    const witness = store.client.subscribeToStream(stream, { fromRevision: START });
    const witnessLive = new Promise((resolve) => witness.once('caughtUp', resolve));
    const delivered: RecordedEvent[] = [];
    subscription.on('data', (resolved: { event?: RecordedEvent }) => void (resolved.event && delivered.push(resolved.event)));
    const seenByWitness = collectUntil(witness, { until: (events) => events.some((event) => event.type === 'Marker'), timeoutMs: 10_000 });
    await witnessLive;
    await store.client.appendToStream(stream, probeEvents(1, 'AfterUnsubscribe', 1), { expectedRevision: 0n });
    await store.client.appendToStream(stream, probeEvents(1, 'Marker', 2), { expectedRevision: 1n });
    expect((await seenByWitness).map((event) => event.type)).toEqual(['ConformanceProbe', 'AfterUnsubscribe', 'Marker']);
    expect({ received: received.length, delivered: delivered.length, errors }).toEqual({ received: 1, delivered: 0, errors: [] });
    expect(await readStreamEvents(store.client, stream)).toHaveLength(3);
  });
});
