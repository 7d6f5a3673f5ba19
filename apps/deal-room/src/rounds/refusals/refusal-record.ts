import { FieldIssue, Role } from '../../kernel';

// Refused attempts, kept for auditors apart from the round's own events: a round's stream holds what
// happened in the deal, and a refusal did not happen in it. They sit in `refusals-<roundId>`, outside the
// `round-` category the projections follow, and only the deal team, auditors and admins read them.
export const refusalStreamName = (roundId: string): string => `refusals-${roundId}`;
export const COMMAND_REFUSED = 'deal-room.CommandRefused.v1';

export interface RefusalRecord {
  readonly roundId: string;
  /** Who tried. */
  readonly by: { readonly sub: string; readonly role: Role; readonly investorId: string | null };
  /** What: the use case, and the request line (without its query string). */
  readonly command: string;
  readonly request: string;
  /** Which rule: the stable code, the status it was answered with, the message and the fields. */
  readonly code: string;
  readonly status: number;
  readonly detail: string;
  readonly errors: readonly FieldIssue[];
  readonly correlationId: string;
  readonly refusedAt: string;
}
