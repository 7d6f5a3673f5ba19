import { Currency, Money, Party, formatAmount } from '../../kernel';
import { AllocationBasis, CommitmentStatus, Disclosure, InvestorTier, MinimumTicketRule, RoundState, SubscriptionStatus, TermStatus, isBinding } from './round';
import { Oversubscription, ValuationBasis } from './round-economics';
import { termValueView } from './terms';

// The whole round, as the deal team and its auditors see it. Amounts are decimal strings in the round's
// currency. An investor is shown less: see viewFor in visibility.ts, which every reader goes through.
export interface RoundView {
  readonly roundId: string;
  readonly company: string;
  readonly name: string;
  readonly status: 'open' | 'closed' | 'cancelled';
  readonly currency: Currency;
  readonly targetAmount: string;
  readonly hardCap: string;
  readonly minimumAmount: string | null;
  readonly minimumTicket: string | null;
  readonly valuation: { readonly amount: string; readonly basis: ValuationBasis };
  readonly oversubscription: Oversubscription;
  readonly disclosure: Disclosure;
  readonly minimumTicketRule: MinimumTicketRule;
  readonly subscriptionDeadline: string | null;
  readonly fundingDeadline: string | null;
  /** The conditions precedent of the close, each open or satisfied (with its evidence and who said so). */
  readonly conditions: readonly {
    conditionId: string;
    title: string;
    investorId: string | null;
    status: 'open' | 'satisfied';
    evidence: string | null;
    satisfiedBy: { sub: string; role: string } | null;
    satisfiedAt: string | null;
  }[];
  /** Each initial or later closing, with its own allocations; the window for later ones. */
  readonly closings: readonly ClosingView[];
  readonly closingWindowEndsAt: string | null;
  /** Manual allocations, each prepared by one deal-team member and approved (or not yet) by another. */
  readonly allocationProposals: readonly {
    proposalId: string;
    allocations: readonly { investorId: string; amount: string }[];
    proposedBy: string;
    proposedAt: string;
    approvedBy: string | null;
    approvedAt: string | null;
  }[];
  /** Amounts the deal team set to be allocated first at the scale-back (the lead's, a strategic investor's). */
  readonly protectedAllocations: readonly { investorId: string; amount: string }[];
  /** What closings allocate: the binding commitments or only what was paid in. */
  readonly allocationBasis: AllocationBasis;
  /** Money paid back to investors (over-funding, or all of it after a cancellation), oldest first. */
  readonly refunds: readonly { investorId: string; amount: string; valueDate: string; reference: string; recordedAt: string }[];
  /** The `sub`s who act for the company in this round. */
  readonly dealTeam: readonly string[];
  readonly investors: readonly {
    investorId: string;
    name: string;
    tier: InvestorTier;
    maxTicket: string | null;
  }[];
  readonly terms: readonly {
    termId: string;
    /** Null for a round-wide term; else the investor whose term it is. */
    investorId: string | null;
    key: string;
    value: unknown;
    status: TermStatus;
    proposedBy: Party;
    supersedes: string | null;
    supersededBy: string | null;
  }[];
  readonly commitments: readonly {
    investorId: string;
    amount: string;
    currency: Currency;
    status: CommitmentStatus;
    subscription: SubscriptionStatus;
    documentReference: string | null;
    signedAt: string | null;
    acceptedAt: string | null;
    /** Paid-in so far, apart from the subscribed `amount`; each payment with its value date and reference. */
    paidIn: string;
    fundings: readonly { amount: string; valueDate: string; reference: string; recordedAt: string }[];
  }[];
  /** The binding commitments (re-confirmed or not); the company's unconfirmed indications are apart. */
  readonly totalCommitted: string;
  readonly totalIndicated: string;
  readonly allocations:
    | readonly { investorId: string; committed: string; allocated: string; ownership: string }[]
    | null;
  readonly postMoneyValuation: string | null;
  readonly openedAt: string;
  readonly closedAt: string | null;
  readonly cancelledAt: string | null;
  readonly cancellationReason: string | null;
}

export interface ClosingView {
  readonly closingNumber: number;
  readonly closedAt: string;
  readonly allocations: readonly { investorId: string; committed: string; allocated: string; ownership: string }[];
  readonly totalAllocated: string;
  readonly postMoneyValuation: string;
}

/** Null before the round is opened: there is nothing to show (the HTTP layer answers 404). */
export function toView(state: RoundState): RoundView | null {
  if (state.status === 'none') return null;
  const optional = (value: Money | null) => (value ? formatAmount(value) : null);
  return {
    roundId: state.roundId,
    company: state.company,
    name: state.name,
    status: state.status,
    currency: state.currency,
    targetAmount: formatAmount(state.targetAmount),
    hardCap: formatAmount(state.hardCap),
    minimumAmount: optional(state.minimumAmount),
    minimumTicket: optional(state.minimumTicket),
    valuation: { amount: formatAmount(state.valuation.amount), basis: state.valuation.basis },
    oversubscription: state.oversubscription,
    disclosure: state.disclosure,
    minimumTicketRule: state.minimumTicketRule,
    subscriptionDeadline: state.subscriptionDeadline,
    fundingDeadline: state.fundingDeadline,
    conditions: state.conditions.map((c) => ({ ...c })),
    closings: state.closings.map((closing) => ({
      closingNumber: closing.closingNumber,
      closedAt: closing.closedAt,
      allocations: closing.allocations.map((a) => ({
        investorId: a.investorId,
        committed: formatAmount(a.committed),
        allocated: formatAmount(a.allocated),
        ownership: a.ownership,
      })),
      totalAllocated: formatAmount(closing.totalAllocated),
      postMoneyValuation: formatAmount(closing.postMoneyValuation),
    })),
    closingWindowEndsAt: state.closingWindowEndsAt,
    allocationProposals: state.allocationProposals.map((p) => ({
      ...p,
      allocations: p.allocations.map((line) => ({ investorId: line.investorId, amount: formatAmount(line.amount) })),
    })),
    protectedAllocations: state.protectedAllocations.map((p) => ({ investorId: p.investorId, amount: formatAmount(p.amount) })),
    allocationBasis: state.allocationBasis,
    refunds: state.refunds.map((r) => ({ investorId: r.investorId, amount: formatAmount(r.amount), valueDate: r.valueDate, reference: r.reference, recordedAt: r.recordedAt })),
    dealTeam: state.dealTeam,
    investors: state.investors.map((i) => ({
      investorId: i.investorId,
      name: i.name,
      tier: i.tier,
      maxTicket: optional(i.maxTicket),
    })),
    terms: state.terms.map((t) => ({
      termId: t.termId,
      investorId: t.investorId,
      key: t.key,
      value: termValueView(t),
      status: t.status,
      proposedBy: t.proposedBy,
      supersedes: t.supersedes,
      supersededBy: t.supersededBy,
    })),
    commitments: state.commitments.map((c) => ({
      investorId: c.investorId,
      amount: formatAmount(c.amount),
      currency: c.amount.currency,
      status: c.status,
      subscription: c.subscription,
      documentReference: c.documentReference,
      signedAt: c.signedAt,
      acceptedAt: c.acceptedAt,
      paidIn: formatAmount(c.paidIn),
      fundings: c.fundings.map((f) => ({ amount: formatAmount(f.amount), valueDate: f.valueDate, reference: f.reference, recordedAt: f.recordedAt })),
    })),
    totalCommitted: formatAmount(state.totalCommitted),
    totalIndicated: formatAmount({
      amount: state.commitments.filter((c) => !isBinding(c)).reduce((sum, c) => sum + c.amount.amount, 0n),
      currency: state.currency,
    }),
    allocations:
      state.status === 'closed'
        ? state.allocations.map((a) => ({
            investorId: a.investorId,
            committed: formatAmount(a.committed),
            allocated: formatAmount(a.allocated),
            ownership: a.ownership,
          }))
        : null,
    postMoneyValuation: state.status === 'closed' ? formatAmount(state.postMoneyValuation) : null,
    openedAt: state.openedAt,
    closedAt: state.status === 'closed' ? state.closedAt : null,
    cancelledAt: state.status === 'cancelled' ? state.cancelledAt : null,
    cancellationReason: state.status === 'cancelled' ? state.reason : null,
  };
}
