import { createHash } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { csvOptions } from '../http';
import { AUDIT_ENTRY_FIELDS, AuditEntry } from './audit-entry';
import { ExportedAnchor } from './verification/export-lines';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson',
};

export const exportFileName = (roundId: string, format: ExportFormat): string => `round-${roundId}-history.${format}`;

/**
 * The export as a byte stream, produced entry by entry as the round is read, so memory stays flat
 * however long the history. JSON Lines (docs/audit-export-format.md): one `{"kind":"event", ...entry}`
 * per line, then one `{"kind":"anchor", ...}` per anchored head of the round, each line ending in "\n".
 * CSV: a header row, then one row per entry, nested objects as JSON text in their cell; no anchors.
 */
export function exportStream(entries: AsyncIterable<AuditEntry>, format: ExportFormat, anchors: readonly ExportedAnchor[] = []): Readable {
  if (format === 'jsonl') return Readable.from(jsonLines(entries, anchors));
  // Investor names and reasons are typed by users: csvOptions keeps a spreadsheet from running them as
  // formulas, by the rule every CSV of the product follows.
  const csv = stringify(csvOptions(AUDIT_ENTRY_FIELDS));
  // pipeline() hands a read failure on to `csv`, whose reader then sees it instead of a clean end.
  pipeline(Readable.from(csvRecords(entries)), csv, () => undefined);
  return csv;
}

export interface JsonlManifest {
  readonly roundId: string;
  readonly events: number;
  /** The `hash` of the last exported entry, as recorded. */
  readonly headHash: string | null;
  readonly sha256OfJsonl: string;
}

/** Hashes the very bytes exportStream(…, 'jsonl') produces: one implementation, so they cannot drift. */
export async function jsonlManifest(roundId: string, entries: AsyncIterable<AuditEntry>, anchors: readonly ExportedAnchor[] = []): Promise<JsonlManifest> {
  let events = 0;
  let headHash: string | null = null;
  const sha256 = createHash('sha256');
  const counted = (async function* () {
    for await (const entry of entries) {
      events += 1;
      headHash = entry.hash;
      yield entry;
    }
  })();
  for await (const chunk of exportStream(counted, 'jsonl', anchors)) sha256.update(chunk as Buffer | string);
  return { roundId, events, headHash, sha256OfJsonl: sha256.digest('hex') };
}

async function* jsonLines(entries: AsyncIterable<AuditEntry>, anchors: readonly ExportedAnchor[]): AsyncGenerator<string> {
  for await (const entry of entries) yield `${JSON.stringify({ kind: 'event', ...entry })}\n`;
  for (const anchor of anchors) yield `${JSON.stringify(anchor)}\n`;
}

async function* csvRecords(entries: AsyncIterable<AuditEntry>): AsyncGenerator<Record<string, unknown>> {
  for await (const entry of entries) {
    const record: Record<string, unknown> = {};
    for (const field of AUDIT_ENTRY_FIELDS) {
      const value = entry[field];
      record[field] = typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
    }
    yield record;
  }
}
