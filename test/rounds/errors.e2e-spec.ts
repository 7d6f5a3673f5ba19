import { bearer } from './support/tokens';
import { expectInvalidFields, expectProblem, expectStatus, roundBody, useRoundsApp } from './support/rounds-api';

const CNY = { currency: 'CNY' };
const JPY = {
  currency: 'JPY',
  targetAmount: '800000000',
  hardCap: '1000000000',
  minimumAmount: '500000000',
  minimumTicket: '10000000',
  valuation: { amount: '5000000000', basis: 'post-money' },
};

// Amounts a careless or hostile client sends. Every one is refused with 400 naming the field.
const HOSTILE_AMOUNTS: [string, unknown][] = [
  ['exponent notation', '1e9'],
  ['a negative amount', '-5'],
  ['zero', '0'],
  ['zero with decimals', '0.00'],
  ['three decimals for CNY', '1.234'],
  ['a number instead of a string', 1000000],
  ['a fractional number', 1000000.5],
  ['40 digits', '1'.repeat(40)],
  ['an empty string', ''],
  ['surrounding spaces', ' 1000000.00 '],
  ['digit grouping', '1,000,000.00'],
  ['a plus sign', '+1000000'],
  ['hexadecimal', '0x10'],
  ['NaN', 'NaN'],
  ['Infinity', 'Infinity'],
  ['a trailing dot', '1000000.'],
  ['null', null],
  ['a boolean', true],
  ['an object', { amount: '1000000.00' }],
  ['an array', ['1000000.00']],
];

describe('errors', () => {
  const rounds = useRoundsApp();

  describe('malformed JSON', () => {
    it('is refused with 400 MALFORMED_JSON as problem+json', async () => {
      const { api } = rounds;
      const response = await api.http
        .post('/rounds')
        .set(bearer(await api.lead()))
        .set('Content-Type', 'application/json')
        .send('{"company": "Acme", "name": ');
      expectProblem(response, 400, 'MALFORMED_JSON');
    });

    it('writes nothing to the round', async () => {
      const { api } = rounds;
      const { roundId, major } = await api.roundWithInvestors(CNY);
      const token = bearer(await api.investor(major));
      await api.refused(
        roundId,
        () =>
          api.http
            .put(`/rounds/${roundId}/commitments/${major}`)
            .set(token)
            .set('Content-Type', 'application/json')
            .send('{"amount": "1000000.00", "currency": "CNY",}'),
        400,
        'MALFORMED_JSON',
      );
    });
  });

  describe('unknown fields', () => {
    it('are refused at the top level, named in errors', async () => {
      const { api } = rounds;
      const body = roundBody({ discount: '20%' });
      const response = await api.http.post('/rounds').set(bearer(await api.lead())).send(body);
      expectInvalidFields(response, ['discount']);
      expectProblem(await api.get(body.roundId as string), 404, 'ROUND_NOT_FOUND');
    });

    it('are refused inside nested objects, named by their path', async () => {
      const { api } = rounds;
      const body = roundBody({ valuation: { amount: '50000000.00', basis: 'post-money', currency: 'USD' } });
      const response = await api.http.post('/rounds').set(bearer(await api.lead())).send(body);
      expectInvalidFields(response, ['valuation.currency']);
    });

    it('are refused on answers to terms too', async () => {
      const { api } = rounds;
      const { roundId, lead } = await api.roundWithInvestors();
      const termId = await api.proposed(roundId, await api.lead(), { key: 'x-no-shop', value: '60 days' });
      const tencent = await api.investor(lead);
      const accept = () => api.answer(roundId, termId, 'accept', tencent, { value: 2 });
      const response = await api.refused(roundId, accept, 400, 'VALIDATION_FAILED');
      expectInvalidFields(response, ['value']);
    });
  });

  describe('hostile amounts in a commitment: 400 naming amount, nothing written', () => {
    // One round for all of them: each refusal is checked to leave it exactly as it was.
    let book: { roundId: string; major: string };
    beforeAll(async () => {
      book = await rounds.api.roundWithInvestors(CNY);
    });

    it.each(HOSTILE_AMOUNTS)('%s', async (_, amount) => {
      const { api } = rounds;
      const { roundId, major } = book;
      const response = await api.refused(roundId, () => api.commit(roundId, major, amount, undefined, 'CNY'), 400, 'VALIDATION_FAILED');
      expectInvalidFields(response, ['amount']);
    });

    it('a decimal in a JPY round', async () => {
      const { api } = rounds;
      const { roundId, major } = await api.roundWithInvestors(JPY);
      const commit = () => api.commit(roundId, major, '10000000.5', undefined, 'JPY');
      const response = await api.refused(roundId, commit, 400, 'VALIDATION_FAILED');
      expectInvalidFields(response, ['amount']);
      expectStatus(await api.commit(roundId, major, '10000000', undefined, 'JPY'), 201);
    });

    it('"1.5" in JPY, even in a CNY round, is a bad amount rather than a currency mismatch', async () => {
      const { api } = rounds;
      const { roundId, major } = await api.roundWithInvestors(CNY);
      const response = await api.refused(roundId, () => api.commit(roundId, major, '1.5', undefined, 'JPY'), 400, 'VALIDATION_FAILED');
      expectInvalidFields(response, ['amount']);
    });
  });

  describe('hostile amounts when opening a round: 400 naming the field, no round', () => {
    it.each(HOSTILE_AMOUNTS)('hardCap: %s', async (_, hardCap) => {
      const { api } = rounds;
      const body = roundBody({ ...CNY, hardCap });
      const response = await api.http.post('/rounds').set(bearer(await api.lead())).send(body);
      expectInvalidFields(response, ['hardCap']);
      expectProblem(await api.get(body.roundId as string), 404, 'ROUND_NOT_FOUND');
    });

    it.each([
      ['valuation.amount', { valuation: { amount: 400000000000, basis: 'post-money' } }],
      ['targetAmount', { targetAmount: '-8000000.00' }],
      ['minimumAmount', { minimumAmount: '1e6' }],
      ['minimumTicket', { minimumTicket: '0' }],
    ])('%s', async (field, overrides) => {
      const { api } = rounds;
      const response = await api.http.post('/rounds').set(bearer(await api.lead())).send(roundBody({ ...CNY, ...overrides }));
      expectInvalidFields(response, [field]);
    });

    it('in JPY, an amount with decimals', async () => {
      const { api } = rounds;
      const response = await api.http.post('/rounds').set(bearer(await api.lead())).send(roundBody({ ...JPY, hardCap: '1000000000.5' }));
      expectInvalidFields(response, ['hardCap']);
    });
  });

  describe('hostile amounts elsewhere', () => {
    it('in a proposed valuation: 400 naming value.amount', async () => {
      const { api } = rounds;
      const { roundId } = await api.roundWithInvestors(CNY);
      const response = await api.refused(
        roundId,
        async () => api.propose(roundId, await api.lead(), { key: 'valuation', value: { amount: '1e12', basis: 'post-money' } }),
        400,
        'VALIDATION_FAILED',
      );
      expectInvalidFields(response, ['value.amount']);
    });

    it("in an investor's maximum ticket: 400 naming maxTicket", async () => {
      const { api } = rounds;
      const { roundId } = await api.openRound(CNY);
      const lead = bearer(await api.lead());
      const response = await api.refused(
        roundId,
        () =>
          api.http
            .post(`/rounds/${roundId}/investors`)
            .set(lead)
            .send({ investorId: 'catl', name: 'CATL', tier: 'major', maxTicket: '-1' }),
        400,
        'VALIDATION_FAILED',
      );
      expectInvalidFields(response, ['maxTicket']);
    });
  });
});
