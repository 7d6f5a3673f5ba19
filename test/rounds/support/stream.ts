import { INestApplication } from '@nestjs/common';
import { EventStoreDBClient, RecordedEvent, StreamNotFoundError } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';

/** Every event of `round-<roundId>`, oldest first; none if the stream does not exist. */
export async function readRoundStream(app: INestApplication, roundId: string): Promise<RecordedEvent[]> {
  return readStream(app, `round-${roundId}`);
}

/** Every event of a stream, oldest first; none if the stream does not exist. */
export async function readStream(app: INestApplication, stream: string): Promise<RecordedEvent[]> {
  const client = app.get<EventStoreDBClient>(EVENT_STORE_CLIENT);
  const events: RecordedEvent[] = [];
  try {
    for await (const resolved of client.readStream(stream)) {
      if (resolved.event) events.push(resolved.event);
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
  return events;
}

export const metadataOf = (event: RecordedEvent): Record<string, unknown> =>
  (event.metadata ?? {}) as Record<string, unknown>;
