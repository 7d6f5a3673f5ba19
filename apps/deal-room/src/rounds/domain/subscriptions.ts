import { Money, formatAmount, money } from '../../kernel';
import { Commitment, CommitmentStatus, RoundState, SubscriptionStatus, isBinding } from './round';

// Where each investor stands on the way from commitment to paid-in capital, and what is late, as of a
// given instant (passed in: the domain reads no clock). Subscribed and paid-in amounts are kept apart.

export interface SubscriptionRow {
  readonly investorId: string;
  readonly investorName: string;
  readonly status: CommitmentStatus;
  readonly subscription: SubscriptionStatus;
  readonly committed: string;
  /** What the investor signed for: its commitment once signed, else zero. */
  readonly subscribed: string;
  readonly paidIn: string;
  readonly outstanding: string;
  readonly documentReference: string | null;
  readonly signedAt: string | null;
  readonly acceptedAt: string | null;
  readonly lastValueDate: string | null;
  /** A binding commitment still unsigned after the subscription deadline. */
  readonly lateToSign: boolean;
  /** A signed subscription not fully paid in after the funding deadline. */
  readonly lateToFund: boolean;
}

export interface SubscriptionBook {
  readonly roundId: string;
  readonly currency: string;
  readonly asOf: string;
  readonly subscriptionDeadline: string | null;
  readonly fundingDeadline: string | null;
  readonly subscriptions: readonly SubscriptionRow[];
  readonly totals: { readonly committed: string; readonly subscribed: string; readonly paidIn: string; readonly outstanding: string };
  readonly late: { readonly toSign: readonly string[]; readonly toFund: readonly string[] };
}

export function subscriptionBook(state: RoundState, asOf: string): SubscriptionBook | null {
  if (state.status === 'none') return null;
  const { currency, subscriptionDeadline, fundingDeadline } = state;
  const nameOf = (investorId: string) => state.investors.find((i) => i.investorId === investorId)?.name ?? investorId;
  const after = (deadline: string | null) => deadline !== null && asOf > deadline;
  const rows = state.commitments.map((c: Commitment): SubscriptionRow => {
    const subscribed = c.subscription === 'unsigned' ? 0n : c.amount.amount;
    const outstanding = subscribed - c.paidIn.amount;
    const signed = c.subscription !== 'unsigned';
    return {
      investorId: c.investorId,
      investorName: nameOf(c.investorId),
      status: c.status,
      subscription: c.subscription,
      committed: formatAmount(c.amount),
      subscribed: formatAmount(money(subscribed, currency)),
      paidIn: formatAmount(c.paidIn),
      outstanding: formatAmount(money(outstanding, currency)),
      documentReference: c.documentReference,
      signedAt: c.signedAt,
      acceptedAt: c.acceptedAt,
      lastValueDate: c.fundings.reduce<string | null>((last, f) => (last === null || f.valueDate > last ? f.valueDate : last), null),
      lateToSign: isBinding(c) && !signed && after(subscriptionDeadline),
      lateToFund: signed && outstanding > 0n && after(fundingDeadline),
    };
  });
  const sum = (pick: (c: Commitment) => Money | bigint) =>
    formatAmount(money(state.commitments.reduce((total, c) => total + valueOf(pick(c)), 0n), currency));
  return {
    roundId: state.roundId,
    currency,
    asOf,
    subscriptionDeadline,
    fundingDeadline,
    subscriptions: rows,
    totals: {
      committed: sum((c) => (isBinding(c) ? c.amount : 0n)),
      subscribed: sum((c) => (c.subscription === 'unsigned' ? 0n : c.amount)),
      paidIn: sum((c) => c.paidIn),
      outstanding: sum((c) => (c.subscription === 'unsigned' ? 0n : c.amount.amount - c.paidIn.amount)),
    },
    late: { toSign: rows.filter((r) => r.lateToSign).map((r) => r.investorId), toFund: rows.filter((r) => r.lateToFund).map((r) => r.investorId) },
  };
}

const valueOf = (value: Money | bigint): bigint => (typeof value === 'bigint' ? value : value.amount);
