import { Actor, RecordedBy, recordedBy } from '../../kernel';

// A command carries what the caller sent: amounts as decimal strings, enumerations as plain strings. Its
// type documents the expected shape; decide still validates every field, because a command is input
// from outside and the domain is the last line that knows the rules.
export type Command<Type extends string, Data> = { readonly type: Type; readonly data: Data };

/** Outside facts decide needs; passing them in keeps decide pure and replayable. */
export interface DecisionContext {
  readonly now: Date | string;
  readonly actor: Actor;
  /** The hash at the head of the round's tamper-evident chain before this command; sealed into RoundClosed. */
  readonly headHash?: string | null;
}

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
