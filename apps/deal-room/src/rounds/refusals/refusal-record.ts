import { FieldIssue, Role } from '../../kernel';

// Refused attempts, kept for auditors apart from the round's own events: a round's stream holds what
// happened in the deal, and a refusal did not happen in it. They sit in `refusals-<roundId>`, outside the
// `round-` category the projections follow, and only the deal team, auditors and admins read them.
export const refusalStreamName = (roundId: string): string => `refusals-${roundId}`;
/**
 * Refused attempts on round ids nobody opened, all in one stream: a probe for ids leaves a trace for the
 * auditors without creating a stream per id, and a round opened later under a probed id does not inherit
 * a stranger's attempts. No round id starts with "_", so no round's refusal log can be this one.
 */
export const UNKNOWN_ROUND_REFUSALS_STREAM = 'refusals-_unknown-rounds';
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
