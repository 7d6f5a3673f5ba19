import { agreedEconomics } from '../../../rounds/domain';
import { AppliedEvent, Columns, columnsSql, ProjectionHandlers, RowOf, TableSpec } from '../../projection-definition';

// One row per round for the rounds report. Money is TEXT holding integer minor units: SQLite's INTEGER
// stops at 2^63 and a JS number at 2^53, and the report needs exact sums.
const roundSummaryColumns = {
  round_id: 'TEXT PRIMARY KEY',
  company: 'TEXT NOT NULL',
  name: 'TEXT NOT NULL',
  currency: 'TEXT NOT NULL',
  status: 'TEXT NOT NULL',
  target_amount: 'TEXT NOT NULL',
  hard_cap: 'TEXT NOT NULL',
  total_committed: 'TEXT NOT NULL',
  total_allocated: 'TEXT',
  /** Signed subscriptions (binding as signed) and the money received against them, apart. */
  total_subscribed: 'TEXT NOT NULL',
  total_paid_in: 'TEXT NOT NULL',
  conditions_open: 'INTEGER NOT NULL',
  conditions_satisfied: 'INTEGER NOT NULL',
  /** Initial and later closings held (the final close not counted). */
  closings_held: 'INTEGER NOT NULL',
  investor_count: 'INTEGER NOT NULL',
  admitted_investors: 'INTEGER NOT NULL',
  opened_at: 'TEXT NOT NULL',
  closed_at: 'TEXT',
  cancelled_at: 'TEXT',
  version: 'INTEGER NOT NULL',
  last_position: 'TEXT NOT NULL',
} as const satisfies Columns;

export type RoundSummaryRow = RowOf<typeof roundSummaryColumns>;

export const roundSummaryTables: readonly TableSpec[] = [
  {
    name: 'round_summaries',
    columns: columnsSql(roundSummaryColumns),
    indexes: { round_summaries_by_opening: 'opened_at, round_id' },
  },
  // Who acts for the company in each round: a deal-lead's reports list only its own company's rounds.
  { name: 'round_deal_teams', columns: columnsSql({ round_id: 'TEXT NOT NULL', sub: 'TEXT NOT NULL' }, 'PRIMARY KEY (round_id, sub)') },
];

export function insertDealTeam(sql: AppliedEvent['sql'], table: string, roundId: string, team: readonly string[]): void {
  for (const sub of team) sql.run(`INSERT OR IGNORE INTO ${table} (round_id, sub) VALUES (:roundId, :sub)`, { roundId, sub });
}

// `version` counts the round's events applied here, so it equals the stream's length: an event
// applied twice or skipped shows up as a mismatch.
function touch({ sql, position }: AppliedEvent, roundId: string, assignments = '', params: Record<string, string | bigint | number> = {}): void {
  const set = assignments ? `${assignments}, ` : '';
  sql.run(`UPDATE round_summaries SET ${set}version = version + 1, last_position = :position WHERE round_id = :roundId`, {
    ...params,
    roundId,
    position,
  });
}

/** Adds `delta` minor units to a money column (TEXT, see above). */
function addMoney(context: AppliedEvent, roundId: string, column: 'total_subscribed' | 'total_paid_in', delta: bigint, extra = ''): void {
  const row = context.sql.get<Record<string, string>>(`SELECT ${column} AS amount FROM round_summaries WHERE round_id = :roundId`, { roundId });
  if (!row) throw new Error(`round ${roundId} has a funding event but was never opened`);
  touch(context, roundId, `${column} = :total${extra}`, { total: BigInt(row.amount) + delta });
}

function addToTotal(context: AppliedEvent, roundId: string, delta: bigint, investors: number): void {
  const row = context.sql.get<Pick<RoundSummaryRow, 'total_committed'>>('SELECT total_committed FROM round_summaries WHERE round_id = :roundId', { roundId });
  if (!row) throw new Error(`round ${roundId} has a commitment event but was never opened`);
  const total = BigInt(row.total_committed) + delta;
  touch(context, roundId, 'total_committed = :total, investor_count = investor_count + :investors', { total, investors });
}

export const roundSummaryHandlers: ProjectionHandlers = {
  RoundOpened: ({ data }, { sql, position }) => {
    insertDealTeam(sql, 'round_deal_teams', data.roundId, data.dealTeam);
    sql.run(
      `INSERT INTO round_summaries (round_id, company, name, currency, status, target_amount, hard_cap, total_committed,
         total_allocated, total_subscribed, total_paid_in, conditions_open, conditions_satisfied, closings_held,
         investor_count, admitted_investors, opened_at, closed_at, cancelled_at, version, last_position)
       VALUES (:roundId, :company, :name, :currency, 'open', :target, :cap, '0', NULL, '0', '0', 0, 0, 0, 0, 0, :at, NULL, NULL, 1, :position)`,
      {
        roundId: data.roundId,
        company: data.company,
        name: data.name,
        currency: data.currency,
        target: data.targetAmount.amount,
        cap: data.hardCap.amount,
        at: data.at,
        position,
      },
    );
  },
  InvestorAdmitted: ({ data }, context) => touch(context, data.roundId, 'admitted_investors = admitted_investors + 1'),
  TermProposed: ({ data }, context) => touch(context, data.roundId),
  TermAccepted: ({ data }, context) => {
    const { targetAmount, hardCap } = agreedEconomics(data);
    if (targetAmount && hardCap) {
      touch(context, data.roundId, 'target_amount = :target, hard_cap = :cap', { target: targetAmount.amount, cap: hardCap.amount });
    } else {
      touch(context, data.roundId);
    }
  },
  TermRejected: ({ data }, context) => touch(context, data.roundId),
  TermWithdrawn: ({ data }, context) => touch(context, data.roundId),
  CommitmentMade: ({ data }, context) => addToTotal(context, data.roundId, data.amount.amount, 1),
  CommitmentAmended: ({ data }, context) => addToTotal(context, data.roundId, data.amount.amount - data.previousAmount.amount, 0),
  CommitmentWithdrawn: ({ data }, context) => addToTotal(context, data.roundId, -data.amount.amount, -1),
  // The company's indications bind nobody, so they are in the book only once the investor confirms one.
  IndicationRecorded: ({ data }, context) => touch(context, data.roundId),
  IndicationConfirmed: ({ data }, context) => addToTotal(context, data.roundId, data.amount.amount, 1),
  IndicationWithdrawn: ({ data }, context) => touch(context, data.roundId),
  ReconfirmationRequested: ({ data }, context) => touch(context, data.roundId),
  CommitmentReconfirmed: ({ data }, context) => touch(context, data.roundId),
  SubscriptionSigned: ({ data }, context) => addMoney(context, data.roundId, 'total_subscribed', data.amount.amount),
  SubscriptionAccepted: ({ data }, context) => touch(context, data.roundId),
  FundsReceived: ({ data }, context) => addMoney(context, data.roundId, 'total_paid_in', data.amount.amount),
  DeadlinesSet: ({ data }, context) => touch(context, data.roundId),
  ConditionAdded: ({ data }, context) => touch(context, data.roundId, 'conditions_open = conditions_open + 1'),
  ConditionSatisfied: ({ data }, context) => touch(context, data.roundId, 'conditions_open = conditions_open - 1, conditions_satisfied = conditions_satisfied + 1'),
  ClosingHeld: ({ data }, context) => touch(context, data.roundId, 'closings_held = closings_held + 1'),
  CapTableSet: ({ data }, context) => touch(context, data.roundId),
  ManualAllocationProposed: ({ data }, context) => touch(context, data.roundId),
  AllocationProtected: ({ data }, context) => touch(context, data.roundId),
  AllocationBasisSet: ({ data }, context) => touch(context, data.roundId),
  // The old signature no longer counts; the new one adds the amended amount when it is given.
  SubscriptionReopened: ({ data }, context) => addMoney(context, data.roundId, 'total_subscribed', -data.previousAmount.amount),
  RefundRecorded: ({ data }, context) => touch(context, data.roundId),
  ManualAllocationApproved: ({ data }, context) => touch(context, data.roundId),
  RoundClosed: ({ data }, context) =>
    touch(context, data.roundId, `status = 'closed', closed_at = :at, total_committed = :committed, total_allocated = :allocated`, {
      at: data.at,
      committed: data.totalCommitted.amount,
      allocated: data.totalAllocated.amount,
    }),
  RoundCancelled: ({ data }, context) => touch(context, data.roundId, `status = 'cancelled', cancelled_at = :at`, { at: data.at }),
};
