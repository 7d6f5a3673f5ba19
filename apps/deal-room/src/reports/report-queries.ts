import { Sql } from '../projections';
import { amountText, currencyOf, ratio, sumDecimals } from './report-money';

// The reports as read from the projections' tables. Every query runs synchronously on the one
// connection the projections write through, so a report never mixes two checkpoints.

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
  /** Null until the round is closed. */
  allocated: string | null;
  scaledBack: string | null;
  ownership: string | null;
};

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
  allocated: string | null;
  ownership: string | null;
};

interface SummaryRecord {
  round_id: string;
  company: string;
  name: string;
  status: string;
  currency: string;
  target_amount: string;
  hard_cap: string;
  total_committed: string;
  total_allocated: string | null;
  investor_count: number;
  admitted_investors: number;
  opened_at: string;
  closed_at: string | null;
  cancelled_at: string | null;
}

export function roundsReport(sql: Sql): RoundReportRow[] {
  return sql.all<SummaryRecord>('SELECT * FROM round_summaries ORDER BY opened_at, round_id').map((r) => {
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
      investorCount: r.investor_count,
      admittedInvestors: r.admitted_investors,
      openedAt: r.opened_at,
      closedAt: r.closed_at,
      cancelledAt: r.cancelled_at,
    };
  });
}

interface PositionRecord {
  investor_id: string;
  investor_name: string;
  committed: string;
  allocated: string | null;
  ownership: string | null;
}

interface PositionRoundRecord {
  round_id: string;
  company: string;
  name: string;
  currency: string;
  status: string;
  post_money: string | null;
}

/** Null when the projection has never seen the round opened. */
export function allocationReport(sql: Sql, roundId: string): AllocationReport | null {
  const round = sql.get<PositionRoundRecord>('SELECT * FROM position_rounds WHERE round_id = :roundId', { roundId });
  if (!round) return null;
  const currency = currencyOf(round.currency);
  const closed = round.status === 'closed';
  // The book: investors with a commitment, in the order they first committed (the allocation's tie-break).
  const records = sql.all<PositionRecord>(
    `SELECT investor_id, investor_name, committed, allocated, ownership FROM positions
     WHERE round_id = :roundId AND committed <> '0' ORDER BY commitment_sequence, investor_id`,
    { roundId },
  );
  let committed = 0n;
  let allocated = 0n;
  const allocations = records.map((p) => {
    const given = BigInt(p.committed);
    const got = closed && p.allocated !== null ? BigInt(p.allocated) : null;
    committed += given;
    allocated += got ?? 0n;
    return {
      investorId: p.investor_id,
      investorName: p.investor_name,
      committed: amountText(p.committed, currency),
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
      allocated: closed ? amountText(allocated.toString(), currency) : null,
      scaledBack: closed ? amountText((committed - allocated).toString(), currency) : null,
      ownership: closed ? sumDecimals(allocations.flatMap((a) => (a.ownership === null ? [] : [a.ownership]))) : null,
    },
  };
}

interface InvestorRecord {
  round_id: string;
  name: string;
  company: string;
  currency: string;
  status: string;
  committed: string;
  allocated: string | null;
  ownership: string | null;
}

/** Every round the investor was admitted to, oldest first. */
export function investorReport(sql: Sql, investorId: string): InvestorPositionRow[] {
  return sql
    .all<InvestorRecord>(
      `SELECT r.round_id, r.name, r.company, r.currency, r.status, p.committed, p.allocated, p.ownership
       FROM positions p JOIN position_rounds r ON r.round_id = p.round_id
       WHERE p.investor_id = :investorId ORDER BY r.opened_at, r.round_id`,
      { investorId },
    )
    .map((p) => {
      const currency = currencyOf(p.currency);
      return {
        roundId: p.round_id,
        roundName: p.name,
        company: p.company,
        currency,
        status: p.status,
        committed: amountText(p.committed, currency),
        allocated: p.allocated === null ? null : amountText(p.allocated, currency),
        ownership: p.ownership,
      };
    });
}
