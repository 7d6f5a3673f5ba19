import { bearer } from './support/tokens';
import { expectInvalidFields, expectProblem, expectStatus, expectWrite, freshId, useRoundsApp } from './support/rounds-api';

describe('PUT and DELETE /rounds/:roundId/commitments/:investorId', () => {
  const rounds = useRoundsApp();

  it('records a commitment made by the investor: 201 with amount, currency and revision', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    const response = await api.commit(roundId, major, '250000.00');

    expectWrite(response, 201);
    expect(response.body).toEqual({
      roundId,
      investorId: major,
      amount: '250000.00',
      currency: 'USD',
      status: 'committed',
      revision: response.body.revision,
    });
    // The investor's revision is its own count (issue 14): its read says the same; the auditor's counts every event.
    expect(await api.revision(roundId, await api.investor(major))).toBe(String(response.body.revision));
    const view = await api.view(roundId);
    expect(view).toMatchObject({
      revision: 4,
      commitments: [{ investorId: major, amount: '250000.00', currency: 'USD', status: 'committed' }],
      totalCommitted: '250000.00',
    });
  });

  it('amends an existing commitment: 200, the new amount and total', async () => {
    const { api } = rounds;
    const { roundId, major, other } = await api.roundWithInvestors();
    expectStatus(await api.commit(roundId, major, '250000.00'), 201);
    expectStatus(await api.commit(roundId, other, '100000.00'), 201);
    const made = await api.revision(roundId, await api.investor(major));

    const response = await api.commit(roundId, major, '400000');
    const { revision } = expectWrite(response, 200);
    expect(response.body).toMatchObject({ roundId, investorId: major, amount: '400000.00', currency: 'USD' });
    expect(BigInt(revision)).toBeGreaterThan(BigInt(made!));
    expect(await api.view(roundId)).toMatchObject({
      commitments: [
        { investorId: major, amount: '400000.00', currency: 'USD' },
        { investorId: other, amount: '100000.00', currency: 'USD' },
      ],
      totalCommitted: '500000.00',
    });
  });

  // The domain records nothing for an unchanged amount; read as a 200 that leaves the revision alone.
  it('records nothing when the same amount is sent again', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    expectStatus(await api.commit(roundId, major, '250000.00'), 201);
    const [before, events] = [await api.revision(roundId), await api.eventCount(roundId)];
    const response = await api.commit(roundId, major, '250000.00');
    expectStatus(response, 200);
    expect(response.body).toMatchObject({ roundId, investorId: major, amount: '250000.00', currency: 'USD' });
    expect({ revision: await api.revision(roundId), events: await api.eventCount(roundId) }).toEqual({ revision: before, events });
  });

  // The company may write down what an investor told it; that binds nobody until the investor confirms it.
  it('records what a deal-lead enters for an investor as an indication, binding once the investor confirms it', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    const recorded = await api.commit(roundId, major, '300000.00', await api.lead());
    expectWrite(recorded, 201);
    expect(recorded.body).toMatchObject({ amount: '300000.00', status: 'indicated' });
    expectWrite(await api.commit(roundId, major, '350000.00', await api.lead()), 200);
    expect(await api.view(roundId)).toMatchObject({
      commitments: [{ investorId: major, amount: '350000.00', status: 'indicated' }],
      totalCommitted: '0.00',
      totalIndicated: '350000.00',
    });
    // Only the investor confirms it.
    const confirm = (token: string) => api.http.post(`/rounds/${roundId}/commitments/${major}/confirm`).set(bearer(token)).send();
    await api.refused(roundId, async () => confirm(await api.lead()), 403, 'FORBIDDEN');
    const confirmed = await confirm(await api.investor(major));
    expectWrite(confirmed, 200);
    expect(confirmed.body).toMatchObject({ investorId: major, amount: '350000.00', status: 'committed' });
    expect(await api.view(roundId)).toMatchObject({ totalCommitted: '350000.00', totalIndicated: '0.00' });
    // From then on it is the investor's: the company neither changes nor withdraws it.
    await api.refused(roundId, async () => api.commit(roundId, major, '400000.00', await api.lead()), 403, 'COMMITMENT_IS_INVESTORS');
    await api.refused(
      roundId,
      async () => api.http.delete(`/rounds/${roundId}/commitments/${major}`).set(bearer(await api.lead())),
      403,
      'COMMITMENT_IS_INVESTORS',
    );
    await api.refused(roundId, async () => confirm(await api.investor(major)), 422, 'NO_INDICATION');
  });

  it('withdraws a commitment: 200 with the revision, and the book no longer holds it', async () => {
    const { api } = rounds;
    const { roundId, major, other } = await api.roundWithInvestors();
    expectStatus(await api.commit(roundId, major, '250000.00'), 201);
    expectStatus(await api.commit(roundId, other, '150000.00'), 201);

    const response = await api.http
      .delete(`/rounds/${roundId}/commitments/${major}`)
      .set(bearer(await api.investor(major)));
    expectWrite(response, 200);
    expect(response.body).toEqual({ roundId, investorId: major, revision: response.body.revision });
    expect(await api.revision(roundId, await api.investor(major))).toBe(String(response.body.revision));
    expect(await api.view(roundId)).toMatchObject({
      commitments: [{ investorId: other, amount: '150000.00', currency: 'USD' }],
      totalCommitted: '150000.00',
    });

    const byOther = await api.http.delete(`/rounds/${roundId}/commitments/${other}`).set(bearer(await api.investor(other)));
    expectWrite(byOther, 200);
    expect(await api.view(roundId)).toMatchObject({ commitments: [], totalCommitted: '0.00' });
  });

  // Not in the contract's status list; read as 404, 409 or 422.
  it('refuses withdrawing a commitment that does not exist with NO_COMMITMENT', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    const before = await api.revision(roundId);
    const response = await api.http.delete(`/rounds/${roundId}/commitments/${major}`).set(bearer(await api.investor(major)));
    expect([404, 409, 422]).toContain(response.status);
    expectProblem(response, response.status, 'NO_COMMITMENT');
    expect(await api.revision(roundId)).toBe(before);
  });

  it('refuses an investor acting for another investor: 403, on PUT and DELETE', async () => {
    const { api } = rounds;
    const { roundId, lead, major } = await api.roundWithInvestors();
    expectStatus(await api.commit(roundId, major, '250000.00'), 201);
    const tencent = await api.investor(lead);
    await api.refused(roundId, () => api.commit(roundId, major, '500000.00', tencent), 403, 'FORBIDDEN');
    await api.refused(
      roundId,
      () => api.http.delete(`/rounds/${roundId}/commitments/${major}`).set(bearer(tencent)),
      403,
      'FORBIDDEN',
    );
  });

  describe('business rules: 422 with the code, nothing written', () => {
    it('CURRENCY_MISMATCH for a commitment in another currency', async () => {
      const { api } = rounds;
      const { roundId, major } = await api.roundWithInvestors();
      await api.refused(roundId, () => api.commit(roundId, major, '250000.00', undefined, 'EUR'), 422, 'CURRENCY_MISMATCH');
    });

    it('BELOW_MINIMUM_TICKET one cent under the minimum ticket', async () => {
      const { api } = rounds;
      const { roundId, major } = await api.roundWithInvestors();
      await api.refused(roundId, () => api.commit(roundId, major, '99999.99'), 422, 'BELOW_MINIMUM_TICKET');
      expectStatus(await api.commit(roundId, major, '100000.00'), 201);
    });

    it("ABOVE_MAXIMUM_TICKET one cent over the investor's maximum ticket", async () => {
      const { api } = rounds;
      const { roundId } = await api.openRound();
      const capped = freshId('capped');
      await api.admit(roundId, { investorId: capped, tier: 'major', maxTicket: '1000000.00' });
      await api.refused(roundId, () => api.commit(roundId, capped, '1000000.01'), 422, 'ABOVE_MAXIMUM_TICKET');
      expectStatus(await api.commit(roundId, capped, '1000000.00'), 201);
    });

    it('COMMITMENT_EXCEEDS_HARD_CAP one cent over the hard cap, naming both figures', async () => {
      const { api } = rounds;
      const { roundId, major } = await api.roundWithInvestors();
      const response = await api.refused(roundId, () => api.commit(roundId, major, '10000000.01'), 422, 'COMMITMENT_EXCEEDS_HARD_CAP');
      const detail = String(response.body.detail).replace(/,/g, '');
      expect(detail).toContain('10000000.01');
      expect(detail).toContain('10000000.00');
      expectStatus(await api.commit(roundId, major, '10000000.00'), 201);
    });

    it('ROUND_FULL once the book reaches the cap under the reject policy', async () => {
      const { api } = rounds;
      const { roundId, lead, major, other } = await api.roundWithInvestors({ oversubscription: 'reject', disclosure: 'book-totals' });
      expectStatus(await api.commit(roundId, major, '6000000.00'), 201);
      await api.refused(roundId, () => api.commit(roundId, other, '4000000.01'), 422, 'ROUND_FULL');
      expectStatus(await api.commit(roundId, lead, '4000000.00'), 201);
      await api.refused(roundId, () => api.commit(roundId, other, '100000.00'), 422, 'ROUND_FULL');
      expect((await api.view(roundId)).totalCommitted).toBe('10000000.00');
    });

    it('takes commitments beyond the cap under scale-back', async () => {
      const { api } = rounds;
      const { roundId, lead, major, other } = await api.roundWithInvestors();
      for (const investorId of [lead, major, other]) expectStatus(await api.commit(roundId, investorId, '6000000.00'), 201);
      expect((await api.view(roundId)).totalCommitted).toBe('18000000.00');
    });

    it('INVESTOR_NOT_ADMITTED when a deal-lead commits for an investor not in the round', async () => {
      const { api } = rounds;
      const { roundId } = await api.roundWithInvestors();
      const lead = await api.lead();
      const commit = () => api.commit(roundId, freshId('stranger'), '250000.00', lead);
      await api.refused(roundId, commit, 422, 'INVESTOR_NOT_ADMITTED');
    });

    // To an investor it did not admit, the round does not exist (test/security/confidentiality.e2e-spec.ts).
    it('refuses an investor not admitted to the round committing for itself as if there were no round', async () => {
      const { api } = rounds;
      const { roundId } = await api.roundWithInvestors();
      const stranger = freshId('stranger');
      const before = await api.revision(roundId);
      const response = await api.commit(roundId, stranger, '250000.00');
      expectProblem(response, 404, 'ROUND_NOT_FOUND');
      expect(await api.revision(roundId)).toBe(before);
    });
  });

  it('answers 404 ROUND_NOT_FOUND for an unknown round', async () => {
    const { api } = rounds;
    const response = await api.commit(freshId('nowhere'), freshId('jd'), '250000.00', await api.lead());
    expectProblem(response, 404, 'ROUND_NOT_FOUND');
  });

  describe('refuses a malformed body with 400 naming the field', () => {
    it.each([
      ['no amount', { currency: 'USD' }, 'amount'],
      ['no currency', { amount: '250000.00' }, 'currency'],
      ['an unknown currency', { amount: '250000.00', currency: 'usd' }, 'currency'],
      ['an investor id in the body', { amount: '250000.00', currency: 'USD', investorId: 'someone-else' }, 'investorId'],
    ])('%s', async (_, body, field) => {
      const { api } = rounds;
      const { roundId, major } = await api.roundWithInvestors();
      const token = bearer(await api.investor(major));
      const response = await api.refused(
        roundId,
        () => api.http.put(`/rounds/${roundId}/commitments/${major}`).set(token).send(body),
        400,
        'VALIDATION_FAILED',
      );
      expectInvalidFields(response, [field]);
    });
  });
});
