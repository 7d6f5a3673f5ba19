import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { CurrentActor, Roles } from '../../auth';
import { csvOptions, HttpReply, ParseIdPipe } from '../../http';
import { formatOf } from '../http/format-query';
import { Actor } from '../../kernel';
import { RoundQueries } from '../get-round/round-queries';

const COLUMNS = ['conditionId', 'title', 'investorId', 'status', 'evidence', 'satisfiedBy', 'satisfiedAt'] as const;

/**
 * The checklist of conditions precedent of the close, as of now: each open or satisfied, with its evidence
 * and who said so, and the counts. `?format=csv` for counsel's spreadsheet. An investor sees the round-wide
 * conditions and its own, never one about another investor (as in the round's view). One table, not paged:
 * a round's checklist is a handful of lines, and the counts are over all of it.
 */
@Controller('rounds')
export class GetConditionsController {
  constructor(private readonly queries: RoundQueries) {}

  @Get(':roundId/conditions')
  @Roles('deal-lead', 'auditor', 'admin', 'investor')
  async list(@Param('roundId', ParseIdPipe) roundId: string, @Query() query: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: HttpReply) {
    const format = formatOf(query);
    const { view, revision } = await this.queries.current(roundId, actor);
    const conditions = view.conditions.map((c) => ({ ...c, satisfiedBy: c.satisfiedBy?.sub ?? null }));
    if (format === 'json') {
      const open = conditions.filter((c) => c.status === 'open').length;
      return { roundId, revision: Number(revision), conditions, open, satisfied: conditions.length - open };
    }
    response.header('Content-Type', 'text/csv; charset=utf-8');
    response.header('Content-Disposition', `attachment; filename="conditions-${roundId}.csv"`);
    return stringify(conditions, csvOptions(COLUMNS));
  }
}
