import { EventStoreDBClient } from '@eventstore/db-client';
import { readHeadPosition as readStoreHead } from '@deal-room/event-store';
import { LogPosition } from '../store/log-position';

/** The position of the last event in `$all`, or null for an empty store. */
export async function readHeadPosition(client: EventStoreDBClient, timeoutMs = 2000): Promise<LogPosition | null> {
  const position = await readStoreHead(client, timeoutMs);
  return position ? { commit: position.commit, prepare: position.prepare } : null;
}
