import { bearer, dealLeadToken } from './support/tokens';
import { expectInvalidFields, expectStatus, expectWrite, freshId, useRoundsApp } from './support/rounds-api';

// A manual allocation is prepared by one member of the deal team and approved by another.
describe('POST /rounds/:roundId/allocations and .../approve', () => {
  const rounds = useRoundsApp();

  it('closes as two people agreed, never as one alone', async () => {
    const { api } = rounds;
    const colleague = `ceo@${freshId('company')}`;
    const { roundId, lead, major } = await api.roundWithInvestors({ dealTeam: [colleague] });
    const cfo = await api.lead();
    const ceo = await dealLeadToken(colleague);
    expectStatus(await api.commit(roundId, lead, '8000000.00'), 201);
    expectStatus(await api.commit(roundId, major, '4000000.00'), 201);

    const propose = (allocations: unknown[]) => api.http.post(`/rounds/${roundId}/allocations`).set(bearer(cfo)).send({ allocations });
    expectInvalidFields(await propose([{ investorId: lead, amount: '7000000.00' }]), ['allocations']);
    const proposed = await propose([{ investorId: lead, amount: '7000000.00' }, { investorId: major, amount: '3000000.00' }]);
    expectWrite(proposed, 201);
    const approve = (token: string) => api.http.post(`/rounds/${roundId}/allocations/${proposed.body.proposalId}/approve`).set(bearer(token)).send();
    await api.refused(roundId, () => approve(cfo), 403, 'FOUR_EYES_REQUIRED');
    expectWrite(await approve(ceo), 200);
    expect((await api.view(roundId)).allocationProposals).toEqual([
      expect.objectContaining({ proposalId: proposed.body.proposalId, proposedBy: 'cfo@company.example', approvedBy: colleague }),
    ]);
    // Investors see none of it.
    expect((await api.get(roundId, await api.investor(major))).body).not.toHaveProperty('allocationProposals');

    const closed = await api.http.post(`/rounds/${roundId}/close`).set(bearer(cfo)).send({});
    expectStatus(closed, 200);
    expect(closed.body.allocations.map((a: { investorId: string; allocated: string }) => [a.investorId, a.allocated])).toEqual([
      [lead, '7000000.00'],
      [major, '3000000.00'],
    ]);
  });
});
