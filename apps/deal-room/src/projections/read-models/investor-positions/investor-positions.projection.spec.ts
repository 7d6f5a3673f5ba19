import { foldRound, RoundEvent } from '../../../rounds/domain';
import { decide } from '../../../../../../test/support/rounds/round-decider';
import {
  asDealLead,
  AT,
  commitmentAmended,
  commitmentMade,
  commitmentWithdrawn,
  investorAdmitted,
  openRoundWithInvestors,
  ROUND_ID,
  stampOf,
} from '../../../../../../test/support/rounds/round.fixtures';
import { findProjection, INVESTOR_POSITIONS } from '../../registrations';
import { givenProjection } from '../../../../../../test/projections/support/given-events';
import { fundsReceived, subscriptionAccepted, subscriptionSigned } from '../../../../../../test/support/rounds/subscription.fixtures';

const given = givenProjection(findProjection(INVESTOR_POSITIONS)!);
const closeOf = (history: RoundEvent[]) => decide({ type: 'CloseRound', data: {} }, foldRound(history), asDealLead);

const position = (investorId: string, tier: string, changes: Record<string, string | number | null> = {}) => ({
  round_id: ROUND_ID,
  investor_id: investorId,
  investor_name: `${investorId} Capital`,
  tier,
  committed: '0',
  allocated: null,
  ownership: null,
  commitment_sequence: null,
  subscription: 'unsigned',
  paid_in: '0',
  updated_at: AT,
  ...changes,
});

const round = (changes: Record<string, string | number | null> = {}) => ({
  round_id: ROUND_ID,
  company: 'Acme Robotics',
  name: 'Series A',
  currency: 'CNY',
  status: 'open',
  post_money: null,
  commitments_made: 0,
  opened_at: AT,
  closed_at: null,
  subscription_deadline: null,
  funding_deadline: null,
  version: 3,
  ...changes,
});

describe('the investor-positions projection', () => {
  it('gives every admitted investor a position with nothing committed', () => {
    const scenario = given(openRoundWithInvestors());
    scenario.expectRows('position_rounds', [round()]);
    scenario.expectRows('positions', [position('lead', 'lead'), position('alpha', 'major')]);
  });

  it('follows each subscription from unsigned to accepted, and adds up what was paid in', () => {
    given([
      ...openRoundWithInvestors(),
      commitmentMade('lead', '600000.00'),
      commitmentMade('alpha', '200000.00'),
      subscriptionSigned('lead', '600000.00'),
      subscriptionAccepted('lead', '600000.00'),
      fundsReceived('lead', '250000.00', 'MT-1'),
      fundsReceived('lead', '100000.01', 'MT-2'),
      subscriptionSigned('alpha', '200000.00'),
    ]).expectRows('positions', [
      position('lead', 'lead', { committed: '60000000', commitment_sequence: 1, subscription: 'accepted', paid_in: '35000001' }),
      position('alpha', 'major', { committed: '20000000', commitment_sequence: 2, subscription: 'signed' }),
    ]);
  });

  it('keeps the round\'s deadlines, and clears one set to null', () => {
    given([
      ...openRoundWithInvestors(),
      { type: 'DeadlinesSet', data: { ...stampOf(), subscriptionDeadline: '2025-04-01T00:00:00.000Z', fundingDeadline: '2025-05-01T00:00:00.000Z' } },
      { type: 'DeadlinesSet', data: { ...stampOf(), subscriptionDeadline: '2025-04-02T00:00:00.000Z', fundingDeadline: null } },
    ]).expectRows('position_rounds', [round({ subscription_deadline: '2025-04-02T00:00:00.000Z', funding_deadline: null, version: 5 })]);
  });

  it('holds the current commitment, numbered in the order commitments were first made', () => {
    given([
      ...openRoundWithInvestors(),
      investorAdmitted('beta'),
      commitmentMade('alpha', '300000.00'),
      commitmentMade('lead', '400000.00'),
      commitmentAmended('alpha', '300000.00', '350000.00'),
      commitmentWithdrawn('lead', '400000.00'),
    ]).expectRows('positions', [
      position('lead', 'lead', { committed: '0', commitment_sequence: 2 }),
      position('alpha', 'major', { committed: '35000000', commitment_sequence: 1 }),
      position('beta', 'major'),
    ]);
  });

  it('takes allocations and ownership from RoundClosed, and zero for those outside the book', () => {
    const history = [...openRoundWithInvestors(), investorAdmitted('beta'), commitmentMade('lead', '1000000.00'), commitmentMade('alpha', '1000000.00')];
    const scenario = given([...history, ...closeOf(history)]);
    scenario.expectRows('position_rounds', [
      round({ status: 'closed', post_money: '1050000000', commitments_made: 2, closed_at: AT, version: 7 }),
    ]);
    scenario.expectRows('positions', [
      position('lead', 'lead', { committed: '100000000', allocated: '75000000', ownership: '0.0714285714', commitment_sequence: 1 }),
      position('alpha', 'major', { committed: '100000000', allocated: '75000000', ownership: '0.0714285714', commitment_sequence: 2 }),
      position('beta', 'major', { allocated: '0', ownership: '0.0000000000' }),
    ]);
  });

  it('marks a cancelled round and leaves positions unallocated', () => {
    const scenario = given([...openRoundWithInvestors(), commitmentMade('lead', '500000.00'), { type: 'RoundCancelled', data: { ...stampOf(), reason: 'no' } }]);
    scenario.expectRows('position_rounds', [round({ status: 'cancelled', commitments_made: 1, version: 5 })]);
    scenario.expectRows('positions', [position('lead', 'lead', { committed: '50000000', commitment_sequence: 1 }), position('alpha', 'major')]);
  });

  it('refuses a commitment from an investor it never saw admitted', () => {
    given([...openRoundWithInvestors(), commitmentMade('ghost', '1.00')]).expectFailure(/without having been admitted/);
  });
});
