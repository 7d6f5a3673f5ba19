import { bearer } from './support/tokens';
import { expectInvalidFields, expectStatus, expectWrite, useRoundsApp } from './support/rounds-api';

// Closings that allocate only what was paid in, and over-funding paid back, each recorded as an event.
describe('PUT /rounds/:roundId/allocation-basis and POST .../subscriptions/:investorId/refunds', () => {
  const rounds = useRoundsApp();

  it('allocates only funded amounts when the round says so, and records each refund of over-funding', async () => {
    const { api } = rounds;
    const { roundId, lead, major, other } = await api.roundWithInvestors();
    const company = bearer(await api.lead());
    const today = new Date().toISOString().slice(0, 10);
    const subscribe = async (investorId: string, amount: string, paid: string | null) => {
      expectStatus(await api.commit(roundId, investorId, amount), 201);
      expectStatus(await api.http.post(`/rounds/${roundId}/subscriptions/${investorId}/sign`).set(bearer(await api.investor(investorId))).send({ documentReference: `SA-${investorId}` }), 200);
      expectStatus(await api.http.post(`/rounds/${roundId}/subscriptions/${investorId}/accept`).set(company).send(), 200);
      if (paid) expectStatus(await api.http.post(`/rounds/${roundId}/subscriptions/${investorId}/fundings`).set(company).send({ amount: paid, currency: 'USD', valueDate: today, reference: `MT-${investorId}` }), 201);
    };
    // Cap 10 m. lead commits and pays 8 m; major commits 6 m and pays 4 m; other commits 1 m, pays nothing.
    await subscribe(lead, '8000000.00', '8000000.00');
    await subscribe(major, '6000000.00', '4000000.00');
    await subscribe(other, '1000000.00', null);
    expectInvalidFields(await api.http.put(`/rounds/${roundId}/allocation-basis`).set(company).send({ basis: 'paid' }), ['basis']);
    expectWrite(await api.http.put(`/rounds/${roundId}/allocation-basis`).set(company).send({ basis: 'funded' }), 200);
    expect((await api.view(roundId)).allocationBasis).toBe('funded');

    const refund = (investorId: string, amount: string, reference: string) =>
      api.http.post(`/rounds/${roundId}/subscriptions/${investorId}/refunds`).set(company).send({ amount, currency: 'USD', valueDate: today, reference });
    await api.refused(roundId, () => refund(lead, '1.00', 'RF-0'), 422, 'ALLOCATION_NOT_FINAL');

    // 12 m paid in against a 10 m cap: scaled back pro rata, 8:4 -> 6,666,666.67 and 3,333,333.33; other gets nothing.
    const closed = await api.http.post(`/rounds/${roundId}/close`).set(company).send({});
    expectStatus(closed, 200);
    expect(closed.body.allocations.map((a: { investorId: string; committed: string; allocated: string }) => [a.investorId, a.committed, a.allocated])).toEqual([
      [lead, '8000000.00', '6666666.67'],
      [major, '6000000.00', '3333333.33'],
    ]);

    // lead paid 1,333,333.33 more than it was allocated: paid back in two transfers, not a cent more.
    expectWrite(await refund(lead, '1000000.00', 'RF-1'), 201);
    await api.refused(roundId, () => refund(lead, '333333.34', 'RF-2'), 422, 'REFUND_EXCEEDS_OVERPAYMENT');
    await api.refused(roundId, () => refund(lead, '1.00', 'RF-1'), 409, 'REFUND_ALREADY_RECORDED');
    expectWrite(await refund(lead, '333333.33', 'RF-2'), 201);
    const view = await api.view(roundId);
    expect((view.refunds as { investorId: string; amount: string; reference: string }[]).map((r) => [r.investorId, r.amount, r.reference])).toEqual([
      [lead, '1000000.00', 'RF-1'],
      [lead, '333333.33', 'RF-2'],
    ]);
    // Each refund is an event of the round, in its history; an investor sees its own only.
    const history = await api.http.get(`/rounds/${roundId}/history?limit=1000`).set(bearer(await api.auditor()));
    expect(history.body.events.filter((e: { type: string }) => e.type === 'deal-room.RefundRecorded.v1')).toHaveLength(2);
    expect((await api.get(roundId, await api.investor(major))).body.refunds).toEqual([]);
  });
});
