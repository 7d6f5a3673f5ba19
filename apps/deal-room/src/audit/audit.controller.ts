import { Controller, Get, Inject, Logger, Param, Query, Req, StreamableFile, UseFilters } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { AccessAction, AccessLog, RecordRefusals } from '../access-log';
import { AnchorService } from '../anchors';
import { CurrentActor, Roles } from '../auth';
import { SIGNING_KEY, SigningKey } from '../evidence';
import { correlationIdOf, HttpRequest, ParseIdPipe, pathOf } from '../http';
import { roundStreamName } from '../rounds/domain';
import { RoundQueries } from '../rounds/get-round/round-queries';
import { historyPage, roundEntries } from './history';
import { EXPORT_CONTENT_TYPES, exportFileName, exportStream, jsonlManifest } from './history-export';
import { nextPageUrl, parseHistoryQuery } from './history-query';
import { verifyRound } from './verify-round';
import { Actor } from '../kernel';

/**
 * The audit trail of a round: its history page by page or exported whole, and the verdict on it.
 * Investors are refused (403, whatever the round): the trail names every investor and amount, and
 * a filtered trail would still show, by its gaps and hashes, how much the others did. A deal-lead reads
 * the trail of its own company's rounds only: another company's round is answered exactly as a round
 * that does not exist. Auditors and admins read every round's.
 * Reads are recorded in the access log (see isRecorded) after the round is found and before any of it is
 * served; a read that cannot be recorded is refused. Refused reads are recorded too (RecordRefusals).
 */
@Controller('rounds/:roundId')
@UseFilters(RecordRefusals)
export class AuditController {
  private readonly logger = new Logger(AuditController.name);

  constructor(
    @Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient,
    private readonly accessLog: AccessLog,
    private readonly anchors: AnchorService,
    @Inject(SIGNING_KEY) private readonly key: SigningKey,
    private readonly rounds: RoundQueries,
  ) {}

  @Get('history')
  @Roles('deal-lead', 'auditor', 'admin')
  async history(@Param('roundId', ParseIdPipe) roundId: string, @Query() query: Record<string, unknown>, @CurrentActor() actor: Actor, @Req() request: HttpRequest) {
    const parsed = parseHistoryQuery(query);
    await this.requireOwnRound(roundId, actor);
    if (parsed.format === 'json') {
      const { entries, nextAfter } = await historyPage(this.client, roundId, parsed.after, parsed.limit);
      await this.record(request, actor, 'history', roundId, query);
      const path = pathOf(request);
      return { events: entries, next: nextAfter === null ? null : nextPageUrl(path, query, nextAfter) };
    }
    const entries = await roundEntries(this.client, roundId);
    const anchors = parsed.format === 'jsonl' ? await this.anchors.index.claimsFor(roundStreamName(roundId)) : [];
    await this.record(request, actor, 'history-export', roundId, query);
    // Auditors ask who took a copy of the books, so every export leaves a line in the log.
    this.logger.log({ roundId, format: parsed.format, actor: { sub: actor.sub, role: actor.role }, correlationId: correlationIdOf(request) }, 'round history exported');
    const disposition = `attachment; filename="${exportFileName(roundId, parsed.format)}"`;
    return new StreamableFile(exportStream(entries, parsed.format, anchors), { type: EXPORT_CONTENT_TYPES[parsed.format], disposition });
  }

  @Get('history/manifest')
  @Roles('deal-lead', 'auditor', 'admin')
  async manifest(@Param('roundId', ParseIdPipe) roundId: string, @CurrentActor() actor: Actor, @Req() request: HttpRequest) {
    await this.requireOwnRound(roundId, actor);
    const entries = await roundEntries(this.client, roundId);
    const anchors = await this.anchors.index.claimsFor(roundStreamName(roundId));
    await this.record(request, actor, 'history-manifest', roundId, {});
    return jsonlManifest(roundId, entries, anchors);
  }

  /** The verdict: a sentence for people first (`verdict`), then the facts, checked against every anchor of the round. */
  @Get('verify')
  @Roles('deal-lead', 'auditor', 'admin')
  async verify(@Param('roundId', ParseIdPipe) roundId: string, @CurrentActor() actor: Actor, @Req() request: HttpRequest) {
    await this.requireOwnRound(roundId, actor);
    const anchors = await this.anchors.index.claimsFor(roundStreamName(roundId));
    const verdict = await verifyRound(this.client, roundId, { anchors, receipts: [], keys: [this.key] });
    await this.record(request, actor, 'verify', roundId, {});
    return verdict;
  }

  /** For a deal-lead, the same 404 ROUND_NOT_FOUND for another company's round as for a missing one. */
  private async requireOwnRound(roundId: string, actor: Actor): Promise<void> {
    if (actor.role === 'deal-lead') await this.rounds.currentState(roundId, actor);
  }

  private record(request: HttpRequest, actor: Actor, action: AccessAction, roundId: string, query: Record<string, unknown>): Promise<void> {
    const correlationId = correlationIdOf(request);
    return this.accessLog.recordIfRequired(request, { actor, action, roundId, query, parameters: ['after', 'limit', 'format'], correlationId });
  }
}
