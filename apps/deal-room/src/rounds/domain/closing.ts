import { allocateWithMinimumTicket } from './allocation';
import { Money, money } from '../../kernel';
import { ownershipFraction } from './ownership';
import { AllocationRecord, OpenedRound, isBinding } from './round';
import { postMoneyValuation } from './round-economics';

export interface ClosingBook {
  readonly allocations: readonly AllocationRecord[];
  readonly totalAllocated: Money;
  readonly postMoneyValuation: Money;
}

/**
 * Allocations at close: the binding book (the company's unconfirmed indications bind nobody) whole if it
 * fits under the hard cap, else scaled back pro rata with the round's minimum ticket rule. Ownership is of
 * the post-money at the round's price: pre-money plus what was sold (see preMoneyValuation).
 */
export function closingBook(round: OpenedRound): ClosingBook {
  const { currency } = round;
  const claims = round.commitments.filter(isBinding).map(({ investorId, amount, sequence }) => ({
    investorId,
    committed: amount.amount,
    sequence,
  }));
  const minimum = round.minimumTicket?.amount ?? null;
  const scaled = allocateWithMinimumTicket(claims, round.hardCap.amount, minimum, round.minimumTicketRule);
  const totalAllocated = scaled.reduce((sum, s) => sum + s.allocated, 0n);
  const postMoney = postMoneyValuation(round, totalAllocated);
  return {
    allocations: scaled.map(({ investorId, committed, allocated }) => ({
      investorId,
      committed: money(committed, currency),
      allocated: money(allocated, currency),
      ownership: ownershipFraction(allocated, postMoney),
    })),
    totalAllocated: money(totalAllocated, currency),
    postMoneyValuation: money(postMoney, currency),
  };
}
