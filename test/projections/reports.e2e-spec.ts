import { parse } from 'csv-parse/sync';
import { DealRoomApi, freshId } from './support/deal-room-api';

/** CSV cells are strings; the JSON's nulls are empty cells and its numbers their decimal text. */
const asCells = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value === null ? '' : String(value)]));

describe('reports over HTTP', () => {
  let api: DealRoomApi;

  beforeAll(async () => {
    api = await DealRoomApi.start();
  });

  afterAll(() => api?.close());

  it('lists every round with its book against target and cap, as exact decimals', async () => {
    const { roundId, position } = await api.roundWithBook(['4000000.00', '3000000.00', '2000000.01']);
    const response = await api.get(`/reports/rounds?minPosition=${position}`, 'deal-lead');
    expect(response.status).toBe(200);
    expect(BigInt(response.headers['x-projection-checkpoint'])).toBeGreaterThanOrEqual(BigInt(position));
    expect(response.body.rounds.find((round: { roundId: string }) => round.roundId === roundId)).toEqual({
      roundId,
      company: 'Acme Robotics Ltd.',
      name: 'Series A',
      status: 'open',
      currency: 'USD',
      targetAmount: '8000000.00',
      hardCap: '10000000.00',
      totalCommitted: '9000000.01',
      totalAllocated: null,
      ratioToTarget: '1.1250', // 9000000.01 / 8000000.00 = 1.12500000125
      ratioToCap: '0.9000',
      totalSubscribed: '0.00',
      totalPaidIn: '0.00',
      conditionsOpen: 0,
      conditionsSatisfied: 0,
      closingsHeld: 0,
      investorCount: 3,
      admittedInvestors: 3,
      openedAt: expect.any(String),
      closedAt: null,
      cancelledAt: null,
    });
  });

  it('shows the book before the close with nothing allocated, and the scale-back after it, with exact totals', async () => {
    const { roundId, investors, position } = await api.roundWithBook(['6000000.00', '4000000.00', '2000000.00']);
    const before = await api.get(`/reports/rounds/${roundId}/allocations?minPosition=${position}`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ roundId, status: 'open', postMoneyValuation: null });
    expect(before.body.allocations).toEqual([
      { investorId: investors[0], investorName: `${investors[0]} Capital`, committed: '6000000.00', subscription: 'unsigned', paidIn: '0.00', late: null, allocated: null, scaledBack: null, ownership: null },
      { investorId: investors[1], investorName: `${investors[1]} Capital`, committed: '4000000.00', subscription: 'unsigned', paidIn: '0.00', late: null, allocated: null, scaledBack: null, ownership: null },
      { investorId: investors[2], investorName: `${investors[2]} Capital`, committed: '2000000.00', subscription: 'unsigned', paidIn: '0.00', late: null, allocated: null, scaledBack: null, ownership: null },
    ]);
    expect(before.body.totals).toEqual({ committed: '12000000.00', subscription: null, paidIn: '0.00', late: null, allocated: null, scaledBack: null, ownership: null });

    const closed = await api.closeRound(roundId);
    const after = await api.get(`/reports/rounds/${roundId}/allocations`, 'admin', undefined, { 'X-Min-Position': closed.position });
    expect(after.status).toBe(200);
    // 50 m post-money on the planned 8 m: pre-money 42 m, plus the 10 m sold.
    expect(after.body).toMatchObject({ status: 'closed', postMoneyValuation: '52000000.00' });
    const byClose = (closed.body.allocations as { investorId: string; allocated: string; ownership: string }[]).map(({ investorId, allocated, ownership }) => ({ investorId, allocated, ownership }));
    expect(after.body.allocations.map(({ investorId, allocated, ownership }: Record<string, string>) => ({ investorId, allocated, ownership }))).toEqual(byClose);
    // 10 m of 12 m committed: each scaled to 5/6, the rounding cents placed so that the sum is exact.
    expect(after.body.allocations.map((a: { scaledBack: string }) => a.scaledBack)).toEqual(['1000000.00', '666666.67', '333333.33']);
    expect(after.body.totals).toEqual({ committed: '12000000.00', subscription: null, paidIn: '0.00', late: null, allocated: '10000000.00', scaledBack: '2000000.00', ownership: '0.1923076923' });
  });

  it("answers an investor with its own positions across rounds, and no one else's", async () => {
    const investorId = freshId('tencent');
    const first = await api.openRound({ name: 'Seed' });
    await api.admit(first.roundId, investorId, 'lead');
    await api.commit(first.roundId, investorId, '8000000.00');
    const closed = await api.closeRound(first.roundId);
    const second = await api.openRound({ name: 'Series B', currency: 'JPY', targetAmount: '800000000', hardCap: '1000000000', valuation: { amount: '5000000000', basis: 'pre-money' } });
    const last = await api.admit(second.roundId, investorId, 'major');

    const own = await api.get(`/reports/investors/${investorId}?minPosition=${last}`, 'investor', investorId);
    expect(own.status).toBe(200);
    expect(BigInt(closed.position)).toBeLessThan(BigInt(last));
    expect(own.body).toEqual({
      investorId,
      checkpoint: expect.stringMatching(/^\d+$/),
      positions: [
        { roundId: first.roundId, roundName: 'Seed', company: 'Acme Robotics Ltd.', currency: 'USD', status: 'closed', committed: '8000000.00', subscription: 'unsigned', paidIn: '0.00', late: null, allocated: '8000000.00', ownership: '0.1600000000' },
        { roundId: second.roundId, roundName: 'Series B', company: 'Acme Robotics Ltd.', currency: 'JPY', status: 'open', committed: '0', subscription: 'unsigned', paidIn: '0', late: null, allocated: null, ownership: null },
      ],
      next: null,
    });
    expect((await api.get(`/reports/investors/${investorId}`, 'investor', freshId('jd'))).status).toBe(403);
    expect((await api.get(`/reports/investors/${investorId}`, 'auditor')).status).toBe(200);
  });

  it('keeps the book from investors and refuses unknown rounds and formats', async () => {
    const { roundId } = await api.openRound();
    const investor = freshId('jd');
    expect((await api.get('/reports/rounds', 'investor', investor)).status).toBe(403);
    expect((await api.get(`/reports/rounds/${roundId}/allocations`, 'investor', investor)).status).toBe(403);
    const unknown = await api.get(`/reports/rounds/${freshId('nope')}/allocations`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ROUND_NOT_FOUND');
    const xml = await api.get('/reports/rounds?format=xml');
    expect(xml.status).toBe(400);
    expect(xml.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'format' }] });
  });

  it('gives the same reports as CSV, which read back equal the JSON', async () => {
    const { roundId, investors, position } = await api.roundWithBook(['6000000.00', '4000000.00', '2000000.00']);
    const { position: closedAt } = await api.closeRound(roundId);
    const query = `minPosition=${closedAt}`;

    for (const path of ['/reports/rounds', `/reports/rounds/${roundId}/allocations`, `/reports/investors/${investors[1]}`]) {
      const json = await api.get(`${path}?${query}`);
      const csv = await api.get(`${path}?${query}&format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
      const expected = path.endsWith('/allocations')
        ? [...json.body.allocations.map((a: object) => ({ row: 'investor', ...a })), { row: 'total', investorId: null, investorName: null, ...json.body.totals }]
        : (json.body.rounds ?? json.body.positions);
      expect(rows).toEqual(expected.map(asCells));
    }
    expect(BigInt(position)).toBeLessThan(BigInt(closedAt));
  });
});
