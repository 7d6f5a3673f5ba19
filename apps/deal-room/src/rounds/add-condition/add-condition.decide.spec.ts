import { RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { as, asDealLead, investorUser, openRoundWithInvestors, stampOf } from '../../../../../test/support/rounds/round.fixtures';
import { RoundEvent, foldRound, toView, viewFor } from '../domain';

const add = (conditionId: string, title: unknown, investorId?: string): RoundCommand =>
  ({ type: 'AddCondition', data: { conditionId, title, ...(investorId ? { investorId } : {}) } }) as RoundCommand;
const round = openRoundWithInvestors();
const added = (conditionId: string, title: string, investorId: string | null = null): RoundEvent => ({
  type: 'ConditionAdded',
  data: { ...stampOf(), conditionId, title, investorId },
});

describe('AddCondition', () => {
  it('adds an open condition of the close, round-wide or about one investor', () => {
    given(round).when(add('c1', 'Shareholder resolution'), asDealLead).then([added('c1', 'Shareholder resolution')]);
    given(round).when(add('c2', 'State-asset appraisal filed', 'alpha'), asDealLead).then([added('c2', 'State-asset appraisal filed', 'alpha')]);
  });

  it("shows an investor the round's conditions and its own, never another investor's", () => {
    const history = [...round, added('c1', 'Shareholder resolution'), added('c2', 'Appraisal of alpha', 'alpha'), added('c3', 'Appraisal of lead', 'lead')];
    const seen = viewFor(toView(foldRound(history))!, investorUser('alpha'))!;
    expect(seen.conditions.map((c) => c.conditionId)).toEqual(['c1', 'c2']);
  });

  it('is for the deal team, with a title, once per id, about an admitted investor', () => {
    given(round).when(add('c1', 'x'), as(investorUser('lead'))).thenThrows('FORBIDDEN');
    given(round).when(add('c1', ' '), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'title', rule: 'required' });
    given([...round, added('c1', 'x')]).when(add('c1', 'y'), asDealLead).thenThrows('CONDITION_ALREADY_EXISTS');
    given(round).when(add('c1', 'x', 'gamma'), asDealLead).thenThrows('INVESTOR_NOT_ADMITTED');
  });
});
