// Test data for the round specs: one small CNY round and builders for the events a history needs.
import { DecisionContext } from '../../../apps/deal-room/src/rounds/domain';
import { Actor, Currency, Money, Party, parseAmount, recordedBy } from '../../../apps/deal-room/src/kernel';
import { RoundEconomics } from '../../../apps/deal-room/src/rounds/domain';
import {
  CommitmentAmended,
  Disclosure,
  CommitmentMade,
  CommitmentWithdrawn,
  IndicationRecorded,
  InvestorAdmitted,
  InvestorTier,
  MinimumTicketRule,
  RoundEvent,
  RoundOpened,
  TermProposed,
} from '../../../apps/deal-room/src/rounds/domain';
import { Term } from '../../../apps/deal-room/src/rounds/domain';

export const ROUND_ID = 'round-a';
export const AT = '2025-03-01T09:00:00.000Z';

export const dealLead: Actor = { sub: 'user-dana', role: 'deal-lead' };
/** A deal-lead of another company: not on the fixtures' deal team. */
export const otherDealLead: Actor = { sub: 'user-dev', role: 'deal-lead' };
/** A second member of the fixtures' deal team. */
export const teamMate: Actor = { sub: 'user-tess', role: 'deal-lead' };
export const auditor: Actor = { sub: 'user-audrey', role: 'auditor' };
export const admin: Actor = { sub: 'user-ada', role: 'admin' };
export const investorUser = (investorId: string): Actor => ({
  sub: `user-of-${investorId}`,
  role: 'investor',
  investorId,
});

export const as = (actor: Actor, now: Date | string = AT): DecisionContext => ({ now, actor });
export const asDealLead = as(dealLead);

export const company = (actor: Actor = dealLead): Party => ({ side: 'company', sub: actor.sub });
export const investorParty = (investorId: string): Party => ({
  side: 'investor',
  investorId,
  sub: investorUser(investorId).sub,
});

export function amount(decimal: string, currency: Currency = 'CNY'): Money {
  const parsed = parseAmount(decimal, currency, { allowZero: true });
  if (!parsed.ok) throw new Error(`bad fixture amount ${decimal}: ${parsed.message}`);
  return parsed.money;
}

export const stampOf = (actor: Actor = dealLead) => ({ roundId: ROUND_ID, by: recordedBy(actor), at: AT });

export const economics: RoundEconomics = {
  targetAmount: amount('1000000.00'),
  hardCap: amount('1500000.00'),
  minimumAmount: amount('500000.00'),
  minimumTicket: amount('10000.00'),
  valuation: { amount: amount('10000000.00'), basis: 'post-money' },
  oversubscription: 'scale-back',
};

export const roundOpened = (
  overrides: Partial<RoundEconomics & { disclosure: Disclosure; dealTeam: string[]; minimumTicketRule: MinimumTicketRule }> = {},
): RoundOpened => ({
  type: 'RoundOpened',
  data: {
    ...stampOf(),
    company: 'Acme Robotics',
    name: 'Series A',
    currency: 'CNY',
    ...economics,
    disclosure: 'none',
    dealTeam: [dealLead.sub, teamMate.sub],
    minimumTicketRule: 'round-up',
    ...overrides,
  },
});

export const investorAdmitted = (
  investorId: string,
  tier: InvestorTier = 'major',
  maxTicket: Money | null = null,
): InvestorAdmitted => ({
  type: 'InvestorAdmitted',
  data: { ...stampOf(), investorId, name: `${investorId} Capital`, tier, maxTicket },
});

export const commitmentMade = (
  investorId: string,
  decimal: string,
  actor: Actor = investorUser(investorId),
): CommitmentMade => ({
  type: 'CommitmentMade',
  data: { ...stampOf(actor), investorId, amount: amount(decimal) },
});

export const commitmentAmended = (
  investorId: string,
  from: string,
  to: string,
  actor: Actor = investorUser(investorId),
): CommitmentAmended => ({
  type: 'CommitmentAmended',
  data: { ...stampOf(actor), investorId, previousAmount: amount(from), amount: amount(to) },
});

export const commitmentWithdrawn = (
  investorId: string,
  decimal: string,
  actor: Actor = investorUser(investorId),
): CommitmentWithdrawn => ({
  type: 'CommitmentWithdrawn',
  data: { ...stampOf(actor), investorId, amount: amount(decimal) },
});

export const termProposed = (
  termId: string,
  term: Term,
  actor: Actor = dealLead,
  supersedes: string | null = null,
  investorId: string | null = null,
): TermProposed => ({
  type: 'TermProposed',
  data: {
    ...stampOf(actor),
    termId,
    ...term,
    investorId,
    proposedBy: actor.role === 'deal-lead' ? company(actor) : investorParty(actor.investorId!),
    supersedes,
  },
});

/**
 * A round that refuses oversubscription. It must disclose its book totals to investors (issue 14): a
 * refusal would tell them how full the book is anyway. `roundOpened({ oversubscription: 'reject' })`
 * alone is a round opened before that rule, which the store may still hold.
 */
export const rejecting = { oversubscription: 'reject', disclosure: 'book-totals' } as const;

/** An open round with a lead ("lead") and another investor ("alpha"), nothing committed. */
export const openRoundWithInvestors = (overrides: Partial<RoundEconomics & { disclosure: Disclosure }> = {}): RoundEvent[] => [
  roundOpened(overrides),
  investorAdmitted('lead', 'lead'),
  investorAdmitted('alpha'),
];

/** The OpenRound command matching roundOpened(). */
export const openRoundData = {
  roundId: ROUND_ID,
  company: 'Acme Robotics',
  name: 'Series A',
  currency: 'CNY',
  targetAmount: '1000000.00',
  hardCap: '1500000.00',
  minimumAmount: '500000.00',
  minimumTicket: '10000.00',
  valuation: { amount: '10000000.00', basis: 'post-money' },
  oversubscription: 'scale-back',
  dealTeam: [teamMate.sub],
};

/** The deal team writes down what an investor told it: binding nobody until the investor confirms. */
export const indicationRecorded = (
  investorId: string,
  decimal: string,
  previous: string | null = null,
  actor: Actor = dealLead,
): IndicationRecorded => ({
  type: 'IndicationRecorded',
  data: { ...stampOf(actor), investorId, amount: amount(decimal), previousAmount: previous === null ? null : amount(previous) },
});
