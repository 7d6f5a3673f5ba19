import { bearer, dealLeadToken, investorToken } from './support/tokens';
import { readStream } from './support/stream';
import { expectProblem, expectStatus, freshId, useRoundsApp } from './support/rounds-api';

// Refused attempts are kept for auditors, apart from the round's own events, and never shown to investors.
describe('GET /rounds/:roundId/refusals', () => {
  const rounds = useRoundsApp();

  it('records who tried what and which rule refused it, outside the round, for the deal team and auditors only', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    const events = await api.eventCount(roundId);
    const jd = await api.investor(major);

    const tooBig = await api.commit(roundId, major, '20000000.00');
    expectProblem(tooBig, 422, 'COMMITMENT_EXCEEDS_HARD_CAP');
    const reserved = await api.propose(roundId, jd, { key: 'valuation', value: { amount: '200000000.00', basis: 'post-money' } });
    expectProblem(reserved, 403, 'ROUND_TERMS_RESERVED');
    const outsider = await investorToken(freshId('outsider'));
    expectProblem(await api.commit(roundId, 'anyone', '200000.00', outsider), 404, 'ROUND_NOT_FOUND');

    // The round's own stream holds what happened in the deal, and nothing happened.
    expect(await api.eventCount(roundId)).toBe(events);

    const read = await api.http.get(`/rounds/${roundId}/refusals`).set(bearer(await api.auditor()));
    expectStatus(read, 200);
    expect(read.body.roundId).toBe(roundId);
    expect(read.body.refusals).toEqual([
      expect.objectContaining({
        roundId,
        by: { sub: `ir@${major}`, role: 'investor', investorId: major },
        command: 'MakeCommitment',
        request: `PUT /rounds/${roundId}/commitments/${major}`,
        code: 'COMMITMENT_EXCEEDS_HARD_CAP',
        status: 422,
        detail: expect.stringContaining('20000000.00'),
        correlationId: tooBig.headers['x-correlation-id'],
        refusedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
      expect.objectContaining({ command: 'ProposeTerm', code: 'ROUND_TERMS_RESERVED', status: 403 }),
      expect.objectContaining({ command: 'MakeCommitment', code: 'ROUND_NOT_FOUND', status: 404, by: expect.objectContaining({ role: 'investor' }) }),
    ]);
    expectStatus(await api.http.get(`/rounds/${roundId}/refusals`).set(bearer(await api.lead())), 200);

    // Investors never see them, theirs or others'; another company's deal-lead is told there is no round.
    expectProblem(await api.http.get(`/rounds/${roundId}/refusals`).set(bearer(jd)), 403, 'FORBIDDEN');
    const stranger = await dealLeadToken(`cfo@${freshId('other-company')}`);
    expectProblem(await api.http.get(`/rounds/${roundId}/refusals`).set(bearer(stranger)), 404, 'ROUND_NOT_FOUND');
    const seen = await api.get(roundId, jd);
    expect(JSON.stringify(seen.body)).not.toContain('COMMITMENT_EXCEEDS_HARD_CAP');
  });

  it('keeps no record for a round nobody opened', async () => {
    const { api } = rounds;
    const roundId = freshId('nowhere');
    expectProblem(await api.commit(roundId, 'jd', '200000.00', await api.lead()), 404, 'ROUND_NOT_FOUND');
    expectProblem(await api.http.get(`/rounds/${roundId}/refusals`).set(bearer(await api.auditor())), 404, 'ROUND_NOT_FOUND');
    expect(await readStream(api.testApp.app, `refusals-${roundId}`)).toEqual([]);
  });
});
