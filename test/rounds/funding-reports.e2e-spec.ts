import { parse } from 'csv-parse/sync';
import type { Response } from 'supertest';
import { bearer, dealLeadToken } from './support/tokens';
import { expectProblem, expectStatus, freshId, useRoundsApp } from './support/rounds-api';

// Reports and exports show how the round is really run: funding status, the conditions of the close.
describe('funding status and conditions in the reports and exports', () => {
  const rounds = useRoundsApp();

  it('puts subscriptions, paid-in money, conditions and closings in the rounds and allocation reports, JSON and CSV alike', async () => {
    const { api } = rounds;
    const { roundId, lead, major } = await api.roundWithInvestors();
    const company = bearer(await api.lead());
    const today = new Date().toISOString().slice(0, 10);
    expectStatus(await api.commit(roundId, lead, '6000000.00'), 201);
    expectStatus(await api.commit(roundId, major, '2000000.00'), 201);
    expectStatus(await api.http.post(`/rounds/${roundId}/subscriptions/${lead}/sign`).set(bearer(await api.investor(lead))).send({ documentReference: 'SA-1' }), 200);
    expectStatus(await api.http.post(`/rounds/${roundId}/subscriptions/${lead}/accept`).set(company).send(), 200);
    expectStatus(await api.http.post(`/rounds/${roundId}/subscriptions/${lead}/fundings`).set(company).send({ amount: '2500000.00', currency: 'USD', valueDate: today, reference: 'MT-1' }), 201);
    const added = await api.http.post(`/rounds/${roundId}/conditions`).set(company).send({ title: 'Shareholder resolution' });
    expectStatus(await api.http.post(`/rounds/${roundId}/conditions/${added.body.conditionId}/satisfy`).set(company).send({ evidence: 'Minutes 2025-07' }), 200);
    const past = new Date(Date.now() - 60_000).toISOString();
    expectStatus(await api.http.put(`/rounds/${roundId}/deadlines`).set(company).send({ subscriptionDeadline: past, fundingDeadline: past }), 200);
    const last: Response = await api.http.post(`/rounds/${roundId}/conditions`).set(company).send({ title: '=HYPERLINK("x") SAMR clearance' });
    const fresh = { 'X-Min-Position': String(last.headers['x-event-position']) };

    const list = await api.http.get('/reports/rounds?limit=1000').set(company).set(fresh);
    expectStatus(list, 200);
    const row = list.body.rounds.find((r: { roundId: string }) => r.roundId === roundId);
    expect(row).toMatchObject({ totalCommitted: '8000000.00', totalSubscribed: '6000000.00', totalPaidIn: '2500000.00', conditionsOpen: 1, conditionsSatisfied: 1, closingsHeld: 0 });
    const csv = await api.http.get('/reports/rounds?format=csv').set(company).set(fresh);
    expectStatus(csv, 200);
    const csvRow = (parse(csv.text, { columns: true }) as Record<string, string>[]).find((r) => r.roundId === roundId);
    expect(csvRow).toMatchObject({ totalSubscribed: '6000000.00', totalPaidIn: '2500000.00', conditionsOpen: '1', conditionsSatisfied: '1', closingsHeld: '0' });

    const book = await api.http.get(`/reports/rounds/${roundId}/allocations`).set(company).set(fresh);
    expectStatus(book, 200);
    // Both deadlines passed: lead signed but has not paid in full, major has not signed.
    expect(book.body.allocations.map((a: Record<string, string>) => [a.investorId, a.subscription, a.paidIn, a.late])).toEqual([
      [lead, 'accepted', '2500000.00', 'to-fund'],
      [major, 'unsigned', '0.00', 'to-sign'],
    ]);
    const bookCsv = parse((await api.http.get(`/reports/rounds/${roundId}/allocations?format=csv`).set(company).set(fresh)).text, { columns: true }) as Record<string, string>[];
    expect(bookCsv.map((r) => [r.row, r.late])).toEqual([['investor', 'to-fund'], ['investor', 'to-sign'], ['total', '']]);
    expect(book.body.totals).toMatchObject({ committed: '8000000.00', subscription: null, paidIn: '2500000.00' });
    const positions = await api.http.get(`/reports/investors/${lead}`).set(bearer(await api.investor(lead))).set(fresh);
    expect(positions.body.positions).toEqual([expect.objectContaining({ roundId, subscription: 'accepted', paidIn: '2500000.00', late: 'to-fund' })]);

    // The checklist itself: JSON with its counts, CSV under the one CSV rule (a typed formula stays text).
    const conditions = await api.http.get(`/rounds/${roundId}/conditions`).set(company);
    expectStatus(conditions, 200);
    expect(conditions.body).toMatchObject({ roundId, open: 1, satisfied: 1 });
    expect(conditions.body.conditions[0]).toMatchObject({ title: 'Shareholder resolution', status: 'satisfied', evidence: 'Minutes 2025-07', satisfiedBy: 'cfo@company.example' });
    const sheet = await api.http.get(`/rounds/${roundId}/conditions?format=csv`).set(company);
    expectStatus(sheet, 200);
    expect(sheet.headers['content-type']).toMatch(/^text\/csv/);
    const lines = parse(sheet.text, { columns: true }) as Record<string, string>[];
    expect(lines.map((l) => [l.title, l.status])).toEqual([['Shareholder resolution', 'satisfied'], ['\'=HYPERLINK("x") SAMR clearance', 'open']]);
    expectProblem(await api.http.get(`/rounds/${roundId}/conditions?format=xlsx`).set(company), 400, 'VALIDATION_FAILED');

    // An investor sees the round's conditions (and its own); another company's deal-lead, no round.
    expectStatus(await api.http.get(`/rounds/${roundId}/conditions`).set(bearer(await api.investor(major))), 200);
    const stranger = bearer(await dealLeadToken(`cfo@${freshId('rival')}`));
    const missing = freshId('missing');
    const [theirs, none] = [await api.http.get(`/rounds/${roundId}/conditions`).set(stranger), await api.http.get(`/rounds/${missing}/conditions`).set(stranger)];
    expectProblem(theirs, 404, 'ROUND_NOT_FOUND');
    expect(theirs.body.detail).toBe(String(none.body.detail).replace(missing, roundId));
  });
});
