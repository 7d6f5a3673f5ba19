// Ownership is reported as a fraction of the post-money valuation, e.g. "0.1250000000" for 12.5%,
// with a fixed 10 decimal places (a millionth of a basis point), rounded half-to-even so that
// rounding errors do not drift in one direction across many investors. Computed in bigint only.
export const OWNERSHIP_DECIMALS = 10;

export function ownershipFraction(
  allocated: bigint,
  postMoney: bigint,
  decimals: number = OWNERSHIP_DECIMALS,
): string {
  if (postMoney <= 0n) throw new RangeError('post-money valuation must be positive');
  if (allocated < 0n) throw new RangeError('allocation must not be negative');
  const scaled = divideHalfEven(allocated * 10n ** BigInt(decimals), postMoney);
  const digits = scaled.toString().padStart(decimals + 1, '0');
  return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  if (twiceRemainder > denominator) return quotient + 1n;
  if (twiceRemainder === denominator && quotient % 2n === 1n) return quotient + 1n;
  return quotient;
}
