import type { TestApp } from '../support/app-harness';
import { bearer, expectProblem, expectStatus, freshId, startAuditApp, tokens, Tokens } from './support/audit-api';
import { PlayedRound, playSeriesC } from './support/series-c';

/** The same instant written with a +08:00 offset, as a Beijing auditor would type it. */
function inBeijing(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, -1)}+08:00`;
}

describe('GET /rounds/:roundId?atRevision=N | ?asOf=<time>', () => {
  let testApp: TestApp;
  let t: Tokens;
  let round: PlayedRound;

  beforeAll(async () => {
    testApp = await startAuditApp();
    t = await tokens();
    round = await playSeriesC(testApp, t);
  });
  afterAll(() => testApp?.close());

  const get = (query: string, jwt = t.auditor, roundId = round.roundId) => testApp.http.get(`/rounds/${roundId}?${query}`).set(bearer(jwt));

  it('answers the round exactly as it stood after each revision', async () => {
    for (const [revision, { view }] of round.snapshots.entries()) {
      const response = await get(`atRevision=${revision}`);
      expectStatus(response, 200);
      expect(response.body).toEqual({ ...view, atRevision: revision });
      expect(response.headers.etag).toBe(`"${revision}"`);
    }
  });

  it('answers the round as recorded by a time, in any offset', async () => {
    for (const revision of [0, 4, 5, 8, 10]) {
      const { view, after } = round.snapshots[revision];
      const response = await get(`asOf=${encodeURIComponent(after)}`);
      expectStatus(response, 200);
      expect(response.body).toEqual({ ...view, asOf: after });
    }
    const beijing = inBeijing(round.snapshots[6].after);
    expect((await get(`asOf=${encodeURIComponent(beijing)}`)).body).toEqual({ ...round.snapshots[6].view, asOf: beijing });
    // The snapshots differ, or these checks would prove nothing.
    expect(round.snapshots[4].view).not.toEqual(round.snapshots[5].view);
  });

  it('leaves the plain read unchanged', async () => {
    const response = await testApp.http.get(`/rounds/${round.roundId}`).set(bearer(t.auditor));
    expect(response.body).toEqual(round.snapshots[10].view);
  });

  it('answers 404 before the round was opened, and for a revision not yet written', async () => {
    expectProblem(await get(`asOf=${encodeURIComponent(round.before)}`), 404, 'ROUND_NOT_FOUND');
    expectProblem(await get('atRevision=11'), 404, 'REVISION_NOT_FOUND');
    expectProblem(await get('atRevision=0', t.auditor, freshId('missing')), 404, 'ROUND_NOT_FOUND');
  });

  it('answers 400 naming the field for bad or conflicting values', async () => {
    expectProblem(await get(`atRevision=1&asOf=${encodeURIComponent(round.before)}`), 400, 'VALIDATION_FAILED', ['atRevision', 'asOf']);
    for (const bad of ['-1', '1.5', 'latest', '']) expectProblem(await get(`atRevision=${bad}`), 400, 'VALIDATION_FAILED', ['atRevision']);
    for (const bad of ['yesterday', '2025-13-01T00:00:00Z', '2025-06-30T18:00:00']) expectProblem(await get(`asOf=${bad}`), 400, 'VALIDATION_FAILED', ['asOf']);
  });

  it('shows an investor only the states in which it was already admitted, and only itself in them', async () => {
    const catl = await t.investor(round.investors.catl);
    expectProblem(await get(`asOf=${encodeURIComponent(round.snapshots[1].after)}`, catl), 403, 'FORBIDDEN');
    // Its revisions are its own (issue 14): 0 is the round as it stood when it was admitted (stream revision 2).
    const admitted = await get('atRevision=0', catl);
    expectStatus(admitted, 200);
    // The round discloses nothing of its book: no other investor, no total, no indications, no disclosure
    // setting, not who is on the company's deal team, no allocation in preparation.
    const { disclosure, dealTeam: _team, totalIndicated: _indicated, allocationProposals: _proposals, ...whole } = round.snapshots[2].view as Record<string, unknown> & { investors: { investorId: string }[]; revision: number };
    expect(disclosure).toBe('none');
    const onlyCatl = whole.investors.filter((investor) => investor.investorId === round.investors.catl);
    expect(admitted.body).toEqual({ ...whole, investors: onlyCatl, totalCommitted: null, revision: 0, atRevision: 0 });
    expect(admitted.headers.etag).toBe('"0"');

    // Its 4th change: the amendment (stream revision 8). JD's commitment after it (9) does not count for CATL.
    const booked = await get('atRevision=4', catl);
    expectStatus(booked, 200);
    expect(booked.body.commitments).toEqual([expect.objectContaining({ investorId: round.investors.catl, amount: '12345678901.23', currency: 'CNY', status: 'committed' })]);
    for (const other of [round.investors.tencent, round.investors.jd, 'Tencent', 'JD.com']) expect(booked.text).not.toContain(other);
    const { atRevision: _at, ...atFour } = booked.body;
    for (const stream of [8, 9]) {
      const { asOf: _asOf, ...then } = (await get(`asOf=${encodeURIComponent(round.snapshots[stream].after)}`, catl)).body;
      expect(then).toEqual(atFour);
    }
    expect((await get('atRevision=5', catl)).body.status).toBe('closed');
    expectProblem(await get('atRevision=6', catl), 404, 'REVISION_NOT_FOUND');
  });

  it('answers an investor never admitted exactly as for a round that does not exist, at any point', async () => {
    const outsider = await t.investor(freshId('outsider'));
    const missing = freshId('missing');
    for (const query of ['atRevision=0', 'atRevision=9', `asOf=${encodeURIComponent(round.snapshots[5].after)}`]) {
      const hidden = await get(query, outsider);
      const absent = await get(query, outsider, missing);
      expectProblem(hidden, 404, 'ROUND_NOT_FOUND');
      expect(JSON.parse(hidden.text.replaceAll(round.roundId, 'ID'))).toEqual(JSON.parse(absent.text.replaceAll(missing, 'ID')));
    }
  });
});
