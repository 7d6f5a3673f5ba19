import { AllStreamResolvedEvent, AllStreamSubscription, EventStoreDBClient, START, streamNameFilter } from '@eventstore/db-client';
import { deserialize } from '../../rounds/domain';
import { EventMetadata, isEventMetadata } from '../../event-sourcing/event-metadata';
import { ROUND_STREAM_PREFIX } from '../registrations';
import { DecodedEvent } from '../store/projection-database';
import { LogPosition } from '../store/log-position';

type Recorded = NonNullable<AllStreamResolvedEvent['event']>;

export type FeedItem =
  | { readonly kind: 'event'; readonly recorded: Recorded; readonly position: LogPosition }
  /** Nothing for us up to here (a filter checkpoint, or an event we skip). */
  | { readonly kind: 'checkpoint'; readonly position: LogPosition }
  | { readonly kind: 'caught-up' };

export interface RoundEventFeed extends AsyncIterable<FeedItem> {
  /** Ends the iteration; safe to call more than once and from outside the loop. */
  close(): Promise<void>;
}

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
  const subscription: AllStreamSubscription = client.subscribeToAll({
    fromPosition: from ?? START,
    filter: streamNameFilter({
      prefixes: [ROUND_STREAM_PREFIX],
      checkpointReached: (sub, position) => {
        sub.push(new Marker({ kind: 'checkpoint', position }));
      },
    }),
  });
  subscription.on('caughtUp', () => subscription.push(new Marker({ kind: 'caught-up' })));

  let closed: Promise<void> | null = null;
  const close = () =>
    (closed ??= (async () => {
      // Cancelling the call is what lets client.dispose() finish later; destroying ends our loop.
      await subscription.unsubscribe().catch(() => undefined);
      subscription.destroy();
    })());

  async function* items(): AsyncGenerator<FeedItem> {
    try {
      for await (const value of subscription as AsyncIterable<AllStreamResolvedEvent | Marker>) {
        if (value instanceof Marker) yield value.item;
        else if (value.event) yield toItem(value.event);
      }
    } catch (error) {
      if (!closed) throw error;
    } finally {
      await close();
    }
  }

  return { [Symbol.asyncIterator]: items, close };
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
