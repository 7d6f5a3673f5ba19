import { bearer, dealLeadToken } from './support/tokens';
import { expectInvalidFields, expectProblem, expectStatus, expectWrite, freshId, useRoundsApp } from './support/rounds-api';

// The pro forma cap table: holders before, option pool and top-up, price per share, fully diluted before and after.
describe('PUT and GET /rounds/:roundId/cap-table', () => {
  const rounds = useRoundsApp();
  const holders = [
    { holderId: 'founder', name: 'Founder', shares: '30000000' },
    { holderId: 'seed', name: 'Seed Fund', shares: '9000000' },
    { holderId: 'esop', name: 'Option pool', kind: 'option-pool', shares: '1000000' },
  ];

  it('derives the price from the pre-money and the new shares from it; an investor sees it once closed, as its documents do', async () => {
    const { api } = rounds;
    // 50 m post-money on a planned 8 m: 42 m pre-money over 42,000,000 fully diluted shares is 1.00 USD a share.
    const { roundId, lead, major } = await api.roundWithInvestors();
    const company = await api.lead();
    const set = await api.http.put(`/rounds/${roundId}/cap-table`).set(bearer(company)).send({ holders, optionPoolTopUp: '2000000' });
    expectWrite(set, 200);
    expect(set.body).toMatchObject({ pricePerShare: '1.00000000', fullyDilutedBefore: '42000000' });
    expectStatus(await api.commit(roundId, lead, '6000000.00'), 201);
    expectStatus(await api.commit(roundId, major, '2000000.00'), 201);

    const proForma = await api.http.get(`/rounds/${roundId}/cap-table`).set(bearer(company));
    expectStatus(proForma, 200);
    expect(proForma.body).toMatchObject({ basis: 'pro-forma', preMoneyValuation: '42000000.00', fullyDilutedBefore: '42000000', fullyDilutedAfter: '50000000' });
    expect(proForma.body.rows.map((r: { holderId: string; sharesAfter: string; fractionAfter: string }) => [r.holderId, r.sharesAfter, r.fractionAfter])).toEqual([
      ['founder', '30000000', '0.6000000000'],
      ['seed', '9000000', '0.1800000000'],
      ['esop', '1000000', '0.0200000000'],
      ['option-pool-top-up', '2000000', '0.0400000000'],
      [lead, '6000000', '0.1200000000'],
      [major, '2000000', '0.0400000000'],
    ]);
    const jd = await api.investor(major);
    expectProblem(await api.http.get(`/rounds/${roundId}/cap-table`).set(bearer(jd)), 403, 'FORBIDDEN');

    expectStatus(await api.http.post(`/rounds/${roundId}/close`).set(bearer(company)).send({}), 200);
    const seen = await api.http.get(`/rounds/${roundId}/cap-table`).set(bearer(jd));
    expectStatus(seen, 200);
    expect(seen.body).toMatchObject({ basis: 'closed', pricePerShare: '1.00000000', fullyDilutedAfter: '50000000' });
    expect(seen.body.rows.filter((r: { kind: string }) => r.kind === 'new-investor')).toEqual([expect.objectContaining({ holderId: major, sharesAfter: '2000000', closing: 'final' })]);
    expect(JSON.stringify(seen.body)).not.toContain(lead);

    const csv = await api.http.get(`/rounds/${roundId}/cap-table?format=csv`).set(bearer(await api.auditor()));
    expectStatus(csv, 200);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('holderId,name,kind,sharesBefore,fractionBefore,sharesAfter,fractionAfter,invested,closing');
    expect(lines[5]).toBe(`${lead},${lead} Capital,new-investor,0,,6000000,0.1200000000,6000000.00,final`);

    // As a PRC company keeps its books: registered capital at par (0.25 a share here), the premium as capital reserve.
    const prc = await api.http.get(`/rounds/${roundId}/cap-table?presentation=registered-capital&parValue=0.25`).set(bearer(company));
    expectStatus(prc, 200);
    expect(prc.body).toMatchObject({ parValue: '0.25', registeredCapitalBefore: '10000000.00', registeredCapitalAfter: '12500000.00', capitalReserveAdded: '6000000.00', belowPar: false });
    expect(prc.body.rows.find((r: { holderId: string }) => r.holderId === lead)).toMatchObject({ registeredCapitalAfter: '1500000.00', capitalReserve: '4500000.00' });
    // An investor's view of it is its closing documents' view: its own row only among the new investors.
    const own = await api.http.get(`/rounds/${roundId}/cap-table?presentation=registered-capital&parValue=0.25`).set(bearer(jd));
    expectStatus(own, 200);
    expect(JSON.stringify(own.body)).not.toContain(lead);
    const prcCsv = await api.http.get(`/rounds/${roundId}/cap-table?presentation=registered-capital&format=csv`).set(bearer(company));
    expect(prcCsv.text.split('\n')[0]).toBe('holderId,name,kind,sharesBefore,fractionBefore,sharesAfter,fractionAfter,invested,closing,registeredCapitalBefore,registeredCapitalAfter,capitalReserve');
    expectInvalidFields(await api.http.get(`/rounds/${roundId}/cap-table?parValue=1`).set(bearer(company)), ['parValue']);
    expectInvalidFields(await api.http.get(`/rounds/${roundId}/cap-table?presentation=registered-capital&parValue=-1`).set(bearer(company)), ['parValue']);
    expectInvalidFields(await api.http.get(`/rounds/${roundId}/cap-table?presentation=par`).set(bearer(company)), ['presentation']);
  });

  it('refuses bad holders naming each field, and hides the round from another deal team', async () => {
    const { api } = rounds;
    const { roundId } = await api.roundWithInvestors();
    const company = await api.lead();
    expectInvalidFields(await api.http.put(`/rounds/${roundId}/cap-table`).set(bearer(company)).send({ holders: [{ holderId: 'f', name: 'F', shares: '1e6' }] }), ['holders[0].shares']);
    expectProblem(await api.http.get(`/rounds/${roundId}/cap-table`).set(bearer(company)), 404, 'CAP_TABLE_NOT_SET');
    const stranger = await dealLeadToken(`cfo@${freshId('rival')}`);
    expectProblem(await api.http.put(`/rounds/${roundId}/cap-table`).set(bearer(stranger)).send({ holders }), 404, 'ROUND_NOT_FOUND');
  });
});
