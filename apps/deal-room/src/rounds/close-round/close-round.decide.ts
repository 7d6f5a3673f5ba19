// CloseRound: its command and its slice of decide, pure like the rest of the round domain.
import { formatMoney } from '../../kernel';
import { Command, Decision, DomainError, OpenedRound, RoundClosed, closingBook, onOpenRound, requireDealLead, stamp } from '../domain';
export type CloseRound = Command<'CloseRound', Record<string, never>>;

/** CloseRound as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideCloseRound = onOpenRound(closeRound);

export function closeRound(_: CloseRound, round: OpenedRound, decision: Decision): RoundClosed[] {
  requireDealLead(decision.actor, 'close a round');
  const pending = round.terms.filter((t) => t.status === 'pending').map((t) => t.termId);
  if (pending.length > 0) {
    const listed = pending.join(', ');
    throw new DomainError('PENDING_TERMS', `Settle or withdraw the pending proposals first: ${listed}`);
  }
  const unconfirmed = round.commitments.filter((c) => c.status === 'to-be-reconfirmed').map((c) => c.investorId);
  if (unconfirmed.length > 0) {
    const listed = unconfirmed.join(', ');
    throw new DomainError('RECONFIRMATION_PENDING', `The economics changed after these commitments; each must be re-confirmed or withdrawn: ${listed}`);
  }
  const open = round.conditions.filter((c) => c.status === 'open');
  if (open.length > 0) {
    const listed = open.map((c) => `${c.conditionId} (${c.title})`).join(', ');
    throw new DomainError('CONDITIONS_OPEN', `Conditions of the close still open: ${listed}`);
  }
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
  const facts = { ...stamp(round.roundId, decision), totalCommitted: total, ...book, sealedHeadHash: decision.headHash };
  return [{ type: 'RoundClosed', data: facts }];
}
