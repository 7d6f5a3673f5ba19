import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  AllStreamSubscription,
  BACKWARDS,
  END,
  EventStoreDBClient,
  jsonEvent,
  NO_STREAM,
  ResolvedEvent,
  START,
  StreamSubscription,
} from '@eventstore/db-client';
import { describeEmbedded, readAllEvents, streamName, useEventStore } from './harness';

/*
 * The backlog is SLOW_CONSUMER_EVENTS events of ~1 KiB: 8,000 in the test run, 20,000 in
 * `npm run soak:slow-consumer`. Fewer but larger events would be faster, but the server reads a subscription's
 * events in pages of 512 and a paused subscription legitimately holds one page: the backlog must be many pages
 * long for a server that holds it all to look different from one that holds a page.
 */
const EVENTS = backlogSize(process.env.SLOW_CONSUMER_EVENTS);
const BATCH = 250;
const PAUSED = 12; // half of them on the stream, half on $all
const PAD = 'slow-consumer-payload-'.repeat(46); // ~1 KiB per event

function backlogSize(setting: string | undefined): number {
  const events = Number(setting ?? 8000);
  if (!Number.isInteger(events) || events < 2048) throw new Error(`SLOW_CONSUMER_EVENTS must be an integer of at least 2048 (4 pages), got ${setting}`);
  return events;
}

/** Forces a full GC of this thread even though Jest runs without --expose-gc. */
function gcFunction(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Reads on until the marker, keeping nothing (a witness that held the backlog would grow RSS itself). */
async function countUntilMarker(subscription: StreamSubscription): Promise<number> {
  let count = 0;
  for await (const { event } of subscription) {
    if (!event) continue;
    count += 1;
    if (event.type === 'Marker') break;
  }
  await subscription.unsubscribe();
  return count;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Appends `count` events of ~1 KiB after revision `from - 1` of `stream`; returns the payload bytes written. */
async function appendBacklog(client: EventStoreDBClient, stream: string, count: number, from = 1): Promise<number> {
  let bytes = 0;
  for (let first = from; first < from + count; first += BATCH) {
    const events = Array.from({ length: Math.min(BATCH, from + count - first) }, (_, i) =>
      jsonEvent({ type: 'Slow', data: { n: first + i, pad: PAD } }),
    );
    bytes += events.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e.data)), 0);
    await client.appendToStream(stream, events, { expectedRevision: BigInt(first - 1) });
  }
  return bytes;
}

/*
 * How the bound is measured: the embedded server runs on a worker thread of this process, so its memory is not
 * in this thread's heapUsed/external; only the process RSS covers it. The worker's garbage cannot be collected
 * from here, so the V8 flag --gc-global (read at every GC, by every isolate) turns each of its collections into
 * a full one while the test runs; without it RSS swings by +-50 MiB for the same workload, with it the growth
 * of a well-behaved server still varied between -3 and +22 MiB over repeated runs (allocator noise), plus the
 * page each paused subscription holds. A bound of half the appended bytes would therefore flake. Instead twelve
 * subscriptions stay paused: a server that queues what it cannot send retains twelve times the backlog (six
 * times if it does so for only one kind of subscription); the test allows five. Measured at 8,000 events
 * (7.9 MiB): 20-24 MiB for this server, 167 MiB for one that ignores backpressure (send() not awaiting drain).
 * The GC flag is dropped again before the drain, which then takes a fraction of the time.
 */
describeEmbedded('slow consumer (embedded only: measures the server memory in-process)', () => {
  const store = useEventStore();

  beforeAll(() => setFlagsFromString('--gc-global'));
  afterAll(() => setFlagsFromString('--no-gc-global'));

  it('paused subscriptions do not make the server buffer the backlog in memory', async () => {
    const gc = gcFunction();
    const rss = () => {
      gc();
      return process.memoryUsage().rss;
    };

    // Settles both heaps under --gc-global before the baseline.
    const warmUp = streamName('conf-warmup');
    await store.client.appendToStream(warmUp, jsonEvent({ type: 'Slow', data: { n: 0 } }), { expectedRevision: NO_STREAM });
    await appendBacklog(store.client, warmUp, Math.ceil(EVENTS / 4));
    const [lastWarmUp] = await readAllEvents(store.client, { direction: BACKWARDS, fromPosition: END, maxCount: 1 });

    const stream = streamName('conf-slow');
    await store.client.appendToStream(stream, jsonEvent({ type: 'Slow', data: { n: 0 } }), { expectedRevision: NO_STREAM });

    // Each subscription is read up to our first event and then left alone (not pulled).
    const subscriptions: (StreamSubscription | AllStreamSubscription)[] = Array.from({ length: PAUSED / 2 }, () => [
      store.client.subscribeToStream(stream, { fromRevision: START }),
      store.client.subscribeToAll({ fromPosition: lastWarmUp.position }),
    ]).flat();
    const iterators = subscriptions.map((s) => s[Symbol.asyncIterator]() as AsyncIterator<ResolvedEvent>);
    const nextOurs = async (iterator: AsyncIterator<ResolvedEvent>) => {
      for (;;) {
        const { value, done } = await iterator.next();
        if (done) throw new Error('subscription ended early');
        if (value.event?.streamId === stream) return (value.event.data as { n: number }).n;
      }
    };
    for (const iterator of iterators) expect(await nextOurs(iterator)).toBe(0);
    // One more subscription that keeps reading, woken by the same commits as the paused ones.
    const witness = store.client.subscribeToStream(stream, { fromRevision: START });
    const witnessed = countUntilMarker(witness);
    const before = rss();

    const bytesAppended = await appendBacklog(store.client, stream, EVENTS);
    await store.client.appendToStream(stream, jsonEvent({ type: 'Marker', data: {} }), { expectedRevision: BigInt(EVENTS) });
    // Once the witness has the marker, the server has sent it the whole backlog; a server that ignores
    // backpressure has by then pushed (and queued) it for the paused subscriptions too.
    expect(await witnessed).toBe(EVENTS + 2);
    const growth = rss() - before;
    setFlagsFromString('--no-gc-global');

    const report = `RSS grew ${mb(growth)} while ${mb(bytesAppended)} were appended behind ${PAUSED} paused subscriptions`;
    expect({ report, withinBound: growth < 5 * bytesAppended }).toEqual({ report, withinBound: true });

    // Everything is still delivered, in order, once consumers read again (one of each kind is drained).
    for (const iterator of iterators.slice(0, 2)) {
      const received: number[] = [];
      while (received.length < EVENTS) received.push(await nextOurs(iterator));
      expect(received.findIndex((n, i) => n !== i + 1)).toBe(-1);
    }
    for (const subscription of subscriptions) await subscription.unsubscribe();
  }, Math.max(60_000, EVENTS * 6)); // a guard against a hang, generous on a loaded machine: every GC is a full one here
});
