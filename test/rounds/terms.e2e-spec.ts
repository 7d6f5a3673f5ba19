import { bearer, dealLeadToken } from './support/tokens';
import { expectInvalidFields, expectProblem, expectStatus, expectWrite, freshId, useRoundsApp } from './support/rounds-api';

const valuation = (amount: string, basis = 'post-money') => ({ key: 'valuation', value: { amount, basis } });

describe('terms: propose, counter, accept, reject, withdraw', () => {
  const rounds = useRoundsApp();

  it('records a company proposal as pending: 201 with the term id and the new revision', async () => {
    const { api } = rounds;
    const { roundId } = await api.roundWithInvestors();
    const response = await api.propose(roundId, await api.lead(), valuation('60000000.00'));

    expectWrite(response, 201);
    expect(response.body).toEqual({ roundId, termId: expect.any(String), revision: response.body.revision });
    const view = await api.view(roundId);
    expect(view.revision).toEqual(response.body.revision);
    expect(view.terms).toEqual([
      expect.objectContaining({
        termId: response.body.termId,
        key: 'valuation',
        value: { amount: '60000000.00', basis: 'post-money' },
        status: 'pending',
        proposedBy: expect.anything(),
      }),
    ]);
    expect(JSON.stringify((view.terms as { proposedBy: unknown }[])[0].proposedBy)).toContain('cfo@company.example');
  });

  it("lets the lead investor accept the company's valuation, which becomes the round's", async () => {
    const { api } = rounds;
    const { roundId, lead } = await api.roundWithInvestors();
    const termId = await api.proposed(roundId, await api.lead(), valuation('60000000.00', 'pre-money'));

    const response = await api.answer(roundId, termId, 'accept', await api.investor(lead));
    expectWrite(response, 200);
    expect(response.body).toEqual({ roundId, termId, status: 'accepted', revision: response.body.revision });
    const view = await api.view(roundId);
    expect(view.valuation).toEqual({ amount: '60000000.00', basis: 'pre-money' });
    expect(view.terms).toEqual([expect.objectContaining({ termId, status: 'accepted' })]);
  });

  it('changes target and hard cap when a round-size term is accepted', async () => {
    const { api } = rounds;
    const { roundId, lead } = await api.roundWithInvestors();
    const termId = await api.proposed(roundId, await api.lead(), {
      key: 'round-size',
      value: { targetAmount: '9000000.00', hardCap: '12000000.00' },
    });
    expectStatus(await api.answer(roundId, termId, 'accept', await api.investor(lead)), 200);
    expect(await api.view(roundId)).toMatchObject({ targetAmount: '9000000.00', hardCap: '12000000.00' });
  });

  it("lets a deal-lead accept an investor's proposal", async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    const termId = await api.proposed(roundId, await api.investor(major), { key: 'pro-rata-rights', value: true });
    const response = await api.answer(roundId, termId, 'accept', await api.lead());
    expectWrite(response, 200);
    expect(response.body.status).toBe('accepted');
    expect(await api.view(roundId)).toMatchObject({
      terms: [expect.objectContaining({ termId, key: 'pro-rata-rights', value: true, status: 'accepted' })],
    });
  });

  it('plays a counter-offer chain: company 60 m, lead counters 45 m, company counters 55 m, lead accepts', async () => {
    const { api } = rounds;
    const { roundId, lead } = await api.roundWithInvestors();
    const company = await api.lead();
    const tencent = await api.investor(lead);

    const first = await api.proposed(roundId, company, valuation('60000000.00'));
    const counter = await api.proposed(roundId, tencent, { ...valuation('45000000.00'), supersedes: first });
    const recounter = await api.proposed(roundId, company, { ...valuation('55000000.00'), supersedes: counter });
    expectStatus(await api.answer(roundId, recounter, 'accept', tencent), 200);

    const view = await api.view(roundId);
    expect(view.valuation).toEqual({ amount: '55000000.00', basis: 'post-money' });
    const statuses = Object.fromEntries((view.terms as { termId: string; status: string }[]).map((t) => [t.termId, t.status]));
    expect(statuses).toEqual({ [first]: 'superseded', [counter]: 'superseded', [recounter]: 'accepted' });
  });

  it('lets the proposer revise its own pending proposal by superseding it', async () => {
    const { api } = rounds;
    const { roundId } = await api.roundWithInvestors();
    const company = await api.lead();
    const first = await api.proposed(roundId, company, { key: 'x-no-shop', value: '60 days' });
    const revised = await api.proposed(roundId, company, { key: 'x-no-shop', value: '90 days', supersedes: first });
    const terms = (await api.view(roundId)).terms as { termId: string; status: string; value: unknown }[];
    expect(terms).toEqual([
      expect.objectContaining({ termId: first, status: 'superseded', value: '60 days' }),
      expect.objectContaining({ termId: revised, status: 'pending', value: '90 days' }),
    ]);
  });

  it('records a rejection with its reason', async () => {
    const { api } = rounds;
    const { roundId, lead } = await api.roundWithInvestors();
    const termId = await api.proposed(roundId, await api.lead(), {
      key: 'liquidation-preference',
      value: { multiple: '2', participating: true },
    });
    const response = await api.answer(roundId, termId, 'reject', await api.investor(lead), {
      reason: '2x participating is off-market',
    });
    expectWrite(response, 200);
    expect(response.body).toEqual({ roundId, termId, status: 'rejected', revision: response.body.revision });
    expect((await api.view(roundId)).terms).toEqual([expect.objectContaining({ termId, status: 'rejected' })]);
  });

  it('lets the proposer withdraw, and a new proposal on the key needs no supersedes afterwards', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    const jd = await api.investor(major);
    const termId = await api.proposed(roundId, jd, { key: 'x-information-rights', value: 'Quarterly management accounts' });
    const response = await api.answer(roundId, termId, 'withdraw', jd);
    expectWrite(response, 200);
    expect(response.body).toEqual({ roundId, termId, status: 'withdrawn', revision: response.body.revision });
    expectStatus(await api.propose(roundId, jd, { key: 'x-information-rights', value: 'Monthly accounts' }), 201);
  });

  it('keeps each kind of term value as sent', async () => {
    const { api } = rounds;
    const { roundId, major } = await api.roundWithInvestors();
    const company = await api.lead();
    const sent = [
      { key: 'liquidation-preference', value: { multiple: '1.5', participating: false } },
      { key: 'board-seats', value: 2, investorId: major },
      { key: 'pro-rata-rights', value: true, investorId: major },
      { key: 'x-no-shop', value: '60 days, binding' },
      { key: 'round-size', value: { targetAmount: '9000000.00', hardCap: '11000000.00' } },
      valuation('55000000.00'),
    ];
    for (const term of sent) expectStatus(await api.propose(roundId, company, term), 201);
    const terms = (await api.view(roundId)).terms as { key: string; value: unknown; status: string; investorId: string | null }[];
    expect(terms.map(({ key, value, status, investorId }) => ({ key, value, status, investorId }))).toEqual(
      sent.map((term) => ({ investorId: null, ...term, status: 'pending' })),
    );
  });

  describe('who may answer', () => {
    it("refuses a non-lead investor answering the company's proposal: 403 NOT_COUNTERPARTY", async () => {
      const { api } = rounds;
      const { roundId, major } = await api.roundWithInvestors();
      const termId = await api.proposed(roundId, await api.lead(), valuation('60000000.00'));
      const jd = await api.investor(major);
      await api.refused(roundId, async () => api.answer(roundId, termId, 'accept', jd), 403, 'NOT_COUNTERPARTY');
      await api.refused(roundId, async () => api.answer(roundId, termId, 'reject', jd, { reason: 'no' }), 403, 'NOT_COUNTERPARTY');
    });

    // An investor's own terms are its side letter: to another investor they do not exist.
    it("answers another investor trying an investor's own term as for a term that does not exist: 404 TERM_NOT_FOUND", async () => {
      const { api } = rounds;
      const { roundId, lead, major } = await api.roundWithInvestors();
      const termId = await api.proposed(roundId, await api.investor(major), { key: 'pro-rata-rights', value: true });
      const tencent = await api.investor(lead);
      const missing = await api.answer(roundId, 'no-such-term', 'accept', tencent);
      const answered = await api.refused(roundId, async () => api.answer(roundId, termId, 'accept', tencent), 404, 'TERM_NOT_FOUND');
      expect(answered.body.title).toBe(missing.body.title);
      const seen = await api.get(roundId, tencent);
      expect(JSON.stringify(seen.body)).not.toContain(termId);
    });

    it('lets two investors each ask for their own board seat at the same time', async () => {
      const { api } = rounds;
      const { roundId, lead, major } = await api.roundWithInvestors();
      const tencentSeat = await api.proposed(roundId, await api.investor(lead), { key: 'board-seats', value: 1 });
      const jdSeat = await api.proposed(roundId, await api.investor(major), { key: 'board-seats', value: 1 });
      const company = await api.lead();
      expectStatus(await api.answer(roundId, tencentSeat, 'accept', company), 200);
      expectStatus(await api.answer(roundId, jdSeat, 'reject', company, { reason: 'Observer seat only' }), 200);
      const terms = (await api.view(roundId)).terms as { termId: string; investorId: string; status: string }[];
      expect(terms.map(({ termId, investorId, status }) => ({ termId, investorId, status }))).toEqual([
        { termId: tencentSeat, investorId: lead, status: 'accepted' },
        { termId: jdSeat, investorId: major, status: 'rejected' },
      ]);
    });

    it('keeps round-wide economics to the company and the lead: 403 ROUND_TERMS_RESERVED', async () => {
      const { api } = rounds;
      const { roundId, lead, major } = await api.roundWithInvestors();
      const jd = await api.investor(major);
      await api.refused(roundId, async () => api.propose(roundId, jd, valuation('200000000.00')), 403, 'ROUND_TERMS_RESERVED');
      expectStatus(await api.propose(roundId, await api.investor(lead), valuation('45000000.00')), 201);
    });

    it('refuses accepting your own proposal: 403 CANNOT_ACCEPT_OWN_PROPOSAL, company and investor alike', async () => {
      const { api } = rounds;
      const { roundId, major } = await api.roundWithInvestors({ dealTeam: ['ceo@company.example'] });
      const company = await api.lead();
      const companyTerm = await api.proposed(roundId, company, valuation('60000000.00'));
      await api.refused(roundId, async () => api.answer(roundId, companyTerm, 'accept', company), 403, 'CANNOT_ACCEPT_OWN_PROPOSAL');
      // Another deal-lead of the round's deal team speaks for the same side.
      const colleague = bearer(await dealLeadToken('ceo@company.example'));
      await api.refused(
        roundId,
        () => api.http.post(`/rounds/${roundId}/terms/${companyTerm}/accept`).set(colleague).send({}),
        403,
        'CANNOT_ACCEPT_OWN_PROPOSAL',
      );
      const jd = await api.investor(major);
      const investorTerm = await api.proposed(roundId, jd, { key: 'board-seats', value: 1 });
      await api.refused(roundId, async () => api.answer(roundId, investorTerm, 'accept', jd), 403, 'CANNOT_ACCEPT_OWN_PROPOSAL');
    });

    it('refuses withdrawal by anyone but the proposer: 403 NOT_PROPOSER', async () => {
      const { api } = rounds;
      const { roundId, lead, major } = await api.roundWithInvestors();
      const termId = await api.proposed(roundId, await api.lead(), valuation('60000000.00'));
      await api.refused(roundId, async () => api.answer(roundId, termId, 'withdraw', await api.investor(lead)), 403, 'NOT_PROPOSER');
      const investorTerm = await api.proposed(roundId, await api.investor(major), { key: 'pro-rata-rights', value: true });
      await api.refused(roundId, async () => api.answer(roundId, investorTerm, 'withdraw', await api.lead()), 403, 'NOT_PROPOSER');
    });

    it('refuses a counter from someone who is not a party to the proposal: 403 NOT_COUNTERPARTY', async () => {
      const { api } = rounds;
      const { roundId, major } = await api.roundWithInvestors();
      const termId = await api.proposed(roundId, await api.lead(), { key: 'x-no-shop', value: '60 days' });
      const jd = await api.investor(major);
      await api.refused(
        roundId,
        async () => api.propose(roundId, jd, { key: 'x-no-shop', value: '30 days', supersedes: termId }),
        403,
        'NOT_COUNTERPARTY',
      );
    });

    // To an investor it did not admit, the round does not exist (test/security/confidentiality.e2e-spec.ts).
    it('refuses an investor who is not admitted to the round as if there were no round', async () => {
      const { api } = rounds;
      const { roundId } = await api.roundWithInvestors();
      const outsider = await api.investor(freshId('outsider'));
      const before = await api.revision(roundId);
      const response = await api.propose(roundId, outsider, { key: 'pro-rata-rights', value: true });
      expectProblem(response, 404, 'ROUND_NOT_FOUND');
      expect(await api.revision(roundId)).toBe(before);
    });
  });

  describe('state of the negotiation', () => {
    it('refuses a second proposal on a key with a pending one: 409 TERM_PENDING', async () => {
      const { api } = rounds;
      const { roundId, lead } = await api.roundWithInvestors();
      await api.proposed(roundId, await api.lead(), valuation('60000000.00'));
      const tencent = await api.investor(lead);
      await api.refused(roundId, async () => api.propose(roundId, tencent, valuation('45000000.00')), 409, 'TERM_PENDING');
    });

    it('answers 404 TERM_NOT_FOUND for an unknown term, to accept, reject, withdraw or supersede', async () => {
      const { api } = rounds;
      const { roundId, lead } = await api.roundWithInvestors();
      const tencent = await api.investor(lead);
      const unknown = freshId('term');
      await api.refused(roundId, async () => api.answer(roundId, unknown, 'accept', tencent), 404, 'TERM_NOT_FOUND');
      await api.refused(roundId, async () => api.answer(roundId, unknown, 'reject', tencent, { reason: 'x' }), 404, 'TERM_NOT_FOUND');
      await api.refused(roundId, async () => api.answer(roundId, unknown, 'withdraw', tencent), 404, 'TERM_NOT_FOUND');
      await api.refused(
        roundId,
        async () => api.propose(roundId, tencent, { ...valuation('45000000.00'), supersedes: unknown }),
        404,
        'TERM_NOT_FOUND',
      );
    });

    it('answers 404 ROUND_NOT_FOUND when proposing to an unknown round', async () => {
      const { api } = rounds;
      expectProblem(await api.propose(freshId('nowhere'), await api.lead(), valuation('1.00')), 404, 'ROUND_NOT_FOUND');
    });

    // Not in the contract's status list: a state conflict, read as 409 or 422.
    it('refuses answering a term that is no longer pending with TERM_NOT_PENDING', async () => {
      const { api } = rounds;
      const { roundId, lead } = await api.roundWithInvestors();
      const tencent = await api.investor(lead);
      const termId = await api.proposed(roundId, await api.lead(), { key: 'x-no-shop', value: '60 days' });
      expectStatus(await api.answer(roundId, termId, 'accept', tencent), 200);
      for (const action of ['accept', 'reject'] as const) {
        const before = await api.revision(roundId);
        const response = await api.answer(roundId, termId, action, tencent, action === 'reject' ? { reason: 'late' } : {});
        expect([409, 422]).toContain(response.status);
        expectProblem(response, response.status, 'TERM_NOT_PENDING');
        expect(await api.revision(roundId)).toBe(before);
      }
    });

    // Read as 422, a business rule.
    it('refuses company proposals while no lead investor could answer them: NO_LEAD_INVESTOR', async () => {
      const { api } = rounds;
      const { roundId } = await api.openRound();
      await api.refused(roundId, async () => api.propose(roundId, await api.lead(), valuation('60000000.00')), 422, 'NO_LEAD_INVESTOR');
    });

    // Read as 409 or 422: the round changed under the proposal.
    it('refuses accepting a round size the book has outgrown: TERM_CONFLICTS_WITH_ROUND', async () => {
      const { api } = rounds;
      const { roundId, lead, major } = await api.roundWithInvestors({ oversubscription: 'reject', disclosure: 'book-totals' });
      const termId = await api.proposed(roundId, await api.lead(), {
        key: 'round-size',
        value: { targetAmount: '6000000.00', hardCap: '7000000.00' },
      });
      expectStatus(await api.commit(roundId, major, '8000000.00'), 201);
      const tencent = await api.investor(lead);
      const before = await api.revision(roundId);
      const response = await api.answer(roundId, termId, 'accept', tencent);
      expect([409, 422]).toContain(response.status);
      expectProblem(response, response.status, 'TERM_CONFLICTS_WITH_ROUND');
      expect(await api.revision(roundId)).toBe(before);
    });
  });

  describe('refuses bad terms with 400 naming the field, and writes nothing', () => {
    it.each([
      ['an unknown key', { key: 'drag-along', value: true }, 'key'],
      ['board seats as a string', { key: 'board-seats', value: '2' }, 'value'],
      ['a fractional number of board seats', { key: 'board-seats', value: 1.5 }, 'value'],
      ['pro-rata rights as a string', { key: 'pro-rata-rights', value: 'yes' }, 'value'],
      ['a multiple as a number', { key: 'liquidation-preference', value: { multiple: 1.5, participating: false } }, 'value.multiple'],
      ['a multiple of zero', { key: 'liquidation-preference', value: { multiple: '0', participating: false } }, 'value.multiple'],
      [
        'participation as a string',
        { key: 'liquidation-preference', value: { multiple: '1', participating: 'no' } },
        'value.participating',
      ],
      ['a valuation with three decimals', valuation('60000000.001'), 'value.amount'],
      ['a valuation without a basis', { key: 'valuation', value: { amount: '60000000.00' } }, 'value.basis'],
      ['a post-money valuation below the hard cap', valuation('9000000.00'), 'value.amount'],
      [
        'a round size with the target above the cap',
        { key: 'round-size', value: { targetAmount: '12000000.00', hardCap: '11000000.00' } },
        'value.targetAmount',
      ],
      ['a blank custom term', { key: 'x-side-letter', value: '  ' }, 'value'],
      ['a client-chosen term id', { key: 'pro-rata-rights', value: true, termId: 'mine' }, 'termId'],
      [
        'an unknown field inside the value',
        { key: 'valuation', value: { amount: '60000000.00', basis: 'post-money', currency: 'USD' } },
        'value.currency',
      ],
    ])('%s', async (_, body, field) => {
      const { api } = rounds;
      const { roundId } = await api.roundWithInvestors();
      const response = await api.refused(roundId, async () => api.propose(roundId, await api.lead(), body), 400, 'VALIDATION_FAILED');
      expectInvalidFields(response, [field]);
    });

    it('refuses a counter that names a proposal about another key', async () => {
      const { api } = rounds;
      const { roundId, lead } = await api.roundWithInvestors();
      const termId = await api.proposed(roundId, await api.lead(), { key: 'x-no-shop', value: '60 days' });
      const tencent = await api.investor(lead);
      const response = await api.refused(
        roundId,
        async () => api.propose(roundId, tencent, { ...valuation('45000000.00'), supersedes: termId }),
        400,
        'VALIDATION_FAILED',
      );
      expectInvalidFields(response, ['supersedes']);
    });
  });
});
