// Test data for the audit specs: round events as the store would hold them, chained like the executor chains them.
import { eventHash, GENESIS_HASH } from '../../../apps/deal-room/src/event-sourcing/hash-chain';
import { RoundEvent, serialize } from '../../../apps/deal-room/src/rounds/domain';
import { StoredEvent } from '../../../apps/deal-room/src/event-sourcing/stream-reader';

export const RECORDED_FROM = Date.parse('2025-03-01T09:00:00.000Z');

/** One minute apart from RECORDED_FROM; revision and position count from 0 and 100. */
export function storedStream(events: readonly RoundEvent[]): StoredEvent[] {
  let prevHash = GENESIS_HASH;
  return events.map((event, index) => {
    const { type, data } = serialize(event);
    const recordedAt = new Date(RECORDED_FROM + index * 60_000).toISOString();
    const unsealed = {
      actor: { sub: event.data.by.sub, role: event.data.by.role, investorId: null },
      correlationId: `correlation-${index}`,
      causationId: `causation-${index}`,
      idempotencyKey: null,
      requestFingerprint: null,
      schemaVersion: 1,
      recordedAt,
      prevHash,
    };
    const hash = eventHash(type, data, unsealed);
    prevHash = hash;
    const stored: StoredEvent = { revision: BigInt(index), position: BigInt(100 + index), type, data, metadata: { ...unsealed, hash }, created: new Date(recordedAt) };
    // Through JSON, as the store hands it back.
    return { ...stored, data: JSON.parse(JSON.stringify(data)), metadata: JSON.parse(JSON.stringify(stored.metadata)) };
  });
}

export async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}
