import { expectStatus, useRoundsApp } from './support/rounds-api';

// Most-favoured nation over HTTP: a right granted to one investor is offered to the MFN holder, in its own view only.
describe('MFN side letters', () => {
  const rounds = useRoundsApp();

  it('offers the holder the better right another investor was granted, as a proposal it answers itself', async () => {
    const { api } = rounds;
    const { roundId, lead, major } = await api.roundWithInvestors();
    const company = await api.lead();
    const [leadToken, majorToken] = [await api.investor(lead), await api.investor(major)];
    const mfn = await api.proposed(roundId, company, { key: 'mfn', value: true, investorId: major });
    expectStatus(await api.answer(roundId, mfn, 'accept', majorToken), 200);

    const seats = await api.proposed(roundId, company, { key: 'board-seats', value: 2, investorId: lead });
    const granted = await api.answer(roundId, seats, 'accept', leadToken);
    expectStatus(granted, 200);
    expect(granted.body).toMatchObject({ termId: seats, status: 'accepted' });

    // The holder sees an offer of 2 seats by the company, naming nobody else; the grantee sees nothing of it.
    const holderView = (await api.get(roundId, majorToken)).body;
    const offer = holderView.terms.find((t: { key: string }) => t.key === 'board-seats');
    expect(offer).toMatchObject({ investorId: major, value: 2, status: 'pending', proposedBy: { side: 'company' } });
    expect(JSON.stringify(holderView)).not.toContain(lead);
    expect((await api.get(roundId, leadToken)).body.terms.filter((t: { investorId: string | null }) => t.investorId === major)).toEqual([]);
    expectStatus(await api.answer(roundId, offer.termId, 'accept', majorToken), 200);
    const agreed = (await api.view(roundId)).terms as { termId: string; status: string }[];
    expect(agreed.find((t) => t.termId === offer.termId)?.status).toBe('accepted');
  });
});
