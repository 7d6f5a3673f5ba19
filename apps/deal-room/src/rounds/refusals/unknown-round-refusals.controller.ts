import { Controller, Get, Query } from '@nestjs/common';
import { Roles } from '../../auth';
import { ApplicationError, FieldProblem } from '../../common/application-error';
import { RefusalLog } from './refusal-log';

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;
const REVISION = /^(0|[1-9][0-9]{0,17})$/;
const LIMIT = /^[1-9][0-9]{0,3}$/;

/**
 * Refused attempts on round ids nobody opened (a probe for ids, a mistyped id, a refused opening), oldest
 * first, for the auditors and admins only: the deal teams have their own rounds' logs, and an attempt on
 * an unknown id is no deal team's business.
 */
@Controller('refusals')
export class UnknownRoundRefusalsController {
  constructor(private readonly refusals: RefusalLog) {}

  @Get('unknown-rounds')
  @Roles('auditor', 'admin')
  async list(@Query() query: Record<string, unknown>) {
    const { after, limit } = parsePage(query);
    const { refusals, more } = await this.refusals.listUnknown(after, limit);
    const next = more ? `/refusals/unknown-rounds?${new URLSearchParams({ limit: String(limit), after: String(refusals[refusals.length - 1].revision) }).toString()}` : null;
    return { refusals, next };
  }
}

/** `?after=&limit=`, as the access log's: every bad parameter named in one 400. */
function parsePage(query: Record<string, unknown>): { after: bigint | null; limit: number } {
  const problems: FieldProblem[] = [];
  for (const field of Object.keys(query)) {
    if (field !== 'after' && field !== 'limit') problems.push({ field, rule: 'unknown-parameter', message: 'is not a parameter of this endpoint' });
  }
  const { after, limit } = query;
  if (after !== undefined && !(typeof after === 'string' && REVISION.test(after))) {
    problems.push({ field: 'after', rule: 'revision', message: 'must be a revision: a whole number from 0' });
  }
  const size = typeof limit === 'string' && LIMIT.test(limit) ? Number(limit) : NaN;
  if (limit !== undefined && !(size >= 1 && size <= MAX_PAGE_SIZE)) {
    problems.push({ field: 'limit', rule: 'range', message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` });
  }
  if (problems.length > 0) throw new ApplicationError('VALIDATION_FAILED', 400, 'The query has invalid parameters.', problems);
  return { after: after === undefined ? null : BigInt(after as string), limit: limit === undefined ? DEFAULT_PAGE_SIZE : size };
}
