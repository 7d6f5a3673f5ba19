import { EventStoreDBClient, jsonEvent, NO_STREAM, StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import { ApplicationError } from '../common/application-error';
import { deterministicUuid, sha256Hex } from './deterministic-id';

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
    let found: KeyUse | null = null;
    try {
      // Read to the end rather than returning from inside the loop: the client leaves a read call open
      // when its iterator is abandoned early, and `dispose()` then waits for it forever.
      for await (const resolved of this.client.readStream(streamOf(sub, key), { maxCount: 1 })) {
        const data = resolved.event?.data as Partial<KeyUse> | undefined;
        if (data?.fingerprint && data.stream) found = { fingerprint: data.fingerprint, stream: data.stream };
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return found;
  }
}

export const keyReused = () =>
  new ApplicationError(
    'IDEMPOTENCY_KEY_REUSED',
    422,
    'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
  );

const streamOf = (sub: string, key: string): string => `idempotency-${sha256Hex(`${sub}\u0000${key}`)}`;
