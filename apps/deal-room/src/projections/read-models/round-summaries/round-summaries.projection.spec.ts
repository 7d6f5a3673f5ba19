import { foldRound, RoundEvent } from '../../../rounds/domain';
import { decide } from '../../../../../../test/support/rounds/round-decider';
import {
  amount,
  asDealLead,
  AT,
  commitmentAmended,
  commitmentMade,
  commitmentWithdrawn,
  openRoundWithInvestors,
  ROUND_ID,
  stampOf,
  termProposed,
} from '../../../../../../test/support/rounds/round.fixtures';
import { ROUND_SUMMARIES, findProjection } from '../../registrations';
import { givenProjection } from '../../../../../../test/projections/support/given-events';
import { fundsReceived, subscriptionAccepted, subscriptionSigned } from '../../../../../../test/support/rounds/subscription.fixtures';

const given = givenProjection(findProjection(ROUND_SUMMARIES)!);
const closeOf = (history: RoundEvent[]) => decide({ type: 'CloseRound', data: {} }, foldRound(history), asDealLead);

const opened = {
  round_id: ROUND_ID,
  company: 'Acme Robotics',
  name: 'Series A',
  currency: 'CNY',
  status: 'open',
  target_amount: '100000000',
  hard_cap: '150000000',
  total_committed: '0',
  total_allocated: null,
  total_subscribed: '0',
  total_paid_in: '0',
  conditions_open: 0,
  conditions_satisfied: 0,
  closings_held: 0,
  investor_count: 0,
  admitted_investors: 0,
  opened_at: AT,
  closed_at: null,
  cancelled_at: null,
  version: 1,
  last_position: '1',
};

describe('the round-summaries projection', () => {
  it('opens a row per round, in minor units', () => {
    given(openRoundWithInvestors().slice(0, 1)).expectRows('round_summaries', [opened]);
  });

  it('keeps the book total and the number of investors in it through commitments, amendments and withdrawals', () => {
    given([
      ...openRoundWithInvestors(),
      commitmentMade('lead', '400000.00'),
      commitmentMade('alpha', '250000.50'),
      commitmentAmended('lead', '400000.00', '500000.00'),
      commitmentWithdrawn('alpha', '250000.50'),
    ]).expectRows('round_summaries', [
      { ...opened, admitted_investors: 2, total_committed: '50000000', investor_count: 1, version: 7, last_position: '7' },
    ]);
  });

  it('takes target and cap from an accepted round-size term, and ignores other terms', () => {
    const size = { key: 'round-size', value: { targetAmount: amount('1200000.00'), hardCap: amount('1400000.00') } } as const;
    given([
      ...openRoundWithInvestors(),
      termProposed('t-1', size),
      { type: 'TermAccepted', data: { ...stampOf(), termId: 't-1', ...size, investorId: null, acceptedBy: { side: 'investor', investorId: 'lead', sub: 'u' } } },
      termProposed('t-2', { key: 'board-seats', value: 1 }),
      { type: 'TermAccepted', data: { ...stampOf(), termId: 't-2', key: 'board-seats', value: 1, investorId: 'lead', acceptedBy: { side: 'investor', investorId: 'lead', sub: 'u' } } },
    ]).expectRows('round_summaries', [
      { ...opened, admitted_investors: 2, target_amount: '120000000', hard_cap: '140000000', version: 7, last_position: '7' },
    ]);
  });

  it('records the close with the allocated total', () => {
    const history = [...openRoundWithInvestors(), commitmentMade('lead', '900000.00'), commitmentMade('alpha', '900000.00')];
    given([...history, ...closeOf(history)]).expectRows('round_summaries', [
      {
        ...opened,
        status: 'closed',
        admitted_investors: 2,
        investor_count: 2,
        total_committed: '180000000',
        total_allocated: '150000000',
        closed_at: AT,
        version: 6,
        last_position: '6',
      },
    ]);
  });

  it('keeps the funding status and the conditions of the close: subscribed, paid in, open, satisfied, closings held', () => {
    given([
      ...openRoundWithInvestors(),
      commitmentMade('lead', '600000.00'),
      subscriptionSigned('lead', '600000.00'),
      subscriptionAccepted('lead', '600000.00'),
      fundsReceived('lead', '250000.00', 'MT-1'),
      fundsReceived('lead', '100000.01', 'MT-2'),
      { type: 'ConditionAdded', data: { ...stampOf(), conditionId: 'c1', title: 'Resolution', investorId: null } },
      { type: 'ConditionAdded', data: { ...stampOf(), conditionId: 'c2', title: 'SAMR', investorId: null } },
      { type: 'ConditionSatisfied', data: { ...stampOf(), conditionId: 'c1', evidence: 'Minutes' } },
    ]).expectRows('round_summaries', [
      {
        ...opened,
        admitted_investors: 2,
        investor_count: 1,
        total_committed: '60000000',
        total_subscribed: '60000000',
        total_paid_in: '35000001',
        conditions_open: 1,
        conditions_satisfied: 1,
        version: 11,
        last_position: '11',
      },
    ]);
  });

  it('counts a subscription amended after signing once: the old signature out, the new one in', () => {
    given([
      ...openRoundWithInvestors(),
      commitmentMade('lead', '600000.00'),
      subscriptionSigned('lead', '600000.00'),
      commitmentAmended('lead', '600000.00', '500000.00'),
      { type: 'SubscriptionReopened', data: { ...stampOf(), investorId: 'lead', previousAmount: amount('600000.00'), amount: amount('500000.00'), previousDocumentReference: 'SA-lead' } },
      subscriptionSigned('lead', '500000.00'),
    ]).expectRows('round_summaries', [
      { ...opened, admitted_investors: 2, investor_count: 1, total_committed: '50000000', total_subscribed: '50000000', version: 8, last_position: '8' },
    ]);
  });

  it('records a cancellation', () => {
    given([...openRoundWithInvestors(), { type: 'RoundCancelled', data: { ...stampOf(), reason: 'no lead' } }]).expectRows('round_summaries', [
      { ...opened, status: 'cancelled', admitted_investors: 2, cancelled_at: AT, version: 4, last_position: '4' },
    ]);
  });

  it('refuses a commitment to a round it never saw opened, rather than invent one', () => {
    given([commitmentMade('lead', '1.00')]).expectFailure(/never opened/);
  });
});
