import { ownershipFraction } from '../../../rounds/domain';
import { AppliedEvent, Columns, columnsSql, ProjectionHandlers, RowOf, TableSpec } from '../../projection-definition';
import { insertDealTeam } from '../round-summaries/round-summaries.projection';

// Each investor's place in each round it was admitted to, for the allocation and investor reports.
// The round's own facts are copied here too, so this projection never reads another one's tables
// (each has its own checkpoint, and a join across two checkpoints could mix two moments).
const positionRoundColumns = {
  round_id: 'TEXT PRIMARY KEY',
  company: 'TEXT NOT NULL',
  name: 'TEXT NOT NULL',
  currency: 'TEXT NOT NULL',
  status: 'TEXT NOT NULL',
  post_money: 'TEXT',
  commitments_made: 'INTEGER NOT NULL',
  opened_at: 'TEXT NOT NULL',
  closed_at: 'TEXT',
  /** The round's deadlines (ISO 8601 UTC), for what is late as of a report's reading. */
  subscription_deadline: 'TEXT',
  funding_deadline: 'TEXT',
  version: 'INTEGER NOT NULL',
} as const satisfies Columns;

const positionColumns = {
  round_id: 'TEXT NOT NULL',
  investor_id: 'TEXT NOT NULL',
  investor_name: 'TEXT NOT NULL',
  tier: 'TEXT NOT NULL',
  committed: 'TEXT NOT NULL',
  allocated: 'TEXT',
  ownership: 'TEXT',
  commitment_sequence: 'INTEGER',
  /** `unsigned`, `signed` or `accepted` (countersigned), as the round's subscription lifecycle says. */
  subscription: 'TEXT NOT NULL',
  /** Money received against the subscription, apart from what is committed. */
  paid_in: 'TEXT NOT NULL',
  updated_at: 'TEXT NOT NULL',
} as const satisfies Columns;

export type PositionRoundRow = RowOf<typeof positionRoundColumns>;
export type PositionRow = RowOf<typeof positionColumns>;

export const investorPositionTables: readonly TableSpec[] = [
  { name: 'position_rounds', columns: columnsSql(positionRoundColumns) },
  // Its own copy of each round's deal team (this projection reads no other one's tables).
  { name: 'position_deal_teams', columns: columnsSql({ round_id: 'TEXT NOT NULL', sub: 'TEXT NOT NULL' }, 'PRIMARY KEY (round_id, sub)') },
  {
    name: 'positions',
    columns: columnsSql(positionColumns, 'PRIMARY KEY (round_id, investor_id)'),
    indexes: { positions_by_investor: 'investor_id, round_id' },
  },
];

function touchRound({ sql }: AppliedEvent, roundId: string, assignments = '', params: Record<string, string | bigint> = {}): void {
  const set = assignments ? `${assignments}, ` : '';
  const changed = sql.run(`UPDATE position_rounds SET ${set}version = version + 1 WHERE round_id = :roundId`, { ...params, roundId });
  if (changed === 0) throw new Error(`round ${roundId} has events but was never opened`);
}

function setCommitted(context: AppliedEvent, roundId: string, investorId: string, committed: bigint, at: string, sequence?: bigint): void {
  const changed = context.sql.run(
    `UPDATE positions SET committed = :committed, updated_at = :at, commitment_sequence = COALESCE(:sequence, commitment_sequence)
     WHERE round_id = :roundId AND investor_id = :investorId`,
    { roundId, investorId, committed, at, sequence: sequence ?? null },
  );
  if (changed === 0) throw new Error(`investor ${investorId} commits to round ${roundId} without having been admitted`);
}

function setSubscription(context: AppliedEvent, roundId: string, investorId: string, subscription: 'unsigned' | 'signed' | 'accepted', at: string): void {
  touchRound(context, roundId);
  context.sql.run('UPDATE positions SET subscription = :subscription, updated_at = :at WHERE round_id = :roundId AND investor_id = :investorId', { roundId, investorId, subscription, at });
}

function commitFromNow(context: AppliedEvent, roundId: string, investorId: string, amount: bigint, at: string): void {
  touchRound(context, roundId, 'commitments_made = commitments_made + 1');
  const { commitments_made } = context.sql.get<Pick<PositionRoundRow, 'commitments_made'>>(
    'SELECT commitments_made FROM position_rounds WHERE round_id = :roundId',
    { roundId },
  )!;
  setCommitted(context, roundId, investorId, amount, at, BigInt(commitments_made));
}

export const investorPositionHandlers: ProjectionHandlers = {
  RoundOpened: ({ data }, { sql }) => {
    insertDealTeam(sql, 'position_deal_teams', data.roundId, data.dealTeam);
    sql.run(
      `INSERT INTO position_rounds (round_id, company, name, currency, status, post_money, commitments_made, opened_at, closed_at,
         subscription_deadline, funding_deadline, version)
       VALUES (:roundId, :company, :name, :currency, 'open', NULL, 0, :at, NULL, NULL, NULL, 1)`,
      { roundId: data.roundId, company: data.company, name: data.name, currency: data.currency, at: data.at },
    );
  },
  InvestorAdmitted: ({ data }, context) => {
    touchRound(context, data.roundId);
    context.sql.run(
      `INSERT INTO positions (round_id, investor_id, investor_name, tier, committed, allocated, ownership, commitment_sequence, subscription, paid_in, updated_at)
       VALUES (:roundId, :investorId, :name, :tier, '0', NULL, NULL, NULL, 'unsigned', '0', :at)`,
      { roundId: data.roundId, investorId: data.investorId, name: data.name, tier: data.tier, at: data.at },
    );
  },
  TermProposed: ({ data }, context) => touchRound(context, data.roundId),
  TermAccepted: ({ data }, context) => touchRound(context, data.roundId),
  TermRejected: ({ data }, context) => touchRound(context, data.roundId),
  TermWithdrawn: ({ data }, context) => touchRound(context, data.roundId),
  // The sequence mirrors the domain's: it orders the book as the allocation's tie-break does.
  CommitmentMade: ({ data }, context) => commitFromNow(context, data.roundId, data.investorId, data.amount.amount, data.at),
  // `committed` is what binds: an indication the company recorded counts once the investor confirms it.
  IndicationRecorded: ({ data }, context) =>
    touchRound(context, data.roundId, data.previousAmount === null ? 'commitments_made = commitments_made + 1' : ''),
  IndicationConfirmed: ({ data }, context) => commitFromNow(context, data.roundId, data.investorId, data.amount.amount, data.at),
  IndicationWithdrawn: ({ data }, context) => touchRound(context, data.roundId),
  ReconfirmationRequested: ({ data }, context) => touchRound(context, data.roundId),
  CommitmentReconfirmed: ({ data }, context) => touchRound(context, data.roundId),
  SubscriptionSigned: ({ data }, context) => setSubscription(context, data.roundId, data.investorId, 'signed', data.at),
  SubscriptionAccepted: ({ data }, context) => setSubscription(context, data.roundId, data.investorId, 'accepted', data.at),
  FundsReceived: ({ data }, context) => {
    touchRound(context, data.roundId);
    const row = context.sql.get<Pick<PositionRow, 'paid_in'>>('SELECT paid_in FROM positions WHERE round_id = :roundId AND investor_id = :investorId', { roundId: data.roundId, investorId: data.investorId });
    if (!row) throw new Error(`investor ${data.investorId} pays into round ${data.roundId} without having been admitted`);
    const paidIn = BigInt(row.paid_in) + data.amount.amount;
    context.sql.run('UPDATE positions SET paid_in = :paidIn, updated_at = :at WHERE round_id = :roundId AND investor_id = :investorId', { roundId: data.roundId, investorId: data.investorId, paidIn, at: data.at });
  },
  DeadlinesSet: ({ data }, context) =>
    touchRound(context, data.roundId, 'subscription_deadline = NULLIF(:subscriptionDeadline, \'\'), funding_deadline = NULLIF(:fundingDeadline, \'\')', {
      subscriptionDeadline: data.subscriptionDeadline ?? '',
      fundingDeadline: data.fundingDeadline ?? '',
    }),
  ConditionAdded: ({ data }, context) => touchRound(context, data.roundId),
  ConditionSatisfied: ({ data }, context) => touchRound(context, data.roundId),
  ClosingHeld: ({ data }, context) => touchRound(context, data.roundId),
  CapTableSet: ({ data }, context) => touchRound(context, data.roundId),
  ManualAllocationProposed: ({ data }, context) => touchRound(context, data.roundId),
  AllocationProtected: ({ data }, context) => touchRound(context, data.roundId),
  AllocationBasisSet: ({ data }, context) => touchRound(context, data.roundId),
  SubscriptionReopened: ({ data }, context) => setSubscription(context, data.roundId, data.investorId, 'unsigned', data.at),
  RefundRecorded: ({ data }, context) => touchRound(context, data.roundId),
  ManualAllocationApproved: ({ data }, context) => touchRound(context, data.roundId),
  CommitmentAmended: ({ data }, context) => {
    touchRound(context, data.roundId);
    setCommitted(context, data.roundId, data.investorId, data.amount.amount, data.at);
  },
  CommitmentWithdrawn: ({ data }, context) => {
    touchRound(context, data.roundId);
    setCommitted(context, data.roundId, data.investorId, 0n, data.at);
  },
  // Admitted investors outside the book get an explicit zero: after close "allocated nothing" is a fact.
  RoundClosed: ({ data }, context) => {
    const postMoney = data.postMoneyValuation.amount;
    touchRound(context, data.roundId, `status = 'closed', closed_at = :at, post_money = :postMoney`, { at: data.at, postMoney });
    context.sql.run(`UPDATE positions SET allocated = '0', ownership = :zero, updated_at = :at WHERE round_id = :roundId`, {
      roundId: data.roundId,
      zero: ownershipFraction(0n, postMoney),
      at: data.at,
    });
    for (const allocation of data.allocations) {
      context.sql.run(
        `UPDATE positions SET committed = :committed, allocated = :allocated, ownership = :ownership
         WHERE round_id = :roundId AND investor_id = :investorId`,
        {
          roundId: data.roundId,
          investorId: allocation.investorId,
          committed: allocation.committed.amount,
          allocated: allocation.allocated.amount,
          ownership: allocation.ownership,
        },
      );
    }
  },
  RoundCancelled: ({ data }, context) => touchRound(context, data.roundId, `status = 'cancelled'`),
};
