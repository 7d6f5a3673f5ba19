// HoldClosing: its command and its slice of decide, pure like the rest of the round domain.
import { formatMoney } from '../../kernel';
import { ClosingHeld, Command, Decision, DomainError, OpenedRound, interimClosingBook, onOpenRound, requireDealLead, requireReadyToClose, stamp } from '../domain';

/** Later closings are taken within this many days of the initial one (the NVCA forms' 90). */
export const CLOSING_WINDOW_DAYS = 90;

/** An initial or later closing: shares to the investors fully paid in by now. */
export type HoldClosing = Command<'HoldClosing', Record<string, never>>;

/** HoldClosing as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideHoldClosing = onOpenRound(holdClosing);

export function holdClosing(_: HoldClosing, round: OpenedRound, decision: Decision): ClosingHeld[] {
  requireDealLead(decision.actor, 'hold a closing');
  requireReadyToClose(round);
  if (round.closingWindowEndsAt !== null && decision.at > round.closingWindowEndsAt) {
    throw new DomainError('CLOSING_WINDOW_ENDED', `Later closings were taken until ${round.closingWindowEndsAt}; close the round instead`);
  }
  const book = interimClosingBook(round);
  if (book.totalAllocated.amount === 0n) {
    throw new DomainError('NOTHING_TO_CLOSE', 'No investor has an accepted subscription fully paid in that was not issued shares yet');
  }
  const initial = round.closings.length === 0;
  if (initial && round.minimumAmount && book.totalAllocated.amount < round.minimumAmount.amount) {
    const message = `The initial closing would issue ${formatMoney(book.totalAllocated)}, below the minimum to close (${formatMoney(round.minimumAmount)})`;
    throw new DomainError('BELOW_MINIMUM_AMOUNT', message);
  }
  const windowEndsAt = round.closingWindowEndsAt ?? new Date(Date.parse(decision.at) + CLOSING_WINDOW_DAYS * 86_400_000).toISOString();
  const facts = {
    ...stamp(round.roundId, decision),
    closingNumber: round.closings.length + 1,
    ...book,
    sealedHeadHash: decision.headHash,
    windowEndsAt,
  };
  return [{ type: 'ClosingHeld', data: facts }];
}
