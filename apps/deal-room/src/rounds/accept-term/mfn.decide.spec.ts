import { given } from '../../../../../test/support/rounds/given-when-then';
import { as, asDealLead, company, investorAdmitted, investorParty, investorUser, openRoundWithInvestors, stampOf } from '../../../../../test/support/rounds/round.fixtures';
import { RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { RoundEvent, Term, foldRound, toView, viewFor } from '../domain';

const accept = (termId: string): RoundCommand => ({ type: 'AcceptTerm', data: { termId } });
const proposed = (termId: string, investorId: string, term: Term): RoundEvent => ({
  type: 'TermProposed',
  data: { ...stampOf(), termId, ...term, investorId, proposedBy: company(), supersedes: null },
});
const accepted = (termId: string, investorId: string, term: Term): RoundEvent => ({
  type: 'TermAccepted',
  data: { ...stampOf(investorUser(investorId)), termId, ...term, investorId, acceptedBy: investorParty(investorId) },
});
const seat = (value: number): Term => ({ key: 'board-seats', value });
const mfn: Term = { key: 'mfn', value: true };
// alpha holds MFN; beta negotiates its own board seats.
const round: RoundEvent[] = [...openRoundWithInvestors(), investorAdmitted('beta'), proposed('t-mfn', 'alpha', mfn), accepted('t-mfn', 'alpha', mfn)];

describe('MFN: a holder is offered the better rights granted to another investor', () => {
  it('offers the MFN holder, as a proposal of the company, a right better than its own, and nobody else', () => {
    const history = [...round, proposed('beta-seat', 'beta', seat(2))];
    const events = given(history).when(accept('beta-seat'), as(investorUser('beta'))).then([
      accepted('beta-seat', 'beta', seat(2)),
      { type: 'TermProposed', data: { ...stampOf(investorUser('beta')), termId: 'mfn-3', ...seat(2), investorId: 'alpha', proposedBy: company(), supersedes: null } },
    ]);
    // alpha sees the offer as its own term, without a word of whose right it matches; it answers as usual.
    const seen = viewFor(toView(foldRound([...history, ...events]))!, investorUser('alpha'))!;
    expect(seen.terms.filter((t) => t.key === 'board-seats')).toEqual([expect.objectContaining({ termId: 'mfn-3', investorId: 'alpha', value: 2, status: 'pending' })]);
    expect(JSON.stringify(seen)).not.toContain('beta');
    given([...history, ...events]).when(accept('mfn-3'), as(investorUser('alpha'))).then([accepted('mfn-3', 'alpha', seat(2))]);
  });

  it('offers nothing for a right no better than the holder’s own, one it is negotiating, or a custom clause', () => {
    const holdsTwo = [...round, proposed('a-seat', 'alpha', seat(2)), accepted('a-seat', 'alpha', seat(2)), proposed('beta-seat', 'beta', seat(1))];
    given(holdsTwo).when(accept('beta-seat'), as(investorUser('beta'))).then([accepted('beta-seat', 'beta', seat(1))]);
    const negotiating = [...round, proposed('a-seat', 'alpha', seat(1)), proposed('beta-seat', 'beta', seat(3))];
    given(negotiating).when(accept('beta-seat'), as(investorUser('beta'))).then([accepted('beta-seat', 'beta', seat(3))]);
    const custom: Term = { key: 'x-side-letter', value: 'Quarterly call with the CEO' };
    given([...round, proposed('beta-x', 'beta', custom)]).when(accept('beta-x'), as(investorUser('beta'))).then([accepted('beta-x', 'beta', custom)]);
  });

  it('offers a new MFN holder the best right another investor already has', () => {
    const rights: Term = { key: 'information-rights', value: 'monthly' };
    const history = [
      ...openRoundWithInvestors(),
      investorAdmitted('beta'),
      proposed('b-info', 'beta', rights),
      accepted('b-info', 'beta', rights),
      { type: 'TermProposed', data: { ...stampOf(investorUser('alpha')), termId: 'a-mfn', ...mfn, investorId: 'alpha', proposedBy: investorParty('alpha'), supersedes: null } } as RoundEvent,
    ];
    given(history).when(accept('a-mfn'), asDealLead).then([
      { type: 'TermAccepted', data: { ...stampOf(), termId: 'a-mfn', ...mfn, investorId: 'alpha', acceptedBy: company() } },
      { type: 'TermProposed', data: { ...stampOf(), termId: 'mfn-3', ...rights, investorId: 'alpha', proposedBy: company(), supersedes: null } },
    ]);
  });
});
