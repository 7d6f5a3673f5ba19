import { DecisionContext } from './commands';
import { Actor, RecordedBy, recordedBy } from '../../kernel';

/** The context as handlers use it: time already normalised to an ISO-8601 UTC string. */
export interface Decision {
  readonly actor: Actor;
  readonly by: RecordedBy;
  readonly at: string;
  readonly headHash: string | null;
}

export function toDecision({ now, actor, headHash = null }: DecisionContext): Decision {
  const instant = typeof now === 'string' ? new Date(now) : now;
  // A bad clock value is a bug in the shell, not a user mistake, so it is not a DomainError.
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new TypeError(`context.now is not a valid instant: ${String(now)}`);
  }
  return { actor, by: recordedBy(actor), at: instant.toISOString(), headHash };
}

export const stamp = (roundId: string, decision: Decision) => ({ roundId, by: decision.by, at: decision.at });
