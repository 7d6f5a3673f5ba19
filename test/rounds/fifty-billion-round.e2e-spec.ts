// The motivating case over HTTP: a 50 bn CNY round at 400 bn post-money, where the founder's 200 bn
// "commitment" must be refused outright and an oversubscribed book closes at exactly the hard cap.
import { bearer } from './support/tokens';
import { expectStatus, expectWrite, freshId, minorUnits, useRoundsApp } from './support/rounds-api';
import { BOOK, FOUNDER_MISTAKE, INVESTORS, ROUND } from '../../scripts/demo/round-plan';

// The round's inputs are the demo's plan (scripts/demo/round-plan.ts); the expected allocations are not.
// Worked independently with exact fractions (see the domain's fifty-billion-round.spec.ts): the floors of
// 5e12 * c / 6022222211222 fen leave 2 fen, which go to the founder (.874) and the national AI fund (.447).
const ALLOCATIONS = [
  ['founder', '3000000000.00', '2490774912.30', '0.0060750608'],
  ['tencent', '20000000000.00', '16605166081.99', '0.0405004051'],
  ['jd', '15000000000.01', '12453874561.50', '0.0303753038'],
  ['catl', '12345678901.23', '10250102427.49', '0.0250002498'],
  ['national-ai-fund', '9876543210.98', '8200082016.72', '0.0200002000'],
] as const;

describe('the 50 bn CNY round at 400 bn post-money, end to end', () => {
  const rounds = useRoundsApp();

  it("refuses the founder's 200 bn, then scales the oversubscribed book back to exactly 50 bn", async () => {
    const { api } = rounds;
    const suffix = freshId('');
    const id = (name: string) => `${name}${suffix}`;
    const { roundId } = await api.openRound({ roundId: `2025-series-c${suffix}`, ...ROUND });
    for (const { investorId, name, tier } of INVESTORS) await api.admit(roundId, { investorId: id(investorId), name, tier });

    // The standard preference, agreed before money moves.
    const preference = await api.proposed(roundId, await api.lead(), {
      key: 'liquidation-preference',
      value: { multiple: '1', participating: false },
    });
    expectStatus(await api.answer(roundId, preference, 'accept', await api.investor(id('tencent'))), 200);

    const refusal = await api.refused(
      roundId,
      () => api.commit(roundId, id('founder'), FOUNDER_MISTAKE, undefined, 'CNY'),
      422,
      'COMMITMENT_EXCEEDS_HARD_CAP',
    );
    const detail = String(refusal.body.detail).replace(/,/g, '');
    expect(detail).toContain('200000000000.00');
    expect(detail).toContain('50000000000.00');

    for (const [investorId, amount] of BOOK) expectWrite(await api.commit(roundId, id(investorId), amount, undefined, 'CNY'), 201);
    expect(await api.view(roundId)).toMatchObject({ totalCommitted: '60222222112.22', hardCap: '50000000000.00' });

    const closed = await api.http.post(`/rounds/${roundId}/close`).set(bearer(await api.lead())).send({});
    expectWrite(closed, 200);
    const expected = ALLOCATIONS.map(([investorId, committed, allocated, ownership]) => ({
      investorId: id(investorId),
      committed,
      allocated,
      ownership,
    }));
    const sorted = <T extends { investorId: string }>(list: T[]) => [...list].sort((a, b) => a.investorId.localeCompare(b.investorId));
    expect(closed.body).toMatchObject({ roundId, status: 'closed' });
    expect(sorted(closed.body.allocations)).toEqual(sorted(expected));
    const allocated = (closed.body.allocations as { allocated: string }[]).reduce((sum, a) => sum + minorUnits(a.allocated), 0n);
    expect(allocated).toBe(5_000_000_000_000n);

    const view = await api.view(roundId);
    expect(view).toMatchObject({ status: 'closed', revision: closed.body.revision });
    expect(sorted(view.allocations as { investorId: string }[])).toEqual(sorted(expected));
  });
});
