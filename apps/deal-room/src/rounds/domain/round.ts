import { Currency, Money, Party, RecordedBy, money } from '../../kernel';
import type { CapTableInput } from './cap-table';
import { RoundEconomics } from './round-economics';
import { Term } from './terms';

export const roundStreamName = (roundId: string): string => `round-${roundId}`;

// ---- Events ----------------------------------------------------------------------------------------

type Event<Type extends string, Data> = { readonly type: Type; readonly data: Data };

/** Every event says which round, who caused it and when it took effect in the deal. */
interface Stamp {
  readonly roundId: string;
  readonly by: RecordedBy;
  readonly at: string;
}

export const INVESTOR_TIERS = ['lead', 'major', 'other'] as const;
export type InvestorTier = (typeof INVESTOR_TIERS)[number];

/**
 * What investors may learn about the book as a whole: nothing (`none`, the default), or its totals
 * (`book-totals`). Other investors' names and amounts are never shown to an investor either way.
 */
export const DISCLOSURES = ['none', 'book-totals'] as const;
export type Disclosure = (typeof DISCLOSURES)[number];

/**
 * What happens after scale-back to an allocation that fell below the minimum ticket: it is raised to the
 * minimum (`round-up`, the others are scaled back a little further) or left out (`drop`).
 */
export const MINIMUM_TICKET_RULES = ['round-up', 'drop'] as const;
export type MinimumTicketRule = (typeof MINIMUM_TICKET_RULES)[number];

export interface AllocationRecord {
  readonly investorId: string;
  readonly committed: Money;
  readonly allocated: Money;
  /** Fraction of post-money, see ownership.ts. */
  readonly ownership: string;
}

export type RoundOpened = Event<
  'RoundOpened',
  Stamp &
    RoundEconomics & {
      readonly company: string;
      readonly name: string;
      readonly currency: Currency;
      /** v1 events had it optional; the upcaster reads a missing one as `none`, the safe side. */
      readonly disclosure: Disclosure;
      /**
       * The `sub`s of the company's deal team: only they act for the company in this round; to any other
       * deal-lead the round does not exist. v1 rounds are upcast to their opener alone.
       */
      readonly dealTeam: readonly string[];
      readonly minimumTicketRule: MinimumTicketRule;
    }
>;
export type InvestorAdmitted = Event<
  'InvestorAdmitted',
  Stamp & {
    readonly investorId: string;
    readonly name: string;
    readonly tier: InvestorTier;
    readonly maxTicket: Money | null;
  }
>;
/** Whose term: null for a round-wide term (the economics), an investor's id for its own (a side letter). */
interface TermScope {
  readonly investorId: string | null;
}
export type TermProposed = Event<
  'TermProposed',
  Stamp & Term & TermScope & { readonly termId: string; readonly proposedBy: Party; readonly supersedes: string | null }
>;
// Accepted terms repeat key, value and scope so a reader of this one event knows what was agreed.
export type TermAccepted = Event<
  'TermAccepted',
  Stamp & Term & TermScope & { readonly termId: string; readonly acceptedBy: Party }
>;
export type TermRejected = Event<
  'TermRejected',
  Stamp & { readonly termId: string; readonly rejectedBy: Party; readonly reason: string | null }
>;
export type TermWithdrawn = Event<'TermWithdrawn', Stamp & { readonly termId: string }>;
export type CommitmentMade = Event<
  'CommitmentMade',
  Stamp & { readonly investorId: string; readonly amount: Money }
>;
export type CommitmentAmended = Event<
  'CommitmentAmended',
  Stamp & { readonly investorId: string; readonly previousAmount: Money; readonly amount: Money }
>;
export type CommitmentWithdrawn = Event<
  'CommitmentWithdrawn',
  Stamp & { readonly investorId: string; readonly amount: Money }
>;
/** The company writes down an amount an investor indicated; it binds nobody until the investor confirms it. */
export type IndicationRecorded = Event<
  'IndicationRecorded',
  Stamp & { readonly investorId: string; readonly amount: Money; readonly previousAmount: Money | null }
>;
/** The investor confirms the amount the company recorded for it: from now on it is its commitment. */
export type IndicationConfirmed = Event<'IndicationConfirmed', Stamp & { readonly investorId: string; readonly amount: Money }>;
/** The company strikes an indication it recorded and the investor never confirmed. */
export type IndicationWithdrawn = Event<'IndicationWithdrawn', Stamp & { readonly investorId: string; readonly amount: Money }>;
/**
 * An accepted change of price, size or another economic term found commitments made on the old terms:
 * each must be re-confirmed (or withdrawn) by its investor before the round can close.
 */
export type ReconfirmationRequested = Event<
  'ReconfirmationRequested',
  Stamp & { readonly termId: string; readonly investorIds: readonly string[] }
>;
export type CommitmentReconfirmed = Event<
  'CommitmentReconfirmed',
  Stamp & { readonly investorId: string; readonly amount: Money }
>;
/** The investor signs its subscription agreement for its commitment as it stands. */
export type SubscriptionSigned = Event<
  'SubscriptionSigned',
  Stamp & { readonly investorId: string; readonly amount: Money; readonly documentReference: string }
>;
/**
 * The investor amended the commitment its signed subscription was for: the signature (and the company's
 * acceptance) no longer cover the amount, so the subscription is to be signed and accepted again. What was
 * paid in stays paid in.
 */
export type SubscriptionReopened = Event<
  'SubscriptionReopened',
  Stamp & { readonly investorId: string; readonly previousAmount: Money; readonly amount: Money; readonly previousDocumentReference: string | null }
>;
/** The company countersigns: the subscription is accepted and the investor may pay in. */
export type SubscriptionAccepted = Event<'SubscriptionAccepted', Stamp & { readonly investorId: string; readonly amount: Money }>;
/** Money received against an accepted subscription: one payment, with its value date and bank reference. */
export type FundsReceived = Event<
  'FundsReceived',
  Stamp & { readonly investorId: string; readonly amount: Money; readonly valueDate: string; readonly reference: string }
>;
/** When subscriptions must be signed and funds received; null clears a deadline. */
export type DeadlinesSet = Event<
  'DeadlinesSet',
  Stamp & { readonly subscriptionDeadline: string | null; readonly fundingDeadline: string | null }
>;
/**
 * A condition precedent of the close (a shareholder resolution, waivers of pre-emptive rights, a
 * merger-control filing, a state-asset appraisal...). `investorId` when it concerns one investor only,
 * which alone (with the deal team) sees it.
 */
export type ConditionAdded = Event<
  'ConditionAdded',
  Stamp & { readonly conditionId: string; readonly title: string; readonly investorId: string | null }
>;
/** The condition is met: the evidence (a filing number, a document id) and, in `by`, who says so. */
export type ConditionSatisfied = Event<'ConditionSatisfied', Stamp & { readonly conditionId: string; readonly evidence: string }>;
/**
 * An initial or later closing: shares issued to the investors funded by then, each closing with its own
 * allocation and its own sealed head. The round stays open for later closings until the window ends or
 * the final close.
 */
export type ClosingHeld = Event<
  'ClosingHeld',
  Stamp & {
    readonly closingNumber: number;
    readonly allocations: readonly AllocationRecord[];
    readonly totalAllocated: Money;
    /** Pre-money plus everything sold up to and including this closing. */
    readonly postMoneyValuation: Money;
    readonly sealedHeadHash: string | null;
    /** Later closings are taken until then (set by the initial closing). */
    readonly windowEndsAt: string;
  }
>;
/** The holders before the round and the option-pool top-up: the cap table the price and the new shares derive from. */
export type CapTableSet = Event<'CapTableSet', Stamp & CapTableInput>;
/** One deal-team member's manual allocation of the book; it binds the close only once another approves it. */
export type ManualAllocationProposed = Event<
  'ManualAllocationProposed',
  Stamp & { readonly proposalId: string; readonly allocations: readonly { readonly investorId: string; readonly amount: Money }[] }
>;
/**
 * The deal team sets, before the scale-back, an amount an investor (the lead, a strategic investor) is
 * allocated first; the rest of the book is scaled back pro rata over what is left. An amount of zero
 * lifts the protection. `previousAmount` is what was protected before (zero when nothing was).
 */
export type AllocationProtected = Event<
  'AllocationProtected',
  Stamp & { readonly investorId: string; readonly amount: Money; readonly previousAmount: Money }
>;
/**
 * What a closing allocates: the binding commitments (`committed`, the default) or only what each investor
 * has paid in against its accepted subscription (`funded`).
 */
export const ALLOCATION_BASES = ['committed', 'funded'] as const;
export type AllocationBasis = (typeof ALLOCATION_BASES)[number];
export type AllocationBasisSet = Event<'AllocationBasisSet', Stamp & { readonly basis: AllocationBasis }>;
/**
 * Money paid back to an investor: what it paid in beyond what it was allocated (scaled back, or not
 * allocated on the funded basis), or everything once the round is cancelled. Recorded by the deal team
 * with the bank's value date and reference, once the investor's allocation is final.
 */
export type RefundRecorded = Event<
  'RefundRecorded',
  Stamp & { readonly investorId: string; readonly amount: Money; readonly valueDate: string; readonly reference: string }
>;
/** A second member approves it (four eyes): the close allocates as it says, if the book has not moved. */
export type ManualAllocationApproved = Event<'ManualAllocationApproved', Stamp & { readonly proposalId: string }>;
export type RoundClosed = Event<
  'RoundClosed',
  Stamp & {
    readonly totalCommitted: Money;
    readonly totalAllocated: Money;
    readonly postMoneyValuation: Money;
    readonly allocations: readonly AllocationRecord[];
    /** The hash chain's head when the book was closed: the closed book is sealed to that history. */
    readonly sealedHeadHash: string | null;
  }
>;
export type RoundCancelled = Event<'RoundCancelled', Stamp & { readonly reason: string }>;

export type RoundEvent =
  | RoundOpened
  | InvestorAdmitted
  | TermProposed
  | TermAccepted
  | TermRejected
  | TermWithdrawn
  | CommitmentMade
  | CommitmentAmended
  | CommitmentWithdrawn
  | IndicationRecorded
  | IndicationConfirmed
  | IndicationWithdrawn
  | ReconfirmationRequested
  | CommitmentReconfirmed
  | SubscriptionSigned
  | SubscriptionAccepted
  | SubscriptionReopened
  | FundsReceived
  | DeadlinesSet
  | ConditionAdded
  | ConditionSatisfied
  | ClosingHeld
  | CapTableSet
  | ManualAllocationProposed
  | ManualAllocationApproved
  | AllocationProtected
  | AllocationBasisSet
  | RefundRecorded
  | RoundClosed
  | RoundCancelled;

export type RoundEventType = RoundEvent['type'];

// ---- State -----------------------------------------------------------------------------------------

export interface Investor {
  readonly investorId: string;
  readonly name: string;
  readonly tier: InvestorTier;
  readonly maxTicket: Money | null;
}

export type TermStatus = 'pending' | 'accepted' | 'rejected' | 'withdrawn' | 'superseded';

export type TermRecord = Term & {
  readonly termId: string;
  /** Null: round-wide. Else the investor whose term it is, who alone (with the deal team) sees it. */
  readonly investorId: string | null;
  readonly status: TermStatus;
  readonly proposedBy: Party;
  readonly supersedes: string | null;
  readonly supersededBy: string | null;
};

/**
 * `indicated`: recorded by the company, binding nobody until the investor confirms it. `committed`: the
 * investor's own. `to-be-reconfirmed`: the investor's, made before an economic term changed; it counts
 * for nothing at the close until the investor re-confirms it.
 */
export type CommitmentStatus = 'indicated' | 'committed' | 'to-be-reconfirmed';

/** `unsigned` until the investor signs its subscription agreement; `accepted` once the company countersigns. */
export type SubscriptionStatus = 'unsigned' | 'signed' | 'accepted';

export interface Funding {
  readonly amount: Money;
  /** The day the money was credited (YYYY-MM-DD), as the bank reports it. */
  readonly valueDate: string;
  readonly reference: string;
  readonly recordedAt: string;
}

export interface Commitment {
  readonly investorId: string;
  readonly amount: Money;
  /** When this commitment was first made, counted in commitments; amendments keep it. */
  readonly sequence: number;
  readonly status: CommitmentStatus;
  readonly subscription: SubscriptionStatus;
  readonly documentReference: string | null;
  readonly signedAt: string | null;
  readonly acceptedAt: string | null;
  /** Paid-in capital, kept apart from the subscribed amount (`amount` once signed). */
  readonly paidIn: Money;
  readonly fundings: readonly Funding[];
}

/** Whether the investor stands behind it: confirmed by the investor itself (re-confirmed or not). */
export const isBinding = (commitment: Commitment): boolean => commitment.status !== 'indicated';

export interface ClosingCondition {
  readonly conditionId: string;
  readonly title: string;
  readonly investorId: string | null;
  readonly status: 'open' | 'satisfied';
  readonly evidence: string | null;
  readonly satisfiedBy: RecordedBy | null;
  readonly satisfiedAt: string | null;
}

export interface AllocationProposal {
  readonly proposalId: string;
  readonly allocations: readonly { readonly investorId: string; readonly amount: Money }[];
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
}

export interface Refund extends Funding {
  readonly investorId: string;
}

export interface ProtectedAllocation {
  readonly investorId: string;
  readonly amount: Money;
}

export interface ClosingRecord {
  readonly closingNumber: number;
  readonly closedAt: string;
  readonly allocations: readonly AllocationRecord[];
  readonly totalAllocated: Money;
  readonly postMoneyValuation: Money;
  readonly sealedHeadHash: string | null;
}

interface RoundFacts extends RoundEconomics {
  readonly roundId: string;
  readonly company: string;
  readonly name: string;
  readonly currency: Currency;
  readonly disclosure: Disclosure;
  readonly dealTeam: readonly string[];
  readonly minimumTicketRule: MinimumTicketRule;
  readonly subscriptionDeadline: string | null;
  readonly fundingDeadline: string | null;
  readonly conditions: readonly ClosingCondition[];
  readonly closings: readonly ClosingRecord[];
  readonly closingWindowEndsAt: string | null;
  readonly capTable: CapTableInput | null;
  readonly allocationProposals: readonly AllocationProposal[];
  /** Amounts allocated first at the scale-back, per investor; none zero. */
  readonly protectedAllocations: readonly ProtectedAllocation[];
  readonly allocationBasis: AllocationBasis;
  /** Money paid back to investors, oldest first. */
  readonly refunds: readonly Refund[];
  readonly investors: readonly Investor[];
  readonly terms: readonly TermRecord[];
  readonly commitments: readonly Commitment[];
  /** The binding commitments only: the company's unconfirmed indications are not in the book. */
  readonly totalCommitted: Money;
  readonly commitmentsMade: number;
  readonly openedAt: string;
}

export type EmptyRound = { readonly status: 'none' };
export type OpenedRound = RoundFacts & { readonly status: 'open' };
export type ClosedRound = RoundFacts & {
  readonly status: 'closed';
  readonly allocations: readonly AllocationRecord[];
  readonly postMoneyValuation: Money;
  readonly closedAt: string;
};
export type CancelledRound = RoundFacts & {
  readonly status: 'cancelled';
  readonly reason: string;
  readonly cancelledAt: string;
};

export type RoundState = EmptyRound | OpenedRound | ClosedRound | CancelledRound;

export const initialState = (): RoundState => ({ status: 'none' });

// ---- Evolve ----------------------------------------------------------------------------------------

// Events are facts: one that does not fit the state (which decide would never emit) is ignored
// rather than thrown on, so a stream can always be read.
export function evolve(state: RoundState, event: RoundEvent): RoundState {
  if (event.type === 'RoundOpened') {
    if (state.status !== 'none') return state;
    const { roundId, company, name, currency, at } = event.data;
    const { targetAmount, hardCap, minimumAmount, minimumTicket, valuation, oversubscription } = event.data;
    return {
      status: 'open',
      roundId,
      company,
      name,
      currency,
      disclosure: event.data.disclosure,
      dealTeam: event.data.dealTeam,
      minimumTicketRule: event.data.minimumTicketRule,
      subscriptionDeadline: null,
      fundingDeadline: null,
      conditions: [],
      closings: [],
      closingWindowEndsAt: null,
      capTable: null,
      allocationProposals: [],
      protectedAllocations: [],
      allocationBasis: 'committed',
      refunds: [],
      targetAmount,
      hardCap,
      minimumAmount,
      minimumTicket,
      valuation,
      oversubscription,
      investors: [],
      terms: [],
      commitments: [],
      totalCommitted: money(0n, currency),
      commitmentsMade: 0,
      openedAt: at,
    };
  }
  // Money is paid back after the allocation is final: on a closed or cancelled round too.
  if (event.type === 'RefundRecorded') {
    if (state.status === 'none') return state;
    const { investorId, amount, valueDate, reference, at } = event.data;
    return { ...state, refunds: [...state.refunds, { investorId, amount, valueDate, reference, recordedAt: at }] };
  }
  if (state.status !== 'open') return state;

  switch (event.type) {
    case 'InvestorAdmitted': {
      const { investorId, name, tier, maxTicket } = event.data;
      return { ...state, investors: [...state.investors, { investorId, name, tier, maxTicket }] };
    }
    case 'TermProposed': {
      const { termId, proposedBy, supersedes, key, value } = event.data;
      const { investorId } = event.data;
      const tracking = { termId, investorId, proposedBy, supersedes, status: 'pending', supersededBy: null } as const;
      const proposed = { ...tracking, key, value } as TermRecord;
      const terms = state.terms.map((t) =>
        t.termId === supersedes ? { ...t, status: 'superseded' as const, supersededBy: termId } : t,
      );
      return { ...state, terms: [...terms, proposed] };
    }
    case 'TermAccepted':
      return { ...withTermStatus(state, event.data.termId, 'accepted'), ...agreedEconomics(event.data) };
    case 'IndicationRecorded': {
      const { investorId, amount } = event.data;
      const current = state.commitments.find((c) => c.investorId === investorId);
      if (current) return withCommitments(state, replace(state, investorId, { amount }), state.commitmentsMade);
      const sequence = state.commitmentsMade + 1;
      const indicated = { ...unsigned(amount), investorId, amount, sequence, status: 'indicated' as const };
      return withCommitments(state, [...state.commitments, indicated], sequence);
    }
    case 'IndicationConfirmed': {
      // It binds from now, so it queues behind commitments already binding.
      const sequence = state.commitmentsMade + 1;
      const confirmed = replace(state, event.data.investorId, { amount: event.data.amount, sequence, status: 'committed' });
      return withCommitments(state, confirmed, sequence);
    }
    case 'IndicationWithdrawn': {
      const commitments = state.commitments.filter((c) => c.investorId !== event.data.investorId);
      return withCommitments(state, commitments, state.commitmentsMade);
    }
    case 'ReconfirmationRequested': {
      const asked = new Set(event.data.investorIds);
      const commitments = state.commitments.map((c) =>
        asked.has(c.investorId) && isBinding(c) ? { ...c, status: 'to-be-reconfirmed' as const } : c,
      );
      return withCommitments(state, commitments, state.commitmentsMade);
    }
    case 'CommitmentReconfirmed': {
      const commitments = replace(state, event.data.investorId, { status: 'committed' });
      return withCommitments(state, commitments, state.commitmentsMade);
    }
    case 'SubscriptionSigned': {
      const { investorId, documentReference, at } = event.data;
      const commitments = replace(state, investorId, { subscription: 'signed', documentReference, signedAt: at });
      return { ...state, commitments };
    }
    case 'SubscriptionReopened': {
      const commitments = replace(state, event.data.investorId, { subscription: 'unsigned', documentReference: null, signedAt: null, acceptedAt: null });
      return { ...state, commitments };
    }
    case 'SubscriptionAccepted':
      return { ...state, commitments: replace(state, event.data.investorId, { subscription: 'accepted', acceptedAt: event.data.at }) };
    case 'FundsReceived': {
      const { investorId, amount, valueDate, reference, at } = event.data;
      const commitments = state.commitments.map((c) =>
        c.investorId === investorId
          ? {
              ...c,
              paidIn: money(c.paidIn.amount + amount.amount, state.currency),
              fundings: [...c.fundings, { amount, valueDate, reference, recordedAt: at }],
            }
          : c,
      );
      return { ...state, commitments };
    }
    case 'ConditionAdded': {
      const { conditionId, title, investorId } = event.data;
      const open = { conditionId, title, investorId, status: 'open', evidence: null, satisfiedBy: null, satisfiedAt: null } as const;
      return { ...state, conditions: [...state.conditions, open] };
    }
    case 'ConditionSatisfied': {
      const { conditionId, evidence, by, at } = event.data;
      const conditions = state.conditions.map((c) =>
        c.conditionId === conditionId ? { ...c, status: 'satisfied' as const, evidence, satisfiedBy: by, satisfiedAt: at } : c,
      );
      return { ...state, conditions };
    }
    case 'ClosingHeld': {
      const { closingNumber, allocations, totalAllocated, postMoneyValuation, sealedHeadHash, windowEndsAt, at } = event.data;
      const closing = { closingNumber, closedAt: at, allocations, totalAllocated, postMoneyValuation, sealedHeadHash };
      return { ...state, closings: [...state.closings, closing], closingWindowEndsAt: windowEndsAt };
    }
    case 'ManualAllocationProposed': {
      const { proposalId, allocations, by, at } = event.data;
      const proposal = { proposalId, allocations, proposedBy: by.sub, proposedAt: at, approvedBy: null, approvedAt: null };
      return { ...state, allocationProposals: [...state.allocationProposals, proposal] };
    }
    case 'ManualAllocationApproved': {
      const { proposalId, by, at } = event.data;
      const allocationProposals = state.allocationProposals.map((p) => (p.proposalId === proposalId ? { ...p, approvedBy: by.sub, approvedAt: at } : p));
      return { ...state, allocationProposals };
    }
    case 'AllocationBasisSet':
      return { ...state, allocationBasis: event.data.basis };
    case 'AllocationProtected': {
      const { investorId, amount } = event.data;
      const others = state.protectedAllocations.filter((p) => p.investorId !== investorId);
      return { ...state, protectedAllocations: amount.amount === 0n ? others : [...others, { investorId, amount }] };
    }
    case 'CapTableSet':
      return { ...state, capTable: { holders: event.data.holders, optionPoolTopUp: event.data.optionPoolTopUp } };
    case 'DeadlinesSet':
      return { ...state, subscriptionDeadline: event.data.subscriptionDeadline, fundingDeadline: event.data.fundingDeadline };
    case 'TermRejected':
      return withTermStatus(state, event.data.termId, 'rejected');
    case 'TermWithdrawn':
      return withTermStatus(state, event.data.termId, 'withdrawn');
    case 'CommitmentMade': {
      // An investor's own commitment replaces an indication the company recorded for it.
      const { investorId, amount } = event.data;
      const sequence = state.commitmentsMade + 1;
      const others = state.commitments.filter((c) => c.investorId !== investorId);
      return withCommitments(state, [...others, { ...unsigned(amount), investorId, amount, sequence, status: 'committed' }], sequence);
    }
    case 'CommitmentAmended': {
      // An amendment restates the commitment on the terms of the day, which re-confirms it.
      const { investorId, amount } = event.data;
      return withCommitments(state, replace(state, investorId, { amount, status: 'committed' }), state.commitmentsMade);
    }
    case 'CommitmentWithdrawn': {
      const commitments = state.commitments.filter((c) => c.investorId !== event.data.investorId);
      return withCommitments(state, commitments, state.commitmentsMade);
    }
    case 'RoundClosed': {
      const { allocations, postMoneyValuation, at } = event.data;
      return { ...state, status: 'closed', allocations, postMoneyValuation, closedAt: at };
    }
    case 'RoundCancelled':
      return { ...state, status: 'cancelled', reason: event.data.reason, cancelledAt: event.data.at };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

export const foldRound = (events: readonly RoundEvent[]): RoundState => events.reduce(evolve, initialState());

function withTermStatus(state: OpenedRound, termId: string, status: TermStatus): OpenedRound {
  return { ...state, terms: state.terms.map((t) => (t.termId === termId ? { ...t, status } : t)) };
}

/** The part of the economics an accepted term replaces; other terms leave them alone. */
export function agreedEconomics(term: Term): Partial<Pick<RoundEconomics, 'valuation' | 'targetAmount' | 'hardCap'>> {
  if (term.key === 'valuation') return { valuation: term.value };
  if (term.key === 'round-size') return { targetAmount: term.value.targetAmount, hardCap: term.value.hardCap };
  return {};
}

function unsigned(amount: Money) {
  const nothing = { subscription: 'unsigned', documentReference: null, signedAt: null, acceptedAt: null } as const;
  return { ...nothing, paidIn: money(0n, amount.currency), fundings: [] };
}

function replace(state: OpenedRound, investorId: string, changes: Partial<Commitment>): Commitment[] {
  return state.commitments.map((c) => (c.investorId === investorId ? { ...c, ...changes } : c));
}

function withCommitments(
  state: OpenedRound,
  commitments: readonly Commitment[],
  commitmentsMade: number,
): OpenedRound {
  const total = commitments.filter(isBinding).reduce((sum, c) => sum + c.amount.amount, 0n);
  return { ...state, commitments, commitmentsMade, totalCommitted: money(total, state.currency) };
}
