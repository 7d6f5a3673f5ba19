import { allocateWithProtection, Claim } from './allocation';
import { DomainError } from './errors';
import { Money, formatMoney, money } from '../../kernel';
import { ownershipFraction } from './ownership';
import { AllocationRecord, OpenedRound, isBinding } from './round';
import { fullyDilutedBefore } from './cap-table';
import { postMoneyValuation, preMoneyValuation } from './round-economics';

export interface ClosingBook {
  readonly allocations: readonly AllocationRecord[];
  readonly totalAllocated: Money;
  readonly postMoneyValuation: Money;
}

/** What a close needs, whichever: no open proposal, no commitment awaiting consent, no open condition. */
export function requireReadyToClose(round: OpenedRound): void {
  const pending = round.terms.filter((t) => t.status === 'pending').map((t) => t.termId);
  if (pending.length > 0) {
    throw new DomainError('PENDING_TERMS', `Settle or withdraw the pending proposals first: ${pending.join(', ')}`);
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
}

/** Investors who were issued shares at an earlier closing. */
export const closedInvestors = (round: OpenedRound): Set<string> =>
  new Set(round.closings.flatMap((closing) => closing.allocations.filter((a) => a.allocated.amount > 0n).map((a) => a.investorId)));

const soldBefore = (round: OpenedRound): bigint => round.closings.reduce((sum, closing) => sum + closing.totalAllocated.amount, 0n);

/**
 * The final close: the binding book not issued at an earlier closing (the company's unconfirmed indications
 * bind nobody; on the round's `funded` basis, each commitment for what was paid in against it), whole if it fits under what is left of the hard cap, else scaled back pro rata with the
 * round's minimum ticket rule. Ownership is of the post-money at the round's price: pre-money plus all
 * that was sold (see preMoneyValuation); earlier closings' allocations are listed again at that post-money.
 */
export function closingBook(round: OpenedRound): ClosingBook {
  const closed = closedInvestors(round);
  // On the funded basis a commitment counts for what was paid in against it, and one with nothing paid not at all.
  const funded = round.allocationBasis === 'funded';
  const claims = round.commitments
    .filter((c) => isBinding(c) && !closed.has(c.investorId) && (!funded || c.paidIn.amount > 0n))
    .map(({ investorId, amount, paidIn, sequence }) => ({ investorId, committed: funded ? paidIn.amount : amount.amount, sequence }));
  const earlier = round.closings.flatMap((closing) => closing.allocations.filter((a) => a.allocated.amount > 0n));
  const protections = protectionsFor(round, claims, 'final');
  return book(round, claims, earlier, protections, approvedManualAllocation(round, claims, protections));
}

/**
 * The protected amounts of the investors not issued shares yet, checked against the book as it now is:
 * each within its investor's claim (at the final close every protected investor must have one: the
 * protection was set for its commitment), together within what the hard cap leaves. At an interim
 * closing the protections of investors not in it are held back from it, so that a later closing can
 * still honour them.
 */
function protectionsFor(round: OpenedRound, claims: readonly Claim[], closing: 'interim' | 'final'): Protections {
  const closed = closedInvestors(round);
  const live = round.protectedAllocations.filter((p) => !closed.has(p.investorId));
  const claimOf = new Map(claims.map((c) => [c.investorId, c.committed]));
  const short = live.filter((p) => (claimOf.has(p.investorId) || closing === 'final') && p.amount.amount > (claimOf.get(p.investorId) ?? 0n));
  if (short.length > 0) {
    const listed = short.map((p) => `${p.investorId} (${formatMoney(p.amount)} protected, ${formatMoney(money(claimOf.get(p.investorId) ?? 0n, round.currency))} committed)`).join(', ');
    throw new DomainError('PROTECTED_ALLOCATION_EXCEEDS_COMMITMENT', `Protected allocations above what the investor now commits: ${listed}; lower or lift them first`);
  }
  const total = live.reduce((sum, p) => sum + p.amount.amount, 0n);
  const left = round.hardCap.amount - soldBefore(round);
  if (total > left) {
    throw new DomainError('PROTECTED_ALLOCATIONS_EXCEED_CAP', `The protected allocations total ${formatMoney(money(total, round.currency))}, more than the ${formatMoney(money(left, round.currency))} the hard cap leaves to sell`);
  }
  const inThis = live.filter((p) => claimOf.has(p.investorId));
  const held = live.filter((p) => !claimOf.has(p.investorId)).reduce((sum, p) => sum + p.amount.amount, 0n);
  return { amounts: new Map(inThis.map((p) => [p.investorId, p.amount.amount])), held };
}

interface Protections {
  /** The protected amount of each investor in this closing's book. */
  readonly amounts: ReadonlyMap<string, bigint>;
  /** Held back for protected investors not in this closing. */
  readonly held: bigint;
}

/**
 * The latest manual allocation a second member of the deal team approved, as amounts per investor; null
 * without one. It must still fit the book: the same investors, none now committed below its line.
 */
function approvedManualAllocation(round: OpenedRound, claims: readonly Claim[], protections: Protections): ReadonlyMap<string, bigint> | null {
  const approved = [...round.allocationProposals].reverse().find((p) => p.approvedBy !== null);
  if (!approved) return null;
  const lines = new Map(approved.allocations.map((line) => [line.investorId, line.amount.amount]));
  const honours = (c: Claim) => lines.get(c.investorId)! >= (protections.amounts.get(c.investorId) ?? 0n);
  const fits = claims.length === lines.size && claims.every((c) => lines.has(c.investorId) && lines.get(c.investorId)! <= c.committed && honours(c));
  if (!fits) {
    throw new DomainError('MANUAL_ALLOCATION_STALE', `The book or its protected allocations changed after allocation ${approved.proposalId} was approved: propose and approve a new one`);
  }
  return lines;
}

/**
 * An initial or later closing: shares to the investors whose accepted subscriptions are fully paid in and
 * who were issued none yet, for what they paid, within what is left of the hard cap.
 */
export function interimClosingBook(round: OpenedRound): ClosingBook {
  const closed = closedInvestors(round);
  const claims = round.commitments
    .filter((c) => c.status === 'committed' && c.subscription === 'accepted' && c.paidIn.amount === c.amount.amount && !closed.has(c.investorId))
    .map(({ investorId, paidIn, sequence }) => ({ investorId, committed: paidIn.amount, sequence }));
  return book(round, claims, [], protectionsFor(round, claims, 'interim'));
}

function book(
  round: OpenedRound,
  claims: readonly Claim[],
  earlier: readonly AllocationRecord[],
  protections: Protections,
  manual: ReadonlyMap<string, bigint> | null = null,
): ClosingBook {
  const { currency } = round;
  const before = soldBefore(round);
  const minimum = round.minimumTicket?.amount ?? null;
  const scaled = manual
    ? [...claims].sort((a, b) => a.sequence - b.sequence).map((c) => ({ investorId: c.investorId, committed: c.committed, allocated: manual.get(c.investorId)! }))
    : allocateWithProtection(claims, round.hardCap.amount - before - protections.held, protections.amounts, minimum, round.minimumTicketRule);
  const sold = scaled.reduce((sum, s) => sum + s.allocated, 0n);
  const postMoney = postMoneyValuation(round, before + sold);
  const issuedBefore = round.closings.flatMap((c) => c.allocations.map((a) => a.allocated.amount));
  const ownership = ownershipOf(round, [...issuedBefore, ...scaled.map((x) => x.allocated)], postMoney);
  const again = earlier.map((a) => ({ ...a, ownership: ownership(a.allocated.amount) }));
  // `committed` is the commitment itself, also when the claim was only what was paid in.
  const commitmentOf = (investorId: string, claimed: bigint) => round.commitments.find((c) => c.investorId === investorId)?.amount.amount ?? claimed;
  const fresh = scaled.map(({ investorId, committed, allocated }) => ({
    investorId,
    committed: money(commitmentOf(investorId, committed), currency),
    allocated: money(allocated, currency),
    ownership: ownership(allocated),
  }));
  const allocations = [...again, ...fresh];
  const totalAllocated = allocations.reduce((sum, a) => sum + a.allocated.amount, 0n);
  return { allocations, totalAllocated: money(totalAllocated, currency), postMoneyValuation: money(postMoney, currency) };
}

/**
 * Ownership of each allocation among `all` (every allocation issued so far, this one's included). With a
 * cap table: the whole shares it buys over the fully diluted shares after, each allocation's shares
 * floored on their own (see cap-table.ts). Without one: allocated / post-money, the same figure up to the
 * fractions of a share.
 */
function ownershipOf(round: OpenedRound, all: readonly bigint[], postMoney: bigint): (allocated: bigint) => string {
  if (round.capTable === null) return (allocated) => ownershipFraction(allocated, postMoney);
  const preMoney = preMoneyValuation(round);
  const sharesBefore = fullyDilutedBefore(round.capTable);
  const sharesFor = (allocated: bigint) => (allocated * sharesBefore) / preMoney;
  const sharesAfter = all.reduce((sum, allocated) => sum + sharesFor(allocated), sharesBefore);
  return (allocated) => ownershipFraction(sharesFor(allocated), sharesAfter);
}
