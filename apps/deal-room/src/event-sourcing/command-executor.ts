import { EventStoreDBClient, jsonEvent, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { Actor } from '../kernel';
import { deterministicUuid } from './deterministic-id';
import { CommandAnswer, CommandEnvelope, EventMetadata } from './event-metadata';
import { eventHash, GENESIS_HASH } from './hash-chain';
import { IdempotencyIndex, KeyUse } from './idempotency-index';
import { KeyedLock } from './keyed-lock';
import { foldEvents } from './fold';
import { KeyedAnswer, keyOf, StreamState, StreamStateCache } from './stream-state-cache';
import { seenRevisionOf, StateModel, StreamStates } from './stream-states';
import { asStoreFailure, keyReused, staleRevision, unavailableOnFailure, WriteError } from './write-errors';

/** What the write path needs to know of a stream's events, besides a command's own decision. */
export interface WriteModel<S, E, Ctx> extends StateModel<S, E> {
  /** The outside facts decide is given: the actor, the time, the head of the hash chain. */
  contextOf(envelope: CommandEnvelope, now: Date, headHash: string | null): Ctx;
  /** True when the stream must look absent to this actor, If-Match included. */
  conceals?(state: S, actor: Actor): boolean;
}

export interface Outcome<S, E> {
  readonly state: S;
  readonly events: readonly E[];
  readonly revision: bigint | null;
}

export interface CommandRequest<C, S, E, Ctx> {
  readonly stream: string;
  readonly command: C;
  /** Pure and synchronous: the events this command records on this state, or a thrown refusal. */
  readonly decide: (command: C, state: S, context: Ctx) => E[];
  readonly envelope: CommandEnvelope;
  /** The answer, from the state after the command; stored for idempotent replays. */
  readonly answer: (outcome: Outcome<S, E>) => CommandAnswer;
}

export interface CommandResult {
  readonly answer: CommandAnswer;
  /**
   * The stream's revision after the command as the actor counts it (StateModel.revisionSeenBy; the
   * stream's own for most actors): its ETag. Null if the stream still does not exist.
   */
  readonly revision: bigint | null;
  /** The stream's own revision after the event this command wrote (or replays): what a receipt names. Null when it wrote nothing. */
  readonly streamRevision: bigint | null;
  /** The commit position of the last event written (or replayed); null when nothing was written. */
  readonly position: bigint | null;
  readonly replayed: boolean;
  /** The stream written to, for the receipt (issue 12). */
  readonly stream: string;
  /** Written now: the last event's hash and time, which a receipt signs. A replay reads them back instead. */
  readonly head?: { readonly hash: string; readonly recordedAt: string };
}

// Within one process commands on a stream queue up (KeyedLock), so only other instances make us lose a race.
const MAX_ATTEMPTS = 16;
/** The kept states' default bound, when the caller does not give one. */
const DEFAULT_CACHE_BYTES = 16 * 1024 * 1024;

export interface ExecutorOptions<S, E> {
  /**
   * The folded states kept between commands, shared with the readers of the same streams (one cache, one
   * cold load of a stream at a time, one writer of its snapshots). Built over the model when not given.
   */
  readonly states?: StreamStates<S, E>;
  readonly clock?: () => Date;
}

/**
 * The whole write path: fold the stream, decide, append with the revision folded. The folded state is
 * kept between commands (StreamStates), so a command costs its own append, not a read of the stream:
 * it is decided on the kept state and appended with that state's revision expected. When another
 * instance moved the stream meanwhile, the append fails and the command is decided again on the events
 * read since; a command that decides nothing, or is refused, is checked against the store the same way
 * before it is answered, so a stale state never answers anybody. A retry under the same idempotency key
 * replays the first answer instead of writing again.
 */
export class CommandExecutor<S, E, Ctx> {
  private readonly lock = new KeyedLock();
  private readonly index: IdempotencyIndex;
  private readonly states: StreamStates<S, E>;
  private readonly clock: () => Date;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly model: WriteModel<S, E, Ctx>,
    options: ExecutorOptions<S, E> = {},
  ) {
    this.index = new IdempotencyIndex(client);
    this.states = options.states ?? new StreamStates(client, model, new StreamStateCache<S>(DEFAULT_CACHE_BYTES));
    this.clock = options.clock ?? (() => new Date());
  }

  async execute<C>(request: CommandRequest<C, S, E, Ctx>): Promise<CommandResult> {
    return this.lock.run(request.stream, () => this.attempt(request));
  }

  private async attempt<C>(request: CommandRequest<C, S, E, Ctx>): Promise<CommandResult> {
    const { stream, command, envelope } = request;
    const seen = (state: S, revision: bigint | null) => seenRevisionOf(this.model, state, envelope.actor, revision);
    // Read for an actor the stream is concealed from, it costs what a missing one does (StreamStates.current).
    const concealed = (state: S) => this.model.conceals?.(state, envelope.actor) ?? false;
    const current = () => unavailableOnFailure(() => this.states.current(stream, concealed));
    const kept = this.states.kept(stream);
    let entry = kept ?? (await current());
    // Whether `entry` was read from the store during this command, rather than kept from an earlier one.
    let fresh = kept === undefined;
    /** Reads what the store holds now; true when it moved past the state this command was decided on. */
    const moved = async (): Promise<boolean> => {
      if (fresh) return false;
      const latest = await current();
      fresh = true;
      const changed = latest.revision !== entry.revision;
      entry = latest;
      return changed;
    };

    const { idempotency } = envelope;
    let claimed = false;
    for (let attempt = 1; ; attempt += 1) {
      const replay = findReplay(stream, entry, envelope);
      if (replay) return replay;

      // A stream concealed from this actor is judged as one that does not exist, so "it is now at
      // revision 7" cannot give it away.
      const seenRevision = this.model.conceals?.(entry.state, envelope.actor) ? null : seen(entry.state, entry.revision);
      if (envelope.expectedRevision !== null && envelope.expectedRevision !== seenRevision) {
        if (await moved()) continue;
        throw staleRevision(seenRevision);
      }

      const now = this.clock();
      const headHash = entry.revision === null ? GENESIS_HASH : entry.headHash;
      let events: E[];
      try {
        events = request.decide(command, entry.state, this.model.contextOf(envelope, now, headHash));
      } catch (refusal) {
        if (await moved()) continue;
        // The first use of this key may have been this very request, answered when the state allowed it. A
        // key bound to another request changes nothing here: the refusal, which writes nothing, is the answer.
        if (idempotency) {
          const earlier = await unavailableOnFailure(() => this.index.firstUse(envelope.actor.sub, idempotency.key));
          if (earlier?.answer && earlier.fingerprint === idempotency.fingerprint) return replayOf(earlier);
        }
        throw refusal;
      }
      if (events.length === 0) {
        if (await moved()) continue;
        const unchanged = seen(entry.state, entry.revision);
        const answer = request.answer({ state: entry.state, events, revision: unchanged });
        // A request that changes nothing binds its key too, with its answer, or a different request could
        // take the key over and the first one's retry be refused as a reuse.
        const earlier = idempotency ? await this.claim(envelope, { fingerprint: idempotency.fingerprint, stream, answer, revision: unchanged?.toString() ?? null }) : null;
        if (earlier) return earlier;
        if (idempotency && entry.revision !== null) this.states.remember(stream, { ...entry, keys: withKey(entry.keys, envelope, answer, entry.revision, unchanged, null) }, entry.revision);
        return { answer, revision: unchanged, streamRevision: null, position: null, replayed: false, stream };
      }

      const state = foldEvents(this.model, events, entry.state);
      const revision = (entry.revision ?? -1n) + BigInt(events.length);
      const answer = request.answer({ state, events, revision: seen(state, revision) });
      const proposed = this.toProposed(events, envelope, now, answer, entry.revision, headHash ?? GENESIS_HASH);
      if (idempotency && !claimed) {
        // The key is bound to this request just before its first event is written: a refusal writes nothing.
        const earlier = await this.claim(envelope, { fingerprint: idempotency.fingerprint, stream });
        if (earlier) return earlier;
        claimed = true;
      }
      try {
        const written = await this.client.appendToStream(stream, proposed, { expectedRevision: entry.revision ?? NO_STREAM });
        const position = written.position?.commit ?? null;
        const headHash = (proposed[proposed.length - 1].metadata as EventMetadata).hash;
        this.states.remember(stream, {
          state,
          revision: written.nextExpectedRevision,
          headHash,
          keys: withKey(entry.keys, envelope, answer, written.nextExpectedRevision, seen(state, written.nextExpectedRevision), position),
          events: entry.events + events.length,
        }, entry.revision);
        const head = { hash: headHash, recordedAt: now.toISOString() };
        return { answer, revision: seen(state, written.nextExpectedRevision), streamRevision: written.nextExpectedRevision, position, replayed: false, stream, head };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw asStoreFailure(error);
        // Another instance wrote first. Under If-Match the loop checks it again on the fresh state: whether
        // that write moved the revision is for the caller's own count to say (an investor's may not move).
        if (attempt >= MAX_ATTEMPTS) {
          throw new WriteError('CONCURRENCY_CONFLICT', `The round kept changing while this command was decided (${attempt} attempts). Retry it.`);
        }
        fresh = false;
        await moved();
        await pause(attempt);
      }
    }
  }

  /**
   * Binds the request's key. When this very request bound it before and wrote nothing then, its answer is
   * replayed (a write's answer is found with its events, on the stream, before this is reached).
   */
  private async claim(envelope: CommandEnvelope, use: KeyUse): Promise<CommandResult | null> {
    const { key } = envelope.idempotency as NonNullable<CommandEnvelope['idempotency']>;
    const earlier = await unavailableOnFailure(() => this.index.claim(envelope.actor.sub, key, use));
    return earlier?.answer ? replayOf(earlier) : null;
  }

  private toProposed(events: readonly E[], envelope: CommandEnvelope, now: Date, answer: CommandAnswer, readRevision: bigint | null, headHash: string) {
    const last = events.length - 1;
    let prevHash = headHash;
    return events.map((event, index) => {
      const { type, data } = this.model.codec.serialize(event);
      const unsealed: Omit<EventMetadata, 'hash'> = {
        actor: { sub: envelope.actor.sub, role: envelope.actor.role, investorId: envelope.actor.investorId ?? null },
        correlationId: envelope.correlationId,
        causationId: envelope.causationId,
        idempotencyKey: envelope.idempotency?.key ?? null,
        requestFingerprint: envelope.idempotency?.fingerprint ?? null,
        schemaVersion: this.model.codec.schemaVersionOf(type),
        recordedAt: now.toISOString(),
        ...(envelope.idempotency && index === last ? { answer } : {}),
        prevHash,
      };
      // Each event's hash covers its type, data and metadata and chains to the one before it.
      const metadata: EventMetadata = { ...unsealed, hash: eventHash(type, data, unsealed) };
      prevHash = metadata.hash;
      // Under an idempotency key the same retry proposes the same ids, which the store treats as a no-op.
      const id = envelope.idempotency
        ? deterministicUuid(envelope.actor.sub, envelope.idempotency.key, String(readRevision ?? -1n), String(index))
        : randomUUID();
      return jsonEvent({ id, type, data, metadata: { ...metadata } });
    });
  }
}

/**
 * The first answer to this key by this caller. Keys are per `sub`; the fingerprint covers the request and
 * who sent it, so the same key from another role or firm of the same `sub` is a reuse, refused.
 */
function findReplay<S>(stream: string, entry: StreamState<S>, envelope: CommandEnvelope): CommandResult | null {
  const idempotency = envelope.idempotency;
  if (!idempotency) return null;
  const keyed = entry.keys.get(keyOf(envelope.actor.sub, idempotency.key));
  if (!keyed) return null;
  if (keyed.fingerprint !== idempotency.fingerprint) throw keyReused();
  // A key kept for a request that wrote nothing (no position) has no event for a receipt to name.
  const streamRevision = keyed.position === null ? null : keyed.revision;
  return { answer: keyed.answer, revision: keyed.seenRevision, streamRevision, position: keyed.position, replayed: true, stream };
}

/** The replay of an answer that was kept with the key, the request having written nothing. */
function replayOf(earlier: KeyUse): CommandResult {
  const revision = earlier.revision === undefined || earlier.revision === null ? null : BigInt(earlier.revision);
  // Nothing was written, so there is no receipt to name a stream revision for.
  return { answer: earlier.answer as CommandAnswer, revision, streamRevision: null, position: null, replayed: true, stream: earlier.stream };
}

function withKey(keys: Map<string, KeyedAnswer>, envelope: CommandEnvelope, answer: CommandAnswer, revision: bigint | null, seenRevision: bigint | null, position: bigint | null) {
  const idempotency = envelope.idempotency;
  if (idempotency) keys.set(keyOf(envelope.actor.sub, idempotency.key), { fingerprint: idempotency.fingerprint, answer, revision, seenRevision, position });
  return keys;
}

// A short random pause: long waits would hand every race to the instance that just won.
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 4)));
