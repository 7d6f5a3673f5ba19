import { allocateProRata } from './allocation';
import { Money, money } from '../../kernel';
import { ownershipFraction } from './ownership';
import { AllocationRecord, OpenedRound } from './round';
import { postMoneyValuation } from './round-economics';

export interface ClosingBook {
  readonly allocations: readonly AllocationRecord[];
  readonly totalAllocated: Money;
  readonly postMoneyValuation: Money;
}

/** Allocations at close: the whole book if it fits under the hard cap, else scaled back pro rata. */
export function closingBook(round: OpenedRound): ClosingBook {
  const { currency } = round;
  const claims = round.commitments.map(({ investorId, amount, sequence }) => ({
    investorId,
    committed: amount.amount,
    sequence,
  }));
  const scaled = allocateProRata(claims, round.hardCap.amount);
  const totalAllocated = scaled.reduce((sum, s) => sum + s.allocated, 0n);
  const postMoney = postMoneyValuation(round.valuation, totalAllocated);
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
