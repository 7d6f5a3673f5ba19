import { decide, RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { as, asDealLead, commitmentMade, investorUser, openRoundWithInvestors, stampOf, teamMate } from '../../../../../test/support/rounds/round.fixtures';
import { RoundEvent, foldRound, toView } from '../domain';

const satisfy = (conditionId: string, evidence: unknown = 'SAMR clearance 2025-0142'): RoundCommand =>
  ({ type: 'SatisfyCondition', data: { conditionId, evidence } }) as RoundCommand;
const close: RoundCommand = { type: 'CloseRound', data: {} };
const added: RoundEvent = { type: 'ConditionAdded', data: { ...stampOf(), conditionId: 'samr', title: 'SAMR merger-control clearance', investorId: null } };
const checklist = [...openRoundWithInvestors(), commitmentMade('lead', '600000'), added];

describe('SatisfyCondition', () => {
  it('records the evidence and who satisfied it', () => {
    const events = given(checklist)
      .when(satisfy('samr'), as(teamMate))
      .then([{ type: 'ConditionSatisfied', data: { ...stampOf(teamMate), conditionId: 'samr', evidence: 'SAMR clearance 2025-0142' } }]);
    expect(toView(foldRound([...checklist, ...events]))!.conditions).toEqual([
      { conditionId: 'samr', title: 'SAMR merger-control clearance', investorId: null, status: 'satisfied', evidence: 'SAMR clearance 2025-0142', satisfiedBy: { sub: teamMate.sub, role: 'deal-lead' }, satisfiedAt: stampOf().at },
    ]);
  });

  it('refuses the close while a condition is open, listing it, and allows it once satisfied', () => {
    const error = given(checklist).when(close, asDealLead).thenThrows('CONDITIONS_OPEN');
    expect(error.message).toContain('samr (SAMR merger-control clearance)');
    const satisfied: RoundEvent = { type: 'ConditionSatisfied', data: { ...stampOf(), conditionId: 'samr', evidence: 'x' } };
    const [closed] = decide(close, foldRound([...checklist, satisfied]), asDealLead);
    expect(closed.type).toBe('RoundClosed');
  });

  it('needs an open condition, evidence, and the deal team', () => {
    given(checklist).when(satisfy('nope'), asDealLead).thenThrows('CONDITION_NOT_FOUND');
    given(checklist).when(satisfy('samr', ''), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'evidence', rule: 'required' });
    const satisfied: RoundEvent = { type: 'ConditionSatisfied', data: { ...stampOf(), conditionId: 'samr', evidence: 'x' } };
    given([...checklist, satisfied]).when(satisfy('samr'), asDealLead).thenThrows('CONDITION_ALREADY_SATISFIED');
    given(checklist).when(satisfy('samr'), as(investorUser('lead'))).thenThrows('FORBIDDEN');
  });
});
