import { bearer } from './support/tokens';
import { expectInvalidFields, expectProblem, expectStatus, expectWrite, freshId, useRoundsApp } from './support/rounds-api';

describe('POST /rounds/:roundId/investors', () => {
  const rounds = useRoundsApp();

  it('admits an investor: 201 with its id and the new revision, ETag and event position', async () => {
    const { api } = rounds;
    const { roundId, revision: opened } = await api.openRound();
    const investorId = freshId('tencent');
    const response = await api.http
      .post(`/rounds/${roundId}/investors`)
      .set(bearer(await api.lead()))
      .send({ investorId, name: 'Tencent', tier: 'lead', maxTicket: '5000000.00' });

    const { revision } = expectWrite(response, 201);
    expect(response.body).toEqual({ roundId, investorId, revision: response.body.revision });
    expect(BigInt(revision)).toBeGreaterThan(BigInt(opened));
    const view = await api.view(roundId);
    expect(view.revision).toEqual(response.body.revision);
    expect(view.investors).toEqual([expect.objectContaining({ investorId, name: 'Tencent', tier: 'lead', maxTicket: '5000000.00' })]);
  });

  it('admits every tier, with or without a maximum ticket', async () => {
    const { api } = rounds;
    const { roundId, lead, major, other } = await api.roundWithInvestors();
    const view = await api.view(roundId);
    expect(view.investors).toEqual([
      expect.objectContaining({ investorId: lead, tier: 'lead', maxTicket: null }),
      expect.objectContaining({ investorId: major, tier: 'major', maxTicket: null }),
      expect.objectContaining({ investorId: other, tier: 'other', maxTicket: null }),
    ]);
  });

  it('refuses the same investor twice: 409 INVESTOR_ALREADY_ADMITTED', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    const lead = bearer(await api.lead());
    await api.refused(
      roundId,
      () => api.http.post(`/rounds/${roundId}/investors`).set(lead).send({ investorId: major, name: 'Again', tier: 'other' }),
      409,
      'INVESTOR_ALREADY_ADMITTED',
    );
  });

  // Not in the contract's status list; a state conflict, read as 409 or 422.
  it('refuses a second lead investor with LEAD_INVESTOR_ALREADY_ADMITTED', async () => {
    const { api } = rounds;
    const { roundId } = await api.roundWithInvestors();
    const lead = bearer(await api.lead());
    const before = await api.revision(roundId);
    const response = await api.http
      .post(`/rounds/${roundId}/investors`)
      .set(lead)
      .send({ investorId: freshId('second-lead'), name: 'Second Lead', tier: 'lead' });
    expect([409, 422]).toContain(response.status);
    expectProblem(response, response.status, 'LEAD_INVESTOR_ALREADY_ADMITTED');
    expect(await api.revision(roundId)).toBe(before);
  });

  it('answers 404 ROUND_NOT_FOUND for an unknown round', async () => {
    const { api } = rounds;
    const response = await api.http
      .post(`/rounds/${freshId('nowhere')}/investors`)
      .set(bearer(await api.lead()))
      .send({ investorId: freshId('jd'), name: 'JD.com', tier: 'major' });
    expectProblem(response, 404, 'ROUND_NOT_FOUND');
  });

  describe('refuses bad input with 400 naming the field, and writes nothing', () => {
    it.each([
      ['an unknown tier', { tier: 'anchor' }, 'tier'],
      ['no tier', { tier: undefined }, 'tier'],
      ['a bad investor id', { investorId: 'jd com/1' }, 'investorId'],
      ['a blank name', { name: ' ' }, 'name'],
      ['a maximum ticket below the minimum ticket', { maxTicket: '99999.99' }, 'maxTicket'],
      ['a maximum ticket with three decimals', { maxTicket: '200000.001' }, 'maxTicket'],
      ['a maximum ticket as a number', { maxTicket: 200000 }, 'maxTicket'],
      ['an unknown field', { seat: 'board' }, 'seat'],
    ])('%s', async (_, overrides, field) => {
      const { api } = rounds;
      const { roundId } = await api.openRound();
      const body = { investorId: freshId('jd'), name: 'JD.com', tier: 'major', ...overrides };
      const lead = bearer(await api.lead());
      const response = await api.refused(
        roundId,
        () => api.http.post(`/rounds/${roundId}/investors`).set(lead).send(body),
        400,
        'VALIDATION_FAILED',
      );
      expectInvalidFields(response, [field]);
    });
  });

  it('lets the admitted investor read the round', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    expectStatus(await api.get(roundId, await api.investor(major)), 200);
  });
});
