import { DomainError } from './errors';
import { Actor, Party } from '../../kernel';
import { Investor, OpenedRound, TermRecord } from './round';

export function requireDealLead(actor: Actor, action: string): void {
  if (actor.role !== 'deal-lead') throw new DomainError('FORBIDDEN', `Only a deal-lead may ${action}`);
}

/** Deal-leads outside the team never reach a decision: the round is hidden from them (visibility.ts). */
export const isMemberOfDealTeam = (round: Pick<OpenedRound, 'dealTeam'>, actor: Actor): boolean =>
  actor.role === 'deal-lead' && round.dealTeam.includes(actor.sub);

/** An investor acts only for its own firm; a deal-lead may act for any investor. */
export function requireMayActFor(actor: Actor, investorId: unknown): void {
  if (actor.role === 'deal-lead') return;
  if (actor.role === 'investor' && actor.investorId !== undefined && actor.investorId === investorId) return;
  throw new DomainError('FORBIDDEN', 'An investor may only act for itself');
}

/** The side the actor negotiates for. Auditors and admins take no side. */
export function actingParty(actor: Actor, round: OpenedRound): Party {
  if (actor.role === 'deal-lead') return { side: 'company', sub: actor.sub };
  if (actor.role === 'investor' && actor.investorId !== undefined) {
    requireInvestor(round, actor.investorId);
    return { side: 'investor', investorId: actor.investorId, sub: actor.sub };
  }
  throw new DomainError('FORBIDDEN', `A ${actor.role} may not negotiate terms`);
}

export function requireInvestor(round: OpenedRound, investorId: string): Investor {
  const investor = round.investors.find((i) => i.investorId === investorId);
  if (!investor) {
    throw new DomainError('INVESTOR_NOT_ADMITTED', `Investor ${investorId} is not admitted to this round`);
  }
  return investor;
}

export const leadInvestor = (round: OpenedRound): Investor | undefined =>
  round.investors.find((i) => i.tier === 'lead');

/**
 * An investor's proposals are answered by the company. The company's are answered by the investor the
 * term is for, or, for a round-wide term, by the lead investor.
 */
export function isCounterparty(party: Party, term: TermRecord, round: OpenedRound): boolean {
  if (term.proposedBy.side === 'investor') return party.side === 'company';
  const answerer = term.investorId ?? leadInvestor(round)?.investorId;
  return party.side === 'investor' && party.investorId === answerer;
}
