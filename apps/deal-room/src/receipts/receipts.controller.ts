import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApplicationError } from '../common/application-error';
import { CurrentActor, Public, Roles } from '../auth';
import { SIGNING_KEY, SigningKey } from '../evidence';
import { ParseIdPipe } from '../http';
import { Actor } from '../kernel';
import { RECEIPT_HEADER, ReceiptIssuer } from './receipt-issuer';
import type { StoredEvent } from '../event-sourcing/stream-reader';
import { deserialize } from '../rounds/domain';

const REVISION = /^(0|[1-9][0-9]{0,15})$/;

/** The deployment's public key, for anyone to check receipts and anchors with; and receipts fetched again. */
@Controller()
export class ReceiptsController {
  constructor(
    @Inject(SIGNING_KEY) private readonly key: SigningKey,
    private readonly issuer: ReceiptIssuer,
  ) {}

  @Get('.well-known/deal-room/keys')
  @Public()
  keys() {
    return { keys: [this.key.jwk] };
  }

  /**
   * A receipt given once, given again: the same bytes while the history stands. An investor gets the
   * receipts of its own writes only, a deal-lead those of its own company's rounds; anything else answers
   * as a receipt that does not exist, exactly as for a round that does not.
   */
  @Get('rounds/:roundId/receipts/:revision')
  @Roles('deal-lead', 'auditor', 'admin', 'investor')
  async receipt(@Param('roundId', ParseIdPipe) roundId: string, @Param('revision') revision: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response) {
    if (!REVISION.test(revision)) {
      throw new ApplicationError('VALIDATION_FAILED', 400, 'The revision is not valid.', [{ field: 'revision', rule: 'revision', message: 'must be a revision: a whole number from 0' }]);
    }
    const stream = `round-${roundId}`;
    const found = await this.issuer.forStoredEvent(stream, BigInt(revision), (first) => actor.role !== 'deal-lead' || onDealTeam(first, actor.sub));
    const by = (found?.event.metadata as { actor?: { investorId?: unknown } } | null)?.actor;
    if (!found || (actor.role === 'investor' && (actor.investorId === undefined || by?.investorId !== actor.investorId))) {
      throw new ApplicationError('RECEIPT_NOT_FOUND', 404, `There is no receipt for revision ${revision} of round ${roundId} that you may fetch.`);
    }
    response.setHeader(RECEIPT_HEADER, found.receipt);
    return { receipt: found.receipt };
  }
}

/** Whether `sub` is on the deal team named by the round's opening event (v1 openings: the opener alone). */
function onDealTeam(first: StoredEvent, sub: string): boolean {
  try {
    const opened = deserialize(first.type, first.data);
    return opened.type === 'RoundOpened' && opened.data.dealTeam.includes(sub);
  } catch {
    return false;
  }
}
