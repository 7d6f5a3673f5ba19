import type { Response } from 'supertest';
import { expectInvalidFields, expectStatus, freshId, roundBody, useRoundsApp } from '../rounds/support/rounds-api';
import { bearer } from '../rounds/support/tokens';
import { SECURITY_ENV } from './support/confidential-round';

// Issue 14: under `oversubscription: "reject"` an investor found the exact hidden book (400,000.00 of the
// others' commitments) in 27 amend probes, by bisection on whether an amount fits, then put its own
// amount back. A round that hides its book now may not reject, so the probes learn nothing it hides.

const CAP = 1_000_000_00n; // 1,000,000.00 USD, in cents
const HIDDEN = '400000.00';
const OWN = '100000.00';
const PROBES = 27; // ceil(log2(1e8 cents))

const decimal = (cents: bigint) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;

describe('ROUND_FULL as an oracle of the hidden book', () => {
  const rounds = useRoundsApp(SECURITY_ENV);

  /** The attack as it was run: bisect on "does this amend fit?", then restore the amount. */
  async function bisect(amend: (amount: string) => Promise<Response>): Promise<{ found: string; statuses: Set<number>; codes: Set<string> }> {
    let fits = 0n; // the largest amount known to fit
    let refused = CAP + 1n; // the smallest amount known to be refused
    const statuses = new Set<number>();
    const codes = new Set<string>();
    for (let probe = 0; probe < PROBES && refused - fits > 1n; probe += 1) {
      const middle = (fits + refused) / 2n;
      const response = await amend(decimal(middle));
      statuses.add(response.status);
      if (response.status >= 400) codes.add(String(response.body.code));
      if (response.status === 422 && response.body.code === 'ROUND_FULL') refused = middle;
      else fits = middle;
    }
    expectStatus(await amend(OWN), 200);
    // Room left = cap - others: what the attack reports as the others' book.
    return { found: decimal(CAP - fits), statuses, codes };
  }

  async function round(open: Record<string, unknown>) {
    const { api } = rounds;
    const { roundId } = await api.openRound({ targetAmount: '800000.00', hardCap: decimal(CAP), minimumAmount: null, minimumTicket: null, valuation: { amount: '5000000.00', basis: 'post-money' }, ...open });
    const [prober, other] = [freshId('prober'), freshId('other')];
    await api.admit(roundId, { investorId: prober, tier: 'major' });
    await api.admit(roundId, { investorId: other, tier: 'major' });
    expectStatus(await api.commit(roundId, other, HIDDEN), 201);
    expectStatus(await api.commit(roundId, prober, OWN), 201);
    const token = await api.investor(prober);
    return { roundId, prober, token, amend: (amount: string) => api.commit(roundId, prober, amount, token) };
  }

  it('cannot be set up: a round that hides its book may not reject oversubscription, and nothing is written', async () => {
    const { api } = rounds;
    for (const hidden of [{}, { disclosure: 'none' }]) {
      const body = roundBody({ oversubscription: 'reject', ...hidden });
      const response = await api.http.post('/rounds').set(bearer(await api.lead())).send(body);
      expectInvalidFields(response, ['oversubscription']);
      expect(response.body.errors).toEqual([{ field: 'oversubscription', rule: 'reject-requires-book-totals', message: expect.stringContaining('book-totals') }]);
      expect(await api.revision(String(body.roundId))).toBeUndefined();
    }
  });

  it('in a round that hides its book, 27 probes are all taken and find nothing', async () => {
    const { api } = rounds;
    const scene = await round({ oversubscription: 'scale-back', disclosure: 'none' });
    const attack = await bisect(scene.amend);
    // Every probe answered alike (the amount fits or is scaled back at the close): bisection runs to the cap.
    expect({ statuses: [...attack.statuses], codes: [...attack.codes] }).toEqual({ statuses: [200], codes: [] });
    expect(attack.found).not.toBe(HIDDEN);
    expect(attack.found).toBe('0.00');
    const view = (await api.get(scene.roundId, scene.token)).body;
    expect({ totalCommitted: view.totalCommitted, own: view.commitments }).toEqual({
      totalCommitted: null,
      own: [expect.objectContaining({ investorId: scene.prober, amount: OWN })],
    });
  });

  it('in a round that rejects, the probes find only the book total its view already shows', async () => {
    const { api } = rounds;
    const scene = await round({ oversubscription: 'reject', disclosure: 'book-totals' });
    const attack = await bisect(scene.amend);
    expect(attack.codes).toEqual(new Set(['ROUND_FULL']));
    const view = (await api.get(scene.roundId, scene.token)).body;
    // Cap - room = the others' book, which the investor reads as total committed less its own.
    expect(attack.found).toBe(HIDDEN);
    expect(BigInt(view.totalCommitted.replace('.', '')) - BigInt(OWN.replace('.', ''))).toBe(BigInt(HIDDEN.replace('.', '')));
  });
});
