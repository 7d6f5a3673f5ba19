import type { Response } from 'supertest';
import { bearer, dealLeadToken } from './support/tokens';
import { expectInvalidFields, expectProblem, expectStatus, freshId, useRoundsApp } from './support/rounds-api';

// The rules a deal team and its counsel rely on, over HTTP against the real store (issue 11's defects).
describe('the round as a financing is run', () => {
  const rounds = useRoundsApp();

  describe("a round belongs to its company's deal team", () => {
    it('answers another deal-lead as for a round that does not exist, on every command and read, writing nothing', async () => {
      const { api } = rounds;
      const { roundId, major } = await api.roundWithInvestors();
      const stranger = bearer(await dealLeadToken(`cfo@${freshId('rival')}`));
      const missing = freshId('missing');
      const attempts: [string, (id: string) => PromiseLike<Response>][] = [
        ['read', (id) => api.http.get(`/rounds/${id}`).set(stranger)],
        ['admit', (id) => api.http.post(`/rounds/${id}/investors`).set(stranger).send({ investorId: freshId('x'), name: 'X', tier: 'other' })],
        ['propose', (id) => api.http.post(`/rounds/${id}/terms`).set(stranger).send({ key: 'x-no-shop', value: '60 days' })],
        ['indicate', (id) => api.http.put(`/rounds/${id}/commitments/${major}`).set(stranger).send({ amount: '200000.00', currency: 'USD' })],
        ['close', (id) => api.http.post(`/rounds/${id}/close`).set(stranger).send({})],
        ['cancel', (id) => api.http.post(`/rounds/${id}/cancel`).set(stranger).send({ reason: 'mine now' })],
      ];
      for (const [, attempt] of attempts) {
        const [theirs, none] = [await api.refused(roundId, () => attempt(roundId), 404, 'ROUND_NOT_FOUND'), await attempt(missing)];
        expect(theirs.body.detail).toBe(String(none.body.detail).replace(missing, roundId));
      }
    });

    it('lets each member of the deal team act, and refuses to reopen its id for another company', async () => {
      const { api } = rounds;
      const colleague = `ceo@${freshId('company')}`;
      const { roundId } = await api.openRound({ dealTeam: [colleague] });
      const ceo = bearer(await dealLeadToken(colleague));
      expectStatus(await api.http.post(`/rounds/${roundId}/investors`).set(ceo).send({ investorId: freshId('lead'), name: 'L', tier: 'lead' }), 201);
      const view = await api.view(roundId);
      expect(view.dealTeam).toEqual(['cfo@company.example', colleague]);
      const rival = bearer(await dealLeadToken(`cfo@${freshId('rival')}`));
      const reopened = await api.http.post('/rounds').set(rival).send({ ...(await api.view(roundId)), roundId });
      expect(reopened.status).toBeGreaterThanOrEqual(400);
      expect(await api.eventCount(roundId)).toBe(2);
    });
  });

  it("keeps another company's rounds out of a deal-lead's reports", async () => {
    const { api } = rounds;
    const { roundId, lead } = await api.roundWithInvestors();
    const made = await api.commit(roundId, lead, '6000000.00');
    expectStatus(made, 201);
    const fresh = { 'X-Min-Position': String(made.headers['x-event-position']) };
    const stranger = bearer(await dealLeadToken(`cfo@${freshId('rival')}`));
    const own = bearer(await api.lead());

    const theirs = await api.http.get('/reports/rounds?limit=1000').set(stranger).set(fresh);
    expectStatus(theirs, 200);
    expect(JSON.stringify(theirs.body)).not.toContain(roundId);
    const mine = await api.http.get('/reports/rounds?limit=1000').set(own).set(fresh);
    expect(mine.body.rounds.map((r: { roundId: string }) => r.roundId)).toContain(roundId);
    const csv = await api.http.get('/reports/rounds?format=csv').set(stranger).set(fresh);
    expectStatus(csv, 200);
    expect(csv.text).not.toContain(roundId);

    const book = (who: Record<string, string>) => api.http.get(`/reports/rounds/${roundId}/allocations`).set(who).set(fresh);
    expectProblem(await book(stranger), 404, 'ROUND_NOT_FOUND');
    expectStatus(await book(own), 200);
    const positions = await api.http.get(`/reports/investors/${lead}`).set(stranger).set(fresh);
    expect(positions.body.positions).toEqual([]);
  });

  describe('the price in a priced round', () => {
    it('refuses a post-money valuation equal to the hard cap, naming the field', async () => {
      const { api } = rounds;
      const body = { roundId: freshId('round'), company: 'X', name: 'A', currency: 'USD', targetAmount: '8000000.00', hardCap: '10000000.00', valuation: { amount: '10000000.00', basis: 'post-money' }, oversubscription: 'scale-back' };
      const response = await api.http.post('/rounds').set(bearer(await api.lead())).send(body);
      expectInvalidFields(response, ['valuation.amount']);
      expect(response.body.errors[0].rule).toBe('post-money-not-above-hard-cap');
    });

    it('sells 6 m of a planned 8 m at 50 m post-money at the price of the 42 m pre-money', async () => {
      const { api } = rounds;
      const { roundId, lead } = await api.roundWithInvestors({ minimumAmount: null });
      expectStatus(await api.commit(roundId, lead, '6000000.00'), 201);
      const closed = await api.http.post(`/rounds/${roundId}/close`).set(bearer(await api.lead())).send({});
      expectStatus(closed, 200);
      expect(closed.body.allocations).toEqual([{ investorId: lead, committed: '6000000.00', allocated: '6000000.00', ownership: '0.1250000000' }]);
      expect((await api.view(roundId)).postMoneyValuation).toBe('48000000.00');
    });
  });

  describe('consent to changed terms', () => {
    it('puts every commitment into re-confirmation when the price changes, and closes only once each is settled', async () => {
      const { api } = rounds;
      const { roundId, lead, major, other } = await api.roundWithInvestors();
      const company = await api.lead();
      for (const [investorId, amount] of [[lead, '4000000.00'], [major, '3000000.00'], [other, '1000000.00']]) {
        expectStatus(await api.commit(roundId, investorId, amount), 201);
      }
      const cut = await api.proposed(roundId, company, { key: 'valuation', value: { amount: '20000000.00', basis: 'post-money' } });
      expectStatus(await api.answer(roundId, cut, 'accept', await api.investor(lead)), 200);
      const view = await api.view(roundId);
      expect((view.commitments as { status: string }[]).map((c) => c.status)).toEqual(['to-be-reconfirmed', 'to-be-reconfirmed', 'to-be-reconfirmed']);

      const close = () => api.http.post(`/rounds/${roundId}/close`).set(bearer(company)).send({});
      const refused = await api.refused(roundId, close, 422, 'RECONFIRMATION_PENDING');
      expect(refused.body.detail).toContain(major);

      const reconfirm = (investorId: string, token: string) => api.http.post(`/rounds/${roundId}/commitments/${investorId}/reconfirm`).set(bearer(token)).send();
      await api.refused(roundId, () => reconfirm(major, company), 403, 'FORBIDDEN');
      expectStatus(await reconfirm(lead, await api.investor(lead)), 200);
      expectStatus(await api.commit(roundId, major, '2500000.00'), 200);
      expectStatus(await api.http.delete(`/rounds/${roundId}/commitments/${other}`).set(bearer(await api.investor(other))), 200);
      const closed = await close();
      expectStatus(closed, 200);
      expect(closed.body.allocations.map((a: { investorId: string; allocated: string }) => [a.investorId, a.allocated])).toEqual([
        [lead, '4000000.00'],
        [major, '2500000.00'],
      ]);
    });
  });

  it('re-checks the minimum ticket after scale-back: rounded up, or dropped when the round says so', async () => {
    const { api } = rounds;
    for (const [rule, small] of [['round-up', '100000.00'], ['drop', '0.00']] as const) {
      const { roundId, lead, major, other } = await api.roundWithInvestors({ minimumTicketRule: rule });
      for (const [investorId, amount] of [[lead, '10000000.00'], [major, '10000000.00'], [other, '100000.00']]) {
        expectStatus(await api.commit(roundId, investorId, amount), 201);
      }
      const closed = await api.http.post(`/rounds/${roundId}/close`).set(bearer(await api.lead())).send({});
      expectStatus(closed, 200);
      const allocated = closed.body.allocations.map((a: { allocated: string }) => a.allocated);
      const big = rule === 'round-up' ? '4950000.00' : '5000000.00';
      expect(allocated).toEqual([big, big, small]);
    }
  });

  it('shows an investor nothing of a hidden book before the close, and its closing figures after it', async () => {
    const { api } = rounds;
    const { roundId, lead, major } = await api.roundWithInvestors({ valuation: { amount: '40000000.00', basis: 'pre-money' } });
    expectStatus(await api.commit(roundId, lead, '6000000.00'), 201);
    expectStatus(await api.commit(roundId, major, '7000000.00'), 201);
    const jd = await api.investor(major);
    const before = (await api.get(roundId, jd)).body;
    expect(before).toMatchObject({ totalCommitted: null, postMoneyValuation: null, allocations: null });
    expect(JSON.stringify(before)).not.toMatch(/6000000|13000000|lead-/);
    expectStatus(await api.http.post(`/rounds/${roundId}/close`).set(bearer(await api.lead())).send({}), 200);
    const after = (await api.get(roundId, jd)).body;
    // What its closing documents show: its shares of the post-money capitalisation (40 m + 10 m sold).
    expect(after).toMatchObject({ totalCommitted: null, postMoneyValuation: '50000000.00', allocations: [{ investorId: major, allocated: '5384615.38' }] });
    expect(JSON.stringify(after)).not.toMatch(/lead-|13000000/);
  });
});
