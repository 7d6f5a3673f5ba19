import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { CurrentActor, Roles } from '../../auth';
import { ApplicationError } from '../../common/application-error';
import { csvOptions, ParseIdPipe } from '../../http';
import { formatOf } from '../http/format-query';
import { Actor } from '../../kernel';
import { CapTable, capTableOf } from '../domain';
import { RoundQueries } from '../get-round/round-queries';

const COLUMNS = ['holderId', 'name', 'kind', 'sharesBefore', 'fractionBefore', 'sharesAfter', 'fractionAfter', 'invested', 'closing'] as const;

/**
 * The pro forma cap table: as issued once closed, else the book as a close now would allocate it. The deal
 * team, auditors and admins see it whole at any time. An investor sees it once the round is closed, as its
 * closing documents show it: the holders before, the price, the post-money capitalisation and its own new
 * shares; never another new investor's. `?format=csv` for a spreadsheet.
 */
@Controller('rounds')
export class GetCapTableController {
  constructor(private readonly queries: RoundQueries) {}

  @Get(':roundId/cap-table')
  @Roles('deal-lead', 'auditor', 'admin', 'investor')
  async get(@Param('roundId', ParseIdPipe) roundId: string, @Query() query: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response) {
    const format = formatOf(query);
    const { state } = await this.queries.currentState(roundId, actor);
    const table = capTableOf(state);
    if (!table) throw new ApplicationError('CAP_TABLE_NOT_SET', 404, `Round ${roundId} has no cap table yet.`);
    const seen = actor.role === 'investor' ? asInvestorSees(table, state.status, actor.investorId) : table;
    if (format === 'json') return seen;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="cap-table-${roundId}.csv"`);
    return stringify(seen.rows.map((row) => ({ ...row, closing: row.closing === null ? null : String(row.closing) })), csvOptions(COLUMNS));
  }
}

function asInvestorSees(table: CapTable, status: string, investorId: string | undefined): CapTable {
  if (status !== 'closed') throw new ApplicationError('FORBIDDEN', 403, 'An investor sees the cap table once the round is closed, as its closing documents show it.');
  return { ...table, rows: table.rows.filter((row) => row.kind !== 'new-investor' || row.holderId === investorId) };
}
