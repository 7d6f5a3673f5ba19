// CloseRound: its command and its slice of decide, pure like the rest of the round domain.
import { formatMoney } from '../../kernel';
import { Command, Decision, DomainError, OpenedRound, RoundClosed, closingBook, onOpenRound, requireDealLead, requireReadyToClose, stamp } from '../domain';
export type CloseRound = Command<'CloseRound', Record<string, never>>;

/** CloseRound as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideCloseRound = onOpenRound(closeRound);

export function closeRound(_: CloseRound, round: OpenedRound, decision: Decision): RoundClosed[] {
  requireDealLead(decision.actor, 'close a round');
  requireReadyToClose(round);
  const total = round.totalCommitted;
  // Without a stated minimum a round still needs something committed to close on.
  const minimum = round.minimumAmount?.amount ?? 1n;
  if (total.amount < minimum) {
    const needed = round.minimumAmount ? formatMoney(round.minimumAmount) : 'a commitment';
    throw new DomainError(
      'BELOW_MINIMUM_AMOUNT',
      `Committed ${formatMoney(total)} is below the minimum to close (${needed})`,
    );
  }
  const book = closingBook(round);
  // On the funded basis what is sold is what was paid in: that, not the book, must reach the minimum.
  if (round.allocationBasis === 'funded' && book.totalAllocated.amount < minimum) {
    const needed = round.minimumAmount ? formatMoney(round.minimumAmount) : 'something paid in';
    throw new DomainError('BELOW_MINIMUM_AMOUNT', `Paid in and allocated ${formatMoney(book.totalAllocated)} is below the minimum to close (${needed})`);
  }
  const facts = { ...stamp(round.roundId, decision), totalCommitted: total, ...book, sealedHeadHash: decision.headHash };
  return [{ type: 'RoundClosed', data: facts }];
}
