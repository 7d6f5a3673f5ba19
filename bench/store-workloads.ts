import {
  ANY,
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  AppendResult,
  EventStoreDBClient,
  NO_STREAM,
  START,
  jsonEvent,
} from '@eventstore/db-client';
import { Throughput, rate, samplePayload, throughput, timed } from './measure';
import { BenchScale } from './scale';

export interface ReadThroughput extends Throughput {
  /** Events of this run among those read; `count` also holds other runs' and system events on a shared server. */
  eventsOfThisRun: number;
}

export interface StoreFigures {
  sequentialAppends: Throughput;
  concurrentWriters: Throughput;
  concurrentWritersOneStream: Throughput;
  batchAppends: Throughput;
  readAll: ReadThroughput;
  catchUp: ReadThroughput;
  eventsWritten: number;
  heapUsedAfterCatchUp: number;
}

const EVENT_TYPE = 'BenchEventRecorded.v1';
const benchEvent = (sequence: number) => jsonEvent({ type: EVENT_TYPE, data: samplePayload(sequence) });

/**
 * Writes go through the expected-revision path the app's command handlers use, except the shared-stream
 * variant, which appends with ANY to measure contention on one stream without retries.
 */
export async function measureStore(client: EventStoreDBClient, runId: string, scale: BenchScale, progress: (step: string) => void = () => undefined): Promise<StoreFigures> {
  const stream = (kind: string, n = 0) => `bench${kind}-${runId}.${n}`;
  const isThisRun = (event: AllStreamResolvedEvent) => event.event?.streamId.includes(`-${runId}.`) === true;

  // Outside the clock: opens the channel and the feature discovery call.
  await client.appendToStream(stream('Warmup'), benchEvent(0), { expectedRevision: NO_STREAM });

  const { sequentialAppends: sequential, concurrentWriters: writers, batches, batchSize } = scale;
  progress(`sequential appends (${sequential})`);
  const sequentialAppends = await throughput(sequential, () => appendOneByOne(client, stream('Sequential'), sequential));
  progress(`${writers} concurrent writers`);
  const concurrentWriters = await throughput(writers * scale.appendsPerWriter, () =>
    Promise.all(Array.from({ length: writers }, (_, w) => appendOneByOne(client, stream('Writer', w), scale.appendsPerWriter))),
  );
  const sharedCount = scale.appendsPerWriterSharedStream;
  progress(`${writers} concurrent writers on one stream`);
  const concurrentWritersOneStream = await throughput(writers * sharedCount, () =>
    Promise.all(Array.from({ length: writers }, () => appendWithAny(client, stream('Shared'), sharedCount))),
  );
  progress(`${batches} batches of ${batchSize}`);
  const batchAppends = await throughput(batches * batchSize, async () => {
    for (let b = 0; b < batches; b++) {
      const events = Array.from({ length: batchSize }, (_, i) => benchEvent(i));
      await client.appendToStream(stream('Batch', b), events, { expectedRevision: NO_STREAM });
    }
  });

  const eventsWritten = 1 + sequential + concurrentWriters.count + concurrentWritersOneStream.count + batchAppends.count;
  progress(`readAll of ${eventsWritten} events`);
  const readAll = await timedRead(() => readAllForwards(client, isThisRun));
  progress('catch-up subscription');
  const catchUp = await timedRead(() => catchUpOnAll(client, isThisRun, eventsWritten));
  const heapUsedAfterCatchUp = process.memoryUsage().heapUsed;
  return {
    sequentialAppends,
    concurrentWriters,
    concurrentWritersOneStream,
    batchAppends,
    readAll,
    catchUp,
    eventsWritten,
    heapUsedAfterCatchUp,
  };
}

async function appendOneByOne(client: EventStoreDBClient, stream: string, count: number): Promise<void> {
  let expectedRevision: AppendExpectedRevision = NO_STREAM;
  for (let i = 0; i < count; i++) {
    const result: AppendResult = await client.appendToStream(stream, benchEvent(i), { expectedRevision });
    expectedRevision = result.nextExpectedRevision;
  }
}

async function appendWithAny(client: EventStoreDBClient, stream: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await client.appendToStream(stream, benchEvent(i), { expectedRevision: ANY });
}

interface ReadCounts {
  delivered: number;
  ofThisRun: number;
}

async function timedRead(read: () => Promise<ReadCounts>): Promise<ReadThroughput> {
  const timing = await timed(read);
  return { ...rate(timing.result.delivered, timing), eventsOfThisRun: timing.result.ofThisRun };
}

function readAllForwards(client: EventStoreDBClient, isThisRun: (e: AllStreamResolvedEvent) => boolean): Promise<ReadCounts> {
  return new Promise((resolve, reject) => {
    const counts: ReadCounts = { delivered: 0, ofThisRun: 0 };
    client
      .readAll({ fromPosition: START })
      .on('data', (event: AllStreamResolvedEvent) => {
        counts.delivered++;
        if (isThisRun(event)) counts.ofThisRun++;
      })
      .on('error', reject)
      .on('end', () => resolve(counts));
  });
}

/**
 * `caughtUp` can be emitted while events are still buffered in the client's stream, so the catch-up is over
 * only once it has been signalled AND every event of this run has arrived.
 */
function catchUpOnAll(
  client: EventStoreDBClient,
  isThisRun: (e: AllStreamResolvedEvent) => boolean,
  expected: number,
): Promise<ReadCounts> {
  return new Promise((resolve, reject) => {
    const counts: ReadCounts = { delivered: 0, ofThisRun: 0 };
    const subscription = client.subscribeToAll({ fromPosition: START });
    let caughtUp = false;
    let finished = false;
    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      subscription.unsubscribe().then(() => (error ? reject(error) : resolve(counts)), reject);
    };
    const timer = setTimeout(
      () => finish(new Error(`catch-up timed out: caughtUp=${caughtUp}, ${counts.ofThisRun}/${expected} events`)),
      30_000 + expected,
    );
    subscription
      .on('data', (event: AllStreamResolvedEvent) => {
        counts.delivered++;
        if (isThisRun(event)) counts.ofThisRun++;
        if (caughtUp && counts.ofThisRun >= expected) finish();
      })
      .on('caughtUp', () => {
        caughtUp = true;
        if (counts.ofThisRun >= expected) finish();
      })
      .on('error', finish);
  });
}
