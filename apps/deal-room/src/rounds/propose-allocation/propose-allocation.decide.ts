// ProposeAllocation: its command and its slice of decide, pure like the rest of the round domain.
import { formatMoney } from '../../kernel';
import { Command, Decision, DomainError, Issues, ManualAllocationProposed, OpenedRound, ValidationError, closedInvestors, isBinding, onOpenRound, readAmount, readId, requireDealLead, stamp } from '../domain';

export const MAX_ALLOCATION_LINES = 1000;

/**
 * A manual allocation of the book, prepared by one member of the deal team; it takes effect at the close
 * only once another member approves it (four eyes). Each line: an investor and what it is allocated
 * ("0" leaves it out).
 */
export type ProposeAllocation = Command<
  'ProposeAllocation',
  { readonly proposalId: string; readonly allocations: readonly unknown[] }
>;

/** ProposeAllocation as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideProposeAllocation = onOpenRound(proposeAllocation);

export function proposeAllocation({ data }: ProposeAllocation, round: OpenedRound, decision: Decision): ManualAllocationProposed[] {
  requireDealLead(decision.actor, 'propose an allocation');
  const issues = new Issues();
  const proposalId = readId(issues, 'proposalId', data.proposalId);
  if (!Array.isArray(data.allocations) || data.allocations.length === 0 || data.allocations.length > MAX_ALLOCATION_LINES) {
    issues.add('allocations', 'size', `must list 1 to ${MAX_ALLOCATION_LINES} investors`);
    return issues.fail();
  }
  const closed = closedInvestors(round);
  const book = round.commitments.filter((c) => isBinding(c) && !closed.has(c.investorId));
  const lines: { investorId: string; amount: ReturnType<typeof readAmount> & object }[] = [];
  data.allocations.forEach((raw, index) => {
    const field = `allocations[${index}]`;
    const line = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const investorId = readId(issues, `${field}.investorId`, line.investorId);
    const amount = typeof line.amount === 'string' && /^0(\.0+)?$/.test(line.amount) ? { amount: 0n, currency: round.currency } : readAmount(issues, `${field}.amount`, line.amount, round.currency);
    if (!amount) return;
    const commitment = book.find((c) => c.investorId === investorId);
    if (!commitment) {
      issues.add(`${field}.investorId`, 'in-book', 'has no binding commitment in the book still to allocate');
      return;
    }
    if (lines.some((l) => l.investorId === investorId)) issues.add(`${field}.investorId`, 'unique', 'is listed twice');
    if (amount.amount > commitment.amount.amount) issues.add(`${field}.amount`, 'not-above-commitment', `must not exceed the commitment of ${formatMoney(commitment.amount)}`);
    const minimum = round.minimumTicket && round.minimumTicket.amount < commitment.amount.amount ? round.minimumTicket.amount : commitment.amount.amount;
    if (amount.amount > 0n && amount.amount < minimum) issues.add(`${field}.amount`, 'minimum-ticket', 'must be 0 or at least the minimum ticket');
    lines.push({ investorId, amount });
  });
  issues.throwIfAny();
  const missing = book.filter((c) => !lines.some((l) => l.investorId === c.investorId)).map((c) => c.investorId);
  if (missing.length > 0) {
    throw new ValidationError([{ field: 'allocations', rule: 'whole-book', message: `must allocate every investor in the book, also ${missing.join(', ')}` }]);
  }
  const sold = round.closings.reduce((sum, c) => sum + c.totalAllocated.amount, 0n);
  const total = lines.reduce((sum, l) => sum + l.amount.amount, 0n);
  if (total > round.hardCap.amount - sold) {
    throw new ValidationError([{ field: 'allocations', rule: 'within-hard-cap', message: `allocates ${formatMoney({ amount: total, currency: round.currency })}, more than the hard cap leaves` }]);
  }
  if (round.allocationProposals.some((p) => p.proposalId === proposalId)) {
    throw new DomainError('ALLOCATION_ALREADY_PROPOSED', `Allocation ${proposalId} already exists`);
  }
  return [{ type: 'ManualAllocationProposed', data: { ...stamp(round.roundId, decision), proposalId, allocations: lines } }];
}
