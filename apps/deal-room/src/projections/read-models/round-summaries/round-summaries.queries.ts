import { Sql, SqlParams } from '../../projection-definition';
import { RoundSummaryRow } from './round-summaries.projection';

/** Which rounds a report lists; every field given must match (`openedFrom` inclusive, `openedTo` exclusive). */
export interface RoundFilter {
  readonly status?: string;
  readonly company?: string;
  readonly currency?: string;
  /** ISO 8601 in UTC as the rows hold it (`Date.toISOString()`), so text order is time order. */
  readonly openedFrom?: string;
  readonly openedTo?: string;
  /** A deal-lead's `sub`: only the rounds whose deal team it is on. */
  readonly dealTeamMember?: string;
}

/**
 * Where a page starts: rows after this one in opening order, exclusive. `opened_at` never changes once a
 * round is opened, and `round_id` breaks ties, so a row's place in the order is stable between pages.
 */
export interface RoundKey {
  readonly opened_at: string;
  readonly round_id: string;
}

/** Every round, in the order they were opened. */
export function roundSummaries(sql: Sql): RoundSummaryRow[] {
  return sql.all<RoundSummaryRow>('SELECT * FROM round_summaries ORDER BY opened_at, round_id');
}

/**
 * Up to `limit` rounds that match, after `after` in opening order. A keyset page: the index on
 * (opened_at, round_id) is entered at the key, so page 200 costs what page 1 does.
 */
export function roundSummaryPage(sql: Sql, filter: RoundFilter, after: RoundKey | null, limit: number): RoundSummaryRow[] {
  const { where, params } = filterSql(filter, after, 'r', 'round_deal_teams');
  return sql.all<RoundSummaryRow>(`SELECT * FROM round_summaries r WHERE ${where} ORDER BY r.opened_at, r.round_id LIMIT :limit`, {
    ...params,
    limit,
  });
}

/** The round's place in the order, for `?after=<roundId>`; undefined when this read model has no such round. */
export function roundSummaryKey(sql: Sql, roundId: string): RoundKey | undefined {
  return sql.get<RoundKey>('SELECT opened_at, round_id FROM round_summaries WHERE round_id = :roundId', { roundId });
}

/**
 * The WHERE clause for a filter and a key over a table aliased `table` with the round's columns. Only
 * the conditions given are written, so each combination is its own prepared statement and the
 * planner sees plain comparisons.
 */
export function filterSql(filter: RoundFilter, after: RoundKey | null, table: string, teams: string): { where: string; params: SqlParams } {
  const conditions = ['1 = 1'];
  const params: Record<string, string> = {};
  const add = (condition: string, name: string, value: string | undefined) => {
    if (value === undefined) return;
    conditions.push(condition);
    params[name] = value;
  };
  add(`${table}.status = :status`, 'status', filter.status);
  add(`${table}.company = :company`, 'company', filter.company);
  add(`${table}.currency = :currency`, 'currency', filter.currency);
  add(`${table}.opened_at >= :openedFrom`, 'openedFrom', filter.openedFrom);
  add(`${table}.opened_at < :openedTo`, 'openedTo', filter.openedTo);
  add(`EXISTS (SELECT 1 FROM ${teams} t WHERE t.round_id = ${table}.round_id AND t.sub = :dealTeamMember)`, 'dealTeamMember', filter.dealTeamMember);
  if (after) {
    conditions.push(`(${table}.opened_at, ${table}.round_id) > (:afterOpenedAt, :afterRoundId)`);
    params.afterOpenedAt = after.opened_at;
    params.afterRoundId = after.round_id;
  }
  return { where: conditions.join(' AND '), params };
}
