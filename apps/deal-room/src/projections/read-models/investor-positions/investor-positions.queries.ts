import { Sql } from '../../projection-definition';
import { filterSql, RoundFilter, RoundKey } from '../round-summaries/round-summaries.queries';
import { PositionRoundRow, PositionRow } from './investor-positions.projection';

// Each function reads synchronously on the connection it is given: on the connection the projection
// writes through, one call's rows never mix two checkpoints.

export type BookEntry = Pick<PositionRow, 'investor_id' | 'investor_name' | 'committed' | 'allocated' | 'ownership' | 'subscription' | 'paid_in'>;

export interface RoundBook {
  readonly round: PositionRoundRow;
  /** Investors with a commitment, in the order they first committed (the allocation's tie-break). */
  readonly book: BookEntry[];
}

/** Null when the projection has never seen the round opened. */
export function roundBook(sql: Sql, roundId: string): RoundBook | null {
  const round = sql.get<PositionRoundRow>('SELECT * FROM position_rounds WHERE round_id = :roundId', { roundId });
  if (!round) return null;
  const book = sql.all<BookEntry>(
    `SELECT investor_id, investor_name, committed, allocated, ownership, subscription, paid_in FROM positions
     WHERE round_id = :roundId AND committed <> '0' ORDER BY commitment_sequence, investor_id`,
    { roundId },
  );
  return { round, book };
}

export type InvestorPosition = Pick<PositionRoundRow, 'round_id' | 'opened_at' | 'name' | 'company' | 'currency' | 'status' | 'subscription_deadline' | 'funding_deadline'> &
  Pick<PositionRow, 'committed' | 'allocated' | 'ownership' | 'subscription' | 'paid_in'>;

/** Every round the investor was admitted to, oldest first. */
export function positionsOf(sql: Sql, investorId: string): InvestorPosition[] {
  return positionPage(sql, investorId, {}, null, -1);
}

/**
 * Up to `limit` (negative: all) of the investor's positions in rounds that match the filter, after
 * `after` in the rounds' opening order, the same order and keys as the rounds report.
 */
export function positionPage(sql: Sql, investorId: string, filter: RoundFilter, after: RoundKey | null, limit: number): InvestorPosition[] {
  const { where, params } = filterSql(filter, after, 'r', 'position_deal_teams');
  return sql.all<InvestorPosition>(
    `SELECT r.round_id, r.opened_at, r.name, r.company, r.currency, r.status, r.subscription_deadline, r.funding_deadline, p.committed, p.allocated, p.ownership, p.subscription, p.paid_in
     FROM positions p JOIN position_rounds r ON r.round_id = p.round_id
     WHERE p.investor_id = :investorId AND ${where} ORDER BY r.opened_at, r.round_id LIMIT :limit`,
    { ...params, investorId, limit },
  );
}

/** The round's place in the order, for `?after=<roundId>`; undefined when this read model has no such round. */
export function positionRoundKey(sql: Sql, roundId: string): RoundKey | undefined {
  return sql.get<RoundKey>('SELECT opened_at, round_id FROM position_rounds WHERE round_id = :roundId', { roundId });
}

/** Whether `sub` is on the round's deal team, as this read model knows it. */
export function isOnDealTeam(sql: Sql, roundId: string, sub: string): boolean {
  return sql.get<{ one: number }>('SELECT 1 AS one FROM position_deal_teams WHERE round_id = :roundId AND sub = :sub', { roundId, sub }) !== undefined;
}
