import { BACKWARDS, END, EventStoreDBClient } from '@eventstore/db-client';
import { LogPosition } from '../store/log-position';

/** The position of the last event in `$all`, or null for an empty store. Read to the end (see README). */
export async function readHeadPosition(client: EventStoreDBClient, timeoutMs = 2000): Promise<LogPosition | null> {
  const read = client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the event store within ${timeoutMs} ms`)), timeoutMs);
  });
  const drained = read.toArray();
  try {
    const [last] = await Promise.race([drained, timedOut]);
    const position = last?.event?.position;
    return position ? { commit: position.commit, prepare: position.prepare } : null;
  } catch (error) {
    drained.catch(() => undefined);
    read.cancel().catch(() => undefined);
    read.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
