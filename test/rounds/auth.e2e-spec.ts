import type { Response } from 'supertest';
import { createTestApp } from '../support/app-harness';
import { adminToken, auditorToken, bearer, investorToken, mintToken, TEST_JWT_SECRET, unsignedToken } from './support/tokens';
import { expectProblem, expectStatus, freshId, roundBody, RoundsApi, useRoundsApp } from './support/rounds-api';

type Send = (headers: Record<string, string>) => PromiseLike<Response>;

/** One request per endpoint, against a round with a pending company term and a commitment by `major`. */
function endpoints(api: RoundsApi, roundId: string, termId: string, major: string): [string, Send][] {
  const { http } = api;
  return [
    ['POST /rounds', (h) => http.post('/rounds').set(h).send(roundBody())],
    [
      'POST /rounds/:id/investors',
      (h) => http.post(`/rounds/${roundId}/investors`).set(h).send({ investorId: freshId('x'), name: 'X', tier: 'other' }),
    ],
    ['POST /rounds/:id/terms', (h) => http.post(`/rounds/${roundId}/terms`).set(h).send({ key: 'x-no-shop', value: '60 days' })],
    ['POST .../accept', (h) => http.post(`/rounds/${roundId}/terms/${termId}/accept`).set(h).send({})],
    ['POST .../reject', (h) => http.post(`/rounds/${roundId}/terms/${termId}/reject`).set(h).send({ reason: 'no' })],
    ['POST .../withdraw', (h) => http.post(`/rounds/${roundId}/terms/${termId}/withdraw`).set(h).send({})],
    ['PUT commitment', (h) => http.put(`/rounds/${roundId}/commitments/${major}`).set(h).send({ amount: '300000.00', currency: 'USD' })],
    ['DELETE commitment', (h) => http.delete(`/rounds/${roundId}/commitments/${major}`).set(h)],
    ['POST /rounds/:id/close', (h) => http.post(`/rounds/${roundId}/close`).set(h).send({})],
    ['POST /rounds/:id/cancel', (h) => http.post(`/rounds/${roundId}/cancel`).set(h).send({ reason: 'no' })],
    ['GET /rounds/:id', (h) => http.get(`/rounds/${roundId}`).set(h)],
  ];
}

describe('authentication and roles', () => {
  const rounds = useRoundsApp();

  async function bookedRound() {
    const { api } = rounds;
    const round = await api.roundWithInvestors();
    const termId = await api.proposed(round.roundId, await api.lead(), { key: 'x-no-shop', value: '60 days' });
    expectStatus(await api.commit(round.roundId, round.major, '250000.00'), 201);
    return { ...round, termId };
  }

  async function expectEach(
    sends: [string, Send][],
    headers: Record<string, string>,
    status: number,
    code?: string,
  ): Promise<void> {
    const failures: string[] = [];
    for (const [name, send] of sends) {
      const response = await send(headers);
      try {
        expectProblem(response, status, code ?? expect.any(String));
      } catch {
        failures.push(`${name}: ${response.status} ${JSON.stringify(response.body)}`);
      }
    }
    expect(failures).toEqual([]);
  }

  describe('answers 401 problem+json on every endpoint, writing nothing, for', () => {
    const other = 'another-secret-of-the-same-length-0123456789abcd';
    const deal = { sub: 'cfo@company.example', role: 'deal-lead' };
    it.each<[string, () => Promise<Record<string, string>>]>([
      ['no Authorization header', async () => ({})],
      ['a token that is not a JWT', async () => ({ Authorization: 'Bearer not-a-jwt' })],
      ['an empty bearer', async () => ({ Authorization: 'Bearer ' })],
      ['another scheme', async () => ({ Authorization: `Basic ${Buffer.from('cfo:secret').toString('base64')}` })],
      ['a token signed with another secret', async () => bearer(await mintToken(deal, { secret: other }))],
      ['an expired token', async () => bearer(await mintToken(deal, { expiresIn: -120 }))],
      ['a token without exp', async () => bearer(await mintToken(deal, { withoutExp: true }))],
      ['an unsigned token (alg none)', async () => bearer(unsignedToken(deal))],
      ['a token signed with HS512 (only HS256 is accepted)', async () => bearer(await mintToken(deal, { alg: 'HS512' }))],
      ['a tampered payload', async () => {
        const [header, , signature] = (await mintToken({ sub: 'x', role: 'auditor' })).split('.');
        return bearer(`${header}.${Buffer.from(JSON.stringify({ ...deal, exp: 4102444800 })).toString('base64url')}.${signature}`);
      }],
      // Read as 401: the token does not name a principal the app knows how to authorise.
      ['an unknown role', async () => bearer(await mintToken({ sub: 'x', role: 'ceo' }))],
      ['no sub', async () => bearer(await mintToken({ role: 'deal-lead' }))],
      ['an investor token without investorId', async () => bearer(await mintToken({ sub: 'x', role: 'investor' }))],
    ])('%s', async (_, headers) => {
      const { api } = rounds;
      const { roundId, termId, major } = await bookedRound();
      const [before, events] = [await api.revision(roundId), await api.eventCount(roundId)];
      await expectEach(endpoints(api, roundId, termId, major), await headers(), 401);
      expect({ revision: await api.revision(roundId), events: await api.eventCount(roundId) }).toEqual({ revision: before, events });
    });
  });

  it('still accepts the right secret, so the 401s above are about the token', async () => {
    const { api } = rounds;
    const token = await mintToken({ sub: 'cfo', role: 'deal-lead' }, { secret: TEST_JWT_SECRET });
    expectStatus(await api.http.post('/rounds').set(bearer(token)).send(roundBody()), 201);
  });

  describe('answers 403 FORBIDDEN to a role that may not act, writing nothing', () => {
    it.each([
      ['an auditor', () => auditorToken()],
      ['an admin', () => adminToken()],
    ])('%s: on every write', async (_, token) => {
      const { api } = rounds;
      const { roundId, termId, major } = await bookedRound();
      const [before, events] = [await api.revision(roundId), await api.eventCount(roundId)];
      const writes = endpoints(api, roundId, termId, major).filter(([name]) => !name.startsWith('GET'));
      await expectEach(writes, bearer(await token()), 403, 'FORBIDDEN');
      expect({ revision: await api.revision(roundId), events: await api.eventCount(roundId) }).toEqual({ revision: before, events });
    });

    it('an admitted investor: opening, admitting, closing, cancelling', async () => {
      const { api } = rounds;
      const { roundId, termId, major } = await bookedRound();
      const before = await api.revision(roundId);
      const dealLeadOnly = endpoints(api, roundId, termId, major).filter(([name]) =>
        ['POST /rounds', 'POST /rounds/:id/investors', 'POST /rounds/:id/close', 'POST /rounds/:id/cancel'].includes(name),
      );
      await expectEach(dealLeadOnly, bearer(await api.investor(major)), 403, 'FORBIDDEN');
      expect(await api.revision(roundId)).toBe(before);
    });
  });

  // To an investor it did not admit, the round does not exist: 404, as for a round that never was.
  describe('answers 404 ROUND_NOT_FOUND to an investor not admitted to the round, writing nothing', () => {
    it('reading it', async () => {
      const { api } = rounds;
      const { roundId } = await bookedRound();
      expectProblem(await api.get(roundId, await investorToken(freshId('outsider'))), 404, 'ROUND_NOT_FOUND');
    });

    it('on every write an investor may make', async () => {
      const { api } = rounds;
      const { roundId, termId } = await bookedRound();
      const outsider = freshId('outsider');
      const headers = bearer(await investorToken(outsider));
      const [before, events] = [await api.revision(roundId), await api.eventCount(roundId)];
      const { http } = api;
      const attempts: [string, () => PromiseLike<Response>][] = [
        ['propose', () => http.post(`/rounds/${roundId}/terms`).set(headers).send({ key: 'pro-rata-rights', value: true })],
        ['accept', () => http.post(`/rounds/${roundId}/terms/${termId}/accept`).set(headers).send({})],
        ['reject', () => http.post(`/rounds/${roundId}/terms/${termId}/reject`).set(headers).send({ reason: 'no' })],
        ['withdraw', () => http.post(`/rounds/${roundId}/terms/${termId}/withdraw`).set(headers).send({})],
        [
          'commit',
          () => http.put(`/rounds/${roundId}/commitments/${outsider}`).set(headers).send({ amount: '300000.00', currency: 'USD' }),
        ],
        ['withdraw commitment', () => http.delete(`/rounds/${roundId}/commitments/${outsider}`).set(headers)],
      ];
      const answers: string[] = [];
      for (const [name, send] of attempts) {
        const response = await send();
        expectProblem(response, response.status, response.body.code);
        answers.push(`${name}: ${response.status} ${response.body.code}`);
      }
      for (const answer of answers) expect(answer).toMatch(/: 404 ROUND_NOT_FOUND$/);
      expect({ revision: await api.revision(roundId), events: await api.eventCount(roundId) }).toEqual({ revision: before, events });
    });
  });

  describe('answers 403 FORBIDDEN to an investor opening a round', () => {
    it('an investor opening a round creates nothing', async () => {
      const { api } = rounds;
      const body = roundBody();
      expectProblem(await api.http.post('/rounds').set(bearer(await investorToken('jd'))).send(body), 403, 'FORBIDDEN');
      expectProblem(await api.get(body.roundId as string), 404, 'ROUND_NOT_FOUND');
    });
  });

  it('lets a deal-lead, an auditor, an admin and an admitted investor read the round', async () => {
    const { api } = rounds;
    const { roundId, major } = await bookedRound();
    for (const token of [await api.lead(), await auditorToken(), await adminToken(), await api.investor(major)]) {
      const response = await api.get(roundId, token);
      expectStatus(response, 200);
      expect(response.body.roundId).toBe(roundId);
    }
  });
});

describe('the AUTH_JWT_SECRET given to createTestApp', () => {
  it('is the secret the app verifies tokens with', async () => {
    const inherited = process.env.AUTH_JWT_SECRET;
    delete process.env.AUTH_JWT_SECRET;
    const secret = 'given-to-createTestApp-and-nowhere-else-0123456789';
    const testApp = await createTestApp({ AUTH_JWT_SECRET: secret });
    try {
      const token = await mintToken({ sub: 'cfo@company.example', role: 'deal-lead' }, { secret });
      expectStatus(await testApp.http.post('/rounds').set(bearer(token)).send(roundBody()), 201);
    } finally {
      await testApp.close();
      if (inherited !== undefined) process.env.AUTH_JWT_SECRET = inherited;
    }
  });
});
