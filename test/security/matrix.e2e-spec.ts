import type { Response } from 'supertest';
import { expectStatus, freshId, roundBody, RoundsApi, useRoundsApp } from '../rounds/support/rounds-api';
import { adminToken, bearer, investorToken } from '../rounds/support/tokens';
import { ConfidentialRound, confidentialRound, lastPosition, leaked, outcome, revisionOf, secretsOf, SECURITY_ENV } from './support/confidential-round';

/**
 * Every endpoint x every role -> the exact answer. "investor" is the round's admitted lead investor;
 * "outsider" an investor the round did not admit, to whom it must look like no round at all. Every 2xx
 * answered to an investor is searched for the other investor's id, name and amount; every refusal is
 * checked to have written nothing, in the round or anywhere else in the store. A 404 passes only where
 * the row expects it, with its code (ROUND_NOT_FOUND for the outsider): a route the app does not serve
 * (ROUTE_NOT_FOUND, a module left out of AppModule) fails every row that names it.
 */

const ROLES = ['deal-lead', 'investor', 'outsider', 'auditor', 'admin'] as const;
type RoleKey = (typeof ROLES)[number];
type Expected = readonly [string, string, string, string, string];

interface Caller {
  readonly role: RoleKey;
  readonly headers: Record<string, string>;
  /** The investor the caller commits for as "its own": itself, or the lead investor for the others. */
  readonly ownInvestorId: string;
}

type Send = (api: RoundsApi, round: ConfidentialRound, caller: Caller) => PromiseLike<Response>;

const F = '403 FORBIDDEN';
const NF = '404 ROUND_NOT_FOUND';

interface WriteRow {
  readonly name: string;
  /** Rounds that must be closable have no pending terms. */
  readonly pendingTerms: boolean;
  readonly send: Send;
  readonly expected: Expected;
}

const termAction = (which: 'companyTerm' | 'majorTerm', action: 'accept' | 'reject' | 'withdraw'): Send => (api, round, caller) =>
  api.http.post(`/rounds/${round.roundId}/terms/${round[which]}/${action}`).set(caller.headers).send(action === 'reject' ? { reason: 'not now' } : {});

// Another investor's own term is its side letter: to an investor it does not exist.
const TNF = '404 TERM_NOT_FOUND';
// What an investor committed is the investor's: the deal team neither changes nor withdraws it.
const MINE = '403 COMMITMENT_IS_INVESTORS';

// prettier-ignore
const WRITES: WriteRow[] = [
  //                                                                                                             deal-lead  investor                      outsider  auditor  admin
  { name: 'POST /rounds', pendingTerms: true, send: (api, _r, c) => api.http.post('/rounds').set(c.headers).send(roundBody()), expected: ['201', F, F, F, F] },
  { name: 'POST /rounds/:id/investors', pendingTerms: true, send: (api, r, c) => api.http.post(`/rounds/${r.roundId}/investors`).set(c.headers).send({ investorId: freshId('new'), name: 'New Fund', tier: 'other' }), expected: ['201', F, F, F, F] },
  { name: 'POST /rounds/:id/terms', pendingTerms: true, send: (api, r, c) => api.http.post(`/rounds/${r.roundId}/terms`).set(c.headers).send({ key: 'liquidation-preference', value: { multiple: '1', participating: false } }), expected: ['201', '201', NF, F, F] },
  { name: 'POST .../terms/:companyTerm/accept', pendingTerms: true, send: termAction('companyTerm', 'accept'), expected: ['403 CANNOT_ACCEPT_OWN_PROPOSAL', '200', NF, F, F] },
  { name: 'POST .../terms/:companyTerm/reject', pendingTerms: true, send: termAction('companyTerm', 'reject'), expected: ['403 NOT_COUNTERPARTY', '200', NF, F, F] },
  { name: 'POST .../terms/:companyTerm/withdraw', pendingTerms: true, send: termAction('companyTerm', 'withdraw'), expected: ['200', '403 NOT_PROPOSER', NF, F, F] },
  { name: 'POST .../terms/:majorTerm/accept', pendingTerms: true, send: termAction('majorTerm', 'accept'), expected: ['200', TNF, NF, F, F] },
  { name: 'POST .../terms/:majorTerm/reject', pendingTerms: true, send: termAction('majorTerm', 'reject'), expected: ['200', TNF, NF, F, F] },
  { name: 'POST .../terms/:majorTerm/withdraw', pendingTerms: true, send: termAction('majorTerm', 'withdraw'), expected: ['403 NOT_PROPOSER', TNF, NF, F, F] },
  { name: 'PUT .../commitments/:own', pendingTerms: true, send: (api, r, c) => api.http.put(`/rounds/${r.roundId}/commitments/${c.ownInvestorId}`).set(c.headers).send({ amount: '1000000.00', currency: 'USD' }), expected: ['201', '201', NF, F, F] },
  { name: 'PUT .../commitments/:other', pendingTerms: true, send: (api, r, c) => api.http.put(`/rounds/${r.roundId}/commitments/${r.major}`).set(c.headers).send({ amount: '6500000.00', currency: 'USD' }), expected: [MINE, F, NF, F, F] },
  { name: 'DELETE .../commitments/:own', pendingTerms: true, send: (api, r, c) => api.http.delete(`/rounds/${r.roundId}/commitments/${c.ownInvestorId}`).set(c.headers), expected: ['422 NO_COMMITMENT', '422 NO_COMMITMENT', NF, F, F] },
  { name: 'DELETE .../commitments/:other', pendingTerms: true, send: (api, r, c) => api.http.delete(`/rounds/${r.roundId}/commitments/${r.major}`).set(c.headers), expected: [MINE, F, NF, F, F] },
  { name: 'POST .../commitments/:own/confirm', pendingTerms: true, send: (api, r, c) => api.http.post(`/rounds/${r.roundId}/commitments/${c.ownInvestorId}/confirm`).set(c.headers).send(), expected: [F, '422 NO_INDICATION', NF, F, F] },
  { name: 'POST .../commitments/:other/reconfirm', pendingTerms: true, send: (api, r, c) => api.http.post(`/rounds/${r.roundId}/commitments/${r.major}/reconfirm`).set(c.headers).send(), expected: [F, F, NF, F, F] },
  { name: 'POST .../subscriptions/:other/sign', pendingTerms: true, send: (api, r, c) => api.http.post(`/rounds/${r.roundId}/subscriptions/${r.major}/sign`).set(c.headers).send({ documentReference: 'SA-1' }), expected: [F, F, NF, F, F] },
  { name: 'POST .../subscriptions/:other/accept', pendingTerms: true, send: (api, r, c) => api.http.post(`/rounds/${r.roundId}/subscriptions/${r.major}/accept`).set(c.headers).send(), expected: ['422 SUBSCRIPTION_NOT_SIGNED', F, NF, F, F] },
  { name: 'POST .../subscriptions/:other/fundings', pendingTerms: true, send: (api, r, c) => api.http.post(`/rounds/${r.roundId}/subscriptions/${r.major}/fundings`).set(c.headers).send({ amount: '100.00', currency: 'USD', valueDate: '2025-01-02', reference: 'MT-1' }), expected: ['422 SUBSCRIPTION_NOT_ACCEPTED', F, NF, F, F] },
  { name: 'PUT /rounds/:id/deadlines', pendingTerms: true, send: (api, r, c) => api.http.put(`/rounds/${r.roundId}/deadlines`).set(c.headers).send({ fundingDeadline: '2030-01-01T00:00:00Z' }), expected: ['200', F, F, F, F] },
  { name: 'POST /rounds/:id/conditions', pendingTerms: true, send: (api, r, c) => api.http.post(`/rounds/${r.roundId}/conditions`).set(c.headers).send({ title: 'Shareholder resolution' }), expected: ['201', F, NF, F, F] },
  { name: 'POST .../conditions/:unknown/satisfy', pendingTerms: true, send: (api, r, c) => api.http.post(`/rounds/${r.roundId}/conditions/no-such-condition/satisfy`).set(c.headers).send({ evidence: 'x' }), expected: ['404 CONDITION_NOT_FOUND', F, NF, F, F] },
  { name: 'POST /rounds/:id/closings', pendingTerms: false, send: (api, r, c) => api.http.post(`/rounds/${r.roundId}/closings`).set(c.headers).send({}), expected: ['422 NOTHING_TO_CLOSE', F, F, F, F] },
  { name: 'PUT /rounds/:id/cap-table', pendingTerms: true, send: (api, r, c) => api.http.put(`/rounds/${r.roundId}/cap-table`).set(c.headers).send({ holders: [{ holderId: 'founder', name: 'Founder', shares: '1000000' }] }), expected: ['200', F, F, F, F] },
  { name: 'POST /rounds/:id/allocations', pendingTerms: true, send: (api, r, c) => api.http.post(`/rounds/${r.roundId}/allocations`).set(c.headers).send({ allocations: [{ investorId: r.major, amount: '6000000.00' }] }), expected: ['201', F, F, F, F] },
  { name: 'POST .../allocations/:unknown/approve', pendingTerms: true, send: (api, r, c) => api.http.post(`/rounds/${r.roundId}/allocations/no-such-allocation/approve`).set(c.headers).send(), expected: ['404 ALLOCATION_NOT_FOUND', F, F, F, F] },
  { name: 'PUT .../protected-allocations/:major', pendingTerms: true, send: (api, r, c) => api.http.put(`/rounds/${r.roundId}/protected-allocations/${r.major}`).set(c.headers).send({ amount: '5000000.00', currency: 'USD' }), expected: ['200', F, NF, F, F] },
  { name: 'PUT /rounds/:id/allocation-basis', pendingTerms: true, send: (api, r, c) => api.http.put(`/rounds/${r.roundId}/allocation-basis`).set(c.headers).send({ basis: 'funded' }), expected: ['200', F, F, F, F] },
  { name: 'POST .../subscriptions/:major/refunds', pendingTerms: true, send: (api, r, c) => api.http.post(`/rounds/${r.roundId}/subscriptions/${r.major}/refunds`).set(c.headers).send({ amount: '1.00', currency: 'USD', valueDate: '2025-01-02', reference: 'RF-1' }), expected: ['422 ALLOCATION_NOT_FINAL', F, NF, F, F] },
  { name: 'POST /rounds/:id/close', pendingTerms: false, send: (api, r, c) => api.http.post(`/rounds/${r.roundId}/close`).set(c.headers).send({}), expected: ['200', F, F, F, F] },
  { name: 'POST /rounds/:id/cancel', pendingTerms: true, send: (api, r, c) => api.http.post(`/rounds/${r.roundId}/cancel`).set(c.headers).send({ reason: 'market' }), expected: ['200', F, F, F, F] },
];

interface ReadRow {
  readonly name: string;
  readonly send: Send;
  readonly expected: Expected;
}

const get = (path: (round: ConfidentialRound, caller: Caller) => string): Send => (api, round, caller) => api.http.get(path(round, caller)).set(caller.headers);
const AUDIT_TRAIL: Expected = ['200', F, F, '200', '200'];
const ROUND_READ: Expected = ['200', '200', NF, '200', '200'];

// Filled in beforeAll: the revision after the lead investor was admitted, and a time after the close.
const moments = { head: 0, asOf: '' };

// prettier-ignore
const READS: ReadRow[] = [
  { name: 'GET /rounds/:id', send: get((r) => `/rounds/${r.roundId}`), expected: ROUND_READ },
  { name: 'GET /rounds/:id?atRevision=head', send: get((r) => `/rounds/${r.roundId}?atRevision=${moments.head}`), expected: ROUND_READ },
  { name: 'GET /rounds/:id?atRevision=0 (before the investor was admitted)', send: get((r) => `/rounds/${r.roundId}?atRevision=0`), expected: ['200', F, NF, '200', '200'] },
  { name: 'GET /rounds/:id?asOf=now', send: get((r) => `/rounds/${r.roundId}?asOf=${encodeURIComponent(moments.asOf)}`), expected: ROUND_READ },
  { name: 'GET /rounds/:id/history', send: get((r) => `/rounds/${r.roundId}/history`), expected: AUDIT_TRAIL },
  { name: 'GET /rounds/:id/history?format=csv', send: get((r) => `/rounds/${r.roundId}/history?format=csv`), expected: AUDIT_TRAIL },
  { name: 'GET /rounds/:id/history?format=jsonl', send: get((r) => `/rounds/${r.roundId}/history?format=jsonl`), expected: AUDIT_TRAIL },
  { name: 'GET /rounds/:id/history/manifest', send: get((r) => `/rounds/${r.roundId}/history/manifest`), expected: AUDIT_TRAIL },
  { name: 'GET /rounds/:id/verify', send: get((r) => `/rounds/${r.roundId}/verify`), expected: AUDIT_TRAIL },
  { name: 'GET /rounds/:id/subscriptions', send: get((r) => `/rounds/${r.roundId}/subscriptions`), expected: ROUND_READ },
  { name: 'GET /rounds/:id/subscriptions?format=csv', send: get((r) => `/rounds/${r.roundId}/subscriptions?format=csv`), expected: ROUND_READ },
  { name: 'GET /rounds/:id/conditions', send: get((r) => `/rounds/${r.roundId}/conditions`), expected: ROUND_READ },
  { name: 'GET /rounds/:id/conditions?format=csv', send: get((r) => `/rounds/${r.roundId}/conditions?format=csv`), expected: ROUND_READ },
  { name: 'GET /rounds/:id/refusals', send: get((r) => `/rounds/${r.roundId}/refusals`), expected: AUDIT_TRAIL },
  { name: 'GET /rounds/:id/cap-table (none entered)', send: get((r) => `/rounds/${r.roundId}/cap-table`), expected: ['404 CAP_TABLE_NOT_SET', '404 CAP_TABLE_NOT_SET', NF, '404 CAP_TABLE_NOT_SET', '404 CAP_TABLE_NOT_SET'] },
  { name: 'GET /refusals/unknown-rounds', send: get(() => '/refusals/unknown-rounds'), expected: [F, F, F, '200', '200'] },
  { name: 'GET /access-log', send: get(() => '/access-log'), expected: [F, F, F, '200', F] },
  { name: 'GET /access-log/export', send: get(() => '/access-log/export'), expected: [F, F, F, '200', F] },
  { name: 'GET /access-log/verify', send: get(() => '/access-log/verify'), expected: [F, F, F, '200', '200'] },
  { name: 'GET /rounds/:id/receipts/0 (written by the deal-lead)', send: get((r) => `/rounds/${r.roundId}/receipts/0`), expected: ['200', '404 RECEIPT_NOT_FOUND', '404 RECEIPT_NOT_FOUND', '200', '200'] },
  { name: 'GET /.well-known/deal-room/keys', send: get(() => '/.well-known/deal-room/keys'), expected: ['200', '200', '200', '200', '200'] },
  { name: 'GET /anchors/export', send: get(() => '/anchors/export'), expected: [F, F, F, '200', '200'] },
  { name: 'POST /anchors', send: (api, _r, c) => api.http.post('/anchors').set(c.headers).send({}), expected: [F, F, F, F, '201'] },
  { name: 'GET /reports/rounds', send: get(() => '/reports/rounds'), expected: ['200', F, F, '200', '200'] },
  { name: 'GET /reports/rounds/:id/allocations', send: get((r) => `/reports/rounds/${r.roundId}/allocations`), expected: ['200', F, F, '200', '200'] },
  { name: 'GET /reports/investors/:lead', send: get((r) => `/reports/investors/${r.lead}`), expected: ['200', '200', F, '200', '200'] },
  { name: 'GET /projections', send: get(() => '/projections'), expected: ['200', F, F, '200', '200'] },
  { name: 'POST /projections/:unknown/rebuild', send: (api, _r, c) => api.http.post('/projections/no-such-projection/rebuild').set(c.headers).send({}), expected: [F, F, F, F, '404 PROJECTION_NOT_FOUND'] },
];

describe('the access matrix: every endpoint, every role', () => {
  const rounds = useRoundsApp(SECURITY_ENV);
  const outsiderId = freshId('outsider');

  async function callers(round: ConfidentialRound): Promise<Record<RoleKey, Caller>> {
    const { api } = rounds;
    return {
      'deal-lead': { role: 'deal-lead', headers: bearer(await api.lead()), ownInvestorId: round.lead },
      investor: { role: 'investor', headers: bearer(await api.investor(round.lead)), ownInvestorId: round.lead },
      outsider: { role: 'outsider', headers: bearer(await investorToken(outsiderId)), ownInvestorId: outsiderId },
      auditor: { role: 'auditor', headers: bearer(await api.auditor()), ownInvestorId: round.lead },
      admin: { role: 'admin', headers: bearer(await adminToken()), ownInvestorId: round.lead },
    };
  }

  /** The route is served; a 2xx to an investor holds nothing of the other investor; a refusal wrote nothing at all. */
  async function check(round: ConfidentialRound, role: RoleKey, response: Response, before: { revision: number | null; position: bigint | undefined }, failures: string[], label: string) {
    if (response.body?.code === 'ROUTE_NOT_FOUND') failures.push(`${label}: the app does not serve this route (is its module imported by AppModule?)`);
    if (response.status < 300 && (role === 'investor' || role === 'outsider')) {
      const found = leaked(response, secretsOf(round));
      if (found.length > 0) failures.push(`${label}: the ${role} was shown ${found.join(', ')}`);
    }
    if (response.status >= 400) {
      const after = { revision: await revisionOf(rounds.api, round.roundId), position: await lastPosition(rounds.testApp) };
      if (after.revision !== before.revision || after.position !== before.position) {
        failures.push(`${label}: refused, yet wrote (${JSON.stringify(before, String)} -> ${JSON.stringify(after, String)})`);
      }
    }
  }

  describe('writes', () => {
    it.each(WRITES.map((row) => [row.name, row] as const))('%s', async (_, row) => {
      const { api } = rounds;
      const failures: string[] = [];
      const table: string[] = [];
      // Refusals share one round (they write nothing, which is checked); each success gets a fresh one.
      const shared = await confidentialRound(api, { pendingTerms: row.pendingTerms });
      const sharedCallers = await callers(shared);
      for (const [index, role] of ROLES.entries()) {
        const expected = row.expected[index];
        const succeeds = !/^[45]/.test(expected);
        const round = succeeds ? await confidentialRound(api, { pendingTerms: row.pendingTerms }) : shared;
        const caller = succeeds ? (await callers(round))[role] : sharedCallers[role];
        const before = { revision: await revisionOf(api, round.roundId), position: await lastPosition(rounds.testApp) };
        const response = await row.send(api, round, caller);
        table.push(`${role}: ${outcome(response)}`);
        await check(round, role, response, before, failures, `${row.name} as ${role}`);
      }
      expect(table).toEqual(ROLES.map((role, index) => `${role}: ${row.expected[index]}`));
      expect(failures).toEqual([]);
    });
  });

  describe('reads', () => {
    let round: ConfidentialRound;

    beforeAll(async () => {
      const { api } = rounds;
      // Closed, so allocations are there to leak; the major's term accepted, so its proposer is there to leak.
      const booked = await confidentialRound(api, { pendingTerms: false, leadCommits: true });
      const majorTerm = await api.proposed(booked.roundId, await api.investor(booked.major), { key: 'pro-rata-rights', value: true });
      expectStatus(await api.answer(booked.roundId, majorTerm, 'accept', await api.lead()), 200);
      expectStatus(await api.http.post(`/rounds/${booked.roundId}/close`).set(bearer(await api.lead())).send({}), 200);
      round = { ...booked, majorTerm };
      moments.head = (await revisionOf(api, round.roundId)) ?? -1;
      moments.asOf = new Date(Date.now() + 5).toISOString();
      // asOf must be in the past by the time it is asked for.
      while (Date.now() <= Date.parse(moments.asOf)) await new Promise((resolve) => setTimeout(resolve, 1));
    });

    it.each(READS.map((row) => [row.name, row] as const))('%s', async (_, row) => {
      const { api } = rounds;
      const all = await callers(round);
      const failures: string[] = [];
      const table: string[] = [];
      for (const role of ROLES) {
        const before = { revision: await revisionOf(api, round.roundId), position: await lastPosition(rounds.testApp) };
        const response = await row.send(api, round, all[role]);
        table.push(`${role}: ${outcome(response)}`);
        // A read that succeeds may be recorded in the access log; one that is refused writes nothing at all.
        await check(round, role, response, before, failures, `${row.name} as ${role}`);
      }
      expect(table).toEqual(ROLES.map((role, index) => `${role}: ${row.expected[index]}`));
      expect(failures).toEqual([]);
    });

    it('checks the investor answers for secrets that are really there for the others to see', async () => {
      const { api } = rounds;
      const asLead = await api.http.get(`/rounds/${round.roundId}`).set(bearer(await api.lead()));
      expect(leaked(asLead, secretsOf(round))).toEqual(secretsOf(round));
      const asInvestor = await api.http.get(`/rounds/${round.roundId}`).set(bearer(await api.investor(round.lead)));
      expect(asInvestor.body.allocations).toEqual([expect.objectContaining({ investorId: round.lead, allocated: '1000000.00' })]);
      expect(asLead.body.terms).toEqual([expect.objectContaining({ termId: round.majorTerm, investorId: round.major })]);
      expect(asInvestor.body.terms).toEqual([]);
    });
  });
});
