import { EventStoreDBClient } from '@eventstore/db-client';
import { EventCodec } from './event-codec';
import { isEventMetadata, storedAnswerOf } from './event-metadata';
import { Fold } from './fold';
import { KeyedAnswer, keyOf, StreamState, StreamStateCache } from './stream-state-cache';
import { SnapshotPolicy, StreamSnapshots } from './stream-snapshots';
import { storedEvents } from './stream-reader';

export interface StateModel<S, E> extends Fold<S, E> {
  readonly codec: EventCodec<E>;
  /** When given, folded states are also written to the store now and then, for cold reads. */
  readonly snapshots?: SnapshotPolicy;
}

interface Flight<S> {
  readonly running: Promise<StreamState<S>>;
  next: Promise<StreamState<S>> | null;
}

const settle = (): void => undefined;

/**
 * Streams' folded states, kept in a cache and brought up to date by reading only the events after the
 * revision kept: a read costs what was written since, not what the stream holds. The first read of a
 * stream in this process (or after its eviction) starts from the stream's latest snapshot, if the model
 * keeps them, and folds only the events after it.
 */
export class StreamStates<S, E> {
  private readonly snapshots: StreamSnapshots<S> | null;
  /** Reads under way, by stream, each with the read that the calls arriving meanwhile will share. */
  private readonly reading = new Map<string, Flight<S>>();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly model: StateModel<S, E>,
    readonly cache: StreamStateCache<S>,
  ) {
    this.snapshots = model.snapshots ? new StreamSnapshots<S>(client, model.snapshots) : null;
  }

  /**
   * The state as the store holds it now: as of a read of the stream that began after this call. Calls
   * that arrive while a read of the stream is under way share the next one, which begins when that one
   * ends: sixteen concurrent reads of a round cost two reads of its stream, not sixteen, and none of them
   * is answered from a read that began before it arrived (so none misses a write acknowledged before it).
   */
  current(stream: string): Promise<StreamState<S>> {
    const flight = this.reading.get(stream);
    if (!flight) return this.read(stream);
    flight.next ??= flight.running.then(settle, settle).then(() => this.read(stream));
    return flight.next;
  }

  /**
   * One read: what was written since the kept state, or, for a stream not kept (first read in this
   * process, or evicted), from its latest snapshot and the events after it.
   */
  private read(stream: string): Promise<StreamState<S>> {
    const kept = this.cache.get(stream);
    const running = kept ? this.catchUp(stream, kept).then((fresh) => this.keep(stream, fresh, kept.revision)) : this.cold(stream);
    const flight: Flight<S> = { running, next: null };
    this.reading.set(stream, flight);
    const done = () => {
      if (this.reading.get(stream) === flight) this.reading.delete(stream);
    };
    running.then(done, done);
    return running;
  }

  /** The kept state, without asking the store: possibly behind it, which a writer finds out on append. */
  kept(stream: string): StreamState<S> | undefined {
    return this.cache.get(stream);
  }

  /** Keeps a state; `before`, the revision this process last knew of the stream, decides whether a snapshot is due. */
  remember(stream: string, entry: StreamState<S>, before: bigint | null): void {
    this.cache.set(stream, entry);
    if (this.snapshots?.due(before, entry.revision)) this.snapshots.write(stream, entry);
  }

  empty(): StreamState<S> {
    return { state: this.model.initialState(), revision: null, headHash: null, keys: new Map(), events: 0 };
  }

  /** Resolves once the snapshots being written are (tests and shutdown). */
  async settled(): Promise<void> {
    await this.snapshots?.settled();
  }

  /**
   * From the latest snapshot, checked against the event at its revision: it must still be there with the
   * hash the snapshot recorded, or the stream was rewritten since and is folded whole.
   */
  private async cold(stream: string): Promise<StreamState<S>> {
    const snapshot = await this.snapshots?.latest(stream);
    const fromSnapshot = snapshot ? await this.catchUp(stream, snapshot, snapshot.headHash) : null;
    if (fromSnapshot) return this.keep(stream, fromSnapshot, snapshot?.revision ?? null);
    return this.keep(stream, await this.catchUp(stream, this.empty()), null);
  }

  /**
   * `before` is what the store had folded before this read (the kept revision, or the snapshot's): a
   * snapshot is due only once the stream passed a multiple of `every` since then, so cold reads of a
   * stream that is not kept (or not kept for long) write none.
   */
  private keep(stream: string, fresh: StreamState<S>, before: bigint | null): StreamState<S> {
    // A stream with no events is not kept: probes of made-up names must not push real states out.
    if (fresh.revision !== null) this.remember(stream, fresh, before);
    return fresh;
  }

  private async catchUp(stream: string, from: StreamState<S>): Promise<StreamState<S>>;
  private async catchUp(stream: string, from: StreamState<S>, anchorHash: string | null): Promise<StreamState<S> | null>;
  private async catchUp(stream: string, from: StreamState<S>, anchorHash?: string | null): Promise<StreamState<S> | null> {
    let { state, revision, headHash, events } = from;
    const keys = anchorHash === undefined ? from.keys : new Map(from.keys);
    const anchored = anchorHash !== undefined && revision !== null;
    // Anchored on a snapshot: the event at its revision is read too, only to check it is the one folded.
    const fromRevision = revision === null ? 0n : anchored ? revision : revision + 1n;
    let checked = !anchored;
    for await (const stored of storedEvents(this.client, stream, { fromRevision })) {
      const metadata = isEventMetadata(stored.metadata) ? stored.metadata : null;
      if (!checked) {
        if (stored.revision !== revision || (metadata?.hash ?? null) !== anchorHash) return null;
        checked = true;
        continue;
      }
      state = this.model.evolve(state, this.model.codec.deserialize(stored.type, stored.data));
      revision = stored.revision;
      events += 1;
      headHash = metadata?.hash ?? null;
      const answer = metadata?.idempotencyKey ? storedAnswerOf(metadata) : null;
      if (metadata?.idempotencyKey && answer) {
        const keyed: KeyedAnswer = { fingerprint: metadata.requestFingerprint ?? '', answer, revision: stored.revision, position: stored.position };
        keys.set(keyOf(metadata.actor.sub, metadata.idempotencyKey), keyed);
      }
    }
    if (!checked) return null;
    return revision === from.revision && !anchored ? from : { state, revision, headHash, keys, events };
  }
}
