import fc from 'fast-check';
import { divideHalfEven, ownershipFraction } from './ownership';

describe('ownershipFraction', () => {
  it('states the DOMAIN.md examples exactly', () => {
    // 50 bn at 400 bn post-money is 12.5%; at 400 bn pre-money, post-money is 450 bn and 50 bn is 11.1%.
    expect(ownershipFraction(5_000_000_000_000n, 40_000_000_000_000n)).toBe('0.1250000000');
    expect(ownershipFraction(5_000_000_000_000n, 45_000_000_000_000n)).toBe('0.1111111111');
  });

  it('writes whole and zero ownership with all decimals', () => {
    expect(ownershipFraction(7n, 7n)).toBe('1.0000000000');
    expect(ownershipFraction(0n, 7n)).toBe('0.0000000000');
    expect(ownershipFraction(7n, 7n, 0)).toBe('1');
  });

  it('rounds half to even at the last place', () => {
    // 1 / 2^11 = 0.00048828125 (exact): the digit after the 10th is 5, nothing follows.
    expect(ownershipFraction(1n, 2048n, 10)).toBe('0.0004882812');
    expect(ownershipFraction(3n, 2048n, 10)).toBe('0.0014648438'); // 0.00146484375 -> up to even 8
    expect(ownershipFraction(2n, 3n)).toBe('0.6666666667');
    expect(ownershipFraction(1n, 3n)).toBe('0.3333333333');
  });

  it('divides half-even like the textbook cases', () => {
    expect([5n, 15n, 25n, 35n, 14n, 16n].map((n) => divideHalfEven(n, 10n))).toEqual([0n, 2n, 2n, 4n, 1n, 2n]);
  });

  it('is never more than half a unit in the last place from the exact fraction', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 20n }), fc.bigInt({ min: 0n, max: 10n ** 20n }), (postMoney, n) => {
        const allocated = n % (postMoney + 1n);
        const scaled = BigInt(ownershipFraction(allocated, postMoney).replace('.', ''));
        const gap = 2n * (scaled * postMoney - allocated * 10n ** 10n);
        expect(gap >= -postMoney && gap <= postMoney).toBe(true);
      }),
    );
  });

  it('refuses a non-positive post-money and a negative allocation, saying which', () => {
    // Zero alone would pass without the guard too: dividing by 0n throws a RangeError of its own.
    for (const postMoney of [0n, -7n]) {
      expect(() => ownershipFraction(1n, postMoney)).toThrow(new RangeError('post-money valuation must be positive'));
    }
    expect(() => ownershipFraction(-1n, 7n)).toThrow(new RangeError('allocation must not be negative'));
  });
});
