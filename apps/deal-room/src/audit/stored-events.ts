import { BACKWARDS, END, EventStoreDBClient, StreamNotFoundError } from '@eventstore/db-client';

/** An event exactly as the store holds it: wire type, data and metadata not decoded any further. */
export interface StoredEvent {
  readonly revision: bigint;
  readonly position: bigint | null;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly created: Date;
}

export const READ_BATCH_SIZE = 500;

export interface ReadOptions {
  readonly fromRevision?: bigint;
  readonly batchSize?: number;
  /** Called after each batch with the number of events read so far (for progress bars). */
  readonly onBatch?: (eventsRead: number) => void;
}

/**
 * The stream, oldest first, read in bounded batches. Each batch is read to its end before any of it is
 * yielded, so a caller may stop iterating whenever it likes: an abandoned client read would leave its
 * gRPC call open and make `client.dispose()` wait forever (see README, "Client quirk").
 * An absent stream yields nothing.
 */
export async function* storedEvents(client: EventStoreDBClient, stream: string, options: ReadOptions = {}): AsyncGenerator<StoredEvent> {
  const batchSize = options.batchSize ?? READ_BATCH_SIZE;
  let read = 0;
  for (let from = options.fromRevision ?? 0n; ; ) {
    const batch = await readBatch(client, stream, from, batchSize);
    read += batch.length;
    options.onBatch?.(read);
    yield* batch;
    if (batch.length < batchSize) return;
    from = batch[batch.length - 1].revision + 1n;
  }
}

/** The revision of the stream's last event, or null when there is no such stream. */
export async function headRevision(client: EventStoreDBClient, stream: string): Promise<bigint | null> {
  let head: bigint | null = null;
  try {
    for await (const resolved of client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
      if (resolved.event) head = resolved.event.revision;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return head;
}

async function readBatch(client: EventStoreDBClient, stream: string, fromRevision: bigint, maxCount: number): Promise<StoredEvent[]> {
  const batch: StoredEvent[] = [];
  try {
    for await (const { event } of client.readStream(stream, { fromRevision, maxCount })) {
      if (!event) continue;
      const { revision, type, data, metadata, created, position } = event;
      batch.push({ revision, position: position?.commit ?? null, type, data, metadata, created });
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return batch;
}
