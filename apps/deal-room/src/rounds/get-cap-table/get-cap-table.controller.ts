import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { CurrentActor, Roles } from '../../auth';
import { ApplicationError } from '../../common/application-error';
import { csvOptions, HttpReply, ParseIdPipe } from '../../http';
import { formatOf } from '../http/format-query';
import { Actor, Currency, parseAmount } from '../../kernel';
import { CapTable, capTableOf, registeredCapitalOf } from '../domain';
import { RoundQueries } from '../get-round/round-queries';

const COLUMNS = ['holderId', 'name', 'kind', 'sharesBefore', 'fractionBefore', 'sharesAfter', 'fractionAfter', 'invested', 'closing'] as const;
const PRC_COLUMNS = [...COLUMNS, 'registeredCapitalBefore', 'registeredCapitalAfter', 'capitalReserve'] as const;
const PRESENTATIONS = ['shares', 'registered-capital'] as const;

/**
 * The pro forma cap table: as issued once closed, else the book as a close now would allocate it. The deal
 * team, auditors and admins see it whole at any time. An investor sees it once the round is closed, as its
 * closing documents show it: the holders before, the price, the post-money capitalisation and its own new
 * shares; never another new investor's. `?format=csv` for a spreadsheet. `?presentation=registered-capital`
 * (with `parValue`, 1 unit of the currency by default) adds registered capital and capital reserve, as a PRC
 * company limited by shares or LLC keeps them (see registeredCapitalOf).
 */
@Controller('rounds')
export class GetCapTableController {
  constructor(private readonly queries: RoundQueries) {}

  @Get(':roundId/cap-table')
  @Roles('deal-lead', 'auditor', 'admin', 'investor')
  async get(@Param('roundId', ParseIdPipe) roundId: string, @Query() query: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: HttpReply) {
    const { presentation, parValue, rest } = presentationOf(query);
    const format = formatOf(rest);
    const { state } = await this.queries.currentState(roundId, actor);
    const table = capTableOf(state);
    if (!table) throw new ApplicationError('CAP_TABLE_NOT_SET', 404, `Round ${roundId} has no cap table yet.`);
    const seen = actor.role === 'investor' ? asInvestorSees(table, state.status, actor.investorId) : table;
    const shown = presentation === 'registered-capital' ? registeredCapitalOf(seen, readParValue(parValue, seen.currency)) : seen;
    if (format === 'json') return shown;
    response.header('Content-Type', 'text/csv; charset=utf-8');
    response.header('Content-Disposition', `attachment; filename="cap-table-${roundId}.csv"`);
    const rows = (shown.rows as readonly CapTable['rows'][number][]).map((row) => ({ ...row, closing: row.closing === null ? null : String(row.closing) }));
    return stringify(rows, csvOptions(presentation === 'registered-capital' ? PRC_COLUMNS : COLUMNS));
  }
}

function asInvestorSees(table: CapTable, status: string, investorId: string | undefined): CapTable {
  if (status !== 'closed') throw new ApplicationError('FORBIDDEN', 403, 'An investor sees the cap table once the round is closed, as its closing documents show it.');
  return { ...table, rows: table.rows.filter((row) => row.kind !== 'new-investor' || row.holderId === investorId) };
}

/** `presentation` and `parValue` taken out of the query; the rest is the format's (which refuses unknowns). */
function presentationOf(query: Record<string, unknown>) {
  const { presentation = 'shares', parValue, ...rest } = query;
  const errors = [];
  if (!PRESENTATIONS.includes(presentation as (typeof PRESENTATIONS)[number])) errors.push({ field: 'presentation', rule: 'one-of', message: `must be one of: ${PRESENTATIONS.join(', ')}` });
  if (parValue !== undefined && presentation !== 'registered-capital') errors.push({ field: 'parValue', rule: 'registered-capital-only', message: 'is only read with presentation=registered-capital' });
  if (errors.length > 0) throw new ApplicationError('VALIDATION_FAILED', 400, `Invalid query: ${errors.map((e) => e.field).join(', ')}`, errors);
  return { presentation: presentation as (typeof PRESENTATIONS)[number], parValue, rest };
}

/** The par value of a share (or of a unit of an LLC's registered capital); one unit of the currency by default. */
function readParValue(value: unknown, currency: Currency): bigint {
  const parsed = parseAmount(value ?? '1', currency);
  if (!parsed.ok) throw new ApplicationError('VALIDATION_FAILED', 400, 'Invalid query: parValue', [{ field: 'parValue', rule: parsed.rule, message: parsed.message }]);
  return parsed.money.amount;
}
