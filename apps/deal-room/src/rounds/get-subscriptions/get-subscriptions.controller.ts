import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { CurrentActor, Roles } from '../../auth';
import { csvOptions, HttpReply, ParseIdPipe } from '../../http';
import { formatOf } from '../http/format-query';
import { Actor } from '../../kernel';
import { subscriptionBook, SubscriptionBook } from '../domain';
import { RoundQueries } from '../get-round/round-queries';

const COLUMNS = [
  'investorId', 'investorName', 'status', 'subscription', 'committed', 'subscribed', 'paidIn', 'outstanding',
  'documentReference', 'signedAt', 'acceptedAt', 'lastValueDate', 'lateToSign', 'lateToFund',
] as const;

/**
 * Each investor's way from commitment to paid-in capital, and what is late against the round's deadlines,
 * as of now. The deal team, auditors and admins see every investor and the totals; an investor sees its
 * own row only (totals would be the book). `?format=csv` for a spreadsheet.
 */
@Controller('rounds')
export class GetSubscriptionsController {
  constructor(private readonly queries: RoundQueries) {}

  @Get(':roundId/subscriptions')
  @Roles('deal-lead', 'auditor', 'admin', 'investor')
  async list(@Param('roundId', ParseIdPipe) roundId: string, @Query() query: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: HttpReply) {
    const format = formatOf(query);
    const { state } = await this.queries.currentState(roundId, actor);
    const book = subscriptionBook(state, new Date().toISOString())!;
    const seen = actor.role === 'investor' ? ownRowOnly(book, actor.investorId) : book;
    if (format === 'json') return seen;
    response.header('Content-Type', 'text/csv; charset=utf-8');
    response.header('Content-Disposition', `attachment; filename="subscriptions-${roundId}.csv"`);
    const rows = seen.subscriptions.map((row) => ({ ...row, lateToSign: String(row.lateToSign), lateToFund: String(row.lateToFund) }));
    return stringify(rows, csvOptions(COLUMNS));
  }
}

function ownRowOnly(book: SubscriptionBook, investorId: string | undefined) {
  const subscriptions = book.subscriptions.filter((row) => row.investorId === investorId);
  const { totals: _totals, late: _late, ...facts } = book;
  return { ...facts, subscriptions };
}
