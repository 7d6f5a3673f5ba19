import type { InvestorPosition, RoundBook, RoundSummaryRow } from '../projections';
import { amountText, currencyOf, ratio, sumDecimals } from './report-money';

// What each report answers with, made from the rows its read model's queries return: amounts as
// decimal strings in the round's currency, ratios and totals computed exactly from minor units.

// A type, not an interface: rows must fit Record<string, ...> for the CSV writer.
export type RoundReportRow = {
  roundId: string;
  company: string;
  name: string;
  status: string;
  currency: string;
  targetAmount: string;
  hardCap: string;
  totalCommitted: string;
  totalAllocated: string | null;
  ratioToTarget: string | null;
  ratioToCap: string | null;
  /** Signed subscriptions, and what was paid in against them (funding status). */
  totalSubscribed: string;
  totalPaidIn: string;
  /** Conditions precedent of the close still open, and satisfied. */
  conditionsOpen: number;
  conditionsSatisfied: number;
  closingsHeld: number;
  /** Investors with a commitment in the book; admittedInvestors counts every one admitted. */
  investorCount: number;
  admittedInvestors: number;
  openedAt: string;
  closedAt: string | null;
  cancelledAt: string | null;
};

// A type, not an interface: rows must fit Record<string, ...> for the CSV writer.
export type AllocationRow = {
  investorId: string;
  investorName: string;
  committed: string;
  /** Funding status: `unsigned`, `signed` or `accepted`, and what was paid in (null in the totals row). */
  subscription: string | null;
  paidIn: string;
  /** As of the reading: `to-sign` (binding, unsigned after the subscription deadline), `to-fund` (signed, not fully paid in after the funding deadline) or null. */
  late: Late;
  /** Null until the round is closed. */
  allocated: string | null;
  scaledBack: string | null;
  ownership: string | null;
};

export type Late = 'to-sign' | 'to-fund' | null;

/** The same rule as the subscriptions read (subscriptionBook), on the read model's rows. */
export function lateOf(row: { committed: string; subscription: string; paid_in: string }, deadlines: { subscription_deadline: string | null; funding_deadline: string | null }, now: string): Late {
  const past = (deadline: string | null) => deadline !== null && now > deadline;
  if (BigInt(row.committed) > 0n && row.subscription === 'unsigned' && past(deadlines.subscription_deadline)) return 'to-sign';
  if (row.subscription !== 'unsigned' && BigInt(row.paid_in) < BigInt(row.committed) && past(deadlines.funding_deadline)) return 'to-fund';
  return null;
}

export interface AllocationReport {
  roundId: string;
  company: string;
  name: string;
  currency: string;
  status: string;
  postMoneyValuation: string | null;
  allocations: AllocationRow[];
  totals: Omit<AllocationRow, 'investorId' | 'investorName'>;
}

// A type, not an interface: rows must fit Record<string, ...> for the CSV writer.
export type InvestorPositionRow = {
  roundId: string;
  roundName: string;
  company: string;
  currency: string;
  status: string;
  committed: string;
  subscription: string;
  paidIn: string;
  late: Late;
  allocated: string | null;
  ownership: string | null;
};

export function roundsReport(rows: readonly RoundSummaryRow[]): RoundReportRow[] {
  return rows.map((r) => {
    const currency = currencyOf(r.currency);
    const total = BigInt(r.total_committed);
    return {
      roundId: r.round_id,
      company: r.company,
      name: r.name,
      status: r.status,
      currency,
      targetAmount: amountText(r.target_amount, currency),
      hardCap: amountText(r.hard_cap, currency),
      totalCommitted: amountText(r.total_committed, currency),
      totalAllocated: r.total_allocated === null ? null : amountText(r.total_allocated, currency),
      ratioToTarget: ratio(total, BigInt(r.target_amount)),
      ratioToCap: ratio(total, BigInt(r.hard_cap)),
      totalSubscribed: amountText(r.total_subscribed, currency),
      totalPaidIn: amountText(r.total_paid_in, currency),
      conditionsOpen: r.conditions_open,
      conditionsSatisfied: r.conditions_satisfied,
      closingsHeld: r.closings_held,
      investorCount: r.investor_count,
      admittedInvestors: r.admitted_investors,
      openedAt: r.opened_at,
      closedAt: r.closed_at,
      cancelledAt: r.cancelled_at,
    };
  });
}

export function allocationReport({ round, book }: RoundBook, now: string): AllocationReport {
  const currency = currencyOf(round.currency);
  const closed = round.status === 'closed';
  let committed = 0n;
  let allocated = 0n;
  let paidIn = 0n;
  const allocations = book.map((p) => {
    const given = BigInt(p.committed);
    const got = closed && p.allocated !== null ? BigInt(p.allocated) : null;
    committed += given;
    allocated += got ?? 0n;
    paidIn += BigInt(p.paid_in);
    return {
      investorId: p.investor_id,
      investorName: p.investor_name,
      committed: amountText(p.committed, currency),
      subscription: p.subscription,
      paidIn: amountText(p.paid_in, currency),
      late: lateOf(p, round, now),
      allocated: got === null ? null : amountText(got.toString(), currency),
      scaledBack: got === null ? null : amountText((given - got).toString(), currency),
      ownership: closed ? p.ownership : null,
    };
  });
  return {
    roundId: round.round_id,
    company: round.company,
    name: round.name,
    currency,
    status: round.status,
    postMoneyValuation: round.post_money === null ? null : amountText(round.post_money, currency),
    allocations,
    totals: {
      committed: amountText(committed.toString(), currency),
      subscription: null,
      paidIn: amountText(paidIn.toString(), currency),
      late: null,
      allocated: closed ? amountText(allocated.toString(), currency) : null,
      scaledBack: closed ? amountText((committed - allocated).toString(), currency) : null,
      ownership: closed ? sumDecimals(allocations.flatMap((a) => (a.ownership === null ? [] : [a.ownership]))) : null,
    },
  };
}

export function investorReport(positions: readonly InvestorPosition[], now: string): InvestorPositionRow[] {
  return positions.map((p) => {
    const currency = currencyOf(p.currency);
    return {
      roundId: p.round_id,
      roundName: p.name,
      company: p.company,
      currency,
      status: p.status,
      committed: amountText(p.committed, currency),
      subscription: p.subscription,
      paidIn: amountText(p.paid_in, currency),
      late: lateOf(p, p, now),
      allocated: p.allocated === null ? null : amountText(p.allocated, currency),
      ownership: p.ownership,
    };
  });
}
