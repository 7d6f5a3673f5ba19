import { EventStoreDBClient } from '@eventstore/db-client';
import { EventCodec } from './event-codec';
import { EventMetadata, isEventMetadata } from './event-metadata';
import { storedEvents } from './stream-reader';

export interface RecordedDomainEvent<E> {
  readonly event: E;
  readonly metadata: EventMetadata | null;
  readonly revision: bigint;
  readonly position: bigint | null;
}

export interface StreamHistory<E> {
  readonly events: readonly RecordedDomainEvent<E>[];
  /** The revision of the last event; null when the stream does not exist. */
  readonly revision: bigint | null;
}

/** The stream decoded into domain events, oldest first. */
export async function readHistory<E>(client: EventStoreDBClient, stream: string, codec: EventCodec<E>): Promise<StreamHistory<E>> {
  const events: RecordedDomainEvent<E>[] = [];
  for await (const stored of storedEvents(client, stream)) {
    events.push({
      event: codec.deserialize(stored.type, stored.data),
      metadata: isEventMetadata(stored.metadata) ? stored.metadata : null,
      revision: stored.revision,
      position: stored.position,
    });
  }
  return { events, revision: events.length > 0 ? events[events.length - 1].revision : null };
}

/** The one fold: a state from its events, oldest first. */
export interface Fold<S, E> {
  evolve(state: S, event: E): S;
  initialState(): S;
}

export const foldEvents = <S, E>({ evolve, initialState }: Fold<S, E>, events: Iterable<E>, from: S = initialState()): S => {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
};
