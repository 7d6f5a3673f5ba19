import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../auth';
import { ApplicationError } from '../common/application-error';
import {
  INVESTOR_POSITIONS,
  positionsOf,
  ProjectionsService,
  ReadConsistency,
  ReadConsistencyOf,
  roundBook,
  ROUND_SUMMARIES,
  roundSummaries,
} from '../projections';
import { ParseIdPipe } from '../http';
import { parseFormat, sendReport } from './report-format';
import { allocationReport, investorReport, roundsReport } from './report-rows';
import { Actor } from '../kernel';

const ROUND_COLUMNS = [
  'roundId', 'company', 'name', 'status', 'currency', 'targetAmount', 'hardCap', 'totalCommitted', 'totalAllocated',
  'ratioToTarget', 'ratioToCap', 'investorCount', 'admittedInvestors', 'openedAt', 'closedAt', 'cancelledAt',
] as const;
const ALLOCATION_COLUMNS = ['row', 'investorId', 'investorName', 'committed', 'allocated', 'scaledBack', 'ownership'] as const;
const POSITION_COLUMNS = ['roundId', 'roundName', 'company', 'currency', 'status', 'committed', 'allocated', 'ownership'] as const;

/**
 * Reports from the projections, as JSON or `?format=csv`. Each answers with the checkpoint it reflects
 * (`X-Projection-Checkpoint`), and with `?minPosition=` waits until it includes that write.
 */
@Controller('reports')
export class ReportsController {
  constructor(private readonly projections: ProjectionsService) {}

  @Get('rounds')
  @Roles('deal-lead', 'auditor', 'admin')
  async rounds(@Query('format') format: unknown, @ReadConsistencyOf() consistency: ReadConsistency | null, @Res({ passthrough: true }) response: Response) {
    const as = parseFormat(format);
    const checkpoint = await this.fresh(ROUND_SUMMARIES, consistency, response);
    const rounds = roundsReport(roundSummaries(this.projections.sql));
    return sendReport(response, as, 'rounds', { checkpoint, rounds }, { columns: ROUND_COLUMNS, rows: rounds });
  }

  // Before the close the book shows what is committed, with allocated, scaledBack and ownership null:
  // nothing is allocated yet, and a 409 would hide the book the deal team is building.
  @Get('rounds/:roundId/allocations')
  @Roles('deal-lead', 'auditor', 'admin')
  async allocations(
    @Param('roundId', ParseIdPipe) roundId: string,
    @Query('format') format: unknown,
    @ReadConsistencyOf() consistency: ReadConsistency | null,
    @Res({ passthrough: true }) response: Response,
  ) {
    const as = parseFormat(format);
    const checkpoint = await this.fresh(INVESTOR_POSITIONS, consistency, response);
    const book = roundBook(this.projections.sql, roundId);
    if (!book) throw new ApplicationError('ROUND_NOT_FOUND', 404, `No round ${roundId} in the report data (as of position ${checkpoint ?? 'none'}).`);
    const report = allocationReport(book);
    const rows = [
      ...report.allocations.map((allocation) => ({ row: 'investor', ...allocation })),
      { row: 'total', investorId: null, investorName: null, ...report.totals },
    ];
    return sendReport(response, as, `allocations-${roundId}`, { checkpoint, ...report }, { columns: ALLOCATION_COLUMNS, rows });
  }

  // An investor sees its own positions only; the deal team and the auditors see anyone's.
  @Get('investors/:investorId')
  @Roles('deal-lead', 'auditor', 'admin', 'investor')
  async investor(
    @Param('investorId', ParseIdPipe) investorId: string,
    @Query('format') format: unknown,
    @ReadConsistencyOf() consistency: ReadConsistency | null,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (actor.role === 'investor' && actor.investorId !== investorId) {
      throw new ApplicationError('FORBIDDEN', 403, 'An investor may only see its own positions.');
    }
    const as = parseFormat(format);
    const checkpoint = await this.fresh(INVESTOR_POSITIONS, consistency, response);
    const positions = investorReport(positionsOf(this.projections.sql, investorId));
    return sendReport(response, as, `investor-${investorId}`, { investorId, checkpoint, positions }, { columns: POSITION_COLUMNS, rows: positions });
  }

  private async fresh(projection: string, consistency: ReadConsistency | null, response: Response): Promise<string | null> {
    await this.projections.ensureFresh(projection, consistency);
    const checkpoint = this.projections.checkpointOf(projection);
    if (checkpoint !== null) response.setHeader('X-Projection-Checkpoint', checkpoint);
    return checkpoint;
  }
}
