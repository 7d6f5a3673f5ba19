import fc from 'fast-check';
import {
  amount,
  commitmentAmended,
  commitmentMade,
  commitmentWithdrawn,
  dealLead,
  indicationRecorded,
  investorAdmitted,
  investorUser,
  roundOpened,
  stampOf,
  termProposed,
} from '../../../../../test/support/rounds/round.fixtures';
import { revisionSeenBy } from './investor-revision';
import { evolve, initialState, RoundEvent, RoundState } from './round';
import { toView } from './round.view';
import { viewFor } from './visibility';

// An investor's revision must move exactly when its view does: never for what it cannot see (else it
// learns that others acted, and when), always for what it can (else one ETag would name two views).

const INVESTORS = ['lead', 'alpha', 'beta'];
const stamp = stampOf();
const valuation = (value: string) => ({ key: 'valuation', value: { amount: amount(value), basis: 'post-money' } }) as const;

/** Events of every type, about every investor and the round as a whole, in any order (evolve ignores what does not fit). */
const POOL: RoundEvent[] = [
  ...INVESTORS.map((id) => investorAdmitted(id, id === 'lead' ? 'lead' : 'major')),
  ...INVESTORS.flatMap((id) => [
    commitmentMade(id, '100000'),
    commitmentAmended(id, '100000', '200000'),
    commitmentWithdrawn(id, '200000'),
    indicationRecorded(id, '50000'),
    { type: 'IndicationConfirmed', data: { ...stamp, investorId: id, amount: amount('50000') } },
    { type: 'IndicationWithdrawn', data: { ...stamp, investorId: id, amount: amount('50000') } },
    { type: 'CommitmentReconfirmed', data: { ...stamp, investorId: id, amount: amount('100000') } },
    { type: 'SubscriptionSigned', data: { ...stamp, investorId: id, amount: amount('100000'), documentReference: `doc-${id}` } },
    { type: 'SubscriptionAccepted', data: { ...stamp, investorId: id, amount: amount('100000') } },
    { type: 'FundsReceived', data: { ...stamp, investorId: id, amount: amount('1000'), valueDate: '2025-03-01', reference: `ref-${id}` } },
    termProposed(`side-${id}`, { key: 'board-seats', value: 1 }, dealLead, null, id),
    { type: 'ConditionAdded', data: { ...stamp, conditionId: `c-${id}`, title: 'waiver', investorId: id } },
    { type: 'ConditionSatisfied', data: { ...stamp, conditionId: `c-${id}`, evidence: 'doc' } },
    { type: 'AllocationProtected', data: { ...stamp, investorId: id, amount: amount('50000'), previousAmount: amount('0') } },
    { type: 'AllocationProtected', data: { ...stamp, investorId: id, amount: amount('0'), previousAmount: amount('50000') } },
    { type: 'RefundRecorded', data: { ...stamp, investorId: id, amount: amount('500'), valueDate: '2025-05-01', reference: `refund-${id}` } },
    {
      type: 'SubscriptionReopened',
      data: { ...stamp, investorId: id, previousAmount: amount('100000'), amount: amount('150000'), previousDocumentReference: `doc-${id}` },
    },
  ] satisfies RoundEvent[]),
  { type: 'AllocationBasisSet', data: { ...stamp, basis: 'funded' } },
  { type: 'AllocationBasisSet', data: { ...stamp, basis: 'committed' } },
  termProposed('t-val', valuation('20000000')),
  termProposed('t-val-2', valuation('30000000'), investorUser('lead'), 't-val'),
  { type: 'TermAccepted', data: { ...stamp, termId: 't-val', ...valuation('20000000'), investorId: null, acceptedBy: { side: 'company', sub: dealLead.sub } } },
  { type: 'TermAccepted', data: { ...stamp, termId: 'side-alpha', key: 'board-seats', value: 1, investorId: 'alpha', acceptedBy: { side: 'company', sub: dealLead.sub } } },
  { type: 'TermRejected', data: { ...stamp, termId: 'side-beta', rejectedBy: { side: 'company', sub: dealLead.sub }, reason: null } },
  { type: 'TermWithdrawn', data: { ...stamp, termId: 't-val-2' } },
  { type: 'ReconfirmationRequested', data: { ...stamp, termId: 't-val', investorIds: ['alpha', 'beta'] } },
  { type: 'DeadlinesSet', data: { ...stamp, subscriptionDeadline: '2025-04-01T00:00:00.000Z', fundingDeadline: null } },
  { type: 'ConditionAdded', data: { ...stamp, conditionId: 'c-round', title: 'SAMR filing', investorId: null } },
  { type: 'ConditionSatisfied', data: { ...stamp, conditionId: 'c-round', evidence: 'SAMR-1' } },
  { type: 'CapTableSet', data: { ...stamp, holders: [], optionPoolTopUp: null } } as unknown as RoundEvent,
  { type: 'ManualAllocationProposed', data: { ...stamp, proposalId: 'p1', allocations: [] } },
  { type: 'ManualAllocationApproved', data: { ...stamp, proposalId: 'p1' } },
  {
    type: 'ClosingHeld',
    data: { ...stamp, closingNumber: 1, allocations: [], totalAllocated: amount('0'), postMoneyValuation: amount('10000000'), sealedHeadHash: null, windowEndsAt: '2025-06-01T00:00:00.000Z' },
  },
  { type: 'RoundClosed', data: { ...stamp, totalCommitted: amount('0'), totalAllocated: amount('0'), postMoneyValuation: amount('10000000'), allocations: [], sealedHeadHash: null } },
  { type: 'RoundCancelled', data: { ...stamp, reason: 'no' } },
];

const seenView = (state: RoundState, investorId: string) => {
  const view = toView(state);
  return view && JSON.stringify(viewFor(view, investorUser(investorId)));
};

/** For each event and each investor admitted before it: did its revision move, and did its view? */
function movesOf(events: readonly RoundEvent[]): { revision: boolean; view: boolean; event: string; investorId: string }[] {
  const moves = [];
  let state = initialState();
  for (const event of events) {
    const next = evolve(state, event);
    for (const investorId of INVESTORS) {
      const before = revisionSeenBy(state, investorUser(investorId), null);
      if (before === null) continue;
      const after = revisionSeenBy(next, investorUser(investorId), null);
      moves.push({ revision: after !== before, view: seenView(next, investorId) !== seenView(state, investorId), event: event.type, investorId });
    }
    state = next;
  }
  return moves;
}

describe("an investor's revision", () => {
  it('starts at 0 when it is admitted and is the stream revision for everyone else', () => {
    const state = [roundOpened(), investorAdmitted('lead', 'lead'), commitmentMade('lead', '100000'), investorAdmitted('alpha')].reduce(evolve, initialState());
    expect(revisionSeenBy(state, investorUser('alpha'), 3n)).toBe(0n);
    expect(revisionSeenBy(state, investorUser('lead'), 3n)).toBe(1n);
    expect(revisionSeenBy(state, dealLead, 3n)).toBe(3n);
    expect(revisionSeenBy(state, investorUser('outsider'), 3n)).toBeNull();
  });

  it("does not move when another investor acts in a round that hides its book, and moves with the book when it shows it", () => {
    const others = [commitmentMade('alpha', '100000'), commitmentAmended('alpha', '100000', '200000'), termProposed('side-alpha', { key: 'board-seats', value: 1 }, dealLead, null, 'alpha')];
    for (const disclosure of ['none', 'book-totals'] as const) {
      const start = [roundOpened({ disclosure }), investorAdmitted('lead', 'lead'), investorAdmitted('alpha')].reduce(evolve, initialState());
      const end = others.reduce(evolve, start);
      expect([disclosure, revisionSeenBy(end, investorUser('lead'), null)]).toEqual([disclosure, disclosure === 'none' ? 0n : 2n]);
      expect(revisionSeenBy(end, investorUser('alpha'), null)).toBe(3n);
    }
  });

  it.each(['none', 'book-totals'] as const)('moves exactly when its view does, in any history (disclosure %s)', (disclosure) => {
    const history = fc.array(fc.constantFrom(...POOL), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(history, (events) => {
        // Decide admits an investor once (INVESTOR_ALREADY_ADMITTED); evolve would list it twice.
        const once = events.filter((event, index) => event.type !== 'InvestorAdmitted' || events.indexOf(event) === index);
        const moves = movesOf([roundOpened({ disclosure }), ...once]);
        expect(moves.filter((move) => move.revision !== move.view)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('is checked on histories where some events change a view and some do not, so the property is not vacuous', () => {
    const moves = movesOf([roundOpened(), ...POOL]);
    expect(moves.some((move) => !move.view)).toBe(true);
    expect(moves.some((move) => move.view)).toBe(true);
  });
});
