import { EventStoreDBClient, jsonEvent, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { ApplicationError } from '../common/application-error';
import { deterministicUuid } from './deterministic-id';
import { eventHash, GENESIS_HASH } from './hash-chain';
import { Decider, EventCodec } from './event-codec';
import { CommandEnvelope, EventMetadata, StoredReply } from './event-metadata';
import { IdempotencyIndex, keyReused } from './idempotency-index';
import { KeyedLock } from './keyed-lock';
import { readHistory, StreamHistory } from './stream-history';

export interface CommandRequest<C, S, E> {
  readonly stream: string;
  readonly command: C;
  readonly envelope: CommandEnvelope;
  /** The answer to give, computed from the state after the command; stored for idempotent replays. */
  readonly reply: (outcome: { state: S; events: readonly E[]; revision: bigint | null }) => StoredReply;
}

export interface CommandResult {
  readonly reply: StoredReply;
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
export class CommandExecutor<C, S, E, Ctx> {
  private readonly lock = new KeyedLock();
  private readonly index: IdempotencyIndex;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly decider: Decider<C, S, E, Ctx>,
    private readonly codec: EventCodec<E>,
    private readonly contextOf: (envelope: CommandEnvelope, now: Date, headHash: string | null) => Ctx,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.index = new IdempotencyIndex(client);
  }

  async execute(request: CommandRequest<C, S, E>): Promise<CommandResult> {
    const { idempotency, actor } = request.envelope;
    if (idempotency) await unavailableOnFailure(() => this.index.assertUnusedOrSame(actor.sub, idempotency.key, idempotency.fingerprint));
    const result = await this.lock.run(request.stream, () => this.attempt(request));
    if (idempotency && !result.replayed && result.position !== null) {
      await unavailableOnFailure(() => this.index.record(actor.sub, idempotency.key, { fingerprint: idempotency.fingerprint, stream: request.stream }));
    }
    return result;
  }

  private async attempt(request: CommandRequest<C, S, E>): Promise<CommandResult> {
    const { stream, command, envelope } = request;
    for (let attempt = 1; ; attempt += 1) {
      const history = await unavailableOnFailure(() => readHistory(this.client, stream, this.codec));
      const replay = findReplay(history, envelope);
      if (replay) return replay;
      if (envelope.expectedRevision !== null && envelope.expectedRevision !== history.revision) throw staleRevision(history.revision);

      const state = history.events.reduce((folded, recorded) => this.decider.evolve(folded, recorded.event), this.decider.initialState());
      const now = this.clock();
      const headHash = history.events.length > 0 ? (history.events[history.events.length - 1].metadata?.hash ?? null) : GENESIS_HASH;
      const events = this.decider.decide(command, state, this.contextOf(envelope, now, headHash));
      const after = events.reduce((folded, event) => this.decider.evolve(folded, event), state);
      if (events.length === 0) {
        return { reply: request.reply({ state: after, events, revision: history.revision }), revision: history.revision, position: null, replayed: false };
      }
      const revision = (history.revision ?? -1n) + BigInt(events.length);
      const reply = request.reply({ state: after, events, revision });
      try {
        const written = await this.client.appendToStream(stream, this.toProposed(events, envelope, now, reply, history.revision, headHash ?? GENESIS_HASH), {
          expectedRevision: history.revision ?? NO_STREAM,
        });
        return { reply, revision: written.nextExpectedRevision, position: written.position?.commit ?? null, replayed: false };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw unavailable(error);
        if (envelope.expectedRevision !== null) throw staleRevision(null);
        if (attempt >= MAX_ATTEMPTS) {
          throw new ApplicationError('CONCURRENCY_CONFLICT', 409, `The round kept changing while this command was decided (${attempt} attempts). Retry it.`, [], { 'Retry-After': '1' });
        }
        await pause(attempt);
      }
    }
  }

  private toProposed(events: readonly E[], envelope: CommandEnvelope, now: Date, reply: StoredReply, readRevision: bigint | null, headHash: string) {
    const last = events.length - 1;
    let prevHash = headHash;
    return events.map((event, index) => {
      const { type, data } = this.codec.serialize(event);
      const unsealed: Omit<EventMetadata, 'hash'> = {
        actor: { sub: envelope.actor.sub, role: envelope.actor.role, investorId: envelope.actor.investorId ?? null },
        correlationId: envelope.correlationId,
        causationId: envelope.causationId,
        idempotencyKey: envelope.idempotency?.key ?? null,
        requestFingerprint: envelope.idempotency?.fingerprint ?? null,
        schemaVersion: this.codec.schemaVersionOf(type),
        recordedAt: now.toISOString(),
        ...(envelope.idempotency && index === last ? { reply } : {}),
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

function findReplay<E>(history: StreamHistory<E>, envelope: CommandEnvelope): CommandResult | null {
  const idempotency = envelope.idempotency;
  if (!idempotency) return null;
  for (let index = history.events.length - 1; index >= 0; index -= 1) {
    const { metadata, revision, position } = history.events[index];
    if (metadata?.idempotencyKey !== idempotency.key || metadata.actor.sub !== envelope.actor.sub) continue;
    if (metadata.requestFingerprint !== idempotency.fingerprint) throw keyReused();
    if (!metadata.reply) continue;
    return { reply: metadata.reply, revision, position, replayed: true };
  }
  return null;
}

function staleRevision(current: bigint | null): ApplicationError {
  const now = current === null ? '' : ` It is now at revision ${current}.`;
  return new ApplicationError('REVISION_MISMATCH', 412, `The round has changed since the revision given in If-Match.${now} Read it again and retry.`);
}

/** A failure to reach the event store is the server's problem, not the client's: 503 with a retry hint. */
function unavailable(error: unknown): unknown {
  if (error instanceof ApplicationError) return error;
  const name = error instanceof Error ? error.constructor.name : '';
  if (/Unavailable|DeadlineExceeded|Cancelled|Timeout|NotLeader/.test(name)) {
    return new ApplicationError('EVENT_STORE_UNAVAILABLE', 503, 'The event store is not reachable right now. Retry shortly.', [], { 'Retry-After': '1' });
  }
  return error;
}

async function unavailableOnFailure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw unavailable(error);
  }
}

// A short random pause: long waits would hand every race to the instance that just won.
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 4)));
