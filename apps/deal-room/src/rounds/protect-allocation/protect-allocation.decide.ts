// ProtectAllocation: its command and its slice of decide, pure like the rest of the round domain.
import { CURRENCIES, formatMoney, isCurrency, money, parseAmount } from '../../kernel';
import {
  AllocationProtected,
  Command,
  Decision,
  DomainError,
  Issues,
  OpenedRound,
  ValidationError,
  closedInvestors,
  isBinding,
  onOpenRound,
  readId,
  requireDealLead,
  requireInvestor,
  stamp,
} from '../domain';

/**
 * The deal team sets the amount an investor is allocated first at the scale-back (the lead's, a strategic
 * investor's); "0" lifts it. The close checks it again against the book as it then is.
 */
export type ProtectAllocation = Command<'ProtectAllocation', { readonly investorId: string; readonly amount: string; readonly currency: string }>;

/** ProtectAllocation as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideProtectAllocation = onOpenRound(protectAllocation);

export function protectAllocation({ data }: ProtectAllocation, round: OpenedRound, decision: Decision): AllocationProtected[] {
  requireDealLead(decision.actor, 'protect an allocation');
  const issues = new Issues();
  const investorId = readId(issues, 'investorId', data.investorId);
  if (!isCurrency(data.currency)) issues.add('currency', 'supported-currency', `must be one of ${CURRENCIES.join(', ')}`);
  issues.throwIfAny();
  const parsed = parseAmount(data.amount, round.currency, { allowZero: true });
  if (!parsed.ok) throw new ValidationError([{ field: 'amount', rule: parsed.rule, message: parsed.message }]);
  const amount = parsed.money;
  requireInvestor(round, investorId);
  if (data.currency !== round.currency) {
    throw new DomainError('CURRENCY_MISMATCH', `This round is in ${round.currency}, not ${data.currency}`);
  }
  if (closedInvestors(round).has(investorId)) {
    throw new DomainError('INVESTOR_ALREADY_CLOSED', `${investorId} was issued its shares at an earlier closing; nothing of its allocation is left to protect`);
  }
  const previous = round.protectedAllocations.find((p) => p.investorId === investorId)?.amount ?? money(0n, round.currency);
  if (previous.amount === amount.amount) return [];
  if (amount.amount > 0n) requireFits(round, investorId, amount.amount);
  return [{ type: 'AllocationProtected', data: { ...stamp(round.roundId, decision), investorId, amount, previousAmount: previous } }];
}

/** Within the investor's binding commitment, at least the minimum ticket, and with the others within the cap. */
function requireFits(round: OpenedRound, investorId: string, amount: bigint): void {
  const { currency } = round;
  const commitment = round.commitments.find((c) => c.investorId === investorId && isBinding(c));
  const committed = commitment?.amount.amount ?? 0n;
  if (amount > committed) {
    const stands = commitment ? `commits ${formatMoney(commitment.amount)}` : 'has no binding commitment';
    throw new DomainError('PROTECTED_ALLOCATION_EXCEEDS_COMMITMENT', `${formatMoney(money(amount, currency))} cannot be protected for ${investorId}: it ${stands}`);
  }
  if (round.minimumTicket && amount < round.minimumTicket.amount) {
    throw new ValidationError([{ field: 'amount', rule: 'minimum-ticket', message: `must be 0 or at least the minimum ticket of ${formatMoney(round.minimumTicket)}` }]);
  }
  const closed = closedInvestors(round);
  const others = round.protectedAllocations.filter((p) => p.investorId !== investorId && !closed.has(p.investorId)).reduce((sum, p) => sum + p.amount.amount, 0n);
  const left = round.hardCap.amount - round.closings.reduce((sum, c) => sum + c.totalAllocated.amount, 0n);
  if (others + amount > left) {
    const total = formatMoney(money(others + amount, currency));
    throw new DomainError('PROTECTED_ALLOCATIONS_EXCEED_CAP', `The protected allocations would total ${total}, more than the ${formatMoney(money(left, currency))} the hard cap leaves to sell`);
  }
}
