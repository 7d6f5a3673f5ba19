import { EventStoreDBClient } from '@eventstore/db-client';
import { ApplicationError } from '../common/application-error';
import { verifyChain } from '../event-sourcing/hash-chain';
import { roundStreamName } from '../rounds/domain';
import { ReadOptions, StoredEvent, storedEvents } from '../event-sourcing/stream-reader';

export interface RoundVerdict {
  /** Every link of the hash chain recomputes. */
  readonly valid: boolean;
  readonly events: number;
  readonly headHash: string;
  readonly firstInvalidRevision?: number;
  readonly sealed: {
    readonly closed: boolean;
    /** As stored in RoundClosed; null when the round is not closed or its closing carries no seal. */
    readonly sealedHeadHash: string | null;
    /** The seal equals the hash of the event just before RoundClosed; false when there is nothing to match. */
    readonly matches: boolean;
  };
}

// Wire names are `deal-room.<Event>.v<n>`: any version of the closing event carries the seal.
const ROUND_CLOSED = /^deal-room\.RoundClosed\.v\d+$/;

export async function verifyRound(client: EventStoreDBClient, roundId: string, read?: ReadOptions): Promise<RoundVerdict> {
  const events: StoredEvent[] = [];
  // verifyChain takes the whole chain at once (it starts from the genesis hash), so the round is held in memory.
  for await (const event of storedEvents(client, roundStreamName(roundId), read)) events.push(event);
  if (events.length === 0) throw new ApplicationError('ROUND_NOT_FOUND', 404, `There is no round ${roundId}.`);
  return verdictOf(events);
}

export function verdictOf(events: readonly StoredEvent[]): RoundVerdict {
  const { valid, events: checked, headHash, firstInvalidRevision } = verifyChain(events);
  const chain = firstInvalidRevision === undefined ? { valid, events: checked, headHash } : { valid, events: checked, headHash, firstInvalidRevision: Number(firstInvalidRevision) };
  return { ...chain, sealed: sealOf(events) };
}

/** The seal is read from the stored data, not from a decoded event, so what is checked is what was written. */
function sealOf(events: readonly StoredEvent[]): RoundVerdict['sealed'] {
  const index = events.findIndex((event) => ROUND_CLOSED.test(event.type));
  if (index < 0) return { closed: false, sealedHeadHash: null, matches: false };
  const stored = (events[index].data as { sealedHeadHash?: unknown } | null)?.sealedHeadHash;
  const sealedHeadHash = typeof stored === 'string' ? stored : null;
  const before = index > 0 ? (events[index - 1].metadata as { hash?: unknown } | null)?.hash : undefined;
  return { closed: true, sealedHeadHash, matches: sealedHeadHash !== null && sealedHeadHash === before };
}

/** The CLI's exit status: a broken chain, or a closed round whose seal does not match, fails. */
export const verdictPasses = (verdict: RoundVerdict): boolean => verdict.valid && (!verdict.sealed.closed || verdict.sealed.matches);
