import { Controller, Get, Inject, Req, StreamableFile, UseFilters } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { ACCESS_LOG_STREAM, AccessAction, AccessLog, RecordRefusals } from '../access-log';
import { ANCHOR_STREAM } from '../anchors';
import { ApplicationError } from '../common/application-error';
import { CurrentActor, Roles } from '../auth';
import { SIGNING_KEY, SigningKey } from '../evidence';
import { correlationIdOf, HttpRequest } from '../http';
import { Actor } from '../kernel';
import { EXPORT_CONTENT_TYPES, exportStream } from './history-export';
import { logEntries } from './log-entries';
import { verifyStoredStream } from './verify-round';

/**
 * The access log and the anchors are chained like rounds, exported in the same format and verified by
 * the same tool: an auditor takes them away with the rounds.
 */
@Controller()
@UseFilters(RecordRefusals)
export class LogStreamsController {
  constructor(
    @Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient,
    private readonly accessLog: AccessLog,
    @Inject(SIGNING_KEY) private readonly key: SigningKey,
  ) {}

  @Get('access-log/export')
  @Roles('auditor')
  exportAccessLog(@CurrentActor() actor: Actor, @Req() request: HttpRequest) {
    return this.export(ACCESS_LOG_STREAM, 'access-log-export', actor, request);
  }

  @Get('access-log/verify')
  @Roles('auditor', 'admin')
  verifyAccessLog(@CurrentActor() actor: Actor, @Req() request: HttpRequest) {
    return this.verify(ACCESS_LOG_STREAM, actor, request);
  }

  @Get('anchors/export')
  @Roles('auditor', 'admin')
  exportAnchors(@CurrentActor() actor: Actor, @Req() request: HttpRequest) {
    return this.export(ANCHOR_STREAM, 'anchors-export', actor, request);
  }

  @Get('anchors/verify')
  @Roles('auditor', 'admin')
  verifyAnchors(@CurrentActor() actor: Actor, @Req() request: HttpRequest) {
    return this.verify(ANCHOR_STREAM, actor, request);
  }

  private async export(stream: string, action: AccessAction, actor: Actor, request: HttpRequest) {
    // Recorded first: an export of the access log then holds its own record, and the chain its own head.
    await this.record(request, actor, action);
    const entries = await logEntries(this.client, stream);
    return new StreamableFile(exportStream(entries, 'jsonl'), { type: EXPORT_CONTENT_TYPES.jsonl, disposition: `attachment; filename="${stream}.jsonl"` });
  }

  private async verify(stream: string, actor: Actor, request: HttpRequest) {
    await this.record(request, actor, 'verify');
    const verdict = await verifyStoredStream(this.client, stream, { anchors: [], receipts: [], keys: [this.key] });
    if (verdict === null) throw new ApplicationError('STREAM_NOT_FOUND', 404, `Nothing has been recorded in ${stream} yet.`);
    return verdict;
  }

  private record(request: HttpRequest, actor: Actor, action: AccessAction): Promise<void> {
    return this.accessLog.recordIfRequired(request, { actor, action, roundId: null, query: {}, parameters: [], correlationId: correlationIdOf(request) });
  }
}
