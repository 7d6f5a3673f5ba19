import { EventStoreDBClient } from '@eventstore/db-client';
import { ApplicationError } from '../common/application-error';
import { roundStreamName } from '../rounds/domain';
import { ReadOptions, StoredEvent, storedEvents } from '../event-sourcing/stream-reader';
import { ChainEvent, Evidence, StreamVerdict, verifyHistory } from './verification/verify-history';

export type { StreamVerdict } from './verification/verify-history';
export { verdictPasses } from './verification/verify-history';

/** What a verdict is checked against besides the stream itself (the store's own facts are read here). */
export type KnownEvidence = Omit<Evidence, 'truncatedBefore'>;

export async function verifyRound(client: EventStoreDBClient, roundId: string, evidence: KnownEvidence, read?: ReadOptions): Promise<StreamVerdict> {
  const verdict = await verifyStoredStream(client, roundStreamName(roundId), evidence, read);
  if (verdict === null) throw new ApplicationError('ROUND_NOT_FOUND', 404, `There is no round ${roundId}.`);
  return verdict;
}

/** Any chained stream (a round, the access log, the anchors) as the store holds it now; null when it does not exist. */
export async function verifyStoredStream(client: EventStoreDBClient, stream: string, evidence: KnownEvidence, read?: ReadOptions): Promise<StreamVerdict | null> {
  const events: ChainEvent[] = [];
  // The verdict needs the whole chain at once (it starts from the genesis hash), so the stream is held in memory.
  for await (const event of storedEvents(client, stream, read)) events.push(toChainEvent(event));
  if (events.length === 0) return null;
  return verifyHistory(stream, events, { ...evidence, truncatedBefore: await truncatedBefore(client, stream) });
}

export const toChainEvent = (event: StoredEvent): ChainEvent => ({ revision: Number(event.revision), type: event.type, data: event.data, metadata: event.metadata });

/** `$tb` from the stream's metadata: a soft delete followed by new appends moves it past 0. */
async function truncatedBefore(client: EventStoreDBClient, stream: string): Promise<number | null> {
  try {
    const { metadata } = await client.getStreamMetadata(stream);
    const value = metadata?.truncateBefore;
    return value === undefined ? null : Number(value);
  } catch {
    return null;
  }
}
