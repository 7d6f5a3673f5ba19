import { BACKWARDS, END, EventStoreDBClient, Position } from '@eventstore/db-client';

/**
 * The position of the last event in `$all` (null for an empty store): a real round trip that costs the
 * same on an empty or a full store. The client ignores `deadline` on reads, so the bound is our own timer,
 * and the read is drained to its end, never abandoned (an abandoned read makes `dispose()` hang).
 */
export async function readHeadPosition(client: EventStoreDBClient, timeoutMs: number): Promise<Position | null> {
  const read = client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
  const drained = read.toArray();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the event store within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const [last] = await Promise.race([drained, timedOut]);
    return last?.event?.position ?? null;
  } catch (error) {
    drained.catch(() => undefined);
    read.cancel().catch(() => undefined);
    read.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Succeeds when the store answers a read within `timeoutMs`. */
export async function pingEventStore(client: EventStoreDBClient, timeoutMs: number): Promise<void> {
  await readHeadPosition(client, timeoutMs);
}
