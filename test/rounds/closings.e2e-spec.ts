import { bearer } from './support/tokens';
import { expectProblem, expectStatus, expectWrite, useRoundsApp } from './support/rounds-api';
import { readRoundStream } from './support/stream';

// An initial closing, a later one within the window, each with its own allocation and sealed head.
describe('POST /rounds/:roundId/closings', () => {
  const rounds = useRoundsApp();

  it('issues shares at each closing to the investors paid in by then, and the final close lists them all', async () => {
    const { api } = rounds;
    const { roundId, lead, major, other } = await api.roundWithInvestors();
    const company = await api.lead();
    const today = new Date().toISOString().slice(0, 10);
    const fund = async (investorId: string, amount: string) => {
      expectStatus(await api.commit(roundId, investorId, amount), 201);
      expectStatus(await api.http.post(`/rounds/${roundId}/subscriptions/${investorId}/sign`).set(bearer(await api.investor(investorId))).send({ documentReference: `SA-${investorId}` }), 200);
      expectStatus(await api.http.post(`/rounds/${roundId}/subscriptions/${investorId}/accept`).set(bearer(company)).send(), 200);
      expectStatus(await api.http.post(`/rounds/${roundId}/subscriptions/${investorId}/fundings`).set(bearer(company)).send({ amount, currency: 'USD', valueDate: today, reference: `MT-${investorId}` }), 201);
    };
    const hold = () => api.http.post(`/rounds/${roundId}/closings`).set(bearer(company)).send({});

    await fund(lead, '6000000.00');
    expectStatus(await api.commit(roundId, other, '1000000.00'), 201);
    const first = await hold();
    expectWrite(first, 201);
    // 50 m post-money on a planned 8 m: pre-money 42 m; 6 m sold makes 48 m.
    expect(first.body).toMatchObject({ closingNumber: 1, totalAllocated: '6000000.00', postMoneyValuation: '48000000.00', allocations: [{ investorId: lead, allocated: '6000000.00', ownership: '0.1250000000' }] });
    await api.refused(roundId, hold, 422, 'NOTHING_TO_CLOSE');

    await fund(major, '2000000.00');
    const second = await hold();
    expectWrite(second, 201);
    expect(second.body).toMatchObject({ closingNumber: 2, totalAllocated: '2000000.00', postMoneyValuation: '50000000.00', allocations: [{ investorId: major, allocated: '2000000.00' }] });

    // Each closing is sealed to the hash chain head before it.
    const stored = await readRoundStream(api.testApp.app, roundId);
    const closings = stored.map((event, index) => ({ event, index })).filter(({ event }) => event.type === 'deal-room.ClosingHeld.v1');
    expect(closings).toHaveLength(2);
    for (const { event, index } of closings) {
      expect((event.data as { sealedHeadHash: string }).sealedHeadHash).toBe((stored[index - 1].metadata as { hash: string }).hash);
    }

    // An investor sees its own allocation at each closing and the post-money, not the others'.
    const seen = (await api.get(roundId, await api.investor(major))).body;
    expect(seen.closings).toEqual([
      expect.objectContaining({ closingNumber: 1, allocations: [], totalAllocated: null, postMoneyValuation: '48000000.00' }),
      expect.objectContaining({ closingNumber: 2, allocations: [expect.objectContaining({ investorId: major })], totalAllocated: null }),
    ]);

    const final = await api.http.post(`/rounds/${roundId}/close`).set(bearer(company)).send({});
    expectStatus(final, 200);
    expect(final.body.allocations.map((a: { investorId: string; allocated: string }) => [a.investorId, a.allocated])).toEqual([
      [lead, '6000000.00'],
      [major, '2000000.00'],
      [other, '1000000.00'],
    ]);
    expect((await api.view(roundId)).postMoneyValuation).toBe('51000000.00');

    // Verify checks each closing's seal as well as the close's.
    const verdict = await api.http.get(`/rounds/${roundId}/verify`).set(bearer(await api.auditor()));
    expectStatus(verdict, 200);
    expect(verdict.body).toMatchObject({
      intact: true,
      sealed: { closed: true, matches: true },
      closings: [
        { closingNumber: 1, revision: closings[0].index, matches: true },
        { closingNumber: 2, revision: closings[1].index, matches: true },
      ],
    });
    expect(verdict.body.verdict).toMatch(/^History intact: \d+ events, sealed at 2 interim closings, sealed at the close, /);
  });

  it('keeps later closings on the same terms', async () => {
    const { api } = rounds;
    const { roundId, lead } = await api.roundWithInvestors({ minimumAmount: null });
    const company = await api.lead();
    expectStatus(await api.commit(roundId, lead, '1000000.00'), 201);
    expectStatus(await api.http.post(`/rounds/${roundId}/subscriptions/${lead}/sign`).set(bearer(await api.investor(lead))).send({ documentReference: 'SA' }), 200);
    expectStatus(await api.http.post(`/rounds/${roundId}/subscriptions/${lead}/accept`).set(bearer(company)).send(), 200);
    expectStatus(await api.http.post(`/rounds/${roundId}/subscriptions/${lead}/fundings`).set(bearer(company)).send({ amount: '1000000.00', currency: 'USD', valueDate: new Date().toISOString().slice(0, 10), reference: 'MT' }), 201);
    expectStatus(await api.http.post(`/rounds/${roundId}/closings`).set(bearer(company)).send({}), 201);
    const termId = await api.proposed(roundId, company, { key: 'valuation', value: { amount: '60000000.00', basis: 'post-money' } });
    expectProblem(await api.answer(roundId, termId, 'accept', await api.investor(lead)), 422, 'TERMS_FIXED_BY_CLOSING');
  });
});
