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
 * One stream per (caller, key) remembers which request first used the key, so the same key sent with a
 * different request is refused even when it targets another round. The answer itself is replayed from
 * the events the first request wrote, in their own stream.
 */
export class IdempotencyIndex {
  constructor(private readonly client: EventStoreDBClient) {}

  async assertUnusedOrSame(sub: string, key: string, fingerprint: string): Promise<void> {
    const use = await this.find(sub, key);
    if (use && use.fingerprint !== fingerprint) throw keyReused();
  }

  async record(sub: string, key: string, use: KeyUse): Promise<void> {
    const stream = streamOf(sub, key);
    try {
      await this.client.appendToStream(stream, jsonEvent({ id: deterministicUuid('idempotency', sub, key), type: KEY_USED, data: { ...use } }), {
        expectedRevision: NO_STREAM,
      });
    } catch (error) {
      // Already recorded, by this request's earlier attempt or by a concurrent duplicate of it.
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
  }

  private async find(sub: string, key: string): Promise<KeyUse | null> {
    const [first] = await readSlice(this.client, streamOf(sub, key), { fromRevision: 0n, maxCount: 1 });
    const data = first?.data as Partial<KeyUse> | undefined;
    return data?.fingerprint && data.stream ? { fingerprint: data.fingerprint, stream: data.stream } : null;
  }
}

const streamOf = (sub: string, key: string): string => `idempotency-${sha256Hex(`${sub}\u0000${key}`)}`;
