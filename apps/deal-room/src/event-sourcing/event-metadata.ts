import { Actor } from '../kernel';

/** What every event records besides its data: who, in answer to what, when, and for which retry key. */
export interface EventMetadata {
  readonly actor: { readonly sub: string; readonly role: Actor['role']; readonly investorId: string | null };
  readonly correlationId: string;
  readonly causationId: string;
  readonly idempotencyKey: string | null;
  /** SHA-256 of the request a key was first used with; a different request under the same key is refused. */
  readonly requestFingerprint: string | null;
  readonly schemaVersion: number;
  readonly recordedAt: string;
  /** On the last event of a command sent with an idempotency key: the answer to replay on a retry. */
  readonly answer?: CommandAnswer;
  /** The tamper-evident chain: the previous event's hash, and SHA-256 over this event with `prevHash`. */
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * What a command answers its caller, whatever the transport: whether it brought something new into being,
 * and the answer's body. Stored with the events so that a retry gets exactly the first answer.
 */
export interface CommandAnswer {
  readonly created: boolean;
  readonly body: unknown;
}

/** The request-scoped facts a command handler needs to stamp its events. */
export interface CommandEnvelope {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly idempotency: { readonly key: string; readonly fingerprint: string } | null;
  /** From `If-Match`: the revision the caller last saw; a stale one is refused, never retried. */
  readonly expectedRevision: bigint | null;
}

/** The one check that stored metadata has our shape; anything else is read as missing (null). */
export function isEventMetadata(value: unknown): value is EventMetadata {
  return typeof value === 'object' && value !== null && 'actor' in value && 'correlationId' in value && 'recordedAt' in value;
}

/**
 * The stored answer of a command, if it has one. Events written before answers were transport-free hold
 * `reply: {status, body}`, with 201 for a creation; they are read as the answer they stand for.
 */
export function storedAnswerOf(metadata: EventMetadata): CommandAnswer | null {
  if (metadata.answer) return metadata.answer;
  const legacy = (metadata as { reply?: { status?: unknown; body?: unknown } }).reply;
  return legacy ? { created: legacy.status === 201, body: legacy.body } : null;
}
