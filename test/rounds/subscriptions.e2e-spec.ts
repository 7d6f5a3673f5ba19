import { bearer, dealLeadToken } from './support/tokens';
import { expectInvalidFields, expectProblem, expectStatus, expectWrite, freshId, useRoundsApp } from './support/rounds-api';

// indication -> signed -> accepted -> funded, over HTTP against the real store.
describe('subscriptions: signing, acceptance, funding and deadlines', () => {
  const rounds = useRoundsApp();

  const today = () => new Date().toISOString().slice(0, 10);

  it('takes an investor from commitment to paid-in capital, partial payments included, and reports it', async () => {
    const { api } = rounds;
    const { roundId, lead, major } = await api.roundWithInvestors();
    const company = await api.lead();
    const tencent = await api.investor(lead);
    const at = (path: string) => `/rounds/${roundId}/subscriptions/${lead}/${path}`;
    expectStatus(await api.commit(roundId, lead, '4000000.00'), 201);
    expectStatus(await api.commit(roundId, major, '1000000.00'), 201);

    await api.refused(roundId, () => api.http.post(at('sign')).set(bearer(company)).send({ documentReference: 'SA-1' }), 403, 'FORBIDDEN');
    expectInvalidFields(await api.http.post(at('sign')).set(bearer(tencent)).send({}), ['documentReference']);
    const signed = await api.http.post(at('sign')).set(bearer(tencent)).send({ documentReference: 'SA-2025-001' });
    expectWrite(signed, 200);
    expect(signed.body).toMatchObject({ investorId: lead, amount: '4000000.00', subscription: 'signed', paidIn: '0.00' });
    // Amending a signed subscription voids the signature: it is signed, and accepted, again.
    expectStatus(await api.commit(roundId, lead, '3000000.00'), 200);
    const reopened = (await api.view(roundId)).commitments as { investorId: string; subscription: string; documentReference: string | null }[];
    expect(reopened.find((c) => c.investorId === lead)).toMatchObject({ subscription: 'unsigned', documentReference: null });
    await api.refused(roundId, () => api.http.post(at('accept')).set(bearer(company)).send(), 422, 'SUBSCRIPTION_NOT_SIGNED');
    expectStatus(await api.commit(roundId, lead, '4000000.00'), 200);
    expectWrite(await api.http.post(at('sign')).set(bearer(tencent)).send({ documentReference: 'SA-2025-001' }), 200);

    const fund = (amount: string, reference: string) =>
      api.http.post(at('fundings')).set(bearer(company)).send({ amount, currency: 'USD', valueDate: today(), reference });
    await api.refused(roundId, () => fund('1000000.00', 'MT103-1'), 422, 'SUBSCRIPTION_NOT_ACCEPTED');
    expectWrite(await api.http.post(at('accept')).set(bearer(company)).send(), 200);
    const first = await fund('1500000.00', 'MT103-1');
    expectWrite(first, 201);
    expect(first.body).toMatchObject({ subscription: 'accepted', amount: '4000000.00', paidIn: '1500000.00' });
    await api.refused(roundId, () => fund('1.00', 'MT103-1'), 409, 'FUNDING_ALREADY_RECORDED');
    await api.refused(roundId, () => fund('2500000.01', 'MT103-2'), 422, 'FUNDING_EXCEEDS_SUBSCRIPTION');
    expectWrite(await fund('2500000.00', 'MT103-2'), 201);

    const report = await api.http.get(`/rounds/${roundId}/subscriptions`).set(bearer(company));
    expectStatus(report, 200);
    expect(report.body.subscriptions).toEqual([
      expect.objectContaining({ investorId: lead, subscription: 'accepted', subscribed: '4000000.00', paidIn: '4000000.00', outstanding: '0.00', documentReference: 'SA-2025-001', lastValueDate: today() }),
      expect.objectContaining({ investorId: major, subscription: 'unsigned', committed: '1000000.00', subscribed: '0.00' }),
    ]);
    expect(report.body.totals).toEqual({ committed: '5000000.00', subscribed: '4000000.00', paidIn: '4000000.00', outstanding: '0.00' });

    // An investor sees its own row, and no totals: they would be the book.
    const own = await api.http.get(`/rounds/${roundId}/subscriptions`).set(bearer(await api.investor(major)));
    expectStatus(own, 200);
    expect(own.body.subscriptions.map((r: { investorId: string }) => r.investorId)).toEqual([major]);
    expect(own.body).not.toHaveProperty('totals');
    expect(JSON.stringify(own.body)).not.toContain(lead);
  });

  it('shows the deal team what is late against the deadlines, as JSON and CSV', async () => {
    const { api } = rounds;
    const { roundId, lead, major } = await api.roundWithInvestors();
    const company = await api.lead();
    expectStatus(await api.commit(roundId, lead, '4000000.00'), 201);
    expectStatus(await api.commit(roundId, major, '1000000.00'), 201);
    expectStatus(await api.http.post(`/rounds/${roundId}/subscriptions/${lead}/sign`).set(bearer(await api.investor(lead))).send({ documentReference: 'SA-1' }), 200);
    const past = new Date(Date.now() - 60_000).toISOString();
    expectInvalidFields(await api.http.put(`/rounds/${roundId}/deadlines`).set(bearer(company)).send({ subscriptionDeadline: '2025-01-01T10:00' }), ['subscriptionDeadline']);
    const set = await api.http.put(`/rounds/${roundId}/deadlines`).set(bearer(company)).send({ subscriptionDeadline: past, fundingDeadline: past });
    expectWrite(set, 200);
    expect(set.body).toMatchObject({ subscriptionDeadline: past, fundingDeadline: past });

    const report = await api.http.get(`/rounds/${roundId}/subscriptions`).set(bearer(await api.auditor()));
    expectStatus(report, 200);
    expect(report.body.late).toEqual({ toSign: [major], toFund: [lead] });

    const csv = await api.http.get(`/rounds/${roundId}/subscriptions?format=csv`).set(bearer(company));
    expectStatus(csv, 200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('investorId,investorName,status,subscription,committed,subscribed,paidIn,outstanding,documentReference,signedAt,acceptedAt,lastValueDate,lateToSign,lateToFund');
    expect(lines[1]).toMatch(new RegExp(`^${lead},.*,signed,4000000.00,4000000.00,0.00,4000000.00,SA-1,.*,false,true$`));
    expect(lines[2]).toMatch(new RegExp(`^${major},.*,unsigned,1000000.00,0.00,0.00,0.00,.*,true,false$`));
    expectInvalidFields(await api.http.get(`/rounds/${roundId}/subscriptions?format=xls`).set(bearer(company)), ['format']);

    // Another company's deal-lead: no such round.
    const stranger = await dealLeadToken(`cfo@${freshId('rival')}`);
    expectProblem(await api.http.get(`/rounds/${roundId}/subscriptions`).set(bearer(stranger)), 404, 'ROUND_NOT_FOUND');
    expectProblem(await api.http.put(`/rounds/${roundId}/deadlines`).set(bearer(stranger)).send({}), 404, 'ROUND_NOT_FOUND');
  });
});
