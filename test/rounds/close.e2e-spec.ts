import type { Response } from 'supertest';
import { bearer } from './support/tokens';
import {
  expectInvalidFields,
  expectProblem,
  expectStatus,
  expectWrite,
  freshId,
  minorUnits,
  RoundsApi,
  useRoundsApp,
} from './support/rounds-api';

interface Allocation {
  investorId: string;
  committed: string;
  allocated: string;
  ownership: string;
}

const byInvestor = (allocations: Allocation[]) => [...allocations].sort((a, b) => a.investorId.localeCompare(b.investorId));

async function close(api: RoundsApi, roundId: string) {
  return api.http.post(`/rounds/${roundId}/close`).set(bearer(await api.lead())).send({});
}

describe('POST /rounds/:roundId/close and /cancel', () => {
  const rounds = useRoundsApp();

  // 50 m post-money quoted on the planned 8 m fixes a 42 m pre-money: 6 m raised makes 48 m post-money.
  it('closes a book under the cap: everyone gets what they committed, ownership of post-money at the round price', async () => {
    const { api } = rounds;
    const { roundId, lead, major, other } = await api.roundWithInvestors();
    for (const [investorId, amount] of [[lead, '3000000.00'], [major, '2000000.00'], [other, '1000000.00']]) {
      expectStatus(await api.commit(roundId, investorId, amount), 201);
    }

    const response = await close(api, roundId);
    expectWrite(response, 200);
    expect(response.body).toEqual({
      roundId,
      status: 'closed',
      allocations: expect.any(Array),
      revision: response.body.revision,
    });
    const expected = [
      { investorId: lead, committed: '3000000.00', allocated: '3000000.00', ownership: '0.0625000000' },
      { investorId: major, committed: '2000000.00', allocated: '2000000.00', ownership: '0.0416666667' },
      { investorId: other, committed: '1000000.00', allocated: '1000000.00', ownership: '0.0208333333' },
    ];
    expect(byInvestor(response.body.allocations)).toEqual(byInvestor(expected));
    const view = await api.view(roundId);
    expect(view).toMatchObject({ status: 'closed', revision: response.body.revision });
    expect(byInvestor(view.allocations as Allocation[])).toEqual(byInvestor(expected));
  });

  it('scales an oversubscribed book back to exactly the hard cap, largest remainder first', async () => {
    const { api } = rounds;
    const { roundId, lead, major, other } = await api.roundWithInvestors();
    // 12 m into a 10 m cap: every exact share ends in 1/3 cent, so one cent is left over. The remainders
    // tie, and the earliest commitment (the lead's) takes it.
    for (const [investorId, amount] of [[lead, '7000000.00'], [major, '4000000.00'], [other, '1000000.00']]) {
      expectStatus(await api.commit(roundId, investorId, amount), 201);
    }

    const response = await close(api, roundId);
    expectStatus(response, 200);
    const allocations = response.body.allocations as Allocation[];
    expect(byInvestor(allocations)).toEqual(
      byInvestor([
        { investorId: lead, committed: '7000000.00', allocated: '5833333.34', ownership: '0.1121794873' },
        { investorId: major, committed: '4000000.00', allocated: '3333333.33', ownership: '0.0641025640' },
        { investorId: other, committed: '1000000.00', allocated: '833333.33', ownership: '0.0160256410' },
      ]),
    );
    expect(allocations.reduce((sum, a) => sum + minorUnits(a.allocated), 0n)).toBe(minorUnits('10000000.00'));
  });

  it('scales back in whole yen for a JPY round', async () => {
    const { api } = rounds;
    const { roundId, lead, major } = await api.roundWithInvestors({
      currency: 'JPY',
      targetAmount: '800000000',
      hardCap: '1000000000',
      minimumAmount: '500000000',
      minimumTicket: '10000000',
      valuation: { amount: '5000000000', basis: 'post-money' },
    });
    expectStatus(await api.commit(roundId, lead, '600000000', undefined, 'JPY'), 201);
    expectStatus(await api.commit(roundId, major, '500000000', undefined, 'JPY'), 201);

    const response = await close(api, roundId);
    expectStatus(response, 200);
    expect(byInvestor(response.body.allocations)).toEqual(
      byInvestor([
        { investorId: lead, committed: '600000000', allocated: '545454545', ownership: '0.1048951048' },
        { investorId: major, committed: '500000000', allocated: '454545455', ownership: '0.0874125875' },
      ]),
    );
  });

  it('prices a pre-money valuation on the amount raised', async () => {
    const { api } = rounds;
    const { roundId, lead, major } = await api.roundWithInvestors({ valuation: { amount: '40000000.00', basis: 'pre-money' } });
    expectStatus(await api.commit(roundId, lead, '6000000.00'), 201);
    expectStatus(await api.commit(roundId, major, '4000000.00'), 201);

    const response = await close(api, roundId);
    expectStatus(response, 200);
    // 40 m pre-money + 10 m raised = 50 m post-money.
    expect(byInvestor(response.body.allocations)).toEqual(
      byInvestor([
        { investorId: lead, committed: '6000000.00', allocated: '6000000.00', ownership: '0.1200000000' },
        { investorId: major, committed: '4000000.00', allocated: '4000000.00', ownership: '0.0800000000' },
      ]),
    );
  });

  it('refuses to close while a term is pending: 422 PENDING_TERMS', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    expectStatus(await api.commit(roundId, major, '6000000.00'), 201);
    await api.proposed(roundId, await api.lead(), { key: 'x-no-shop', value: '60 days' });
    await api.refused(roundId, () => close(api, roundId), 422, 'PENDING_TERMS');
  });

  it('refuses to close below the minimum amount: 422 BELOW_MINIMUM_AMOUNT', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    expectStatus(await api.commit(roundId, major, '4999999.99'), 201);
    await api.refused(roundId, () => close(api, roundId), 422, 'BELOW_MINIMUM_AMOUNT');
  });

  it('refuses to close an empty book even without a stated minimum: 422 BELOW_MINIMUM_AMOUNT', async () => {
    const { api } = rounds;
    const { roundId } = await api.roundWithInvestors({ minimumAmount: undefined });
    await api.refused(roundId, () => close(api, roundId), 422, 'BELOW_MINIMUM_AMOUNT');
  });

  it('cancels a round with a reason: 200, status cancelled', async () => {
    const { api } = rounds;
    const { roundId } = await api.roundWithInvestors();
    const response = await api.http
      .post(`/rounds/${roundId}/cancel`)
      .set(bearer(await api.lead()))
      .send({ reason: 'The company was acquired' });
    expectWrite(response, 200);
    expect(response.body).toEqual({ roundId, status: 'cancelled', revision: response.body.revision });
    expect(await api.view(roundId)).toMatchObject({ status: 'cancelled', allocations: null, revision: response.body.revision });
  });

  it('refuses to cancel without a reason: 400 naming reason', async () => {
    const { api } = rounds;
    const { roundId } = await api.roundWithInvestors();
    const lead = bearer(await api.lead());
    const cancel = () => api.http.post(`/rounds/${roundId}/cancel`).set(lead).send({});
    const response = await api.refused(roundId, cancel, 400, 'VALIDATION_FAILED');
    expectInvalidFields(response, ['reason']);
  });

  it('answers 404 ROUND_NOT_FOUND when closing or cancelling an unknown round', async () => {
    const { api } = rounds;
    const lead = bearer(await api.lead());
    expectProblem(await api.http.post(`/rounds/${freshId('nowhere')}/close`).set(lead).send({}), 404, 'ROUND_NOT_FOUND');
    expectProblem(
      await api.http.post(`/rounds/${freshId('nowhere')}/cancel`).set(lead).send({ reason: 'x' }),
      404,
      'ROUND_NOT_FOUND',
    );
  });

  describe.each(['closed', 'cancelled'])('once %s', (ending) => {
    it('answers every command with 422 ROUND_NOT_OPEN and writes nothing', async () => {
      const { api } = rounds;
      const { roundId, lead, major } = await api.roundWithInvestors();
      const company = await api.lead();
      const tencent = await api.investor(lead);
      const jd = await api.investor(major);
      const settled = await api.proposed(roundId, company, { key: 'x-no-shop', value: '60 days' });
      expectStatus(await api.answer(roundId, settled, 'accept', tencent), 200);
      expectStatus(await api.commit(roundId, major, '6000000.00'), 201);
      const ended =
        ending === 'closed'
          ? await close(api, roundId)
          : await api.http.post(`/rounds/${roundId}/cancel`).set(bearer(company)).send({ reason: 'Market conditions' });
      expectStatus(ended, 200);

      const attempts: [string, () => PromiseLike<Response>][] = [
        [
          'admit',
          () =>
            api.http
              .post(`/rounds/${roundId}/investors`)
              .set(bearer(company))
              .send({ investorId: freshId('late'), name: 'Late', tier: 'other' }),
        ],
        ['propose', () => api.propose(roundId, company, { key: 'x-no-shop', value: '60 days' })],
        ['accept', () => api.answer(roundId, settled, 'accept', tencent)],
        ['reject', () => api.answer(roundId, settled, 'reject', tencent, { reason: 'late' })],
        ['withdraw', () => api.answer(roundId, settled, 'withdraw', company)],
        ['commit', () => api.commit(roundId, major, '7000000.00', jd)],
        ['withdraw commitment', () => api.http.delete(`/rounds/${roundId}/commitments/${major}`).set(bearer(jd))],
        ['close', () => close(api, roundId)],
        ['cancel', () => api.http.post(`/rounds/${roundId}/cancel`).set(bearer(company)).send({ reason: 'again' })],
      ];
      for (const [command, send] of attempts) {
        const response = await api.refused(roundId, send, 422, 'ROUND_NOT_OPEN').catch((error: Error) => {
          throw new Error(`${command}: ${error.message}`);
        });
        expect(response.body.code).toBe('ROUND_NOT_OPEN');
      }
      expect((await api.view(roundId)).status).toBe(ending);
    });
  });
});
