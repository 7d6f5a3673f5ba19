
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
  readonly reply?: StoredReply;
  /** The tamper-evident chain: the previous event's hash, and SHA-256 over this event with `prevHash`. */
  readonly prevHash: string;
  readonly hash: string;
}

export interface StoredReply {
  readonly status: number;
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
