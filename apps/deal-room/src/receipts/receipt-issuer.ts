import { Inject, Injectable } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { ApplicationError } from '../common/application-error';
import { CommandResult } from '../event-sourcing/command-executor';
import { Actor } from '../kernel';
import { verifyChain } from '../event-sourcing/hash-chain';
import { readSlice, StoredEvent, storedEvents } from '../event-sourcing/stream-reader';
import { RECEIPT_TYP, ReceiptPayload, signStatement, SIGNING_KEY, SigningKey } from '../evidence';

/** The response header that carries a write's receipt. */
export const RECEIPT_HEADER = 'Deal-Room-Receipt';

/**
 * Signs receipts: the stream, revision, hash, position and time of an acknowledged write, as a JWS with
 * the deployment's Ed25519 key. The same event always gets the same receipt, byte for byte.
 */
@Injectable()
export class ReceiptIssuer {
  constructor(
    @Inject(SIGNING_KEY) private readonly key: SigningKey,
    @Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient,
  ) {}

  /**
   * The receipt of a command's write, made by `by`; a replay's is read back from the event it replays.
   * Null when nothing was written.
   */
  async forResult(result: CommandResult, by: Actor | undefined): Promise<string | null> {
    if (result.streamRevision === null || result.position === null) return null;
    if (result.head) {
      const { hash, recordedAt } = result.head;
      if (by?.role === 'investor') return this.sign({ v: 2, stream: result.stream, hash, recordedAt });
      return this.sign({ v: 1, stream: result.stream, revision: Number(result.streamRevision), hash, position: Number(result.position), recordedAt });
    }
    // The write was acknowledged before; a store that cannot be read now costs the replay its receipt, not its answer.
    const [event] = await readSlice(this.client, result.stream, { fromRevision: result.streamRevision, maxCount: 1 }).catch(() => []);
    return event ? this.sign(payloadOf(result.stream, event)) : null;
  }

  /**
   * The receipt of an event already written, fetched again. It is signed only if the stream up to that
   * event still chains from revision 0: the deployment does not sign for a history it cannot vouch for.
   * `mayRead` is asked with the stream's first event (for a round, its opening, which names its deal team).
   */
  async forStoredEvent(stream: string, revision: bigint, mayRead: (first: StoredEvent) => boolean = () => true): Promise<{ receipt: string; event: StoredEvent } | null> {
    const events: StoredEvent[] = [];
    for await (const event of storedEvents(this.client, stream)) {
      if (event.revision > revision) break;
      events.push(event);
    }
    const event = events[events.length - 1];
    // A stream the reader may not see is answered as one without that event, before anything else about it.
    if (!event || event.revision !== revision || !mayRead(events[0])) return null;
    const chain = verifyChain(events);
    if (events[0].revision !== 0n || !chain.valid) {
      throw new ApplicationError('HISTORY_NOT_INTACT', 409, `The history of ${stream} up to revision ${revision} does not verify, so no receipt is signed for it. Run verify.`);
    }
    return { receipt: this.sign(payloadOf(stream, event)), event };
  }

  private sign(payload: ReceiptPayload): string {
    return signStatement(this.key, RECEIPT_TYP, payload);
  }
}

/** Decided by the event alone (who wrote it), so the same event always gets the same receipt. */
function payloadOf(stream: string, event: StoredEvent): ReceiptPayload {
  const metadata = (event.metadata ?? {}) as { hash?: unknown; recordedAt?: unknown; actor?: { role?: unknown } };
  const hash = typeof metadata.hash === 'string' ? metadata.hash : '';
  const recordedAt = typeof metadata.recordedAt === 'string' ? metadata.recordedAt : event.created.toISOString();
  if (metadata.actor?.role === 'investor') return { v: 2, stream, hash, recordedAt };
  return {
    v: 1,
    stream,
    revision: Number(event.revision),
    hash,
    position: event.position === null ? null : Number(event.position),
    recordedAt,
  };
}
