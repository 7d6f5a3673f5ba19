import { decide, RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { amount, as, asDealLead, investorUser, openRoundWithInvestors, stampOf } from '../../../../../test/support/rounds/round.fixtures';
import { ClosingHeld, foldRound, RoundEvent } from '../domain';

const holders = [
  { holderId: 'founder', name: 'Founder', kind: 'shareholder', shares: '6000000' },
  { holderId: 'esop', name: 'Option pool', kind: 'option-pool', shares: '500000' },
];
const set = (list: unknown[] = holders, optionPoolTopUp: unknown = '500000'): RoundCommand =>
  ({ type: 'SetCapTable', data: { holders: list, optionPoolTopUp } }) as RoundCommand;
const round = openRoundWithInvestors();

describe('SetCapTable', () => {
  it('records the holders before the round and the option-pool top-up', () => {
    given(round).when(set(), asDealLead).then([{ type: 'CapTableSet', data: { ...stampOf(), holders, optionPoolTopUp: '500000' } } as RoundEvent]);
    given(round)
      .when(set([{ holderId: 'founder', name: 'Founder', shares: '6000000' }], null), asDealLead)
      .then([{ type: 'CapTableSet', data: { ...stampOf(), holders: [{ holderId: 'founder', name: 'Founder', kind: 'shareholder', shares: '6000000' }], optionPoolTopUp: '0' } } as RoundEvent]);
  });

  it('names each bad holder field and rule', () => {
    given(round)
      .when(set([{ holderId: 'a', name: 'A', shares: '1.5' }, { holderId: 'a', name: '', shares: '-1', kind: 'ghost' }]), asDealLead)
      .thenThrows(
        'VALIDATION_FAILED',
        { field: 'holders[0].shares', rule: 'shares' },
        { field: 'holders[1].holderId', rule: 'unique' },
        { field: 'holders[1].name', rule: 'required' },
        { field: 'holders[1].kind', rule: 'one-of' },
        { field: 'holders[1].shares', rule: 'shares' },
      );
    given(round).when(set([]), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'holders', rule: 'size' });
    given(round).when(set(holders, '01'), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'optionPoolTopUp', rule: 'shares' });
  });

  it('is for the deal team, and fixed once shares are issued at a closing', () => {
    given(round).when(set(), as(investorUser('lead'))).thenThrows('FORBIDDEN');
    const closing: ClosingHeld = {
      type: 'ClosingHeld',
      data: { ...stampOf(), closingNumber: 1, allocations: [], totalAllocated: amount('0'), postMoneyValuation: amount('9000000'), sealedHeadHash: null, windowEndsAt: '2025-06-01T00:00:00.000Z' },
    };
    given([...round, closing]).when(set(), asDealLead).thenThrows('TERMS_FIXED_BY_CLOSING');
    expect(decide(set(), foldRound(round), asDealLead)).toHaveLength(1);
  });
});
