import { leadInvestor, requireDealLead } from './access';
import { closingBook } from './closing';
import { AdmitInvestor, CancelRound, CloseRound, OpenRound } from './commands';
import { Decision, stamp } from './decision';
import { DomainError, ValidationError } from './errors';
import { CURRENCIES, formatMoney, isCurrency } from '../../kernel';
import { EconomicsInvariant, OVERSUBSCRIPTION_POLICIES, economicsBreaches } from './round-economics';
import {
  DISCLOSURES,
  INVESTOR_TIERS,
  InvestorAdmitted,
  OpenedRound,
  RoundCancelled,
  RoundClosed,
  RoundOpened,
  RoundState,
} from './round';
import { readValuation } from './terms';
import { Issues, readAmount, readChoice, readId, readOptionalAmount, readText } from './validation';

const MAX_NAME_LENGTH = 200;
const MAX_REASON_LENGTH = 2000;

const OPENING_FIELD: Record<EconomicsInvariant, string> = {
  'minimum-amount-above-target': 'minimumAmount',
  'target-above-hard-cap': 'targetAmount',
  'minimum-ticket-above-hard-cap': 'minimumTicket',
  'post-money-below-hard-cap': 'valuation.amount',
  'hard-cap-below-total-committed': 'hardCap',
};

export function openRound({ data }: OpenRound, state: RoundState, decision: Decision): RoundOpened[] {
  if (state.status === 'open') {
    throw new DomainError('ROUND_ALREADY_EXISTS', `Round ${state.roundId} already exists`);
  }
  if (state.status !== 'none') {
    throw new DomainError('ROUND_NOT_OPEN', `Round ${state.roundId} is ${state.status}`);
  }
  requireDealLead(decision.actor, 'open a round');

  const issues = new Issues();
  const currency = data.currency;
  if (!isCurrency(currency)) {
    // Amounts cannot be read without knowing their exponent, so this one is reported alone.
    issues.add('currency', 'supported-currency', `must be one of ${CURRENCIES.join(', ')}`);
    return issues.fail();
  }
  const { roundId, company, name, disclosure, ...economics } = issues.complete({
    roundId: readId(issues, 'roundId', data.roundId),
    company: readText(issues, 'company', data.company, MAX_NAME_LENGTH),
    name: readText(issues, 'name', data.name, MAX_NAME_LENGTH),
    targetAmount: readAmount(issues, 'targetAmount', data.targetAmount, currency),
    hardCap: readAmount(issues, 'hardCap', data.hardCap, currency),
    minimumAmount: readOptionalAmount(issues, 'minimumAmount', data.minimumAmount, currency),
    minimumTicket: readOptionalAmount(issues, 'minimumTicket', data.minimumTicket, currency),
    valuation: readValuation(issues, 'valuation', data.valuation, currency),
    oversubscription: readChoice(issues, 'oversubscription', data.oversubscription, OVERSUBSCRIPTION_POLICIES),
    // Not saying is the confidential choice: investors learn nothing of the book unless the company opts in.
    disclosure: data.disclosure == null ? 'none' : readChoice(issues, 'disclosure', data.disclosure, DISCLOSURES),
  });

  const breaches = economicsBreaches(economics, 0n);
  if (breaches.length > 0) {
    throw new ValidationError(
      breaches.map((b) => ({ field: OPENING_FIELD[b.invariant], rule: b.invariant, message: b.message })),
    );
  }
  const facts = { ...stamp(roundId, decision), company, name, currency, ...economics, disclosure };
  return [{ type: 'RoundOpened', data: facts }];
}

export function admitInvestor(
  { data }: AdmitInvestor,
  round: OpenedRound,
  decision: Decision,
): InvestorAdmitted[] {
  requireDealLead(decision.actor, 'admit investors');
  const issues = new Issues();
  const { investorId, name, tier, maxTicket } = issues.complete({
    investorId: readId(issues, 'investorId', data.investorId),
    name: readText(issues, 'name', data.name, MAX_NAME_LENGTH),
    tier: readChoice(issues, 'tier', data.tier, INVESTOR_TIERS),
    maxTicket: readOptionalAmount(issues, 'maxTicket', data.maxTicket, round.currency),
  });
  if (maxTicket && round.minimumTicket && maxTicket.amount < round.minimumTicket.amount) {
    const minimum = formatMoney(round.minimumTicket);
    issues.add('maxTicket', 'not-below-minimum-ticket', `must be at least the minimum ticket ${minimum}`);
    issues.fail();
  }

  if (round.investors.some((i) => i.investorId === investorId)) {
    throw new DomainError('INVESTOR_ALREADY_ADMITTED', `Investor ${investorId} is already admitted`);
  }
  const lead = leadInvestor(round);
  // One lead, so "the lead investor" who answers the company's proposals is never ambiguous.
  if (tier === 'lead' && lead) {
    throw new DomainError(
      'LEAD_INVESTOR_ALREADY_ADMITTED',
      `Investor ${lead.investorId} already leads this round`,
    );
  }
  const facts = { ...stamp(round.roundId, decision), investorId, name, tier, maxTicket };
  return [{ type: 'InvestorAdmitted', data: facts }];
}

export function closeRound(_: CloseRound, round: OpenedRound, decision: Decision): RoundClosed[] {
  requireDealLead(decision.actor, 'close a round');
  const pending = round.terms.filter((t) => t.status === 'pending').map((t) => t.termId);
  if (pending.length > 0) {
    const listed = pending.join(', ');
    throw new DomainError('PENDING_TERMS', `Settle or withdraw the pending proposals first: ${listed}`);
  }
  const total = round.totalCommitted;
  // Without a stated minimum a round still needs something committed to close on.
  const minimum = round.minimumAmount?.amount ?? 1n;
  if (total.amount < minimum) {
    const needed = round.minimumAmount ? formatMoney(round.minimumAmount) : 'a commitment';
    throw new DomainError(
      'BELOW_MINIMUM_AMOUNT',
      `Committed ${formatMoney(total)} is below the minimum to close (${needed})`,
    );
  }
  const book = closingBook(round);
  const facts = { ...stamp(round.roundId, decision), totalCommitted: total, ...book, sealedHeadHash: decision.headHash };
  return [{ type: 'RoundClosed', data: facts }];
}

export function cancelRound({ data }: CancelRound, round: OpenedRound, decision: Decision): RoundCancelled[] {
  requireDealLead(decision.actor, 'cancel a round');
  const issues = new Issues();
  const reason = readText(issues, 'reason', data.reason, MAX_REASON_LENGTH);
  issues.throwIfAny();
  return [{ type: 'RoundCancelled', data: { ...stamp(round.roundId, decision), reason } }];
}
