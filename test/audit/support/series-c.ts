import type { Response } from 'supertest';
import type { TestApp } from '../../support/app-harness';
import { bearer, DEAL_LEAD, expectStatus, freshId, sleep, Tokens } from './audit-api';

export interface Snapshot {
  /** The round as GET /rounds/:id answered right after this step, with its revision. */
  readonly view: Record<string, unknown> & { revision: number };
  /** A moment after this step's event was recorded and before the next one was. */
  readonly after: string;
  readonly actor: { sub: string; role: string; investorId: string | null };
  readonly summary: string;
}

export interface PlayedRound {
  readonly roundId: string;
  readonly termId: string;
  readonly investors: { tencent: string; catl: string; jd: string };
  /** A moment before the round was opened. */
  readonly before: string;
  /** One per event, in order: the step with revision r is snapshots[r]. */
  readonly snapshots: Snapshot[];
}

const COMPANY = 'Hangzhou Frontier AI Ltd.';

/**
 * The motivating Series C in small: three investors, a valuation term countered and accepted, an
 * amended commitment, and (unless `close: false`) the closing. Every step writes exactly one event.
 */
export async function playSeriesC(testApp: TestApp, tokens: Tokens, { close = true } = {}): Promise<PlayedRound> {
  const { http } = testApp;
  const roundId = freshId('series-c');
  const investors = { tencent: freshId('tencent'), catl: freshId('catl'), jd: freshId('jd') };
  const lead = bearer(tokens.lead);
  const as = async (investorId: string) => bearer(await tokens.investor(investorId));
  const company = { sub: DEAL_LEAD, role: 'deal-lead', investorId: null };
  const investor = (investorId: string) => ({ sub: `ir@${investorId}.example`, role: 'investor', investorId });
  const before = new Date().toISOString();
  await sleep(3);

  const snapshots: Snapshot[] = [];
  let termId = '';
  const step = async (actor: Snapshot['actor'], summary: () => string, send: () => PromiseLike<Response>) => {
    const response = await send();
    if (response.status >= 300) throw new Error(`step ${snapshots.length} answered ${response.status} ${response.text}`);
    if (response.body.termId) termId = response.body.termId;
    const read = await http.get(`/rounds/${roundId}`).set(bearer(tokens.auditor));
    expectStatus(read, 200);
    // Recorded times have millisecond precision: stepping aside a few makes `after` fall strictly between events.
    await sleep(3);
    snapshots.push({ view: read.body, after: new Date().toISOString(), actor, summary: summary() });
    await sleep(3);
  };
  const commit = (investorId: string, amount: string) => async () =>
    http.put(`/rounds/${roundId}/commitments/${investorId}`).set(await as(investorId)).send({ amount, currency: 'CNY' });

  await step(company, () => `${COMPANY} opened Series C: target 40,000,000,000.00 CNY, hard cap 50,000,000,000.00 CNY, valuation 400,000,000,000.00 CNY post-money`, () =>
    http.post('/rounds').set(lead).send({
      roundId,
      company: COMPANY,
      name: 'Series C',
      currency: 'CNY',
      targetAmount: '40000000000.00',
      hardCap: '50000000000.00',
      minimumAmount: '30000000000.00',
      minimumTicket: '100000000.00',
      valuation: { amount: '400000000000.00', basis: 'post-money' },
      oversubscription: 'scale-back',
    }),
  );
  for (const [investorId, name, tier] of [[investors.tencent, 'Tencent', 'lead'], [investors.catl, 'CATL', 'major'], [investors.jd, 'JD.com', 'major']]) {
    await step(company, () => `${name} admitted as ${tier} investor`, () => http.post(`/rounds/${roundId}/investors`).set(lead).send({ investorId, name, tier }));
  }
  await step(company, () => `${COMPANY} proposed term ${termId} (valuation): 450,000,000,000.00 CNY post-money`, () =>
    http.post(`/rounds/${roundId}/terms`).set(lead).send({ key: 'valuation', value: { amount: '450000000000.00', basis: 'post-money' } }),
  );
  await step(investor(investors.tencent), () => `Tencent accepted term ${termId} (valuation)`, async () =>
    http.post(`/rounds/${roundId}/terms/${termId}/accept`).set(await as(investors.tencent)).send({}),
  );
  await step(investor(investors.tencent), () => 'Tencent committed 20,000,000,000.00 CNY', commit(investors.tencent, '20000000000.00'));
  await step(investor(investors.catl), () => 'CATL committed 5,000,000,000.00 CNY', commit(investors.catl, '5000000000.00'));
  await step(investor(investors.catl), () => 'CATL amended its commitment from 5,000,000,000.00 CNY to 12,345,678,901.23 CNY', commit(investors.catl, '12345678901.23'));
  await step(investor(investors.jd), () => 'JD.com committed 15,000,000,000.01 CNY', commit(investors.jd, '15000000000.01'));
  if (close) {
    await step(company, () => 'Round closed: 47,345,678,901.24 CNY allocated to 3 investors', () => http.post(`/rounds/${roundId}/close`).set(lead).send({}));
  }
  return { roundId, termId, investors, before, snapshots };
}
