import { CodedError } from '../kernel';

// Every refusal of the write path itself (not of a feature's rules). The HTTP edge maps each to a status.
export const WRITE_ERROR_CODES = ['REVISION_MISMATCH', 'CONCURRENCY_CONFLICT', 'IDEMPOTENCY_KEY_REUSED', 'EVENT_STORE_UNAVAILABLE'] as const;
export type WriteErrorCode = (typeof WRITE_ERROR_CODES)[number];

export class WriteError extends CodedError<WriteErrorCode> {}

export const keyReused = () =>
  new WriteError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request. Use a new key for a new request.');

export function staleRevision(current: bigint | null): WriteError {
  const now = current === null ? '' : ` It is now at revision ${current}.`;
  return new WriteError('REVISION_MISMATCH', `The round has changed since the revision given in If-Match.${now} Read it again and retry.`);
}

export const storeUnavailable = () => new WriteError('EVENT_STORE_UNAVAILABLE', 'The event store is not reachable right now. Retry shortly.');

// gRPC status codes meaning the call never got an answer: CANCELLED, DEADLINE_EXCEEDED, UNAVAILABLE.
const UNREACHABLE_GRPC_CODES = new Set([1, 4, 14]);

/**
 * The client's errors for a store it cannot reach: the server's problem, and worth a retry. The client
 * wraps most of them in its own classes, but not all: an append that first asks for the server's features
 * fails with grpc-js's own error, which carries the status code.
 */
export function isStoreUnreachable(error: unknown): boolean {
  const name = (error as { constructor?: { name?: string } } | null)?.constructor?.name ?? '';
  if (/^(Unavailable|DeadlineExceeded|NotLeader|Cancelled|Timeout)Error$/.test(name)) return true;
  const { code, details } = (error ?? {}) as { code?: unknown; details?: unknown };
  // A call the client itself cancelled (closed under it at shutdown) comes as UnknownError with CANCELLED's code.
  return typeof code === 'number' && (typeof details === 'string' || name === 'UnknownError') && UNREACHABLE_GRPC_CODES.has(code);
}

/** A failure to reach the store is EVENT_STORE_UNAVAILABLE; anything else stays what it was. */
export const asStoreFailure = (error: unknown): unknown => (isStoreUnreachable(error) ? storeUnavailable() : error);

export async function unavailableOnFailure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asStoreFailure(error);
  }
}
