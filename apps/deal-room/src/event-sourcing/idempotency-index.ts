import { EventStoreDBClient, jsonEvent, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { CommandAnswer } from './event-metadata';
import { sha256Hex } from './deterministic-id';
import { readSlice } from './stream-reader';
import { keyReused } from './write-errors';

const KEY_USED = 'deal-room.IdempotencyKeyUsed.v1';

/** What binds a key: the request it was first used with, and, when that request wrote nothing, its answer. */
export interface KeyUse {
  readonly fingerprint: string;
  readonly stream: string;
  /** Only for a request that wrote nothing: a write's answer is kept with its events, in their own stream. */
  readonly answer?: CommandAnswer;
  /** The revision its answer was given at, as its caller counts it (its ETag on a replay). */
  readonly revision?: string | null;
}

/**
 * One stream per (caller, key) binds the key to the request that first used it, whatever that request
 * did, so the same key sent with a different request is refused even when it targets another round, and
 * two first uses at the same moment are decided by the store: exactly one append creates the stream.
 */
export class IdempotencyIndex {
  constructor(private readonly client: EventStoreDBClient) {}

  /**
   * Binds the key to this request: one append. When the key was bound before (a read, then), answers
   * that earlier use if it was this very request, and refuses the key otherwise.
   */
  async claim(sub: string, key: string, use: KeyUse): Promise<KeyUse | null> {
    try {
      // A fresh id: a retry must find the stream taken and learn what the first use recorded.
      const event = jsonEvent({ id: randomUUID(), type: KEY_USED, data: { ...use } });
      await this.client.appendToStream(streamOf(sub, key), event, { expectedRevision: NO_STREAM });
      return null;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      return this.sameRequest(sub, key, use.fingerprint);
    }
  }

  /** The earlier use of the key by this very request; null when the key is unused; a refusal when it is another's. */
  async sameRequest(sub: string, key: string, fingerprint: string): Promise<KeyUse | null> {
    const earlier = await this.firstUse(sub, key);
    if (earlier && earlier.fingerprint !== fingerprint) throw keyReused();
    return earlier;
  }

  /** What the key was first used for, if it was. */
  async firstUse(sub: string, key: string): Promise<KeyUse | null> {
    const [first] = await readSlice(this.client, streamOf(sub, key), { fromRevision: 0n, maxCount: 1 });
    return first ? (first.data as KeyUse) : null;
  }
}

/** The index stream of a caller's key (a hash, so that keys and subs never appear in stream names). */
export const idempotencyStreamOf = (sub: string, key: string): string => `idempotency-${sha256Hex(`${sub}\u0000${key}`)}`;
const streamOf = idempotencyStreamOf;
