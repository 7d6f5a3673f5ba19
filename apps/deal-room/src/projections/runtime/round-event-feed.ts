import { AllStreamResolvedEvent, AllStreamSubscription, EventStoreDBClient, START, streamNameFilter } from '@eventstore/db-client';
import { deserialize } from '../../rounds/domain';
import { isEventMetadata } from '../../event-sourcing/event-metadata';
import { ROUND_STREAM_PREFIX } from '../registrations';
import { BatchItem, DecodedEvent } from '../store/projection-database';
import { LogPosition } from '../store/log-position';

type Recorded = NonNullable<AllStreamResolvedEvent['event']>;

export type FeedItem =
  | { readonly kind: 'event'; readonly recorded: Recorded; readonly position: LogPosition }
  /** Nothing for us up to here (a filter checkpoint, or an event we skip). */
  | { readonly kind: 'checkpoint'; readonly position: LogPosition }
  | { readonly kind: 'caught-up' };

export interface RoundEventFeed {
  /**
   * The items that have arrived, at least one and at most `max`, in order; waits only when none has.
   * A `caught-up` item is always the last of its batch. Null once the feed has ended or was closed.
   */
  nextBatch(max: number): Promise<FeedItem[] | null>;
  /** Ends the feed; safe to call more than once and from outside the loop. */
  close(): Promise<void>;
}

/** Events per transaction: a commit per batch instead of per event, and a bounded undo on a failure. */
export const BATCH_SIZE = 500;

/**
 * Events the subscription buffers before it stops reading. Catching up, the batch fills while it
 * lingers, so the buffer need not hold a whole batch: 500 ran slower in wall time than 64 here.
 */
const BUFFERED = 64;

/** How long a batch being caught up waits for more events before it is applied. */
const LINGER_MS = 5;

class Marker {
  constructor(readonly item: FeedItem) {}
}

/**
 * A catch-up subscription to the round streams in `$all`, after `from`. The subscription reports
 * `caughtUp` and filter checkpoints as they are decoded, ahead of the events still buffered for the
 * reader; pushing them into the stream as markers keeps them in order, so a checkpoint never claims an
 * event that has not been applied yet.
 */
export function subscribeToRoundEvents(client: EventStoreDBClient, from: LogPosition | null): RoundEventFeed {
  const subscription: AllStreamSubscription = client.subscribeToAll(
    {
      fromPosition: from ?? START,
      filter: streamNameFilter({
        prefixes: [ROUND_STREAM_PREFIX],
        checkpointReached: (sub, position) => {
          sub.push(new Marker({ kind: 'checkpoint', position }));
        },
      }),
    },
    { highWaterMark: BUFFERED },
  );
  subscription.on('caughtUp', () => subscription.push(new Marker({ kind: 'caught-up' })));

  let failure: unknown = null;
  let ended = false;
  let closed: Promise<void> | null = null;
  subscription.on('error', (error: unknown) => (failure ??= error));
  subscription.on('end', () => (ended = true));
  subscription.on('close', () => (ended = true));

  const close = () =>
    (closed ??= (async () => {
      // Cancelling the call is what lets client.dispose() finish later; destroying ends the feed.
      await subscription.unsubscribe().catch(() => undefined);
      subscription.destroy();
    })());

  // Takes what is buffered, then lets the stream refill once: a drained buffer ends the batch.
  function drain(batch: FeedItem[], max: number): boolean {
    while (batch.length < max) {
      const value = subscription.read() as AllStreamResolvedEvent | Marker | null;
      if (value === null) return false;
      const item = value instanceof Marker ? value.item : value.event ? toItem(value.event) : null;
      if (!item) continue;
      batch.push(item);
      if (item.kind === 'caught-up') return true;
    }
    return true;
  }

  // Plain listeners: an AbortSignal per wait made an AbortError each time, which the profile showed.
  function arrival(timeoutMs?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = timeoutMs === undefined ? null : setTimeout(() => done(), timeoutMs);
      const done = () => {
        if (timer) clearTimeout(timer);
        subscription.off('readable', done).off('close', done).off('error', done);
        resolve();
      };
      subscription.on('readable', done).on('close', done).on('error', done);
    });
  }

  let live = false;

  async function nextBatch(max: number): Promise<FeedItem[] | null> {
    const batch: FeedItem[] = [];
    for (;;) {
      if (closed) return null;
      if (failure) throw failure;
      if (drain(batch, max)) {
        live ||= batch[batch.length - 1]?.kind === 'caught-up';
        return batch;
      }
      if (batch.length > 0) {
        // Live, an event is applied as soon as it is here. Catching up, the store sends a flow-control
        // window at a time (some 30 events): waiting a moment for the next one fills the batch, and
        // costs nothing, since the projections would only have waited for it after a smaller one.
        const before = batch.length;
        if (live) await new Promise<void>((resolve) => setImmediate(resolve));
        else await arrival(LINGER_MS);
        if (drain(batch, max)) {
          live ||= batch[batch.length - 1]?.kind === 'caught-up';
          return batch;
        }
        if (batch.length === before) return batch;
        continue;
      }
      if (ended) return null;
      await arrival();
    }
  }

  return {
    nextBatch: async (max) => {
      try {
        return await nextBatch(max);
      } catch (error) {
        // Once closed from outside, whatever the cancelled call reports is no failure.
        if (closed) return null;
        await close();
        throw error;
      }
    },
    close,
  };
}

function toItem(recorded: Recorded): FeedItem {
  if (!recorded.position) throw new Error(`event ${recorded.id} in $all has no position`);
  const position = { commit: recorded.position.commit, prepare: recorded.position.prepare };
  // The prefix filter already keeps out `$$round-…` metadata streams; a `$` type is skipped in case.
  if (recorded.type.startsWith('$')) return { kind: 'checkpoint', position };
  return { kind: 'event', recorded, position };
}

/** Throws on an unknown type or bad data: the projection then stops there instead of skipping it. */
export function decodeRecorded(recorded: Recorded, position: LogPosition): DecodedEvent {
  const metadata = isEventMetadata(recorded.metadata) ? recorded.metadata : null;
  return {
    event: deserialize(recorded.type, recorded.data),
    position,
    streamId: recorded.streamId,
    revision: recorded.revision,
    metadata,
    recordedAt: typeof metadata?.recordedAt === 'string' ? metadata.recordedAt : recorded.created.toISOString(),
  };
}

export interface DecodedBatch {
  /** Decoded up to the first event that could not be, if any. */
  readonly items: BatchItem[];
  readonly caughtUp: boolean;
  /** The event that could not be decoded: no projection may go past it. */
  readonly failure: { readonly position: LogPosition; readonly error: Error } | null;
}

/**
 * Decodes each event once, for every projection the batch is applied to. `items[i]` stands for
 * `batch[i]`: only a final `caught-up` has no item.
 */
export function decodeBatch(batch: readonly FeedItem[]): DecodedBatch {
  const items: BatchItem[] = [];
  for (const item of batch) {
    if (item.kind === 'caught-up') return { items, caughtUp: true, failure: null };
    if (item.kind === 'checkpoint') {
      items.push({ position: item.position });
      continue;
    }
    try {
      items.push(decodeRecorded(item.recorded, item.position));
    } catch (error) {
      return { items, caughtUp: false, failure: { position: item.position, error: describeFailure(item, error) } };
    }
  }
  return { items, caughtUp: false, failure: null };
}

/** Names the event a projection stopped at: its wire type, position and stream. */
export function describeFailure(item: Extract<FeedItem, { kind: 'event' }>, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`event ${item.recorded.type} at position ${item.position.commit} (${item.recorded.streamId}): ${reason}`);
}
