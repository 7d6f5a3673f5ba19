import { bearer } from './support/tokens';
import { expectInvalidFields, expectProblem, expectStatus, expectWrite, useRoundsApp } from './support/rounds-api';

// Conditions precedent: a checklist the close waits for, each satisfied with evidence by a named person.
describe('conditions of the close', () => {
  const rounds = useRoundsApp();

  it('refuses the close while any condition is open, naming each, and closes once all are satisfied', async () => {
    const { api } = rounds;
    const { roundId, lead, major } = await api.roundWithInvestors();
    const company = await api.lead();
    expectStatus(await api.commit(roundId, lead, '6000000.00'), 201);
    const add = (body: Record<string, unknown>) => api.http.post(`/rounds/${roundId}/conditions`).set(bearer(company)).send(body);
    const added = await add({ title: 'Shareholder resolution approving the issue' });
    expectWrite(added, 201);
    expect(added.body).toMatchObject({ roundId, conditionId: expect.any(String), status: 'open' });
    const resolution = added.body.conditionId;
    const appraisal = (await add({ title: 'State-asset appraisal filed', investorId: major })).body.conditionId;
    expectInvalidFields(await add({}), ['title']);

    const close = () => api.http.post(`/rounds/${roundId}/close`).set(bearer(company)).send({});
    const refused = await api.refused(roundId, close, 422, 'CONDITIONS_OPEN');
    expect(refused.body.detail).toContain(resolution);
    expect(refused.body.detail).toContain(appraisal);

    // The lead investor sees the round's condition, not the one about another investor.
    const seen = (await api.get(roundId, await api.investor(lead))).body;
    expect(seen.conditions.map((c: { conditionId: string }) => c.conditionId)).toEqual([resolution]);

    const satisfy = (conditionId: string, evidence: string) =>
      api.http.post(`/rounds/${roundId}/conditions/${conditionId}/satisfy`).set(bearer(company)).send({ evidence });
    expectWrite(await satisfy(resolution, 'Board minutes BM-2025-07'), 200);
    await api.refused(roundId, () => satisfy(resolution, 'again'), 409, 'CONDITION_ALREADY_SATISFIED');
    await api.refused(roundId, () => satisfy('no-such-condition', 'x'), 404, 'CONDITION_NOT_FOUND');
    const stillOpen = await api.refused(roundId, close, 422, 'CONDITIONS_OPEN');
    expect(stillOpen.body.detail).not.toContain(resolution);
    expectWrite(await satisfy(appraisal, 'SASAC filing 2025-118'), 200);

    expect((await api.view(roundId)).conditions).toEqual([
      expect.objectContaining({ conditionId: resolution, status: 'satisfied', evidence: 'Board minutes BM-2025-07', satisfiedBy: { sub: 'cfo@company.example', role: 'deal-lead' } }),
      expect.objectContaining({ conditionId: appraisal, status: 'satisfied', investorId: major }),
    ]);
    expectStatus(await close(), 200);
  });

  it('is the deal team’s checklist: investors may neither add nor satisfy', async () => {
    const { api } = rounds;
    const { roundId, lead } = await api.roundWithInvestors();
    const tencent = await api.investor(lead);
    await api.refused(roundId, () => api.http.post(`/rounds/${roundId}/conditions`).set(bearer(tencent)).send({ title: 'x' }), 403, 'FORBIDDEN');
    const conditionId = (await api.http.post(`/rounds/${roundId}/conditions`).set(bearer(await api.lead())).send({ title: 'Waivers of pre-emptive rights' })).body.conditionId;
    expectProblem(await api.http.post(`/rounds/${roundId}/conditions/${conditionId}/satisfy`).set(bearer(tencent)).send({ evidence: 'mine' }), 403, 'FORBIDDEN');
  });
});
