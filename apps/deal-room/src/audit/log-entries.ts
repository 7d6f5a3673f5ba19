import { EventStoreDBClient } from '@eventstore/db-client';
import { StoredEvent, storedEvents } from '../event-sourcing/stream-reader';
import { AuditEntry, toAuditEntry } from './audit-entry';

/** The entries of the access log or the anchors stream, each with a line for people. An empty stream is no entries. */
export async function logEntries(client: EventStoreDBClient, stream: string): Promise<AsyncIterable<AuditEntry>> {
  return (async function* () {
    for await (const stored of storedEvents(client, stream)) yield toAuditEntry(stream, stored, logSummary(stored));
  })();
}

export function logSummary({ type, data }: Pick<StoredEvent, 'type' | 'data'>): string {
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (type === 'deal-room.AccessRecorded.v1') {
    const actor = (record.actor ?? {}) as { sub?: unknown; role?: unknown };
    const refused = record.refused as { status?: unknown } | undefined;
    const what = `${String(record.action)}${record.roundId ? ` of round ${String(record.roundId)}` : ''}`;
    return `${String(actor.sub)} (${String(actor.role)}) ${refused ? `was refused ${what} (${String(refused.status)})` : `read ${what}`}`;
  }
  if (type === 'deal-room.AnchorRecorded.v1') {
    const leaves = Array.isArray(record.leaves) ? record.leaves.length : 0;
    return `Anchored the heads of ${leaves} stream${leaves === 1 ? '' : 's'}`;
  }
  return `${type} (not described here)`;
}
