import { EventStoreDBClient } from '@eventstore/db-client';
import { startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { SingleBar } from 'cli-progress';
import { RoundEventsBuilder } from './app-events';

export interface RoundPlan {
  readonly roundId: string;
  readonly investors: number;
  /** Events in the round: opened, investors admitted, then commitments until it holds this many. */
  readonly events: number;
}

// Large enough that a batch amortises the round trip, small enough that one append stays a few MB.
const CHUNK = 500;
const IN_FLIGHT = 8;

/** Appends every planned round through the real client into the embedded store on `dataDir`, then closes it. */
export async function populateStore(dataDir: string, plans: readonly RoundPlan[], label: string): Promise<number> {
  const store = await startEmbeddedEventStore({ dataDir, port: 0 });
  const client = EventStoreDBClient.connectionString(store.connectionString);
  const total = plans.reduce((sum, plan) => sum + Math.max(plan.events, 1 + plan.investors), 0);
  const progress = new Progress(label, total);
  try {
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < plans.length; index = next++) {
        progress.add(await appendRound(client, plans[index]));
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    return total;
  } finally {
    progress.stop();
    await client.dispose();
    await store.close();
  }
}

async function appendRound(client: EventStoreDBClient, { roundId, investors, events }: RoundPlan): Promise<number> {
  const builder = new RoundEventsBuilder(roundId).open().admit(investors);
  let written = 0;
  for (;;) {
    builder.commitUntil(Math.min(events, builder.recorded + CHUNK), Math.max(investors, 1));
    const { events: chunk, expectedRevision } = builder.take();
    if (chunk.length === 0) return written;
    await client.appendToStream(builder.stream, chunk, { expectedRevision });
    written += chunk.length;
  }
}

/** A bar on a terminal; otherwise a line every tenth, so a log shows the build is moving. */
class Progress {
  private readonly bar: SingleBar | null;
  private done = 0;
  private lastTenth = 0;
  private readonly started = Date.now();

  constructor(private readonly label: string, private readonly total: number) {
    this.bar = process.stderr.isTTY ? new SingleBar({ format: `${label} [{bar}] {percentage}% {value}/{total} events, {eta}s left`, stream: process.stderr }) : null;
    this.bar?.start(total, 0);
  }

  add(events: number): void {
    this.done += events;
    this.bar?.update(this.done);
    const tenth = Math.floor((this.done / this.total) * 10);
    if (!this.bar && tenth > this.lastTenth) {
      this.lastTenth = tenth;
      process.stderr.write(`${this.label}: ${this.done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} events, ${((Date.now() - this.started) / 1000).toFixed(0)} s\n`);
    }
  }

  stop(): void {
    this.bar?.stop();
  }
}
