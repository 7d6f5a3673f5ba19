import { Sql } from '../../projection-definition';
import { RoundSummaryRow } from './round-summaries.projection';

/** Every round, in the order they were opened. */
export function roundSummaries(sql: Sql): RoundSummaryRow[] {
  return sql.all<RoundSummaryRow>('SELECT * FROM round_summaries ORDER BY opened_at, round_id');
}
