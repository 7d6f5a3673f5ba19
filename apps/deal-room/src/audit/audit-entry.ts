import { StoredEvent } from '../event-sourcing/stream-reader';

/**
 * One line of a round's audit trail: the event as stored (wire type, data with amounts as decimal
 * strings), who caused it and in answer to what, its place in the hash chain, and a sentence for people.
 * The key order is the column order of the CSV export.
 */
export interface AuditEntry {
  readonly revision: number;
  readonly position: number | null;
  readonly recordedAt: string | null;
  readonly type: string;
  readonly summary: string;
  readonly actor: { readonly sub: string | null; readonly role: string | null; readonly investorId: string | null };
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly data: unknown;
  readonly prevHash: string | null;
  readonly hash: string | null;
  readonly stream: string;
  /** The stored metadata exactly as read: with type and data, everything `hash` is computed over. */
  readonly metadata: unknown;
}

export const AUDIT_ENTRY_FIELDS = [
  'revision',
  'position',
  'recordedAt',
  'type',
  'summary',
  'actor',
  'correlationId',
  'causationId',
  'data',
  'prevHash',
  'hash',
  'stream',
  'metadata',
] as const satisfies readonly (keyof AuditEntry)[];

/**
 * Metadata is read defensively: an audit tool must still show an event whose metadata is missing or was
 * tampered with (a null here is itself a finding), rather than refuse to list it.
 */
export function toAuditEntry(stream: string, stored: StoredEvent, summary: string): AuditEntry {
  // Numbers, like every revision the API answers; exact up to 2^53, far beyond any stream or log.
  const metadata = asRecord(stored.metadata);
  const actor = asRecord(metadata.actor);
  return {
    revision: Number(stored.revision),
    position: stored.position === null ? null : Number(stored.position),
    recordedAt: text(metadata.recordedAt),
    type: stored.type,
    summary,
    actor: { sub: text(actor.sub), role: text(actor.role), investorId: text(actor.investorId) },
    correlationId: text(metadata.correlationId),
    causationId: text(metadata.causationId),
    data: stored.data,
    prevHash: text(metadata.prevHash),
    hash: text(metadata.hash),
    stream,
    metadata: stored.metadata ?? null,
  };
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
