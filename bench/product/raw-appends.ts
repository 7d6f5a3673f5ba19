import { ANY, EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { RoundEventsBuilder } from './app-events';
import { Load, summarize } from './latency';

export interface RawAppendFigures {
  spread: Load;
  oneStream: Load;
}

/**
 * The ceiling for commands: the same number of writers appending one app-shaped event each through the
 * real client, to a separate embedded store in this process (worker thread, as in the app), for as long.
 */
export async function measureRawAppends(dataDir: string, writers: number, streams: number, seconds: number): Promise<RawAppendFigures> {
  const store = await startEmbeddedEventStore({ dataDir, port: 0 });
  const client = EventStoreDBClient.connectionString(store.connectionString);
  try {
    const sample = sampleEvent();
    await client.appendToStream('raw-warmup', sample(), { expectedRevision: ANY });
    const spread = await appendFor(client, writers, seconds, (n) => `raw-${n % streams}`, sample);
    const oneStream = await appendFor(client, writers, seconds, () => 'raw-one', sample);
    return { spread, oneStream };
  } finally {
    await client.dispose();
    await store.close();
  }
}

// A CommitmentAmended with the app's metadata and hashes: the size the app appends per command.
function sampleEvent() {
  const builder = new RoundEventsBuilder('raw').open().admit(1).commitUntil(4, 1);
  const { type, data, metadata } = builder.take().events[3] as { type: string; data: Record<string, unknown>; metadata: Record<string, unknown> };
  return () => jsonEvent({ type, data, metadata });
}

async function appendFor(
  client: EventStoreDBClient,
  writers: number,
  seconds: number,
  streamOf: (n: number) => string,
  event: () => ReturnType<typeof jsonEvent>,
): Promise<Load> {
  const latencies: number[] = [];
  let failures = 0;
  let sent = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  const writer = async () => {
    while (process.hrtime.bigint() < deadline) {
      const stream = streamOf(sent++);
      const at = process.hrtime.bigint();
      try {
        await client.appendToStream(stream, event(), { expectedRevision: ANY });
      } catch {
        failures += 1;
      }
      latencies.push(Number(process.hrtime.bigint() - at) / 1e6);
    }
  };
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: writers }, writer));
  const { user, system } = process.cpuUsage(cpuBefore);
  const load = summarize(latencies, Number(process.hrtime.bigint() - started) / 1e9, failures);
  // The writers and the store are threads of this process: its CPU time is what the appends cost.
  return { ...load, serverCpuMs: (user + system) / 1000 / Math.max(1, load.count) };
}
