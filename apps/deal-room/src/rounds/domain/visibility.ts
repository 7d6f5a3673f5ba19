import { Actor, Party } from '../../kernel';
import { Disclosure, RoundState, initialState } from './round';
import { RoundView } from './round.view';

// Deal-room products keep investors apart (DOMAIN.md): an investor sees the round it was admitted to,
// its own commitment and allocation, and of the book as a whole only what the company chose to disclose.
// To an investor that was not admitted, the round does not exist: not even that it exists may leak.
// A round belongs to its company's deal team: to any other deal-lead it does not exist either.

/** True when the round exists and `actor` is an investor it did not admit, or a deal-lead not on its team. */
export function isHiddenFrom(state: RoundState, actor: Actor): boolean {
  if (state.status === 'none') return false;
  if (actor.role === 'deal-lead') return !state.dealTeam.includes(actor.sub);
  if (actor.role !== 'investor') return false;
  return !state.investors.some((investor) => investor.investorId === actor.investorId);
}

/** The round as `actor` may know it: a round hidden from it is decided on as if it had never been opened. */
export const roundAsSeenBy = (state: RoundState, actor: Actor): RoundState =>
  isHiddenFrom(state, actor) ? initialState() : state;

/** Whether `actor` may learn the book's totals, directly or through what a refusal says. */
export const mayKnowBookTotals = (actor: Actor, disclosure: Disclosure): boolean =>
  actor.role !== 'investor' || disclosure === 'book-totals';

/** Another investor's proposal shows only that an investor made it, never which one or who. */
export type VisibleParty = Party | { readonly side: 'investor' };

export type InvestorRoundView = Omit<
  RoundView,
  'disclosure' | 'dealTeam' | 'terms' | 'totalCommitted' | 'totalIndicated' | 'postMoneyValuation' | 'closings' | 'allocationProposals'
> & {
  /** Each closing as its closing documents show the investor: its own allocation and the post-money. */
  readonly closings: readonly (Omit<RoundView['closings'][number], 'totalAllocated'> & { totalAllocated: string | null })[];
  readonly terms: readonly (Omit<RoundView['terms'][number], 'proposedBy'> & { proposedBy: VisibleParty })[];
  /** Null unless the round discloses its book totals. */
  readonly totalCommitted: string | null;
  /**
   * Null before the close. At the close, what the investor's closing documents show it: the post-money
   * capitalisation (and so the amount sold), whatever the disclosure.
   */
  readonly postMoneyValuation: string | null;
};

export type ReaderView = RoundView | InvestorRoundView;

/**
 * What `reader` may see of a round. The deal team, auditors and admins see it whole; an investor sees
 * itself only among the investors, commitments and allocations. Null when the reader is an investor the
 * view had not admitted (yet): the caller decides whether that is "no such round" or "not at that time".
 */
export function viewFor(view: RoundView, reader: Actor): ReaderView | null {
  if (reader.role !== 'investor') return view;
  const own = reader.investorId;
  if (own === undefined || !view.investors.some((investor) => investor.investorId === own)) return null;
  const totals = mayKnowBookTotals(reader, view.disclosure);
  // Field by field rather than a spread of the whole view, so a field added to RoundView later stays
  // hidden from investors until someone decides here that they may see it (the type insists on a decision).
  return {
    roundId: view.roundId,
    company: view.company,
    name: view.name,
    status: view.status,
    currency: view.currency,
    targetAmount: view.targetAmount,
    hardCap: view.hardCap,
    minimumAmount: view.minimumAmount,
    minimumTicket: view.minimumTicket,
    valuation: view.valuation,
    oversubscription: view.oversubscription,
    investors: view.investors.filter((investor) => investor.investorId === own),
    minimumTicketRule: view.minimumTicketRule,
    subscriptionDeadline: view.subscriptionDeadline,
    fundingDeadline: view.fundingDeadline,
    // The round's conditions, and those about this investor; never one about another investor.
    conditions: view.conditions.filter((c) => c.investorId === null || c.investorId === own),
    closings: view.closings.map((closing) => ({
      ...closing,
      allocations: closing.allocations.filter((allocation) => allocation.investorId === own),
      totalAllocated: totals ? closing.totalAllocated : null,
    })),
    closingWindowEndsAt: view.closingWindowEndsAt,
    // Its own protected amount (its side letter says it), never another investor's.
    protectedAllocations: view.protectedAllocations.filter((p) => p.investorId === own),
    allocationBasis: view.allocationBasis,
    // Its own refunds, as its bank statement shows them; never another investor's.
    refunds: view.refunds.filter((r) => r.investorId === own),
    // Round-wide terms, and its own side of the per-investor ones; other investors' side letters never.
    terms: view.terms
      .filter((term) => term.investorId === null || term.investorId === own)
      .map((term) => ({ ...term, proposedBy: partyAsSeenBy(term.proposedBy, own) })),
    commitments: view.commitments.filter((commitment) => commitment.investorId === own),
    totalCommitted: totals ? view.totalCommitted : null,
    allocations: view.allocations && view.allocations.filter((allocation) => allocation.investorId === own),
    postMoneyValuation: view.postMoneyValuation,
    openedAt: view.openedAt,
    closedAt: view.closedAt,
    cancelledAt: view.cancelledAt,
    cancellationReason: view.cancellationReason,
  };
}

function partyAsSeenBy(party: Party, investorId: string): VisibleParty {
  if (party.side === 'company' || party.investorId === investorId) return party;
  return { side: 'investor' };
}
