import { decide, RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { amount, as, asDealLead, commitmentMade, dealLead, indicationRecorded, investorAdmitted, investorUser, openRoundWithInvestors, stampOf, teamMate } from '../../../../../test/support/rounds/round.fixtures';
import { foldRound, RoundEvent } from '../domain';

const propose = (allocations: unknown[], proposalId = 'p1'): RoundCommand => ({ type: 'ProposeAllocation', data: { proposalId, allocations } }) as RoundCommand;
const approve = (proposalId = 'p1'): RoundCommand => ({ type: 'ApproveAllocation', data: { proposalId } });
const close: RoundCommand = { type: 'CloseRound', data: {} };
// Cap 1.5 m, scale-back: 2.1 m committed. Pro rata would give lead 1,071,428.57 and alpha 428,571.43.
const book: RoundEvent[] = [
  ...openRoundWithInvestors({ oversubscription: 'scale-back' }),
  investorAdmitted('beta'),
  commitmentMade('lead', '1500000'),
  commitmentMade('alpha', '600000'),
  indicationRecorded('beta', '100000'),
];
const lines = [{ investorId: 'lead', amount: '1000000' }, { investorId: 'alpha', amount: '500000.00' }];
const proposed: RoundEvent = {
  type: 'ManualAllocationProposed',
  data: { ...stampOf(), proposalId: 'p1', allocations: [{ investorId: 'lead', amount: amount('1000000') }, { investorId: 'alpha', amount: amount('500000') }] },
};

describe('ProposeAllocation and ApproveAllocation (four eyes)', () => {
  it('records one member’s allocation; another approves it; the close allocates exactly as approved', () => {
    given(book).when(propose(lines), asDealLead).then([proposed]);
    const approved = given([...book, proposed]).when(approve(), as(teamMate)).then([{ type: 'ManualAllocationApproved', data: { ...stampOf(teamMate), proposalId: 'p1' } }]);
    const [closed] = decide(close, foldRound([...book, proposed, ...approved]), asDealLead);
    if (closed.type !== 'RoundClosed') throw new Error(closed.type);
    expect(closed.data.allocations.map((a) => [a.investorId, a.allocated.amount])).toEqual([['lead', 100000000n], ['alpha', 50000000n]]);
    expect(closed.data.totalAllocated.amount).toBe(150000000n);
  });

  it('is not approved by the one who prepared it, and counts for nothing until approved', () => {
    given([...book, proposed]).when(approve(), asDealLead).thenThrows('FOUR_EYES_REQUIRED');
    given([...book, proposed]).when(approve('p9'), as(teamMate)).thenThrows('ALLOCATION_NOT_FOUND');
    const [closed] = decide(close, foldRound([...book, proposed]), asDealLead);
    if (closed.type !== 'RoundClosed') throw new Error(closed.type);
    expect(closed.data.allocations.map((a) => a.allocated.amount)).toEqual([107142857n, 42857143n]);
  });

  it('is refused at the close once the book moved after the approval', () => {
    const approved: RoundEvent = { type: 'ManualAllocationApproved', data: { ...stampOf(teamMate), proposalId: 'p1' } };
    const moved = [...book, proposed, approved, commitmentMade('beta', '100000', investorUser('beta'))];
    given(moved).when(close, asDealLead).thenThrows('MANUAL_ALLOCATION_STALE');
  });

  it('allocates the whole book, within each commitment, the minimum ticket and the cap', () => {
    given(book).when(propose([lines[0]]), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'allocations', rule: 'whole-book' });
    given(book).when(propose([{ investorId: 'lead', amount: '1500000.01' }, lines[1]]), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'allocations[0].amount', rule: 'not-above-commitment' });
    given(book).when(propose([lines[0], { investorId: 'alpha', amount: '9999.99' }]), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'allocations[1].amount', rule: 'minimum-ticket' });
    given(book).when(propose([{ investorId: 'lead', amount: '1000000' }, { investorId: 'alpha', amount: '500000.01' }]), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'allocations', rule: 'within-hard-cap' });
    given(book).when(propose([...lines, { investorId: 'beta', amount: '100000' }]), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'allocations[2].investorId', rule: 'in-book' });
    given(book).when(propose([lines[0], { investorId: 'alpha', amount: '0' }]), asDealLead).then([
      { type: 'ManualAllocationProposed', data: { ...stampOf(), proposalId: 'p1', allocations: [{ investorId: 'lead', amount: amount('1000000') }, { investorId: 'alpha', amount: amount('0') }] } },
    ]);
    given([...book, proposed]).when(propose(lines), asDealLead).thenThrows('ALLOCATION_ALREADY_PROPOSED');
    given(book).when(propose(lines), as(investorUser('lead'))).thenThrows('FORBIDDEN');
    expect(dealLead.sub).not.toBe(teamMate.sub);
  });
});
