import { MakeCommitment, RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import {
  admin,
  amount,
  as,
  asDealLead,
  auditor,
  commitmentAmended,
  commitmentMade,
  commitmentWithdrawn,
  indicationRecorded,
  investorAdmitted,
  investorUser,
  openRoundWithInvestors,
  rejecting,
  roundOpened,
} from '../../../../../test/support/rounds/round.fixtures';
import { foldRound, toView } from '../domain';

const commit = (investorId: string, decimal: unknown, currency: unknown = 'CNY'): RoundCommand =>
  ({ type: 'MakeCommitment', data: { investorId, amount: decimal, currency } }) as MakeCommitment;
const asAlpha = as(investorUser('alpha'));
const round = openRoundWithInvestors();
const scaleBack = openRoundWithInvestors({ oversubscription: 'scale-back' });

describe('MakeCommitment', () => {
  it('records an investor commitment in minor units', () => {
    given(round).when(commit('alpha', '250000.50'), asAlpha).then([commitmentMade('alpha', '250000.50')]);
  });

  describe('sent by the deal team', () => {
    it('records an indication for the investor, which binds nobody and is not in the book', () => {
      const events = given(round).when(commit('alpha', '10000'), asDealLead).then([indicationRecorded('alpha', '10000')]);
      const view = toView(foldRound([...round, ...events]))!;
      expect(view.commitments).toMatchObject([{ investorId: 'alpha', amount: '10000.00', currency: 'CNY', status: 'indicated' }]);
      expect([view.totalCommitted, view.totalIndicated]).toEqual(['0.00', '10000.00']);
    });

    it('corrects its own indication, but never touches what the investor committed', () => {
      given([...round, indicationRecorded('alpha', '10000')])
        .when(commit('alpha', '20000'), asDealLead)
        .then([indicationRecorded('alpha', '20000', '10000')]);
      given([...round, commitmentMade('alpha', '10000')])
        .when(commit('alpha', '20000'), asDealLead)
        .thenThrows('COMMITMENT_IS_INVESTORS');
    });

    it("is replaced by the investor's own commitment", () => {
      const events = given([...round, indicationRecorded('alpha', '10000')])
        .when(commit('alpha', '15000'), asAlpha)
        .then([commitmentMade('alpha', '15000')]);
      const view = toView(foldRound([...round, indicationRecorded('alpha', '10000'), ...events]))!;
      expect(view.commitments).toMatchObject([{ investorId: 'alpha', amount: '15000.00', currency: 'CNY', status: 'committed' }]);
      expect(view.totalCommitted).toBe('15000.00');
    });
  });

  it('amends the commitment the second time', () => {
    given([...round, commitmentMade('alpha', '10000')])
      .when(commit('alpha', '20000'), asAlpha)
      .then([commitmentAmended('alpha', '10000', '20000')]);
  });

  it('records nothing when the same amount is sent again', () => {
    given([...round, commitmentMade('alpha', '10000')]).when(commit('alpha', '10000.00'), asAlpha).then([]);
  });

  it('makes a fresh commitment after a withdrawal', () => {
    const withdrawn = commitmentWithdrawn('alpha', '10000');
    given([...round, commitmentMade('alpha', '10000'), withdrawn])
      .when(commit('alpha', '30000'), asAlpha)
      .then([commitmentMade('alpha', '30000')]);
  });

  it.each([
    ['another investor', investorUser('lead')],
    ['an auditor', auditor],
    ['an admin', admin],
  ])('is refused to %s', (_, actor) => {
    given(round).when(commit('alpha', '10000'), as(actor)).thenThrows('FORBIDDEN');
  });

  it('is only for admitted investors', () => {
    given(round).when(commit('gamma', '10000'), asDealLead).thenThrows('INVESTOR_NOT_ADMITTED');
  });

  // To an investor the round did not admit, the round does not exist: it must not learn otherwise.
  it.each([
    ['an investor not admitted', investorUser('gamma'), 'gamma'],
    ['an investor not admitted, for an admitted one', investorUser('gamma'), 'alpha'],
    ['an investor user without a firm', { sub: 'u', role: 'investor' as const }, 'alpha'],
  ])('answers ROUND_NOT_FOUND to %s', (_, actor, investorId) => {
    given(round).when(commit(investorId, '10000'), as(actor)).thenThrows('ROUND_NOT_FOUND');
  });

  it.each<[unknown, string]>([
    ['1e6', 'format'],
    ['-10000', 'format'],
    ['+10000', 'format'],
    [' 10000', 'format'],
    ['', 'format'],
    ['0', 'positive'],
    [10000, 'type'],
    ['10000.001', 'decimals'],
    ['9'.repeat(40), 'max-length'],
  ])('refuses the amount %p (%s)', (decimal, rule) => {
    given(round).when(commit('alpha', decimal), asAlpha).thenThrows('VALIDATION_FAILED', { field: 'amount', rule });
  });

  it('refuses an unknown currency as invalid input', () => {
    given(round)
      .when(commit('alpha', '10000', 'RMB'), asAlpha)
      .thenThrows('VALIDATION_FAILED', { field: 'currency', rule: 'supported-currency' });
  });

  it('refuses another currency than the round', () => {
    const error = given(round).when(commit('alpha', '10000', 'USD'), asAlpha).thenThrows('CURRENCY_MISMATCH');
    expect(error.message).toBe('This round is in CNY, not USD');
  });

  it('reads the amount in the currency the investor named', () => {
    given(round)
      .when(commit('alpha', '100.5', 'JPY'), asAlpha)
      .thenThrows('VALIDATION_FAILED', { field: 'amount', rule: 'decimals' });
  });

  it('needs at least the minimum ticket', () => {
    given(round).when(commit('alpha', '9999.99'), asAlpha).thenThrows('BELOW_MINIMUM_TICKET');
    given(round).when(commit('alpha', '10000.00'), asAlpha).then([commitmentMade('alpha', '10000')]);
  });

  it("stays within the investor's maximum ticket", () => {
    const capped = [...round, investorAdmitted('beta', 'major', amount('250000'))];
    given(capped).when(commit('beta', '250000.01'), as(investorUser('beta'))).thenThrows('ABOVE_MAXIMUM_TICKET');
    given(capped).when(commit('beta', '250000'), as(investorUser('beta'))).then([commitmentMade('beta', '250000')]);
  });

  it('refuses a single commitment above the hard cap, stating both figures, before any other limit', () => {
    const capped = [...scaleBack, investorAdmitted('beta', 'major', amount('250000'))];
    const error = given(capped)
      .when(commit('beta', '1500000.01'), asDealLead)
      .thenThrows('COMMITMENT_EXCEEDS_HARD_CAP');
    expect(error.message).toBe("A commitment of 1500000.01 CNY exceeds the round's hard cap of 1500000.00 CNY");
    given(scaleBack).when(commit('alpha', '1500000'), asAlpha).then([commitmentMade('alpha', '1500000')]);
  });

  describe('with the reject policy', () => {
    const book = [...openRoundWithInvestors(rejecting), commitmentMade('lead', '1000000')];

    it('refuses what would take the total past the hard cap', () => {
      const refusal = given(book).when(commit('alpha', '500000.01'), asAlpha).thenThrows('ROUND_FULL');
      // The round discloses its book (a rejecting round must), so the investor is told the room left.
      expect(refusal.message).toBe('Only 500000.00 CNY fits under the hard cap of 1500000.00 CNY');
      // An indication binds nothing, so it takes no room; its confirmation does (confirm-indication spec).
      given(book).when(commit('alpha', '500000.01'), asDealLead).then([indicationRecorded('alpha', '500000.01')]);
      given(book).when(commit('alpha', '500000.00'), asAlpha).then([commitmentMade('alpha', '500000')]);
    });

    it('counts an amendment as replacing the old amount', () => {
      const full = [...book, commitmentMade('alpha', '500000')];
      given(full).when(commit('lead', '1000000.01'), as(investorUser('lead'))).thenThrows('ROUND_FULL');
      given(full).when(commit('alpha', '400000'), asAlpha).then([
        commitmentAmended('alpha', '500000', '400000'),
      ]);
    });

    it('still refuses, naming no room, in a round opened before rejecting rounds had to disclose their book', () => {
      const legacy = [...openRoundWithInvestors(), commitmentMade('lead', '1000000')];
      legacy[0] = roundOpened({ oversubscription: 'reject', disclosure: 'none' });
      const refusal = given(legacy).when(commit('alpha', '500000.01'), asAlpha).thenThrows('ROUND_FULL');
      expect(refusal.message).toBe('A commitment of 500000.01 CNY would take the book above the hard cap of 1500000.00 CNY');
    });
  });

  it('lets the book exceed the hard cap with the scale-back policy', () => {
    given([...scaleBack, commitmentMade('lead', '1000000')])
      .when(commit('alpha', '900000'), asAlpha)
      .then([commitmentMade('alpha', '900000')]);
  });
});
