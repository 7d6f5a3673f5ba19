import { BACKWARDS, END, EventStoreDBClient } from '@eventstore/db-client';

/**
 * Reads the last event of `$all`: a real round trip that costs the same on an empty or a full store.
 * The client ignores `deadline` on reads, so the bound is our own timer.
 */
export async function pingEventStore(client: EventStoreDBClient, timeoutMs: number): Promise<void> {
  const read = client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
  const drained = read.toArray();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the event store within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([drained, timedOut]);
  } catch (error) {
    drained.catch(() => undefined);
    read.cancel().catch(() => undefined);
    read.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
