import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApplicationError } from '../../common/application-error';
import { CurrentActor, Roles } from '../../auth';
import { HttpReply, ParseIdPipe } from '../../http';
import { Actor } from '../../kernel';
import { RECEIPT_HEADER, ReceiptIssuer } from '../../receipts';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { storedEvents } from '../../event-sourcing/stream-reader';
import { deserialize, evolve, initialState, revisionSeenBy, roundStreamName } from '../domain';
import { RoundQueries } from '../get-round/round-queries';

const REVISION = /^(0|[1-9][0-9]{0,15})$/;

/**
 * A receipt given once, given again: the same bytes while the history stands. An investor gets the
 * receipts of its own writes only, named by the revision its write answered (its own count); anything
 * else answers as a receipt that does not exist.
 */
@Controller('rounds')
export class GetReceiptController {
  constructor(
    private readonly queries: RoundQueries,
    private readonly issuer: ReceiptIssuer,
    @Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient,
  ) {}

  @Get(':roundId/receipts/:revision')
  @Roles('deal-lead', 'auditor', 'admin', 'investor')
  async receipt(@Param('roundId', ParseIdPipe) roundId: string, @Param('revision') revision: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: HttpReply) {
    if (!REVISION.test(revision)) {
      throw new ApplicationError('VALIDATION_FAILED', 400, 'The revision is not valid.', [{ field: 'revision', rule: 'revision', message: 'must be a revision: a whole number from 0' }]);
    }
    const notFound = () => new ApplicationError('RECEIPT_NOT_FOUND', 404, `There is no receipt for revision ${revision} of round ${roundId} that you may fetch.`);
    // Issue 14: whether the round is there for this reader is settled from the kept state first, so that a
    // round hidden from it costs what a missing one does, not a read and a hash check of its history.
    await this.queries.currentState(roundId, actor).catch((error: unknown) => {
      throw error instanceof ApplicationError && error.code === 'ROUND_NOT_FOUND' ? notFound() : error;
    });
    const stream = roundStreamName(roundId);
    // An investor counts revisions its own way (issue 14): the revision it names is the one its write
    // answered, which is found in the stream by folding it. A stream revision would tell it how many events
    // others wrote between two of its writes.
    const at = actor.role === 'investor' ? await this.streamRevisionOf(stream, actor, BigInt(revision)) : BigInt(revision);
    const found = at === null ? null : await this.issuer.forStoredEvent(stream, at);
    const by = (found?.event.metadata as { actor?: { investorId?: unknown } } | null)?.actor;
    if (!found || (actor.role === 'investor' && (actor.investorId === undefined || by?.investorId !== actor.investorId))) throw notFound();
    response.header(RECEIPT_HEADER, found.receipt);
    return { receipt: found.receipt };
  }

  /** The stream revision of the investor's own write that left its own revision at `seen`; null if none did. */
  private async streamRevisionOf(stream: string, investor: Actor, seen: bigint): Promise<bigint | null> {
    let state = initialState();
    for await (const event of storedEvents(this.client, stream)) {
      state = evolve(state, deserialize(event.type, event.data));
      if (revisionSeenBy(state, investor, event.revision) !== seen) continue;
      const by = (event.metadata as { actor?: { investorId?: unknown } } | null)?.actor;
      if (by?.investorId === investor.investorId) return event.revision;
    }
    return null;
  }
}
