import fc from 'fast-check';
import { Claim, allocateProRata, allocateWithMinimumTicket, allocateWithProtection } from './allocation';

const total = (claims: readonly { committed: bigint }[]) => claims.reduce((sum, c) => sum + c.committed, 0n);
const allocatedTotal = (result: readonly { allocated: bigint }[]) => result.reduce((sum, r) => sum + r.allocated, 0n);

// Small amounts and few sequence numbers on purpose: they make equal remainders and equal
// sequences common, which is where a tie-break can go wrong.
const claimArb = fc.record({
  investorId: fc.string({ minLength: 1, maxLength: 4 }),
  committed: fc.oneof(fc.bigInt({ min: 1n, max: 12n }), fc.bigInt({ min: 1n, max: 10n ** 18n })),
  sequence: fc.nat(6),
});
const bookArb = fc.uniqueArray(claimArb, { selector: (c) => c.investorId, maxLength: 25 });
const capFor = (claims: readonly Claim[]) => fc.bigInt({ min: 0n, max: total(claims) * 2n + 1n });

describe('allocateProRata', () => {
  it('works a book with remainders and a tie by hand', () => {
    // cap 10, total 16. Exact shares: ant 90/16 = 5.625, bee 60/16 = 3.75, cat 10/16 = 0.625.
    // Floors 5 + 3 + 0 = 8 leave 2 units: bee has the largest remainder (12/16) and gets one; ant
    // and cat tie at 10/16 and the earlier commitment (cat, sequence 1) gets the other.
    const book = [
      { investorId: 'ant', committed: 9n, sequence: 2 },
      { investorId: 'bee', committed: 6n, sequence: 3 },
      { investorId: 'cat', committed: 1n, sequence: 1 },
    ];
    expect(allocateProRata(book, 10n)).toEqual([
      { investorId: 'cat', committed: 1n, allocated: 1n },
      { investorId: 'ant', committed: 9n, allocated: 5n },
      { investorId: 'bee', committed: 6n, allocated: 4n },
    ]);

    // Same book, but ant committed first: now ant wins the tie and cat, with 0.625 due, gets nothing.
    const antFirst = book.map((c) => (c.investorId === 'ant' ? { ...c, sequence: 0 } : c));
    expect(allocateProRata(antFirst, 10n)).toEqual([
      { investorId: 'ant', committed: 9n, allocated: 6n },
      { investorId: 'cat', committed: 1n, allocated: 0n },
      { investorId: 'bee', committed: 6n, allocated: 4n },
    ]);
  });

  it('breaks a tie on the same sequence by investor id', () => {
    const book = [
      { investorId: 'zed', committed: 1n, sequence: 1 },
      { investorId: 'amy', committed: 1n, sequence: 1 },
    ];
    expect(allocateProRata(book, 1n)).toEqual([
      { investorId: 'amy', committed: 1n, allocated: 1n },
      { investorId: 'zed', committed: 1n, allocated: 0n },
    ]);
  });

  it('gives everyone what they committed when the book fits under the cap', () => {
    const book = [
      { investorId: 'a', committed: 400n, sequence: 1 },
      { investorId: 'b', committed: 600n, sequence: 2 },
    ];
    expect(allocatedTotal(allocateProRata(book, 1000n))).toBe(1000n);
    expect(allocateProRata(book, 5000n).map((a) => a.allocated)).toEqual([400n, 600n]);
  });

  it('refuses malformed input', () => {
    expect(() => allocateProRata([{ investorId: 'a', committed: 1n, sequence: 1 }], -1n)).toThrow(RangeError);
    expect(() => allocateProRata([{ investorId: 'a', committed: -1n, sequence: 1 }], 1n)).toThrow(RangeError);
    const twice = { investorId: 'a', committed: 1n, sequence: 1 };
    expect(() => allocateProRata([twice, { ...twice, sequence: 2 }], 1n)).toThrow(RangeError);
  });

  it('allocates exactly min(total, cap)', () => {
    fc.assert(
      fc.property(bookArb.chain((book) => fc.tuple(fc.constant(book), capFor(book))), ([book, cap]) => {
        const wanted = total(book) < cap ? total(book) : cap;
        expect(allocatedTotal(allocateProRata(book, cap))).toBe(wanted);
      }),
      { numRuns: 500 },
    );
  });

  it('never allocates below zero or above what was committed, nor more than one unit off the exact share', () => {
    fc.assert(
      fc.property(bookArb.chain((book) => fc.tuple(fc.constant(book), capFor(book))), ([book, cap]) => {
        const sum = total(book);
        for (const { committed, allocated } of allocateProRata(book, cap)) {
          expect(allocated >= 0n && allocated <= committed).toBe(true);
          // Scaled back: |allocated - committed * cap / sum| < 1, multiplied through by sum to stay in integers.
          const gap = allocated * sum - committed * cap;
          expect(sum <= cap || (gap > -sum && gap < sum)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same answer whatever the input order', () => {
    const shuffled = bookArb.chain((book) =>
      fc.tuple(
        fc.constant(book),
        fc.shuffledSubarray(book, { minLength: book.length, maxLength: book.length }),
        capFor(book),
      ),
    );
    fc.assert(
      fc.property(shuffled, ([book, reordered, cap]) => {
        expect(allocateProRata(reordered, cap)).toEqual(allocateProRata(book, cap));
      }),
      { numRuns: 500 },
    );
  });
});

describe('allocateWithMinimumTicket', () => {
  const claim = (investorId: string, committed: bigint, sequence: number): Claim => ({ investorId, committed, sequence });
  const claims = fc
    .uniqueArray(fc.record({ id: fc.stringMatching(/^[a-e]$/), committed: fc.bigInt({ min: 1n, max: 5000n }) }), { selector: (c) => c.id, minLength: 1 })
    .map((list) => list.map((c, index) => claim(c.id, c.committed, index + 1)));

  it.each(['round-up', 'drop'] as const)('with %s, is exact and leaves nobody between zero and the minimum', (rule) => {
    fc.assert(
      fc.property(claims, fc.bigInt({ min: 1n, max: 10000n }), fc.bigInt({ min: 1n, max: 2000n }), (book, available, minimum) => {
        const result = allocateWithMinimumTicket(book, available, minimum, rule);
        const total = book.reduce((sum, c) => sum + c.committed, 0n);
        const sold = result.reduce((sum, r) => sum + r.allocated, 0n);
        const kept = result.filter((r) => r.allocated > 0n).reduce((sum, r) => sum + r.committed, 0n);
        expect(sold).toBe(total <= available ? total : kept < available ? kept : available);
        for (const r of result) {
          expect(r.allocated <= r.committed).toBe(true);
          const floor = r.committed < minimum ? r.committed : minimum;
          if (total > available) expect(r.allocated === 0n || r.allocated >= floor).toBe(true);
        }
      }),
    );
  });

  it('falls back to dropping when the minimums alone would not fit', () => {
    const book = [claim('a', 100n, 1), claim('b', 100n, 2), claim('c', 100n, 3)];
    const result = allocateWithMinimumTicket(book, 150n, 60n, 'round-up');
    expect(result.map((r) => [r.investorId, r.allocated])).toEqual([['a', 75n], ['b', 75n], ['c', 0n]]);
  });
});

describe('allocateWithProtection', () => {
  it('takes the protected amount out first and scales the rest, its own excess included, pro rata', () => {
    // cap 10, book 20. lead's 5 comes off the top; the rest (lead 3, a 6, b 6 = 15) shares 5: 1, 2, 2.
    const book = [
      { investorId: 'lead', committed: 8n, sequence: 1 },
      { investorId: 'a', committed: 6n, sequence: 2 },
      { investorId: 'b', committed: 6n, sequence: 3 },
    ];
    expect(allocateWithProtection(book, 10n, new Map([['lead', 5n]]), null, 'round-up')).toEqual([
      { investorId: 'lead', committed: 8n, allocated: 6n },
      { investorId: 'a', committed: 6n, allocated: 2n },
      { investorId: 'b', committed: 6n, allocated: 2n },
    ]);
    // Pure pro rata would have given lead 4: the protection is what moved it.
    expect(allocateProRata(book, 10n)[0].allocated).toBe(4n);
  });

  it('changes nothing when the book fits, and does not apply the minimum ticket to a protected investor’s excess', () => {
    const book = [
      { investorId: 'lead', committed: 101n, sequence: 1 },
      { investorId: 'a', committed: 100n, sequence: 2 },
    ];
    expect(allocateWithProtection(book, 500n, new Map([['lead', 100n]]), 50n, 'drop').map((s) => s.allocated)).toEqual([101n, 100n]);
    // cap 150: lead's 100 first, then lead 1 and a 100 share 50 (0 and 50): a at the minimum, lead exempt.
    expect(allocateWithProtection(book, 150n, new Map([['lead', 100n]]), 50n, 'drop').map((s) => s.allocated)).toEqual([100n, 50n]);
  });

  it('refuses protections that do not fit (the close checks them first, with its own rule)', () => {
    const book = [{ investorId: 'a', committed: 5n, sequence: 1 }, { investorId: 'b', committed: 5n, sequence: 2 }];
    expect(() => allocateWithProtection(book, 8n, new Map([['a', 9n]]), null, 'drop')).toThrow(RangeError);
    expect(() => allocateWithProtection(book, 3n, new Map([['a', 4n]]), null, 'drop')).toThrow(RangeError);
  });

  it('is exact: sums to min(total, cap), each between its protection and its commitment', () => {
    const protectedBook = bookArb.chain((claims) =>
      capFor(claims).chain((available) =>
        fc
          .tuple(...claims.map((c) => fc.bigInt({ min: 0n, max: c.committed })))
          .map((amounts) => {
            // Keep the protections within the cap: take them in order while they fit.
            let room = available;
            const protections = new Map<string, bigint>();
            claims.forEach((c, i) => {
              if (amounts[i] > 0n && amounts[i] <= room) {
                protections.set(c.investorId, amounts[i]);
                room -= amounts[i];
              }
            });
            return { claims, available, protections };
          }),
      ),
    );
    fc.assert(
      fc.property(protectedBook, ({ claims, available, protections }) => {
        const result = allocateWithProtection(claims, available, protections, null, 'round-up');
        const sold = total(claims) < available ? total(claims) : available;
        expect(allocatedTotal(result)).toBe(sold);
        for (const r of result) {
          expect(r.allocated <= r.committed).toBe(true);
          expect(r.allocated >= (protections.get(r.investorId) ?? 0n)).toBe(true);
        }
      }),
    );
  });
});
