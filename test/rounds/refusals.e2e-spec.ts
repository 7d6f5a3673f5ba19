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

  it('records an attempt on a round id nobody opened in the log of unknown ids, for auditors, creating no stream of that id', async () => {
    const { api } = rounds;
    const roundId = freshId('nowhere');
    const probe = await api.commit(roundId, 'jd', '200000.00', await api.lead());
    expectProblem(probe, 404, 'ROUND_NOT_FOUND');
    expectProblem(await api.http.get(`/rounds/${roundId}/refusals`).set(bearer(await api.auditor())), 404, 'ROUND_NOT_FOUND');

    const unknown = async (token: string, after?: number) => {
      const query = after === undefined ? 'limit=1000' : `limit=1000&after=${after}`;
      return api.http.get(`/refusals/unknown-rounds?${query}`).set(bearer(token));
    };
    const all = async () => {
      const seen: { roundId: string; revision: number }[] = [];
      let after: number | undefined;
      for (;;) {
        const page = await unknown(await api.auditor(), after);
        expectStatus(page, 200);
        seen.push(...page.body.refusals);
        if (page.body.next === null) return seen;
        after = seen[seen.length - 1].revision;
      }
    };
    expect((await all()).filter((r) => r.roundId === roundId)).toEqual([
      expect.objectContaining({
        roundId,
        by: { sub: 'cfo@company.example', role: 'deal-lead', investorId: null },
        command: 'MakeCommitment',
        request: `PUT /rounds/${roundId}/commitments/jd`,
        code: 'ROUND_NOT_FOUND',
        status: 404,
        correlationId: probe.headers['x-correlation-id'],
      }),
    ]);
    // No stream of that id: a round opened under it later starts with an empty refusal log.
    expect(await readStream(api.testApp.app, `refusals-${roundId}`)).toEqual([]);
    await api.openRound({ roundId });
    const fresh = await api.http.get(`/rounds/${roundId}/refusals`).set(bearer(await api.lead()));
    expectStatus(fresh, 200);
    expect(fresh.body.refusals).toEqual([]);
    // The deal teams and investors do not read it; a bad page is named.
    expectProblem(await unknown(await api.lead()), 403, 'FORBIDDEN');
    expectProblem(await unknown(await investorToken(freshId('jd'))), 403, 'FORBIDDEN');
    const bad = await api.http.get('/refusals/unknown-rounds?limit=0&colour=red').set(bearer(await api.auditor()));
    expectProblem(bad, 400, 'VALIDATION_FAILED');
    // An unknown parameter is refused on its own, before any value is read (issue 13); then a bad value.
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['colour']);
    const zero = await api.http.get('/refusals/unknown-rounds?limit=0').set(bearer(await api.auditor()));
    expectProblem(zero, 400, 'VALIDATION_FAILED');
    expect(zero.body.errors.map((e: { field: string }) => e.field)).toEqual(['limit']);
  });

  it('records a probe of a hidden round and of a missing one alike: one event each, none a reader of the round can tell apart', async () => {
    const { api } = rounds;
    const { roundId } = await api.roundWithInvestors();
    const missing = freshId('missing');
    const stranger = await dealLeadToken(`cfo@${freshId('rival')}`);
    const cancel = (id: string) => api.http.post(`/rounds/${id}/cancel`).set(bearer(stranger)).send({ reason: 'probe' });
    const [hidden, none] = [await cancel(roundId), await cancel(missing)];
    expect(hidden.body.detail).toBe(String(none.body.detail).replace(missing, roundId));
    const own = await api.http.get(`/rounds/${roundId}/refusals`).set(bearer(await api.lead()));
    expect(own.body.refusals).toEqual([expect.objectContaining({ command: 'CancelRound', code: 'ROUND_NOT_FOUND', by: expect.objectContaining({ sub: expect.stringMatching(/^cfo@rival-/) }) })]);
    const log = await api.http.get('/refusals/unknown-rounds?limit=1000').set(bearer(await api.auditor()));
    const pages = [log.body.refusals as { roundId: string }[]];
    let next: string | null = log.body.next;
    while (next) {
      const page = await api.http.get(next).set(bearer(await api.auditor()));
      pages.push(page.body.refusals);
      next = page.body.next;
    }
    expect(pages.flat().filter((r) => r.roundId === missing)).toHaveLength(1);
    expect(pages.flat().filter((r) => r.roundId === roundId)).toHaveLength(0);
  });
});
