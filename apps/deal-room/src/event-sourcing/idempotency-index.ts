import { EventStoreDBClient, jsonEvent, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import { deterministicUuid, sha256Hex } from './deterministic-id';
import { readSlice } from './stream-reader';
import { keyReused } from './write-errors';

const KEY_USED = 'deal-room.IdempotencyKeyUsed.v1';

interface KeyUse {
  readonly fingerprint: string;
  readonly stream: string;
}

/**
 * One stream per (caller, key) binds the key to the request that first wrote under it, so the same key
 * sent with a different request is refused even when it targets another round. The answer itself is
 * replayed from the events the first request wrote, in their own stream.
 */
export class IdempotencyIndex {
  constructor(private readonly client: EventStoreDBClient) {}

  /**
   * Binds the key to this request, or checks that it is bound to this very request: one append, and a
   * read only when the key was used before. The event's id derives from the request, so the same request
   * again is an idempotent append, while another request under the key finds the stream taken.
   */
  async claim(sub: string, key: string, fingerprint: string, stream: string): Promise<void> {
    const use: KeyUse = { fingerprint, stream };
    try {
      const event = jsonEvent({ id: deterministicUuid('idempotency', sub, key, fingerprint), type: KEY_USED, data: { ...use } });
      await this.client.appendToStream(streamOf(sub, key), event, { expectedRevision: NO_STREAM });
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const [first] = await readSlice(this.client, streamOf(sub, key), { fromRevision: 0n, maxCount: 1 });
      if ((first?.data as Partial<KeyUse> | undefined)?.fingerprint !== fingerprint) throw keyReused();
    }
  }
}

/** The index stream of a caller's key (a hash, so that keys and subs never appear in stream names). */
export const idempotencyStreamOf = (sub: string, key: string): string => `idempotency-${sha256Hex(`${sub}\u0000${key}`)}`;
const streamOf = idempotencyStreamOf;
