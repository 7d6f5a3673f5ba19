import type { Response } from 'supertest';
import { expectInvalidFields, expectProblem, expectStatus, freshId, roundBody, useRoundsApp } from '../rounds/support/rounds-api';
import { adminToken, bearer, investorToken } from '../rounds/support/tokens';
import {
  BOOK_TOTAL,
  ConfidentialRound,
  confidentialRound,
  lastPosition,
  leaked,
  OWN_AMOUNT,
  revisionOf,
  SECRET_AMOUNT,
  secretsOf,
  SECURITY_ENV,
} from './support/confidential-round';

// Deal-room products keep investors apart (DOMAIN.md): an investor sees the round's own facts and terms,
// its own commitment and allocation, nothing of the other investors, and the book's totals only when the
// company opened the round with `disclosure: "book-totals"`.

describe('confidentiality', () => {
  const rounds = useRoundsApp(SECURITY_ENV);

  const read = async (roundId: string, token: string): Promise<Response> => {
    const response = await rounds.api.http.get(`/rounds/${roundId}`).set(bearer(token));
    expectStatus(response, 200);
    return response;
  };

  describe('the disclosure option of POST /rounds', () => {
    it('is none unless the company asks for book-totals, and the deal team, auditors and admins see which', async () => {
      const { api } = rounds;
      const quiet = await confidentialRound(api, { leadCommits: true });
      const open = await confidentialRound(api, { leadCommits: true, open: { disclosure: 'book-totals' } });
      for (const token of [await api.lead(), await api.auditor(), await adminToken()]) {
        expect((await read(quiet.roundId, token)).body).toMatchObject({ disclosure: 'none', totalCommitted: BOOK_TOTAL });
        expect((await read(open.roundId, token)).body).toMatchObject({ disclosure: 'book-totals', totalCommitted: BOOK_TOTAL });
      }
    });

    it('shows an investor the book total only when the round discloses it, and never the others', async () => {
      const { api } = rounds;
      const quiet = await confidentialRound(api, { leadCommits: true });
      const open = await confidentialRound(api, { leadCommits: true, open: { disclosure: 'book-totals' } });

      const hidden = await read(quiet.roundId, await api.investor(quiet.lead));
      expect(hidden.body.totalCommitted).toBeNull();
      expect(hidden.body).not.toHaveProperty('disclosure');
      expect(leaked(hidden, secretsOf(quiet))).toEqual([]);

      const shown = await read(open.roundId, await api.investor(open.lead));
      expect(shown.body.totalCommitted).toBe(BOOK_TOTAL);
      expect(leaked(shown, secretsOf(open, { totals: false }))).toEqual([]);
      expect(shown.body.commitments).toEqual([expect.objectContaining({ investorId: open.lead, amount: OWN_AMOUNT, currency: 'USD', status: 'committed' })]);
    });

    it('refuses any other value, naming the field', async () => {
      const { api } = rounds;
      for (const disclosure of ['all', 'BOOK-TOTALS', '', 1, true, ['none']]) {
        const response = await api.http.post('/rounds').set(bearer(await api.lead())).send(roundBody({ disclosure }));
        expectInvalidFields(response, ['disclosure']);
      }
    });
  });

  describe('what an admitted investor sees of its round', () => {
    it('itself among the investors and commitments, the company\u2019s terms, and its own, never another investor\u2019s', async () => {
      const { api } = rounds;
      const round = await confidentialRound(api, { leadCommits: true });
      const own = await api.proposed(round.roundId, await api.investor(round.lead), { key: 'x-side-letter', value: 'MFN' });
      const response = await read(round.roundId, await api.investor(round.lead));
      expect(response.body).toMatchObject({
        investors: [{ investorId: round.lead, name: 'Lumen Lead Partners', tier: 'lead', maxTicket: null }],
        commitments: [{ investorId: round.lead, amount: OWN_AMOUNT, currency: 'USD', status: 'committed' }],
        totalCommitted: null,
        allocations: null,
        postMoneyValuation: null,
      });
      const proposers = Object.fromEntries(response.body.terms.map((term: { termId: string; proposedBy: unknown }) => [term.termId, term.proposedBy]));
      expect(proposers).toEqual({
        [round.companyTerm as string]: { side: 'company', sub: 'cfo@company.example' },
        [own]: { side: 'investor', investorId: round.lead, sub: `ir@${round.lead}` },
      });
      // The other investor's own term (its side letter) is not there at all.
      expect(JSON.stringify(response.body)).not.toContain(round.majorTerm as string);
      expect(leaked(response, secretsOf(round))).toEqual([]);
    });

    // At the close an investor sees what its closing documents show it: its allocation, and the
    // post-money capitalisation (so the amount sold), whatever the disclosure; never the book as committed.
    it('its own allocation after a scale-back, and the post-money capitalisation its closing documents show', async () => {
      const { api } = rounds;
      const preMoney = { valuation: { amount: '50000000.00', basis: 'pre-money' }, oversubscription: 'scale-back' };
      const closed: Record<string, { round: ConfidentialRound; body: Record<string, unknown> }> = {};
      for (const disclosure of ['none', 'book-totals']) {
        const round = await confidentialRound(api, { pendingTerms: false, open: { ...preMoney, disclosure } });
        // 6,123,457.89 + 5,000,000.00 is over the 10 m cap: both are scaled back.
        expectStatus(await api.commit(round.roundId, round.lead, '5000000.00'), 201);
        expectStatus(await api.http.post(`/rounds/${round.roundId}/close`).set(bearer(await api.lead())).send({}), 200);
        const response = await read(round.roundId, await api.investor(round.lead));
        closed[disclosure] = { round, body: response.body };
        expect(leaked(response, [...secretsOf(round), '11123457.89'])).toEqual(disclosure === 'none' ? [] : ['11123457.89']);
      }
      const { round, body } = closed.none;
      expect(body.allocations).toEqual([{ investorId: round.lead, committed: '5000000.00', allocated: expect.any(String), ownership: expect.any(String) }]);
      expect((body.allocations as { allocated: string }[])[0].allocated).not.toBe('5000000.00');
      expect(body).toMatchObject({ status: 'closed', totalCommitted: null, postMoneyValuation: '60000000.00' });
      expect(closed['book-totals'].body).toMatchObject({ totalCommitted: '11123457.89', postMoneyValuation: '60000000.00' });
    });
  });

  describe('a round an investor was not admitted to', () => {
    let scene: { open: ConfidentialRound; closed: string; cancelled: string; otherRound: string; outsider: string; outsiderToken: string; usedKey: string };

    beforeAll(async () => {
      const { api } = rounds;
      const open = await confidentialRound(api);
      const closed = await confidentialRound(api, { pendingTerms: false });
      expectStatus(await api.http.post(`/rounds/${closed.roundId}/close`).set(bearer(await api.lead())).send({}), 200);
      const cancelled = await confidentialRound(api);
      expectStatus(await api.http.post(`/rounds/${cancelled.roundId}/cancel`).set(bearer(await api.lead())).send({ reason: 'market' }), 200);
      // The outsider is admitted elsewhere, where it has used an idempotency key: a key it may then reuse by mistake.
      const outsider = freshId('outsider');
      const { roundId: otherRound } = await api.openRound();
      await api.admit(otherRound, { investorId: outsider, tier: 'other' });
      const outsiderToken = await investorToken(outsider);
      const usedKey = freshId('key');
      const used = await api.http.put(`/rounds/${otherRound}/commitments/${outsider}`).set(bearer(outsiderToken)).set('Idempotency-Key', usedKey).send({ amount: '200000.00', currency: 'USD' });
      expectStatus(used, 201);
      scene = { open, closed: closed.roundId, cancelled: cancelled.roundId, otherRound, outsider, outsiderToken, usedKey };
    });

    type Probe = [string, (roundId: string) => PromiseLike<Response>];

    function probes(): Probe[] {
      const { http } = rounds.api;
      const { outsider, outsiderToken, usedKey, open } = scene;
      const as = { Authorization: `Bearer ${outsiderToken}` };
      const term = open.companyTerm;
      const commit = (roundId: string, investorId: string) => http.put(`/rounds/${roundId}/commitments/${investorId}`).set(as);
      const now = encodeURIComponent(new Date().toISOString());
      return [
        ['GET', (id) => http.get(`/rounds/${id}`).set(as)],
        ['GET ?atRevision=0', (id) => http.get(`/rounds/${id}?atRevision=0`).set(as)],
        ['GET ?atRevision=99', (id) => http.get(`/rounds/${id}?atRevision=99`).set(as)],
        ['GET ?asOf=now', (id) => http.get(`/rounds/${id}?asOf=${now}`).set(as)],
        ['GET ?atRevision=bad', (id) => http.get(`/rounds/${id}?atRevision=-1`).set(as)],
        ['history', (id) => http.get(`/rounds/${id}/history`).set(as)],
        ['export', (id) => http.get(`/rounds/${id}/history?format=jsonl`).set(as)],
        ['manifest', (id) => http.get(`/rounds/${id}/history/manifest`).set(as)],
        ['verify', (id) => http.get(`/rounds/${id}/verify`).set(as)],
        ['receipt', (id) => http.get(`/rounds/${id}/receipts/0`).set(as)],
        ['propose', (id) => http.post(`/rounds/${id}/terms`).set(as).send({ key: 'pro-rata-rights', value: true })],
        ['propose, bad body', (id) => http.post(`/rounds/${id}/terms`).set(as).send({ key: 5, extra: 1 })],
        ['propose, If-Match', (id) => http.post(`/rounds/${id}/terms`).set(as).set('If-Match', '"3"').send({ key: 'pro-rata-rights', value: true })],
        ['propose, bad If-Match', (id) => http.post(`/rounds/${id}/terms`).set(as).set('If-Match', 'soon').send({ key: 'pro-rata-rights', value: true })],
        ['accept', (id) => http.post(`/rounds/${id}/terms/${term}/accept`).set(as).send({})],
        ['accept, If-Match', (id) => http.post(`/rounds/${id}/terms/${term}/accept`).set(as).set('If-Match', '"0"').send({})],
        ['reject', (id) => http.post(`/rounds/${id}/terms/${term}/reject`).set(as).send({ reason: 'no' })],
        ['withdraw', (id) => http.post(`/rounds/${id}/terms/${term}/withdraw`).set(as).send({})],
        ['withdraw, a body', (id) => http.post(`/rounds/${id}/terms/${term}/withdraw`).set(as).send({ why: 1 })],
        ['commit', (id) => commit(id, outsider).send({ amount: '300000.00', currency: 'USD' })],
        ['commit, bad amount', (id) => commit(id, outsider).send({ amount: '1e6', currency: 'USD' })],
        ['commit, for another', (id) => commit(id, open.major).send({ amount: '300000.00', currency: 'USD' })],
        ['commit, If-Match', (id) => commit(id, outsider).set('If-Match', '"5"').send({ amount: '300000.00', currency: 'USD' })],
        ['commit, new Idempotency-Key', (id) => commit(id, outsider).set('Idempotency-Key', freshId('k')).send({ amount: '300000.00', currency: 'USD' })],
        ['commit, reused Idempotency-Key', (id) => commit(id, outsider).set('Idempotency-Key', usedKey).send({ amount: '300000.00', currency: 'USD' })],
        ['commit, reused key and If-Match', (id) => commit(id, outsider).set('Idempotency-Key', usedKey).set('If-Match', '"5"').send({ amount: '300000.00', currency: 'USD' })],
        ['withdraw commitment', (id) => http.delete(`/rounds/${id}/commitments/${outsider}`).set(as)],
        ['withdraw another\u2019s commitment', (id) => http.delete(`/rounds/${id}/commitments/${open.major}`).set(as)],
        ['admit', (id) => http.post(`/rounds/${id}/investors`).set(as).send({ investorId: outsider, name: 'Me', tier: 'lead' })],
        ['close', (id) => http.post(`/rounds/${id}/close`).set(as).send({})],
        ['cancel', (id) => http.post(`/rounds/${id}/cancel`).set(as).send({ reason: 'x' })],
      ];
    }

    /** Everything a client can see of an answer, with the round's id taken out. */
    const seen = (response: Response, roundId: string) => ({
      status: response.status,
      type: response.headers['content-type'],
      headers: ['etag', 'location', 'x-event-position', 'retry-after', 'idempotent-replayed'].map((name) => response.headers[name] ?? null),
      body: (response.text ?? '').replaceAll(roundId, '<round>'),
    });

    it.each(['open', 'closed', 'cancelled'] as const)('answers every request exactly as for a round that does not exist (%s round)', async (state) => {
      const { api, testApp } = rounds;
      const hidden = state === 'open' ? scene.open.roundId : scene[state];
      const differences: string[] = [];
      const answers = new Set<string>();
      for (const [name, send] of probes()) {
        const [revision, position] = [await revisionOf(api, hidden), await lastPosition(testApp)];
        const missing = freshId('round');
        const [onHidden, onMissing] = [await send(hidden), await send(missing)];
        const [a, b] = [seen(onHidden, hidden), seen(onMissing, missing)];
        if (JSON.stringify(a) !== JSON.stringify(b)) differences.push(`${name}:\n  hidden:  ${JSON.stringify(a)}\n  missing: ${JSON.stringify(b)}`);
        answers.add(`${a.status} ${onHidden.body?.code}`);
        expect({ name, revision: await revisionOf(api, hidden), position: await lastPosition(testApp) }).toEqual({ name, revision, position });
      }
      expect(differences).toEqual([]);
      // The comparison covers every kind of answer, not only the 404. A reused key is only checked by a
      // request that would write, so on a round that is hidden (or missing) it is answered with the 404.
      expect([...answers].sort()).toEqual(['400 VALIDATION_FAILED', '403 FORBIDDEN', '404 RECEIPT_NOT_FOUND', '404 ROUND_NOT_FOUND', '412 REVISION_MISMATCH']);
    });

    it('is the same 404 whichever way the investor asks for it', async () => {
      const response = await rounds.api.http.get(`/rounds/${scene.open.roundId}`).set(bearer(scene.outsiderToken));
      expectProblem(response, 404, 'ROUND_NOT_FOUND');
      expect(response.body.detail).toBe(`There is no round ${scene.open.roundId}.`);
    });
  });

  describe('what refusals tell an investor', () => {
    // A round that shows its book refuses oversubscription; one that hides it may not (issue 14: a
    // refusal is an answer), so it scales back. The lead investor may take up to 5 m.
    const scene = async (disclosure: 'none' | 'book-totals') => {
      const { api } = rounds;
      const { roundId } = await api.openRound({ oversubscription: disclosure === 'none' ? 'scale-back' : 'reject', disclosure });
      const lead = freshId('lumen');
      const major = freshId('mistral');
      await api.admit(roundId, { investorId: lead, tier: 'lead', name: 'Lumen Lead Partners', maxTicket: '5000000.00' });
      await api.admit(roundId, { investorId: major, tier: 'major', name: 'Mistral Secret Ventures' });
      expectStatus(await api.commit(roundId, major, SECRET_AMOUNT), 201);
      const majorTerm = await api.proposed(roundId, await api.investor(major), { key: 'pro-rata-rights', value: true });
      return { roundId, lead, major, companyTerm: null, majorTerm } satisfies ConfidentialRound;
    };
    // 10,000,000.00 cap - 6,123,457.89 committed by the other investor.
    const ROOM = '3876542.11';

    it('ROUND_FULL comes only from a round that shows its book, and then says how much room is left', async () => {
      const { api } = rounds;
      const refused = await api.http.post('/rounds').set(bearer(await api.lead())).send(roundBody({ oversubscription: 'reject', disclosure: 'none' }));
      expectInvalidFields(refused, ['oversubscription']);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'oversubscription', rule: 'reject-requires-book-totals' })]);
      // In a round that hides its book an amount that does not fit is taken, and scaled back at the close.
      const quiet = await scene('none');
      expectStatus(await api.commit(quiet.roundId, quiet.lead, '3876542.12'), 201);

      const open = await scene('book-totals');
      // The deal team sees the book itself; what it enters for an investor binds nobody, so it takes no room.
      expectStatus(await api.commit(open.roundId, open.lead, '3876542.12', await api.lead()), 201);
      expectProblem(await api.http.post(`/rounds/${open.roundId}/commitments/${open.lead}/confirm`).set(bearer(await api.investor(open.lead))).send(), 422, 'ROUND_FULL');
      const told = await api.commit(open.roundId, open.lead, '3876542.12');
      expectProblem(told, 422, 'ROUND_FULL');
      expect(told.body.detail).toBe(`Only ${ROOM} USD fits under the hard cap of 10000000.00 USD`);
    });

    it('a hard cap an investor proposes is not checked against the book it may not know', async () => {
      const { api } = rounds;
      const roundSize = { key: 'round-size', value: { targetAmount: '5000000.00', hardCap: '6000000.00' } };
      const quiet = await scene('none');
      const termId = await api.proposed(quiet.roundId, await api.investor(quiet.lead), roundSize);
      // The company may accept it: the book above the new cap is scaled back at the close.
      expectStatus(await api.answer(quiet.roundId, termId, 'accept', await api.lead()), 200);
      const open = await scene('book-totals');
      expectInvalidFields(await api.propose(open.roundId, await api.investor(open.lead), roundSize), ['value.hardCap']);
    });

    it('no refusal names another investor, its amounts, the book total or the room left', async () => {
      const { api } = rounds;
      const round = await scene('none');
      const token = await api.investor(round.lead);
      const { http } = api;
      const as = bearer(token);
      const commit = (amount: unknown, currency = 'USD') => api.commit(round.roundId, round.lead, amount, token, currency);
      const attempts: [string, () => PromiseLike<Response>][] = [
        ['COMMITMENT_EXCEEDS_HARD_CAP', () => commit('10000000.01')],
        ['BELOW_MINIMUM_TICKET', () => commit('99999.99')],
        ['ABOVE_MAXIMUM_TICKET', () => commit('5000000.01')],
        ['CURRENCY_MISMATCH', () => commit('100000.00', 'EUR')],
        ['VALIDATION_FAILED', () => commit('1e6')],
        ['FORBIDDEN', () => api.commit(round.roundId, round.major, '100000.00', token)],
        ['NO_COMMITMENT', () => http.delete(`/rounds/${round.roundId}/commitments/${round.lead}`).set(as)],
        ['FORBIDDEN', () => http.delete(`/rounds/${round.roundId}/commitments/${round.major}`).set(as)],
        // The other investor's own term is answered as one that does not exist.
        ['TERM_NOT_FOUND', () => api.answer(round.roundId, round.majorTerm, 'accept', token)],
        ['TERM_NOT_FOUND', () => api.answer(round.roundId, round.majorTerm, 'reject', token, { reason: 'no' })],
        ['TERM_NOT_FOUND', () => api.answer(round.roundId, round.majorTerm, 'withdraw', token)],
        ['TERM_NOT_FOUND', () => api.propose(round.roundId, token, { key: 'pro-rata-rights', value: false, supersedes: round.majorTerm })],
        ['NO_INDICATION', () => http.post(`/rounds/${round.roundId}/commitments/${round.lead}/confirm`).set(as).send()],
        ['TERM_NOT_FOUND', () => api.answer(round.roundId, 'no-such-term', 'accept', token)],
        ['VALIDATION_FAILED', () => api.propose(round.roundId, token, { key: 'round-size', value: { targetAmount: '20000000.00', hardCap: '1.00' } })],
        ['FORBIDDEN', () => http.post(`/rounds/${round.roundId}/close`).set(as).send({})],
        ['FORBIDDEN', () => http.get(`/rounds/${round.roundId}/history`).set(as)],
      ];
      const told: string[] = [];
      for (const [code, send] of attempts) {
        const response = await send();
        expect(`${response.status >= 400} ${response.body.code}`).toBe(`true ${code}`);
        // `instance` echoes the path the investor itself sent, naming whom it aimed at.
        const { instance: _echo, ...problem } = response.body;
        told.push(JSON.stringify(problem));
      }
      const secrets = [...secretsOf(round), ROOM];
      expect(told.filter((text) => secrets.some((secret) => text.includes(secret)))).toEqual([]);
      // The other investor's amount is really in the round: the deal-lead reads it.
      expect(leaked(await read(round.roundId, await api.lead()), [SECRET_AMOUNT])).toEqual([SECRET_AMOUNT]);
    });
  });
});
