import { BACKWARDS, END, EventStoreDBClient, FORWARDS, StreamNotFoundError } from '@eventstore/db-client';

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

export interface SliceOptions {
  readonly fromRevision: bigint | typeof END;
  readonly maxCount: number;
  readonly backwards?: boolean;
}

/**
 * Every read of a stream in the app goes through here. One bounded read, always drained to its end: an
 * abandoned client read leaves its gRPC call open and makes `client.dispose()` wait forever (see README,
 * "Client quirk"). An absent stream is an empty slice.
 */
export async function readSlice(client: EventStoreDBClient, stream: string, options: SliceOptions): Promise<StoredEvent[]> {
  const slice: StoredEvent[] = [];
  const { fromRevision, maxCount } = options;
  const direction = options.backwards ? BACKWARDS : FORWARDS;
  try {
    for await (const { event } of client.readStream(stream, { fromRevision, maxCount, direction })) {
      if (!event) continue;
      const { revision, type, data, metadata, created, position } = event;
      slice.push({ revision, position: position?.commit ?? null, type, data, metadata, created });
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return slice;
}

/**
 * The stream, oldest first, read in bounded batches. Each batch is read to its end before any of it is
 * yielded, so a caller may stop iterating whenever it likes. An absent stream yields nothing.
 */
export async function* storedEvents(client: EventStoreDBClient, stream: string, options: ReadOptions = {}): AsyncGenerator<StoredEvent> {
  const batchSize = options.batchSize ?? READ_BATCH_SIZE;
  let read = 0;
  for (let from = options.fromRevision ?? 0n; ; ) {
    const batch = await readSlice(client, stream, { fromRevision: from, maxCount: batchSize });
    read += batch.length;
    options.onBatch?.(read);
    yield* batch;
    if (batch.length < batchSize) return;
    from = batch[batch.length - 1].revision + 1n;
  }
}

/** The revision of the stream's last event, or null when there is no such stream. */
export async function headRevision(client: EventStoreDBClient, stream: string): Promise<bigint | null> {
  const [head] = await readSlice(client, stream, { fromRevision: END, maxCount: 1, backwards: true });
  return head?.revision ?? null;
}
