import { Currency, Money, Party, RecordedBy, money } from '../../kernel';
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
      /** Absent from rounds opened before the option existed, which are read as `none`: the safe side. */
      readonly disclosure?: Disclosure;
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
export type TermProposed = Event<
  'TermProposed',
  Stamp & Term & { readonly termId: string; readonly proposedBy: Party; readonly supersedes: string | null }
>;
// Accepted terms repeat key and value so a reader of this one event knows what was agreed.
export type TermAccepted = Event<
  'TermAccepted',
  Stamp & Term & { readonly termId: string; readonly acceptedBy: Party }
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
  readonly status: TermStatus;
  readonly proposedBy: Party;
  readonly supersedes: string | null;
  readonly supersededBy: string | null;
};

export interface Commitment {
  readonly investorId: string;
  readonly amount: Money;
  /** When this commitment was first made, counted in commitments; amendments keep it. */
  readonly sequence: number;
}

interface RoundFacts extends RoundEconomics {
  readonly roundId: string;
  readonly company: string;
  readonly name: string;
  readonly currency: Currency;
  readonly disclosure: Disclosure;
  readonly investors: readonly Investor[];
  readonly terms: readonly TermRecord[];
  readonly commitments: readonly Commitment[];
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
      disclosure: event.data.disclosure ?? 'none',
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
  if (state.status !== 'open') return state;

  switch (event.type) {
    case 'InvestorAdmitted': {
      const { investorId, name, tier, maxTicket } = event.data;
      return { ...state, investors: [...state.investors, { investorId, name, tier, maxTicket }] };
    }
    case 'TermProposed': {
      const { termId, proposedBy, supersedes, key, value } = event.data;
      const tracking = { termId, proposedBy, supersedes, status: 'pending', supersededBy: null } as const;
      const proposed = { ...tracking, key, value } as TermRecord;
      const terms = state.terms.map((t) =>
        t.termId === supersedes ? { ...t, status: 'superseded' as const, supersededBy: termId } : t,
      );
      return { ...state, terms: [...terms, proposed] };
    }
    case 'TermAccepted':
      return { ...withTermStatus(state, event.data.termId, 'accepted'), ...agreedEconomics(event.data) };
    case 'TermRejected':
      return withTermStatus(state, event.data.termId, 'rejected');
    case 'TermWithdrawn':
      return withTermStatus(state, event.data.termId, 'withdrawn');
    case 'CommitmentMade': {
      const { investorId, amount } = event.data;
      const sequence = state.commitmentsMade + 1;
      return withCommitments(state, [...state.commitments, { investorId, amount, sequence }], sequence);
    }
    case 'CommitmentAmended': {
      const { investorId, amount } = event.data;
      const commitments = state.commitments.map((c) => (c.investorId === investorId ? { ...c, amount } : c));
      return withCommitments(state, commitments, state.commitmentsMade);
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

function withCommitments(
  state: OpenedRound,
  commitments: readonly Commitment[],
  commitmentsMade: number,
): OpenedRound {
  const total = commitments.reduce((sum, c) => sum + c.amount.amount, 0n);
  return { ...state, commitments, commitmentsMade, totalCommitted: money(total, state.currency) };
}
