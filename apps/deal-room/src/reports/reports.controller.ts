import { join } from 'node:path';
import { Controller, Get, Inject, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { CurrentActor, Roles } from '../auth';
import { ApplicationError } from '../common/application-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import {
  INVESTOR_POSITIONS,
  isOnDealTeam,
  openConsistency,
  positionPage,
  positionRoundKey,
  PROJECTIONS_FILE,
  ProjectionsService,
  ReadConsistency,
  ReadConsistencyOf,
  RequestedConsistency,
  roundBook,
  RoundKey,
  ROUND_SUMMARIES,
  roundSummaryKey,
  roundSummaryPage,
  Sql,
} from '../projections';
import { HttpReply, HttpRequest, ParseIdPipe, pathOf } from '../http';
import { csvDownload, CsvRow, csvText } from './report-format';
import { nextPageUrl, parseBookQuery, parseListQuery, unknownAfter } from './report-query';
import { allocationReport, investorReport, roundsReport } from './report-rows';
import { keysetBatches, ReportSnapshot } from './report-snapshot';
import { Actor } from '../kernel';
import { PositionTokens } from '../evidence';

const ROUND_COLUMNS = [
  'roundId', 'company', 'name', 'status', 'currency', 'targetAmount', 'hardCap', 'totalCommitted', 'totalAllocated',
  'ratioToTarget', 'ratioToCap', 'totalSubscribed', 'totalPaidIn', 'conditionsOpen', 'conditionsSatisfied', 'closingsHeld', 'investorCount', 'admittedInvestors', 'openedAt', 'closedAt', 'cancelledAt',
] as const;
const ALLOCATION_COLUMNS = ['row', 'investorId', 'investorName', 'committed', 'subscription', 'paidIn', 'late', 'allocated', 'scaledBack', 'ownership'] as const;
const POSITION_COLUMNS = ['roundId', 'roundName', 'company', 'currency', 'status', 'committed', 'subscription', 'paidIn', 'late', 'allocated', 'ownership'] as const;

/** Rows a CSV download reads per turn of the event loop. */
export const CSV_BATCH_SIZE = 500;

type QueryParams = Record<string, unknown>;
type ReadPage<Row> = (sql: Sql, after: RoundKey | null, limit: number) => Row[];

/**
 * Reports from the projections, as JSON or `?format=csv`. A list report answers one page at a time
 * (`{…, next}`, keyset on the rounds' opening order) or, as CSV, the whole filtered list streamed in
 * batches from one snapshot. Each answers with the checkpoint it reflects (`X-Projection-Checkpoint`),
 * and with `?minPosition=` waits until it includes that write.
 */
@Controller('reports')
export class ReportsController {
  private readonly file: string;

  constructor(
    private readonly projections: ProjectionsService,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly tokens: PositionTokens,
  ) {
    this.file = join(config.dataDir, PROJECTIONS_FILE);
  }

  @Get('rounds')
  @Roles('deal-lead', 'auditor', 'admin')
  async rounds(@Query() query: QueryParams, @ReadConsistencyOf() requested: RequestedConsistency | null, @CurrentActor() actor: Actor, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply) {
    const parsed = ownRoundsOnly(parseListQuery(query), actor);
    const consistency = this.opened(requested);
    const read: ReadPage<ReturnType<typeof roundSummaryPage>[number]> = (sql, after, limit) => roundSummaryPage(sql, parsed.filter, after, limit);
    if (parsed.format === 'csv') {
      await this.projections.ensureFresh(ROUND_SUMMARIES, consistency, actor);
      return this.download(ROUND_SUMMARIES, actor, response, 'rounds', ROUND_COLUMNS, read, roundsReport);
    }
    const checkpoint = await this.fresh(ROUND_SUMMARIES, consistency, actor, response);
    const { rows, next } = page(this.projections.sql, read, roundSummaryKey, parsed, request, query);
    return { checkpoint, rounds: roundsReport(rows), next };
  }

  // Before the close the book shows what is committed, with allocated, scaledBack and ownership null:
  // nothing is allocated yet, and a 409 would hide the book the deal team is building.
  @Get('rounds/:roundId/allocations')
  @Roles('deal-lead', 'auditor', 'admin')
  async allocations(
    @Param('roundId', ParseIdPipe) roundId: string,
    @Query() query: QueryParams,
    @ReadConsistencyOf() requested: RequestedConsistency | null,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    const format = parseBookQuery(query);
    const checkpoint = await this.fresh(INVESTOR_POSITIONS, this.opened(requested), actor, response);
    // Another company's round is answered as one the report data does not hold.
    const hidden = actor.role === 'deal-lead' && !isOnDealTeam(this.projections.sql, roundId, actor.sub);
    const book = hidden ? null : roundBook(this.projections.sql, roundId);
    if (!book) throw new ApplicationError('ROUND_NOT_FOUND', 404, `No round ${roundId} in the report data (as of position ${checkpoint ?? 'none'}).`);
    const report = allocationReport(book, new Date().toISOString());
    if (format === 'json') return { checkpoint, ...report };
    const rows = [
      ...report.allocations.map((allocation) => ({ row: 'investor', ...allocation })),
      { row: 'total', investorId: null, investorName: null, ...report.totals },
    ];
    return csvText(response, `allocations-${roundId}`, ALLOCATION_COLUMNS, rows);
  }

  // An investor sees its own positions only; the deal team and the auditors see anyone's.
  @Get('investors/:investorId')
  @Roles('deal-lead', 'auditor', 'admin', 'investor')
  async investor(
    @Param('investorId', ParseIdPipe) investorId: string,
    @Query() query: QueryParams,
    @ReadConsistencyOf() requested: RequestedConsistency | null,
    @CurrentActor() actor: Actor,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    if (actor.role === 'investor' && actor.investorId !== investorId) {
      throw new ApplicationError('FORBIDDEN', 403, 'An investor may only see its own positions.');
    }
    const parsed = ownRoundsOnly(parseListQuery(query), actor);
    const consistency = this.opened(requested);
    const read: ReadPage<ReturnType<typeof positionPage>[number]> = (sql, after, limit) => positionPage(sql, investorId, parsed.filter, after, limit);
    // What is late is judged as of this reading (the answer's Date header), once for the whole answer.
    const now = new Date().toISOString();
    const toRows = (rows: readonly ReturnType<typeof positionPage>[number][]) => investorReport(rows, now);
    if (parsed.format === 'csv') {
      await this.projections.ensureFresh(INVESTOR_POSITIONS, consistency, actor);
      return this.download(INVESTOR_POSITIONS, actor, response, `investor-${investorId}`, POSITION_COLUMNS, read, toRows);
    }
    const checkpoint = await this.fresh(INVESTOR_POSITIONS, consistency, actor, response);
    const { rows, next } = page(this.projections.sql, read, positionRoundKey, parsed, request, query);
    return { investorId, checkpoint, positions: toRows(rows), next };
  }

  private async fresh(projection: string, consistency: ReadConsistency | null, actor: Actor, response: HttpReply): Promise<string | null> {
    await this.projections.ensureFresh(projection, consistency, actor);
    const checkpoint = this.shown(this.projections.checkpointOf(projection), actor);
    if (checkpoint !== null) response.header('X-Projection-Checkpoint', checkpoint);
    return checkpoint;
  }

  private opened(requested: RequestedConsistency | null): ReadConsistency | null {
    return openConsistency(requested, (token) => this.tokens.open(token));
  }

  /**
   * A checkpoint as `actor` is shown it: sealed for an investor (issue 14), as a checkpoint counts the
   * whole store's events; it still serves as its minPosition.
   */
  private shown(checkpoint: string | null, actor: Actor): string | null {
    return checkpoint !== null && actor.role === 'investor' ? this.tokens.seal(BigInt(checkpoint)) : checkpoint;
  }

  // The first batch is read before the answer starts, so a failure to read is a 500 problem, not a cut file.
  private download<Row extends RoundKey>(
    projection: string,
    actor: Actor,
    response: HttpReply,
    name: string,
    columns: readonly string[],
    read: ReadPage<Row>,
    toCsv: (rows: readonly Row[]) => CsvRow[],
  ): StreamableFile {
    const snapshot = ReportSnapshot.open(this.file, projection);
    try {
      const checkpoint = this.shown(snapshot.checkpoint, actor);
      if (checkpoint !== null) response.header('X-Projection-Checkpoint', checkpoint);
      const first = read(snapshot.sql, null, CSV_BATCH_SIZE);
      // A client that left closes the snapshot while the next batch waits for its turn: that batch is empty.
      const batches = keysetBatches(first, CSV_BATCH_SIZE, (after) => (snapshot.closed ? [] : read(snapshot.sql, after, CSV_BATCH_SIZE)));
      return csvDownload(name, columns, csvRows(batches, toCsv), () => snapshot.close());
    } catch (error) {
      snapshot.close();
      throw error;
    }
  }
}

/**
 * One page on the app's connection, read in the same turn as the checkpoint: `limit` rows after the
 * `after` round's key, and one more to tell whether there is a next page.
 */
function page<Row extends RoundKey>(
  sql: Sql,
  read: ReadPage<Row>,
  keyOf: (sql: Sql, roundId: string) => RoundKey | undefined,
  query: { after: string | null; limit: number },
  request: HttpRequest,
  raw: QueryParams,
): { rows: Row[]; next: string | null } {
  const after = query.after === null ? null : keyOf(sql, query.after);
  if (after === undefined) throw unknownAfter(query.after!);
  const rows = read(sql, after, query.limit + 1);
  if (rows.length <= query.limit) return { rows, next: null };
  const shown = rows.slice(0, query.limit);
  return { rows: shown, next: nextPageUrl(pathOf(request), raw, shown[shown.length - 1].round_id) };
}

async function* csvRows<Row>(batches: AsyncIterable<readonly Row[]>, toCsv: (rows: readonly Row[]) => CsvRow[]): AsyncGenerator<CsvRow> {
  for await (const batch of batches) yield* toCsv(batch);
}

/** A deal-lead's list reports hold only the rounds of its own company's deal team. */
function ownRoundsOnly<Parsed extends { filter: object }>(parsed: Parsed, actor: Actor): Parsed {
  if (actor.role !== 'deal-lead') return parsed;
  return { ...parsed, filter: { ...parsed.filter, dealTeamMember: actor.sub } };
}
