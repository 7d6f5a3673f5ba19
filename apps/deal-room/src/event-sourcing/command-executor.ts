import { EventStoreDBClient, jsonEvent, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { Actor } from '../kernel';
import { deterministicUuid } from './deterministic-id';
import { EventCodec } from './event-codec';
import { CommandAnswer, CommandEnvelope, EventMetadata, storedAnswerOf } from './event-metadata';
import { eventHash, GENESIS_HASH } from './hash-chain';
import { IdempotencyIndex } from './idempotency-index';
import { KeyedLock } from './keyed-lock';
import { Fold, foldEvents, readHistory, StreamHistory } from './stream-history';
import { asStoreFailure, keyReused, staleRevision, unavailableOnFailure, WriteError } from './write-errors';

/** What the write path needs to know of a stream's events, besides a command's own decision. */
export interface WriteModel<S, E, Ctx> extends Fold<S, E> {
  readonly codec: EventCodec<E>;
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
  /** The stream's revision after the command; null if the stream still does not exist. */
  readonly revision: bigint | null;
  /** The commit position of the last event written (or replayed); null when nothing was written. */
  readonly position: bigint | null;
  readonly replayed: boolean;
}

// Within one process commands on a stream queue up (KeyedLock), so only other instances make us lose a race.
const MAX_ATTEMPTS = 16;

/**
 * The whole write path: read the stream, fold it, decide, append with the revision that was read. A lost
 * race is decided again on the fresh state (unless the caller pinned a revision with If-Match), and a
 * retry under the same idempotency key replays the first answer instead of writing again.
 */
export class CommandExecutor<S, E, Ctx> {
  private readonly lock = new KeyedLock();
  private readonly index: IdempotencyIndex;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly model: WriteModel<S, E, Ctx>,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.index = new IdempotencyIndex(client);
  }

  async execute<C>(request: CommandRequest<C, S, E, Ctx>): Promise<CommandResult> {
    const { idempotency, actor } = request.envelope;
    if (idempotency) await unavailableOnFailure(() => this.index.assertUnusedOrSame(actor.sub, idempotency.key, idempotency.fingerprint));
    const result = await this.lock.run(request.stream, () => this.attempt(request));
    if (idempotency && !result.replayed && result.position !== null) {
      await unavailableOnFailure(() => this.index.record(actor.sub, idempotency.key, { fingerprint: idempotency.fingerprint, stream: request.stream }));
    }
    return result;
  }

  private async attempt<C>(request: CommandRequest<C, S, E, Ctx>): Promise<CommandResult> {
    const { stream, command, envelope } = request;
    for (let attempt = 1; ; attempt += 1) {
      const history = await unavailableOnFailure(() => readHistory(this.client, stream, this.model.codec));
      const replay = findReplay(history, envelope);
      if (replay) return replay;

      const state = foldEvents(this.model, history.events.map((recorded) => recorded.event));
      // A stream concealed from this actor is judged as one that does not exist, so "it is now at
      // revision 7" cannot give it away.
      const seenRevision = this.model.conceals?.(state, envelope.actor) ? null : history.revision;
      if (envelope.expectedRevision !== null && envelope.expectedRevision !== seenRevision) throw staleRevision(seenRevision);

      const now = this.clock();
      const headHash = history.events.length > 0 ? (history.events[history.events.length - 1].metadata?.hash ?? null) : GENESIS_HASH;
      const events = request.decide(command, state, this.model.contextOf(envelope, now, headHash));
      const after = foldEvents(this.model, events, state);
      if (events.length === 0) {
        const answer = request.answer({ state: after, events, revision: history.revision });
        return { answer, revision: history.revision, position: null, replayed: false };
      }
      const revision = (history.revision ?? -1n) + BigInt(events.length);
      const answer = request.answer({ state: after, events, revision });
      try {
        const proposed = this.toProposed(events, envelope, now, answer, history.revision, headHash ?? GENESIS_HASH);
        const written = await this.client.appendToStream(stream, proposed, { expectedRevision: history.revision ?? NO_STREAM });
        return { answer, revision: written.nextExpectedRevision, position: written.position?.commit ?? null, replayed: false };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw asStoreFailure(error);
        if (envelope.expectedRevision !== null) throw staleRevision(null);
        if (attempt >= MAX_ATTEMPTS) {
          throw new WriteError('CONCURRENCY_CONFLICT', `The round kept changing while this command was decided (${attempt} attempts). Retry it.`);
        }
        await pause(attempt);
      }
    }
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
function findReplay<E>(history: StreamHistory<E>, envelope: CommandEnvelope): CommandResult | null {
  const idempotency = envelope.idempotency;
  if (!idempotency) return null;
  for (let index = history.events.length - 1; index >= 0; index -= 1) {
    const { metadata, revision, position } = history.events[index];
    if (metadata?.idempotencyKey !== idempotency.key || metadata.actor.sub !== envelope.actor.sub) continue;
    if (metadata.requestFingerprint !== idempotency.fingerprint) throw keyReused();
    const answer = storedAnswerOf(metadata);
    if (!answer) continue;
    return { answer, revision, position, replayed: true };
  }
  return null;
}

// A short random pause: long waits would hand every race to the instance that just won.
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 4)));
