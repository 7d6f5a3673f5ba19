// Pro-rata scale-back by the largest-remainder (Hamilton) method, in integer minor units.

export interface Claim {
  readonly investorId: string;
  readonly committed: bigint;
  /** Position of the investor's current commitment in the round; earlier wins a tie. */
  readonly sequence: number;
}

export interface ScaledClaim {
  readonly investorId: string;
  readonly committed: bigint;
  readonly allocated: bigint;
}

/**
 * Allocates min(total, available). Under the cap everyone gets what they committed. Over it, each
 * claim gets the floor of its exact share committed * available / total, and the units that flooring
 * left over go one each to the largest remainders. There are fewer leftover units than claims with a
 * non-zero remainder, so nobody gets more than they committed. Ties go to the earlier commitment, then
 * the smaller investor id, which makes the answer independent of input order; the result is listed in
 * that same order (sequence, then investor id).
 */
export function allocateProRata(claims: readonly Claim[], available: bigint): ScaledClaim[] {
  assertWellFormed(claims, available);
  const ordered = [...claims].sort(bySequenceThenId);
  const total = ordered.reduce((sum, claim) => sum + claim.committed, 0n);
  if (total <= available) {
    return ordered.map(({ investorId, committed }) => ({ investorId, committed, allocated: committed }));
  }

  const shares = ordered.map((claim) => ({
    claim,
    floor: (claim.committed * available) / total,
    remainder: (claim.committed * available) % total,
  }));
  let leftover = available - shares.reduce((sum, share) => sum + share.floor, 0n);
  const bonus = new Set<string>();
  const byRemainder = [...shares].sort(
    (a, b) => compareBigDesc(a.remainder, b.remainder) || bySequenceThenId(a.claim, b.claim),
  );
  for (const share of byRemainder) {
    if (leftover === 0n) break;
    bonus.add(share.claim.investorId);
    leftover -= 1n;
  }
  return shares.map(({ claim, floor }) => ({
    investorId: claim.investorId,
    committed: claim.committed,
    allocated: bonus.has(claim.investorId) ? floor + 1n : floor,
  }));
}

function bySequenceThenId(a: Claim, b: Claim): number {
  if (a.sequence !== b.sequence) return a.sequence - b.sequence;
  return a.investorId < b.investorId ? -1 : a.investorId > b.investorId ? 1 : 0;
}

function compareBigDesc(a: bigint, b: bigint): number {
  return a === b ? 0 : a > b ? -1 : 1;
}

function assertWellFormed(claims: readonly Claim[], available: bigint): void {
  if (available < 0n) throw new RangeError('available must not be negative');
  const ids = new Set(claims.map((claim) => claim.investorId));
  if (ids.size !== claims.length) throw new RangeError('one claim per investor');
  if (claims.some((claim) => claim.committed < 0n)) throw new RangeError('committed must not be negative');
}
