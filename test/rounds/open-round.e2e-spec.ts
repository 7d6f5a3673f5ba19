import { bearer } from './support/tokens';
import { expectInvalidFields, expectStatus, expectWrite, freshId, roundBody, useRoundsApp } from './support/rounds-api';

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

describe('POST /rounds and GET /rounds/:roundId', () => {
  const rounds = useRoundsApp();

  it('opens a round: 201, its id and revision, Location, ETag and event position', async () => {
    const { api } = rounds;
    const body = roundBody();
    const response = await api.http.post('/rounds').set(bearer(await api.lead())).send(body);

    const { revision } = expectWrite(response, 201);
    expect(response.body).toEqual({ roundId: body.roundId, revision: response.body.revision });
    expect(response.headers.location).toBe(`/rounds/${body.roundId}`);
    expect(await api.revision(body.roundId as string)).toBe(revision);
  });

  it('generates a round id when none is given', async () => {
    const { api } = rounds;
    const { roundId, ...withoutId } = roundBody();
    const response = await api.http.post('/rounds').set(bearer(await api.lead())).send(withoutId);

    expectWrite(response, 201);
    expect(response.body.roundId).toMatch(ID);
    expect(response.body.roundId).not.toBe(roundId);
    expect(response.headers.location).toBe(`/rounds/${response.body.roundId}`);
    expect((await api.view(response.body.roundId)).company).toBe('Acme Robotics Ltd.');
  });

  it('gives two rounds opened without ids two different ids', async () => {
    const { api } = rounds;
    const { roundId: _, ...withoutId } = roundBody();
    const lead = bearer(await api.lead());
    const [first, second] = await Promise.all([
      api.http.post('/rounds').set(lead).send(withoutId),
      api.http.post('/rounds').set(lead).send(withoutId),
    ]);
    expectStatus(first, 201);
    expectStatus(second, 201);
    expect(first.body.roundId).not.toBe(second.body.roundId);
  });

  it('shows the whole round on GET, with the revision as ETag', async () => {
    const { api } = rounds;
    const { roundId } = await api.openRound();
    const response = await api.get(roundId);

    expectStatus(response, 200);
    expect(response.headers.etag).toBe(`"${response.body.revision}"`);
    expect(response.body).toMatchObject({
      roundId,
      company: 'Acme Robotics Ltd.',
      name: 'Series A',
      status: 'open',
      currency: 'USD',
      targetAmount: '8000000.00',
      hardCap: '10000000.00',
      minimumAmount: '5000000.00',
      minimumTicket: '100000.00',
      valuation: { amount: '50000000.00', basis: 'post-money' },
      oversubscription: 'scale-back',
      investors: [],
      terms: [],
      commitments: [],
      totalCommitted: '0.00',
      allocations: null,
    });
    expect(String(response.body.revision)).toMatch(/^\d+$/);
  });

  it('reads amounts back in canonical form, and optional minimums as null', async () => {
    const { api } = rounds;
    const { roundId } = await api.openRound({
      targetAmount: '8000000',
      hardCap: '10000000.5',
      minimumAmount: undefined,
      minimumTicket: undefined,
      valuation: { amount: '40000000', basis: 'pre-money' },
      oversubscription: 'reject',
      disclosure: 'book-totals',
    });

    expect(await api.view(roundId)).toMatchObject({
      targetAmount: '8000000.00',
      hardCap: '10000000.50',
      minimumAmount: null,
      minimumTicket: null,
      valuation: { amount: '40000000.00', basis: 'pre-money' },
      oversubscription: 'reject',
    });
  });

  it('opens a JPY round with whole-yen amounts', async () => {
    const { api } = rounds;
    const { roundId } = await api.openRound({
      currency: 'JPY',
      targetAmount: '800000000',
      hardCap: '1000000000',
      minimumAmount: '500000000',
      minimumTicket: '10000000',
      valuation: { amount: '5000000000', basis: 'post-money' },
    });
    expect(await api.view(roundId)).toMatchObject({ currency: 'JPY', hardCap: '1000000000', totalCommitted: '0' });
  });

  it('answers 404 ROUND_NOT_FOUND for a round that does not exist', async () => {
    const { api } = rounds;
    const response = await api.get(freshId('nowhere'));
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('ROUND_NOT_FOUND');
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('refuses a second round with the same id: 409 ROUND_ALREADY_EXISTS, the first untouched', async () => {
    const { api } = rounds;
    const { roundId } = await api.openRound();
    const lead = bearer(await api.lead());
    await api.refused(
      roundId,
      () => api.http.post('/rounds').set(lead).send(roundBody({ roundId, company: 'Someone Else' })),
      409,
      'ROUND_ALREADY_EXISTS',
    );
    expect((await api.view(roundId)).company).toBe('Acme Robotics Ltd.');
  });

  describe('refuses an unsound round with 400 naming the field, and writes nothing', () => {
    it.each([
      ['a target above the hard cap', { targetAmount: '20000000.00' }, 'targetAmount'],
      ['a minimum above the target', { minimumAmount: '9000000.00' }, 'minimumAmount'],
      ['a minimum ticket above the hard cap', { minimumTicket: '20000000.00' }, 'minimumTicket'],
      [
        'a post-money valuation below the hard cap',
        { valuation: { amount: '1000000.00', basis: 'post-money' } },
        'valuation.amount',
      ],
      ['an unsupported currency', { currency: 'BTC' }, 'currency'],
      ['a bad basis', { valuation: { amount: '50000000.00', basis: 'fully-diluted' } }, 'valuation.basis'],
      ['a bad oversubscription policy', { oversubscription: 'first-come' }, 'oversubscription'],
      ['an id with a space', { roundId: 'series a' }, 'roundId'],
      ['an id of 129 characters', { roundId: 'r'.repeat(129) }, 'roundId'],
      ['a blank company', { company: '   ' }, 'company'],
      ['no name', { name: undefined }, 'name'],
      ['no valuation', { valuation: undefined }, 'valuation'],
      ['no hard cap', { hardCap: undefined }, 'hardCap'],
    ])('%s', async (_, overrides, field) => {
      const { api } = rounds;
      const body = roundBody(overrides);
      const response = await api.http.post('/rounds').set(bearer(await api.lead())).send(body);
      expectInvalidFields(response, [field]);
      // Read from the store: an id the API refuses cannot be asked for over HTTP.
      expect(await api.eventCount(String(body.roundId))).toBe(0);
    });
  });

  it('reports every broken field of one request at once', async () => {
    const { api } = rounds;
    const body = roundBody({ company: '', name: undefined, oversubscription: 'maybe' });
    const response = await api.http.post('/rounds').set(bearer(await api.lead())).send(body);
    expectInvalidFields(response, ['company', 'name', 'oversubscription']);
  });
});
