export const ROLES = ['deal-lead', 'investor', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who sends a command, as authenticated by the shell. `investorId` binds an investor user to its firm. */
export interface Actor {
  readonly sub: string;
  readonly role: Role;
  readonly investorId?: string;
}

/** What every event records about who caused it. */
export interface RecordedBy {
  readonly sub: string;
  readonly role: Role;
}

/**
 * The two sides of a negotiation. Any deal-lead speaks for the company; an investor speaks only for
 * its own firm. `sub` records the person, but sides, not persons, decide who may answer.
 */
export type Party =
  | { readonly side: 'company'; readonly sub: string }
  | { readonly side: 'investor'; readonly investorId: string; readonly sub: string };

export const sameSide = (a: Party, b: Party): boolean =>
  a.side === 'company' ? b.side === 'company' : b.side === 'investor' && a.investorId === b.investorId;

export const recordedBy = ({ sub, role }: Actor): RecordedBy => ({ sub, role });
