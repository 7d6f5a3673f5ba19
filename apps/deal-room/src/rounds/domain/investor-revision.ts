import { Actor } from '../../kernel';
import type { Commitment, RoundState } from './round';

type Round = Exclude<RoundState, { readonly status: 'none' }>;

// Issue 14: an investor alone in its view saw ETag "3" and identical views at revisions 1, 2 and 3, and so
// learnt that others acted, and when. An investor's revision counts only the changes of what it sees
// (viewFor): 0 is the round as it stood when it was admitted, and each later event that changes its view
// adds one. Two readings with one revision show the same view; what it cannot see never moves it.

/**
 * What an event changed that some investor may see. `roundWide`: something every admitted investor sees
 * (the round's economics, status, deadlines, closings, round-wide terms and conditions, and the book's
 * totals when the round discloses them). `investors`: those whose own things changed (their commitment,
 * their own terms and conditions).
 */
interface SeenChange {
  readonly roundWide: boolean;
  readonly investors: ReadonlySet<string>;
}

/**
 * `after` with each admitted investor's revision moved on by what `before` -> `after` changed in its view.
 * Relies on evolve's sharing: a term, condition or commitment an event did not touch is the same object after it.
 */
export function countSeenChanges(before: RoundState, after: RoundState): RoundState {
  if (before.status === 'none' || after.status === 'none' || before === after) return after;
  const change = seenChange(before, after);
  if (!change.roundWide && change.investors.size === 0) return after;
  // Investors are only ever appended: those before the event are the first ones (the one admitted by it starts at 0).
  const known = before.investors.length;
  const investors = after.investors.map((investor, index) =>
    index < known && (change.roundWide || change.investors.has(investor.investorId))
      ? { ...investor, seenRevision: investor.seenRevision + 1 }
      : investor,
  );
  return { ...after, investors };
}

function seenChange(before: Round, after: Round): SeenChange {
  const investors = new Set<string>();
  let roundWide =
    before.status !== after.status ||
    !same(before.targetAmount, after.targetAmount) ||
    !same(before.hardCap, after.hardCap) ||
    !same(before.minimumAmount, after.minimumAmount) ||
    !same(before.minimumTicket, after.minimumTicket) ||
    !same(before.valuation, after.valuation) ||
    before.subscriptionDeadline !== after.subscriptionDeadline ||
    before.fundingDeadline !== after.fundingDeadline ||
    !same(before.closings, after.closings) ||
    before.closingWindowEndsAt !== after.closingWindowEndsAt ||
    before.allocationBasis !== after.allocationBasis ||
    (after.disclosure === 'book-totals' && before.totalCommitted.amount !== after.totalCommitted.amount);
  // Terms and conditions are only ever appended or replaced in place, so index i is the same one before and after.
  const scoped: [readonly { investorId: string | null }[], readonly { investorId: string | null }[]][] = [
    [before.terms, after.terms],
    [before.conditions, after.conditions],
  ];
  for (const [was, is] of scoped) {
    if (was === is) continue;
    is.forEach((item, index) => {
      if (same(was[index], item)) return;
      if (item.investorId === null) roundWide = true;
      else investors.add(item.investorId);
    });
  }
  if (before.commitments !== after.commitments) changedCommitments(before.commitments, after.commitments, investors);
  // Each investor sees its own protected amount and its own refunds, never another's.
  if (before.protectedAllocations !== after.protectedAllocations) changedOwnItems(before.protectedAllocations, after.protectedAllocations, investors);
  if (before.refunds !== after.refunds) changedOwnItems(before.refunds, after.refunds, investors);
  return { roundWide, investors };
}

/** Adds the investors whose commitment an event made, changed as its view shows it, or removed. */
function changedCommitments(was: readonly Commitment[], is: readonly Commitment[], investors: Set<string>): void {
  // Most events replace one commitment in place: compare index by index while the lists line up.
  if (was.length === is.length && was.every((c, index) => c.investorId === is[index].investorId)) {
    is.forEach((commitment, index) => {
      if (!sameAsSeen(was[index], commitment)) investors.add(commitment.investorId);
    });
    return;
  }
  const before = new Map(was.map((c) => [c.investorId, c]));
  for (const commitment of is) {
    const previous = before.get(commitment.investorId);
    before.delete(commitment.investorId);
    if (!previous || !sameAsSeen(previous, commitment)) investors.add(commitment.investorId);
  }
  for (const removed of before.keys()) investors.add(removed);
}

/** Adds the investors whose own items (protected amounts, refunds) differ, as their views list them. */
function changedOwnItems(was: readonly { investorId: string }[], is: readonly { investorId: string }[], investors: Set<string>): void {
  const ids = new Set([...was, ...is].map((item) => item.investorId));
  for (const id of ids) {
    if (!same(was.filter((item) => item.investorId === id), is.filter((item) => item.investorId === id))) investors.add(id);
  }
}

/**
 * Field by field, what toView shows of a commitment. Not its place in the queue (`sequence`): a
 * commitment made again with nothing else changed looks the same.
 */
function sameAsSeen(a: Commitment, b: Commitment): boolean {
  return (
    a === b ||
    (a.amount.amount === b.amount.amount &&
      a.amount.currency === b.amount.currency &&
      a.status === b.status &&
      a.subscription === b.subscription &&
      a.documentReference === b.documentReference &&
      a.signedAt === b.signedAt &&
      a.acceptedAt === b.acceptedAt &&
      a.paidIn.amount === b.paidIn.amount &&
      same(a.fundings, b.fundings))
  );
}

/** The same object, or one with the same content: evolve shares what an event did not touch, so this is mostly `===`. */
function same(a: unknown, b: unknown): boolean {
  return a === b || contentOf(a) === contentOf(b);
}

const contentOf = (value: unknown): string | undefined =>
  JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? `${item}n` : item));

/**
 * The revision of the round as `reader` sees it: an admitted investor's own count (above); everyone
 * else's is the stream's. Null when the round is not there for the reader.
 */
export function revisionSeenBy(state: RoundState, reader: Actor, streamRevision: bigint | null): bigint | null {
  if (reader.role !== 'investor' || state.status === 'none') return streamRevision;
  const investor = state.investors.find((candidate) => candidate.investorId === reader.investorId);
  return investor ? BigInt(investor.seenRevision) : null;
}
