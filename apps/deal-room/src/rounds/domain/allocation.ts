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

/**
 * Pro rata, then the minimum ticket again: a scale-back must not leave anyone holding less than the
 * round's minimum ticket. `round-up` raises every such allocation to the minimum (its committed amount if
 * that is smaller) and scales the others back over what is left, until nobody is below; when the minimums
 * alone do not fit, it falls back to `drop`. `drop` leaves out, one at a time, the smallest allocation
 * below the minimum (ties: the later commitment, then the larger investor id) and scales the rest again.
 * Either way the result is exact and sums to min(total committed of those kept, available).
 */
export function allocateWithMinimumTicket(
  claims: readonly Claim[],
  available: bigint,
  minimum: bigint | null,
  rule: 'round-up' | 'drop',
  exempt: ReadonlySet<string> = new Set(),
): ScaledClaim[] {
  const proRata = allocateProRata(claims, available);
  if (minimum === null) return proRata;
  const floorOf = (claim: { investorId: string; committed: bigint }) =>
    exempt.has(claim.investorId) ? 0n : claim.committed < minimum ? claim.committed : minimum;
  if (!proRata.some((s) => s.allocated < floorOf(s))) return proRata;
  const settled = rule === 'round-up' ? roundUp(claims, available, floorOf) : null;
  return inClaimOrder(claims, settled ?? drop(claims, available, floorOf));
}

/**
 * Protected allocations first, then the rest pro rata. Each protected amount (an investor's, at most its
 * claim, set before the scale-back: the lead's or a strategic investor's) comes off the top; what is left
 * of the available amount is scaled back pro rata over the rest of the book, which includes whatever a
 * protected investor claimed beyond its protected amount. The minimum ticket rule applies to the
 * unprotected investors only: a protected one already holds at least the minimum. Under the cap nothing
 * is scaled back and protection changes nothing. The result is exact and sums to what allocateWithMinimumTicket
 * alone would sell; the protected amounts must fit in `available` and each in its claim (RangeError
 * otherwise: the caller refuses that with its own rule before it gets here).
 */
export function allocateWithProtection(
  claims: readonly Claim[],
  available: bigint,
  protections: ReadonlyMap<string, bigint>,
  minimum: bigint | null,
  rule: 'round-up' | 'drop',
): ScaledClaim[] {
  const protectedOf = (investorId: string) => protections.get(investorId) ?? 0n;
  const total = claims.reduce((sum, claim) => sum + claim.committed, 0n);
  const protectedTotal = claims.reduce((sum, claim) => sum + protectedOf(claim.investorId), 0n);
  if (protectedTotal === 0n || total <= available) return allocateWithMinimumTicket(claims, available, minimum, rule);
  if (protectedTotal > available) throw new RangeError('protected amounts must fit in what is available');
  if (claims.some((claim) => protectedOf(claim.investorId) > claim.committed)) throw new RangeError('a protected amount must not exceed its claim');
  const rest = claims.map((claim) => ({ ...claim, committed: claim.committed - protectedOf(claim.investorId) }));
  const exempt = new Set(claims.filter((claim) => protectedOf(claim.investorId) > 0n).map((claim) => claim.investorId));
  const scaled = allocateWithMinimumTicket(rest, available - protectedTotal, minimum, rule, exempt);
  const committedOf = new Map(claims.map((claim) => [claim.investorId, claim.committed]));
  return scaled.map((s) => ({
    investorId: s.investorId,
    committed: committedOf.get(s.investorId)!,
    allocated: s.allocated + protectedOf(s.investorId),
  }));
}

type FloorOf = (claim: { investorId: string; committed: bigint }) => bigint;

function roundUp(claims: readonly Claim[], available: bigint, floorOf: FloorOf): ScaledClaim[] | null {
  const raised = new Map<string, bigint>();
  for (;;) {
    const fixed = [...raised.values()].reduce((sum, amount) => sum + amount, 0n);
    if (fixed > available) return null;
    const rest = claims.filter((claim) => !raised.has(claim.investorId));
    const scaled = allocateProRata(rest, available - fixed);
    const below = scaled.filter((s) => s.allocated < floorOf(s));
    if (below.length === 0) {
      const kept = claims.filter((claim) => raised.has(claim.investorId));
      return [...kept.map((c) => ({ investorId: c.investorId, committed: c.committed, allocated: raised.get(c.investorId)! })), ...scaled];
    }
    for (const s of below) raised.set(s.investorId, floorOf(s));
  }
}

function drop(claims: readonly Claim[], available: bigint, floorOf: FloorOf): ScaledClaim[] {
  const dropped = new Set<string>();
  for (;;) {
    const rest = claims.filter((claim) => !dropped.has(claim.investorId));
    const scaled = allocateProRata(rest, available);
    const below = scaled.filter((s) => s.allocated < floorOf(s));
    if (below.length === 0) {
      const out = claims.filter((claim) => dropped.has(claim.investorId));
      return [...out.map((c) => ({ investorId: c.investorId, committed: c.committed, allocated: 0n })), ...scaled];
    }
    const sequenceOf = new Map(claims.map((c) => [c.investorId, c.sequence]));
    const [smallest] = [...below].sort(
      (a, b) =>
        (a.allocated === b.allocated ? 0 : a.allocated < b.allocated ? -1 : 1) ||
        sequenceOf.get(b.investorId)! - sequenceOf.get(a.investorId)! ||
        (a.investorId < b.investorId ? 1 : -1),
    );
    dropped.add(smallest.investorId);
  }
}

function inClaimOrder(claims: readonly Claim[], scaled: readonly ScaledClaim[]): ScaledClaim[] {
  const byId = new Map(scaled.map((s) => [s.investorId, s]));
  return [...claims].sort(bySequenceThenId).map((claim) => byId.get(claim.investorId)!);
}
