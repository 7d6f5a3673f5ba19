import { EventStoreDBClient } from '@eventstore/db-client';
import { roundStreamName } from '../rounds/domain';
import { AuditEntry, toAuditEntry } from './audit-entry';
import { isWithin, PointInTime, roundNotFound } from '../rounds/time-travel';
import { ReadOptions, StoredEvent, storedEvents } from '../event-sourcing/stream-reader';
import { createSummarizer } from './summaries';

/** Entries for stored events fed oldest first from revision 0: summaries name parties from earlier events. */
export async function* auditEntries(stream: string, events: AsyncIterable<StoredEvent>, through: PointInTime | null = null): AsyncGenerator<AuditEntry> {
  const summarize = createSummarizer();
  for await (const stored of events) {
    if (!isWithin(stored, through)) return;
    yield toAuditEntry(stream, stored, summarize(stored.type, stored.data));
  }
}

/**
 * The round's whole trail as a stream of entries. The first batch is read before this resolves, so an
 * unknown round is refused (404) before an export has sent its first header.
 */
export async function roundEntries(
  client: EventStoreDBClient,
  roundId: string,
  options: { through?: PointInTime | null; read?: ReadOptions } = {},
): Promise<AsyncIterable<AuditEntry>> {
  const stream = roundStreamName(roundId);
  const entries = auditEntries(stream, storedEvents(client, stream, options.read), options.through ?? null);
  const first = await entries.next();
  if (first.done) throw roundNotFound(roundId, options.through ?? null);
  return (async function* () {
    yield first.value;
    yield* entries;
  })();
}

export interface HistoryPage {
  readonly entries: readonly AuditEntry[];
  /** The revision to continue after, or null on the last page. */
  readonly nextAfter: number | null;
}

/**
 * One page of entries with revision > `after`. The stream is still read from its start, since a summary
 * names investors admitted long before the page; rounds are hundreds of events, not millions.
 */
export async function historyPage(client: EventStoreDBClient, roundId: string, after: bigint | null, limit: number): Promise<HistoryPage> {
  const entries: AuditEntry[] = [];
  let more = false;
  for await (const entry of await roundEntries(client, roundId)) {
    if (after !== null && entry.revision <= Number(after)) continue;
    if (entries.length === limit) {
      more = true;
      break;
    }
    entries.push(entry);
  }
  return { entries, nextAfter: more ? entries[entries.length - 1].revision : null };
}
