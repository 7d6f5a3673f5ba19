import { END, EventStoreDBClient, jsonEvent, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import { eventHash, GENESIS_HASH } from '../event-sourcing/hash-chain';
import { KeyedLock } from '../event-sourcing/keyed-lock';
import { readSlice } from '../event-sourcing/stream-reader';

export interface ChainedAppend {
  readonly revision: bigint;
  readonly position: bigint | null;
  readonly hash: string;
}

interface Head {
  readonly revision: bigint | null;
  readonly hash: string;
}

const MAX_ATTEMPTS = 16;

/**
 * A stream other than a round's (the access log, the anchors) chained exactly as round streams are: each
 * event's metadata holds `prevHash` and `hash` (eventHash over type, data and metadata without `hash`), so
 * the one verifier checks them all. Appends expect the head they chained to; another writer in between
 * makes this one chain again onto the new head.
 */
export class ChainedLog {
  private readonly lock = new KeyedLock();
  private head: Head | null = null;

  constructor(
    private readonly client: EventStoreDBClient,
    readonly stream: string,
  ) {}

  append(type: string, data: Record<string, unknown>, metadata: Record<string, unknown>): Promise<ChainedAppend> {
    return this.lock.run(this.stream, async () => {
      for (let attempt = 1; ; attempt += 1) {
        const head = this.head ?? (await this.readHead());
        const unsealed = { ...metadata, prevHash: head.hash };
        const hash = eventHash(type, data, unsealed);
        try {
          const written = await this.client.appendToStream(this.stream, jsonEvent({ type, data, metadata: { ...unsealed, hash } }), {
            expectedRevision: head.revision ?? NO_STREAM,
          });
          this.head = { revision: written.nextExpectedRevision, hash };
          return { revision: written.nextExpectedRevision, position: written.position?.commit ?? null, hash };
        } catch (error) {
          this.head = null;
          if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    });
  }

  /**
   * The last event and its hash. A log that began before it was chained ends in a record without one:
   * the chain then starts afresh from the genesis hash, and the verifier lists those records as unchained.
   */
  private async readHead(): Promise<Head> {
    const [last] = await readSlice(this.client, this.stream, { fromRevision: END, maxCount: 1, backwards: true });
    if (!last) return { revision: null, hash: GENESIS_HASH };
    const hash = (last.metadata as { hash?: unknown } | null)?.hash;
    return { revision: last.revision, hash: typeof hash === 'string' ? hash : GENESIS_HASH };
  }
}
