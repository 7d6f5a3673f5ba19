import type { Response } from 'supertest';
import { bearer, dealLeadToken } from '../rounds/support/tokens';
import { expectStatus, freshId, useRoundsApp } from '../rounds/support/rounds-api';

// The audit trail of a round belongs to its company's deal team (and the auditors): to another
// company's deal-lead every audit endpoint answers the round exactly as one that was never opened.
describe("a round's audit trail, asked by another company's deal-lead", () => {
  const rounds = useRoundsApp();

  it('answers exactly as for a missing round, on every audit endpoint; the deal team and auditors are served', async () => {
    const { api } = rounds;
    const { roundId, lead } = await api.roundWithInvestors();
    const made = await api.commit(roundId, lead, '6000000.00');
    expectStatus(made, 201);
    const stranger = bearer(await dealLeadToken(`cfo@${freshId('rival')}`));
    const own = bearer(await api.lead());
    const missing = freshId('missing');
    const reads: [string, (id: string) => string][] = [
      ['history', (id) => `/rounds/${id}/history`],
      ['history page', (id) => `/rounds/${id}/history?after=0&limit=1`],
      ['history csv', (id) => `/rounds/${id}/history?format=csv`],
      ['history jsonl', (id) => `/rounds/${id}/history?format=jsonl`],
      ['manifest', (id) => `/rounds/${id}/history/manifest`],
      ['verify', (id) => `/rounds/${id}/verify`],
      ['refusals', (id) => `/rounds/${id}/refusals`],
      ['receipt of the opening', (id) => `/rounds/${id}/receipts/0`],
      ['receipt of the commitment', (id) => `/rounds/${id}/receipts/${made.body.revision}`],
      ['as of a revision', (id) => `/rounds/${id}?atRevision=1`],
      ['as of a time', (id) => `/rounds/${id}?asOf=2100-01-01T00:00:00Z`],
      ['subscriptions', (id) => `/rounds/${id}/subscriptions`],
      ['allocation report', (id) => `/reports/rounds/${id}/allocations`],
    ];
    const answer = (response: Response, id: string) => ({
      status: response.status,
      contentType: response.headers['content-type'],
      body: JSON.parse(JSON.stringify(response.body).split(id).join('<id>')) as unknown,
    });
    for (const [name, path] of reads) {
      const theirs = await api.http.get(path(roundId)).set(stranger);
      const none = await api.http.get(path(missing)).set(stranger);
      expect({ name, ...answer(theirs, roundId) }).toEqual({ name, ...answer(none, missing) });
      expect({ name, status: theirs.status }).toEqual({ name, status: 404 });
      const served = await api.http.get(path(roundId)).set(own);
      expect({ name, status: served.status }).toEqual({ name, status: 200 });
    }
    const auditor = bearer(await api.auditor());
    for (const [name, path] of reads) {
      expect({ name, status: (await api.http.get(path(roundId)).set(auditor)).status }).toEqual({ name, status: 200 });
    }
  });
});
