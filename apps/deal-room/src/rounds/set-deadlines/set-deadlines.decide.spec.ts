import { RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { as, asDealLead, investorUser, openRoundWithInvestors, stampOf } from '../../../../../test/support/rounds/round.fixtures';
import { RoundEvent } from '../domain';

const set = (subscriptionDeadline: unknown, fundingDeadline: unknown): RoundCommand =>
  ({ type: 'SetDeadlines', data: { subscriptionDeadline, fundingDeadline } }) as RoundCommand;
const round = openRoundWithInvestors();
const deadlines = (subscriptionDeadline: string | null, fundingDeadline: string | null): RoundEvent => ({
  type: 'DeadlinesSet',
  data: { ...stampOf(), subscriptionDeadline, fundingDeadline },
});

describe('SetDeadlines', () => {
  it('records both deadlines as UTC instants', () => {
    given(round)
      .when(set('2025-03-31T18:00:00+08:00', '2025-04-15T18:00:00+08:00'), asDealLead)
      .then([deadlines('2025-03-31T10:00:00.000Z', '2025-04-15T10:00:00.000Z')]);
  });

  it('clears one with null, and records nothing when nothing changes', () => {
    const set1 = [...round, deadlines('2025-03-31T10:00:00.000Z', null)];
    given(set1).when(set('2025-03-31T10:00:00Z', null), asDealLead).then([]);
    given(set1).when(set(null, null), asDealLead).then([deadlines(null, null)]);
  });

  it('needs an offset, and funds due no earlier than signatures', () => {
    given(round).when(set('2025-03-31T18:00', null), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'subscriptionDeadline', rule: 'instant' });
    given(round)
      .when(set('2025-04-15T00:00:00Z', '2025-03-31T00:00:00Z'), asDealLead)
      .thenThrows('VALIDATION_FAILED', { field: 'fundingDeadline', rule: 'not-before-subscription-deadline' });
  });

  it('is for the deal team', () => {
    given(round).when(set(null, '2025-04-15T00:00:00Z'), as(investorUser('lead'))).thenThrows('FORBIDDEN');
  });
});
