import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApplicationError } from '../../common/application-error';
import { CurrentActor, Roles } from '../../auth';
import { ParseIdPipe } from '../../http';
import { Actor } from '../../kernel';
import { RECEIPT_HEADER, ReceiptIssuer } from '../../receipts';
import { roundStreamName } from '../domain';
import { RoundQueries } from '../get-round/round-queries';

const REVISION = /^(0|[1-9][0-9]{0,15})$/;

/**
 * A receipt given once, given again: the same bytes while the history stands. An investor gets the
 * receipts of its own writes only; anything else answers as a receipt that does not exist.
 */
@Controller('rounds')
export class GetReceiptController {
  constructor(
    private readonly queries: RoundQueries,
    private readonly issuer: ReceiptIssuer,
  ) {}

  @Get(':roundId/receipts/:revision')
  @Roles('deal-lead', 'auditor', 'admin', 'investor')
  async receipt(@Param('roundId', ParseIdPipe) roundId: string, @Param('revision') revision: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response) {
    if (!REVISION.test(revision)) {
      throw new ApplicationError('VALIDATION_FAILED', 400, 'The revision is not valid.', [{ field: 'revision', rule: 'revision', message: 'must be a revision: a whole number from 0' }]);
    }
    const notFound = () => new ApplicationError('RECEIPT_NOT_FOUND', 404, `There is no receipt for revision ${revision} of round ${roundId} that you may fetch.`);
    // Issue 14: whether the round is there for this reader is settled from the kept state first, so that a
    // round hidden from it costs what a missing one does, not a read and a hash check of its history.
    await this.queries.currentState(roundId, actor).catch((error: unknown) => {
      throw error instanceof ApplicationError && error.code === 'ROUND_NOT_FOUND' ? notFound() : error;
    });
    const found = await this.issuer.forStoredEvent(roundStreamName(roundId), BigInt(revision));
    const by = (found?.event.metadata as { actor?: { investorId?: unknown } } | null)?.actor;
    if (!found || (actor.role === 'investor' && (actor.investorId === undefined || by?.investorId !== actor.investorId))) throw notFound();
    response.setHeader(RECEIPT_HEADER, found.receipt);
    return { receipt: found.receipt };
  }
}
