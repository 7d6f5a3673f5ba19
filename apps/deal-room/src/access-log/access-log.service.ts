import { Inject, Injectable } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { ApplicationError } from '../common/application-error';
import type { HttpRequest } from '../http';
import { readSlice } from '../event-sourcing/stream-reader';
import { ChainedLog } from '../evidence';
import { ACCESS_LOG_STREAM, ACCESS_RECORDED, AccessRecord, accessRecordOf, AccessRequest, isRecorded } from './access-record';

export interface ListedAccess extends AccessRecord {
  /** The record's revision in the access-log stream: what `after` pages by. */
  readonly revision: number;
}

/** Appends one record to the access log, chained like a round's events (the offline tool uses it too). */
export function appendAccessRecord(log: ChainedLog, record: AccessRecord): Promise<unknown> {
  const metadata = { actor: record.actor, correlationId: record.correlationId, recordedAt: record.accessedAt };
  return log.append(ACCESS_RECORDED, { ...record }, metadata);
}

/**
 * The log of who read the books. A read is recorded before its data is served, and refused (503) when
 * it cannot be recorded: an access that happened but is not in the log would be worse than none served.
 * Its records are chained (prevHash, hash) exactly like a round's events, and verified by the same tool.
 */
@Injectable()
export class AccessLog {
  private readonly log: ChainedLog;

  constructor(@Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient) {
    this.log = new ChainedLog(client, ACCESS_LOG_STREAM);
  }

  /** Records the access if policy says so (isRecorded); throws 503 ACCESS_LOG_UNAVAILABLE when it cannot. */
  async recordIfRequired(request: HttpRequest, access: AccessRequest): Promise<void> {
    if (!isRecorded(access.action, access.actor.role)) return;
    try {
      await appendAccessRecord(this.log, accessRecordOf(request, access, new Date()));
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

  /** Records a refused read. Best effort: the refusal is answered whether or not it could be written. */
  async recordRefusal(request: HttpRequest, access: AccessRequest, refused: { status: number; code: string }): Promise<void> {
    await appendAccessRecord(this.log, { ...accessRecordOf(request, access, new Date()), refused }).catch(() => undefined);
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
