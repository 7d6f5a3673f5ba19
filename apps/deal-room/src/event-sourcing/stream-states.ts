import { EventStoreDBClient } from '@eventstore/db-client';
import { EventCodec } from './event-codec';
import { isEventMetadata, storedAnswerOf } from './event-metadata';
import { Fold } from './fold';
import { KeyedAnswer, keyOf, StreamState, StreamStateCache } from './stream-state-cache';
import { storedEvents } from './stream-reader';

export interface StateModel<S, E> extends Fold<S, E> {
  readonly codec: EventCodec<E>;
}

/**
 * Streams' folded states, kept in a cache and brought up to date by reading only the events after the
 * revision kept: a read costs what was written since, not what the stream holds. The first read of a
 * stream in this process (or after its eviction) folds it whole, once.
 */
export class StreamStates<S, E> {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly model: StateModel<S, E>,
    readonly cache: StreamStateCache<S>,
  ) {}

  /** The state as the store holds it now. */
  async current(stream: string): Promise<StreamState<S>> {
    const fresh = await this.catchUp(stream, this.cache.get(stream) ?? this.empty());
    // A stream with no events is not kept: probes of made-up names must not push real states out.
    if (fresh.revision !== null) this.cache.set(stream, fresh);
    return fresh;
  }

  /** The kept state, without asking the store: possibly behind it, which a writer finds out on append. */
  kept(stream: string): StreamState<S> | undefined {
    return this.cache.get(stream);
  }

  remember(stream: string, entry: StreamState<S>): void {
    this.cache.set(stream, entry);
  }

  empty(): StreamState<S> {
    return { state: this.model.initialState(), revision: null, headHash: null, keys: new Map(), events: 0 };
  }

  private async catchUp(stream: string, from: StreamState<S>): Promise<StreamState<S>> {
    let { state, revision, headHash, events } = from;
    const { keys } = from;
    const fromRevision = revision === null ? 0n : revision + 1n;
    for await (const stored of storedEvents(this.client, stream, { fromRevision })) {
      state = this.model.evolve(state, this.model.codec.deserialize(stored.type, stored.data));
      revision = stored.revision;
      events += 1;
      const metadata = isEventMetadata(stored.metadata) ? stored.metadata : null;
      headHash = metadata?.hash ?? null;
      const answer = metadata?.idempotencyKey ? storedAnswerOf(metadata) : null;
      if (metadata?.idempotencyKey && answer) {
        const keyed: KeyedAnswer = { fingerprint: metadata.requestFingerprint ?? '', answer, revision: stored.revision, position: stored.position };
        keys.set(keyOf(metadata.actor.sub, metadata.idempotencyKey), keyed);
      }
    }
    return revision === from.revision ? from : { state, revision, headHash, keys, events };
  }
}
