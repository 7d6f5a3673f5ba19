import { EventStoreDBClient, StreamNotFoundError } from '@eventstore/db-client';
import { EventCodec } from './event-codec';
import { EventMetadata } from './event-metadata';

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

export async function readHistory<E>(client: EventStoreDBClient, stream: string, codec: EventCodec<E>): Promise<StreamHistory<E>> {
  const events: RecordedDomainEvent<E>[] = [];
  try {
    for await (const resolved of client.readStream(stream)) {
      const recorded = resolved.event;
      if (!recorded) continue;
      events.push({
        event: codec.deserialize(recorded.type, recorded.data),
        metadata: isMetadata(recorded.metadata) ? recorded.metadata : null,
        revision: recorded.revision,
        position: recorded.position?.commit ?? null,
      });
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return { events: [], revision: null };
    throw error;
  }
  return { events, revision: events.length > 0 ? events[events.length - 1].revision : null };
}

function isMetadata(value: unknown): value is EventMetadata {
  return typeof value === 'object' && value !== null && 'actor' in value && 'correlationId' in value;
}
