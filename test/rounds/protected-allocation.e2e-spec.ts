import { bearer } from './support/tokens';
import { expectInvalidFields, expectStatus, expectWrite, useRoundsApp } from './support/rounds-api';

// A protected allocation: the amount the deal team set for an investor before the scale-back.
describe('PUT /rounds/:roundId/protected-allocations/:investorId', () => {
  const rounds = useRoundsApp();

  it('is allocated first at the close; the rest is scaled back pro rata and the total is the cap', async () => {
    const { api } = rounds;
    const { roundId, lead, major } = await api.roundWithInvestors();
    const cfo = await api.lead();
    expectStatus(await api.commit(roundId, lead, '8000000.00'), 201);
    expectStatus(await api.commit(roundId, major, '8000000.00'), 201);
    const protect = (investorId: string, amount: string) =>
      api.http.put(`/rounds/${roundId}/protected-allocations/${investorId}`).set(bearer(cfo)).send({ amount, currency: 'USD' });

    // Refused, with nothing written: above its commitment, together above the cap, a bad amount.
    await api.refused(roundId, () => protect(lead, '8000000.01'), 422, 'PROTECTED_ALLOCATION_EXCEEDS_COMMITMENT');
    expectInvalidFields(await protect(lead, '-1'), ['amount']);
    expectWrite(await protect(major, '4000000.00'), 200);
    await api.refused(roundId, () => protect(lead, '6000000.01'), 422, 'PROTECTED_ALLOCATIONS_EXCEED_CAP');
    // Investors may not set one, and see their own only.
    const majorToken = await api.investor(major);
    await api.refused(roundId, () => api.http.put(`/rounds/${roundId}/protected-allocations/${major}`).set(bearer(majorToken)).send({ amount: '1.00', currency: 'USD' }), 403, 'FORBIDDEN');
    expect((await api.view(roundId)).protectedAllocations).toEqual([{ investorId: major, amount: '4000000.00' }]);
    expect((await api.get(roundId, await api.investor(lead))).body.protectedAllocations).toEqual([]);

    // Cap 10 m, book 16 m: major's 4 m first, then lead 8 m and major's other 4 m share 6 m (4 m and 2 m).
    const closed = await api.http.post(`/rounds/${roundId}/close`).set(bearer(cfo)).send({});
    expectStatus(closed, 200);
    expect(closed.body.allocations.map((a: { investorId: string; allocated: string }) => [a.investorId, a.allocated])).toEqual([
      [lead, '4000000.00'],
      [major, '6000000.00'],
    ]);
  });
});
