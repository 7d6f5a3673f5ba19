import { Inject, Injectable } from '@nestjs/common';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { Request } from 'express';
import { ApplicationError } from '../common/application-error';
import { readSlice } from '../event-sourcing/stream-reader';
import { ACCESS_LOG_STREAM, ACCESS_RECORDED, AccessRecord, accessRecordOf, AccessRequest, isRecorded } from './access-record';

export interface ListedAccess extends AccessRecord {
  /** The record's revision in the access-log stream: what `after` pages by. */
  readonly revision: number;
}

/**
 * The log of who read the books. A read is recorded before its data is served, and refused (503) when
 * it cannot be recorded: an access that happened but is not in the log would be worse than none served.
 */
@Injectable()
export class AccessLog {
  constructor(@Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient) {}

  /** Records the access if policy says so (isRecorded); throws 503 ACCESS_LOG_UNAVAILABLE when it cannot. */
  async recordIfRequired(request: Request, access: AccessRequest): Promise<void> {
    if (!isRecorded(access.action, access.actor.role)) return;
    const record = accessRecordOf(request, access, new Date());
    const metadata = { actor: record.actor, correlationId: record.correlationId, recordedAt: record.accessedAt };
    try {
      await this.client.appendToStream(ACCESS_LOG_STREAM, jsonEvent({ type: ACCESS_RECORDED, data: { ...record }, metadata }));
    } catch {
      throw new ApplicationError(
        'ACCESS_LOG_UNAVAILABLE',
        503,
        'This read could not be recorded in the access log, so nothing was served. Retry shortly.',
        [],
        { 'Retry-After': '1' },
      );
    }
  }

  /** Up to `limit` records after revision `after`, oldest first, and whether more follow. */
  async list(after: bigint | null, limit: number): Promise<{ records: ListedAccess[]; more: boolean }> {
    const fromRevision = after === null ? 0n : after + 1n;
    const slice = await readSlice(this.client, ACCESS_LOG_STREAM, { fromRevision, maxCount: limit + 1 });
    const records: ListedAccess[] = slice.map((event) => ({ revision: Number(event.revision), ...(event.data as AccessRecord) }));
    const more = records.length > limit;
    return { records: records.slice(0, limit), more };
  }
}
